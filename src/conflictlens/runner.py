"""analyze(): inputs -> clean -> pipeline -> store, with skipping of unchanged documents."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .clean import clean_document
from .config import Settings, load_settings
from .errors import IngestError
from .ingest import IngestFailure, read_inputs
from .pipeline import Pipeline
from .records import Document, DocResult
from .registry import load_all
from .store import Store

LOGGER = logging.getLogger(__name__)


@dataclass
class AnalyzeReport:
    """What one ``analyze`` run did. ``exit_code``: 0 all read, 3 some rejected, 1 none read."""

    inputs_read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    non_english: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        if not self.failures:
            return 0
        return 3 if self.inputs_read else 1


ProgressFn = Callable[[str, int], None]  # (event, n): "read", "stored", "skipped", "failed"


def _documents(items: Iterable, report: AnalyzeReport, max_chars: int,
               progress: ProgressFn | None) -> Iterator[Document]:
    for item in items:
        if isinstance(item, IngestFailure):
            report.failures.append(item)
            if progress:
                progress("failed", 1)
            continue
        try:
            doc = clean_document(item, max_chars=max_chars)
        except IngestError as exc:
            msg = str(exc)
            report.failures.append(IngestFailure(item.path, msg[1:5], msg))
            if progress:
                progress("failed", 1)
            continue
        report.inputs_read += 1
        yield doc


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for d in docs:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def analyze(
    paths: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    *,
    force: bool = False,
    text_column: str | None = None,
    progress: ProgressFn | None = None,
    pipeline: Pipeline | None = None,
    results: Callable[[Iterable[list[Document]], Pipeline], Iterator[DocResult]] | None = None,
) -> AnalyzeReport:
    """Analyse every input into ``store``; documents already stored by the same pipeline
    version are skipped unless ``force``. Returns an AnalyzeReport (failures included).

    ``results`` maps batches of documents to DocResults; the default runs the pipeline in
    this process (``scale/`` supplies process-pool and Dask versions).
    """
    settings = settings or load_settings()
    t0 = time.perf_counter()
    report = AnalyzeReport()
    pipe = pipeline or Pipeline(settings)
    version = pipe.version
    stored_versions = store.doc_versions()
    seen: set[str] = set()

    def todo(docs: Iterable[Document]) -> Iterator[Document]:
        for d in docs:
            if d.doc_id in seen:
                report.duplicates += 1
                if progress:
                    progress("skipped", 1)
                continue
            seen.add(d.doc_id)
            if not force and stored_versions.get(d.doc_id) == version:
                report.unchanged += 1
                if progress:
                    progress("skipped", 1)
                continue
            yield d

    items = read_inputs(paths, settings, text_column=text_column)
    docs = todo(_documents(items, report, settings["nlp"]["max_chars"], progress))
    batches = _batches(docs, settings["analysis"]["write_batch"])
    produce = results or (lambda bs, p: (r for b in bs for r in p.process(b)))
    pending: list[DocResult] = []
    for result in produce(batches, pipe):
        if result.error:
            report.failures.append(IngestFailure(result.document.path, result.error[1:5], result.error))
            if progress:
                progress("failed", 1)
            continue
        if result.document.language != "en":
            report.non_english += 1
        pending.append(result)
        if len(pending) >= settings["analysis"]["write_batch"]:
            store.write_results(pending, version)
            report.stored += len(pending)
            if progress:
                progress("stored", len(pending))
            pending = []
    if pending:
        store.write_results(pending, version)
        report.stored += len(pending)
        if progress:
            progress("stored", len(pending))
    for f in report.failures:
        store.log_ingest_error(f.path, f.code, f.message)
    if report.stored or force:
        run_corpus_stages(store, settings)
    report.seconds = time.perf_counter() - t0
    report.counts = store.counts()
    return report


def run_corpus_stages(store: Store, settings: Settings) -> None:
    """Stages over the whole store (claim clustering, actor discovery, story events...)."""
    for info in load_all().ordered_corpus_stages():
        LOGGER.info("corpus stage %s", info.name)
        info.run(store, settings)

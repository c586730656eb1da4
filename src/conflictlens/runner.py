"""analyze(): inputs -> clean -> pipeline -> store, with skipping of unchanged documents."""
from __future__ import annotations

import csv
import itertools
import logging
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import duckdb
import pyarrow as pa

from .clean import clean_document
from .config import Settings, load_settings
from .errors import Errors, IngestError, StoreError
from .ingest import IngestFailure, read_inputs
from .ingest.readers import iter_files, read_file
from .pipeline import DocTimeout, Pipeline, time_limit
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
    workers: int = 1  # worker processes used for the per-document stages (1 = in-process)
    # stage -> "stored version(s) -> current version" for stages whose version changed
    # since documents were stored: those documents are re-analysed in this run.
    stale_stages: dict[str, str] = field(default_factory=dict)
    # Corpus stages that failed (out of memory), one message each (E151).
    corpus_errors: list[str] = field(default_factory=list)
    # The corpus stages are due but were left to a fresh process (``analyze(defer_corpus=True)``
    # on a large store): the caller runs ``finish_corpus_stages`` there.
    corpus_deferred: bool = False

    @property
    def exit_code(self) -> int:
        if not self.failures and not self.corpus_errors:
            return 0
        return 3 if self.inputs_read else 1


ProgressFn = Callable[[str, int], None]  # (event, n): "read", "stored", "skipped", "failed"


def _no_progress(event: str, n: int) -> None:
    """The default progress callback: report nothing."""


def _documents(items: Iterable, report: AnalyzeReport, max_chars: int,
               progress: ProgressFn | None = None, timeout: float = 0) -> Iterator[Document]:
    progress = progress or _no_progress

    def fail(failure: IngestFailure) -> None:
        report.failures.append(failure)
        progress("failed", 1)

    for item in items:
        if isinstance(item, IngestFailure):
            fail(item)
            continue
        try:
            with time_limit(timeout):
                doc = clean_document(item, max_chars=max_chars)
        except DocTimeout:
            fail(IngestFailure(item.path, "E127", Errors.E127.format(path=item.path, seconds=int(timeout))))
            continue
        except IngestError as exc:
            msg = str(exc)
            fail(IngestFailure(item.path, msg[1:5], msg))
            continue
        except (ValueError, UnicodeError, RecursionError) as exc:
            # Hostile text the cleaners choke on (lone surrogates, absurd nesting): one
            # coded failure for this input, the run goes on.
            msg = Errors.E114.format(path=item.path, reason=f"{type(exc).__name__}: {exc}"[:200])
            fail(IngestFailure(item.path, "E114", msg))
            continue
        report.inputs_read += 1
        yield doc


# Exceptions the store may raise on one hostile document (text the database or Arrow
# cannot encode): that document is reported (E128), the rest of its batch stored.
STORE_ERRORS = (duckdb.Error, pa.ArrowException, UnicodeError, ValueError)

# Exceptions a hostile input can raise inside the readers (deeply nested JSON/HTML, lone
# surrogates, absurd CSV fields, memory): reported per input, never ending the run.
HOSTILE_ERRORS = (RecursionError, ValueError, UnicodeError, MemoryError, OverflowError, csv.Error, LookupError)


def _safe_items(paths: Iterable[str], settings: Settings, text_column: str | None,
                timeout: float) -> Iterator:
    """``read_inputs`` per input, each record read under the time limit; a reader that
    fails or stalls on one input yields one coded failure for it and the run goes on."""
    for entry in iter_files(paths):
        if isinstance(entry, IngestFailure) or entry == "-":
            yield from (read_inputs(["-"], settings, text_column) if entry == "-" else [entry])
            continue
        name = str(entry)
        records = read_file(entry, settings, text_column)
        while True:
            try:
                with time_limit(timeout):
                    item = next(records, None)
            except DocTimeout:
                yield IngestFailure(name, "E127", Errors.E127.format(path=name, seconds=int(timeout)))
                break
            except HOSTILE_ERRORS as exc:
                reason = f"{type(exc).__name__}: {exc}"[:200]
                yield IngestFailure(name, "E126", Errors.E126.format(path=name, reason=reason))
                break
            if item is None:
                break
            yield item


def _printable(text: str) -> str:
    """Text any database accepts: undecodable file-name bytes and lone surrogates escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for d in docs:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _peek(items: Iterable, n: int) -> tuple[list, Iterator, bool]:
    """The first ``n`` items, the whole stream again, and whether it has more than ``n``."""
    it = iter(items)
    head = list(itertools.islice(it, n + 1))
    return head, itertools.chain(head, it), len(head) > n


# The writer hands freed memory back to the OS (glibc malloc_trim) every this many commits.
# glibc keeps freed blocks in per-thread arenas for reuse; the results of every batch are
# unpickled, written and freed here, partly on the pool's result thread, so freed memory
# can pile up in arenas the main thread never reuses. A trim costs a few ms; every 16
# commits (1,024 documents at write_batch 64) is negligible. bench/scale.py rss shows the
# writer's growth per document.
TRIM_EVERY_COMMITS = 16


def _release_free_memory() -> None:
    """Return freed heap memory of every malloc arena to the OS (glibc only; else nothing)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


# Meta key set while documents are being written and cleared after the corpus stages ran:
# a run killed in between re-runs the corpus stages next time even with nothing new to store.
CORPUS_PENDING_KEY = "corpus_stages_pending"
# Meta key: "name=version;..." of the corpus stages that last ran over the whole store.
CORPUS_VERSIONS_KEY = "corpus_stage_versions"


def corpus_stage_versions() -> str:
    """The registered corpus stages and their versions, "name=version;..." in run order."""
    return ";".join(f"{info.name}={info.version}" for info in load_all().ordered_corpus_stages())


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
    workers: int | None = None,
    defer_corpus: bool = False,
) -> AnalyzeReport:
    """Analyse every input into ``store``; documents already stored by the same pipeline
    version are skipped unless ``force``. Returns an AnalyzeReport (failures included).

    ``results`` maps batches of documents to DocResults (``scale.DaskRunner`` runs them on a
    Dask cluster). Otherwise ``workers`` (default ``analysis.workers``; 0 = all cores) worker
    processes run them; with the default, inputs under ``scale.PARALLEL_MIN_DOCS`` documents
    run in this process. This process is the only writer: each batch of documents is
    committed with all its records in one transaction, so a killed run loses at most the
    batch in flight, and re-running the same command finishes the rest.

    ``defer_corpus``: when the store holds at least ``analysis.corpus_fresh_process_min_docs``
    documents, the corpus stages are not run here but left pending (``report.corpus_deferred``)
    for the caller to run in a fresh process (the CLI re-executes itself: cli/corpus_phase.py).
    """
    from . import scale

    settings = settings or load_settings()
    progress = progress or _no_progress
    t0 = time.perf_counter()
    report = AnalyzeReport()
    pipe = pipeline or Pipeline(settings)
    version = pipe.version
    store.configure(settings["store"])  # DuckDB memory limit and threads of this connection
    writer_limit = settings["store"].get("writer_memory_limit", "")
    if writer_limit:  # a smaller limit while documents are written: DuckDB's cache stays flat
        store.configure({"memory_limit": writer_limit})
    stored_versions = store.doc_versions()
    report.stale_stages = store.stale_stages(pipe.stage_versions)
    for stage, change in report.stale_stages.items():
        LOGGER.warning("stage %s changed (%s): its documents are re-analysed", stage, change)
    seen: set[str] = set()
    batch_size = settings["analysis"]["write_batch"]

    def todo(docs: Iterable[Document]) -> Iterator[Document]:
        for d in docs:
            if d.doc_id in seen:
                report.duplicates += 1
                progress("skipped", 1)
                continue
            seen.add(d.doc_id)
            if not force and stored_versions.get(d.doc_id) == version:
                report.unchanged += 1
                progress("skipped", 1)
                continue
            yield d

    items = _safe_items(paths, settings, text_column, float(settings["analysis"]["doc_timeout"]))
    docs: Iterable[Document] = todo(_documents(items, report, settings["nlp"]["max_chars"], progress,
                                               float(settings["analysis"]["doc_timeout"])))

    runner = None
    if results is None:
        explicit = workers if workers is not None else (None if pipeline is None else 1)
        n = scale.resolve_workers(explicit if explicit is not None else settings["analysis"]["workers"])
        if n > 1 and explicit is None:
            # Default (all cores): not worth starting processes for a small input.
            _, docs, big = _peek(docs, scale.PARALLEL_MIN_DOCS)
            n = n if big else 1
        if n > 1:
            runner = scale.ProcessPoolRunner(settings, n, only=pipe.only)
            report.workers = n
    produce = results or runner or (lambda bs, p: (r for b in bs for r in p.process(b)))
    # Parallel runners take smaller tasks than a write batch (load balance to the last task);
    # results are still committed write_batch documents per transaction.
    task_size = getattr(results or runner, "task_docs", None) or batch_size
    batches = _batches(docs, min(task_size, batch_size))

    pending: list[DocResult] = []
    logged = 0  # failures already written to the store
    commits = 0

    def flush() -> None:
        nonlocal pending, logged, commits
        new_failures = report.failures[logged:]
        if not pending and not new_failures:
            return
        if pending and store.get_meta(CORPUS_PENDING_KEY) != "1":
            store.set_meta(CORPUS_PENDING_KEY, "1")
        errors = [(_printable(f.path), f.code, _printable(f.message)) for f in new_failures]
        try:
            store.write_results(pending, version, errors=errors)
        except STORE_ERRORS:
            # One document the database refuses must not sink its batch: store one by one.
            kept = []
            for r in pending:
                try:
                    store.write_results([r], version)
                    kept.append(r)
                except STORE_ERRORS as exc:
                    msg = Errors.E128.format(path=r.document.path, reason=f"{type(exc).__name__}: {exc}"[:200])
                    report.failures.append(IngestFailure(r.document.path, "E128", msg))
                    errors.append((_printable(r.document.path), "E128", _printable(msg)))
            store.write_results([], version, errors=errors)
            pending = kept
        logged = len(report.failures)
        report.stored += len(pending)
        if pending:
            progress("stored", len(pending))
        pending = []
        commits += 1
        if commits % TRIM_EVERY_COMMITS == 0:
            _release_free_memory()
            if LOGGER.isEnabledFor(logging.INFO):
                LOGGER.info("writer memory: DuckDB %.0f MB, documents seen %d", store.memory_mb(), len(seen))

    try:
        for result in produce(batches, pipe):
            if result.error:
                report.failures.append(IngestFailure(result.document.path, result.error[1:5], result.error))
                progress("failed", 1)
                continue
            if result.document.language != "en":
                report.non_english += 1
            pending.append(result)
            if len(pending) >= batch_size:
                flush()
                LOGGER.info("committed %d documents so far", report.stored)
        flush()
    finally:
        if writer_limit:
            store.configure(settings["store"])  # the writer's limit ends with the writes
        if runner is not None:
            runner.close()
    corpus_now = corpus_stage_versions()
    corpus_stored = store.get_meta(CORPUS_VERSIONS_KEY)
    # A corpus stage whose version changed since the store's corpus stages last ran (or a
    # store from before versions were kept, that has documents) re-runs them.
    corpus_changed = corpus_stored != corpus_now and (corpus_stored is not None or bool(stored_versions))
    if corpus_changed and corpus_stored is None:
        LOGGER.warning("this store does not record which corpus stage versions last ran: the corpus stages re-run")
    elif corpus_changed:
        old = dict(kv.split("=", 1) for kv in corpus_stored.split(";") if "=" in kv)
        for name, v in (kv.split("=", 1) for kv in corpus_now.split(";")):
            if old.get(name) != v:
                LOGGER.warning("corpus stage %s changed (%s -> %s): the corpus stages re-run", name,
                               old.get(name, "(none)"), v)
    if report.stored or force or corpus_changed or store.get_meta(CORPUS_PENDING_KEY) == "1":
        # The corpus stages need none of the per-document models: this call's references to
        # its pipeline go, so run_corpus_stages can free them (not a caller's pipeline).
        del pipe, produce, runner
        fresh_min = int(settings["analysis"].get("corpus_fresh_process_min_docs", 0))
        if defer_corpus and 0 < fresh_min <= store.document_count():
            store.set_meta(CORPUS_PENDING_KEY, "1")  # a run killed before they end redoes them
            report.corpus_deferred = True
        else:
            finish_corpus_stages(store, settings, report)
    report.seconds = time.perf_counter() - t0
    report.counts = store.counts()
    return report


def finish_corpus_stages(store: Store, settings: Settings, report: AnalyzeReport) -> None:
    """Run the corpus stages and record the outcome in the store's meta and in ``report``.
    A stage that failed stays pending: the same command re-runs the corpus stages."""
    report.corpus_errors = run_corpus_stages(store, settings)
    report.corpus_deferred = False
    store.set_meta(CORPUS_PENDING_KEY, "1" if report.corpus_errors else "0")
    if not report.corpus_errors:
        store.set_meta(CORPUS_VERSIONS_KEY, corpus_stage_versions())


def _peak_rss_mb() -> float:
    """This process image's peak resident memory so far, in MB (10^6 bytes): Linux's VmHWM,
    which an exec resets (so after cli/corpus_phase.py re-executes the CLI it is the corpus
    phase's own peak), else ru_maxrss (which an exec keeps; KiB on Linux)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except (OSError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc; NaN elsewhere)."""
    import os

    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, AttributeError):
        return float("nan")


# Caches kept when the corpus stages start: the stance model (claims.cluster needs it) and
# the settings. Every other functools cache of a conflictlens module holds a per-document
# resource (gazetteer, actor KB, event tables, embedder, date memo) that a later Pipeline
# reloads if needed ...
KEPT_CACHES = ("conflictlens.claims.stance", "conflictlens.config")
# ... released only for stores of at least this many documents: there the corpus stages'
# peak matters (at 100k documents) and reloading (gazetteer, KB, embedder: a few seconds)
# is nothing beside the run; a small store (tests, a library caller analysing batch after
# batch in one process) keeps them. One-process analyze, RSS when the corpus stages start:
# 716 -> 389 MB released.
RELEASE_MODELS_MIN_DOCS = 10_000


def release_document_models() -> int:
    """Clear the module-level caches of per-document resources (see KEPT_CACHES); the
    memory goes only where no live Pipeline still holds them. Returns the caches cleared.

    A cache is any function of a conflictlens module (defined there, not imported) with the
    public ``functools.lru_cache`` interface (``cache_clear`` and ``cache_info``), so a new
    ``@functools.lru_cache``/``@functools.cache`` resource is released without registering it
    (the earlier check named functools' private wrapper class)."""
    import sys

    n = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("conflictlens.") or name in KEPT_CACHES:
            continue
        for value in list(vars(module).values()):
            if (callable(getattr(value, "cache_clear", None)) and callable(getattr(value, "cache_info", None))
                    and getattr(value, "__module__", None) == name):
                value.cache_clear()
                n += 1
    return n


def run_corpus_stages(store: Store, settings: Settings) -> list[str]:
    """Stages over the whole store (claim clustering, actor discovery, story events...).

    Each stage's time and this process's peak memory after it are logged (-v): corpus stages
    read the whole store, so they are where memory can grow with the corpus. A stage that runs
    out of memory is logged with a one-line error (E151) and the others still run; returns
    those errors (empty when every stage ran).
    """
    import gc

    store_settings = settings["store"]
    corpus_limit = store_settings.get("corpus_memory_limit", "")

    def set_corpus_limit() -> None:
        # Whole-store queries get [store] corpus_memory_limit ("" = DuckDB's default), the
        # writer's memory_limit is restored afterwards.
        if corpus_limit:
            store.configure({"memory_limit": corpus_limit})
        else:
            store.con.execute("RESET memory_limit")

    if corpus_limit != store_settings.get("memory_limit", ""):
        set_corpus_limit()
    errors: list[str] = []
    try:
        # Each stage's large temporaries (claims.cluster: ~700k small neighbour arrays at
        # 358k mentions) are freed when it returns: that heap goes back to the OS before the
        # next stage, not left in malloc's arenas, and DuckDB's cached blocks of the tables
        # the stage read are evicted (Store.drop_cache), so one stage's leftovers do
        # not add to the next stage's peak.
        if store.document_count() >= RELEASE_MODELS_MIN_DOCS:
            before = _rss_mb()
            cleared = release_document_models()
            gc.collect()
            _release_free_memory()
            # What the writes left: DuckDB's cache of the written blocks (up to the writer's
            # limit) and Arrow's freed buffers; before, only evicted after the first stage.
            store.drop_cache()
            pa.default_memory_pool().release_unused()
            LOGGER.info("corpus stages: %d model caches released, RSS %.0f -> %.0f MB (DuckDB %.0f MB)", cleared,
                        before, _rss_mb(), store.memory_mb())
        gc.collect()
        _release_free_memory()
        for info in load_all().ordered_corpus_stages():
            LOGGER.info("corpus stage %s", info.name)
            t0 = time.perf_counter()
            try:
                info.run(store, settings)
            except (duckdb.OutOfMemoryException, MemoryError, StoreError) as exc:
                if isinstance(exc, StoreError) and not isinstance(exc.__cause__, duckdb.OutOfMemoryException):
                    raise
                try:  # a stage that left its transaction open: undo it
                    store.con.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                reason = (str(exc).splitlines() or [type(exc).__name__])[0]
                errors.append(Errors.E151.format(stage=info.name, limit=corpus_limit, reason=reason))
                LOGGER.error(errors[-1])
            gc.collect()
            _release_free_memory()
            store.drop_cache()
            # Arrow's allocator (mimalloc) keeps freed result buffers: after claims.cluster's
            # _load alone ~100 MB at 396,843 mentions (the stages' DuckDB results are Arrow).
            pa.default_memory_pool().release_unused()
            LOGGER.info("corpus stage %s: %.1f s, peak RSS of this process so far %.0f MB (now %.0f MB, DuckDB %.0f MB)",
                        info.name, time.perf_counter() - t0, _peak_rss_mb(), _rss_mb(), store.memory_mb())
    finally:
        store.configure(store_settings)
    return errors

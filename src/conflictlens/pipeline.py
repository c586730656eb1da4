"""The per-document pipeline: Document -> DocResult through the registered stages. No I/O."""
from __future__ import annotations

import hashlib
import logging
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterable, Iterator

from .config import Settings
from .errors import Errors
from .nlp import build_nlp, sentences_of
from .records import DocResult, Document
from .registry import load_all

LOGGER = logging.getLogger(__name__)

__version__ = "0.1.0"


class DocTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """SIGALRM-based limit; only in the main thread (elsewhere the caller enforces limits)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise DocTimeout()

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class Pipeline:
    """Runs NLP and every registered per-document stage, in order.

    The spaCy model and each stage's resources load lazily, once, on first use, so a
    run where every document is already stored never loads them.
    """

    def __init__(self, settings: Settings, only: Iterable[str] | None = None):
        self.settings = settings
        registry = load_all()
        infos = registry.ordered_stages()
        if only is not None:
            wanted = set(only)
            infos = [s for s in infos if s.name in wanted]
        self.stage_infos = infos
        self._nlp = None
        self._runs = None
        # Seconds spent per stage in this process ("nlp" = spaCy), for benchmarks.
        self.timings: dict[str, float] = {}

    # -- identity -----------------------------------------------------------------------
    @property
    def stage_versions(self) -> dict[str, str]:
        versions = {"nlp": f"{self.settings['nlp']['model']}"}
        versions.update({s.name: s.version for s in self.stage_infos})
        return versions

    @property
    def version(self) -> str:
        """Changes whenever the model or any stage's version changes."""
        key = ";".join(f"{k}={v}" for k, v in sorted(self.stage_versions.items()))
        return f"{__version__}+{hashlib.sha1(key.encode()).hexdigest()[:10]}"

    # -- resources ----------------------------------------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = build_nlp(self.settings, [s.configure_nlp for s in self.stage_infos if s.configure_nlp])
        return self._nlp

    @property
    def runs(self):
        if self._runs is None:
            self._runs = [(s, s.factory(self.settings)) for s in self.stage_infos]
        return self._runs

    # -- processing ---------------------------------------------------------------------
    def process(self, documents: Iterable[Document]) -> Iterator[DocResult]:
        """One DocResult per document, in input order. Non-English documents get no NLP."""
        docs = list(documents)
        english = [d for d in docs if d.language == "en"]
        if english:
            nlp = self.nlp
            t0 = time.perf_counter()
            texts = (d.text for d in english)
            parsed = dict(zip((d.doc_id for d in english),
                              nlp.pipe(texts, batch_size=self.settings["nlp"]["batch_size"])))
            self.timings["nlp"] = self.timings.get("nlp", 0.0) + time.perf_counter() - t0
        else:
            parsed = {}
        runs = self.runs if english else []
        timeout = float(self.settings["analysis"]["doc_timeout"])
        for doc in docs:
            result = DocResult(document=doc, stage_versions=self.stage_versions)
            sdoc = parsed.get(doc.doc_id) if doc.language == "en" else None
            if sdoc is None:
                yield result
                continue
            try:
                with _time_limit(timeout):
                    result.sentences = sentences_of(sdoc, doc.doc_id)
                    for info, run in runs:
                        t0 = time.perf_counter()
                        setattr(result, info.provides, run(sdoc, result))
                        self.timings[info.name] = self.timings.get(info.name, 0.0) + time.perf_counter() - t0
            except DocTimeout:
                result.error = Errors.E113.format(path=doc.path, seconds=int(timeout))
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                LOGGER.exception("stage failed on %s", doc.path)
                result.error = Errors.E114.format(path=doc.path, reason=f"{type(exc).__name__}: {exc}")
            yield result

"""The per-document pipeline: Document -> DocResult through the registered stages. No I/O."""
from __future__ import annotations

import ctypes
import hashlib
import logging
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .config import Settings, packaged_defaults
from .errors import Errors
from .nlp import build_nlp, sentences_of
from .nlp import embeddings
from .records import DocResult, Document
from .registry import load_all

LOGGER = logging.getLogger(__name__)

__version__ = "0.1.0"

# Settings that never change a document's stored records: read only by corpus stages (run
# over the whole store after the documents, every time documents are stored) or only about
# speed. A changed value of any other key of a stage's own section (``[actors]`` for the
# ``actors`` stage...) makes that stage's version differ, so ``analyze`` re-runs the stored
# documents (tests/scale/test_settings_version.py).
NON_OUTPUT_SETTINGS = frozenset({"actors.discover_min_mentions", "claims.cluster_threshold"})
# Keys naming a file (``actors.user_file``): the file's content counts, not its path.
FILE_KEY_SUFFIXES = ("_file", "_path")


def settings_tag(settings: Settings, section: str) -> str:
    """Digest of ``[section]``'s output-changing settings that differ from the packaged
    defaults ("" when all are defaults, so default runs keep the plain stage version).
    A setting that names a file is read: the same path with new content is a new tag,
    another path with the same content the same tag."""
    ours, base = settings.data.get(section), packaged_defaults().get(section, {})
    if not isinstance(ours, dict):
        return ""
    changed = []
    for key in sorted(ours):
        value = ours[key]
        if f"{section}.{key}" in NON_OUTPUT_SETTINGS or value == base.get(key):
            continue
        if key.endswith(FILE_KEY_SUFFIXES) and isinstance(value, str) and value:
            path = Path(value)
            value = "sha1:" + hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else value
        changed.append(f"{key}={value!r}")
    if not changed:
        return ""
    return hashlib.sha1(";".join(changed).encode()).hexdigest()[:8]


class DocTimeout(Exception):
    """Raised inside a document's processing when it exceeds ``analysis.doc_timeout``."""


def _async_raise(thread_id: int, exc_type: type) -> bool:
    """Raise ``exc_type`` in another thread at its next bytecode (CPython API)."""
    res = ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc_type))
    if res > 1:  # more than one thread hit: undo, never leave a stray exception around
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)
        return False
    return res == 1


@contextmanager
def time_limit(seconds: float):
    """Raise DocTimeout in the running code after ``seconds``.

    In the main thread (single process, process-pool workers) a SIGALRM timer; in other
    threads (Dask workers run tasks in threads) a watchdog timer that injects the exception
    asynchronously. Both interrupt Python code only: a hang inside native code is caught by
    the parent's hard deadline in ``scale/`` instead.
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        # Limits nest: an outer timer (e.g. a whole-file limit) keeps running and fires at
        # its own time, calling the outer handler.
        start = time.monotonic()
        deadline = start + seconds

        def handler(signum, frame):
            if time.monotonic() >= deadline - 0.005:
                raise DocTimeout()
            if callable(old):
                old(signum, frame)

        old = signal.signal(signal.SIGALRM, handler)
        outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
        if 0 < outer < seconds:
            signal.setitimer(signal.ITIMER_REAL, outer)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
            if outer > 0:
                signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 0.001))
        return
    lock = threading.Lock()
    state = {"active": True, "fired": False}
    tid = threading.get_ident()

    def fire():
        with lock:
            if state["active"]:
                state["fired"] = _async_raise(tid, DocTimeout)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except DocTimeout:
        with lock:
            state["active"] = False
        raise
    finally:
        with lock:
            state["active"] = False
            fired = state["fired"]
        timer.cancel()
        if fired:
            # The exception may still be pending if the block ended right after it was
            # set: clear it so it cannot surface in unrelated code.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)


class Pipeline:
    """Runs NLP and every registered per-document stage, in order.

    The spaCy model and each stage's resources load lazily, once, on first use, so a
    run where every document is already stored never loads them.
    """

    def __init__(self, settings: Settings, only: Iterable[str] | None = None):
        self.settings = settings
        # The claims stage embeds with the configured embedder (also in worker processes,
        # which build their Pipeline from the same settings).
        self.embedder = settings.get("nlp.embedder", embeddings.DEFAULT_EMBEDDER)
        embeddings.set_default_embedder(self.embedder)
        registry = load_all()
        infos = registry.ordered_stages()
        if only is not None:
            wanted = set(only)
            infos = [s for s in infos if s.name in wanted]
        self.stage_infos = infos
        # Digest of each stage's non-default settings, appended to its version (read once,
        # here: a settings file edited while this pipeline lives is seen by the next one).
        self._settings_tags = {s.name: settings_tag(settings, s.name) for s in infos}
        # Stage names to rebuild the same pipeline in worker processes (None = all).
        self.only: list[str] | None = None if only is None else [s.name for s in infos]
        self._nlp = None
        self._runs = None
        # Seconds spent per stage in this process ("nlp" = spaCy), for benchmarks: wall-clock
        # and CPU time of this process (steadier when other jobs share the machine).
        self.timings: dict[str, float] = {}
        self.cpu_timings: dict[str, float] = {}

    # -- identity -----------------------------------------------------------------------
    @property
    def stage_versions(self) -> dict[str, str]:
        versions = {"nlp": f"{self.settings['nlp']['model']}"}
        if any(s.name == "claims" for s in self.stage_infos):
            # Stored claim vectors belong to one embedder: another one re-analyses them.
            versions["embedder"] = embeddings.model_id(self.embedder)
        for s in self.stage_infos:
            tag = self._settings_tags.get(s.name, "")
            versions[s.name] = f"{s.version}+s{tag}" if tag else s.version
        return versions

    @property
    def version(self) -> str:
        """Changes whenever the model, any stage's version or a stage's output-changing
        settings (``settings_tag``) change."""
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
    def _parse(self, english: list[Document], timeout: float) -> tuple[dict, dict[str, str]]:
        """spaCy docs by doc_id, under the time limit; documents that time out get E113."""
        nlp = self.nlp
        t0, c0 = time.perf_counter(), time.process_time()
        errors: dict[str, str] = {}
        batch_size = self.settings["nlp"]["batch_size"]
        try:
            with time_limit(timeout * len(english) if timeout > 0 else 0):
                parsed = dict(zip((d.doc_id for d in english),
                                  nlp.pipe((d.text for d in english), batch_size=batch_size)))
        except Exception as exc:  # noqa: BLE001 - DocTimeout or a document spaCy chokes on
            # Find the slow or bad document(s): parse one at a time, each with its own limit.
            LOGGER.warning("batch parse failed (%s); parsing one document at a time", type(exc).__name__)
            parsed = {}
            for d in english:
                try:
                    with time_limit(timeout):
                        parsed[d.doc_id] = nlp(d.text)
                except DocTimeout:
                    errors[d.doc_id] = Errors.E113.format(path=d.path, seconds=int(timeout))
                except Exception as err:  # noqa: BLE001 - one bad document must not stop the run
                    errors[d.doc_id] = Errors.E114.format(path=d.path, reason=f"{type(err).__name__}: {err}"[:300])
        self.timings["nlp"] = self.timings.get("nlp", 0.0) + time.perf_counter() - t0
        self.cpu_timings["nlp"] = self.cpu_timings.get("nlp", 0.0) + time.process_time() - c0
        return parsed, errors

    def process(self, documents: Iterable[Document]) -> Iterator[DocResult]:
        """One DocResult per document, in input order. Non-English documents get no NLP.

        Every document gets ``analysis.doc_timeout`` seconds (spaCy and stages together,
        on average over a batch); one over the limit gets error E113, the others go on.

        A stage whose ``run`` has ``start_batch``/``finish_batch``/``end_batch`` may leave part
        of its work for the whole batch (the claims stage embeds every claim sentence of the
        batch in one pass, nlp.embeddings.BatchEmbedder): ``finish_batch(results)`` runs once
        the batch's documents went through every stage, and the results are yielded after it.
        """
        docs = list(documents)
        english = [d for d in docs if d.language == "en"]
        timeout = float(self.settings["analysis"]["doc_timeout"])
        parsed, parse_errors = self._parse(english, timeout) if english else ({}, {})
        runs = self.runs if english else []
        versions = self.stage_versions
        batched = [(info, run) for info, run in runs if hasattr(run, "finish_batch")]
        for _, run in batched:
            run.start_batch()
        try:
            results = list(self._each(docs, parsed, parse_errors, runs, versions, timeout))
            for info, run in batched:
                self._finish_batch(info, run, results, timeout)
        finally:
            for _, run in batched:
                run.end_batch()
        yield from results

    def _finish_batch(self, info, run, results: list[DocResult], timeout: float) -> None:
        """A stage's batch step over the batch's results without errors; if it fails, one
        result at a time, so only a failing document gets an error (E113/E114)."""
        ok = [r for r in results if r.error is None]
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            with time_limit(timeout * len(ok) if timeout > 0 else 0):
                run.finish_batch(ok)
        except Exception as exc:  # noqa: BLE001 - DocTimeout or a document the step chokes on
            LOGGER.warning("stage %s: batch step failed (%s); one document at a time", info.name, type(exc).__name__)
            for r in ok:
                try:
                    with time_limit(timeout):
                        run.finish_batch([r])
                except DocTimeout:
                    r.error = Errors.E113.format(path=r.document.path, seconds=int(timeout))
                except Exception as err:  # noqa: BLE001 - one bad document must not stop the run
                    LOGGER.exception("stage %s failed on %s", info.name, r.document.path)
                    r.error = Errors.E114.format(path=r.document.path, reason=f"{type(err).__name__}: {err}")
        self.timings[info.name] = self.timings.get(info.name, 0.0) + time.perf_counter() - t0
        self.cpu_timings[info.name] = self.cpu_timings.get(info.name, 0.0) + time.process_time() - c0

    def _each(self, docs, parsed, parse_errors, runs, versions, timeout) -> Iterator[DocResult]:
        """Each document through every stage, in order."""
        for doc in docs:
            result = DocResult(document=doc, stage_versions=dict(versions))
            if doc.doc_id in parse_errors:
                result.error = parse_errors[doc.doc_id]
                yield result
                continue
            sdoc = parsed.get(doc.doc_id) if doc.language == "en" else None
            if sdoc is None:
                yield result
                continue
            try:
                with time_limit(timeout):
                    result.sentences = sentences_of(sdoc, doc.doc_id)
                    for info, run in runs:
                        t0, c0 = time.perf_counter(), time.process_time()
                        setattr(result, info.provides, run(sdoc, result))
                        self.timings[info.name] = self.timings.get(info.name, 0.0) + time.perf_counter() - t0
                        self.cpu_timings[info.name] = self.cpu_timings.get(info.name, 0.0) + time.process_time() - c0
            except DocTimeout:
                result.error = Errors.E113.format(path=doc.path, seconds=int(timeout))
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                LOGGER.exception("stage failed on %s", doc.path)
                result.error = Errors.E114.format(path=doc.path, reason=f"{type(exc).__name__}: {exc}")
            yield result


_time_limit = time_limit  # former private name

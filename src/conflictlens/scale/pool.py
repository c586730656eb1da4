"""Process-pool analysis: workers share the parent's loaded models; results stream back in order.

The parent keeps reading and writing (DuckDB is single-writer); workers only run
``Pipeline.process`` on small batches ("tasks") of documents. With the ``fork`` start
method (the default where the OS has it) the parent loads the spaCy model and the stages'
resources once and forks its workers from that state: no worker imports or loads anything,
the model pages are shared copy-on-write, and a pool restarted after a worker died starts
at once. ``spawn`` (``analysis.worker_start``; the only choice off Linux) starts fresh
interpreters that each load the models. At most ``INFLIGHT_PER_WORKER x workers`` tasks are
in flight, so memory stays bounded whatever the corpus size. A task with no answer by its
hard deadline, or a worker that dies, is retried one document at a time in a fresh pool so
that only the guilty document is skipped (E121 / E120), never the run.
"""
from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from ..config import Settings
from ..errors import Errors
from ..pipeline import Pipeline
from ..records import DocResult, Document
from .lean import keep_unused_modules_out

LOGGER = logging.getLogger(__name__)

# Documents per task sent to a worker. Small tasks keep both workers busy to the end: with
# write_batch-sized tasks (64) FA-KES's 402 documents were 7 tasks and one worker idled up to
# a whole task (~11 s) at the end; with 16 they are 26 tasks (at most ~3 s idle). Chosen by
# that arithmetic, not A/B-timed on its own (the machine was never idle in that session);
# re-run `bench/scale.py workers` if changed.
TASK_DOCS = 16
# Documents per task for the input's last ``workers x TASK_DOCS`` documents: with 16-document
# tasks to the end, one worker idled for up to a whole last task (~3 s of a ~50 s FA-KES run
# at ~0.18 s per document) while the other finished its own; 4-document tail tasks cut that
# to < 1 s. Chosen by that arithmetic; re-run `bench/scale.py workers` if changed.
TAIL_TASK_DOCS = 4
# Tasks in flight per worker: results are consumed in input order, so a worker that is
# ahead needs queued tasks to stay busy while an earlier, longer task finishes. 4 x 16
# documents bounds memory to ~64 documents per worker. Re-run bench/scale.py if changed.
INFLIGHT_PER_WORKER = 4
# Seconds added to a task's hard deadline (doc_timeout x its documents) for process start-up
# and model loading (spawn: ~3-8 s for spaCy + stage resources on a loaded 2-core machine).
HARD_DEADLINE_GRACE = 60.0

# BLAS threads per worker process, pool or forked Dask worker (the pool/cluster is the
# parallelism; the parent's BLAS runs one thread per core). Re-run bench/scale.py workers dask.
WORKER_BLAS_THREADS = 1

# Documents a forked pool's workers analyse before they are replaced by fresh forks of the
# parent (``analysis.worker_recycle_docs`` overrides; 0 = never, the default). A long-lived
# worker grows a little: spaCy's string store learns every new token (each synthetic
# document of bench/gen_corpus.py has a unique one): ~0.3 KB/doc per worker at 100,000
# documents (630 -> 661 MB RSS). Measured (bench/scale.py rss, 6,000 synthetic documents,
# recycling every 2,000, per-process timeline; docs/performance.md, fourth pass): a fresh
# fork of the *writer* costs more than it saves: it inherits the parent's grown heap and
# DuckDB buffers, whose pages the parent then rewrites and so copies (parent USS 111 ->
# 214 MB within 250 documents), while the workers keep the old copies (PSS of all ~1,000
# -> ~1,170 MB at the first recycle). Kept as an option for corpora whose vocabulary
# makes workers grow faster than that; re-run bench/scale.py rss with --rss-config to
# judge.
RECYCLE_DOCS = 0

# Seconds between a worker's checks that its parent is still alive.
PARENT_CHECK_SECONDS = 1.0

START_METHODS = ("fork", "spawn")

# One pipeline per worker process: set by the parent before it forks (fork), or built by
# the pool initializer (spawn). Process-local state.
_WORKER: dict[str, Pipeline] = {}


def start_method(settings: Settings) -> str:
    """``analysis.worker_start``: ``fork`` on Linux, else ``spawn``."""
    wanted = str(settings["analysis"].get("worker_start", "fork"))
    if wanted not in START_METHODS:
        from .dask_runner import ScaleError

        raise ScaleError(Errors.E129.format(value=wanted, options=", ".join(START_METHODS)))
    # fork only on Linux: macOS system libraries are not fork-safe once threads exist.
    return "fork" if wanted == "fork" and sys.platform.startswith("linux") else "spawn"


def _init_worker(settings: Settings, only: list[str] | None) -> None:
    if "pipe" in _WORKER:  # forked from a parent that loaded the models
        gc.enable()
        # The parent's BLAS already runs one thread per core; in N workers on N cores the
        # extra threads only spin: 1 thread cut CPU per document ~15% (60 FA-KES docs:
        # 13.8 -> 11.4 s CPU; bench/scale.py workers: total CPU of --workers 2 vs 1).
        from threadpoolctl import threadpool_limits

        threadpool_limits(WORKER_BLAS_THREADS)
    else:
        # Each worker uses one thread for its maths libraries: the pool is the parallelism.
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        keep_unused_modules_out()
        _WORKER["pipe"] = Pipeline(settings, only=only)
    # If the parent dies (kill -9, OOM), stop at once instead of finishing the batch.
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch_parent, name="parent-watch", daemon=True).start()


def _run_batch(docs: list[Document]) -> tuple[list[DocResult], dict[str, float]]:
    """In a worker: the batch's results and the seconds spent per stage on it."""
    pipe = _WORKER["pipe"]
    pipe.nlp  # noqa: B018 - load the models before the clock of the first batch matters
    pipe.timings = {}
    results = list(pipe.process(docs))
    return results, dict(pipe.timings)


def tasks_with_small_tail(batches: Iterable[list[Document]], task_docs: int, tail_docs: int,
                          workers: int) -> Iterator[list[Document]]:
    """Re-cut a stream of document batches into tasks of ``task_docs`` documents, except the
    stream's last ``workers x task_docs`` documents, which go in tasks of ``tail_docs``: at
    the end every worker gets a share of small tasks instead of one idling while another
    finishes a long one. Order is kept; at most that many documents are held back."""
    hold = max(0, workers * task_docs)
    buf: deque = deque()
    for batch in batches:
        buf.extend(batch)
        while len(buf) >= hold + task_docs:
            yield [buf.popleft() for _ in range(task_docs)]
    while buf:
        yield [buf.popleft() for _ in range(min(max(1, tail_docs), len(buf)))]


def _error_result(doc: Document, message: str, pipe: Pipeline) -> DocResult:
    return DocResult(document=doc, stage_versions=dict(pipe.stage_versions), error=message)


class ProcessPoolRunner:
    """``results`` function for ``runner.analyze``: batches -> DocResults via N processes."""

    def __init__(self, settings: Settings, workers: int, only: list[str] | None = None):
        self.settings = settings
        self.workers = max(1, workers)
        self.only = only
        self.timeout = float(settings["analysis"]["doc_timeout"])
        self.start_method = start_method(settings)
        # Documents per task: the runner cuts its input into batches of this size.
        self.task_docs = TASK_DOCS
        # Forked workers are replaced after this many documents (0 = never); spawned ones
        # load their own models (seconds each), so they are kept.
        recycle = int(settings["analysis"].get("worker_recycle_docs", RECYCLE_DOCS))
        self.recycle_docs = recycle if self.start_method == "fork" else 0
        self.recycled = 0  # pools replaced so far (bench and tests read it)
        self._pool_docs = 0  # documents submitted to the current pool
        self._frozen = False  # this process's heap frozen (gc.freeze) while forked workers live
        self._pool: ProcessPoolExecutor | None = None
        self._pipe: Pipeline | None = None

    # -- pool life ----------------------------------------------------------------------
    def _new_pool(self) -> ProcessPoolExecutor:
        ctx = mp.get_context(self.start_method)
        if self.start_method != "fork":
            # "spawn": a fresh interpreter per worker, which loads the models itself.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                             initargs=(self.settings, self.only))
            return self._pool
        # "fork": load the models here once; the workers inherit them. gc.freeze() moves
        # every object into the permanent generation first, so the children's collections
        # don't write to (and so copy) the pages holding the parent's objects. The parent
        # stays frozen while its workers live (``_thaw`` when the pool ends): a full
        # collection here would write to every model object's header and so copy, page by
        # page, what it shares with the workers.
        self._pool_docs = 0
        pipe = self._pipe
        pipe.nlp  # noqa: B018 - load before forking
        pipe.runs  # noqa: B018
        _WORKER["pipe"] = pipe
        self._thaw()
        gc.collect()
        gc.freeze()
        self._frozen = True
        try:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                             initargs=(self.settings, self.only))
            # Python 3.11 forks every worker of a fork pool on the first submit: do it now,
            # while the heap is frozen.
            self._pool.submit(os.getpid).result()
        except BaseException:
            self._thaw()
            raise
        finally:
            _WORKER.pop("pipe", None)
        return self._pool

    def _thaw(self) -> None:
        """Undo the fork-time gc.freeze() (objects frozen then are collectable again)."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def _kill_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # A stuck worker never returns: kill the processes, then let the executor clean up.
        for proc in list(getattr(pool, "_processes", {}).values()):
            if proc.is_alive():
                proc.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        self._thaw()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._thaw()

    def _deadline(self, n_docs: int) -> float | None:
        if self.timeout <= 0:
            return None
        return self.timeout * n_docs + HARD_DEADLINE_GRACE

    # -- running ------------------------------------------------------------------------
    def __call__(self, batches: Iterable[list[Document]], pipe: Pipeline) -> Iterator[DocResult]:
        source = tasks_with_small_tail(batches, self.task_docs, TAIL_TASK_DOCS, self.workers)
        first = next(source, None)
        if first is None:  # nothing to analyse: start no process, load no model
            return
        source = itertools.chain([first], source)
        self._pipe = pipe
        self._new_pool()
        window: deque = deque()
        limit = self.workers * INFLIGHT_PER_WORKER
        held: list = []  # a task read while the pool drains before its replacement

        def fill() -> None:
            while len(window) < limit:
                batch = held.pop() if held else next(source, None)
                if batch is None:
                    return
                if self.recycle_docs and self._pool_docs >= self.recycle_docs:
                    if window:  # let the old workers finish their tasks first
                        held.append(batch)
                        return
                    self.close()
                    self._new_pool()
                    self.recycled += 1
                    LOGGER.info("worker processes replaced by fresh forks after %d documents", self.recycle_docs)
                self._pool_docs += len(batch)
                window.append((batch, self._pool.submit(_run_batch, batch)))

        try:
            fill()
            while window:
                batch, fut = window[0]
                try:
                    results, timings = fut.result(timeout=self._deadline(len(batch)))
                except (FutureTimeout, BrokenProcessPool) as exc:
                    reason = "timeout" if isinstance(exc, FutureTimeout) else "broken"
                    LOGGER.warning("batch of %d documents failed (%s); retrying one by one", len(batch), reason)
                    pending = [b for b, _ in window]
                    window.clear()
                    self._kill_pool()
                    self._new_pool()
                    yield from self._isolate(pending[0], pipe)
                    for b in pending[1:]:
                        window.append((b, self._pool.submit(_run_batch, b)))
                    fill()
                    continue
                window.popleft()
                for k, v in timings.items():
                    pipe.timings[k] = pipe.timings.get(k, 0.0) + v
                yield from results
                fill()
        finally:
            if window:  # stopped early (error or consumer gone): don't wait for workers
                self._kill_pool()
            else:
                self.close()

    def _isolate(self, batch: list[Document], pipe: Pipeline) -> Iterator[DocResult]:
        """Run a failed batch one document at a time: only the guilty document is skipped."""
        for doc in batch:
            fut = self._pool.submit(_run_batch, [doc])
            try:
                results, timings = fut.result(timeout=self._deadline(1))
            except FutureTimeout:
                self._kill_pool()
                self._new_pool()
                yield _error_result(doc, Errors.E121.format(path=doc.path, seconds=int(self._deadline(1))), pipe)
                continue
            except BrokenProcessPool as exc:
                self._kill_pool()
                self._new_pool()
                yield _error_result(doc, Errors.E120.format(path=doc.path, reason=str(exc) or "killed"), pipe)
                continue
            for k, v in timings.items():
                pipe.timings[k] = pipe.timings.get(k, 0.0) + v
            yield from results


def available_cores() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)

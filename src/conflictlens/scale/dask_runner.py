"""Dask-distributed analysis: per-document stages on a Dask cluster, results streamed back.

``--dask local:N`` starts a ``distributed.LocalCluster`` of N single-threaded worker processes;
``--scheduler tcp://HOST:PORT`` uses an existing cluster (its workers need the same
conflictlens installed). Tasks are small batches of documents; at most
``INFLIGHT_PER_WORKER`` per worker are in flight, so the parent's memory is bounded;
results come back in input order. The parent stays the only writer of the store.

Where the workers get their models:

- Local cluster, ``analysis.worker_start = "fork"`` (the default, Linux): the parent builds
  the pipeline (spaCy model and stage resources) once, then starts the LocalCluster with
  Dask's ``distributed.worker.multiprocessing-method = "fork"``: each nanny forks its worker
  from the parent, which already holds the loaded pipeline in ``_PIPES``, so the worker
  plugin finds it and loads nothing (pages shared copy-on-write, as in scale/pool.py).
- Otherwise (``spawn``, other OSes, remote ``--scheduler`` workers) the worker plugin builds
  the pipeline on every worker as it joins, all workers in parallel, before the first task.

Forking from a parent that runs threads: Dask forks each worker from the nanny's own watcher
thread (distributed/process.py, ``AsyncProcess._watch_message_queue``) while the event-loop
thread goes on (logging, comms), and the child runs only the forking thread, into Dask's
worker entry point (a new event loop; asyncio in CPython 3.11 keys its running loop by pid).
A lock another parent thread holds at the fork stays held in the child. CPython resets its
own (GIL, import lock, logging's handler locks), glibc malloc and OpenBLAS reset theirs;
``_PIPES_LOCK`` is only taken by the parent's main thread before the cluster starts. The rich
console of the CLI is not covered by any of these: its lock, held by the logging event-loop
thread at the fork, hung the worker's first log line (3 of 4 runs). The CLI therefore holds
the console locks across every fork and gives the child a plain log handler
(cli/_common.py, tests/cli/test_fork_logging.py). The models hold no threads of their own:
onnxruntime sessions run with one thread and sequential execution (nlp/embeddings.cpu_session),
spaCy/thinc run on numpy, and the Hugging Face tokenizers switch their own thread pool off in
a forked child (their at-fork handler). The forked worker limits BLAS to one thread (the
cluster is the parallelism).
"""
from __future__ import annotations

import gc
import hashlib
import itertools
import logging
import sys
import threading
import time
from collections import deque
from typing import Iterable, Iterator

from ..config import Settings
from ..errors import ConflictLensError, Errors
from ..pipeline import Pipeline
from ..records import DocResult, Document
from .lean import keep_unused_modules_out

LOGGER = logging.getLogger(__name__)

# Documents per task and tasks in flight per worker, as in scale/pool.py (load balance to
# the last task, bounded memory). Re-run `bench/scale.py dask` if changed.
TASK_DOCS = 16
INFLIGHT_PER_WORKER = 4
# Seconds added to a batch's hard deadline (doc_timeout x batch size) for worker start-up
# and model loading on the worker. Re-run bench/scale.py if changed.
HARD_DEADLINE_GRACE = 90.0
# Seconds to wait for a remote scheduler to answer before E124.
SCHEDULER_CONNECT_TIMEOUT = 10
# Seconds a local worker process has to start and register with the scheduler (Dask's
# ``death_timeout`` of its nanny) before the cluster start fails with E130 instead of waiting
# for ever: a forked worker once deadlocked on a lock held at the fork (the CLI's console,
# fixed in cli/_common.py); a fork-started worker registers in ~1-3 s on a 2-core machine.
LOCAL_WORKER_START_TIMEOUT = 120
# Dask settings for the local clusters conflictlens starts (their workers inherit them),
# measured on this 2-core machine on 2026-11-28 (load ~5-6: CPU seconds, not wall):
# - Dask's statistical profiler samples each worker's task thread every 10 ms: on 160 FA-KES
#   documents the two workers used 35.2 s CPU with it, 29.1 s without (process pool: 28.1 s);
# - the periodic house-keeping (event-loop tick every 20 ms in every process, the nannies'
#   memory monitor every 100 ms, the system monitor every 500 ms) cost an idle LocalCluster(2)
#   1.42 s CPU per 30 s in the parent and 0.67 s in each worker; at 1 s / 1 s / 5 s:
#   0.25 s and 0.11 s. None of them changes what a task computes.
# Re-run bench/scale.py dask if changed.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}
# Pipelines built on this worker process, by settings key (worker-process-local cache).
_PIPES: dict[str, Pipeline] = {}
_PIPES_LOCK = threading.Lock()


class ScaleError(ConflictLensError):
    """A parallel or distributed run cannot start or its cluster is unusable."""


def _fork_workers(settings: Settings) -> bool:
    """Local Dask workers are forked from the parent (``analysis.worker_start = "fork"``,
    Linux only: macOS system libraries are not fork-safe once threads exist)."""
    from .pool import start_method

    return start_method(settings) == "fork" and sys.platform.startswith("linux")


def _key(settings: Settings, only: list[str] | None) -> str:
    return hashlib.sha1(repr((sorted(settings.data.items()), only)).encode()).hexdigest()


def _worker_pipe(settings: Settings, only: list[str] | None, pipe: Pipeline | None = None) -> Pipeline:
    """The loaded pipeline for these settings in this process: built (or ``pipe``, when
    given, loaded and kept) once, under the lock."""
    key = _key(settings, only)
    with _PIPES_LOCK:
        found = _PIPES.get(key)
        if found is None:
            found = _PIPES[key] = pipe or Pipeline(settings, only=only)
            found.nlp  # noqa: B018 - load models once, under the lock
            found.runs  # noqa: B018
    return found


def _inherited_pipe(settings: Settings, only: list[str] | None) -> bool:
    """True in a worker forked from a parent that had built this pipeline already."""
    return _key(settings, only) in _PIPES


def dask_run_batch(settings: Settings, only: list[str] | None,
                   docs: list[Document]) -> tuple[list[DocResult], dict[str, float]]:
    """Runs on a Dask worker: the batch's results and seconds per stage."""
    pipe = _worker_pipe(settings, only)
    before = dict(pipe.timings)
    results = list(pipe.process(docs))
    return results, {k: v - before.get(k, 0.0) for k, v in pipe.timings.items()}


def _kill_stray_workers() -> None:
    """Kill this process's Dask worker processes that are still alive after a failed cluster
    start (a hung worker outlives its nanny's close; Dask would reap it only at exit)."""
    import multiprocessing

    for proc in multiprocessing.active_children():
        if proc.name.startswith("Dask Worker process"):
            proc.kill()
            proc.join(5)


def _timed_out(exc: BaseException) -> bool:
    """True when ``exc`` is, or was raised from, a timeout (Dask raises "Nanny failed to
    start." from the nanny's TimeoutError)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, TimeoutError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _check_reachable(address: str) -> None:
    """Fail fast (E124) when nothing listens at a tcp:// scheduler address."""
    import socket
    from urllib.parse import urlparse

    url = urlparse(address if "://" in address else f"tcp://{address}")
    if url.scheme != "tcp" or not url.hostname or not url.port:
        return  # other protocols (tls://, ucx://): let distributed judge
    try:
        with socket.create_connection((url.hostname, url.port), timeout=SCHEDULER_CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        raise ScaleError(Errors.E124.format(address=address, reason=exc.strerror or exc)) from exc


def parse_dask_option(value: str) -> int:
    """'local:N' -> N (N >= 1); anything else raises ScaleError E123."""
    head, _, n = value.partition(":")
    if head != "local" or not n.isdigit() or int(n) < 1:
        raise ScaleError(Errors.E123.format(value=value))
    return int(n)


class DaskRunner:
    """``results`` function for ``runner.analyze`` on a Dask cluster.

    Use as a context manager: ``with DaskRunner(settings, local_workers=2) as r: analyze(..., results=r)``.
    """

    def __init__(self, settings: Settings, *, local_workers: int | None = None,
                 scheduler: str | None = None, only: list[str] | None = None):
        if (local_workers is None) == (scheduler is None):
            raise ScaleError(Errors.E123.format(value=f"local_workers={local_workers}, scheduler={scheduler}"))
        self.settings = settings
        self.local_workers = local_workers
        self.scheduler = scheduler
        self.only = only
        self.timeout = float(settings["analysis"]["doc_timeout"])
        self.task_docs = TASK_DOCS
        self.fork = local_workers is not None and _fork_workers(settings)
        self.cluster = None
        self.client = None
        self._plugged = False
        self._cluster_config = None  # dask.config.set(...) kept while the local cluster lives
        self._parent_key: str | None = None  # pipeline this runner loaded in the parent
        self._dask_log_level: int | None = None  # "distributed" logger level before start

    def __enter__(self) -> "DaskRunner":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, pipe: Pipeline | None = None) -> None:
        """Start the local cluster (or connect to the scheduler). With forked local
        workers, the pipeline is loaded here first: ``pipe`` if it has this runner's
        settings, else a new one."""
        from distributed import Client

        if self.client is not None:
            return
        if self.local_workers is not None:
            self._start_local(pipe)
        else:
            _check_reachable(self.scheduler)
            try:
                self.client = Client(self.scheduler, timeout=SCHEDULER_CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ScaleError(Errors.E124.format(address=self.scheduler, reason=exc)) from exc

    def _start_local(self, pipe: Pipeline | None) -> None:
        import dask
        from distributed import Client, LocalCluster

        if self.fork:
            usable = pipe is not None and pipe.settings == self.settings and pipe.only == self.only
            t0 = time.perf_counter()
            key = _key(self.settings, self.only)
            if key not in _PIPES:
                self._parent_key = key  # dropped again in close(): the parent itself runs no task
            _worker_pipe(self.settings, self.only, pipe if usable else None)
            LOGGER.info("pipeline loaded in the parent for forked Dask workers: %.1f s", time.perf_counter() - t0)
            # Objects into the permanent generation while the workers are forked, so that
            # the workers' collections don't write to (and so copy) the model pages.
            gc.collect()
            gc.freeze()
        # Kept for the cluster's life: a worker the nanny restarts starts the same way.
        self._cluster_config = dask.config.set(self._local_config())
        self._quiet_dask_logs()
        try:
            self.cluster = LocalCluster(n_workers=self.local_workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.WARNING,
                                        death_timeout=LOCAL_WORKER_START_TIMEOUT)
        except BaseException as exc:
            self._restore_config()
            if _timed_out(exc):  # a worker never registered
                _kill_stray_workers()
                raise ScaleError(Errors.E130.format(seconds=LOCAL_WORKER_START_TIMEOUT)) from exc
            raise
        finally:
            if self.fork:
                gc.unfreeze()
        # Results straight from the workers, not relayed by the scheduler (same machine): the
        # parent used ~0.8 s less CPU per 160 FA-KES documents (10.4 vs 11.3 s, two runs each).
        self.client = Client(self.cluster, direct_to_workers=True)

    def _quiet_dask_logs(self) -> None:
        """Dask's own loggers log at INFO (its config) whatever the caller's level: some 50
        lines per cluster start. They follow the root logger's level while our cluster
        lives (so `-v` still shows them); forked workers inherit it."""
        dask_logger = logging.getLogger("distributed")
        wanted = logging.getLogger().getEffectiveLevel()
        if dask_logger.getEffectiveLevel() < wanted:
            self._dask_log_level = dask_logger.level
            dask_logger.setLevel(wanted)

    def _local_config(self) -> dict:
        config = dict(LOCAL_CLUSTER_CONFIG)
        if self.fork:
            config["distributed.worker.multiprocessing-method"] = "fork"
        return config

    def _restore_config(self) -> None:
        if self._cluster_config is not None:
            self._cluster_config.__exit__(None, None, None)
            self._cluster_config = None

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        self._restore_config()
        if self._dask_log_level is not None:
            logging.getLogger("distributed").setLevel(self._dask_log_level)
            self._dask_log_level = None
        if self._parent_key is not None:
            with _PIPES_LOCK:
                _PIPES.pop(self._parent_key, None)
            self._parent_key = None

    def _load_models(self) -> None:
        """Build the pipeline on every worker now, in parallel (once per runner)."""
        if self._plugged:
            return
        from .dask_plugin import PipelinePlugin

        self.client.register_plugin(PipelinePlugin(self.settings, self.only, lean=self.local_workers is not None))
        self._plugged = True

    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _deadline(self, n_docs: int) -> float | None:
        return None if self.timeout <= 0 else self.timeout * n_docs + HARD_DEADLINE_GRACE

    def _submit(self, batch: list[Document]):
        return self.client.submit(dask_run_batch, self.settings, self.only, batch, pure=False)

    def __call__(self, batches: Iterable[list[Document]], pipe: Pipeline) -> Iterator[DocResult]:
        from distributed import KilledWorker

        from .pool import TAIL_TASK_DOCS, tasks_with_small_tail

        # Workers expected: the local cluster's size, or (remote) those connected now.
        expected = self.local_workers or (self.n_workers() if self.client is not None else 1)
        source = tasks_with_small_tail(batches, self.task_docs, TAIL_TASK_DOCS, expected)
        first = next(source, None)
        if first is None:  # nothing to analyse: load no model anywhere
            return
        source = itertools.chain([first], source)
        self.start(pipe)
        self._load_models()
        limit = self.n_workers() * INFLIGHT_PER_WORKER
        window: deque = deque()

        def fill() -> None:
            while len(window) < limit:
                batch = next(source, None)
                if batch is None:
                    return
                window.append((batch, self._submit(batch)))

        try:
            fill()
            while window:
                batch, fut = window.popleft()
                try:
                    results, timings = fut.result(timeout=self._deadline(len(batch)))
                except (TimeoutError, KilledWorker) as exc:
                    LOGGER.warning("Dask batch of %d documents failed (%s); retrying one by one",
                                   len(batch), type(exc).__name__)
                    fut.cancel()
                    yield from self._isolate(batch, pipe)
                    fill()
                    continue
                except ConflictLensError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a worker-side failure is reported, coded
                    raise ScaleError(Errors.E125.format(reason=f"{type(exc).__name__}: {exc}")) from exc
                for k, v in timings.items():
                    pipe.timings[k] = pipe.timings.get(k, 0.0) + v
                yield from results
                fill()
        finally:
            for _, fut in window:
                fut.cancel()

    def _isolate(self, batch: list[Document], pipe: Pipeline) -> Iterator[DocResult]:
        from distributed import KilledWorker

        for doc in batch:
            fut = self._submit([doc])
            try:
                results, timings = fut.result(timeout=self._deadline(1))
            except TimeoutError:
                fut.cancel()
                yield DocResult(document=doc, stage_versions=dict(pipe.stage_versions),
                                error=Errors.E121.format(path=doc.path, seconds=int(self._deadline(1))))
                continue
            except KilledWorker as exc:
                yield DocResult(document=doc, stage_versions=dict(pipe.stage_versions),
                                error=Errors.E120.format(path=doc.path, reason=f"Dask: {exc}"))
                continue
            for k, v in timings.items():
                pipe.timings[k] = pipe.timings.get(k, 0.0) + v
            yield from results

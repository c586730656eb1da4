"""The Dask worker plugin that builds conflictlens's pipeline on each worker as it joins.

A module of its own because it imports ``distributed`` at import time: only Dask runs load it.
"""
from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from ..config import Settings
from .dask_runner import _inherited_pipe, _worker_pipe
from .lean import keep_unused_modules_out
from .pool import WORKER_BLAS_THREADS


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy model and the stages' resources on every worker, in parallel, before
    the first task (``DaskRunner`` registers it once per run). A worker forked from a parent
    that had loaded them (local cluster, ``worker_start = "fork"``) finds them already
    built and only limits its BLAS threads.

    ``lean`` (workers of a local cluster, which conflictlens started) also keeps unused heavy
    modules out of the worker (scale/lean.py) before spaCy is imported there.
    """

    name = "conflictlens-pipeline"

    def __init__(self, settings: Settings, only: list[str] | None, lean: bool):
        self.settings = settings
        self.only = only
        self.lean = lean

    def setup(self, worker) -> None:
        if _inherited_pipe(self.settings, self.only):
            from threadpoolctl import threadpool_limits

            threadpool_limits(WORKER_BLAS_THREADS)
            return
        if self.lean:
            keep_unused_modules_out()
        _worker_pipe(self.settings, self.only)

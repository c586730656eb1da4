"""Scale: all cores by default (process pool), Dask-distributed runs, bounded memory.

``runner.analyze`` stays the single writer; the runners here only turn batches of
documents into DocResults elsewhere (worker processes, Dask workers) and stream them back.
"""
from __future__ import annotations

from .dask_runner import DaskRunner, ScaleError, parse_dask_option
from .pool import ProcessPoolRunner, available_cores

# Below this many documents to analyse, the default (workers = all cores) runs in-process:
# starting worker processes and loading spaCy in each costs ~3-8 s, about what one process
# spends on 100-200 documents. Calibrated with bench/scale.py (workers 2 vs 1) on FA-KES.
PARALLEL_MIN_DOCS = 200

__all__ = ["DaskRunner", "ProcessPoolRunner", "ScaleError", "PARALLEL_MIN_DOCS",
           "available_cores", "parse_dask_option", "resolve_workers"]


def resolve_workers(value: int | None) -> int:
    """0 or None -> all available cores; a positive number as is; negative raises E122."""
    from ..errors import Errors

    if value is None or value == 0:
        return available_cores()
    if value < 0:
        raise ScaleError(Errors.E122.format(value=value))
    return value

"""Keep modules conflictlens never uses out of the processes it starts.

thinc (spaCy's machine-learning library) imports PyTorch at import time whenever it is
installed, only to offer PyTorch layers; the spaCy pipeline and every stage here run on
numpy and onnxruntime. PyTorch is no dependency of conflictlens (``requirements.lock`` has
none), but another package in the same environment may have pulled it in. Measured on the
development machine (2026-11-28, bench/scale.py rss and a step-by-step RSS trace):
``import spacy`` with PyTorch installed 549 MB RSS and 3-8 s; without it 25 MB and 1-3 s,
in every process (CLI, each pool worker, each Dask worker).

Only processes conflictlens owns call this (``conflictlens analyze``, the process-pool
workers, the workers of a ``--dask local:N`` cluster): a user's own process calling the
library keeps whatever it imports.
"""
from __future__ import annotations

import logging
import sys

LOGGER = logging.getLogger(__name__)

# Modules imported by dependencies of dependencies although no conflictlens code path uses
# them. Re-run bench/scale.py rss (and tests/scale) if a stage ever needs one of them.
UNUSED_HEAVY_MODULES = ("torch",)


def keep_unused_modules_out() -> list[str]:
    """Make ``import torch`` fail fast (ModuleNotFoundError, which thinc expects when PyTorch
    is absent) in this process; a module already imported is left alone. Returns the
    modules blocked now."""
    blocked = []
    for name in UNUSED_HEAVY_MODULES:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # the documented import block
            blocked.append(name)
    if blocked:
        LOGGER.debug("not importing unused modules: %s", ", ".join(blocked))
    return blocked

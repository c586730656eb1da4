"""conflictlens: sourced, structured pictures of armed conflicts from news and opinion articles.

    import conflictlens as cl
    r = cl.analyze(["The army shelled Aleppo on Monday.", "reports/"])   # texts and/or paths
    r.events, r.actors, r.places, r.claims          # pandas DataFrames
    r.to_arrow("events")                            # the same as Arrow
    r = cl.open("war.duckdb")                       # an existing store
"""
from __future__ import annotations

from typing import Any

from .pipeline import __version__

__all__ = ["Analysis", "__version__", "analyze", "open"]


def __getattr__(name: str) -> Any:
    # The API pulls in the runner (spaCy, DuckDB) only when first used.
    if name in {"analyze", "open", "Analysis"}:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'conflictlens' has no attribute {name!r}")

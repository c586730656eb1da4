"""Catalogues of named, versioned components: per-document stages, corpus stages, exporters.

Components register with decorators; ``registrations.py`` imports every module that
registers, in one place, so the catalogues are complete after ``load_all()``.  Names are
versioned (``"events.plover.v1"``); a snapshot test keeps them from disappearing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import Errors


@dataclass(frozen=True)
class StageInfo:
    """A per-document stage: ``factory(settings)`` returns ``run(sdoc, result) -> list``.

    ``configure_nlp(nlp, settings)`` (optional) adds spaCy components, e.g. an entity ruler.
    ``provides`` names the ``DocResult`` field the returned list is written to.
    """

    name: str
    version: str
    order: int
    provides: str
    requires: tuple[str, ...]
    factory: Callable[[Any], Callable]
    configure_nlp: Callable | None = None


@dataclass(frozen=True)
class CorpusStageInfo:
    """A stage over the whole store, run after documents are written: ``run(store, settings)``."""

    name: str
    version: str
    order: int
    run: Callable


@dataclass(frozen=True)
class ExporterInfo:
    """Writes ``what`` (a table or view) in ``fmt``: ``write(store, out_path_or_None, settings)``."""

    what: str
    fmt: str
    binary: bool
    write: Callable
    help: str = ""


@dataclass
class Registry:
    stages: dict[str, StageInfo] = field(default_factory=dict)
    corpus_stages: dict[str, CorpusStageInfo] = field(default_factory=dict)
    exporters: dict[tuple[str, str], ExporterInfo] = field(default_factory=dict)

    def stage(self, name: str, *, version: str, order: int, provides: str,
              requires: tuple[str, ...] = (), configure_nlp: Callable | None = None):
        def deco(factory):
            self.stages[name] = StageInfo(name, version, order, provides, requires, factory, configure_nlp)
            return factory
        return deco

    def corpus_stage(self, name: str, *, version: str, order: int):
        def deco(fn):
            self.corpus_stages[name] = CorpusStageInfo(name, version, order, fn)
            return fn
        return deco

    def exporter(self, what: str, fmt: str, *, binary: bool = False, help: str = ""):
        def deco(fn):
            self.exporters[(what, fmt)] = ExporterInfo(what, fmt, binary, fn, help)
            return fn
        return deco

    def ordered_stages(self) -> list[StageInfo]:
        return sorted(self.stages.values(), key=lambda s: s.order)

    def ordered_corpus_stages(self) -> list[CorpusStageInfo]:
        return sorted(self.corpus_stages.values(), key=lambda s: s.order)

    def get_exporter(self, what: str, fmt: str) -> ExporterInfo:
        if (what, fmt) in self.exporters:
            return self.exporters[(what, fmt)]
        whats = sorted({w for w, _ in self.exporters})
        if what not in whats:
            raise KeyError(Errors.E002.format(kind="export target", name=what, options=", ".join(whats)))
        fmts = sorted(f for w, f in self.exporters if w == what)
        raise KeyError(Errors.E802.format(what=what, fmt=fmt, options=", ".join(fmts)))


REGISTRY = Registry()


def load_all() -> Registry:
    """Import every registering module once; returns the filled registry."""
    from . import registrations  # noqa: F401  (side effect: registration)

    return REGISTRY

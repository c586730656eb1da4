"""Run hostile inputs through ``analyze`` and count what happened to each (see scripts/make_hostile_inputs.py).

A case is *handled* when ``analyze`` returns and every input it held was either stored or
reported with a coded message ("[Ennn] path: what to do"); *crashed* when an exception
escapes ``analyze``; *hung* when the case outlives ``CASE_LIMIT_SECONDS`` (checked with a
SIGALRM timer around the whole case, which nests with the per-document limits).
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..config import Settings
from ..pipeline import DocTimeout, Pipeline, time_limit
from ..store import Store

LOGGER = logging.getLogger(__name__)

# Wall-clock limit per case. The slowest legitimate case (1 M tiny files, --full) reads
# ~3,000 files/s; reduced cases take < 20 s each on a loaded 2-core machine.
CASE_LIMIT_SECONDS = 900.0
_CODED = re.compile(r"^\[E\d{3}\] ")


class CaseHung(Exception):
    """The whole case outlived CASE_LIMIT_SECONDS."""


@dataclass
class CaseOutcome:
    case: str
    status: str  # handled, crashed, hung
    seconds: float
    detail: str
    stored: int = 0
    failures: int = 0


@dataclass
class SuiteReport:
    outcomes: list[CaseOutcome] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def tried(self) -> int:
        return len(self.outcomes)

    @property
    def handled(self) -> int:
        return self._count("handled")

    @property
    def crashed(self) -> int:
        return self._count("crashed")

    @property
    def hung(self) -> int:
        return self._count("hung")

    def summary(self) -> str:
        return f"cases tried {self.tried}, handled {self.handled}, crashed {self.crashed}, hung {self.hung}"


def run_suite(cases: Iterable[Path], store: Store, settings: Settings, *,
              pipeline: Pipeline | None = None, case_limit: float = CASE_LIMIT_SECONDS) -> SuiteReport:
    """Analyse each case (a file or folder) into ``store`` in-process; never raises per case."""
    from ..runner import analyze

    pipe = pipeline or Pipeline(settings)
    report = SuiteReport()
    for case in cases:
        t0 = time.perf_counter()
        name = Path(case).name
        try:
            with time_limit(case_limit):
                res = analyze([str(case)], store, settings, pipeline=pipe, workers=1)
        except DocTimeout:
            report.outcomes.append(CaseOutcome(name, "hung", time.perf_counter() - t0,
                                               f"no answer within {case_limit:.0f}s"))
            continue
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            LOGGER.exception("case %s crashed the run", name)
            report.outcomes.append(CaseOutcome(name, "crashed", time.perf_counter() - t0,
                                               f"{type(exc).__name__}: {exc}"[:300]))
            continue
        uncoded = [f.message for f in res.failures if not _CODED.match(f.message)]
        codes = sorted({f.code for f in res.failures})
        if uncoded:
            status, detail = "crashed", f"uncoded error: {uncoded[0][:200]}"
        else:
            status = "handled"
            detail = (f"stored {res.stored}, unchanged {res.unchanged}, non-English {res.non_english}"
                      + (f", errors {len(res.failures)} {','.join(codes)}" if res.failures else ""))
        report.outcomes.append(CaseOutcome(name, status, time.perf_counter() - t0, detail,
                                           stored=res.stored, failures=len(res.failures)))
    return report

"""Benchmark: time the claims stage against the rest of the pipeline, in one run.

``python -m conflictlens.claims.bench [PATH ...]`` (default: ../shared/corpus/seeds) runs
the full registered pipeline on the documents, then the claims corpus stage on an
in-memory store, and prints seconds per stage and the ratio
claims / (everything else). The issue's budget: claims add < 100% (ratio < 1.0).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ..config import load_settings
from ..pipeline import Pipeline
from ..runner import analyze
from ..store import Store
from .corpus import cluster_claims

DEFAULT = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "seeds"


def bench(paths: list[str]) -> dict:
    settings = load_settings()
    pipe = Pipeline(settings)
    store = Store(":memory:")
    report = analyze(paths, store, settings, pipeline=pipe, force=True)
    t0 = time.perf_counter()
    cluster_claims(store, settings)  # measured on its own (analyze already ran it once)
    cluster_s = time.perf_counter() - t0
    timings = dict(pipe.timings)
    claims_s = timings.get("claims", 0.0) + cluster_s
    rest = sum(v for k, v in timings.items() if k != "claims")
    return {"documents": report.stored, "failures": len(report.failures), "timings": timings,
            "claims_cluster_s": cluster_s, "claims_total_s": claims_s, "rest_s": rest,
            "ratio_claims_over_rest": claims_s / rest if rest else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    a = ap.parse_args()
    print(json.dumps(bench(a.paths), indent=1))  # noqa: T201 - command-line entry point


if __name__ == "__main__":
    main()

"""Benchmark: time the claims stage against the rest of the pipeline, in one run.

``python -m conflictlens.claims.bench [PATH ...]`` (default: ../shared/corpus/seeds) runs
the full registered pipeline on the documents, then the claims corpus stage on an
in-memory store, and prints seconds per stage and the ratio
claims / (everything else). The issue's budget: claims add < 100% (ratio < 1.0).

``python -m conflictlens.claims.bench --stance-batches 1,8,32`` times the stance
cross-encoder alone on the train-internal held-out Perspectrum pairs at each batch size
(pairs sorted by length, padded to the batch's longest) and prints how far each pair's
score moves from its unbatched score.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from ..config import load_settings
from ..pipeline import Pipeline
from ..runner import analyze
from ..store import Store
from .corpus import cluster_claims

DEFAULT = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "seeds"


def bench(paths: list[str]) -> dict:
    """Wall-clock ratio (the issue's figure) and the same ratio in CPU seconds of this process
    (steadier when other jobs share the machine); the load average before and after, since a
    ratio measured beside another heavy job is not comparable."""
    load_before = os.getloadavg()
    settings = load_settings()
    pipe = Pipeline(settings)
    store = Store(":memory:")
    report = analyze(paths, store, settings, pipeline=pipe, force=True)
    t0, c0 = time.perf_counter(), time.process_time()
    cluster_claims(store, settings)  # measured on its own (analyze already ran it once)
    cluster_s, cluster_cpu = time.perf_counter() - t0, time.process_time() - c0
    timings, cpu = dict(pipe.timings), dict(pipe.cpu_timings)
    claims_s = timings.get("claims", 0.0) + cluster_s
    rest = sum(v for k, v in timings.items() if k != "claims")
    claims_cpu = cpu.get("claims", 0.0) + cluster_cpu
    rest_cpu = sum(v for k, v in cpu.items() if k != "claims")
    return {"documents": report.stored, "failures": len(report.failures), "timings": timings,
            "claims_cluster_s": cluster_s, "claims_total_s": claims_s, "rest_s": rest,
            "ratio_claims_over_rest": claims_s / rest if rest else None,
            "cpu_timings": cpu, "ratio_cpu": claims_cpu / rest_cpu if rest_cpu else None,
            "loadavg_before": load_before, "loadavg_after": os.getloadavg()}


def bench_stance_batches(batches: list[int]) -> dict:
    """Seconds for the held-out pairs at each batch size, and the largest score change vs batch 1."""
    import numpy as np

    from .stance import support_proba
    from .train import DEFAULT_DATA, training_pairs

    _, held = training_pairs(DEFAULT_DATA)
    claims, texts = [c for c, _, _ in held], [t for _, t, _ in held]
    support_proba(claims[:2], texts[:2])  # load the session outside the timings
    out, base = {"pairs": len(held)}, None
    for b in sorted(set(batches)):
        t0 = time.perf_counter()
        p = support_proba(claims, texts, batch_size=b)
        row = {"seconds": round(time.perf_counter() - t0, 3)}
        if base is None:
            base = p
        row["max_abs_change"] = float(np.abs(p - base).max())
        row["decisions_changed"] = int(((p >= 0.5) != (base >= 0.5)).sum())
        out[f"batch_{b}"] = row
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    ap.add_argument("--stance-batches", default=None, help="e.g. 1,8,32: time the stance model alone at these batch sizes")
    a = ap.parse_args()
    if a.stance_batches:
        result = bench_stance_batches([int(x) for x in a.stance_batches.split(",")])
    else:
        result = bench(a.paths)
    print(json.dumps(result, indent=1))  # noqa: T201 - command-line entry point


if __name__ == "__main__":
    main()

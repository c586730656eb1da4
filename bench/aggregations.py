"""Benchmark: aggregations (dyads, places, actors x month) on N synthetic events. Target < 2 s each.

    .venv/bin/python bench/aggregations.py --events 1000000 [--threads 1]

Builds the store with bench/synthetic.py (DuckDB SQL, deterministic), scores intensity
(the analytics.intensity corpus stage), then times each aggregation query end to end
(SQL -> Arrow table), best of --repeat runs, unsorted and sorted (period, events desc).
Wall seconds are the target; CPU seconds (all DuckDB threads) are printed too, because on a
shared machine the wall time mostly measures the other jobs (compare `uptime`'s load). Prints one line per query and a JSON summary.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conflictlens.analytics import aggregate, score_events  # noqa: E402
from synthetic import make_store  # noqa: E402

TARGET_SECONDS = 2.0  # issue 10: "aggregations on 1 million synthetic events return in < 2 s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default=":memory:", help="store path (default: in memory)")
    ap.add_argument("--period", default="month")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (0 = DuckDB default)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    store = make_store(args.db, args.events)
    build = time.perf_counter() - t0
    if args.threads:
        store.con.execute(f"SET threads = {args.threads}")
    t0 = time.perf_counter()
    score_events(store)
    scoring = time.perf_counter() - t0
    print(f"load average {os.getloadavg()[0]:.1f}; DuckDB threads {args.threads or 'default'}")
    print(f"{args.events:,} synthetic events built in {build:.1f} s; intensity scored in {scoring:.2f} s")
    results = {}
    for kind in ("dyads", "places", "actors"):
        for sort in (False, True):
            best, cpu, rows = float("inf"), float("inf"), 0
            for _ in range(args.repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                rows = aggregate(store, kind, args.period, sort=sort).num_rows
                best = min(best, time.perf_counter() - t0)
                cpu = min(cpu, time.process_time() - c0)
            name = f"{kind}{' sorted' if sort else ''}"
            results[name] = {"seconds": round(best, 3), "cpu_seconds": round(cpu, 3), "rows": rows,
                             "ok": best < TARGET_SECONDS}
            print(f"{name:14s} x {args.period}: {best:.3f} s wall, {cpu:.3f} s CPU  ({rows:,} rows)  "
                  f"{'OK' if best < TARGET_SECONDS else 'SLOW'}", flush=True)
    store.close()
    print(json.dumps({"events": args.events, "period": args.period, "intensity_seconds": round(scoring, 3),
                      "threads": args.threads or "default", "results": results}))
    return 0 if all(r["ok"] for k, r in results.items() if "sorted" not in k) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Scale benchmarks, measured side by side in one run; prints ratios.

    .venv/bin/python bench/scale.py                       # all sections on FA-KES (or the demo corpus)
    .venv/bin/python bench/scale.py workers dask rerun --limit 200
    .venv/bin/python bench/scale.py rss --rss-docs 10000 100000 --rss-workers 2

Sections:
  workers  analyze --workers 2 vs --workers 1 (wall clock, models loaded inside both)   goal >= 1.8x
  dask     Dask LocalCluster of 2 workers vs 1 process (cluster start-up shown apart)   goal >= 1.7x
  rerun    second run on unchanged input vs the first                                   goal >= 50x
  rss      peak RSS (parent + worker processes) of 'conflictlens analyze' on synthetic
           corpora of each size (bench/gen_corpus.py)                                    goal: flat, < 1.5 GB
Each section prints what limits it. With 2 cores shared with other jobs, ratios measure the
machine's spare capacity as much as the code: the load average is printed beside them.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from gen_corpus import write_corpus  # noqa: E402
from throughput import corpus_path, machine  # noqa: E402

from conflictlens.config import load_settings  # noqa: E402
from conflictlens.runner import analyze  # noqa: E402
from conflictlens.scale import DaskRunner  # noqa: E402
from conflictlens.store import Store  # noqa: E402

CLI = str(Path(sys.executable).with_name("conflictlens"))
# Seconds between RSS samples: fine enough to catch a batch's peak (a batch takes > 1 s).
RSS_SAMPLE_SECONDS = 0.2


def _limited(path: Path, limit: int | None, tmp: Path) -> Path:
    """The corpus, or its first ``limit`` records as JSONL (via ingest, so any format works)."""
    if not limit:
        return path
    from conflictlens.ingest import IngestFailure, read_inputs

    out = tmp / "limited.jsonl"
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for item in read_inputs([str(path)], load_settings()):
            if isinstance(item, IngestFailure):
                continue
            fh.write(json.dumps({"text": item.text, "title": item.title, "outlet": item.outlet,
                                 "published": item.published, "row": item.path.rsplit("#", 1)[-1]}) + "\n")
            n += 1
            if n >= limit:
                break
    return out


def _timed_analyze(src: Path, db: Path, **kw) -> tuple[float, object]:
    settings = load_settings()
    with Store(db) as store:
        t0 = time.perf_counter()
        report = analyze([str(src)], store, settings, **kw)
        return time.perf_counter() - t0, report


def bench_workers(src: Path, tmp: Path, results: dict) -> None:
    t1, r1 = _timed_analyze(src, tmp / "w1.duckdb", workers=1)
    t2, r2 = _timed_analyze(src, tmp / "w2.duckdb", workers=2)
    results["workers"] = {"workers1_s": t1, "workers2_s": t2, "ratio": t1 / t2, "docs": r1.stored + len(r1.failures)}
    print(f"workers  : --workers 1 {t1:7.1f} s | --workers 2 {t2:7.1f} s | speed-up {t1 / t2:.2f}x (goal >= 1.8x)"
          f"  [{r1.stored} stored]")
    results["_w1_db"] = str(tmp / "w1.duckdb")
    results["_w1_s"] = t1


def bench_dask(src: Path, tmp: Path, results: dict) -> None:
    t1 = results.get("_w1_s")
    if t1 is None:
        t1, _ = _timed_analyze(src, tmp / "d1.duckdb", workers=1)
    settings = load_settings()
    t0 = time.perf_counter()
    with DaskRunner(settings, local_workers=2) as runner:
        t_start = time.perf_counter() - t0
        td, rd = _timed_analyze(src, tmp / "dask.duckdb", results=runner)
    results["dask"] = {"single_s": t1, "dask2_s": td, "cluster_start_s": t_start, "ratio": t1 / td,
                       "ratio_with_start": t1 / (td + t_start)}
    print(f"dask     : 1 process {t1:7.1f} s | LocalCluster(2) {td:7.1f} s (+{t_start:.1f} s cluster start) | "
          f"speed-up {t1 / td:.2f}x, {t1 / (td + t_start):.2f}x with start (goal >= 1.7x)  [{rd.stored} stored]")


def bench_rerun(src: Path, tmp: Path, results: dict) -> None:
    db = Path(results["_w1_db"]) if "_w1_db" in results else tmp / "r.duckdb"
    if "_w1_s" in results:
        t_first = results["_w1_s"]
    else:
        t_first, _ = _timed_analyze(src, db, workers=1)
    t_again, r = _timed_analyze(src, db, workers=1)
    results["rerun"] = {"first_s": t_first, "rerun_s": t_again, "ratio": t_first / t_again, "unchanged": r.unchanged}
    print(f"rerun    : first {t_first:7.1f} s | unchanged re-run {t_again:6.2f} s | {t_first / t_again:.0f}x faster "
          f"(goal >= 50x)  [{r.unchanged} unchanged, {r.stored} re-analysed]")


def _peak_rss(cmd: list[str], log: Path) -> tuple[float, float, float, int]:
    """Run ``cmd``; (peak RSS and peak PSS of it and its children in MB, seconds, exit code).

    RSS counts pages shared between processes once per process; PSS splits them fairly.
    """
    import psutil

    with log.open("w") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
        ps = psutil.Process(proc.pid)
        peak = peak_pss = 0
        while proc.poll() is None:
            try:
                procs = [ps, *ps.children(recursive=True)]
                total = total_pss = 0
                for p in procs:
                    try:
                        info = p.memory_full_info()
                        total += info.rss
                        total_pss += getattr(info, "pss", info.rss)
                    except psutil.Error:
                        pass
                peak = max(peak, total)
                peak_pss = max(peak_pss, total_pss)
            except psutil.Error:
                pass
            time.sleep(RSS_SAMPLE_SECONDS)
        return peak / 1e6, peak_pss / 1e6, time.perf_counter() - t0, proc.returncode


def bench_rss(tmp: Path, sizes: list[int], workers: int, results: dict) -> None:
    rows = []
    for n in sizes:
        corpus = write_corpus(tmp / f"syn{n}.jsonl", n)
        db = tmp / f"syn{n}.duckdb"
        peak, pss, secs, rc = _peak_rss([CLI, "analyze", str(corpus), "--db", str(db), "--workers", str(workers)],
                                   tmp / f"syn{n}.log")
        with Store(db, read_only=True) as store:
            stored = store.counts()["documents"]
        rows.append({"docs": n, "peak_rss_mb": peak, "peak_pss_mb": pss, "seconds": secs, "exit": rc,
                     "stored": stored, "workers": workers})
        print(f"rss      : {n:>7,} synthetic docs, --workers {workers}: peak RSS {peak:7.0f} MB, PSS {pss:7.0f} MB "
              f"(goal < 1500 MB), {secs:7.0f} s, {n / secs:6.1f} docs/s, stored {stored}, exit {rc}")
        db.unlink(missing_ok=True)
        corpus.unlink(missing_ok=True)
    results["rss"] = rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sections", nargs="*", default=["workers", "dask", "rerun", "rss"],
                    choices=["workers", "dask", "rerun", "rss"])
    ap.add_argument("--limit", type=int, default=None, help="first N documents of the corpus only")
    ap.add_argument("--rss-docs", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--rss-workers", type=int, default=0, help="workers for the RSS runs (0 = all cores)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("distributed").setLevel(logging.ERROR)
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine()}
    print(f"scale bench — {results['date']} — {results['machine']}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        src = _limited(corpus_path(), args.limit, tmp)
        results["corpus"] = f"{corpus_path().name}" + (f" (first {args.limit})" if args.limit else "")
        print(f"corpus   : {results['corpus']}")
        for section in ["workers", "dask", "rerun", "rss"]:
            if section not in args.sections:
                continue
            if section == "workers":
                bench_workers(src, tmp, results)
            elif section == "dask":
                bench_dask(src, tmp, results)
            elif section == "rerun":
                bench_rerun(src, tmp, results)
            else:
                bench_rss(tmp, args.rss_docs, args.rss_workers, results)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({k: v for k, v in results.items() if not k.startswith("_")}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Scale benchmarks, measured side by side in one run; prints ratios.

    .venv/bin/python bench/scale.py                       # all sections on FA-KES (or the demo corpus)
    .venv/bin/python bench/scale.py workers dask rerun --limit 402
    .venv/bin/python bench/scale.py rss --rss-docs 10000 100000 --rss-workers 2
    .venv/bin/python bench/scale.py rss --rss-docs 100000 --rss-workers 2 --rss-keep /tmp/syn --rss-phase documents
    .venv/bin/python bench/scale.py rss --rss-docs 100000 --rss-workers 2 --rss-keep /tmp/syn --rss-phase corpus

Every run is a real `conflictlens analyze` command, timed from its start to its exit (Python
start-up, imports, model loading, the Dask cluster's start and the corpus stages included on
both sides of every ratio), on the same input, with its memory sampled meanwhile.
Sections:
  workers  --workers 2 vs --workers 1 (--spawn-too: also --workers 2 with spawned workers)  goal >= 1.8x
  dask     --dask local:2 vs --workers 1                                                    goal >= 1.7x
  rerun    second run on unchanged input vs the first                                       goal >= 50x
  rss      peak RSS (largest process, and parent + workers summed) and PSS of analyze on
           synthetic corpora of each size (bench/gen_corpus.py)                              goal: flat, < 1.5 GB
With 2 cores shared with other jobs, ratios measure the machine's spare capacity as much as
the code: the load average before and after each run is printed beside it.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from gen_corpus import write_corpus  # noqa: E402
from throughput import corpus_path, machine  # noqa: E402

from conflictlens.config import load_settings  # noqa: E402
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


def _analyze_cmd(src: Path, db: Path, *opts: str) -> list[str]:
    return [CLI, "analyze", str(src), "--db", str(db), *opts]


def _config(tmp: Path, **analysis) -> Path:
    """A settings file overriding [analysis] keys (e.g. worker_start = "spawn")."""
    path = tmp / ("cfg_" + "_".join(f"{k}-{v}" for k, v in analysis.items()) + ".toml")
    path.write_text("[analysis]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in analysis.items()))
    return path


def _cli_run(name: str, cmd: list[str], tmp: Path, results: dict, marker: str | None = None,
             must_succeed: bool = True) -> dict:
    """Run one analyze command; its wall time, peak memory and the load average around it."""
    load0 = os.getloadavg()[0]
    run = _peak_rss(cmd, tmp / f"{name}.log", marker)
    run["load_before"], run["load_after"] = load0, os.getloadavg()[0]
    if must_succeed and run["exit"] not in (0, 3):
        print((tmp / f"{name}.log").read_text()[-2000:])
        raise SystemExit(f"{name}: analyze exited with {run['exit']}")
    results.setdefault("runs", {})[name] = run
    return run


def _mem(run: dict) -> str:
    return (f"CPU {run['cpu_s']:.0f} s; peak RSS {run['peak_rss_mb']:5.0f} MB largest process, "
            f"{run['peak_total_rss_mb']:5.0f} MB all, PSS {run['peak_pss_mb']:5.0f} MB; "
            f"load {run['load_before']:.1f}->{run['load_after']:.1f}")


def _single(src: Path, tmp: Path, results: dict) -> dict:
    if "w1" not in results.get("runs", {}):
        run = _cli_run("w1", _analyze_cmd(src, tmp / "w1.duckdb", "--workers", "1"), tmp, results)
        print(f"single   : --workers 1 {run['seconds']:7.1f} s  ({_mem(run)})")
    return results["runs"]["w1"]


def bench_workers(src: Path, tmp: Path, results: dict, spawn_too: bool = False) -> None:
    r1 = _single(src, tmp, results)
    r2 = _cli_run("w2", _analyze_cmd(src, tmp / "w2.duckdb", "--workers", "2"), tmp, results)
    ratio = r1["seconds"] / r2["seconds"]
    results["workers"] = {"workers1_s": r1["seconds"], "workers2_s": r2["seconds"], "ratio": ratio}
    print(f"workers  : --workers 1 {r1['seconds']:7.1f} s | --workers 2 {r2['seconds']:7.1f} s | "
          f"speed-up {ratio:.2f}x (goal >= 1.8x)  ({_mem(r2)})")
    if spawn_too:
        cfg = _config(tmp, worker_start="spawn")
        r3 = _cli_run("w2spawn", _analyze_cmd(src, tmp / "w2s.duckdb", "--workers", "2", "--config", str(cfg)),
                      tmp, results)
        results["workers"]["workers2_spawn_s"] = r3["seconds"]
        print(f"workers  : --workers 2, spawned workers {r3['seconds']:7.1f} s | speed-up "
              f"{r1['seconds'] / r3['seconds']:.2f}x  ({_mem(r3)})")


def bench_dask(src: Path, tmp: Path, results: dict) -> None:
    r1 = _single(src, tmp, results)
    rd = _cli_run("dask2", _analyze_cmd(src, tmp / "dask.duckdb", "--dask", "local:2"), tmp, results)
    ratio = r1["seconds"] / rd["seconds"]
    results["dask"] = {"single_s": r1["seconds"], "dask2_s": rd["seconds"], "ratio": ratio}
    print(f"dask     : --workers 1 {r1['seconds']:7.1f} s | --dask local:2 {rd['seconds']:7.1f} s (cluster start "
          f"included) | speed-up {ratio:.2f}x (goal >= 1.7x)  ({_mem(rd)})")


def bench_rerun(src: Path, tmp: Path, results: dict) -> None:
    r1 = _single(src, tmp, results)
    again = _cli_run("rerun", _analyze_cmd(src, tmp / "w1.duckdb", "--workers", "1"), tmp, results)
    ratio = r1["seconds"] / again["seconds"]
    # The same re-run as a library call in this (already imported) process: analyze() alone.
    from conflictlens.registry import load_all
    from conflictlens.runner import analyze

    load_all()  # imports once, outside the clock (a long-lived caller has them already)
    with Store(tmp / "w1.duckdb") as store:
        t0 = time.perf_counter()
        report = analyze([str(src)], store, load_settings(), workers=1)
        t_call = time.perf_counter() - t0
    results["rerun"] = {"first_s": r1["seconds"], "rerun_s": again["seconds"], "ratio": ratio,
                        "rerun_call_s": t_call, "ratio_call": r1["seconds"] / t_call, "unchanged": report.unchanged}
    print(f"rerun    : first {r1['seconds']:7.1f} s | unchanged re-run {again['seconds']:6.2f} s (whole command: "
          f"Python start and imports included) = {ratio:.0f}x faster; analyze() call alone {t_call:.2f} s = "
          f"{r1['seconds'] / t_call:.0f}x (goal >= 50x)  [{report.unchanged} unchanged]")


def _last_committed(log: Path, tail_bytes: int = 4096) -> int | None:
    """Documents committed so far, from the last "committed N documents" line of a -v log."""
    try:
        with log.open("rb") as fh:
            fh.seek(max(0, log.stat().st_size - tail_bytes))
            tail = fh.read().decode("utf-8", "replace")
    except OSError:
        return None
    hits = re.findall(r"committed (\d+) documents so far", tail)
    return int(hits[-1]) if hits else None


def _peak_rss(cmd: list[str], log: Path, marker: str | None = None, sample_s: float = RSS_SAMPLE_SECONDS,
              stop_at_marker: bool = False, timeline_s: float = 0.0, timeline_file: Path | None = None) -> dict:
    """Run ``cmd``; its seconds, exit code and peak memory (MB) sampled every ``sample_s``:
    the largest single process's RSS, the sum of RSS over it and its children, and the sum of
    PSS (pages shared between processes, e.g. forked copy-on-write models, split fairly).
    With ``marker`` (a log line the command prints, e.g. "corpus stage"), the same peaks are
    also kept apart for the time before the marker first appears; ``stop_at_marker`` then
    kills the command there (SIGKILL, the way a crash would: the store keeps every committed
    document and its corpus_stages_pending flag, so the same command later runs only the
    corpus stages). ``timeline_s`` > 0: every that many seconds, one row (seconds, documents
    committed, parent RSS, PSS of all, and RSS/PSS/USS of each process, parent first) goes to
    ``run["timeline"]`` and, as it is taken, to ``timeline_file`` (JSON lines)."""
    import psutil

    with log.open("w") as fh:
        t0 = time.perf_counter()
        # Wide lines: the CLI's log lines are not wrapped in the log file.
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "250"})
        ps = psutil.Process(proc.pid)
        peak_one = peak_total = peak_pss = 0
        at_peak: dict = {}  # the sample with the highest PSS of all: seconds, committed, each process
        cpu: dict[int, float] = {}  # pid -> last seen user + system seconds
        before: dict | None = None
        timeline: list[dict] = []
        next_row = 0.0
        killed = False
        while proc.poll() is None:
            now = time.perf_counter() - t0
            if marker and before is None and marker in _log_tail(log):
                before = {"peak_rss_mb": peak_one / 1e6, "peak_total_rss_mb": peak_total / 1e6,
                          "peak_pss_mb": peak_pss / 1e6, "seconds": now,
                          "cpu_s": sum(cpu.values()), "committed": _last_committed(log),
                          "at_peak_pss": dict(at_peak)}
                if stop_at_marker:
                    for p in [*ps.children(recursive=True), ps]:
                        try:
                            p.kill()
                        except psutil.Error:
                            pass
                    killed = True
                    proc.wait()
                    break
            try:
                procs = [ps, *ps.children(recursive=True)]
                total = total_pss = parent_rss = 0
                each: list[dict] = []  # per process (parent first): RSS, PSS, USS in MB
                for p in procs:
                    try:
                        info = p.memory_full_info()
                        times = p.cpu_times()
                        cpu[p.pid] = times.user + times.system
                        total += info.rss
                        total_pss += getattr(info, "pss", info.rss)
                        peak_one = max(peak_one, info.rss)
                        if p.pid == proc.pid:
                            parent_rss = info.rss
                        each.append({"pid": p.pid, "rss": round(info.rss / 1e6),
                                     "pss": round(getattr(info, "pss", info.rss) / 1e6),
                                     "uss": round(getattr(info, "uss", info.rss) / 1e6)})
                    except psutil.Error:
                        pass
                peak_total = max(peak_total, total)
                if total_pss > peak_pss:
                    at_peak = {"s": round(now, 1), "committed": _last_committed(log),
                               "all_pss_mb": round(total_pss / 1e6), "procs": each}
                peak_pss = max(peak_pss, total_pss)
                if timeline_s and now >= next_row:
                    timeline.append({"s": round(now, 1), "committed": _last_committed(log),
                                     "parent_rss_mb": round(parent_rss / 1e6), "all_pss_mb": round(total_pss / 1e6),
                                     "load": round(os.getloadavg()[0], 2), "procs": each})
                    if timeline_file is not None:
                        with timeline_file.open("a") as tf:
                            tf.write(json.dumps(timeline[-1]) + "\n")
                    next_row = now + timeline_s
            except psutil.Error:
                pass
            time.sleep(sample_s)
        # CPU seconds of every process seen (the last sample of each: a lower bound).
        out = {"seconds": time.perf_counter() - t0, "exit": proc.returncode, "cpu_s": sum(cpu.values()),
               "peak_rss_mb": peak_one / 1e6,
               "peak_total_rss_mb": peak_total / 1e6, "peak_pss_mb": peak_pss / 1e6,
               "stopped_at_marker": killed, "at_peak_pss": at_peak}
        if before is not None:
            out["before_marker"] = before
        if timeline:
            out["timeline"] = timeline
        return out


def _log_tail(log: Path, tail_bytes: int = 8192) -> str:
    try:
        with log.open("rb") as fh:
            fh.seek(max(0, log.stat().st_size - tail_bytes))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _growth(timeline: list[dict]) -> str:
    """The parent's RSS growth per committed document between the first and last rows that
    have a committed count (past the first 1,024 documents: warm-up)."""
    rows = [r for r in timeline if r["committed"] and r["committed"] >= 1024]
    if len(rows) < 2 or rows[-1]["committed"] == rows[0]["committed"]:
        return "n/a"
    a, b = rows[0], rows[-1]
    kb = (b["parent_rss_mb"] - a["parent_rss_mb"]) * 1000 / (b["committed"] - a["committed"])
    return (f"{kb:.1f} KB/doc ({a['parent_rss_mb']} MB at {a['committed']:,} -> {b['parent_rss_mb']} MB at "
            f"{b['committed']:,} documents; PSS of all {a['all_pss_mb']} -> {b['all_pss_mb']} MB)")


def _per_process(timeline: list[dict]) -> list[str]:
    """Each process's RSS/PSS/USS (MB) at the first and last timeline rows past 1,024
    committed documents: parent (the writer) and each worker, to tell whose memory grows."""
    rows = [r for r in timeline if r.get("procs") and r["committed"] and r["committed"] >= 1024]
    if len(rows) < 2:
        return []
    a, b = rows[0], rows[-1]
    out = []
    for i, p in enumerate(b["procs"]):
        first = next((q for q in a["procs"] if q["pid"] == p["pid"]), None)
        who = "parent" if i == 0 else f"worker {p['pid']}"
        was = (f"RSS {first['rss']} PSS {first['pss']} USS {first['uss']} at {a['committed']:,} -> "
               if first else f"(started after {a['committed']:,}) ")
        out.append(f"{who}: {was}RSS {p['rss']} PSS {p['pss']} USS {p['uss']} MB at {b['committed']:,} documents")
    return out


def bench_rss(tmp: Path, sizes: list[int], workers: int, results: dict, keep: Path | None = None,
              phase: str = "both", sample_s: float | None = None, config: Path | None = None) -> None:
    """``phase``: "both" (one command, documents then corpus stages, phases split at the first
    "corpus stage" log line), "documents" (stop the command when its corpus stages start; the
    store is kept in ``keep``), "corpus" (re-run the same command on the kept store: every
    document is skipped by hash, only the pending corpus stages run)."""
    rows = []
    where = keep or tmp
    where.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        corpus = where / f"syn{n}.jsonl"
        if phase != "corpus" or not corpus.exists():
            write_corpus(corpus, n)
        db = where / f"syn{n}.duckdb"
        if phase != "corpus":
            db.unlink(missing_ok=True)
        # -v: the runner logs each corpus stage, which splits the per-document phase from them.
        cmd = [CLI, "-v", *_analyze_cmd(corpus, db, "--workers", str(workers))[1:],
               *(["--config", str(config)] if config else [])]
        # Large runs: sample less often (each sample reads every process's smaps).
        every = sample_s if sample_s else (RSS_SAMPLE_SECONDS if n <= 20_000 else 1.0)
        name = f"syn{n}" + ("" if phase == "both" else f"_{phase}")
        load0 = os.getloadavg()[0]
        tl = where / f"{name}_timeline.jsonl"
        tl.unlink(missing_ok=True)
        run = _peak_rss(cmd, where / f"{name}.log", marker="corpus stage", sample_s=every,
                        stop_at_marker=phase == "documents", timeline_s=30.0, timeline_file=tl)
        run["load_before"], run["load_after"] = load0, os.getloadavg()[0]
        results.setdefault("runs", {})[name] = run
        with Store(db, read_only=True) as store:
            run["stored"] = store.counts()["documents"]
            run["claim_mentions"] = store.counts()["claim_mentions"]
            run["corpus_pending"] = store.get_meta("corpus_stages_pending")
        if run["exit"] not in (0, 3) and not run["stopped_at_marker"]:
            print(f"rss      : exit {run['exit']}; last lines: "
                  + " | ".join((where / f"{name}.log").read_text(errors="replace").splitlines()[-3:]))
        run.update(docs=n, workers=workers, phase=phase)
        rows.append(run)
        what = {"both": "whole command", "documents": "per-document phase only (stopped at the corpus stages)",
                "corpus": "corpus stages only (second invocation: every document skipped by hash)"}[phase]
        print(f"rss      : {n:>7,} synthetic docs, --workers {workers}, {what}: {_mem(run)} (goal < 1500 MB), "
              f"{run['seconds']:7.0f} s, stored {run['stored']:,}, claim mentions {run['claim_mentions']:,}, "
              f"exit {run['exit']}")
        docs_phase = run.get("before_marker")
        if docs_phase and phase != "corpus":
            print(f"rss      :   per-document phase ({docs_phase['seconds']:.0f} s, "
                  f"{n / docs_phase['seconds']:.1f} docs/s, CPU {docs_phase['cpu_s']:.0f} s): peak RSS "
                  f"{docs_phase['peak_rss_mb']:5.0f} MB largest process, {docs_phase['peak_total_rss_mb']:5.0f} MB all, "
                  f"PSS {docs_phase['peak_pss_mb']:5.0f} MB")
        for label, part in (("per-document phase", docs_phase), ("whole run", run)):
            peak = (part or {}).get("at_peak_pss")
            if peak and (label == "per-document phase" or phase != "documents"):
                print(f"rss      :   {label} PSS peak at {peak['s']:.0f} s ({peak['committed'] or 0:,} committed): "
                      + ", ".join(f"{'parent' if i == 0 else 'child'} RSS {p['rss']} PSS {p['pss']} USS {p['uss']}"
                                  for i, p in enumerate(peak["procs"])))
        if run.get("timeline"):
            print(f"rss      :   writer (parent) growth: {_growth(run['timeline'])}")
            for line in _per_process(run["timeline"]):
                print("rss      :   " + line)
        for line in (where / f"{name}.log").read_text(errors="replace").splitlines():
            if "corpus stage" in line and "peak RSS" in line:
                print("rss      :     " + " ".join(line.split()))
        if keep is None:
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
    ap.add_argument("--rss-keep", type=Path, default=None,
                    help="rss: keep corpus, store and logs in this folder (needed for --rss-phase corpus)")
    ap.add_argument("--rss-phase", choices=["both", "documents", "corpus"], default="both",
                    help="rss: both phases in one command, or the per-document phase (stopped when the corpus "
                         "stages start) and later the corpus stages (a second invocation on the kept store)")
    ap.add_argument("--rss-sample", type=float, default=None,
                    help="rss: seconds between memory samples (default 0.2, 1.0 above 20,000 documents)")
    ap.add_argument("--rss-config", type=Path, default=None,
                    help="rss: a settings file passed to analyze (--config), e.g. [analysis] worker_recycle_docs")
    ap.add_argument("--spawn-too", action="store_true", help="workers: also time --workers 2 with spawned workers")
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
                bench_workers(src, tmp, results, args.spawn_too)
            elif section == "dask":
                bench_dask(src, tmp, results)
            elif section == "rerun":
                bench_rerun(src, tmp, results)
            else:
                bench_rss(tmp, args.rss_docs, args.rss_workers, results, args.rss_keep, args.rss_phase,
                          args.rss_sample, args.rss_config)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({k: v for k, v in results.items() if not k.startswith("_")}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where a parallel `analyze` spends its time: the serial part (Amdahl) of --workers N.

    .venv/bin/python bench/parallel_phases.py                 # FA-KES (or the demo corpus), --workers 2
    .venv/bin/python bench/parallel_phases.py --workers 1     # the same phases in one process

Runs `analyze` in this process (like the `conflictlens analyze` command, minus the console)
and prints, from the calling process's side, the wall-clock and CPU seconds of each phase:
imports, start-up to the first task, the model load and fork of the workers, the document
phase, the stores' writes, the corpus stages, and the end. The serial part is everything
during which the workers cannot compute: before their first task and after the last result
(imports, model load, corpus stages, the last writes). Serial seconds / total is the Amdahl
figure: with a serial fraction s of the one-process run, N workers give at most 1 / (s + (1-s)/N).
Timed on a shared machine, the load average is printed beside it.
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

T0, C0 = time.perf_counter(), time.process_time()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from conflictlens.scale.lean import keep_unused_modules_out  # noqa: E402

keep_unused_modules_out()  # as the conflictlens command does

import conflictlens.runner as runner  # noqa: E402
from conflictlens.config import load_settings  # noqa: E402
from conflictlens.registry import load_all  # noqa: E402
from conflictlens.scale import pool  # noqa: E402
from conflictlens.store import Store  # noqa: E402
from throughput import corpus_path, machine  # noqa: E402

load_all()


class Clock:
    """Marks (wall, CPU of this process) and accumulated time inside wrapped functions."""

    def __init__(self):
        self.marks: list[tuple[str, float, float]] = []
        self.inside: dict[str, list[float]] = {}

    def mark(self, what: str) -> None:
        self.marks.append((what, time.perf_counter() - T0, time.process_time() - C0))

    def wrap(self, owner, name: str, label: str) -> None:
        fn = getattr(owner, name)

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                acc = self.inside.setdefault(label, [0.0, 0.0, 0])
                acc[0] += time.perf_counter() - t
                acc[1] += time.process_time() - c
                acc[2] += 1

        setattr(owner, name, timed)

    def at(self, what: str) -> float:
        return next(t for w, t, _ in self.marks if w == what)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=None, help="corpus (default: FA-KES dev, else the demo)")
    args = ap.parse_args(argv)
    clock = Clock()
    clock.mark("imports done")
    clock.wrap(runner.Store, "write_results", "store writes")
    clock.wrap(runner, "run_corpus_stages", "corpus stages")
    clock.wrap(pool.ProcessPoolRunner, "_new_pool", "model load + fork")
    first_task_docs = {}
    original = pool.ProcessPoolRunner.__call__

    def produce(self, batches, pipe):
        clock.mark("first task asked")
        first = True
        for result in original(self, batches, pipe):
            if first:
                clock.mark("first result")
                first = False
            yield result
        clock.mark("last result")

    pool.ProcessPoolRunner.__call__ = produce
    src = args.data or corpus_path()
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "p.duckdb") as store:
        clock.mark("store open")
        if args.workers == 1:  # no pool: the document phase is analyze's own loop
            clock.mark("first task asked")
        report = runner.analyze([str(src)], store, load_settings(), workers=args.workers)
        if args.workers == 1:
            clock.mark("first result")
            clock.mark("last result")
    clock.mark("end")
    total = clock.at("end")
    print(f"parallel phases — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {machine()}")
    print(f"corpus {src.name}: {report.stored} stored, --workers {args.workers} ({report.workers} used); "
          f"load average {load0:.1f} -> {os.getloadavg()[0]:.1f}")
    for what, wall, cpu in clock.marks:
        print(f"  {what:18s} at {wall:7.1f} s   this process's CPU so far {cpu:6.1f} s")
    for label, (wall, cpu, n) in clock.inside.items():
        print(f"  in {label:18s} {wall:7.1f} s wall, {cpu:6.1f} s CPU ({n} calls)")
    corpus = clock.inside.get("corpus stages", [0.0])[0]
    serial_before = clock.at("first task asked") + clock.inside.get("model load + fork", [0.0])[0]
    serial_after = total - clock.at("last result")
    if args.workers > 1:
        serial = serial_before + serial_after
        s = serial / total
        print(f"serial: {serial_before:.1f} s before the workers compute (imports, store, model load, fork) + "
              f"{serial_after:.1f} s after the last result (last writes {serial_after - corpus:.1f}, corpus stages "
              f"{corpus:.1f}) = {serial:.1f} s of {total:.1f} s ({s:.0%} of this run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: time the events stage adds over spine (spaCy) + actors, as a ratio in one run.

    .venv/bin/python -m conflictlens.events.bench [--docs 100] [PATH ...]

Reads the inputs (default: ../shared/corpus/seeds and the first --docs FA-KES articles),
runs NLP + actors + events in one Pipeline and reports ``Pipeline.timings``; the issue's
budget is events / (nlp + actors) < 0.5. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from ..clean import clean_document
from ..config import load_settings
from ..ingest.readers import read_file
from ..pipeline import Pipeline
from ..records import RawDocument

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
BUDGET = 0.5  # issue 5: coding adds < 50% to analysis time over spine + actors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--docs", type=int, default=100, help="at most this many documents")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = load_settings()
    paths = args.paths or sorted((SHARED / "corpus" / "seeds").glob("*.txt")) + [SHARED / "corpus" / "fakes" / "fakes_dev.csv"]
    docs = []
    for p in paths:
        for item in read_file(Path(p), settings):
            if isinstance(item, RawDocument) and len(docs) < args.docs:
                d = clean_document(item)
                if d.language == "en":
                    docs.append(d)
    pipe = Pipeline(settings, only=["actors", "events"])
    t0 = time.perf_counter()
    results = list(pipe.process(docs))
    wall = time.perf_counter() - t0
    t = pipe.timings
    base = t.get("nlp", 0.0) + t.get("actors", 0.0)
    ratio = t.get("events", 0.0) / base if base else float("nan")
    out = {"documents": len(docs), "events": sum(len(r.events) for r in results),
           "chars": sum(len(d.text) for d in docs), "wall_seconds": round(wall, 2),
           "seconds": {k: round(v, 3) for k, v in t.items()}, "events_over_spine_plus_actors": round(ratio, 4),
           "budget": BUDGET, "within_budget": ratio < BUDGET}
    print(json.dumps(out))
    return 0 if ratio < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())

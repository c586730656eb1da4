"""Benchmark: what geoparsing (+ dates) adds to analysis time, and the gazetteer's memory.

    .venv/bin/python -m conflictlens.places.bench [FILES_OR_CSV ...] [--limit N]

Runs the whole per-document pipeline once over the inputs (default: ../shared seeds and
FA-KES dev) and reports, from ``Pipeline.timings`` and ``cpu_timings`` in that one run, the
seconds of each stage (wall and CPU) and the share the places and dates stages add on top of
everything else. Memory: resident-set growth when the gazetteer and its fuzzy index are
loaded (psutil).
"""
from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import json
import logging
from pathlib import Path

LOGGER = logging.getLogger(__name__)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def gazetteer_memory_mb() -> float:
    """Resident memory added by loading the gazetteer (and building its fuzzy index)."""
    import psutil

    from .gazetteer import _load

    gc.collect()
    before = psutil.Process().memory_info().rss
    gaz = _load()
    gaz.fuzzy("Aleppo", 90)
    gc.collect()
    return round((psutil.Process().memory_info().rss - before) / 1e6, 1)


def _documents(paths: list[Path], limit: int | None):
    from ..records import Document

    docs = []
    for p in paths:
        if p.suffix == ".csv":
            with open(p, encoding="utf-8", newline="") as fh:
                for i, r in enumerate(csv.DictReader(fh)):
                    text = r.get("article_content") or r.get("text") or ""
                    docs.append(Document(doc_id=hashlib.sha256(f"{p}#{i}{text}".encode()).hexdigest()[:16],
                                         path=f"{p}#{i}", text=text))
        else:
            text = p.read_text(encoding="utf-8")
            docs.append(Document(doc_id=hashlib.sha256(text.encode()).hexdigest()[:16], path=str(p), text=text))
    return docs[:limit] if limit else docs


def run(paths: list[Path], limit: int | None = None) -> dict:
    from ..config import load_settings
    from ..pipeline import Pipeline

    mem = gazetteer_memory_mb()
    docs = _documents(paths, limit)
    pipe = Pipeline(load_settings())
    results = list(pipe.process(docs))
    out: dict = {"documents": len(docs), "errors": sum(1 for r in results if r.error)}
    # wall seconds, then CPU seconds of this process (less sensitive to other jobs' load)
    for prefix, t in (("", dict(pipe.timings)), ("cpu_", dict(pipe.cpu_timings))):
        geo = t.get("places", 0.0) + t.get("dates", 0.0)
        rest = sum(v for k, v in t.items() if k not in {"places", "dates"})
        out.update({f"{prefix}seconds_per_stage": {k: round(v, 2) for k, v in sorted(t.items())},
                    f"{prefix}places_plus_dates_added": round(geo / rest, 4) if rest else None,
                    f"{prefix}places_added": round(t.get("places", 0.0) / rest, 4) if rest else None})
    out["gazetteer_memory_mb"] = mem
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    paths = args.paths or sorted((SHARED / "corpus" / "seeds").glob("*.txt")) + \
        [SHARED / "corpus" / "fakes" / "fakes_dev.csv"]
    print(json.dumps(run(paths, args.limit), indent=2))  # noqa: T201 - command output


if __name__ == "__main__":
    main()

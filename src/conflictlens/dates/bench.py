"""Speed of the dates stage relative to spaCy on the same documents, in one run.

    .venv/bin/python -m conflictlens.dates.bench ../shared/corpus/fakes/fakes_dev.csv --limit 200

Prints seconds for spaCy ("nlp") and the dates stage, and their ratio (the issue's budget:
places + dates together add < 30 % to analysis time).
"""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from ..clean import clean_document
from ..config import load_settings
from ..ingest import IngestFailure, read_inputs
from ..pipeline import Pipeline

LOGGER = logging.getLogger(__name__)


def run(paths: list[Path], limit: int) -> dict:
    settings = load_settings()
    docs = []
    for item in read_inputs(paths, settings):
        if isinstance(item, IngestFailure):
            continue
        docs.append(clean_document(item))
        if len(docs) >= limit:
            break
    pipe = Pipeline(settings, only=["dates"])
    mentions = sum(len(r.date_mentions) for r in pipe.process(docs))
    nlp, dates = pipe.timings.get("nlp", 0.0), pipe.timings.get("dates", 0.0)
    return {"documents": len(docs), "mentions": mentions, "nlp_s": round(nlp, 3), "dates_s": round(dates, 3),
            "dates_over_nlp": round(dates / nlp, 4) if nlp else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()
    print(json.dumps(run(args.paths, args.limit)))  # noqa: T201 - a command-line report


if __name__ == "__main__":
    main()

"""Speed of actor recognition + linking over the spine (spaCy alone), as a ratio in one run.

    .venv/bin/python -m conflictlens.actors.bench ../shared/corpus/fakes/fakes_dev.csv --limit 200

Parses the same documents with the bare model (the spine) and with the actor_ruler plus
the actors stage, alternating the two twice, and prints seconds and the overhead ratio
((ruler + linking) / spine - 1); the budget is < 0.20.
"""
from __future__ import annotations

import argparse
import json
import logging
import time

from ..clean import clean_document
from ..config import load_settings
from ..ingest import IngestFailure, read_inputs
from ..pipeline import Pipeline

LOGGER = logging.getLogger(__name__)


def run(paths: list[str], limit: int, rounds: int = 2) -> dict:
    settings = load_settings()
    docs = []
    for item in read_inputs(paths, settings):
        if isinstance(item, IngestFailure):
            continue
        d = clean_document(item, max_chars=settings["nlp"]["max_chars"])
        if d.language == "en":
            docs.append(d)
        if len(docs) >= limit:
            break
    spine = Pipeline(settings, only=[])
    actors = Pipeline(settings, only=["actors"])
    _ = spine.nlp, actors.nlp, actors.runs  # load outside the timed part
    list(spine.process(docs[:5]))
    list(actors.process(docs[:5]))
    spine.timings.clear()
    actors.timings.clear()
    for _ in range(rounds):
        t0 = time.perf_counter()
        list(spine.process(docs))
        t_spine = time.perf_counter() - t0
        t0 = time.perf_counter()
        list(actors.process(docs))
        t_actors = time.perf_counter() - t0
        LOGGER.info("round: spine %.1fs, with actors %.1fs", t_spine, t_actors)
    s = spine.timings.get("nlp", 0.0)
    a = actors.timings.get("nlp", 0.0) + actors.timings.get("actors", 0.0)
    return {"documents": len(docs), "rounds": rounds, "spine_nlp_s": round(s, 2),
            "with_actors_nlp_s": round(actors.timings.get("nlp", 0.0), 2),
            "actors_stage_s": round(actors.timings.get("actors", 0.0), 2),
            "overhead_ratio": round(a / s - 1, 4) if s else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    print(json.dumps(run(args.paths, args.limit, args.rounds)))  # noqa: T201 - CLI output


if __name__ == "__main__":
    main()

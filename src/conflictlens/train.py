"""Retrain every shipped model from ../shared data, deterministically: ``make train``.

    python -m conflictlens.train            # events classifiers, then the claims stance cross-encoder
    python -m conflictlens.train events     # one area only
"""
from __future__ import annotations

import importlib
import logging
import sys

AREAS = {"events": "conflictlens.events.train", "claims": "conflictlens.claims.train"}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    wanted = args or list(AREAS)
    unknown = [a for a in wanted if a not in AREAS]
    if unknown:
        logging.error("unknown area(s) %s; choose from %s", ", ".join(unknown), ", ".join(AREAS))
        return 2
    for area in wanted:
        logging.info("training %s", area)
        module = importlib.import_module(AREAS[area])
        module.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())

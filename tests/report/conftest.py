"""Fixtures of the report tests: the web tests' real store and Chromium helpers."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from fixture_rows import CHROMIUM, demo_db, shared_chromium  # noqa: E402


@pytest.fixture(scope="session")
def report_db() -> Path:
    return demo_db()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (make browser installs Debian's chromium)")
    return shared_chromium()

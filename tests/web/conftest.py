"""Fixtures of the web tests: a real store (demo corpus + TEST rows), a real server, Chromium."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# pytest runs with --import-mode=importlib: make this folder's helper module importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_rows import CHROMIUM, demo_db, shared_chromium, start_server  # noqa: E402


@pytest.fixture(scope="session")
def web_db() -> Path:
    return demo_db()


@pytest.fixture(scope="session")
def server(web_db):
    proc, base = start_server(web_db)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (make browser installs Debian's chromium)")
    return shared_chromium()


@pytest.fixture
def page(chromium, server):
    """A fresh tab that records every request and script error."""
    pg = chromium.new_page()
    pg.requests = []
    pg.errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    pg.close()

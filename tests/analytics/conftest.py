"""Fixtures for analytics tests: a real (in-memory) DuckDB store with hand-made events."""
from __future__ import annotations

import datetime as dt

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # analytics_helpers, for every test module here
from analytics_helpers import ALEPPO_EAST, PALMYRA, add_docs, make_event  # noqa: E402

from conflictlens.store import Store


@pytest.fixture
def event_store():
    """Five documents from outlets of both sides, reporting overlapping events."""
    s = Store(":memory:")
    add_docs(s, {"d_sana": "SANA", "d_etilaf": "etilaf", "d_reuters": "Reuters", "d_trt": "www.trt",
                 "d_blog": "Some Blog"})
    events = [
        # One airstrike on Aleppo reported by SANA, Etilaf (opposite sides) and Reuters.
        make_event("d_sana", 0),
        make_event("d_etilaf", 0, place=ALEPPO_EAST, day=dt.date(2016, 9, 21)),
        make_event("d_reuters", 0),
        make_event("d_reuters", 1),  # the same article repeats it
        # Same dyad and day but 200 km away: another event.
        make_event("d_trt", 0, place=PALMYRA),
        # Same place, a month later: another event.
        make_event("d_blog", 0, day=dt.date(2016, 10, 25)),
        # ISIS attacks the government, no place, no date given: only publication date.
        make_event("d_sana", 1, actor="ISIS", recipient="SYRGOV", place=None, day=None),
        make_event("d_trt", 1, actor="ISIS", recipient="SYRGOV", place=None, day=None),
        # Negated: did not happen as reported; left out of stories and aggregations.
        make_event("d_blog", 1, negated=True),
        # No recipient; verbal conflict with a pre-2.0 label and a CAMEO code.
        make_event("d_etilaf", 1, event_type="DISAPPROVE", actor="SYRGOV", recipient=None, cameo_code="111"),
    ]
    s.insert_records("events", events)
    yield s
    s.close()

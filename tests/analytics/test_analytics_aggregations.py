"""Aggregations (DuckDB SQL) on hand-made and synthetic events."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from conflictlens.analytics import actors, aggregate, dyads, places, score_events

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from synthetic import make_store  # noqa: E402


def test_dyads_by_month(event_store):
    score_events(event_store)
    rows = dyads(event_store, "month").to_pylist()
    by = {(r["period"], r["actor"], r["recipient"]): r for r in rows}
    sep = by[(dt.date(2016, 9, 1), "RUS", "civilians")]
    # 5 airstrike records in September (the negated one is left out), 1 in October.
    assert sep["n_events"] == 5 and sep["n_material_conflict"] == 5
    assert sep["mean_intensity"] == -9.0 and sep["mean_intensity_material_conflict"] == -9.0
    assert sep["n_verbal_coop"] == 0 and sep["mean_intensity_verbal_coop"] is None
    assert by[(dt.date(2016, 10, 1), "RUS", "civilians")]["n_events"] == 1
    # undated ISIS events are dated by publication (2016-09-21)
    assert by[(dt.date(2016, 9, 1), "ISIS", "SYRGOV")]["n_events"] == 2
    # no dyad without a recipient
    assert not any(r["recipient"] is None for r in rows)


def test_places_and_actors(event_store):
    pl = {(r["period"], r["place_name"]): r for r in places(event_store, "year").to_pylist()}
    assert pl[(dt.date(2016, 1, 1), "Aleppo")]["n_events"] == 6  # 4 strikes, 1 in Oct, 1 DISAPPROVE
    assert pl[(dt.date(2016, 1, 1), "Aleppo")]["n_documents"] == 4
    assert pl[(dt.date(2016, 1, 1), "Palmyra")]["n_events"] == 1
    ac = {(r["period"], r["actor"]): r for r in actors(event_store, "year").to_pylist()}
    assert ac[(dt.date(2016, 1, 1), "SYRGOV")]["n_as_recipient"] == 2
    assert ac[(dt.date(2016, 1, 1), "SYRGOV")]["n_as_actor"] == 1
    assert ac[(dt.date(2016, 1, 1), "RUS")]["n_as_actor"] == 6


def test_bad_period_and_kind_are_coded_errors(store):
    with pytest.raises(ValueError, match=r"\[E023\]"):
        dyads(store, "fortnight")
    with pytest.raises(ValueError, match=r"\[E002\]"):
        aggregate(store, "outlets")


def test_synthetic_totals_add_up():
    s = make_store(":memory:", 3000)
    try:
        score_events(s)
        total = s.query("SELECT count(*) FROM events")[0][0]
        for kind in ("dyads", "places"):
            t = aggregate(s, kind, "quarter")
            assert sum(t.column("n_events").to_pylist()) == total
        a = actors(s, "year")
        assert sum(a.column("n_as_actor").to_pylist()) == total
        assert sum(a.column("n_as_recipient").to_pylist()) == total
    finally:
        s.close()

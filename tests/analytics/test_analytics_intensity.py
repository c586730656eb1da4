"""Intensity (PLOVER scores) and Goldstein values filled by the analytics.intensity corpus stage."""
from __future__ import annotations

import pytest

from conflictlens.analytics import score_events
from conflictlens.registry import load_all

from analytics_helpers import make_event


def _scored(store, events):
    store.insert_records("events", events)
    score_events(store)
    return {r[0]: r[1:] for r in store.query(
        "SELECT event_id, intensity, goldstein, quad_class FROM events")}


def test_registered_as_corpus_stage_before_story_events():
    stages = [s.name for s in load_all().ordered_corpus_stages()]
    assert stages.index("analytics.intensity") < stages.index("analytics.story_events")


@pytest.mark.parametrize("event_type,mode,cameo_root,cameo_code,intensity,goldstein,quad", [
    ("ASSAULT", "aerial", "19", "195", -9.5, -10.0, 4),          # mode score; CAMEO code value
    ("ASSAULT", None, None, None, -9.0, -9.0, 4),                 # base; Goldstein of stand-in root 18
    ("ASSAULT", "ASSAULT-drone", None, None, -9.5, -9.0, 4),      # NGEC "TYPE-mode" style
    ("ASSAULT", None, "20", None, -10.0, -10.0, 4),               # CAMEO 20 "FIGHT" = unconventional
    ("ACCUSE", None, None, None, -3.0, -2.0, 3),                  # manual's +3 sign resolved
    ("PROTEST", "vandalize", None, None, -5.0, -6.5, 4),          # unscored mode -> base
    ("SANCTION", None, None, None, -6.0, -4.0, 4),                # material conflict
    ("DEMAND", None, "10", None, 0.0, -5.0, 3),                   # pre-2.0 label -> REQUEST
    ("INVESTIGATE", None, None, "090", -3.5, -2.0, 3),            # pre-2.0 -> ACCUSE investigate
    ("FIGHT", None, None, None, -9.0, -9.0, 4),                   # GSR label -> ASSAULT
    ("AID", "", "07", None, 10.0, 7.0, 2),
    ("CONSULT", "third_party", None, None, 1.0, 1.0, 1),          # underscores read as hyphens
    ("NOT_A_TYPE", None, None, None, None, None, None),
])
def test_scores(store, event_type, mode, cameo_root, cameo_code, intensity, goldstein, quad):
    got = _scored(store, [make_event("d", 0, event_type=event_type, mode=mode,
                                     cameo_root=cameo_root, cameo_code=cameo_code)])
    assert got["d:0"] == (intensity, goldstein, quad)


def test_existing_quad_class_is_kept(store):
    got = _scored(store, [make_event("d", 0, event_type="SANCTION", quad_class=3)])
    assert got["d:0"][2] == 3


def test_null_everything_is_fine(store):
    got = _scored(store, [make_event("d", 0, actor=None, recipient=None, place=None, day=None),
                          make_event("d", 1, event_type="COERCE", mode="martial-law")])
    assert got["d:0"][0] == -9.0
    assert got["d:1"][0] == -7.5


def test_every_plover_type_and_mode_scored():
    from conflictlens.analytics.tables import plover_aliases, plover_scores

    scores = plover_scores().to_pylist()
    types = {r["event_type"] for r in scores if r["mode"] == ""}
    assert len(types) == 16
    assert all(-10 <= r["score"] <= 10 for r in scores)
    # every PLOVER 2.0 label maps to a scored type
    assert {r["event_type"] for r in plover_aliases().to_pylist()} <= types

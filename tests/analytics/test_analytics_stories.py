"""Story events: deduplication across documents and corroboration by outlet sides."""
from __future__ import annotations

import pytest

from conflictlens.analytics import build_story_events, corroboration_summary, score_events, top_story_events
from conflictlens.analytics.tables import load_outlets
from conflictlens.config import load_settings
from conflictlens.errors import SettingsError


def _stories(store):
    return {tuple(r["event_ids"]): r for r in store.query_dicts("SELECT * FROM story_events")}


def test_story_events_and_corroboration(event_store):
    score_events(event_store)
    n = build_story_events(event_store, load_settings())
    stories = _stories(event_store)
    assert n == 5
    strike = stories[("d_etilaf:0", "d_reuters:0", "d_reuters:1", "d_sana:0")]
    assert strike["n_documents"] == 3 and strike["n_outlets"] == 3 and strike["n_events"] == 4
    assert strike["outlets"] == ["etilaf", "reuters", "sana"]
    assert strike["opposite_sides"] is True and strike["corroboration"] == "corroborated_opposite"
    assert strike["mean_intensity"] == -9.0
    # Palmyra (200 km) and a month later are other events.
    assert stories[("d_trt:0",)]["corroboration"] == "single_source"
    assert stories[("d_blog:0",)]["outlets"] == ["some blog"]
    assert stories[("d_blog:0",)]["alignments"] == ["unknown"]
    # No place on either side, publication dates overlap: merged; SANA + TRT are opposite sides.
    isis = stories[("d_sana:1", "d_trt:1")]
    assert isis["actor_id"] == "ISIS" and isis["recipient_id"] == "SYRGOV"
    assert isis["corroboration"] == "corroborated_opposite"
    # NULL recipient is its own key; negated events are not in any story.
    assert stories[("d_etilaf:1",)]["recipient_id"] is None
    members = event_store.query("SELECT event_id FROM story_event_members")
    assert "d_blog:1" not in {m[0] for m in members} and len(members) == 9
    summary = corroboration_summary(event_store)
    assert summary == {"story_events": 5, "single_source": 3, "corroborated": 2,
                       "corroborated_opposite": 2, "events": 9, "multi_document": 2}
    top = top_story_events(event_store, 1)
    assert top[0]["n_outlets"] == 3


def test_radius_and_tolerance_come_from_settings(event_store):
    tight = load_settings().with_overrides(analytics__radius_km=1.0, analytics__date_tolerance_days=0)
    build_story_events(event_store, tight)
    stories = _stories(event_store)
    # Etilaf's report is 3 km away and a day later: no longer the same event.
    assert ("d_reuters:0", "d_reuters:1", "d_sana:0") in stories
    assert ("d_etilaf:0",) in stories


def test_rebuild_replaces_previous_story_events(event_store):
    build_story_events(event_store, load_settings())
    build_story_events(event_store, load_settings())
    assert event_store.query("SELECT count(*) FROM story_events")[0][0] == 5
    assert event_store.query("SELECT count(*) FROM story_event_members")[0][0] == 9


def test_user_outlet_table_changes_sides(event_store, tmp_path):
    f = tmp_path / "outlets.csv"
    f.write_text("outlet,aliases,name,alignment,side,country,notes\n"
                 "sana,,SANA,syria_state,pro_government,SYR,\n"
                 "etilaf,,Etilaf,syria_opposition,pro_government,SYR,edited on purpose\n", encoding="utf-8")
    build_story_events(event_store, load_settings(), load_outlets(f))
    strike = _stories(event_store)[("d_etilaf:0", "d_reuters:0", "d_reuters:1", "d_sana:0")]
    assert strike["opposite_sides"] is False and strike["corroboration"] == "corroborated"
    assert event_store.query("SELECT count(*) FROM outlets")[0][0] == 2


def test_outlets_file_setting_is_used(event_store, tmp_path):
    f = tmp_path / "o.csv"
    f.write_text("outlet,side\nsana,neutral\n", encoding="utf-8")
    build_story_events(event_store, load_settings().with_overrides(analytics__outlets_file=str(f)))
    assert event_store.query("SELECT outlet, side FROM outlets") == [("sana", "neutral")]


def test_bad_outlet_side_is_a_coded_error(tmp_path):
    f = tmp_path / "o.csv"
    f.write_text("outlet,side\nsana,govt\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\[E022\].*pro_government"):
        load_outlets(f)
    with pytest.raises(SettingsError, match=r"\[E021\]"):
        load_outlets(tmp_path / "missing.csv")


def test_packaged_outlet_table_covers_fakes_outlets():
    keys = {o.outlet for o in load_outlets()}
    fakes = {"ahram", "manar", "alalam", "alaraby", "dailysabah", "sana", "sputnik", "etilaf", "trt",
             "jordantimes", "reuters", "arabiya", "nna", "asharqalawsat", "tass"}
    assert fakes <= keys
    sides = {o.outlet: o.side for o in load_outlets()}
    assert sides["sana"] == "pro_government" and sides["etilaf"] == "anti_government"


def test_empty_store(store):
    assert build_story_events(store, load_settings()) == 0
    assert corroboration_summary(store)["story_events"] == 0


def test_event_corroboration_badges(event_store):
    build_story_events(event_store, load_settings())
    badges = dict(event_store.query("SELECT event_id, badge FROM event_corroboration"))
    assert badges["d_sana:0"] == "reported by 3 outlets, both sides"
    assert badges["d_trt:0"] == "single source (trt)"
    assert "d_blog:1" not in badges  # negated


def test_vaguely_dated_events_join_no_story(store):
    import datetime as dt

    from analytics_helpers import add_docs, make_event
    from conflictlens.records import EventDate

    add_docs(store, {"a": "sana", "b": "etilaf", "c": "reuters"})
    year = EventDate(text="in 2016", start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31), precision="year")
    week = EventDate(text="last week", start=dt.date(2016, 9, 12), end=dt.date(2016, 9, 18), precision="week")
    store.insert_records("events", [make_event("a", 0, date=year), make_event("b", 0, date=year),
                                    make_event("c", 0, date=week), make_event("a", 1, day=dt.date(2016, 9, 19))])
    # make_event's default date is replaced by the explicit one above
    build_story_events(store, load_settings())
    stories = _stories(store)
    assert ("a:0",) in stories and ("b:0",) in stories
    assert ("a:1", "c:0") in stories  # a week's range is precise enough; overlaps within 2 days


def test_unlinked_victims_match_whatever_the_count(store):
    import datetime as dt

    from analytics_helpers import add_docs, make_event
    from conflictlens.records import ActorRef

    add_docs(store, {"a": "sana", "b": "etilaf"})
    e1 = make_event("a", 0, recipient=None)
    e2 = make_event("b", 0, recipient=None)
    store.insert_records("events", [
        e1.__class__(**{**{f: getattr(e1, f) for f in e1.__slots__}, "recipient": ActorRef(None, None, "at least 18 civilians")}),
        e2.__class__(**{**{f: getattr(e2, f) for f in e2.__slots__}, "recipient": ActorRef(None, None, "18 Civilians")}),
    ])
    build_story_events(store, load_settings())
    assert ("a:0", "b:0") in _stories(store)
    assert dt.date(2016, 9, 20) == store.query("SELECT date_start FROM story_events")[0][0]


def test_daily_reports_of_one_dyad_do_not_chain_into_a_years_long_story():
    """Matching is transitive: one report a day of the same dyad at the same place links into
    one component over any length of time. Stories are cut into windows of the band width
    (date tolerance + max_date_span_days) from the component's first day."""
    import datetime as dt

    from analytics_helpers import add_docs, make_event

    from conflictlens.store import Store

    settings = load_settings()
    width = settings["analytics"]["date_tolerance_days"] + settings["analytics"]["max_date_span_days"]
    days = 4 * width
    with Store(":memory:") as s:
        add_docs(s, {f"d{i}": "Reuters" for i in range(days)})
        s.insert_records("events", [make_event(f"d{i}", 0, day=dt.date(2016, 1, 1) + dt.timedelta(days=i))
                                    for i in range(days)])
        assert build_story_events(s, settings) == 4
        spans = s.query("SELECT n_events, date_end - date_start FROM story_events ORDER BY date_start")
        assert [n for n, _ in spans] == [width] * 4
        assert all(span < width for _, span in spans)


def test_stories_built_in_parts_equal_one_part(event_store, monkeypatch):
    from conflictlens.analytics import stories

    build_story_events(event_store, load_settings())
    whole = event_store.query("SELECT * FROM story_events ORDER BY story_id")
    monkeypatch.setattr(stories, "STORY_PART_EVENTS", 2)  # 9 events: 5 parts
    build_story_events(event_store, load_settings())
    assert event_store.query("SELECT * FROM story_events ORDER BY story_id") == whole
    assert event_store.query("SELECT count(*) FROM story_event_members")[0][0] == 9

"""The key events of the five reference articles, through the real pipeline (actors -> events)."""
from __future__ import annotations

import pytest

from conflictlens.clean import clean_document
from conflictlens.config import load_settings
from conflictlens.ingest.readers import read_file
from conflictlens.pipeline import Pipeline
from conflictlens.records import RawDocument


@pytest.fixture(scope="module")
def seed_events(shared):
    settings = load_settings()
    docs = []
    for path in sorted(shared("corpus", "seeds").glob("*.txt")):
        for item in read_file(path, settings):
            if isinstance(item, RawDocument):
                docs.append(clean_document(item))
    pipe = Pipeline(settings, only=["actors", "places", "dates", "events"])
    results = list(pipe.process(docs))
    assert all(r.error is None for r in results), [r.error for r in results]
    return [e for r in results for e in r.events]


def _has(events, trigger, etype, actor=None, recipient=None, real=True):
    for e in events:
        if e.trigger.text.lower() != trigger or e.event_type != etype:
            continue
        if real and (e.negated or e.hypothetical):
            continue
        if actor and not (e.actor and actor.lower() in (e.actor.text + " " + (e.actor.name or "")).lower()):
            continue
        if recipient and not (e.recipient and recipient.lower() in e.recipient.text.lower()):
            continue
        return True
    return False


def test_siege_and_bombing_of_aleppo_by_regime_and_russia(seed_events):
    assert _has(seed_events, "besieged", "COERCE", "Russians", "Aleppo")
    assert _has(seed_events, "besieged", "COERCE", "regime", "Aleppo")
    assert _has(seed_events, "bombing", "ASSAULT", "Russians")
    assert _has(seed_events, "bombing", "ASSAULT", "regime")


def test_fall_of_east_aleppo(seed_events):
    assert _has(seed_events, "fell", "COERCE", recipient="East Aleppo")


def test_palmyra_2015_takeover_by_is_and_2016_capture_by_the_regime(seed_events):
    assert _has(seed_events, "takeover", "COERCE", "Islamic State", "Palmyra")
    assert _has(seed_events, "conquered", "COERCE", "armed forces", "Palmyra")
    assert _has(seed_events, "capture", "COERCE", "pro-Assad coalition")


def test_russian_airstrikes(seed_events):
    assert _has(seed_events, "airstrikes", "ASSAULT", "Russian")
    assert _has(seed_events, "airstrikes", "ASSAULT", "Russian Air Force", "ISIS")


def test_syrian_army_capture_of_albu_kamal(seed_events):
    assert _has(seed_events, "capture", "COERCE", "Syrian army", "ISIS")


def test_assad_released_islamist_prisoners(seed_events):
    assert _has(seed_events, "released", "RETREAT", "Assad", "Islamist prisoners")


def test_turkey_advance_on_al_bab(seed_events):
    assert _has(seed_events, "advance", "ASSAULT", "Turkish-led forces", "al-Bab")


def test_every_event_is_coded_and_located_in_its_sentence(seed_events):
    assert len(seed_events) > 40
    for e in seed_events:
        assert e.event_type and e.cameo_root and e.quad_class in (1, 2, 3, 4)
        assert e.sentence_start <= e.trigger.start < e.trigger.end <= e.sentence_end
        assert 0.0 < e.confidence <= 1.0

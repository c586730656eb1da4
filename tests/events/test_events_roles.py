"""Roles from the dependency parse: passives, nominalisations, coordination, light verbs."""
from __future__ import annotations



def test_passive_agent_is_source(code, find):
    (e,) = find(code("Palmyra was captured by the Syrian army in March 2016."), "captured")
    assert "Syrian army" in e.actor.text and e.recipient.text == "Palmyra"


def test_nominal_siege_with_by_and_coordination(code, find):
    evs = code("The siege of Aleppo by the regime and Russia lasted months.")
    sources = sorted(e.actor.text for e in find(evs, "siege"))
    assert sources == ["Russia", "regime"]
    assert all(e.recipient.text == "Aleppo" and e.event_type == "COERCE" for e in find(evs, "siege"))


def test_possessive_nominal(code, find):
    (e,) = find(code("The Syrian army’s capture of ISIS’ last main town marked the end of its caliphate."), "capture")
    assert "Syrian army" in e.actor.text and e.recipient.text == "ISIS"


def test_fall_of_a_city_has_the_city_as_target(code, find):
    (e,) = find(code("East Aleppo fell in December 2016."), "fell")
    assert e.recipient.text == "East Aleppo" and e.actor is None and e.event_type == "COERCE"


def test_light_verb_hands_over_to_noun(code, find):
    (e,) = find(code("Russian jets launched airstrikes on rebel positions in Idlib."), "airstrikes")
    assert "Russian" in e.actor.text and e.mode == "aerial" and e.cameo_root == "19"
    assert e.recipient is not None and "rebel" in e.recipient.text


def test_passive_light_verb(code, find):
    evs = code("500 airstrikes were carried out by the Russian Air Force against ISIS positions.")
    (e,) = find(evs, "airstrikes")
    assert "Russian Air Force" in e.actor.text and "ISIS" in e.recipient.text


def test_nationality_adjective_is_source(code, find):
    (e,) = find(code("Russian airstrikes hit the city of Palmyra."), "airstrikes")
    assert e.actor.text == "Russian" and e.actor.country == "RUS"


def test_advance_of_forces_towards_town(code, find):
    evs = code("Officials fear the advance of Turkish-led forces towards the town of al-Bab.")
    (e,) = find(evs, "advance")
    assert "Turkish-led forces" in e.actor.text and e.recipient.text == "al-Bab"


def test_release_of_prisoners(code, find):
    (e,) = find(code("In March 2011, Assad released nearly 250 Islamist prisoners from Sednaya."), "released")
    assert e.event_type == "RETREAT" and e.mode == "release" and e.actor.text == "Assad"
    assert "prisoners" in e.recipient.text


def test_fatalities_with_span(code, find):
    evs = code("Government airstrikes killed at least 70 civilians in Douma.")
    e = find(evs, "killed")[0]
    assert e.fatalities == 70
    assert e.fatalities_span is not None and "70" in e.fatalities_span.text


def test_offsets_are_provenance(code, find):
    text = "Talks failed. Syrian troops shelled Daraa on Monday."
    evs = code(text)
    (e,) = find(evs, "shelled")
    assert text[e.trigger.start:e.trigger.end] == "shelled"
    assert text[e.sentence_start:e.sentence_end] == e.sentence
    assert text[e.actor.start:e.actor.end] == e.actor.text
    assert e.sentence_idx == 1


def test_no_event_without_trigger(code, find):
    assert code("The weather in Damascus was mild and sunny.") == []


def test_reciprocal_clash_gives_both_directions(code, find):
    evs = find(code("The regime and the rebels clashed near Homs."), "clashed")
    pairs = {(e.actor.text, e.recipient.text) for e in evs}
    assert pairs == {("regime", "rebels"), ("rebels", "regime")}

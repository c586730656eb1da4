"""Proposition frames (claims/frames.py) on hand-written sentences, with the real parser."""
from __future__ import annotations

import pytest

from conflictlens.claims.corpus import frame_stance
from conflictlens.claims.frames import Frame, decode, find_frame, party_lookup
from conflictlens.records import Actor, ActorMention

# Sentences written for these tests (none from the reference articles or FA-KES).
ACTORS = {"Moscow": "RUS", "Russian": "RUS", "rebels": "SYRREB", "Hamas": "PSEREB"}


def _frame(nlp, text: str):
    doc = nlp(text)
    mentions = []
    for word, code in ACTORS.items():
        at = text.find(word)
        while at >= 0:
            mentions.append(ActorMention("d", 0, at, at + len(word), word, actor_id=code.lower()))
            at = text.find(word, at + 1)
    actors = {code.lower(): Actor(code.lower(), code, "state", country=code[:3], cameo_code=code)
              for code in ACTORS.values()}
    return find_frame(doc[:], party_lookup(mentions, actors.get))


@pytest.mark.parametrize("text, polarity", [
    ("The recapture of Mosul will not end the war in Iraq.", "neg"),
    ("The fall of the capital will finally end the war.", "pos"),
    ("The army's victory brings the country closer to peace.", "pos"),
    ("Analysts say the victory at the border does not bring the region a step toward peace.", "neg"),
    ("The idea that the capture of the port ends the conflict is simply mistaken.", "neg"),
    ("The argument of the hawks is that the capture of the port will end the war.", "open"),
])
def test_outcome(nlp, text, polarity):
    f = _frame(nlp, text)
    assert f is not None and f.name == "OUTCOME" and f.polarity == polarity


def test_targeting_needs_a_pattern_not_one_strike(nlp):
    f = _frame(nlp, "Moscow's jets struck mainly the rebels in the north, not the jihadists.")
    assert f == Frame("TARGETING", ("rus", "syr-opposition"), "pos")
    # A single strike report is narration, not the contested generalisation.
    assert _frame(nlp, "On Monday Russian jets struck the rebels near the town.") is None


def test_targeting_pronoun_and_campaign_agent(nlp):
    f = _frame(nlp, "When the Russian air force arrived, they focused their raids mostly on the rebels.")
    assert f is not None and f.args == ("rus", "syr-opposition")
    f = _frame(nlp, "The Russian intervention, which battered the rebels for a year, changed the war.")
    assert f is not None and f.args == ("rus", "syr-opposition")


def test_evaluation_lesser_evil(nlp):
    f = _frame(nlp, "Hamas is the lesser evil for many voters.")
    assert f == Frame("EVALUATION", ("lesser-evil", "pse-opposition"), "pos")
    f = _frame(nlp, "The notion of Hamas as the lesser evil is wrong.")
    assert f is not None and f.polarity == "neg"


def test_no_frame_in_plain_narration(nlp):
    assert _frame(nlp, "Trucks carrying flour arrived in the city at noon on Tuesday.") is None


def test_encode_decode_and_stance():
    f = Frame("OUTCOME", ("gain", "end-of-war"), "neg")
    assert decode(f.encode()) == f and f.key == "OUTCOME|gain|end-of-war"
    assert frame_stance("neg", "neg") == "support"
    assert frame_stance("pos", "neg") == "oppose"
    assert frame_stance("open", "neg") == "neutral"

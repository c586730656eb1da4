"""Proposition frames (claims/frames.py) on hand-written sentences, with the real parser."""
from __future__ import annotations

import pytest

from conflictlens.claims.corpus import frame_stance
from conflictlens.claims.frames import Frame, RejectionList, decode, find_frame, gloss, party_lookup
from conflictlens.records import Actor, ActorMention

# Sentences written for these tests (none from the reference articles or FA-KES).
ACTORS = {"Moscow": "RUS", "Russian": "RUS", "rebels": "SYRREB", "Hamas": "PSEREB", "Mubarak": "EGYGOV",
          "Brotherhood": "EGYOPP"}


def _frame(nlp, text: str, sentence: int | None = None, rejected: bool = False):
    doc = nlp(text)
    mentions = []
    for word, code in ACTORS.items():
        at = text.find(word)
        while at >= 0:
            mentions.append(ActorMention("d", 0, at, at + len(word), word, actor_id=code.lower()))
            at = text.find(word, at + 1)
    actors = {code.lower(): Actor(code.lower(), code, "state", country=code[:3], cameo_code=code)
              for code in ACTORS.values()}
    span = doc[:] if sentence is None else list(doc.sents)[sentence]
    return find_frame(span, party_lookup(mentions, actors.get), rejected)


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
    # Stance toward the frame's proposition (the claim's gloss), whatever the key sentence says.
    assert frame_stance("pos") == "support"
    assert frame_stance("neg") == "oppose"
    assert frame_stance("open") == "neutral"
    assert gloss("EVALUATION|lesser-evil|syr") == "Whether Syria (state) is the lesser evil"
    assert gloss("TARGETING|rus|syr-opposition") == "Whether Russia (state) mainly targets Syria (opposition)"
    assert gloss("OUTCOME|gain|end-of-war") == "Whether a battlefield gain ends the war"
    assert gloss("EVALUATION|lesser-evil|islamic-state") == "Whether islamic-state is the lesser evil"
    names = {"islamic-state": "Islamic State"}.get
    assert gloss("EVALUATION|lesser-evil|islamic-state", names) == "Whether Islamic State is the lesser evil"


def test_a_choice_an_actor_aims_to_leave_others_rejects_it_as_the_lesser_evil(nlp):
    # The author presents the "me or them" dilemma as the actor's design: lesser evil, denied.
    f = _frame(nlp, "Mubarak wanted Washington to face a choice between his rule and the Brotherhood.")
    assert f == Frame("EVALUATION", ("lesser-evil", "egy"), "neg")
    f = _frame(nlp, "Mubarak's strategy was to give the West a stark choice between Mubarak and the Brotherhood.")
    assert f == Frame("EVALUATION", ("lesser-evil", "egy"), "neg")
    # A choice nobody is said to aim at: which option is the lesser evil is not said.
    assert _frame(nlp, "The West faces a choice between Mubarak and the Brotherhood after the vote.") is None


def test_items_of_a_list_opened_by_a_rejection_reject_their_notions(nlp):
    text = ("Some writers argue that Hamas is the lesser evil in Gaza. This argument does not hold up. "
            "First, the idea of Hamas as the lesser evil depends on forgetting the war. "
            "Our second point comes later.")
    doc = nlp(text)
    scope = RejectionList()
    assert [scope.item(s) for s in doc.sents] == [False, False, True, False]
    assert _frame(nlp, text, sentence=2).polarity == "open"  # alone, the notion is only raised
    assert _frame(nlp, text, sentence=2, rejected=True).polarity == "neg"
    # An ordinal list not opened by a rejection, and a new list after one, are not rejections.
    plain = nlp("The report is long. First, the notion of Hamas as the lesser evil is discussed. "
                "Second, the war is described.")
    scope = RejectionList()
    assert not any(scope.item(s) for s in plain.sents)
    again = nlp("That claim is wrong. First, it ignores the war. Second, it ignores the dead. "
                "A new list follows. First, a point is made. Second, the notion of Hamas as the lesser evil is raised.")
    scope = RejectionList()
    assert [scope.item(s) for s in again.sents] == [False, True, True, False, False, False]
    # Numbers count as list marks only as "2." / "2)": not "3 thoughts on ..." (a blog's comments).
    marks = nlp("That argument is wrong. 1. It ignores the war. 2. It ignores the dead. 3 thoughts on this post.")
    scope = RejectionList()
    assert [scope.item(s) for s in marks.sents] == [False, True, True, False]

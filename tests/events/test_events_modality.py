"""Modality: negated, hypothetical (threats, conditionals, modals), attributed speech."""
from __future__ import annotations



def test_did_not_attack_is_negated(code, find):
    evs = code("Russia did not attack Ukraine.")
    (e,) = find(evs, "attack")
    assert e.event_type == "ASSAULT"
    assert e.negated is True and e.hypothetical is False
    assert e.actor.text == "Russia" and e.recipient.text == "Ukraine"


def test_threatened_to_attack_is_hypothetical_plus_threat(code, find):
    evs = code("Turkey threatened to attack the Kurdish militias.")
    (att,) = find(evs, "attack")
    assert att.event_type == "ASSAULT" and att.hypothetical is True and not att.negated
    (thr,) = find(evs, "threatened")
    assert thr.event_type == "THREATEN" and thr.hypothetical is False
    assert thr.mode == "violence" and thr.cameo_root == "13"
    assert thr.actor.text == "Turkey" and "militias" in thr.recipient.text


def test_conditional_and_modal_are_hypothetical(code, find):
    evs = code("If the rebels attack Homs, the army will bomb their positions.")
    assert find(evs, "attack")[0].hypothetical is True
    assert all(e.hypothetical for e in find(evs, "bomb"))


def test_plain_event_is_neither(code, find):
    (e,) = find(code("Syrian government forces captured Palmyra on Sunday."), "captured")
    assert not e.negated and not e.hypothetical
    assert e.event_type == "COERCE" and e.mode == "seize" and e.cameo_code == "192"


def test_reported_speech_is_attributed(code, find):
    evs = code("Russia says it struck rebel positions near Idlib.")
    (e,) = find(evs, "struck")
    assert e.attributed_to is not None and e.attributed_to.text == "Russia"
    assert e.actor is not None and e.actor.text == "Russia"  # "it" resolved to the speaker
    assert e.mode == "aerial"


def test_according_to_is_attributed(code, find):
    evs = code("According to the Observatory, regime forces shelled the town of Douma.")
    (e,) = find(evs, "shelled")
    assert e.attributed_to is not None and "Observatory" in e.attributed_to.text


def test_intent_to_cooperate_is_agree(code, find):
    (e,) = find(code("France will provide aid to Mali."), "provide")
    assert e.event_type == "AGREE" and e.cameo_root == "03" and e.hypothetical is False


def test_refusal_is_reject_and_act_negated(code, find):
    evs = code("Syria refused to meet Israel.")
    (rej,) = find(evs, "refused")
    assert rej.event_type == "REJECT" and rej.mode == "meet"
    (meet,) = find(evs, "meet")
    assert meet.negated is True and meet.event_type == "CONSULT"


def test_negation_does_not_leak_through_clauses(code, find):
    evs = code("Do not forget that Aleppo was liberated from the IS by revolutionary forces in 2014.")
    (e,) = find(evs, "liberated")
    assert e.negated is False

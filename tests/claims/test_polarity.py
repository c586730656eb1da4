"""The negation-polarity contradiction cue used for corpus stances."""
from __future__ import annotations

from conflictlens.claims.corpus import polarity_conflict

KP = "In reality, the Syrian regime can’t defeat ISIS"


def test_negated_predicate_against_affirmed_one_conflicts():
    assert polarity_conflict(KP, "Syria Has Officially Defeated ISIS, the army said.")


def test_same_polarity_or_unrelated_negation_does_not_conflict():
    assert not polarity_conflict(KP, "The Assad regime cannot and will not defeat ISIS.")
    assert not polarity_conflict(KP, "ISIS can't be defeated by only launching airstrikes.")
    assert not polarity_conflict(KP, "No one can deny that the regime has avoided combating ISIS.")


def test_a_negated_name_is_not_a_contradiction():
    # "without Assad" vs "the departure of Assad": the shared word is a name, not a predicate.
    kp = "The departure of Assad would be the most effective way to limit their attraction."
    assert not polarity_conflict(kp, "Only a transition without Assad would make it possible.")
    # a title-case headline still contradicts through its verb
    assert polarity_conflict("The regime cannot defeat ISIS.", "Syria Has Officially Defeated ISIS")


def test_words_are_matched_by_inflection_not_by_prefix():
    assert polarity_conflict("The army has not completed the encirclement.", "A campaign to complete the encirclement.")
    # "international" and "interested" share five letters but are different words
    assert not polarity_conflict("The international community has a responsibility to stop the crimes.",
                                 "Russia is not interested in stopping its crimes.")

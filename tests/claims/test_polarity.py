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

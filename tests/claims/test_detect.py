"""Claim detection on real spaCy parses: claims vs narration, claim types, speakers."""
from __future__ import annotations

from conflictlens.claims.detect import detect


def _one(nlp, text):
    return detect(next(nlp(text).sents))


def test_plain_narration_is_not_a_claim(nlp):
    assert _one(nlp, "The convoy arrived in the northern town of Manbij on Tuesday morning.") is None


def test_question_is_not_a_claim(nlp):
    assert _one(nlp, "Is the regime of Assad a lesser evil than the Islamic State?") is None


def test_reported_claim_keeps_the_speaker(nlp):
    d = _one(nlp, "The defence ministry said that rebels had shelled the hospital in the east of the city.")
    assert d is not None and d.claim_type == "reported"
    assert "ministry" in d.speaker.lower()
    assert d.speaker_start >= 0 and d.speaker_end > d.speaker_start


def test_author_claims_have_types(nlp):
    acc = _one(nlp, "From the beginning, Daech and Assad have had an objective complicity in the war.")
    pred = _one(nlp, "The fall of Aleppo will not bring the end of the war any closer for Syrians.")
    assert acc is not None and acc.claim_type == "accusatory" and acc.speaker == "author"
    assert pred is not None and pred.claim_type == "predictive"


def test_no_one_is_not_a_speaker(nlp):
    d = _one(nlp, "No one can deny that the regime has avoided combating ISIS for nearly two years.")
    assert d is not None and d.speaker == "author"


def test_told_introduces_a_reported_claim(nlp):
    d = _one(nlp, "A senior opposition official told Reuters that the gas used in the attack had never been seen before.")
    assert d is not None and d.claim_type == "reported"
    assert "official" in d.speaker.lower()


def test_statement_before_a_coordinated_question_is_a_claim(nlp):
    from conflictlens.claims.stage import _statement_before_question

    sent = next(nlp("Russia was criticized for targeting mostly the moderate opposition and ignoring ISIS, "
                    "but didn't they claim that they came to fight the Islamic State?").sents)
    head = _statement_before_question(sent)
    assert head is not None and head.text == ("Russia was criticized for targeting mostly the moderate opposition "
                                              "and ignoring ISIS")
    assert detect(head) is not None and detect(sent) is None  # the whole sentence is a question
    plain = next(nlp("Is the regime of Assad a lesser evil, but who would say so?").sents)
    assert _statement_before_question(plain) is None  # a question before "but" asserts nothing either
    assert _statement_before_question(next(nlp("The army took the town, but the rebels fled.").sents)) is None


def test_as_clause_on_a_noun_does_not_make_a_speaker(nlp):
    # "as he claims" on a noun gives the source of that word; on the verb, of the statement.
    d = _one(nlp, "The general wants voters to choose between his brutal army or the “terrorists” as he claims, "
                  "while the militias want recruits.")
    assert d is not None and d.speaker == "author"
    d = _one(nlp, "The siege of the port will end before the winter, as the minister claimed on Monday.")
    assert d is not None and "minister" in d.speaker.lower()

"""Fixtures for the events tests: code a text with the real spaCy model and the events stage."""
from __future__ import annotations

import hashlib

import pytest

from conflictlens.events.stage import events_of_document
from conflictlens.nlp import sentences_of
from conflictlens.records import DocResult, Document


def make_result(nlp, text: str):
    doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    sdoc = nlp(text)
    result = DocResult(document=Document(doc_id=doc_id, path="test.txt", text=text))
    result.sentences = sentences_of(sdoc, doc_id)
    return sdoc, result


@pytest.fixture(scope="session")
def code(nlp):
    """text -> list of Event (no actors stage: spaCy entities and generic actor nouns)."""

    def run(text: str):
        sdoc, result = make_result(nlp, text)
        return events_of_document(sdoc, result)

    return run


def _find(events, trigger: str):
    return [e for e in events if e.trigger.text == trigger]


@pytest.fixture(scope="session")
def find():
    """find(events, trigger_text) -> the events with that trigger."""
    return _find

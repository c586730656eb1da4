"""Fixtures for the dates tests: run the real spaCy model + dates stage on a text."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conflictlens.dates.stage import make_stage
from conflictlens.nlp import sentences_of
from conflictlens.records import DocResult, Document

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def analyse_dates(nlp):
    """text, published, updated -> DocResult with sentences and date mentions filled."""
    run = make_stage(None)

    def analyse(text: str, published: dt.date | None = None, updated: dt.date | None = None) -> DocResult:
        doc = Document(doc_id="t" * 16, path="<test>", text=text, published=published, updated=updated)
        sdoc = nlp(text)
        result = DocResult(document=doc, sentences=sentences_of(sdoc, doc.doc_id))
        result.date_mentions = run(sdoc, result)
        return result

    return analyse

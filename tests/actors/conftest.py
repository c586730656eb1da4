"""Fixtures of the actors tests: the real spaCy model with the actor_ruler, the KB, a linker."""
from __future__ import annotations

from pathlib import Path

import pytest

from conflictlens.actors.kb import load_kb
from conflictlens.actors.link import Linker
from conflictlens.actors.ruler import configure_nlp
from conflictlens.config import load_settings
from conflictlens.records import DocResult, Document


@pytest.fixture(scope="session")
def actor_settings():
    return load_settings()


@pytest.fixture(scope="session")
def kb(actor_settings):
    return load_kb(actor_settings)


@pytest.fixture(scope="session")
def actor_nlp(actor_settings):
    """Its own copy of the small model (the session ``nlp`` fixture stays untouched)."""
    import spacy

    nlp = spacy.load(actor_settings["nlp"]["model"])
    configure_nlp(nlp, actor_settings)
    return nlp


@pytest.fixture(scope="session")
def link(actor_nlp, kb, actor_settings):
    """link(text) -> list[ActorMention] through the real model, ruler and linker."""
    linker = Linker(kb, actor_settings)

    def run(text: str, doc_id: str = "t"):
        return linker.run(actor_nlp(text), DocResult(document=Document(doc_id=doc_id, path=doc_id, text=text)))

    return run


@pytest.fixture(scope="session")
def re3d_dir(shared) -> Path:
    """../shared/eval/actors/re3d, or skip with a reason."""
    return shared("eval", "actors", "re3d")

"""Fixtures for the claims tests: a tiny two-outlet corpus analysed with the claims stage."""
from __future__ import annotations

import pytest

from conflictlens.config import load_settings
from conflictlens.pipeline import Pipeline
from conflictlens.records import Document

TEXTS = {
    "a": ("Outlet A", "The regime colluded with ISIS for years, according to the author. "
                      "The army captured the town on Monday. "
                      "Officials said that the capture of Aleppo will end the war soon."),
    "b": ("Outlet B", "The regime never colluded with ISIS, whatever critics claim. "
                      "Trucks arrived in the city at noon. "
                      "The capture of Aleppo will not end the war because the rebels keep fighting."),
}


def make_docs() -> list[Document]:
    return [Document(doc_id=f"doc{k}", path=f"{k}.txt", text=t, outlet=o) for k, (o, t) in TEXTS.items()]


@pytest.fixture(scope="session")
def claims_pipeline():
    return Pipeline(load_settings(), only=["claims"])


@pytest.fixture
def claim_docs() -> list[Document]:
    return make_docs()


@pytest.fixture(scope="session")
def actor_claims_pipeline():
    """Actors and claims: the stance model reads actor-normalised text (claims/canonical.py)."""
    return Pipeline(load_settings(), only=["actors", "claims"])

"""Load the spaCy pipeline once and let stages add their components (entity rulers...)."""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from ..errors import Errors
from ..records import Sentence
from .attribute_match import speed_up_attribute_ruler

LOGGER = logging.getLogger(__name__)


def load_model(name: str):
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(Errors.E201.format(name=name)) from exc


def build_nlp(settings, configurers: Iterable[Callable] = ()):
    """The model named in settings, then each stage's ``configure_nlp(nlp, settings)``."""
    nlp = load_model(settings["nlp"]["model"])
    nlp.max_length = max(nlp.max_length, settings["nlp"]["max_chars"] + 1)
    if settings.get("nlp.fast_attribute_ruler", True):
        speed_up_attribute_ruler(nlp)  # same annotations, indexed matching (attribute_match.py)
    for configure in configurers:
        configure(nlp, settings)
    LOGGER.info("spaCy pipeline: %s", nlp.pipe_names)
    return nlp


def sentences_of(sdoc, doc_id: str) -> list[Sentence]:
    """Sentences with character offsets into the document text."""
    return [
        Sentence(doc_id=doc_id, idx=i, start=s.start_char, end=s.end_char, text=s.text)
        for i, s in enumerate(sdoc.sents)
    ]

"""The "actor_ruler" spaCy component: KB names as entities with their actor id, before "ner".

Two phrase matchers (case-insensitive names, and acronyms/capitalised single words that
must match as written) rather than spaCy's EntityRuler: the ruler's token patterns made it
cost ~0.8x the whole spaCy pipeline on FA-KES; phrase matchers cost a few percent
(``python -m conflictlens.actors.bench``). Each entity carries the actor id in
``ent.ent_id_``, so linking does not depend on the statistical NER, which mislabels many
of these names (Daech, Hezbollah, HTS...). Entities already set (another ruler) are kept.
"""
from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from .kb import KB, load_kb

LOGGER = logging.getLogger(__name__)

RULER_NAME = "actor_ruler"
FACTORY = "conflictlens_actor_ruler"


def patterns_of(kb: KB) -> list[tuple[str, str, str, bool]]:
    """(label, actor_id, text, exact) per KB alias that goes into the ruler.

    Single capitalised words (Daech, Amnesty, Wagner) match as written or in capitals only,
    so the common noun ("amnesty") does not become an actor; short acronyms (IS, UN) match
    only as written.
    """
    out: list[tuple[str, str, str, bool]] = []
    seen: set[tuple] = set()
    for a in kb.aliases:
        if not a.ruler:
            continue
        text = a.text.strip()
        single = " " not in text
        if a.exact or (single and text[:1].isupper() and not text.isupper()):
            forms = [text] if a.exact else [text, text.upper()]
            for form in forms:
                if ("E", form) not in seen:
                    seen.add(("E", form))
                    out.append((a.label, a.actor_id, form, True))
        elif ("L", text.lower()) not in seen:
            seen.add(("L", text.lower()))
            out.append((a.label, a.actor_id, text, False))
    return out


# Capitalised words that may stand before a person's name without being part of it.
_TITLES = {"president", "mr", "mr.", "mrs", "ms", "dr", "dr.", "gen", "gen.", "general", "minister", "secretary",
           "prime", "foreign", "defense", "defence", "leader", "sheikh", "ayatollah", "king", "prince", "emir",
           "commander", "col", "col.", "colonel", "lt", "lt.", "maj", "maj.", "capt", "capt.", "adm", "adm.",
           "spokesman", "chief", "envoy", "ambassador", "deputy", "vice", "premier", "marshal", "field",
           "syrian", "russian", "iranian", "iraqi", "turkish", "american", "british", "french", "israeli",
           "the", "and", "but", "said", "says"}


_PARTICLES = ("al", "el", "bin", "ibn", "abu", "bint")


def _tail_of_longer_name(prev) -> bool:
    """True when the token before a one-word person match is part of another name."""
    if prev.text == "-" or prev.lower_ in _PARTICLES:
        return True
    return prev.pos_ == "PROPN" and prev.is_title and prev.lower_ not in _TITLES and not prev.is_sent_start


class ActorRuler:
    """Marks KB names as entities (label from the actor's type, id = actor_id)."""

    def __init__(self, nlp: Language, name: str = RULER_NAME):
        self.name = name
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._tokenizer = nlp.tokenizer
        self.n_patterns = 0

    def add_patterns(self, patterns: list[tuple[str, str, str, bool]]) -> None:
        groups: dict[tuple[str, bool], list] = {}
        for label, actor_id, text, exact in patterns:
            groups.setdefault((f"{label}|{actor_id}", exact), []).append(text)
        for (key, exact), texts in groups.items():
            docs = list(self._tokenizer.pipe(texts))
            (self.orth if exact else self.lower).add(key, docs)
            self.n_patterns += len(docs)

    def __call__(self, doc):
        matches = self.lower(doc) + self.orth(doc)
        if not matches:
            return doc
        strings = doc.vocab.strings
        spans = []
        for key, start, end in matches:
            label, actor_id = strings[key].split("|", 1)
            if label == "PERSON" and start > 0 and (
                    (end - start == 1 and _tail_of_longer_name(doc[start - 1])) or
                    (doc[start].lower_ in _PARTICLES and doc[start - 1].is_title and doc[start - 1].is_alpha)):
                continue  # "al-Assad" in "Bassel al-Assad" is not Bashar al-Assad
            spans.append(Span(doc, start, end, label=label, span_id=actor_id))
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        new = [s for s in filter_spans(spans) if not any(i in taken for i in range(s.start, s.end))]
        if new:
            doc.ents = sorted([*doc.ents, *new], key=lambda s: s.start)
        return doc


@Language.factory(FACTORY)
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp, name)


def configure_nlp(nlp, settings) -> None:
    """Add "actor_ruler" before "ner" (or last when the model has no NER)."""
    if RULER_NAME in nlp.pipe_names:
        return
    kb = load_kb(settings)
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(FACTORY, name=RULER_NAME, **where)
    ruler.add_patterns(patterns_of(kb))
    LOGGER.info("actor_ruler: %d patterns", ruler.n_patterns)

"""The "actor_ruler" spaCy component: an entity ruler built from the KB, placed before "ner".

Each pattern carries the actor id (``ent.ent_id_``), so linking does not depend on the
statistical NER, which mislabels many of these names (Daech, Hezbollah, HTS...).
"""
from __future__ import annotations

import logging

from .kb import KB, load_kb

LOGGER = logging.getLogger(__name__)

RULER_NAME = "actor_ruler"


def patterns_of(kb: KB, tokenizer) -> list[dict]:
    """Entity-ruler patterns: case-insensitive phrases, exact token patterns for acronyms.

    Single capitalised words (Daech, Amnesty, Wagner) match as written or in capitals only,
    so the common noun ("amnesty") does not become an actor.
    """
    out: list[dict] = []
    seen: set[tuple] = set()
    for a in kb.aliases:
        if not a.ruler:
            continue
        text = a.text.strip()
        single = " " not in text
        if a.exact or (single and text[:1].isupper() and not text.isupper()):
            forms = [text] if a.exact else [text, text.upper()]
            for form in forms:
                toks = [t.text for t in tokenizer(form)]
                key = ("T", tuple(toks))
                if key in seen:
                    continue
                seen.add(key)
                out.append({"label": a.label, "pattern": [{"ORTH": t} for t in toks], "id": a.actor_id})
            # "the Syrian army" style variants with curly quotes are covered by the alias list.
        else:
            key = ("P", text.lower())
            if key in seen:
                continue
            seen.add(key)
            out.append({"label": a.label, "pattern": text, "id": a.actor_id})
    return out


def configure_nlp(nlp, settings) -> None:
    """Add "actor_ruler" before "ner" (or last when the model has no NER)."""
    if RULER_NAME in nlp.pipe_names:
        return
    kb = load_kb(settings)
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME,
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False}, **where)
    pats = patterns_of(kb, nlp.tokenizer)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(pats)
    LOGGER.info("actor_ruler: %d patterns", len(pats))

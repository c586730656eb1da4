"""Toponym recognition: spaCy GPE/LOC/FAC plus the "place_ruler", demonyms and metonymy.

The place ruler is an EntityRuler (before "ner") with the project's alias table, its own
places and the names of the region's places (Syria, Iraq, Lebanon, Jordan, Turkey...), so
"Aleppo", "Albu Kamal", "Deir ez-Zor", "al-Bab", "Qalamoun" are places even where the
small model calls them NORP or FAC or misses them.
"""
from __future__ import annotations

import csv
import importlib.resources as ir
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .gazetteer import Gazetteer
from .normalize import fold, norm_key

LOGGER = logging.getLogger(__name__)

RULER_NAME = "place_ruler"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Countries whose place names go into the ruler (the project's conflict region).
RULER_COUNTRIES = {"SY", "IQ", "LB", "JO", "TR", "IL", "PS", "YE", "LY", "IR", "AF", "UA"}
# Places of those countries at least this populous get ruler patterns (villages are left
# to NER: too many collide with words and names). Chosen on the seed articles and FA-KES.
RULER_MIN_POPULATION = 20000
# Names written with diacritics in GeoNames ("Ţarţūs", "Aţ Ţabqah") enter the ruler folded to
# ASCII, if at least this long. Set by judgement (a 4-letter folded name is often a word or
# a given name); re-run eval geo (FA-KES, GWN end-to-end) after changing.
RULER_MIN_FOLDED_LEN = 5
# Verbs whose subject, when a capital or country, is a metonym for its government.
METONYMY_VERBS = {
    "say", "announce", "accuse", "warn", "demand", "deny", "condemn", "agree", "refuse", "insist",
    "urge", "call", "reject", "back", "support", "threaten", "impose", "sanction", "claim",
    "respond", "vow", "pledge", "welcome", "criticize", "criticise", "blame", "insist", "believe",
    "want", "hope", "decide", "approve", "veto", "recognize", "recognise", "negotiate", "sign",
    "propose", "offer", "ask", "tell", "argue", "suggest", "expect", "fear", "oppose", "seek",
}


@dataclass(frozen=True, slots=True)
class Toponym:
    """A recognised place name in a parsed document."""

    text: str
    start: int
    end: int
    sentence_start: int
    label: str
    role: str  # place, demonym, metonym
    country_hint: Optional[str] = None  # ISO2 for demonyms


def _read_tsv(name: str) -> list[list[str]]:
    path = ir.files("conflictlens.places") / "data" / name
    with ir.as_file(path) as p, open(p, encoding="utf-8") as fh:
        return [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Normalised demonym ("syrian", "syrians") -> ISO2 country code (or a continent's geonameid)."""
    out = {}
    for row in _read_tsv("demonyms.tsv"):
        cc = row[0]
        for d in row[1].split("|"):
            out[norm_key(d)] = cc
            out[norm_key(d) + "s"] = cc
    return out


@lru_cache(maxsize=1)
def ruler_patterns() -> list[dict]:
    """Phrase patterns of the place ruler (computed once from the gazetteer)."""
    gaz = Gazetteer.load()
    names: dict[str, str] = {}
    for alias, _gid in _read_tsv("aliases.tsv"):
        names[alias] = "GPE"
    for row in _read_tsv("extra_places.tsv"):
        label = "GPE" if row[4] in {"A", "P"} else ("FAC" if row[4] == "S" else "LOC")
        regional = row[6] in RULER_COUNTRIES
        for nm in [row[1], *row[9].split("|")]:
            # outside the region only multi-word names ("Indian Ocean"): a one-word pattern
            # ("Atlantic", "Pacific") would cut "Atlantic City" or "Pacific Gas" short
            if nm and nm[0].isupper() and not nm.startswith("the ") and (regional or " " in nm):
                names[nm] = label
    for i in range(len(gaz)):
        if gaz.country[i] not in RULER_COUNTRIES or gaz.fcode[i] == "PCLI":
            continue
        if gaz.fcode[i] != "ADM1" and gaz.population[i] < RULER_MIN_POPULATION:
            continue
        nm = gaz.name[i]
        if not nm.isascii():
            # "Ţarţūs" -> "Tartus"; short folded names ("Dara", "Kish") are too often words or
            # given names
            nm = fold(nm).replace("\u2018", "")
            if len(nm) < RULER_MIN_FOLDED_LEN:
                continue
        if nm.isascii() and nm[:1].isupper() and len(nm) >= 4:
            names.setdefault(nm, "GPE")
    return [{"label": lab, "pattern": nm, "id": "place"} for nm, lab in sorted(names.items())]


def hint_row(gaz: Gazetteer, code: Optional[str]) -> Optional[int]:
    """Gazetteer row of a demonym's code: an ISO2 country, or a GeoNames id (a continent,
    an admin1 such as England) or the project's own id (negative: "Central American")."""
    if not code:
        return None
    if code.lstrip("-").isdigit():
        return gaz.by_id.get(int(code))
    return gaz.country_row.get(code)


def demonym_row(gaz: Gazetteer, text: str) -> Optional[int]:
    """Gazetteer row of the country (or continent, region) a demonym names, else None."""
    return hint_row(gaz, demonyms().get(norm_key(text)))


def configure_nlp(nlp, settings) -> None:
    """Add the place ruler before "ner" (idempotent)."""
    if RULER_NAME in nlp.pipe_names:
        return
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before,
                         config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns())
    LOGGER.info("place_ruler: %d patterns", len(ruler.patterns))


def _is_metonym(ent) -> bool:
    root = ent.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_.lower() in METONYMY_VERBS:
        return True
    # "Moscow's decision", "Washington's position": possessive of a government act
    if any(t.tag_ == "POS" for t in ent[-1:].doc[ent.end:ent.end + 1]):
        head = root.head
        if head.lemma_.lower() in {"decision", "position", "policy", "government", "regime", "demand",
                                   "support", "backing", "stance", "statement", "warning", "plan"}:
            return True
    return False


_LOWER_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)[-\s\u2019'][A-Z]")


def _looks_like_name(text: str) -> bool:
    """A place name starts with a capital ("Aleppo") or a lower-case article ("al-Bab")."""
    return bool(text) and (text[0].isupper() or text[0].isdigit() or bool(_LOWER_ARTICLE.match(text)))


def toponyms(sdoc) -> list[Toponym]:
    """Place names of a parsed document, each with its role."""
    demo = demonyms()
    gaz = None
    out: list[Toponym] = []
    for ent in sdoc.ents:
        label = ent.label_
        text = ent.text
        # strip a leading "the" that spaCy keeps in some spans
        start = ent.start_char
        if text.lower().startswith("the "):
            text, start = text[4:], start + 4
        if not _looks_like_name(text):
            continue
        if label in PLACE_LABELS:
            role = "metonym" if label == "GPE" and _is_metonym(ent) else "place"
            out.append(Toponym(text, start, ent.end_char, ent.sent.start_char, label, role))
        elif label == "NORP":
            key = norm_key(text)
            if key in demo:
                out.append(Toponym(text, start, ent.end_char, ent.sent.start_char, label, "demonym", demo[key]))
            else:
                gaz = gaz or Gazetteer.load()
                # the small model often labels Syrian towns NORP ("Aleppo", "Tadmor")
                if any(gaz.fclass[r] in {"P", "A"} and gaz.country[r] in RULER_COUNTRIES
                       for r, _ in gaz.lookup(text)):
                    out.append(Toponym(text, start, ent.end_char, ent.sent.start_char, "GPE", "place"))
    return out

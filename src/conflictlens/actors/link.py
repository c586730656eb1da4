"""Linking of entity and generic-agent mentions to KB actor ids, one document at a time.

Order of evidence for a named entity: the actor_ruler's id, an alias lookup (exact forms,
then normalised), the name without a title ("Gen. Votel" -> "Votel"), an earlier full name
in the same document ("Assad" after "Bashar al-Assad"), then rapidfuzz against the KB's
organisation names. Generic agents ("the regime", "the rebels", "government forces") take
the country of a demonym in front of them, else of their sentence, else of the document.
"""
from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from typing import Optional

from ..records import ActorMention
from .kb import KB, TIER_STATE, norm

LOGGER = logging.getLogger(__name__)

ENTITY_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}

# Generic agent nouns (after the PETRARCH2 agents file: REGIME -> GOV, GOVERNMENT_FORCES -> MIL,
# REBEL -> REB ...) -> the role actor of the country they belong to.
GENERIC_AGENTS: dict[str, str] = {
    "regime": "government", "government": "government", "authorities": "government",
    "administration": "government", "junta": "government",
    "government forces": "military", "government troops": "military", "regime forces": "military",
    "regime troops": "military", "army": "military", "military": "military", "troops": "military",
    "soldiers": "military", "armed forces": "military", "air force": "military", "warplanes": "military",
    "security forces": "military", "pro-government forces": "military", "pro-regime forces": "military",
    "loyalist forces": "military", "government warplanes": "military", "regime warplanes": "military",
    "rebels": "rebels", "rebel": "rebels", "rebel forces": "rebels", "rebel groups": "rebels",
    "rebel fighters": "rebels", "insurgents": "rebels", "armed groups": "rebels", "armed opposition": "rebels",
    "opposition fighters": "rebels", "opposition forces": "rebels", "militants": "rebels",
    "jihadists": "rebels", "opposition": "opposition", "opposition groups": "opposition",
}
# A word before the agent that makes it indefinite or not an agent at all ("a regime").
_NOT_AGENT_BEFORE = {"a", "an", "any", "every", "no", "another"}
_TITLES = re.compile(
    r"^(?:(?:president|prime minister|foreign minister|defen[cs]e minister|minister|secretary|general|gen\.?|lt\.?|"
    r"lieutenant|col\.?|colonel|maj\.?|major|capt\.?|captain|adm\.?|admiral|sheikh|sheik|king|prince|mr\.?|mrs\.?|"
    r"ms\.?|dr\.?|commander|leader|spokesman|spokesperson|brig\.?|brigadier|field marshal|marshal|emir|ayatollah|"
    r"supreme leader|chancellor)\s+)+", re.I)
# Subject-like dependencies under which a capital city acts as its government ("Damascus said").
_AGENT_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}

# Confidence per method: hand-set ranks (ruler/alias are dictionary matches; fuzzy and
# context-resolved generics are guesses). Check with `conflictlens eval actors` (linking).
CONF = {"ruler": 0.95, "alias": 0.9, "title": 0.85, "coref": 0.8, "fuzzy": 0.7, "metonymy": 0.75,
        "demonym": 0.8, "generic": 0.6, "role": 0.7}


# Head nouns of role phrases that may stand for a person ("the CJTF-OIR spokesperson").
ROLE_NOUNS = {"president", "minister", "leader", "commander", "chief", "spokesman", "spokeswoman",
              "spokesperson", "secretary", "general", "head", "director", "envoy", "ambassador", "officer",
              "representative", "adviser", "advisor", "emir", "king", "prince", "founder", "chairman",
              "chair", "deputy", "governor", "mayor", "colonel", "premier", "chancellor", "successor",
              "predecessor", "son", "brother", "cleric", "ayatollah", "sheikh", "militant", "fighter",
              "member", "official", "negotiator", "coordinator", "mediator", "rapporteur", "marshal"}
_DIRECTION = re.compile(r"^(?:near|east|west|north|south|eastern|western|northern|southern|central|old|new)\s+", re.I)
_ARTICLE = re.compile(r"^(?:al|ar|as|ad|an|at|az|el|ash)[\s-]+", re.I)


# Distinct names whose fuzzy match is remembered per pipeline; past this the cache is cleared.
# Names are open-ended (every new spelling of every person in a million articles), so an
# unbounded cache grows with the corpus in every worker. 50,000 names are ~8 MB (key string
# plus dict slot); a cleared cache only costs one rapidfuzz lookup per name again.
FUZZY_CACHE_MAX = 50_000


def _is_place(kb: KB, text: str) -> bool:
    key = _DIRECTION.sub("", norm(text))
    return key in kb.places or _ARTICLE.sub("", key) in kb.places


class Linker:
    """Holds the KB, the generic-agent matcher and a fuzzy-match cache for one pipeline."""

    def __init__(self, kb: KB, settings, vocab=None):
        self.kb = kb
        threshold = float(settings.get("actors.fuzzy_threshold", 90)) if settings is not None else 90.0
        self.threshold = min(max(threshold, 0.0), 100.0)
        self._fuzzy_cache: dict[str, Optional[str]] = {}
        self._choices: Optional[list[str]] = None
        self._choice_ids: list[str] = []
        self._matcher = None
        self._vocab = vocab

    # -- helpers -------------------------------------------------------------------------
    def _fuzzy(self, text: str) -> Optional[str]:
        key = norm(text)
        if len(key) < 5:
            return None
        if key in self._fuzzy_cache:
            return self._fuzzy_cache[key]
        from rapidfuzz import fuzz, process

        if self._choices is None:
            pairs = {}
            for a in self.kb.aliases:
                actor = self.kb.actors.get(a.actor_id)
                if a.exact or actor is None or (a.tier < TIER_STATE and not a.ruler):
                    continue
                if actor.type == "person" and " " not in a.text.strip():
                    continue  # surnames alone are too short to match loosely
                k = norm(a.text)
                if len(k) >= 5:
                    pairs.setdefault(k, a.actor_id)
            self._choices = list(pairs)
            self._choice_ids = list(pairs.values())
        hit = process.extractOne(key, self._choices, scorer=fuzz.ratio, score_cutoff=self.threshold)
        aid = self._choice_ids[hit[2]] if hit else None
        if len(self._fuzzy_cache) >= FUZZY_CACHE_MAX:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[key] = aid
        return aid

    def _generic_matcher(self, vocab):
        if self._matcher is None or self._matcher.vocab is not vocab:
            from spacy.matcher import PhraseMatcher
            from spacy.tokens import Doc

            m = PhraseMatcher(vocab, attr="LOWER")
            for phrase, role in GENERIC_AGENTS.items():
                m.add(role, [Doc(vocab, words=phrase.replace("-", " - ").split())])
            self._matcher = m
        return self._matcher

    def _named(self, ent, persons: dict[str, str]) -> tuple[Optional[str], str]:
        """(actor_id, method) for a named entity, or (None, reason)."""
        kb = self.kb
        if ent.ent_id_ and ent.ent_id_ in kb.actors:
            return ent.ent_id_, "ruler"
        aid = kb.lookup(ent.text)
        if aid:
            return aid, "alias"
        bare = _TITLES.sub("", ent.text).strip()
        if bare and bare != ent.text:
            aid = kb.lookup(bare)
            if aid:
                return aid, "title"
        if ent.label_ == "PERSON":
            last = norm(bare or ent.text).split()
            if len(last) == 1 and last[0] in persons:
                # a surname alone after the full name; "Hafez al-Assad" is not "Bashar al-Assad"
                return persons[last[0]], "coref"
            aid = self._fuzzy(bare or ent.text) if len(last) > 1 else None
            if aid:
                return aid, "fuzzy"
            return None, "person_not_in_kb"
        if ent.label_ == "ORG":
            aid = self._fuzzy(ent.text)
            if aid:
                return aid, "fuzzy"
            return None, "not_in_kb"
        return None, "not_in_kb"

    def _roles(self, sdoc, found: list, covered: set[int]) -> list:
        """Role phrases in apposition to a linked person ("Joseph Votel, commander of CENTCOM")."""
        kb = self.kb
        out = []
        by_start = {f[0]: f for f in found if f[3] and f[4] == "PERSON"}
        for ent in sdoc.ents:
            f = by_start.get(ent.start_char)
            if f is None or kb.get(f[3]) is None or kb.get(f[3]).type != "person":
                continue
            root = ent.root
            cands = [c for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
                cands.append(root.head)
            for tok in cands:
                if tok.i in range(ent.start, ent.end):
                    continue
                toks = [t for t in tok.subtree if t.i < ent.start or t.i >= ent.end]
                # keep one contiguous phrase on the side of ``tok``
                lo = hi = tok.i
                idx = {t.i for t in toks}
                while lo - 1 in idx:
                    lo -= 1
                while hi + 1 in idx:
                    hi += 1
                span = sdoc[lo:hi + 1]
                while len(span) and span[-1].is_punct:
                    span = span[:-1]
                while len(span) and span[0].is_punct:
                    span = span[1:]
                if not len(span) or len(span) > 25 or any(i in covered for i in range(span.start, span.end)) \
                        and span.root.ent_type_ not in ("", "ORG", "GPE", "NORP"):
                    continue
                if any(t.pos_ == "VERB" for t in span) or "\n" in span.text or span.root.lemma_.lower() not in ROLE_NOUNS:
                    continue
                out.append((span.start_char, span.end_char, span.text, f[3], "ROLE", "role", None, CONF["role"]))
        return out

    # -- per document --------------------------------------------------------------------
    def run(self, sdoc, result) -> list[ActorMention]:
        kb = self.kb
        doc_id = result.document.doc_id
        starts = [s.start_char for s in sdoc.sents]

        def sent_of(char: int) -> int:
            return max(0, bisect.bisect_right(starts, char) - 1)

        persons: dict[str, str] = {}
        found: list[tuple[int, int, str, Optional[str], str, str, Optional[str], float]] = []
        covered: set[int] = set()
        for ent in sdoc.ents:
            label = ent.label_
            if label not in ENTITY_LABELS:
                continue
            aid, how = self._named(ent, persons)
            actor = kb.get(aid)
            if actor is None or actor.type != "state":
                # The capital acting as subject is its government ("Damascus said").
                iso3 = kb.capitals.get(norm(ent.text))
                if aid is None and iso3 and ent.root.dep_ in _AGENT_DEPS and kb.role_id(iso3, "government"):
                    aid, how = kb.role_id(iso3, "government"), "metonymy"
                    actor = kb.get(aid)
                elif label in PLACE_LABELS or (aid is None and _is_place(kb, ent.text)):
                    # Places belong to the places stage, also when the small model took a
                    # town for a person or group (Palmyra as PERSON, Aleppo as NORP).
                    continue
            elif label == "NORP" and actor is not None and actor.type == "state":
                how = "demonym"
            if aid and actor is not None and actor.type == "person":
                for tok in norm(actor.name).split()[-1:] + norm(ent.text).split()[-1:]:
                    persons.setdefault(tok, aid)
            reason = None if aid else how
            method = how if aid else ("ner" if not ent.ent_id_ else "ruler")
            span = ent  # titles stay outside: extending over them lowered re3d Person F1 (33.8 vs 34.9)
            found.append((span.start_char, span.end_char, span.text, aid, label, method, reason,
                          CONF.get(method, 0.5) if aid else 0.0))
            covered.update(range(span.start, span.end))
        found.extend(self._roles(sdoc, found, covered))
        # Countries in play: per sentence and for the whole document.
        sent_countries: dict[int, Counter] = {}
        doc_countries: Counter = Counter()
        for start, _e, _t, aid, label, method, _r, _c in found:
            actor = kb.get(aid)
            if actor is None or not actor.country:
                continue
            w = 1.0 if actor.type in ("state", "government", "military") else 0.5
            sent_countries.setdefault(sent_of(start), Counter())[actor.country] += w
            doc_countries[actor.country] += w
        doc_country = doc_countries.most_common(1)[0][0] if doc_countries else None
        # Generic agents, outside named entities.
        matches = self._generic_matcher(sdoc.vocab)(sdoc)
        taken: set[int] = set()
        for match_id, s, e in sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]))):
            if any(i in covered or i in taken for i in range(s, e)):
                continue
            if s > 0 and sdoc[s - 1].lower_ in _NOT_AGENT_BEFORE:
                continue
            if sdoc[e - 1].pos_ not in ("NOUN", "PROPN"):
                continue
            role = sdoc.vocab.strings[match_id]
            span = sdoc[s:e]
            iso3 = None
            prev = sdoc[s - 1] if s > 0 else None
            if prev is not None and prev.i in covered:
                # "Syrian rebels": the demonym entity just before gives the country.
                for f in found:
                    if f[1] == prev.idx + len(prev.text) and f[3] and kb.get(f[3]) and kb.get(f[3]).type == "state":
                        iso3 = kb.get(f[3]).country
                        break
            where = "demonym"
            if iso3 is None:
                # The document's main country: in "Russia backs the regime" the regime is
                # still Syria's, so the sentence's countries are only a fallback.
                sc = sent_countries.get(sent_of(span.start_char))
                iso3, where = (doc_country, "document") if doc_country else \
                    ((sc.most_common(1)[0][0], "sentence") if sc else (None, "none"))
            aid = kb.role_id(iso3, role) if iso3 else None
            found.append((span.start_char, span.end_char, span.text, aid, "AGENT", "generic",
                          None if aid else "no_country_context", CONF["generic"] if aid else 0.0))
            taken.update(range(s, e))
            LOGGER.debug("generic %r -> %s (%s)", span.text, aid, where)
        found.sort(key=lambda f: (f[0], f[1]))
        return [ActorMention(doc_id=doc_id, sentence_idx=sent_of(start), start=start, end=end, text=text,
                             actor_id=aid, label=label, method=method, confidence=conf,
                             unlinked_reason=reason)
                for start, end, text, aid, label, method, reason, conf in found]

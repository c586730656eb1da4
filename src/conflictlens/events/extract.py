"""Event extraction from one parsed sentence: triggers, roles, modality, fatalities.

Roles come from the dependency parse:
- verbs: subject -> source, object (or "on/against/into" object) -> target; passives swap
  ("was captured by X": X is the source); a verb with no subject inherits it from the verb
  it is coordinated with or complements ("continued to bomb");
- nouns: possessor, nationality adjective or "by" phrase -> source ("the regime's siege",
  "Russian airstrikes", "the takeover by IS"); "of/on/against" -> target ("the siege of
  Aleppo"), except for nouns whose "of" names the mover ("the advance of Turkish forces");
- light verbs hand over to their object noun ("launched airstrikes on X");
- coordination: "the regime and Russia bombed" gives one event per source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .actors import ActorIndex, Candidate
from .lexicon import (HYPOTHETICAL_HEADS, LIGHT_VERBS, MODAL_WORDS, NEEDS_OBJECT, NEGATING_HEADS, NOUNS,
                      REJECT_MODES, REPORTING_VERBS, THREAT_MODES, VERBS, Trigger)

SUBJ = {"nsubj", "csubj"}
PRONOUNS = {"it", "they", "we", "he", "she"}
OBJ = {"dobj", "obj", "attr"}
TARGET_PREPS = {"on", "against", "into", "upon", "at", "over", "towards", "toward", "in", "with"}
# "of" names the mover, not the target, for these nouns ("the advance of Turkish forces").
OF_IS_SOURCE = {"advance", "withdrawal", "retreat", "surrender", "offensive"}
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "19"}
LOST_NOUNS = {"fall", "loss", "collapse"}
SUBJECT_INHERIT = {"xcomp", "conj", "advcl", "pcomp"}
PLACE_NOUNS = {"city", "town", "village", "area", "district", "base", "airport", "neighbourhood",
               "neighborhood", "territory", "stronghold", "province", "region", "capital"}
CONTROL_VERBS = {"assume", "take", "seize", "gain", "regain", "wrest", "establish"}


@dataclass
class Found:
    trigger: object  # spaCy token (head of the trigger)
    trigger_span: tuple[int, int]  # char offsets of the trigger text
    code: Trigger
    sources: list[Candidate] = field(default_factory=list)
    targets: list[Candidate] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    attributed_to: Optional[Candidate] = None
    pronoun_subject: bool = False  # "Russia says it struck": resolved to the speaker
    intent: bool = False  # hypothetical because of a modal or an intention verb, not a condition
    conditional: bool = False  # under "if"/"unless"
    governed: bool = False  # the act of a threat or refusal: keeps its own code
    mode_override: Optional[str] = None  # THREATEN/REJECT take their mode from the act
    reciprocal: bool = False  # "the regime and IS clash": each source is the other's target


def _conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_conjuncts(c))
    return out


def _actors(index: ActorIndex, tok, allow_place: bool = True) -> list[Candidate]:
    out = []
    for t in _conjuncts(tok):
        c = index.for_token(t)
        if c is None:
            # "airstrikes killed ...": a trigger noun as subject stands for its own source
            low = t.lemma_.lower()
            if low in NOUNS:
                for ch in t.children:
                    if ch.dep_ in ("poss", "amod", "compound"):
                        c = index.for_token(ch)
                        if c is not None:
                            break
        if c is not None and (allow_place or c.kind != "place") and c not in out:
            out.append(c)
    return out


def _subject(verb):
    for c in verb.children:
        if c.dep_ in SUBJ:
            return c, False
        if c.dep_ in ("nsubjpass", "csubjpass"):
            return c, True
    return None, False


def _agent(verb):
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _prep_objs(tok, preps: set[str]):
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    yield c.lower_, p


def _verb_roles(index: ActorIndex, verb, f: Found) -> None:
    subj, passive = _subject(verb)
    head = verb
    hops = 0
    # inherit the subject from a governing verb ("continued to bomb", "captured and destroyed")
    while subj is None and head.dep_ in SUBJECT_INHERIT and head.head.i != head.i and hops < 3:
        head = head.head
        hops += 1
        subj, p2 = _subject(head)
        if head.dep_ != "conj":
            passive = passive or False
        else:
            passive = p2
    # relative clause: "the rebels who attacked X"
    if subj is not None and subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subj = verb.head
    # participle attached to a noun: "rebels advancing on X" acts; "rebels backed by X" undergoes
    if subj is None and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        subj = verb.head
        passive = verb.tag_ == "VBN" and _agent(verb) is not None
    if passive or any(c.dep_ == "auxpass" for c in verb.children):
        ag = _agent(verb)
        if ag is not None:
            f.sources = _actors(index, ag, allow_place=False)
        if subj is not None:
            f.targets = _actors(index, subj)
    else:
        if subj is not None:
            f.sources = _actors(index, subj, allow_place=False)
            if not f.sources and subj.lower_ in PRONOUNS:
                f.pronoun_subject = True
        for c in verb.children:
            if c.dep_ in OBJ or c.dep_ == "dative":
                f.targets = _actors(index, c)
                if f.targets:
                    break
    if not f.targets:
        for _, p in _prep_objs(verb, TARGET_PREPS):
            f.targets = _actors(index, p)
            if f.targets:
                break


def _noun_roles(index: ActorIndex, noun, f: Found, lemma: str) -> None:
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i):
            cand = _actors(index, c, allow_place=False)
            if cand:
                f.sources = cand
                break
    for prep, p in _prep_objs(noun, {"by"}):
        f.sources = _actors(index, p, allow_place=False) or f.sources
    if not f.sources:
        # "The Syrian army’s capture of ...": the small model often mis-parses a curly "’s";
        # read the possessive off the surface instead.
        j = noun.i - 1
        while j > noun.sent.start and noun.doc[j].pos_ == "ADJ":
            j -= 1
        if j > noun.sent.start and noun.doc[j].lower_ in ("’s", "'s", "’", "'"):
            owner = noun.doc[j - 1]
            c = index.for_token(owner)
            if c is not None and c.kind != "place":
                f.sources = [c]
    of_source = lemma in OF_IS_SOURCE
    for prep, p in _prep_objs(noun, {"of"}):
        cand = _actors(index, p)
        if of_source and not f.sources:
            f.sources = [c for c in cand if c.kind != "place"]
            # "the advance of Turkish forces towards al-Bab": the target hangs off the mover
            for _, q in _prep_objs(p, TARGET_PREPS):
                f.targets = f.targets or _actors(index, q)
        elif not of_source:
            f.targets = cand
    if not f.targets:
        for prep, p in _prep_objs(noun, TARGET_PREPS):
            f.targets = _actors(index, p)
            if f.targets:
                break
    if lemma in LOST_NOUNS and not f.targets and f.sources:
        # "Palmyra's fall": the possessor is what was lost
        f.targets, f.sources = f.sources, []


def _noun_trigger(tok) -> tuple[Optional[Trigger], tuple[int, int], str]:
    """Noun triggers, including two-word ones ("air strike", "car bomb")."""
    low = tok.lemma_.lower()
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        two = f"{prev.lower_} {low}"
        if two in NOUNS:
            return NOUNS[two], (prev.idx, tok.idx + len(tok)), two
    if low in NOUNS:
        return NOUNS[low], (tok.idx, tok.idx + len(tok)), low
    if tok.lower_ in NOUNS:
        return NOUNS[tok.lower_], (tok.idx, tok.idx + len(tok)), tok.lower_
    return None, (0, 0), low


def _clause_chain(tok, limit: int = 6):
    """The token and its governors up to the sentence root."""
    x, n = tok, 0
    while n < limit:
        yield x
        if x.head.i == x.i:
            return
        x = x.head
        n += 1


# Links through which a governor's negation, modal or condition reaches the trigger:
# "did not try to attack" (xcomp), "did not launch airstrikes" (dobj), "if they attack".
TIGHT_LINKS = {"xcomp", "dobj", "pobj", "prep", "aux"}
# Links by which a threat/plan/intention verb governs the act ("threatened to attack",
# "threatened airstrikes", "called for strikes", "expects that they will attack").
HYPO_LINKS = {"xcomp", "ccomp", "dobj", "pobj", "prep"}


def _modality(tok, f: Found, index: ActorIndex) -> None:
    tight = True
    prev = None
    for i, x in enumerate(_clause_chain(tok, limit=8)):
        if i > 0 and prev.dep_ not in TIGHT_LINKS:
            tight = False
        kids = list(x.children)
        if tight:
            if any(c.dep_ == "neg" for c in kids):
                f.negated = True
            if x.pos_ == "NOUN" and any(c.lower_ in ("no", "never") and c.dep_ == "det" for c in kids):
                f.negated = True
            if any(c.dep_ == "aux" and c.lower_ in MODAL_WORDS for c in kids):
                f.hypothetical = f.intent = True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
                f.hypothetical = f.conditional = True
        if i > 0 and x.lemma_.lower() in HYPOTHETICAL_HEADS and prev.dep_ in HYPO_LINKS and \
                (tight or prev.dep_ in ("xcomp", "ccomp")):
            f.hypothetical = f.intent = True
        if i > 0 and x.lemma_.lower() in NEGATING_HEADS and prev.dep_ == "xcomp" and tight:
            f.negated = True
        if i > 0 and prev.dep_ in ("ccomp", "parataxis") and x.lemma_.lower() in REPORTING_VERBS:
            # reported speech: "Russia says it struck ..."
            if f.attributed_to is None:
                subj, _ = _subject(x)
                if subj is not None and subj.lower_ not in PRONOUNS:
                    f.attributed_to = _attr(index, subj)
        prev = x
    # "according to X"
    for t in tok.sent:
        if t.lower_ == "according" and f.attributed_to is None:
            for to in t.children:
                for p in to.children:
                    if p.dep_ == "pobj":
                        f.attributed_to = _attr(index, p)


def _attr(index: ActorIndex, tok) -> Optional[Candidate]:
    """The speaker named by ``tok`` (an actor, else the noun phrase's text)."""
    c = index.for_token(tok)
    if c is None and tok.pos_ in ("PROPN", "NOUN"):
        span = tok.doc[tok.left_edge.i:tok.right_edge.i + 1]
        c = Candidate(span.start_char, span.end_char, span.text, None, None, "text")
    return c


NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
             "fifty": 50, "hundred": 100, "dozen": 12, "a dozen": 12}
_NUM = r"(\d[\d,\.]*|" + "|".join(sorted(NUM_WORDS, key=len, reverse=True)) + r")"
_QUAL = r"(?:at least |more than |over |nearly |about |some |around |up to |almost |roughly )?"
FATAL_RES = [
    re.compile(r"\b(?:kill(?:ed|ing|s)?|claim(?:ed|ing)? the lives of|left)\s+" + _QUAL + _NUM + r"\b(?!\s*(?:%|percent|km|years?|days?))", re.I),
    re.compile(r"\b" + _QUAL + _NUM + r"\s+(?:[A-Za-z\-]+\s+){0,3}?(?:were |have been |had been |are |was )?(?:killed|dead|died|deaths|fatalities|bodies)\b", re.I),
    re.compile(r"\b(?:death toll|toll)\s+(?:\w+\s+){0,3}?(?:to|of|at)\s+" + _QUAL + _NUM + r"\b", re.I),
]


def _to_int(s: str) -> Optional[int]:
    s = s.lower().strip()
    if s in NUM_WORDS:
        return NUM_WORDS[s]
    s = s.replace(",", "")
    try:
        v = float(s)
    except ValueError:
        return None
    return int(v) if v == int(v) and 0 < v < 10_000_000 else None


def fatalities_in(sent_text: str) -> list[tuple[int, int, int]]:
    """(number, start, end) of fatality counts stated in a sentence (offsets within it)."""
    out = []
    for rx in FATAL_RES:
        for m in rx.finditer(sent_text):
            n = _to_int(m.group(1))
            if n is not None and not any(s <= m.start(1) < e for _, s, e in out):
                out.append((n, m.start(), m.end()))
    return out


def extract_sentence(sent, index: ActorIndex) -> list[Found]:
    """Every event trigger in one spaCy sentence span, with roles and modality."""
    found: list[Found] = []
    used: set[int] = set()
    for tok in sent:
        if tok.i in used:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
            prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
            key = f"{lemma} {prt}" if prt and f"{lemma} {prt}" in VERBS else lemma
            # "assumed control over East Aleppo"
            obj = next((c for c in tok.children if c.dep_ in OBJ), None)
            if lemma in CONTROL_VERBS and obj is not None and obj.lemma_.lower() == "control":
                f = Found(tok, (tok.idx, obj.idx + len(obj)), VERBS["capture"])
                _verb_roles(index, tok, f)
                f.targets = []
                for _, p in _prep_objs(obj, {"of", "over"}):
                    f.targets = _actors(index, p)
                _modality(tok, f, index)
                found.append(f)
                used.add(obj.i)
                continue
            # passive light verbs: "500 airstrikes were carried out by the Russian Air Force against X"
            spass = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if lemma in LIGHT_VERBS and obj is None and spass is not None and _noun_trigger(spass)[0] is not None:
                trig, span, nlemma = _noun_trigger(spass)
                f = Found(spass, span, trig)
                ag = _agent(tok)
                if ag is not None:
                    f.sources = _actors(index, ag, allow_place=False)
                for _, p in _prep_objs(tok, TARGET_PREPS):
                    f.targets = f.targets or _actors(index, p)
                _modality(tok, f, index)
                found.append(f)
                used.add(spass.i)
                continue
            # light verbs: the object noun is the event
            if lemma in LIGHT_VERBS and obj is not None:
                trig, span, nlemma = _noun_trigger(obj)
                if trig is not None:
                    f = Found(obj, span, trig)
                    _verb_roles(index, tok, f)
                    if not f.targets or f.targets[0].start == obj.idx:
                        f.targets = []
                        for _, p in _prep_objs(obj, TARGET_PREPS | {"of"}):
                            f.targets = _actors(index, p)
                            if f.targets:
                                break
                        if not f.targets:
                            for _, p in _prep_objs(tok, TARGET_PREPS):
                                f.targets = _actors(index, p)
                                if f.targets:
                                    break
                    nsrc = Found(obj, span, trig)
                    _noun_roles(index, obj, nsrc, nlemma)
                    if nsrc.sources and not f.sources:
                        f.sources = nsrc.sources
                    _modality(tok, f, index)
                    f.negated = f.negated or _modality_of(obj, index).negated
                    found.append(f)
                    used.add(obj.i)
                    continue
            trig = VERBS.get(key)
            if trig is None:
                continue
            if lemma == "fall":
                f = _fall(index, tok, trig)
                if f is not None:
                    found.append(f)
                continue
            if lemma in NEEDS_OBJECT and obj is None and not any(c.dep_ == "prep" for c in tok.children):
                continue
            if lemma == "take" and (obj is None or (obj.ent_type_ not in ("GPE", "LOC", "FAC") and obj.lemma_.lower() not in ("city", "town", "village", "area", "district", "base", "airport", "neighbourhood", "neighborhood", "territory"))):
                continue
            if lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children):
                continue
            end = tok.idx + len(tok)
            f = Found(tok, (tok.idx, end), trig)
            _verb_roles(index, tok, f)
            _modality(tok, f, index)
            found.append(f)
        elif tok.pos_ == "NOUN" and tok.ent_type_ in ("", "EVENT"):
            trig, span, nlemma = _noun_trigger(tok)
            if trig is None:
                continue
            f = Found(tok, span, trig)
            _noun_roles(index, tok, f, nlemma)
            _modality(tok, f, index)
            if not f.sources and not f.targets:
                # "with intensive bombing by ..." handled above; a bare noun with no actors
                # ("the fighting") inherits the target of the verb it depends on
                continue
            found.append(f)
    _threats(found, index)
    _refusals(found)
    _borrow_sources(found)
    for f in found:
        # two-sided acts with coordinated subjects and no object: "A and B clashed / met / agreed"
        if len(f.sources) >= 2 and not f.targets and f.code.cameo[:2] in RECIPROCAL_ROOTS:
            f.reciprocal = True
    for f in found:
        if not f.sources and f.attributed_to is not None and _pronoun_subject(f.trigger):
            f.sources = [f.attributed_to]
    return [f for f in found if f.sources or f.targets]


def _pronoun_subject(verb) -> bool:
    for x in _clause_chain(verb, 3):
        subj, _ = _subject(x)
        if subj is not None:
            return subj.lower_ in PRONOUNS
    return False


def _modality_of(tok, index: ActorIndex) -> Found:
    f = Found(tok, (0, 0), Trigger("000"))
    _modality(tok, f, index)
    return f


def _fall(index: ActorIndex, verb, trig: Trigger) -> Optional[Found]:
    """ "East Aleppo fell (to the army)": the subject is the place lost, "to" names the taker."""
    subj, _ = _subject(verb)
    if subj is None:
        return None
    targets = _actors(index, subj)
    if not targets:
        span = subj.doc[subj.left_edge.i:subj.i + 1]
        if subj.pos_ == "PROPN" or subj.lemma_.lower() in PLACE_NOUNS:
            targets = [Candidate(span.start_char, span.end_char, span.text, None, None, "place")]
    if not targets or not (subj.pos_ == "PROPN" or subj.lemma_.lower() in PLACE_NOUNS):
        return None
    f = Found(verb, (verb.idx, verb.idx + len(verb)), trig)
    f.targets = targets
    for _, p in _prep_objs(verb, {"to"}):
        f.sources = _actors(index, p, allow_place=False)
    _modality(verb, f, index)
    return f


def _borrow_sources(found: list[Found]) -> None:
    """ "Aleppo was besieged ..., with intensive bombing by the Russians": a verb event with no
    source takes the source of a noun event in its "with" phrase."""
    by_tok = {f.trigger.i: f for f in found}
    for f in found:
        if f.sources or f.trigger.pos_ != "VERB":
            continue
        for c in f.trigger.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "under", "through", "by"):
                for p in c.children:
                    if p.i in by_tok and by_tok[p.i].sources:
                        f.sources = list(by_tok[p.i].sources)
                        if not by_tok[p.i].targets:
                            by_tok[p.i].targets = list(f.targets)


def _refusals(found: list[Found]) -> None:
    """ "X refused to meet Y": the REJECT takes Y and its mode from the refused act."""
    by_tok = {f.trigger.i: f for f in found}
    for f in found:
        if f.code.cameo[:2] != "12":
            continue
        for c in f.trigger.children:
            if c.dep_ in ("xcomp", "dobj") and c.i in by_tok:
                act = by_tok[c.i]
                act.negated = True
                act.governed = True
                if not f.targets:
                    f.targets = act.targets
                f.mode_override = REJECT_MODES.get(act.code.cameo[:2])
                if not act.sources:
                    act.sources = f.sources


def _threats(found: list[Found], index: ActorIndex) -> None:
    """ "X threatened to attack Y": a THREATEN event (the threat happened, mode from the act)
    gets Y as its target; the attack itself is kept as hypothetical."""
    by_tok = {f.trigger.i: f for f in found}
    for f in found:
        if f.code.cameo[:2] != "13":
            continue
        for c in f.trigger.children:
            if c.dep_ in ("xcomp", "ccomp") and c.i in by_tok:
                act = by_tok[c.i]
                act.hypothetical = True
                act.governed = True
                if not f.targets:
                    f.targets = act.targets
                f.mode_override = THREAT_MODES.get(act.code.cameo[:3], "violence" if act.code.cameo[:2] in ("18", "19", "20") else None)
                if not act.sources:
                    act.sources = f.sources

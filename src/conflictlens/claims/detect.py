"""Claim detection: which sentences assert something contestable, of what type, said by whom.

Rules over the spaCy parse (no learned model): a sentence is a claim when it reports
someone's statement ("X said/claimed/accused..."), accuses, predicts, states a cause, or
evaluates. Plain narration of events ("Airstrikes have resumed...") has none of these cues
and is left out. Each cue family is a short word list; a sentence may match several and
takes the first type in TYPE_ORDER.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs that introduce someone else's statement (their nsubj is the speaker). "tell" ("an
# official told AFP that ...", "..." he told Reuters): wire copy's most common attribution
# after "say"; without it, 39 of FA-KES's reported statements read as the outlet's own voice.
REPORT_VERBS = frozenset(
    "say tell claim accuse allege declare announce deny insist argue warn explain report conclude "
    "indicate concede assert state admit maintain contend charge blame acknowledge confirm "
    "suggest believe note stress predict vow urge add counter".split())
# Reporting verbs with other common senses ("the strikes added pressure", "forces countered
# the attack"): they report only with a clause ("the source added that ...", "... the
# Observatory added") or a quotation. "add" is wire copy's usual follow-up attribution: without
# it, 33 FA-KES statements (e.g. "The source added that the attack caused material damage")
# read as the outlet's own voice and 28 took a side in the claim matrix.
CLAUSE_REPORT_VERBS = frozenset("add counter".split())
ACCUSATORY = re.compile(
    r"\b(accus\w*|complicit\w*|collu\w*|cooperat\w*|collaborat\w*|war crimes?|crimes? against humanity|"
    r"atrocit\w*|massacre\w*|responsible for|liable|culprit|blame\w*|exterminat\w*|terroriz\w*|"
    r"propaganda|nurtur\w*|funnel\w*|hosted|sponsor\w*|alongside the isis|ignor\w*)\b", re.I)
PREDICTIVE = re.compile(
    r"\b(will|won't|would|could|cannot|can't|may|might|likely|unlikely|future|foresee\w*|presage\w*|"
    r"bring\w* \w+ closer|end(s|ed)? (of )?the war|expected|prospect|risk\w*|hop(e|es|ed|ing))\b", re.I)
CAUSAL = re.compile(
    r"\b(because|due to|caused?|led to|leads to|result(s|ed)? in|encourag\w*|so that|in order to|"
    r"therefore|thus|hence|reasons?|as a result|consequen\w*|driven by|so he can)\b", re.I)
EVALUATIVE = re.compile(
    r"\b(lesser evil|evil|worse|worst|better|best|good|bad|brutal|mistaken|wrong|right|effective|"
    r"failure|fail\w*|victory|defeat\w*|should|must|need to|no one can deny|in reality|in fact|"
    r"clearly|notion|nothing|exactly|indeed|true|false|premature|futile|impoten\w*|powerful|"
    r"capable|unable|turning[- ]point|only)\b", re.I)
TYPE_ORDER = ("reported", "accusatory", "predictive", "causal", "evaluative")
# Subjects that are not a speaker: first person (the author), pronoun "it", "No one".
FIRST_PERSON_OR_EMPTY = frozenset("i we it this that one nobody".split())
MIN_TOKENS = 6  # shorter "sentences" are headings, bylines or page furniture
MAX_CHARS = 600  # longer ones are run-together paragraphs; still kept, but text is what it is


@dataclass(frozen=True, slots=True)
class Detected:
    claim_type: str
    speaker: str  # "author" or the speaker's words
    speaker_start: int
    speaker_end: int
    cues: int  # how many cue families matched: a crude confidence


def _scoped_to_a_noun(verb) -> bool:
    """An "as"-clause on a noun ("... or the “jihadists” as he claims") gives the source of
    that word, not of the sentence; on the verb ("The war will end, as he claims") it does."""
    return (verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i != verb.i
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children))


def _speaker(sent) -> tuple[str, int, int] | None:
    """The subject of a reporting verb in the sentence, if any (not first person)."""
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORT_VERBS:
            deps = ("ccomp",) if tok.lemma_.lower() in CLAUSE_REPORT_VERBS else ("ccomp", "xcomp", "dobj", "prep")
            has_content = any(c.dep_ in deps for c in tok.children) or '"' in sent.text or "“" in sent.text
            if not has_content or _scoped_to_a_noun(tok):
                continue
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in FIRST_PERSON_OR_EMPTY and c.text.lower() != "one":
                    sub = list(c.subtree)
                    return sent.doc[sub[0].i: sub[-1].i + 1].text, sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return None


def detect(sent) -> Detected | None:
    """Claim type and speaker of one spaCy sentence span, or None for narration."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < MIN_TOKENS or not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None
    text = sent.text
    if text.rstrip().endswith("?"):
        return None  # a question raises a claim but asserts nothing
    found = {}
    spk = _speaker(sent)
    if spk is not None:
        found["reported"] = True
    for name, rx in (("accusatory", ACCUSATORY), ("predictive", PREDICTIVE),
                     ("causal", CAUSAL), ("evaluative", EVALUATIVE)):
        if rx.search(text):
            found[name] = True
    if not found:
        return None
    ctype = next(t for t in TYPE_ORDER if t in found)
    if spk is None:
        return Detected(ctype, "author", -1, -1, len(found))
    return Detected(ctype, spk[0], spk[1], spk[2], len(found))

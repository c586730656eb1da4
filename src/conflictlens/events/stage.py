"""Events coded in PLOVER 2.0 and CAMEO: who did what to whom, with modality and fatalities.

Per sentence: triggers from the lexicon (``lexicon.py``), roles from the dependency parse
(``extract.py``), actors from the actors stage's linked mentions (spaCy entities and
generic actor nouns when there are none), place/date from the places and dates hooks, and
a confidence that rises when the five-class sentence classifier (``classify.py``) agrees
with the coded quad class.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Optional

from ..records import DocResult, Event, Span
from ..registry import REGISTRY
from .actors import ActorIndex, Candidate
from .codes import pentacode, plover_of, quad_of, root_of
from .extract import Found, extract_sentence, fatalities_in

LOGGER = logging.getLogger(__name__)
VERSION = "2"

# Confidence: base for a lexicon trigger with at least one role, plus bonuses. Calibrated by
# eye on the five seed articles (events with both roles and a linked source were right far more
# often); re-check with `conflictlens eval events` on PLOVER_GSR_CAMEO.json after changing.
BASE_CONFIDENCE = 0.45
BONUS_SOURCE = 0.15
BONUS_TARGET = 0.1
BONUS_LINKED = 0.1
BONUS_CLASSIFIER = 0.15  # the pentacode classifier gives the event's class >= CLASSIFIER_AGREE
CLASSIFIER_AGREE = 0.4


# CAMEO: an intention to cooperate is coded 03x, a refusal to cooperate 12x.
INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
REFUSAL_CODES = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}


def _event_id(doc_id: str, f: Found, src: Optional[Candidate], tgt: Optional[Candidate]) -> str:
    key = f"{doc_id}|{f.trigger_span[0]}|{src.start if src else -1}|{tgt.start if tgt else -1}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def code_found(f: Found) -> tuple[Optional[str], Optional[str], tuple[str, ...], str, str, Optional[int]]:
    """(event_type, mode, context, cameo_root, cameo_code, quad_class) of a found trigger."""
    code = f.code.cameo
    if f.mode_override is not None and code[:2] == "13":
        code = {"violence": "138", "territory": "1382", "arrest": "137"}.get(f.mode_override, code)
    root0 = code[:2]
    if f.intent and not f.conditional and not f.negated and not f.governed and root0 in INTENT_CODES:
        # "will provide aid", "ready to withdraw": the event is the expressed intent (CAMEO 03)
        code = INTENT_CODES[root0]
        etype = plover_of(code)
        return etype, None, f.code.context, "03", code, quad_of(etype)
    if f.negated and root0 in REFUSAL_CODES and not f.governed:
        # "will not accept refugees", "did not agree": a refusal (CAMEO 12)
        code = REFUSAL_CODES[root0]
        etype = plover_of(code)
        return etype, None, f.code.context, "12", code, quad_of(etype)
    etype = plover_of(code)
    mode = f.mode_override or f.code.mode
    root = root_of(code) or ""
    return etype, mode, f.code.context, root, code, quad_of(etype)


def events_of_document(sdoc, result: DocResult, settings=None, classify: bool = True) -> list[Event]:
    doc_id = result.document.doc_id
    text = result.document.text  # == sdoc.text, which spaCy rebuilds from tokens on each access
    index = ActorIndex(sdoc, list(result.actor_mentions), settings)
    sents = result.sentences
    spacy_sents = list(sdoc.sents)
    events: list[Event] = []
    pending: list[tuple[int, str]] = []
    for si, ssent in enumerate(spacy_sents):
        found = extract_sentence(ssent, index)
        if not found:
            continue
        sent = sents[si] if si < len(sents) else None
        if sent is not None and sent.start <= ssent.start_char < sent.end:
            s_start, s_text, sidx = sent.start, sent.text.rstrip(), sent.idx
            s_end = s_start + len(s_text)
        else:
            s_start, s_end = ssent.start_char, ssent.end_char
            s_text, sidx = text[s_start:s_end].rstrip(), si
            s_end = s_start + len(s_text)
        deaths = fatalities_in(s_text)
        for f in found:
            etype, mode, context, root, code, quad = code_found(f)
            if etype is None:
                continue
            negated, hypothetical = f.negated, f.hypothetical
            if root != f.code.cameo[:2] and root == "03":
                hypothetical = False  # the intent was expressed
            if root != f.code.cameo[:2] and root == "12":
                negated = False  # the refusal happened
            srcs = f.sources or [None]
            tgts = f.targets or [None]
            fat, fat_span = None, None
            if deaths and root in ("18", "19", "20"):
                n, a, b = min(deaths, key=lambda d: abs(s_start + d[1] - f.trigger_span[0]))
                fat, fat_span = n, Span(s_text[a:b], s_start + a, s_start + b)
            if f.reciprocal:
                pairs = [(a, b) for a in f.sources for b in f.sources if a.start != b.start]
            else:
                pairs = [(a, b) for a in srcs for b in tgts]
            ts, te = f.trigger_span
            loc, date = _place_and_date(result, sidx, ts)
            for src, tgt in pairs:
                if src is not None and tgt is not None and src.start == tgt.start:
                    continue
                conf = BASE_CONFIDENCE + (BONUS_SOURCE if src else 0) + (BONUS_TARGET if tgt else 0) + \
                    (BONUS_LINKED if src is not None and src.actor_id else 0)
                events.append(Event(
                    event_id=_event_id(doc_id, f, src, tgt), doc_id=doc_id, sentence_idx=sidx,
                    sentence=s_text, sentence_start=s_start, sentence_end=s_end,
                    trigger=Span(text[ts:te], ts, te),
                    actor=src.ref() if src else None, recipient=tgt.ref() if tgt else None,
                    event_type=etype, mode=mode, context=context, cameo_root=root, cameo_code=code,
                    quad_class=quad, negated=negated, hypothetical=hypothetical,
                    attributed_to=f.attributed_to.ref() if f.attributed_to else None,
                    fatalities=fat, fatalities_span=fat_span, location=loc, date=date,
                    confidence=round(min(conf, 1.0), 3)))
                pending.append((len(events) - 1, s_text))
    if classify and pending:
        events = _classifier_confidence(events, pending)
    # one event per id (coordination can repeat a pair)
    seen: set[str] = set()
    out = []
    for e in events:
        if e.event_id not in seen:
            seen.add(e.event_id)
            out.append(e)
    return out


def _place_and_date(result: DocResult, sidx: int, anchor: int):
    """The event's place and date from the places and dates hooks (None when they fail)."""
    loc = date = None
    try:
        from ..places.assign import event_location

        loc = event_location(result, sidx, anchor)
    except Exception:  # noqa: BLE001 - the places hook must not stop coding
        LOGGER.debug("event_location failed", exc_info=True)
    try:
        from ..dates.assign import event_date

        date = event_date(result, sidx, anchor)
    except Exception:  # noqa: BLE001 - nor the dates hook
        LOGGER.debug("event_date failed", exc_info=True)
    return loc, date


def _classifier_confidence(events: list[Event], pending: list[tuple[int, str]]) -> list[Event]:
    import dataclasses

    from .classify import load_pentacode

    model = load_pentacode()
    texts = sorted({t for _, t in pending})
    proba = dict(zip(texts, model.proba(texts)))
    for i, text in pending:
        e = events[i]
        cls = pentacode(e.cameo_root)
        if cls is not None and proba[text][cls] >= CLASSIFIER_AGREE:
            events[i] = dataclasses.replace(e, confidence=round(min(e.confidence + BONUS_CLASSIFIER, 1.0), 3))
    return events


@REGISTRY.stage("events", version=VERSION, order=40, provides="events")
def make_stage(settings):
    classify = True
    try:
        classify = bool(settings["events"].get("classifier_confidence", True))
    except (KeyError, TypeError, AttributeError):
        pass

    def run(sdoc, result):
        return events_of_document(sdoc, result, settings, classify=classify)

    return run

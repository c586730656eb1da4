"""Pick an event's own date among the document's date mentions.

Called by the events stage for each event (after the dates stage has run). Rules, first
that gives a resolved date wins:

1. same clause: the resolved date mention nearest the trigger inside the trigger's clause.
   Clauses are the sentence cut at , ; : dashes and "but/while/whereas/although"; a clause
   that is only a fronted date ("In July 2016, ..."/"On November 21, 2016, ...") belongs
   to the clause after it;
2. same sentence: the nearest resolved date mention (ties: the one before the trigger);
3. same paragraph: the last resolved date mention of the nearest earlier sentence of the
   paragraph (narration carries its date forward, not backward);
4. the publication date (else the updated date) with precision ``"publication"``, text
   None: the event is reported then, it may have happened earlier.

No date at all (undated document, no dated mention near the event) gives None.
"""
from __future__ import annotations

import re

from ..records import DateMention, DocResult, EventDate

PRECISION_PUBLICATION = "publication"

_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]\s*|\s-\s|\s(?:but|while|whereas|although|though)\s")
# A clause left with at most this many words once its date is removed is a fronted date
# adverbial ("In July 2016,"), attached to the next clause. Chosen on the five seed
# articles' dated sentences; re-run tests/dates/test_assign.py after changing.
FRONTED_DATE_MAX_WORDS = 2


def _as_event_date(m: DateMention) -> EventDate:
    return EventDate(text=m.text, start=m.start_date, end=m.end_date, precision=m.precision,
                     span_start=m.start, span_end=m.end)


def _clauses(sent_start: int, sent_text: str, mentions: list[DateMention]) -> list[tuple[int, int]]:
    """(start, end) document offsets of the sentence's clauses."""
    def inside_date(pos: int) -> bool:
        return any(m.start <= pos < m.end for m in mentions)

    cuts = [sent_start]
    for br in _CLAUSE_BREAK.finditer(sent_text):
        pos = sent_start + br.start()
        if not inside_date(pos):
            cuts.append(sent_start + br.end())
    bounds = [(a, b) for a, b in zip(cuts, cuts[1:] + [sent_start + len(sent_text)]) if b > a]
    merged: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for a, b in bounds:
        if pending is not None:
            a, pending = pending[0], None
        if _is_fronted_date(a, b, sent_start, sent_text, mentions):
            pending = (a, b)
            continue
        merged.append((a, b))
    if pending is not None:
        merged.append(pending)
    return merged


def _is_fronted_date(a: int, b: int, sent_start: int, sent_text: str, mentions: list[DateMention]) -> bool:
    inner = [m for m in mentions if a <= m.start and m.end <= b]
    if not inner:
        return False
    rest = sent_text[a - sent_start:b - sent_start]
    for m in inner:
        rest = rest.replace(m.text, " ")
    return len(re.findall(r"\w+", rest)) <= FRONTED_DATE_MAX_WORDS


def _nearest(cands: list[DateMention], anchor: int) -> DateMention:
    return min(cands, key=lambda m: (min(abs(m.start - anchor), abs(m.end - anchor)), m.start > anchor))


def event_date(result: DocResult, sentence_idx: int, anchor: int) -> EventDate | None:
    """The date of an event whose trigger starts at character ``anchor`` in sentence ``sentence_idx``."""
    resolved = [d for d in result.date_mentions if d.start_date is not None]
    in_sentence = [d for d in result.date_mentions if d.sentence_idx == sentence_idx]
    sent = result.sentences[sentence_idx] if 0 <= sentence_idx < len(result.sentences) else None

    cands = [d for d in in_sentence if d.start_date is not None]
    if cands and sent is not None:
        for a, b in _clauses(sent.start, sent.text, in_sentence):
            if a <= anchor < b:
                same_clause = [d for d in cands if a <= d.start < b]
                if same_clause:
                    return _as_event_date(_nearest(same_clause, anchor))
                break
    if cands:
        return _as_event_date(_nearest(cands, anchor))

    if sent is not None:
        text = result.document.text
        para_start = text.rfind("\n\n", 0, sent.start)
        earlier = [d for d in resolved if para_start < d.start < sent.start and d.sentence_idx < sentence_idx]
        if earlier:
            return _as_event_date(max(earlier, key=lambda d: d.start))

    doc = result.document
    published = doc.published or doc.updated
    if published is not None:
        return EventDate(text=None, start=published, end=published, precision=PRECISION_PUBLICATION)
    return None

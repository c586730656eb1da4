"""Date expressions normalised against the publication date (the dates stage).

Each DATE span (spaCy entities plus own patterns, see find.py) becomes a ``DateMention``
with ``start_date``/``end_date``/``precision`` and ``date_source``:
``absolute`` (needs no anchor), ``relative`` (to the publication date, else the updated
date), ``narrative`` (to the previous resolved date in the text: "two years earlier") or
``unresolved`` (text kept, dates null: vague expressions, and every relative expression
of a document without a date: nothing is guessed from today).  Durations and frequencies
("two weeks", "weekly") are not points in time and produce no mention.
"""
from __future__ import annotations

import bisect
import logging
import re

from ..records import DateMention, DocResult
from ..registry import REGISTRY
from .find import find_spans
from .normalize import SOURCE_UNRESOLVED, Resolution, normalize

LOGGER = logging.getLogger(__name__)

VERSION = "2"


def anchor_of(result: DocResult):
    """The date relative expressions are resolved against: published, else updated."""
    doc = result.document
    return doc.published or doc.updated


# Entities sometimes run on past the date ("9 Aug 2016 5", "August 2 2016 meanwhile",
# "March 2011.-AFP"); up to this many trailing words are dropped to find a date the rules
# resolve. Chosen from FA-KES dev spans; re-run `conflictlens eval dates` after changing.
MAX_TRAILING_WORDS = 3
_WORD_BREAK = re.compile(r"[\s.,;:\u2013\u2014-]+")


def resolve_span(text: str, start: int, end: int, anchor, reference,
                 fallback: bool = True) -> tuple[int, Resolution | None]:
    """(end offset, resolution) of the span, shortened when only a prefix is a date."""
    res = normalize(text[start:end], anchor, reference, fallback=False)
    if res is None or res.source != SOURCE_UNRESOLVED:
        return end, res
    breaks = [m.start() for m in _WORD_BREAK.finditer(text, start, end) if m.start() > start]
    for cut in reversed(breaks[-MAX_TRAILING_WORDS:]):
        shorter = normalize(text[start:cut], anchor, reference, fallback=False)
        if shorter is not None and shorter.source != SOURCE_UNRESOLVED:
            return cut, shorter
    return end, normalize(text[start:end], anchor, reference, fallback=fallback)


_COPYRIGHT = re.compile(r"(?:copyright|\u00a9|\(c\))[^\w]{0,6}$", re.I)
_JOINER = re.compile(r",?\s+(?:and|or|to|until|then)\s+|,\s+|;\s+")


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A merged span naming two dates ("March 2011 and a year later") cut at its joiners."""
    parts, pos = [], start
    for m in _JOINER.finditer(text, start, end):
        if m.start() > pos:
            parts.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        parts.append((pos, end))
    return parts


def date_mentions(text: str, spans, sentence_starts: list[int], doc_id: str, anchor,
                  fallback: bool = True) -> list[DateMention]:
    """Normalise candidate spans of ``text`` in order, chaining narrative references."""
    out: list[DateMention] = []
    reference: Resolution | None = None
    pieces = [(c.start, c.end) for c in spans]
    pieces.reverse()
    while pieces:
        start, stop = pieces.pop()
        if _COPYRIGHT.search(text, max(0, start - 16), start):
            continue  # "Copyright © 2018 Outlet": page furniture, not a date of the story
        whole = normalize(text[start:stop], anchor, reference, fallback=False)
        if whole is not None and whole.source == SOURCE_UNRESOLVED:
            parts = _split(text, start, stop)
            if len(parts) > 1:
                pieces.extend(reversed(parts))
                continue
        end, res = resolve_span(text, start, stop, anchor, reference, fallback)
        if res is None:
            continue
        surface = text[start:end]
        sent_idx = max(0, bisect.bisect_right(sentence_starts, start) - 1)
        out.append(DateMention(doc_id=doc_id, sentence_idx=sent_idx, start=start, end=end,
                               text=surface, start_date=res.start, end_date=res.end,
                               precision=res.precision, date_source=res.source))
        if res.source != SOURCE_UNRESOLVED and res.start is not None:
            reference = res
    return out


@REGISTRY.stage("dates", version=VERSION, order=35, provides="date_mentions")
def make_stage(settings):
    fallback = bool(settings.get("dates.dateparser_fallback", True)) if settings is not None else True

    def run(sdoc, result: DocResult) -> list[DateMention]:
        starts = [s.start for s in result.sentences]
        return date_mentions(result.document.text, find_spans(sdoc), starts,
                             result.document.doc_id, anchor_of(result), fallback)

    return run

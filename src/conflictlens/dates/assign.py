"""Pick an event's own date among the document's date mentions.

Called by the events stage for each event. The dates stage owns the rules; this first
version takes the nearest resolved date in the event's sentence, else None.
"""
from __future__ import annotations

from ..records import DocResult, EventDate


def event_date(result: DocResult, sentence_idx: int, anchor: int) -> EventDate | None:
    """The date of an event whose trigger starts at character ``anchor`` in sentence ``sentence_idx``."""
    cands = [d for d in result.date_mentions if d.sentence_idx == sentence_idx and d.start_date is not None]
    if not cands:
        return None
    d = min(cands, key=lambda m: abs(m.start - anchor))
    return EventDate(text=d.text, start=d.start_date, end=d.end_date, precision=d.precision,
                     span_start=d.start, span_end=d.end)

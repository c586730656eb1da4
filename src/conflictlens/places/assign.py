"""Pick an event's own place among the document's place mentions.

Called by the events stage for each event. The places stage owns the rules; this first
version takes the nearest resolved place mention in the event's sentence.
"""
from __future__ import annotations

from ..records import DocResult, EventPlace


def event_location(result: DocResult, sentence_idx: int, anchor: int) -> EventPlace | None:
    """The place of an event whose trigger starts at character ``anchor`` in sentence ``sentence_idx``."""
    cands = [p for p in result.place_mentions
             if p.sentence_idx == sentence_idx and p.geonameid is not None and p.role == "place"]
    if not cands:
        return None
    p = min(cands, key=lambda m: abs(m.start - anchor))
    return EventPlace(name=p.name or p.text, geonameid=p.geonameid, lat=p.lat, lon=p.lon,
                      feature_code=p.feature_code, country_code=p.country_code, admin1=p.admin1,
                      precision="city", start=p.start, end=p.end)

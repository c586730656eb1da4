"""Helpers for analytics tests: hand-made events (real records) for a real DuckDB store."""
from __future__ import annotations

import datetime as dt

from conflictlens.records import ActorRef, Event, EventDate, EventPlace, Span
from conflictlens.store import Store

ALEPPO = (36.2021, 37.1343)
ALEPPO_EAST = (36.21, 37.17)  # ~3 km from ALEPPO
PALMYRA = (34.5601, 38.2805)  # ~200 km away

ACTORS = {
    "RUS": ActorRef("RUS", "Russia", "Russian warplanes", country="RUS", type="state"),
    "SYRGOV": ActorRef("SYRGOV", "Syrian government", "the regime", country="SYR", type="government"),
    "ISIS": ActorRef("ISIS", "Islamic State", "ISIS", type="armed_group"),
    "CIV": ActorRef(None, "civilians", "civilians", type="other"),
}


def make_event(doc_id: str, n: int, event_type: str = "ASSAULT", actor: str | None = "RUS",
               recipient: str | None = "CIV", place: tuple[float, float] | None = ALEPPO,
               day: dt.date | None = dt.date(2016, 9, 20), **kw) -> Event:
    loc = None
    if place is not None:
        loc = EventPlace(name="Aleppo" if place != PALMYRA else "Palmyra",
                         geonameid=170063 if place != PALMYRA else 163345,
                         lat=place[0], lon=place[1], precision="city")
    date = kw.pop("date", EventDate(text=None, start=day, end=day, precision="day") if day else None)
    return Event(event_id=f"{doc_id}:{n}", doc_id=doc_id, sentence_idx=n, sentence=f"sentence {n}",
                 sentence_start=0, sentence_end=10, trigger=Span("hit", 0, 3),
                 actor=ACTORS[actor] if actor else None, recipient=ACTORS[recipient] if recipient else None,
                 event_type=event_type, location=loc, date=date, **kw)


def add_docs(store: Store, docs: dict[str, str | None], published: dt.date = dt.date(2016, 9, 21)) -> None:
    store.insert_rows("documents", [
        {"doc_id": d, "path": f"{d}.txt", "outlet": o, "published": published, "language": "en",
         "text": "x", "n_chars": 1, "pipeline_version": "test"} for d, o in docs.items()])

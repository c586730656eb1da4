"""Typed records passed between pipeline stages and written to the store.

Every record that comes from text carries its provenance: ``doc_id``, the sentence
index and character offsets (``start``/``end``) into the stored clean text of the
document (``Document.text``).  Records are frozen dataclasses with slots; nested
values are records too, so nothing untyped crosses a module boundary.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional


def as_dict(record: Any) -> dict:
    """Record -> plain dict (dates as ISO strings, tuples as lists), recursively."""

    def conv(v: Any) -> Any:
        if dataclasses.is_dataclass(v):
            return {f.name: conv(getattr(v, f.name)) for f in dataclasses.fields(v)}
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, (list, tuple)):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    return conv(record)


@dataclass(frozen=True, slots=True)
class Document:
    """One article after ingest and cleaning. ``text`` is what all offsets refer to."""

    doc_id: str  # sha256 (first 16 hex) of the clean text: stable across runs
    path: str  # file path, "path#row" for CSV/JSONL records, "<stdin>" for stdin
    text: str
    title: Optional[str] = None
    author: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    updated: Optional[dt.date] = None
    url: Optional[str] = None
    language: str = "en"
    source_format: str = "txt"  # txt, md, html, json, jsonl, csv, stdin
    encoding: str = "utf-8"
    removed_chars: int = 0  # page furniture removed by clean/
    flags: tuple[str, ...] = ()  # e.g. "non_english", "truncated"
    extra: tuple[tuple[str, str], ...] = ()  # other metadata kept as (key, value)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What ingest read from one file or record, before cleaning."""

    path: str
    text: str
    source_format: str
    title: Optional[str] = None
    author: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None  # as found; clean/ normalises it
    url: Optional[str] = None
    encoding: str = "utf-8"
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    idx: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the document text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actor:
    """A knowledge-base actor (or one discovered in the corpus when ``kb`` is False)."""

    actor_id: str
    name: str
    type: str  # state, government, military, armed_group, political_party, igo, ngo,
    # person, media, ethnic_religious_group, other
    country: Optional[str] = None  # ISO 3166-1 alpha-3
    cameo_code: Optional[str] = None
    aliases: tuple[str, ...] = ()
    parent: Optional[str] = None
    valid_from: Optional[str] = None
    valid_to: Optional[str] = None
    kb: bool = True


@dataclass(frozen=True, slots=True)
class ActorMention:
    doc_id: str
    sentence_idx: int
    start: int
    end: int
    text: str
    actor_id: Optional[str] = None
    label: Optional[str] = None  # entity label (ORG, PERSON, NORP, GPE, ...)
    method: str = "ner"  # ruler, fuzzy, generic, ner, role
    confidence: float = 1.0
    unlinked_reason: Optional[str] = None


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An event participant: linked id, canonical name, and the text that named it."""

    actor_id: Optional[str]
    name: Optional[str]
    text: str
    start: int = -1
    end: int = -1
    country: Optional[str] = None
    cameo_code: Optional[str] = None
    type: Optional[str] = None


@dataclass(frozen=True, slots=True)
class EventPlace:
    name: str
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    feature_code: Optional[str] = None
    country_code: Optional[str] = None
    admin1: Optional[str] = None
    precision: Optional[str] = None  # sub_city, city, admin1, country, dateline
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class EventDate:
    text: Optional[str]
    start: Optional[dt.date]
    end: Optional[dt.date]
    precision: Optional[str]  # day, week, month, season, year, publication
    span_start: int = -1
    span_end: int = -1


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str  # doc_id + sentence + trigger offset: stable
    doc_id: str
    sentence_idx: int
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger: Span
    actor: Optional[ActorRef]
    recipient: Optional[ActorRef]
    event_type: str  # PLOVER 2.0 type, e.g. ASSAULT
    mode: Optional[str] = None
    context: tuple[str, ...] = ()
    cameo_root: Optional[str] = None  # two digits, string
    cameo_code: Optional[str] = None
    quad_class: Optional[int] = None  # 1 V-coop, 2 M-coop, 3 V-conf, 4 M-conf
    negated: bool = False
    hypothetical: bool = False
    attributed_to: Optional[ActorRef] = None
    fatalities: Optional[int] = None
    fatalities_span: Optional[Span] = None
    location: Optional[EventPlace] = None
    date: Optional[EventDate] = None
    confidence: float = 0.5
    intensity: Optional[float] = None
    goldstein: Optional[float] = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    doc_id: str
    sentence_idx: int
    start: int
    end: int
    text: str
    geonameid: Optional[int] = None
    name: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    feature_class: Optional[str] = None
    feature_code: Optional[str] = None
    country_code: Optional[str] = None  # ISO 3166-1 alpha-2 as GeoNames
    admin1: Optional[str] = None
    population: Optional[int] = None
    role: str = "place"  # place, demonym, metonym
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class DateMention:
    doc_id: str
    sentence_idx: int
    start: int
    end: int
    text: str
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    precision: Optional[str] = None  # day, week, month, season, year
    date_source: str = "unresolved"  # absolute, relative, unresolved


@dataclass(frozen=True, slots=True)
class ClaimMention:
    mention_id: str
    doc_id: str
    sentence_idx: int
    start: int
    end: int
    text: str
    claim_type: str  # causal, evaluative, predictive, accusatory, reported
    speaker: Optional[str] = None  # "author" or the quoted speaker's text
    speaker_actor_id: Optional[str] = None
    actor_ids: tuple[str, ...] = ()
    claim_id: Optional[str] = None  # set by corpus-level clustering
    stance: Optional[str] = None  # support, oppose, neutral (toward the claim label)
    confidence: float = 0.5
    frame: Optional[str] = None  # proposition frame "NAME|args...|polarity" (claims/frames.py), if any


@dataclass(frozen=True, slots=True)
class Claim:
    claim_id: str
    label: str
    n_mentions: int = 0
    n_documents: int = 0
    n_outlets: int = 0


@dataclass(slots=True)
class DocResult:
    """Everything the per-document stages produced for one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    place_mentions: list[PlaceMention] = field(default_factory=list)
    date_mentions: list[DateMention] = field(default_factory=list)
    claim_mentions: list[ClaimMention] = field(default_factory=list)
    embeddings: list[tuple[int, list[float]]] = field(default_factory=list)  # (sentence idx, vector)
    stage_versions: dict[str, str] = field(default_factory=dict)
    error: Optional[str] = None  # set when a stage failed for this document

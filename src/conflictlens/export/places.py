"""Exports of places: ``places`` (jsonl, csv, parquet, geojson), ``place_mentions``
(jsonl, csv, parquet) and ``events`` as GeoJSON.

GeoJSON follows RFC 7946: a FeatureCollection of Point features, coordinates in
[longitude, latitude] order (WGS 84), no "crs" member; properties are flat JSON values so
QGIS opens the file as one layer with typed columns.
"""
from __future__ import annotations

import json
from typing import Iterable

from ..registry import REGISTRY
from .common import _jsonable, iter_dicts, output, table_exporters

PLACES_SQL = """
SELECT geonameid, name, lat, lon, feature_class, feature_code, country_code, admin1, population,
       mention_count, doc_ids
FROM places ORDER BY mention_count DESC, geonameid
"""
MENTIONS_SQL = """SELECT * FROM place_mentions ORDER BY doc_id, start"""
EVENTS_SQL = """
SELECT event_id, doc_id, sentence_idx, sentence, trigger, actor, recipient, event_type, mode,
       cameo_code, quad_class, negated, hypothetical, attributed_to, fatalities, location, date,
       confidence
FROM events WHERE location IS NOT NULL AND location.lat IS NOT NULL AND location.lon IS NOT NULL
ORDER BY doc_id, sentence_idx, event_id
"""

table_exporters(REGISTRY, "places", PLACES_SQL, "one row per GeoNames place mentioned (role 'place')")
table_exporters(REGISTRY, "place_mentions", MENTIONS_SQL, "every toponym with offsets, role and resolution")


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}


def place_features(rows: Iterable[dict]) -> Iterable[dict]:
    for r in rows:
        if r.get("lat") is None or r.get("lon") is None:
            continue
        props = {k: v for k, v in r.items() if k not in {"lat", "lon"}}
        props["doc_ids"] = "; ".join(props.get("doc_ids") or [])
        yield {"type": "Feature", "id": r["geonameid"], "geometry": _point(r["lon"], r["lat"]),
               "properties": _jsonable(props)}


def _name(ref: dict | None) -> str | None:
    if not ref:
        return None
    return ref.get("name") or ref.get("text")


def event_features(rows: Iterable[dict]) -> Iterable[dict]:
    for r in rows:
        loc = r["location"] or {}
        date = r.get("date") or {}
        trig = r.get("trigger") or {}
        props = {
            "event_id": r["event_id"], "doc_id": r["doc_id"], "sentence_idx": r["sentence_idx"],
            "event_type": r["event_type"], "mode": r.get("mode"), "cameo_code": r.get("cameo_code"),
            "quad_class": r.get("quad_class"), "trigger": trig.get("text"),
            "actor": _name(r.get("actor")), "actor_id": (r.get("actor") or {}).get("actor_id"),
            "recipient": _name(r.get("recipient")), "recipient_id": (r.get("recipient") or {}).get("actor_id"),
            "attributed_to": _name(r.get("attributed_to")), "negated": r.get("negated"),
            "hypothetical": r.get("hypothetical"), "fatalities": r.get("fatalities"),
            "place": loc.get("name"), "geonameid": loc.get("geonameid"), "feature_code": loc.get("feature_code"),
            "country_code": loc.get("country_code"), "admin1": loc.get("admin1"),
            "place_precision": loc.get("precision"),
            "date_text": date.get("text"), "date_start": date.get("start"), "date_end": date.get("end"),
            "date_precision": date.get("precision"), "confidence": r.get("confidence"),
            "sentence": r.get("sentence"),
        }
        yield {"type": "Feature", "id": r["event_id"], "geometry": _point(loc["lon"], loc["lat"]),
               "properties": _jsonable(props)}


def write_geojson(features: Iterable[dict], out) -> int:
    """A FeatureCollection, streamed (one feature per line inside the array)."""
    n = 0
    with output(out) as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for f in features:
            fh.write((",\n" if n else "") + json.dumps(f, ensure_ascii=False))
            n += 1
        fh.write("\n]}\n")
    return n


@REGISTRY.exporter("places", "geojson", help="RFC 7946 points, one per GeoNames place")
def _places_geojson(store, out, settings):
    return write_geojson(place_features(iter_dicts(store, PLACES_SQL)), out)


@REGISTRY.exporter("events", "geojson", help="RFC 7946 points at each event's place, event fields as properties")
def _events_geojson(store, out, settings):
    return write_geojson(event_features(iter_dicts(store, EVENTS_SQL)), out)

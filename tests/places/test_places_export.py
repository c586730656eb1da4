"""places/events GeoJSON: valid RFC 7946 (geojson-pydantic), lon/lat order; jsonl/csv."""
from __future__ import annotations

import csv
import io
import json

from geojson_pydantic import FeatureCollection

from conflictlens.registry import load_all
from conflictlens.store import Store


def _fill(store: Store) -> None:
    store.insert_rows("place_mentions", [
        dict(doc_id="d1", sentence_idx=0, start=0, end=6, text="Aleppo", geonameid=170063, name="Aleppo",
             lat=36.20124, lon=37.16117, feature_class="P", feature_code="PPL", country_code="SY", admin1="09",
             population=2098210, role="place", confidence=0.9),
        dict(doc_id="d2", sentence_idx=1, start=10, end=16, text="Aleppo", geonameid=170063, name="Aleppo",
             lat=36.20124, lon=37.16117, feature_class="P", feature_code="PPL", country_code="SY", admin1="09",
             population=2098210, role="place", confidence=0.9),
        dict(doc_id="d1", sentence_idx=0, start=20, end=26, text="Syrian", geonameid=163843, name="Syria",
             lat=35.0, lon=38.0, feature_class="A", feature_code="PCLI", country_code="SY", admin1=None,
             population=1, role="demonym", confidence=0.9),
    ])
    store.con.execute("""INSERT INTO events (event_id, doc_id, sentence_idx, sentence, trigger, event_type,
        location, date, confidence) VALUES ('e1', 'd1', 0, 'Jets bombed Aleppo.', {'text': 'bombed', 'start': 5, 'end': 11},
        'ASSAULT', {'name': 'Aleppo', 'geonameid': 170063, 'lat': 36.20124, 'lon': 37.16117, 'feature_code': 'PPL',
        'country_code': 'SY', 'admin1': '09', 'precision': 'city', 'start': 12, 'end': 18},
        {'text': 'July 2016', 'start': DATE '2016-07-01', 'end': DATE '2016-07-31', 'precision': 'month',
         'span_start': 0, 'span_end': 9}, 0.7)""")
    store.con.execute("""INSERT INTO events (event_id, doc_id, sentence_idx, sentence, trigger, event_type, confidence)
        VALUES ('e2', 'd1', 1, 'They met.', {'text': 'met', 'start': 5, 'end': 8}, 'CONSULT', 0.5)""")


def test_places_geojson_is_valid_rfc7946(tmp_path):
    reg = load_all()
    with Store(":memory:") as store:
        _fill(store)
        out = tmp_path / "places.geojson"
        n = reg.get_exporter("places", "geojson").write(store, out, None)
    data = json.loads(out.read_text())
    fc = FeatureCollection(**data)
    assert n == 1 and len(fc.features) == 1  # demonyms are not places
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert (lon, lat) == (37.16117, 36.20124)
    assert data["features"][0]["properties"]["mention_count"] == 2
    assert "crs" not in data


def test_events_geojson_points_with_event_properties(tmp_path):
    reg = load_all()
    with Store(":memory:") as store:
        _fill(store)
        out = tmp_path / "events.geojson"
        n = reg.get_exporter("events", "geojson").write(store, out, None)
    data = json.loads(out.read_text())
    FeatureCollection(**data)
    assert n == 1  # the event without a place is left out
    f = data["features"][0]
    assert f["geometry"]["coordinates"] == [37.16117, 36.20124]
    assert f["properties"]["event_type"] == "ASSAULT" and f["properties"]["date_start"] == "2016-07-01"
    assert all(not isinstance(v, (dict, list)) for v in f["properties"].values())


def test_places_csv_and_jsonl(tmp_path):
    reg = load_all()
    with Store(":memory:") as store:
        _fill(store)
        reg.get_exporter("places", "csv").write(store, tmp_path / "p.csv", None)
        reg.get_exporter("place_mentions", "jsonl").write(store, tmp_path / "m.jsonl", None)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text())))
    assert rows[0]["geonameid"] == "170063" and rows[0]["name"] == "Aleppo"
    lines = (tmp_path / "m.jsonl").read_text().splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["doc_id"] == "d1"

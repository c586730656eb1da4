"""Each events export format, parsed back with a standard reader."""
from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from conflictlens.events.stage import events_of_document
from conflictlens.export.events import ACLED_COLUMNS
from conflictlens.registry import load_all

TEXT = ("Russian warplanes bombed rebel positions in Idlib, killing 12 civilians. "
        "Turkey threatened to attack Kurdish militias. Russia did not attack Ukraine.")


@pytest.fixture
def filled(store, nlp):
    import hashlib
    import dataclasses

    from conflictlens.nlp import sentences_of
    from conflictlens.records import DocResult, Document

    doc = Document(doc_id=hashlib.sha256(TEXT.encode()).hexdigest()[:16], path="t.txt", text=TEXT, outlet="Test Wire")
    sdoc = nlp(TEXT)
    result = DocResult(document=doc)
    result.sentences = sentences_of(sdoc, doc.doc_id)
    result.events = events_of_document(sdoc, result)
    assert len(result.events) >= 4
    store.write_results([result], "test")
    return store, result


def _export(store, fmt, path=None):
    info = load_all().get_exporter("events", fmt)
    return info.write(store, path, None)


def test_jsonl_has_the_issue_record_shape(filled, tmp_path):
    store, result = filled
    out = tmp_path / "e.jsonl"
    n = _export(store, "jsonl", out)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(recs) == len(result.events)
    keys = {"event_id", "doc_id", "sentence_idx", "sentence", "sentence_start", "sentence_end", "trigger", "actor",
            "recipient", "event_type", "mode", "context", "cameo_root", "cameo_code", "quad_class", "negated",
            "hypothetical", "attributed_to", "fatalities", "location", "date", "confidence"}
    assert keys <= set(recs[0])
    bombed = next(r for r in recs if r["trigger"]["text"] == "bombed")
    assert set(bombed["trigger"]) >= {"text", "start", "end"}
    assert bombed["actor"]["text"] == "Russian warplanes" and bombed["fatalities"] == 12
    assert TEXT[bombed["trigger"]["start"]:bombed["trigger"]["end"]] == "bombed"
    assert any(r["negated"] for r in recs) and any(r["hypothetical"] for r in recs)


def test_csv_and_parquet(filled, tmp_path):
    store, result = filled
    _export(store, "csv", tmp_path / "e.csv")
    rows = list(csv.DictReader(io.open(tmp_path / "e.csv", encoding="utf-8", newline="")))
    assert len(rows) == len(result.events)
    assert {"trigger_text", "actor_id", "actor_text", "recipient_text", "event_type", "cameo_code"} <= set(rows[0])
    _export(store, "parquet", tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == len(result.events)
    assert "trigger" in table.column_names and "event_type" in table.column_names


def test_plover_records_use_spec_field_names(filled, tmp_path):
    store, _ = filled
    _export(store, "plover", tmp_path / "p.jsonl")
    recs = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in recs:
        assert {"id", "date", "actor", "event"} <= set(r)  # required by the PLOVER spec
        assert isinstance(r["event"], list) and isinstance(r["mode"], list) and isinstance(r["actor"], list)
        assert r["quad_code"] in (1, 2, 3, 4)
    bombed = next(r for r in recs if r["event_text"] == ["bombed"])
    assert bombed["event"] == ["ASSAULT"] and bombed["mode"] == ["aerial"]
    assert bombed["actor"][0]["entity_text"] == "Russian warplanes" and bombed["actor"][0]["code"] == "RUS"
    assert bombed["text_info"]["size"]["dead"] == 12
    assert bombed["cite_info"]["publication"] == "Test Wire"
    assert any(r["has_event"] is False for r in recs)


def test_acled_columns_order_and_only_real_events(filled, tmp_path):
    store, result = filled
    n = _export(store, "acled", tmp_path / "a.csv")
    with open(tmp_path / "a.csv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    assert header == ACLED_COLUMNS and len(header) == 31
    real = [e for e in result.events if not e.negated and not e.hypothetical]
    assert n == len(rows) == len(real)
    air = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert air["event_type"] == "Explosions/Remote violence" and air["fatalities"] == "12"
    assert air["source"] == "Test Wire" and "Idlib" in air["notes"]
    assert air["inter1"] == "1"

"""Actor mentions into a real DuckDB store, the actors catalogue, discovery and exports."""
from __future__ import annotations

import json

from conflictlens.actors.catalog import build_catalog
from conflictlens.pipeline import Pipeline
from conflictlens.records import Document
from conflictlens.registry import load_all

TEXTS = [
    "The Qarmatian Relief Committee said Daesh fighters shelled the camp. Hezbollah denied it.",
    "Aid from the Qarmatian Relief Committee reached Idlib, where the Quds Force was seen.",
]


def _store_with_mentions(store, settings, actor_nlp):
    pipe = Pipeline(settings, only=["actors"])
    pipe._nlp = actor_nlp  # the session model that already has the actor_ruler
    docs = [Document(doc_id=f"d{i}", path=f"d{i}.txt", text=t) for i, t in enumerate(TEXTS)]
    store.write_results(list(pipe.process(docs)), pipe.version)
    build_catalog(store, settings)
    return pipe


def test_catalog_has_mentioned_actors_parents_and_discovered(store, actor_settings, actor_nlp):
    pipe = _store_with_mentions(store, actor_settings, actor_nlp)
    assert pipe.timings["actors"] > 0
    rows = {r["actor_id"]: r for r in store.query_dicts("SELECT * FROM actors")}
    assert {"islamic-state", "hezbollah", "quds-force", "irgc", "irn-government"} <= set(rows)
    assert rows["quds-force"]["parent"] == "irgc" and rows["quds-force"]["kb"] is True
    discovered = [r for r in rows.values() if not r["kb"]]
    assert [r["name"] for r in discovered] == ["Qarmatian Relief Committee"]
    linked = store.query("SELECT count(*) FROM actor_mentions WHERE actor_id = ?", [discovered[0]["actor_id"]])
    assert linked[0][0] == 2
    build_catalog(store, actor_settings)  # idempotent
    assert store.query("SELECT count(*) FROM actors")[0][0] == len(rows)


def test_export_actors_and_mentions(store, actor_settings, actor_nlp, tmp_path):
    _store_with_mentions(store, actor_settings, actor_nlp)
    reg = load_all()
    out = tmp_path / "actors.jsonl"
    reg.get_exporter("actors", "jsonl").write(store, out, actor_settings)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = rows[0]
    for key in ("actor_id", "name", "type", "country", "cameo_code", "aliases", "mention_count", "doc_ids"):
        assert key in first
    isis = next(r for r in rows if r["actor_id"] == "islamic-state")
    assert isis["mention_count"] == 1 and isis["doc_ids"] == ["d0"] and "Daech" in isis["aliases"]
    csv_out = tmp_path / "m.csv"
    n = reg.get_exporter("actor_mentions", "csv").write(store, csv_out, actor_settings)
    header = csv_out.read_text(encoding="utf-8").splitlines()[0]
    assert n >= 5 and header.startswith("doc_id,sentence_idx,start,end,text,actor_id,label,method")
    pq = tmp_path / "a.parquet"
    assert reg.get_exporter("actors", "parquet").write(store, pq, actor_settings) == len(rows)

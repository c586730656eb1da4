"""conflictlens stats and export network/story_events through the real CLI on a real store file."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
from analytics_helpers import add_docs, make_event
from typer.testing import CliRunner

from conflictlens.analytics import build_story_events, score_events
from conflictlens.cli.app import app
from conflictlens.config import load_settings
from conflictlens.store import Store

runner = CliRunner()


def _db(path):
    s = Store(path)
    add_docs(s, {"a": "sana", "b": "etilaf"})
    s.insert_records("events", [make_event("a", 0), make_event("b", 0), make_event("b", 1, event_type="AID")])
    score_events(s)
    build_story_events(s, load_settings())
    s.close()
    return str(path)


def test_stats_dyads_csv_and_table(db_path):
    db = _db(db_path)
    res = runner.invoke(app, ["stats", "dyads", "--db", db, "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 1 and rows[0]["n_events"] == "3" and rows[0]["n_material_coop"] == "1"
    res = runner.invoke(app, ["stats", "dyads", "--db", db])
    assert res.exit_code == 0 and "Russia" in res.stdout


def test_stats_places_actors_jsonl(db_path):
    db = _db(db_path)
    res = runner.invoke(app, ["stats", "places", "--db", db, "-f", "jsonl", "-p", "year"])
    assert res.exit_code == 0
    assert json.loads(res.stdout.splitlines()[0])["place_name"] == "Aleppo"
    res = runner.invoke(app, ["stats", "actors", "--db", db, "-f", "jsonl"])
    by = {json.loads(line)["actor"]: json.loads(line) for line in res.stdout.splitlines()}
    assert by["RUS"]["n_as_actor"] == 3 and by["civilians"]["n_as_recipient"] == 3


def test_stats_stories_summary_and_outlets_option(db_path, tmp_path):
    db = _db(db_path)
    res = runner.invoke(app, ["stats", "stories", "--db", db])
    assert res.exit_code == 0, res.output
    assert "1 reported by outlets of opposite sides" in " ".join(res.stdout.split())
    f = tmp_path / "o.csv"
    f.write_text("outlet,side\nsana,neutral\netilaf,neutral\n", encoding="utf-8")
    res = runner.invoke(app, ["stats", "stories", "--db", db, "--outlets", str(f), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    top = json.loads(res.stdout.splitlines()[0])
    assert top["corroboration"] == "corroborated" and top["sides"] == ["neutral"]


def test_bad_outlets_file_fails_cleanly(db_path, tmp_path):
    db = _db(db_path)
    f = tmp_path / "o.csv"
    f.write_text("outlet,side\nsana,left\n", encoding="utf-8")
    res = runner.invoke(app, ["stats", "stories", "--db", db, "--outlets", str(f)])
    assert res.exit_code == 1 and "E022" in res.output


def test_export_network_graphml_and_story_events(db_path, tmp_path):
    db = _db(db_path)
    out = tmp_path / "n.graphml"
    res = runner.invoke(app, ["export", "network", "--format", "graphml", "--db", db, "-o", str(out)])
    assert res.exit_code == 0, res.output
    g = nx.read_graphml(out)
    assert int(g.edges["RUS", "civilians"]["weight"]) == 3
    res = runner.invoke(app, ["export", "story_events", "--format", "jsonl", "--db", db])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["n_outlets"] for r in rows] == [2, 1]
    assert rows[0]["corroboration"] == "corroborated_opposite"

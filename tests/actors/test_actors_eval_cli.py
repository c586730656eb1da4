"""`eval actors` on re3d and the --actors option of analyze."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conflictlens.cli.app import app
from conflictlens.errors import EvalError
from conflictlens.eval.actors import Ent, evaluate, prf


def test_prf_exact_and_overlap():
    gold = {Ent("d", 0, 10, "Person"), Ent("d", 20, 30, "Organisation")}
    pred = {Ent("d", 0, 10, "Person"), Ent("d", 22, 30, "Organisation"), Ent("d", 40, 45, "Person")}
    assert prf(pred, gold)["tp"] == 1
    m = prf(pred, gold, overlap=True)
    assert m["tp"] == 2 and m["precision"] == round(2 / 3, 4) and m["recall"] == 1.0


def test_eval_on_one_re3d_folder_beats_bare_spacy_on_organisations(re3d_dir):
    m = evaluate(re3d_dir / "Wikipedia")
    assert m["documents"] == 13 and m["folders"] == ["Wikipedia"]
    assert m["conflictlens.exact.Organisation.f1"] > m["spacy.exact.Organisation.f1"]
    assert 0.0 <= m["linking.synonym_same_id"] <= 1.0 and m["linking.different_pairs"] > 0


def test_eval_missing_data_is_a_coded_error(tmp_path):
    with pytest.raises(EvalError, match=r"^\[E901\]"):
        evaluate(tmp_path / "nope")
    with pytest.raises(EvalError, match=r"^\[E902\]"):
        evaluate(tmp_path)


def test_cli_eval_json_prints_one_object(re3d_dir):
    res = CliRunner().invoke(app, ["eval", "actors", "--data", str(re3d_dir / "Wikipedia"), "--json"])
    assert res.exit_code == 0, res.output
    metrics = json.loads(res.stdout)
    assert "spacy.overlap.Person.f1" in metrics and "conflictlens.overlap.Person.f1" in metrics


def test_cli_analyze_rejects_a_malformed_actor_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: ok\n  name: OK\n- id: x\n  name: X\n  country: Syria\n", encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Daesh attacked.", encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(doc), "--db", str(tmp_path / "x.duckdb"), "--actors", str(bad)])
    assert res.exit_code != 0
    assert "E301" in res.output and "line 3" in res.output and "country" in res.output

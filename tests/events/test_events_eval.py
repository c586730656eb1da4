"""conflictlens eval events: format detection and metrics on small files written here."""
from __future__ import annotations

import json

import pytest

from conflictlens.errors import EvalError
from conflictlens.eval.events import detect, evaluate
from pathlib import Path

DATA = Path(__file__).parent / "data"


def test_detects_each_format(tmp_path, shared):
    (tmp_path / "a.tsv").write_text("Rebels attacked the base.\t4\nThe minister spoke.\t0\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rebels B-S\nattacked O\nthe B-T\nbase I-T\n. O\n", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"id": "x", "event": "AGREE", "text": "A agreed."}]), encoding="utf-8")
    (tmp_path / "d.xml").write_text('<Validation><Sentences><Sentence date="19950101" id="x"><Text>A</Text></Sentence></Sentences></Validation>', encoding="utf-8")
    assert [detect(tmp_path / n) for n in ("a.tsv", "b.txt", "c.json", "d.xml")] == ["tsv", "conll", "plover", "petrarch"]
    assert detect(DATA / "gold_small.jsonl") == "jsonl"
    assert detect(shared("eval", "events", "petrarch2", "PETR.UnitTest.records.xml")) == "petrarch"


def test_unknown_format_and_missing_file_are_coded_errors(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("hello world\nthis is not gold\n", encoding="utf-8")
    with pytest.raises(EvalError, match="E902"):
        evaluate(bad)
    with pytest.raises(EvalError, match="E901"):
        evaluate(tmp_path / "missing.jsonl")


def test_gold_jsonl_scores_roots_and_triples():
    m = evaluate(DATA / "gold_small.jsonl")
    assert m["sentences"] == 6 and m["gold_events"] == 5
    assert 0.5 <= m["root_f1"] <= 1.0
    assert m["triple_f1"] > 0.2  # actor codes from country names (first 3 characters)
    assert m["triple_f1"] <= m["root_f1"]


def test_bad_gold_line_names_the_line(tmp_path):
    f = tmp_path / "g.jsonl"
    f.write_text('{"id": "1", "text": "A attacked B.", "events": []}\n{"id": "2", "events": []}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="line 2"):
        evaluate(f)


def test_tsv_reports_classifier_and_coder(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("Russian jets bombed rebel positions near Aleppo.\t4\n"
                 "The two presidents agreed to cooperate on trade.\t1\n", encoding="utf-8")
    m = evaluate(f)
    for k in ("classifier_all_macro_f1", "coder_all_accuracy", "classifier_heldout_accuracy"):
        assert k in m
    assert m["coder_all_accuracy"] == 1.0


def test_cli_json(tmp_path):
    from typer.testing import CliRunner

    from conflictlens.cli.app import app

    res = CliRunner().invoke(app, ["eval", "events", "--data", str(DATA / "gold_small.jsonl"), "--json"])
    assert res.exit_code == 0, res.output
    m = json.loads(res.output.strip().splitlines()[-1])
    assert m["format"] == "gold_jsonl" and "root_f1" in m

"""The spine end to end through the CLI, on a real DuckDB file."""
import json
import time

import duckdb
import pytest
from typer.testing import CliRunner

from conflictlens.cli.app import app

runner = CliRunner()
ARTICLE = ("Syrian government forces backed by Russian airstrikes captured the town of Palmyra from "
           "the Islamic State on Sunday, state media reported. ") * 3


def _export(db, what="documents", fmt="jsonl"):
    r = runner.invoke(app, ["export", what, "--db", str(db), "--format", fmt])
    assert r.exit_code == 0, r.output
    return r.stdout


def test_bad_inputs_reported_good_ones_stored(tmp_path, db_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(ARTICLE)
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "bad_utf8.txt").write_bytes("café ".encode() + b"\xff\xfe broken bytes")
    (d / "big.txt").write_bytes(b"word " * (21_000_000 // 5))
    (d / "notext.csv").write_text("a,b\n1,2\n")
    (d / "feed.jsonl").write_text(json.dumps({"text": ARTICLE.replace("Sunday", "Monday"), "title": "T"}) + "\n{broken\n")
    r = runner.invoke(app, ["analyze", str(d), str(tmp_path / "missing.txt"), "--db", str(db_path)])
    assert r.exit_code == 3, r.output
    for name, code in [("empty.txt", "E102"), ("binary.txt", "E103"), ("bad_utf8.txt", "E104"),
                       ("big.txt", "E105"), ("notext.csv", "E106"), ("feed.jsonl", "E107"), ("missing.txt", "E101")]:
        lines = [ln for ln in r.stderr.splitlines() if name in ln and f"[{code}]" in ln]
        assert lines, f"no {code} line for {name} in:\n{r.stderr}"
    docs = [json.loads(x) for x in _export(db_path).splitlines()]
    assert len(docs) == 2
    # Re-running stores nothing twice and keeps what was there.
    r2 = runner.invoke(app, ["analyze", str(d), "--db", str(db_path)])
    assert r2.exit_code == 3
    assert len(_export(db_path).splitlines()) == 2
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (2, 2)
    n_sent = con.execute("SELECT count(*) FROM sentences").fetchone()[0]
    con.close()
    r3 = runner.invoke(app, ["analyze", str(d), "--db", str(db_path), "--force"])
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("SELECT count(*) FROM sentences").fetchone()[0] == n_sent
    con.close()


def test_exit_1_when_nothing_read(tmp_path, db_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    r = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--db", str(db_path)])
    assert r.exit_code == 1


def test_unwritable_db_path(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    r = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "no" / "such" / "dir" / "x.duckdb")])
    assert r.exit_code == 1 and "[E701]" in r.stderr


def test_stdin_and_formats(tmp_path, db_path):
    r = runner.invoke(app, ["analyze", "-", "--db", str(db_path)], input=ARTICLE)
    assert r.exit_code == 0, r.output
    assert json.loads(_export(db_path).splitlines()[0])["path"] == "<stdin>"
    csv_out = _export(db_path, fmt="csv")
    assert csv_out.splitlines()[0].startswith("doc_id,path,title,author,outlet,published")
    r = runner.invoke(app, ["export", "documents", "--db", str(db_path), "--format", "parquet"])
    assert r.exit_code == 1 and "[E801]" in r.stderr
    out = tmp_path / "d.parquet"
    r = runner.invoke(app, ["export", "documents", "--db", str(db_path), "--format", "parquet", "-o", str(out)])
    assert r.exit_code == 0
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 1


def test_html_ingest(tmp_path, db_path):
    html = ("<html><head><title>Palmyra retaken</title><meta name='author' content='Jane Doe'>"
            "<meta property='article:published_time' content='2016-03-27'></head><body>"
            "<nav>Home | World | Contact</nav><article><h1>Palmyra retaken</h1>"
            + "".join(f"<p>{ARTICLE} Paragraph {i}.</p>" for i in range(4)) +
            "</article><footer>Subscribe to our newsletter</footer></body></html>")
    (tmp_path / "a.html").write_text(html)
    r = runner.invoke(app, ["analyze", str(tmp_path / "a.html"), "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    doc = json.loads(_export(db_path).splitlines()[0])
    assert doc["title"] == "Palmyra retaken" and doc["published"] == "2016-03-27"
    assert "Paragraph 3" in doc["text"] and "Home | World" not in doc["text"]


def test_non_english_stored_and_flagged(tmp_path, db_path):
    (tmp_path / "fr.txt").write_text("Les forces du régime syrien ont repris la ville de Palmyre dimanche, "
                                     "selon les médias d'État. Les combats ont duré plusieurs semaines dans le désert.")
    r = runner.invoke(app, ["analyze", str(tmp_path / "fr.txt"), "--db", str(db_path)])
    assert r.exit_code == 0
    doc = json.loads(_export(db_path).splitlines()[0])
    assert doc["language"] == "fr" and "non_english" in doc["flags"]


@pytest.mark.slow
def test_seeds_export(seeds_dir, db_path):
    r = runner.invoke(app, ["analyze", str(seeds_dir), "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    docs = {d["path"][-24:-21]: d for d in map(json.loads, _export(db_path).splitlines())}
    assert len(docs) == 5
    assert docs["002"]["author"] == "Kyle Orton" and docs["002"]["published"] == "2016-03-29"


@pytest.mark.slow
def test_fakes_csv_and_fast_rerun(fakes_csv, db_path):
    t0 = time.perf_counter()
    r = runner.invoke(app, ["analyze", str(fakes_csv), "--db", str(db_path)])
    first = time.perf_counter() - t0
    assert r.exit_code == 0, r.output
    docs = [json.loads(x) for x in _export(db_path).splitlines()]
    assert len(docs) == 402
    assert sum(1 for d in docs if d["published"]) == 402
    t0 = time.perf_counter()
    r = runner.invoke(app, ["analyze", str(fakes_csv), "--db", str(db_path)])
    second = time.perf_counter() - t0
    assert r.exit_code == 0
    assert len(_export(db_path).splitlines()) == 402
    assert second < first / 20, (first, second)

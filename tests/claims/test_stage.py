"""The claims stage and corpus stage on a real store, export and the CLI command."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from conflictlens.claims.corpus import ClaimRow, claim_rows, matrix, one_side, one_sided, outlet_agreement, with_sides
from conflictlens.claims.stage import cluster_stage
from conflictlens.registry import load_all



def _analysed(store, pipeline, settings, docs):
    results = list(pipeline.process(docs))
    store.write_results(results, pipeline.version)
    cluster_stage(store, settings)
    return results


def test_mentions_have_provenance_and_cached_embeddings(store, claims_pipeline, settings, claim_docs):
    results = _analysed(store, claims_pipeline, settings, claim_docs)
    for r in results:
        assert r.claim_mentions, "each document has claim sentences"
        for m in r.claim_mentions:
            assert r.document.text[m.start:m.end] == m.text
        assert "captured the town" not in " ".join(m.text for m in r.claim_mentions)
        assert "Trucks arrived" not in " ".join(m.text for m in r.claim_mentions)
    n_mentions = store.query("SELECT count(*) FROM claim_mentions")[0][0]
    n_vectors = store.query("SELECT count(*) FROM embeddings WHERE len(vector) = 384")[0][0]
    assert n_vectors == n_mentions > 0
    # Every mention is in a claim with a stance.
    assert store.query("SELECT count(*) FROM claim_mentions WHERE claim_id IS NULL OR stance IS NULL")[0][0] == 0
    assert store.query("SELECT sum(n_mentions) FROM claims")[0][0] == n_mentions


def test_reported_claim_is_neutral_and_speaker_kept(store, claims_pipeline, settings, claim_docs):
    _analysed(store, claims_pipeline, settings, claim_docs)
    rows = store.query_dicts("SELECT speaker, stance, claim_type, text FROM claim_mentions WHERE text LIKE 'Officials said%'")
    assert len(rows) == 1
    assert rows[0]["claim_type"] == "reported" and rows[0]["speaker"] == "Officials"


def test_matrix_agreement_and_one_sided(store, claims_pipeline, settings, claim_docs):
    _analysed(store, claims_pipeline, settings, claim_docs)
    claims = claim_rows(store)
    mat = matrix(claims, "outlet")
    assert set().union(*[set(v) for v in mat.values()]) <= {"Outlet A", "Outlet B"}
    shared = [c for c in claims if len({m["outlet"] for m in c.members}) == 2]
    agree = outlet_agreement(claims)
    if shared:
        assert agree[("Outlet A", "Outlet B")]["shared"] == len(shared)
    for c, outlet in one_sided(claims, min_mentions=1):
        assert {m["outlet"] for m in c.members} == {outlet}


def _member(outlet, stance, doc):
    return {"doc_id": doc, "outlet": outlet, "sentence": "s", "start": 0, "end": 1, "stance": stance, "speaker": "author"}


def test_sides_from_the_outlet_table():
    from conflictlens.analytics.tables import load_outlets

    table = load_outlets()  # the packaged table: sana and alalam pro_government, etilaf anti_government
    claims = with_sides([
        ClaimRow("a", "A", [_member("sana", "support", "1"), _member("alalam.ir", "support", "2")]),
        ClaimRow("b", "B", [_member("sana", "support", "3"), _member("etilaf", "oppose", "4")]),
        ClaimRow("c", "C", [_member("sana", "support", "5"), _member("Some Blog", "support", "6")]),
        ClaimRow("d", "D", [_member("SANA", "support", "7"), _member("sana", "support", "8")]),
    ], table)
    assert [m["side"] for m in claims[2].members] == ["pro_government", None]  # an outlet not in the table
    # One side only: >= 2 outlets (an alias counts as its outlet), all known, all of one side.
    assert [(c.claim_id, side) for c, side in one_side(claims)] == [("a", "pro_government")]
    agree = outlet_agreement(claims, key="side")
    assert agree == {("anti_government", "pro_government"): {"shared": 1, "agree": 0, "disagree": 1}}
    assert matrix(claims, "side")["c"] == {"pro_government": "support"}  # unknown side left out


def test_export_jsonl_and_csv(store, claims_pipeline, settings, tmp_path, claim_docs):
    _analysed(store, claims_pipeline, settings, claim_docs)
    reg = load_all()
    out = tmp_path / "claims.jsonl"
    n = reg.get_exporter("claims", "jsonl").write(store, out, settings)
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert n == len(recs) == store.query("SELECT count(*) FROM claims")[0][0]
    m = recs[0]["members"][0]
    assert set(m) == {"doc_id", "outlet", "sentence", "start", "end", "stance", "speaker"}
    assert set(recs[0]) >= {"claim_id", "label", "members"}
    csv_out = tmp_path / "claims.csv"
    n_rows = reg.get_exporter("claims", "csv").write(store, csv_out, settings)
    assert n_rows == store.query("SELECT count(*) FROM claim_mentions")[0][0]
    pq_out = tmp_path / "claims.parquet"
    assert reg.get_exporter("claims", "parquet").write(store, pq_out, settings) == len(recs)


def test_cli_prints_matrix(claims_pipeline, settings, db_path, claim_docs):
    from conflictlens.cli.app import app
    from conflictlens.store import Store

    with Store(db_path) as st:
        _analysed(st, claims_pipeline, settings, claim_docs)
    res = CliRunner().invoke(app, ["claims", "--db", str(db_path), "--min-sources", "1", "--by", "outlet"])
    assert res.exit_code == 0, res.output
    assert "Outlet x outlet" in res.output and "Outlet A" in res.output
    res = CliRunner().invoke(app, ["claims", "--db", str(db_path), "--json"])
    assert res.exit_code == 0
    assert "outlet_agreement" in json.loads(res.stdout)
    # Sides from a user's outlet table: the two test outlets on opposite sides.
    table = db_path.parent / "outlets.csv"
    table.write_text("outlet,aliases,name,alignment,side,country,notes\n"
                     "outlet a,,Outlet A,state,pro_government,,\noutlet b,,Outlet B,opposition,anti_government,,\n")
    res = CliRunner().invoke(app, ["claims", "--db", str(db_path), "--json", "--outlets", str(table), "--min-sources", "1"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    both = [c for c in claim_rows_of(db_path) if len({m["outlet"] for m in c.members}) == 2]
    assert sum(v["shared"] for v in got["side_agreement"]) == len(both)
    assert got["one_side"] == []  # one outlet per side: no claim has two outlets of one side
    res = CliRunner().invoke(app, ["claims", "--db", str(db_path), "--by", "side", "--outlets", str(table)])
    assert res.exit_code == 0 and "pro_government" in res.output and "Side x side" in res.output
    bad = db_path.parent / "bad.csv"
    bad.write_text("outlet,side\nx,leftist\n")
    res = CliRunner().invoke(app, ["claims", "--db", str(db_path), "--outlets", str(bad)])
    assert res.exit_code != 0 and "leftist" in res.output


def claim_rows_of(db_path):
    from conflictlens.store import Store

    with Store(db_path) as st:
        return claim_rows(st)


def test_cli_on_store_without_claims_says_what_to_do(db_path, claim_docs):
    from conflictlens.cli.app import app
    from conflictlens.store import Store

    Store(db_path).close()
    res = CliRunner().invoke(app, ["claims", "--db", str(db_path)])
    assert res.exit_code == 1
    assert "E602" in res.output


def test_stances_do_not_depend_on_the_stance_chunk(store, actor_claims_pipeline, settings, claim_docs, monkeypatch):
    from conflictlens.actors.stage import catalog_stage
    from conflictlens.claims import corpus

    store.write_results(list(actor_claims_pipeline.process(claim_docs)), actor_claims_pipeline.version)
    catalog_stage(store, settings)
    read = "SELECT mention_id, claim_id, stance FROM claim_mentions ORDER BY mention_id"
    cluster_stage(store, settings)
    whole = store.query(read)
    asked = store.query("SELECT count(*) FROM claim_mentions m JOIN claims c USING (claim_id) "
                        "WHERE c.n_documents > 1 AND m.speaker = 'author'")[0][0]
    assert asked >= 2  # a key point and at least one member the model reads
    monkeypatch.setattr(corpus, "STANCE_CHUNK", 1)
    cluster_stage(store, settings)
    assert store.query(read) == whole

"""Corpus stages: the per-document models' caches are released before them (large stores)."""
from __future__ import annotations

import datetime as dt


def test_release_document_models_clears_resources_but_keeps_settings_and_stance():
    from conflictlens import config, runner
    from conflictlens.claims import stance
    from conflictlens.dates import normalize as dates

    config.packaged_defaults()
    dates.normalize("last week", dt.date(2016, 12, 20))
    assert dates.normalize.cache_info().currsize >= 1
    kept_stance = stance._session.cache_info().currsize
    assert runner.release_document_models() >= 1
    assert dates.normalize.cache_info().currsize == 0  # a per-document resource: released
    assert config.packaged_defaults.cache_info().currsize == 1  # settings: kept
    assert stance._session.cache_info().currsize == kept_stance  # claims.cluster needs it: kept
    assert dates.normalize("last week", dt.date(2016, 12, 20)) is not None  # reloads on demand


def test_corpus_stage_out_of_memory_is_one_error_and_stays_pending(tmp_path):
    """A corpus stage that runs out of DuckDB memory gives a one-line error naming the stage
    and the setting (E151), its output is left as it was, the other stages run, and the
    corpus stages stay pending: the same command with a larger limit runs them again."""
    from pathlib import Path

    from conflictlens.config import load_settings
    from conflictlens.runner import CORPUS_PENDING_KEY, analyze
    from conflictlens.store import Store

    demo = Path(__file__).resolve().parents[2] / "demo" / "re3d_public_domain.jsonl"
    small = tmp_path / "small.jsonl"
    small.write_text("".join(demo.read_text(encoding="utf-8").splitlines(keepends=True)[:4]), encoding="utf-8")
    cfg = tmp_path / "tiny.toml"
    cfg.write_text('[store]\ncorpus_memory_limit = "2MB"\n')
    db = tmp_path / "oom.duckdb"
    with Store(db) as store:
        first = analyze([str(small)], store, load_settings(), workers=1)
        assert first.stored == 4 and first.corpus_errors == []
        claims = store.query("SELECT claim_id, label FROM claims ORDER BY claim_id")
        assert claims
    # A fresh connection (little memory in use, so DuckDB accepts the tiny limit), and corpus
    # stages pending as after an interrupted run.
    with Store(db) as store:
        store.set_meta(CORPUS_PENDING_KEY, "1")
        report = analyze([str(small)], store, load_settings(cfg), workers=1)
        assert report.unchanged == 4 and report.stored == 0
        assert report.corpus_errors and all(m.startswith("[E151]") and "corpus_memory_limit" in m
                                            for m in report.corpus_errors)
        assert any("claims.cluster" in m for m in report.corpus_errors)
        assert report.exit_code == 3
        assert store.get_meta(CORPUS_PENDING_KEY) == "1"
        assert store.query("SELECT claim_id, label FROM claims ORDER BY claim_id") == claims
        again = analyze([str(small)], store, load_settings(), workers=1)
        assert again.corpus_errors == [] and again.exit_code == 0
        assert store.get_meta(CORPUS_PENDING_KEY) == "0"
        assert store.query("SELECT claim_id, label FROM claims ORDER BY claim_id") == claims

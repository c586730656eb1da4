"""A large store's corpus stages run in a fresh image of the CLI's process (os.execv) and
give the same store as running them in-process; a library caller can defer them too."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conflictlens.runner import CORPUS_PENDING_KEY, CORPUS_VERSIONS_KEY, analyze, corpus_stage_versions, finish_corpus_stages
from conflictlens.scale.snapshot import diff, snapshot
from conflictlens.store import Store

CLI = str(Path(sys.executable).with_name("conflictlens"))
N_DOCS = 6


def _reference(tmp_path: Path, corpus: Path, pipe) -> dict:
    with Store(tmp_path / "in_process.duckdb") as ref:
        analyze([str(corpus)], ref, pipe.settings, pipeline=pipe, workers=1)
        return snapshot(ref)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="the CLI re-executes itself on POSIX only")
def test_cli_runs_corpus_stages_in_a_fresh_image_same_store(tmp_path, pipe, make_corpus):
    corpus = make_corpus(tmp_path / "c.jsonl", N_DOCS)
    cfg = tmp_path / "conflictlens.toml"
    cfg.write_text("[analysis]\ncorpus_fresh_process_min_docs = 1\n", encoding="utf-8")
    db = tmp_path / "fresh.duckdb"
    done = subprocess.run([CLI, "-v", "analyze", str(corpus), "--db", str(db), "--config", str(cfg), "--workers", "1"],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "corpus stages: fresh process image" in done.stderr  # logged by the new image
    assert "conflictlens analyze" in done.stderr and "stored (new or changed)" in done.stderr  # its summary
    with Store(db, read_only=True) as store:
        got = snapshot(store)
        assert store.get_meta(CORPUS_PENDING_KEY) == "0"
        assert store.get_meta(CORPUS_VERSIONS_KEY) == corpus_stage_versions()
    expected = _reference(tmp_path, corpus, pipe)
    assert diff(expected, got) == []
    assert len(got["claims"]) > 0 and len(got["documents"]) == N_DOCS


def test_deferred_corpus_stages_stay_pending_until_finished(tmp_path, pipe, make_corpus):
    corpus = make_corpus(tmp_path / "c.jsonl", 3)
    settings = pipe.settings.with_overrides(analysis__corpus_fresh_process_min_docs=1)
    with Store(tmp_path / "d.duckdb") as store:
        report = analyze([str(corpus)], store, settings, pipeline=pipe, workers=1, defer_corpus=True)
        assert report.corpus_deferred and report.stored == 3
        assert store.get_meta(CORPUS_PENDING_KEY) == "1"  # a kill now: the next run does them
        assert store.counts()["claims"] == 0
        finish_corpus_stages(store, settings, report)
        assert not report.corpus_deferred and report.corpus_errors == []
        assert store.get_meta(CORPUS_PENDING_KEY) == "0"
        got = snapshot(store)
    with Store(tmp_path / "ref.duckdb") as ref:
        analyze([str(corpus)], ref, pipe.settings, pipeline=pipe, workers=1)
        assert diff(snapshot(ref), got) == []
    # Below the threshold (default 10,000 documents) nothing is deferred.
    with Store(tmp_path / "e.duckdb") as store:
        report = analyze([str(corpus)], store, pipe.settings, pipeline=pipe, workers=1, defer_corpus=True)
        assert not report.corpus_deferred and store.get_meta(CORPUS_PENDING_KEY) == "0"


def test_exec_failure_returns_and_leaves_no_handover_file(tmp_path, monkeypatch, settings):
    """If the fresh image cannot be started, the caller gets control back (and runs the
    corpus stages in-process); the private hand-over file is gone."""
    import tempfile

    from conflictlens.cli import corpus_phase
    from conflictlens.runner import AnalyzeReport

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def refuse(*_args):
        raise OSError(8, "Exec format error")

    monkeypatch.setattr(corpus_phase.os, "execv", refuse)
    corpus_phase.exec_corpus_phase(AnalyzeReport(), tmp_path / "x.duckdb", settings)
    assert list(tmp_path.glob("conflictlens-corpus-*")) == []

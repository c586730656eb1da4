"""kill -9 in the middle of a run, re-run the same command: the store equals an uninterrupted run's."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conflictlens.runner import analyze
from conflictlens.scale.snapshot import diff, snapshot
from conflictlens.store import Store


N_DOCS = 16
CLI = str(Path(sys.executable).with_name("conflictlens"))


def _command(corpus: Path, db: Path, cfg: Path) -> list[str]:
    return [CLI, "-v", "analyze", str(corpus), "--db", str(db), "--config", str(cfg), "--workers", "1"]


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_equals_uninterrupted(tmp_path, pipe, make_corpus):
    corpus = make_corpus(tmp_path / "corpus.jsonl", N_DOCS)
    cfg = tmp_path / "conflictlens.toml"
    cfg.write_text("[analysis]\nwrite_batch = 2\n", encoding="utf-8")
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "COLUMNS": "200"}

    proc = subprocess.Popen(_command(corpus, db, cfg), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env)
    deadline = time.monotonic() + 240
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if "committed" in line:
                break
            assert time.monotonic() < deadline, "no batch committed in time"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen[-20:])

    with Store(db, read_only=True) as store:
        partial = store.counts()["documents"]
    assert 0 < partial < N_DOCS, f"kill came too late or too early: {partial} of {N_DOCS} stored"

    done = subprocess.run(_command(corpus, db, cfg), capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]

    with Store(tmp_path / "uninterrupted.duckdb") as ref:
        analyze([str(corpus)], ref, pipe.settings, pipeline=pipe, workers=1)
        expected = snapshot(ref)
    with Store(db, read_only=True) as store:
        got = snapshot(store)
        assert store.get_meta("corpus_stages_pending") == "0"
    assert diff(expected, got) == []
    assert got == expected
    assert len(got["documents"]) == N_DOCS


def test_rerun_skips_unchanged_and_reports_changed_stage(tmp_path, pipe, make_corpus):
    """A stage whose version changed is named, and its documents are re-analysed (no duplicates)."""
    import dataclasses

    from conflictlens.pipeline import Pipeline

    corpus = make_corpus(tmp_path / "c.jsonl", 2)
    with Store(tmp_path / "s.duckdb") as store:
        first = analyze([str(corpus)], store, pipe.settings, pipeline=pipe, workers=1)
        again = analyze([str(corpus)], store, pipe.settings, pipeline=pipe, workers=1)
        assert (first.stored, again.stored, again.unchanged, again.stale_stages) == (2, 0, 2, {})
        before = snapshot(store)

        changed = Pipeline(pipe.settings)
        changed._nlp = pipe.nlp
        target = changed.stage_infos[0] if changed.stage_infos else None
        if target is None:
            pytest.skip("no per-document stage registered")
        changed.stage_infos = [dataclasses.replace(target, version=target.version + "-new"),
                               *changed.stage_infos[1:]]
        third = analyze([str(corpus)], store, pipe.settings, pipeline=changed, workers=1)
        assert third.stored == 2 and third.unchanged == 0
        assert third.stale_stages == {target.name: f"{target.version} -> {target.version}-new"}
        after = snapshot(store)
    assert len(after["documents"]) == 2
    assert len(after["sentences"]) == len(before["sentences"])  # replaced, not duplicated


def test_write_batch_is_atomic(tmp_path, pipe, make_corpus):
    """A batch that fails half-way leaves nothing of it behind."""
    from conflictlens.clean import clean_document
    from conflictlens.ingest import read_inputs

    corpus = make_corpus(tmp_path / "c.jsonl", 2)
    docs = [clean_document(r) for r in read_inputs([str(corpus)], pipe.settings)]
    results = list(pipe.process(docs))
    results[1].sentences.append("not a record")  # the second document cannot be written
    with Store(":memory:") as store:
        with pytest.raises(Exception):
            store.write_results(results, pipe.version)
        assert store.counts()["documents"] == 0 and store.counts()["sentences"] == 0

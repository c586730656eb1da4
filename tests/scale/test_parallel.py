"""Process-pool and Dask LocalCluster runs give the same records as a single-process run."""
from __future__ import annotations

import pytest

from conflictlens.runner import analyze
from conflictlens.scale import DaskRunner
from conflictlens.scale.snapshot import diff, snapshot
from conflictlens.store import Store


N_DOCS = 10


@pytest.fixture(scope="module")
def reference(tmp_path_factory, pipe, make_corpus):
    """Corpus path and the snapshot of its single-process (in-process) analysis."""
    folder = tmp_path_factory.mktemp("parallel")
    corpus = make_corpus(folder / "corpus.jsonl", N_DOCS)
    with Store(folder / "single.duckdb") as store:
        report = analyze([str(corpus)], store, pipe.settings, pipeline=pipe, workers=1)
        snap = snapshot(store)
    # Every document is stored or reported (a stage under development may fail on some).
    assert report.workers == 1 and report.stored + len(report.failures) == N_DOCS
    assert len(snap["documents"]) + len(snap["ingest_errors"]) == N_DOCS
    return corpus, snap


@pytest.mark.slow
def test_dask_local_cluster_two_workers_equals_single_process(tmp_path, reference, pipe):
    corpus, expected = reference
    # Small batches so that both workers get several batches each.
    settings = pipe.settings.with_overrides(analysis__write_batch=2)
    with DaskRunner(settings, local_workers=2) as runner:
        assert len(runner.client.scheduler_info()["workers"]) == 2
        with Store(tmp_path / "dask.duckdb") as store:
            report = analyze([str(corpus)], store, settings, results=runner)
            got = snapshot(store)
    assert report.stored + len(report.failures) == N_DOCS
    assert diff(expected, got) == []
    assert got == expected  # record for record, every table


@pytest.mark.slow
def test_process_pool_two_workers_equals_single_process(tmp_path, reference, pipe):
    corpus, expected = reference
    settings = pipe.settings.with_overrides(analysis__write_batch=2)
    with Store(tmp_path / "pool.duckdb") as store:
        report = analyze([str(corpus)], store, settings, workers=2)
        got = snapshot(store)
    assert report.workers == 2 and report.stored + len(report.failures) == N_DOCS
    assert diff(expected, got) == []
    assert got == expected


def test_default_workers_stay_in_process_for_small_inputs(tmp_path, pipe, make_corpus):
    """All cores is the default, but 3 documents are not worth starting processes for."""
    corpus = make_corpus(tmp_path / "c.jsonl", 3)
    with Store(":memory:") as store:
        report = analyze([str(corpus)], store, pipe.settings.with_overrides(analysis__workers=0))
    assert report.workers == 1 and report.stored + len(report.failures) == 3


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fork workers are used on Linux only")
def test_recycled_forked_workers_give_the_same_records(tmp_path, reference, pipe):
    """Workers replaced by fresh forks after every task (analysis.worker_recycle_docs):
    every document is analysed once, in order, with the single-process run's records."""
    from conflictlens.scale import ProcessPoolRunner

    corpus, expected = reference
    settings = pipe.settings.with_overrides(analysis__write_batch=2, analysis__worker_recycle_docs=2)
    runner = ProcessPoolRunner(settings, 2)
    runner.task_docs = 2
    with Store(tmp_path / "recycled.duckdb") as store:
        report = analyze([str(corpus)], store, settings, pipeline=pipe, results=runner)
        got = snapshot(store)
    assert runner.recycled >= 2 and runner._pool is None and not runner._frozen
    assert report.stored + len(report.failures) == N_DOCS
    assert diff(expected, got) == []
    assert got == expected

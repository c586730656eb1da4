"""How worker processes start: forked from a parent that loaded the models, no PyTorch, no idle pools."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conflictlens.config import load_settings
from conflictlens.pipeline import Pipeline
from conflictlens.scale import ProcessPoolRunner, ScaleError
from conflictlens.scale import pool as pool_mod
from conflictlens.scale.pool import start_method


def _worker_model_id() -> tuple[int, int]:
    """In a pool worker: (its pid, the id of its pipeline's spaCy object)."""
    import os

    return os.getpid(), id(pool_mod._WORKER["pipe"].nlp)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork workers are used on Linux only")
def test_forked_workers_share_the_parents_loaded_pipeline(pipe):
    """Workers are forked after the parent loaded the models: each worker's pipeline is the
    parent's object (same address, copy-on-write), so no worker loads anything itself."""
    runner = ProcessPoolRunner(pipe.settings, 2)
    assert runner.start_method == "fork"
    runner._pipe = pipe
    try:
        pool = runner._new_pool()
        answers = {pool.submit(_worker_model_id).result(timeout=60) for _ in range(6)}
    finally:
        runner.close()
    assert {model_id for _, model_id in answers} == {id(pipe.nlp)}
    assert all(pid != __import__("os").getpid() for pid, _ in answers)
    assert "pipe" not in pool_mod._WORKER  # the parent keeps no worker state behind


def test_nothing_to_analyse_starts_no_pool_and_loads_no_model():
    settings = load_settings()
    fresh = Pipeline(settings)
    runner = ProcessPoolRunner(settings, 2)
    assert list(runner(iter([]), fresh)) == []
    assert runner._pool is None and fresh._nlp is None


def test_worker_start_setting_is_checked():
    settings = load_settings()
    assert start_method(settings.with_overrides(analysis__worker_start="spawn")) == "spawn"
    assert start_method(settings) == ("fork" if sys.platform.startswith("linux") else "spawn")
    with pytest.raises(ScaleError, match="E129"):
        start_method(settings.with_overrides(analysis__worker_start="thread"))


def test_processes_conflictlens_starts_import_no_pytorch():
    """spaCy runs without PyTorch once keep_unused_modules_out() ran (thinc sees none)."""
    code = ("import sys\n"
            "from conflictlens.scale.lean import keep_unused_modules_out\n"
            "assert keep_unused_modules_out() == ['torch'] or 'torch' in sys.modules\n"
            "import spacy, thinc.compat\n"
            "print(thinc.compat.has_torch, sys.modules.get('torch', 'absent'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    has_torch, module = out.stdout.split()
    assert has_torch == "False" and module in ("None", "absent")


def test_tasks_keep_order_and_end_with_small_tasks():
    from conflictlens.scale.pool import tasks_with_small_tail

    batches = [list(range(i, min(i + 5, 50))) for i in range(0, 50, 5)]  # 50 "documents" in 10 batches
    tasks = list(tasks_with_small_tail(iter(batches), task_docs=8, tail_docs=3, workers=2))
    assert [d for t in tasks for d in t] == list(range(50))
    sizes = [len(t) for t in tasks]
    assert sizes[:2] == [8, 8] and max(sizes[-5:]) <= 3  # the last 2 x 8 documents in 3s
    assert sum(s for s in sizes if s <= 3) >= 16
    assert list(tasks_with_small_tail(iter([]), 8, 3, 2)) == []

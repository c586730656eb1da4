"""Local Dask workers are forked from a parent that loaded the pipeline: they load nothing."""
from __future__ import annotations

import os
import sys

import dask
import distributed  # noqa: F401 - loads its config defaults into dask.config
import pytest

from conflictlens.scale import DaskRunner
from conflictlens.scale import dask_runner as dask_mod


def _worker_view(settings, only) -> tuple[int, int, bool]:
    """On a Dask worker: its pid, the id of its pipeline's spaCy object, and whether that
    pipeline was there before any task (inherited from the parent)."""
    inherited = dask_mod._inherited_pipe(settings, only)
    return os.getpid(), id(dask_mod._worker_pipe(settings, only).nlp), inherited


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork workers are used on Linux only")
def test_local_dask_workers_share_the_parents_loaded_pipeline(pipe):
    runner = DaskRunner(pipe.settings, local_workers=2)
    assert runner.fork
    key = dask_mod._key(pipe.settings, pipe.only)
    assert key not in dask_mod._PIPES
    profiling = dask.config.get("distributed.worker.profile.enabled")
    try:
        runner.start(pipe)
        views = runner.client.run(_worker_view, pipe.settings, pipe.only)
        configs = runner.client.run(dask.config.get, "distributed.worker.profile.enabled")
    finally:
        runner.close()
    assert set(configs.values()) == {False}  # no statistical profiler in the workers
    assert dask.config.get("distributed.worker.profile.enabled") == profiling  # the caller's config is back
    assert len(views) == 2
    assert {model_id for _, model_id, _ in views.values()} == {id(pipe.nlp)}  # the parent's object
    assert all(inherited for _, _, inherited in views.values())
    assert os.getpid() not in {pid for pid, _, _ in views.values()}
    assert key not in dask_mod._PIPES  # the parent keeps no worker state behind


def test_spawn_setting_makes_dask_workers_load_their_own():
    from conflictlens.config import load_settings

    settings = load_settings()
    assert not DaskRunner(settings.with_overrides(analysis__worker_start="spawn"), local_workers=2).fork
    assert not DaskRunner(settings, scheduler="tcp://127.0.0.1:9").fork  # remote workers load their own


HUNG_WORKER = """
import os, sys, time
sys.modules["torch"] = None
import psutil
from conflictlens.config import load_settings
from conflictlens.scale import dask_runner
from conflictlens.scale.dask_runner import DaskRunner, ScaleError

dask_runner.LOCAL_WORKER_START_TIMEOUT = 6
os.register_at_fork(after_in_child=lambda: time.sleep(3600))  # every forked worker hangs
runner = DaskRunner(load_settings(), local_workers=1)
try:
    runner.start()
    print("started")
except ScaleError as exc:
    print(str(exc)[:6])
finally:
    runner.close()
time.sleep(1)
print("children", len(psutil.Process().children(recursive=True)))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork workers are used on Linux only")
def test_a_local_worker_that_never_starts_is_an_error_not_a_hang():
    """A forked worker that deadlocks before it registers (as the rich console lock once made
    them) ends the cluster start with E130 after LOCAL_WORKER_START_TIMEOUT; no process is left."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", HUNG_WORKER], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["[E130]", "children", "0"], done.stdout + done.stderr[-2000:]

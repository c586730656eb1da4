"""The Python API example of docs/analytics.md (merged into the README) runs as written."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "analytics.md"


def _api_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1]
    m = re.search(r"```python\n(.*?)```", section, re.S)
    assert m, "docs/analytics.md lost its Python API example"
    return m.group(1)


@pytest.mark.slow
def test_python_api_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the example writes war.duckdb in the working directory
    namespace: dict = {}
    exec(compile(_api_example(), str(DOC), "exec"), namespace)
    assert (tmp_path / "war.duckdb").exists()
    events = namespace["events"]
    assert {"event_id", "doc_id", "actor_name", "event_type", "intensity", "story_id"} <= set(events.columns)
    assert namespace["table"].num_rows == len(events)
    assert list(namespace["stories"].columns)[:2] == ["story_id", "event_type"]


def test_open_is_read_only_and_missing_file_is_coded(tmp_path):
    import conflictlens as cl
    from conflictlens.errors import StoreError

    with pytest.raises(StoreError, match=r"\[E703\]"):
        cl.open(tmp_path / "nope.duckdb")


def test_analyze_rejects_non_text(tmp_path):
    import conflictlens as cl

    with pytest.raises(TypeError, match=r"\[E024\]"):
        cl.analyze([42])
    with pytest.raises(FileNotFoundError, match=r"\[E024\]"):
        cl.analyze([tmp_path / "missing.txt"])

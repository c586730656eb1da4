"""Registered names are part of the public surface: this snapshot fails when one disappears
(add new names to tests/data/registrations.json when you register them)."""
import json
from pathlib import Path

from conflictlens.registry import load_all

SNAPSHOT = json.loads((Path(__file__).parent / "data" / "registrations.json").read_text())


def test_stages_registered_in_order():
    reg = load_all()
    assert {s.name: s.order for s in reg.ordered_stages()} == SNAPSHOT["stages"]
    names = [s.name for s in reg.ordered_stages()]
    # events use actors, places and dates of the same document
    assert names.index("events") > max(names.index("actors"), names.index("places"), names.index("dates"))


def test_corpus_stages_registered():
    assert set(SNAPSHOT["corpus_stages"]) <= set(load_all().corpus_stages)


def test_exporters_registered():
    assert set(SNAPSHOT["exporters"]) <= {f"{w}.{f}" for w, f in load_all().exporters}


def test_registering_every_stage_imports_no_spacy():
    """An unchanged re-run builds the pipeline (stage versions) but analyses nothing: spaCy
    (0.9-1.5 s of import) must not come in with the registrations."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['torch'] = None; from conflictlens.registry import load_all; load_all(); "
            "print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"

"""Hypothesis: text-level properties of decoding, cleaning and the pipeline on arbitrary input."""
from __future__ import annotations

import re
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictlens.errors import IngestError
from conflictlens.ingest.decode import decode_bytes
from conflictlens.pipeline import DocTimeout, time_limit
from conflictlens.records import Document, RawDocument
from conflictlens.runner import AnalyzeReport, _documents

CODED = re.compile(r"^\[E\d{3}\] ")
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=400)  # surrogates included


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_decode_any_bytes_gives_text_or_coded_error(data):
    try:
        text, enc = decode_bytes(data, "x.txt", 10_000)
    except IngestError as exc:
        assert CODED.match(str(exc))
    else:
        assert isinstance(text, str) and text.strip() and enc


@given(ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_cleaning_any_text_gives_document_or_coded_failure(text):
    report = AnalyzeReport()
    docs = list(_documents([RawDocument(path="p.txt", text=text, source_format="txt")], report, 1_000_000, None, 5))
    assert len(docs) + len(report.failures) == 1
    for f in report.failures:
        assert CODED.match(f.message)
    for d in docs:
        assert d.text.strip() and re.fullmatch(r"[0-9a-f]{16}", d.doc_id)
        again = list(_documents([RawDocument(path="p.txt", text=text, source_format="txt")], AnalyzeReport(),
                                1_000_000, None, 5))
        assert again[0].doc_id == d.doc_id  # stable id


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300), min_size=1, max_size=4))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_pipeline_on_any_text_keeps_offsets_true(pipe, texts):
    docs = [Document(doc_id=f"d{i}", path=f"p{i}", text=t) for i, t in enumerate(texts)]
    results = list(pipe.process(docs))
    assert [r.document.doc_id for r in results] == [d.doc_id for d in docs]
    for r in results:
        assert r.error is None or CODED.match(r.error)
        for s in r.sentences:
            assert r.document.text[s.start:s.end] == s.text
        for m in r.actor_mentions:
            assert r.document.text[m.start:m.end] == m.text


def test_time_limit_interrupts_a_worker_thread():
    """Dask runs tasks in threads: the limit must still stop a runaway document there."""
    outcome = {}

    def work():
        t0 = time.monotonic()
        try:
            with time_limit(0.3):
                while time.monotonic() - t0 < 10:
                    pass
            outcome["result"] = "finished"
        except DocTimeout:
            outcome["result"] = "timeout"
        outcome["seconds"] = time.monotonic() - t0

    t = threading.Thread(target=work)
    t.start()
    t.join(15)
    assert outcome["result"] == "timeout" and outcome["seconds"] < 5


def test_nested_time_limits_keep_the_outer_one():
    t0 = time.monotonic()
    with pytest.raises(DocTimeout):
        with time_limit(0.6):
            with time_limit(5):
                pass  # inner ends quickly; outer must still fire
            while time.monotonic() - t0 < 10:
                pass
    assert time.monotonic() - t0 < 3

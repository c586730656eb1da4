"""conflictlens report: one self-contained HTML file, escaped, printable, no network request."""
from __future__ import annotations

import re
import subprocess

import pytest

from conflictlens.report.html import build_report, write_report
from conflictlens.store import Store
from fixture_rows import CLI

def test_report_has_every_section_and_no_script(report_db, tmp_path):
    out = write_report(report_db, tmp_path / "r.html")
    html = out.read_text(encoding="utf-8")
    for section in ('id="corpus"', 'id="actors"', 'id="timeline"', 'id="map"', 'id="events"', 'id="claims"', 'id="sources"'):
        assert section in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "external reference in the report"
    assert "default-src 'none'" in html
    # every in-page link points at an anchor that exists
    anchors = set(re.findall(r'id="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links and links <= anchors
    assert html.count("<circle") > 0 and html.count("<rect") > 5  # map markers, chart bars
    assert 'class="cell ' in html


def test_report_escapes_document_text(report_db):
    store = Store(report_db, read_only=True)
    html = build_report(store.con)
    store.close()
    assert "&lt;script&gt;window.__xss" in html or "&lt;img src=x" in html
    assert "<img" not in html and "onerror=\"window" not in html


def test_empty_store_says_what_would_fill_each_section(tmp_path):
    store = Store(tmp_path / "e.duckdb")
    html = build_report(store.con)
    store.close()
    assert html.count('class="empty"') >= 5
    assert "events stage" in html and "claims stage" in html and "places stage" in html


def test_report_cli(report_db, tmp_path):
    out = tmp_path / "cli.html"
    proc = subprocess.run([CLI, "report", "--db", str(report_db), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000
    bad = subprocess.run([CLI, "report", "--db", str(tmp_path / "none.duckdb"), "-o", str(out)], capture_output=True, text=True)
    assert bad.returncode != 0 and "E703" in bad.stderr + bad.stdout


@pytest.mark.browser
def test_report_opens_offline_in_chromium(report_db, tmp_path, chromium):
    out = write_report(report_db, tmp_path / "r.html")
    page = chromium.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    assert page.locator("svg[aria-label='map of events'] circle.ev").count() > 0
    assert page.locator("svg[aria-label='events per month by type'] rect").count() > 5
    assert page.locator("table.matrix td.cell").count() > 0
    page.locator("#events ~ table a").first.click()
    assert page.evaluate("location.hash").startswith("#q-")
    pdf = page.pdf()  # printable
    page.close()
    assert [u for u in requests if not u.startswith("file://")] == []
    assert pdf[:4] == b"%PDF"


@pytest.mark.browser
@pytest.mark.shared
def test_report_on_reference_articles(tmp_path, chromium, shared):
    """The five reference articles (../shared/corpus/seeds) -> one HTML file, no request when opened."""
    seeds = shared("corpus", "seeds")
    db = tmp_path / "seeds.duckdb"
    subprocess.run([CLI, "analyze", str(seeds), "--db", str(db)], capture_output=True, text=True, timeout=600)
    out = tmp_path / "seeds.html"
    proc = subprocess.run([CLI, "report", "--db", str(db), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    page = chromium.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    for section in ("#map", "#timeline", "#claims"):
        assert page.locator(section).count() == 1
    assert page.locator("h2").count() >= 7
    page.close()
    assert [u for u in requests if not u.startswith("file://")] == []


def _side_store(path):
    """TEST rows: one claim in three documents of two outlets that the packaged outlet table puts
    on one side (sana, alalam: pro_government), one claim across sides (sana, reuters)."""
    import datetime as dt

    store = Store(path)
    texts = {"d1": ("sana", "TEST: the strike hit a terrorist depot."),
             "d2": ("alalam", "TEST: the strike hit a terrorist depot, officials said."),
             "d3": ("sana", "TEST: the strike hit a terrorist depot near the town."),
             "d4": ("reuters", "TEST: the convoy was turned back.")}
    store.insert_rows("documents", [{"doc_id": d, "path": f"test://{d}", "title": d, "outlet": o,
                                     "published": dt.date(2017, 3, 1), "language": "en", "source_format": "test",
                                     "text": t, "n_chars": len(t), "pipeline_version": "test"} for d, (o, t) in texts.items()])
    store.insert_rows("sentences", [{"doc_id": d, "idx": 0, "start": 0, "end": len(t), "text": t}
                                    for d, (_, t) in texts.items()])
    members = {"one": ["d1", "d2", "d3"], "both": ["d1", "d4"]}
    store.insert_rows("claims", [{"claim_id": c, "label": f"TEST LABEL {c}", "n_mentions": len(ds),
                                  "n_documents": len(ds), "n_outlets": len({texts[d][0] for d in ds})}
                                 for c, ds in members.items()])
    store.insert_rows("claim_mentions", [
        {"mention_id": f"{c}-{d}", "doc_id": d, "sentence_idx": 0, "start": 0, "end": len(texts[d][1]),
         "text": texts[d][1], "claim_type": "evaluative", "speaker": "author", "speaker_actor_id": None,
         "actor_ids": [], "claim_id": c, "stance": "support", "confidence": 0.7}
        for c, ds in members.items() for d in ds])
    return store


def test_report_lists_claims_reported_by_one_side_only(tmp_path):
    from dataclasses import replace

    from conflictlens.analytics.tables import load_outlets

    store = _side_store(tmp_path / "sides.duckdb")
    html = build_report(store.con)
    section = html[html.index('id="one-side"'):html.index('id="sources"')]
    assert "TEST LABEL one" in section and "pro_government" in section and "alalam, sana" in section
    assert "TEST LABEL both" not in section  # reported across sides
    assert section.count('<a href="#') == 3  # each quoted sentence cites its source
    # With a table that puts reuters on the same side, the other claim is one side's too.
    table = [replace(o, side="pro_government") if o.outlet == "reuters" else o for o in load_outlets()]
    html = build_report(store.con, outlet_table=table)
    section = html[html.index('id="one-side"'):html.index('id="sources"')]
    assert "TEST LABEL both" in section
    store.close()

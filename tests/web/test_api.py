"""The JSON API over a real store (demo corpus analysed by the CLI + TEST rows), no browser."""
from __future__ import annotations

import duckdb
import pytest
from fastapi.testclient import TestClient

from conflictlens.cli.serve import is_loopback
from conflictlens.errors import StoreError
from conflictlens.store import Store
from conflictlens.web.app import create_app
from conflictlens.web.queries import MAX_PAGE
from fixture_rows import XSS_DOC_ID, XSS_TEXT


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db)) as c:
        yield c


def test_summary_counts_match_store(client, web_db):
    s = client.get("/api/summary").json()
    con = duckdb.connect(str(web_db), read_only=True)
    assert s["documents"] == con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert s["counts"]["events"] == con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    con.close()
    assert s["fts"] is True


def test_event_filters_narrow_the_total(client):
    everything = client.get("/api/events").json()["total"]
    assault = client.get("/api/events", params={"event_type": "ASSAULT"}).json()
    assert 0 < assault["total"] < everything
    assert all(e["event_type"] == "ASSAULT" for e in assault["items"])
    dated = client.get("/api/events", params={"date_from": "2016-01-01", "date_to": "2016-06-30"}).json()
    assert 0 < dated["total"] < everything
    assert all("2016-01-01" <= e["day"] <= "2016-06-30" for e in dated["items"])
    isil = client.get("/api/events", params={"actor": "ISIL"}).json()
    assert isil["total"] > 0
    assert all("ISIL" in ((e["actor"] or {}).get("actor_id"), (e["recipient"] or {}).get("actor_id")) for e in isil["items"])
    outlet = client.get("/api/events", params={"outlet": "CENTCOM"}).json()
    assert all(e["outlet"] == "CENTCOM" for e in outlet["items"]) and outlet["total"] < everything


def test_paging_is_limited_and_consistent(client):
    assert client.get("/api/events", params={"limit": MAX_PAGE + 1}).status_code == 422
    assert client.get("/api/events", params={"offset": -1}).status_code == 422
    assert client.get("/api/documents", params={"q": "x" * 201}).status_code == 422
    p1 = client.get("/api/events", params={"limit": 5}).json()["items"]
    p2 = client.get("/api/events", params={"limit": 5, "offset": 5}).json()["items"]
    assert len(p1) == 5 and not {e["event_id"] for e in p1} & {e["event_id"] for e in p2}


def test_sql_injection_is_just_a_value(client):
    r = client.get("/api/events", params={"actor": "x' OR '1'='1"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/documents", params={"q": "'; DROP TABLE documents; --"})
    assert r.status_code == 200
    assert client.get("/api/summary").json()["documents"] > 0


def test_security_headers_forbid_inline_script(client):
    for path in ("/", "/api/summary", "/static/app.js"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    html = client.get("/").text
    assert "<script>" not in html.replace(" ", "") and "style=" not in html and " on" + "load=" not in html


def test_full_text_search_ranks_documents(client):
    r = client.get("/api/documents", params={"q": "hospital"}).json()
    assert r["search"] == "bm25" and r["total"] > 0
    doc = client.get(f"/api/documents/{r['items'][0]['doc_id']}").json()
    assert "hospital" in (doc["title"] + doc["text"]).lower()


def test_document_spans_point_at_their_text(client, web_db):
    events = client.get("/api/events", params={"limit": 50}).json()["items"]
    for e in events[:10]:
        doc = client.get(f"/api/documents/{e['doc_id']}").json()
        spans = [s for s in doc["spans"] if s["kind"] == "event" and s["ref"] == e["event_id"]]
        assert spans, e["event_id"]
        s = spans[0]
        assert doc["text"][s["start"]:s["end"]] == e["trigger"]["text"]
        assert doc["text"][e["sentence_start"]:e["sentence_end"]] == e["sentence"]


def test_views_data(client):
    geo = client.get("/api/events/geo").json()
    assert geo["points"] and sum(p["n"] for p in geo["points"]) == geo["located_events"]
    tl = client.get("/api/events/timeline", params={"bucket": "month"}).json()
    assert tl["rows"] and all(r["bucket"].endswith("-01") for r in tl["rows"])
    net = client.get("/api/network").json()
    assert len(client.get("/api/network", params={"linked": "false"}).json()["nodes"]) >= len(net["nodes"])
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    claims = client.get("/api/claims").json()
    assert claims["rows"] and claims["cells"]
    cell = claims["cells"][0]
    ms = client.get(f"/api/claims/{cell['claim_id']}/mentions", params={"col": cell["col"]}).json()
    assert ms["total"] == cell["n"]
    actor = client.get("/api/actors/ISIL").json()
    assert actor["actor"]["aliases"] and actor["mentions"]["total"] > 0


def test_hostile_document_is_returned_verbatim_as_json(client):
    doc = client.get(f"/api/documents/{XSS_DOC_ID}").json()
    assert doc["text"] == XSS_TEXT
    assert client.get("/api/documents/nope").status_code == 404


def test_store_is_read_only(client):
    with pytest.raises(duckdb.Error):
        client.app.state.store.con.execute("CREATE TABLE hack (a INTEGER)")


def test_empty_store_never_breaks(tmp_path):
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    with TestClient(create_app(db)) as c:
        for path in ("/api/summary", "/api/facets", "/api/events", "/api/events/geo", "/api/events/timeline",
                     "/api/network", "/api/claims", "/api/places", "/api/actors", "/api/documents",
                     "/api/documents?q=war", "/api/actors/X", "/api/claims/X/mentions", "/", "/api/openapi.json"):
            r = c.get(path)
            assert r.status_code == 200, (path, r.text)
        assert c.get("/api/events").json()["total"] == 0


def test_missing_store_is_a_coded_error(tmp_path):
    with pytest.raises(StoreError, match="E703"):
        create_app(tmp_path / "missing.duckdb")


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")


def test_openapi_documents_the_api(client):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/documents", "/api/claims", "/api/network"} <= set(spec["paths"])


def test_event_index_matches_the_live_join(web_db):
    from conflictlens.web import queries as Q

    con = duckdb.connect(str(web_db), read_only=True)
    assert Q.source(con) is Q.INDEXED
    for f in (Q.EventFilter(), Q.EventFilter(event_type="ASSAULT"), Q.EventFilter(actor="ISIL"),
              Q.EventFilter(outlet="CENTCOM", date_from=__import__("datetime").date(2016, 1, 1))):
        live = Q.events(con, f, limit=500, src=Q.LIVE)
        fast = Q.events(con, f, limit=500, src=Q.INDEXED)
        assert live["total"] == fast["total"]
        assert [e["event_id"] for e in live["items"]] == [e["event_id"] for e in fast["items"]]
        assert Q.timeline(con, f, src=Q.LIVE) == Q.timeline(con, f, src=Q.INDEXED)
        assert Q.network(con, f, src=Q.LIVE)["edges"] == Q.network(con, f, src=Q.INDEXED)["edges"]
    con.close()


def test_corpus_stages_registered():
    from conflictlens.registry import load_all

    assert {"web.fts", "web.index"} <= set(load_all().corpus_stages)


def test_network_draws_linked_actors_unless_asked(web_db):
    import duckdb

    from conflictlens.web import queries as Q

    con = duckdb.connect(str(web_db), read_only=True)
    linked_ids = {r[0] for r in con.execute(
        "SELECT actor.actor_id FROM events WHERE actor.actor_id IS NOT NULL "
        "UNION SELECT recipient.actor_id FROM events WHERE recipient.actor_id IS NOT NULL").fetchall()}
    for src in (Q.LIVE, Q.INDEXED):
        default = Q.network(con, Q.EventFilter(), src=src, max_edges=10_000)
        everything = Q.network(con, Q.EventFilter(), src=src, max_edges=10_000, linked=False)
        assert default["nodes"] and {n["id"] for n in default["nodes"]} <= linked_ids
        unlinked = {n["id"] for n in everything["nodes"]} - linked_ids
        assert unlinked, "the demo corpus has events with unlinked participants"
        assert len(everything["edges"]) > len(default["edges"])
    con.close()

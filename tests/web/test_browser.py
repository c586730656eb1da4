"""The web app in Debian's Chromium against a real server and store: views, filters, clicks,
hostile documents, and no request leaving localhost."""
from __future__ import annotations

import pytest

from fixture_rows import XSS_DOC_ID

pytestmark = pytest.mark.browser
WAIT = 20_000


def open_view(page, base, view):
    page.goto(f"{base}/#{view}")
    page.wait_for_selector(f"body[data-ready='{view.split('/')[0]}']", state="attached", timeout=WAIT)


def only_local(page, base):
    return [u for u in page.requests if not (u.startswith(base + "/") or u.startswith("data:"))]


def test_map_shows_markers_and_nothing_leaves_localhost(page, server):
    open_view(page, server, "map")
    page.wait_for_selector(".leaflet-marker-icon", timeout=WAIT)
    assert page.locator(".leaflet-marker-icon").count() > 0
    assert page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() > 50  # country outlines
    for view in ("timeline", "network", "claims", "documents"):
        open_view(page, server, view)
    assert only_local(page, server) == []
    assert any("/api/events/geo" in u for u in page.requests)
    assert page.errors == []


def test_filter_changes_the_counts(page, server):
    open_view(page, server, "map")
    count = page.locator("#count-events")
    before = int(count.get_attribute("data-total"))
    page.select_option("#f-event_type", "ASSAULT")
    for _ in range(100):
        after = count.get_attribute("data-total")
        if after and int(after) != before:
            break
        page.wait_for_timeout(100)
    assert 0 < int(after) < before
    assert "events match" in count.inner_text()


def test_timeline_renders_bars(page, server):
    open_view(page, server, "timeline")
    page.wait_for_selector("#timeline svg rect.bar", timeout=WAIT)
    assert page.locator("#timeline svg rect.bar").count() > 3
    assert page.locator("#timeline-events table.events tbody tr").count() > 0


def test_timeline_brush_filters_the_rest(page, server):
    open_view(page, server, "timeline")
    svg = page.locator("#timeline svg")
    box = svg.bounding_box()
    before = int(page.locator("#count-events").get_attribute("data-total"))
    page.mouse.move(box["x"] + 60, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + 100)
    page.mouse.up()
    for _ in range(100):
        if page.input_value("#f-date_from") and int(page.locator("#count-events").get_attribute("data-total")) != before:
            break
        page.wait_for_timeout(100)
    assert page.input_value("#f-date_from") and page.input_value("#f-date_to")
    assert int(page.locator("#count-events").get_attribute("data-total")) < before


def test_clicking_an_event_opens_its_sentence_highlighted(page, server):
    open_view(page, server, "map")
    link = page.locator("#map-events a.sentence-link").first
    sentence = link.inner_text()
    link.click()
    page.wait_for_selector("body[data-ready='doc']", state="attached", timeout=WAIT)
    focus = page.locator("#doc-text .focus")
    assert focus.count() > 0
    highlighted = " ".join("".join(focus.all_inner_texts()).split())
    assert " ".join(sentence.split())[:40] in highlighted
    assert page.locator("#doc-text .hl-event").count() > 0


def test_claim_matrix_renders_and_opens_sentences(page, server):
    open_view(page, server, "claims")
    cells = page.locator("#claims td.cell:not(.none)")
    assert cells.count() > 0
    assert page.locator("#claims td.cell.support, #claims td.cell.oppose, #claims td.cell.neutral, #claims td.cell.mixed").count() > 0
    cells.first.click()
    page.wait_for_selector("#claim-mentions a.claim-sentence", timeout=WAIT)
    page.locator("#claim-mentions a.claim-sentence").first.click()
    page.wait_for_selector("#doc-text .focus", timeout=WAIT)


def test_actor_network_and_actor_panel(page, server):
    open_view(page, server, "network")
    assert page.locator("#network line.edge").count() > 0
    page.locator("#network g.node").first.dispatch_event("click")
    page.wait_for_selector("#panel:not([hidden]) h2", timeout=WAIT)
    assert page.locator("#panel-body h3").count() == 2  # mentions, events


def test_hostile_document_renders_as_text_and_runs_nothing(page, server):
    open_view(page, server, f"doc/{XSS_DOC_ID}")
    text = page.locator("#doc-text").inner_text()
    assert "<script>window.__xss = 2</script>" in text
    assert '<img src=x onerror="window.__xss = 3">' in text
    assert "<img" in page.locator("#doc-meta h2").inner_text()
    assert page.locator("#doc-text img, #doc-meta img, #doc-text script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    # the hostile names also pass through the map popup and the event list
    open_view(page, server, "timeline")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#timeline-events img").count() == 0
    assert page.errors == []


def test_search_uses_full_text_index(page, server):
    open_view(page, server, "documents")
    page.fill("#search-q", "hospital")
    page.press("#search-q", "Enter")
    page.wait_for_selector("#search-note:has-text('full-text')", timeout=WAIT)
    assert page.locator("#doc-list li").count() > 0


def test_api_docs_page_is_served_locally(page, server):
    page.goto(f"{server}/api/docs")
    page.wait_for_selector("#swagger-ui .opblock", timeout=WAIT)
    assert only_local(page, server) == []

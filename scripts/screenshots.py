"""Screenshots of every web view and of the HTML report, for the README (docs/img/*.png).

    .venv/bin/python scripts/screenshots.py                 # analyses demo/ into demo.duckdb if missing
    .venv/bin/python scripts/screenshots.py --db war.duckdb

Starts `conflictlens serve` on a free localhost port and drives Debian's Chromium (Playwright),
as the browser tests do.  Nothing is fetched from the internet.
"""
from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "web"))

from fixture_rows import CLI, launch_chromium, start_server  # noqa: E402

LOGGER = logging.getLogger("screenshots")
VIEWS = ["map", "timeline", "network", "claims", "documents"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(ROOT / "demo.duckdb"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "img"))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    db, out = Path(args.db), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        subprocess.run([CLI, "analyze", str(ROOT / "demo" / "re3d_public_domain.jsonl"), "--db", str(db)], check=True)
    from playwright.sync_api import sync_playwright

    proc, base = start_server(db)
    try:
        with sync_playwright() as p:
            ctx = launch_chromium(p, viewport=(1280, 860))
            page = ctx.new_page()
            for view in VIEWS:
                page.goto(f"{base}/#{view}")
                page.wait_for_selector(f"body[data-ready='{view}']", state="attached", timeout=30_000)
                page.wait_for_timeout(600)
                page.screenshot(path=str(out / f"web-{view}.png"))
                LOGGER.info("web-%s.png", view)
            # the document view, opened from the first event's sentence
            page.goto(f"{base}/#map")
            page.wait_for_selector("body[data-ready='map']", state="attached", timeout=30_000)
            link = page.locator("#map-events a.sentence-link")
            if link.count():
                link.first.click()
            else:
                page.goto(f"{base}/#documents")
                page.wait_for_selector("#doc-list a", timeout=30_000)
                page.locator("#doc-list a").first.click()
            page.wait_for_selector("body[data-ready='doc']", state="attached", timeout=30_000)
            page.wait_for_timeout(400)
            page.screenshot(path=str(out / "web-document.png"))
            LOGGER.info("web-document.png")
            report = Path(tempfile.mkdtemp()) / "report.html"
            subprocess.run([CLI, "report", "--db", str(db), "-o", str(report)], check=True, capture_output=True)
            page.goto(report.as_uri())
            page.screenshot(path=str(out / "report.png"), full_page=False)
            page.locator("#map").scroll_into_view_if_needed()
            page.screenshot(path=str(out / "report-map.png"))
            LOGGER.info("report.png, report-map.png")
            ctx.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

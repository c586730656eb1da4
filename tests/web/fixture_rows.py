"""TEST DATA: hand-made actor, event, place, date and claim rows over the real demo documents.

Other stages may not have filled these tables yet; these rows let the web tests see markers,
bars, edges and matrix cells.  Every row points at real text: offsets are found with
str.find in the stored document text, so a click highlights the words it names.  They are
test fixtures only: nothing in the product inserts them.
"""
from __future__ import annotations

import datetime as dt
import re

from conflictlens.store import Store

# (word in the sentence, PLOVER type, CAMEO code, quad class)
TRIGGERS = [
    ("attack", "ASSAULT", "190", 4), ("killed", "ASSAULT", "190", 4), ("strike", "ASSAULT", "195", 4),
    ("condemn", "ACCUSE", "111", 3), ("support", "SUPPORT", "051", 1), ("met", "CONSULT", "040", 1),
    ("assist", "AID", "070", 2), ("threat", "THREATEN", "130", 3),
]
PLACES = [("Mosul", 36.335, 43.119, 99072), ("Raqqa", 35.950, 39.009, 163915), ("Baghdad", 33.341, 44.401, 98182),
          ("Aleppo", 36.202, 37.158, 170063), ("Hasaka", 36.502, 40.748, 173184)]
ACTORS = [
    {"actor_id": "ISIL", "name": "Islamic State", "type": "armed_group", "country": "IRQ", "cameo_code": "IMGMUSISI",
     "aliases": ["ISIL", "ISIS", "Daesh"], "kb": True},
    {"actor_id": "USA", "name": "United States", "type": "state", "country": "USA", "cameo_code": "USA",
     "aliases": ["U.S.", "United States", "US"], "kb": True},
    {"actor_id": "IRQGOV", "name": "Government of Iraq", "type": "government", "country": "IRQ", "cameo_code": "IRQGOV",
     "aliases": ["Iraqi government", "Government of Iraq"], "kb": True},
]
XSS_DOC_ID = "xss0000000000001"
XSS_TEXT = ('Before <script>window.__xss = 2</script> middle <img src=x onerror="window.__xss = 3"> '
            'after: ISIL attack reported.')
# A made-up claim over two outlets with opposite stances (test data).
CLAIM_ID = "testclaim1"


def _ref(actor: dict, text: str, start: int) -> dict:
    return {"actor_id": actor["actor_id"], "name": actor["name"], "text": text, "start": start,
            "end": start + len(text) if start >= 0 else -1, "country": actor["country"], "cameo_code": actor["cameo_code"],
            "type": actor["type"]}


def add_test_rows(store: Store, max_events: int = 40) -> dict:
    """Insert TEST rows over the documents in ``store``; returns what was inserted."""
    sents = store.query_dicts('SELECT s.doc_id, s.idx, s.start, s."end", s.text, d.outlet, d.published '
                              'FROM sentences s JOIN documents d USING (doc_id) ORDER BY s.doc_id, s.idx')
    events, places, dates, claims, mentions = [], [], [], [], []
    base = dt.date(2016, 1, 1)
    for s in sents:
        low = s["text"].lower()
        for word, etype, cameo, quad in TRIGGERS:
            pos = low.find(word)
            if pos < 0 or len(events) >= max_events:
                continue
            i = len(events)
            src, tgt = ACTORS[i % 3], ACTORS[(i + 1) % 3]
            pname, lat, lon, gid = PLACES[i % len(PLACES)]
            day = base + dt.timedelta(days=23 * i)
            start = s["start"] + pos
            events.append({
                "event_id": f"test-{s['doc_id']}-{s['idx']}-{pos}", "doc_id": s["doc_id"], "sentence_idx": s["idx"],
                "sentence": s["text"], "sentence_start": s["start"], "sentence_end": s["end"],
                "trigger": {"text": s["text"][pos:pos + len(word)], "start": start, "end": start + len(word)},
                "actor": _ref(src, src["aliases"][0], -1), "recipient": _ref(tgt, tgt["aliases"][0], -1),
                "event_type": etype, "mode": None, "context": [], "cameo_root": cameo[:2], "cameo_code": cameo,
                "quad_class": quad, "negated": False, "hypothetical": False, "attributed_to": None,
                "fatalities": None, "fatalities_span": None,
                "location": {"name": pname, "geonameid": gid, "lat": lat, "lon": lon, "feature_code": "PPLA",
                             "country_code": "IQ" if lon > 42 else "SY", "admin1": None, "precision": "city",
                             "start": -1, "end": -1},
                "date": {"text": None, "start": day, "end": day, "precision": "day", "span_start": -1, "span_end": -1},
                "confidence": 0.9, "intensity": None, "goldstein": None,
            })
            if word in ("condemn", "support") and len(claims) < 12:
                stance = "oppose" if s["outlet"] and "State" in s["outlet"] else "support"
                claims.append({"mention_id": f"tm{len(claims)}", "doc_id": s["doc_id"], "sentence_idx": s["idx"],
                               "start": s["start"], "end": s["end"], "text": s["text"], "claim_type": "evaluative",
                               "speaker": "author", "speaker_actor_id": None, "actor_ids": [],
                               "claim_id": CLAIM_ID if len(claims) % 2 == 0 else "testclaim2",
                               "stance": stance if len(claims) % 3 else "neutral", "confidence": 0.7})
            break
    docs = store.query_dicts("SELECT doc_id, text FROM documents")
    for d in docs:
        for m in re.finditer(r"\b(ISIL|ISIS|Daesh)\b", d["text"]):
            mentions.append({"doc_id": d["doc_id"], "sentence_idx": None, "start": m.start(), "end": m.end(),
                             "text": m.group(0), "actor_id": "ISIL", "label": "ORG", "method": "ruler", "confidence": 1.0})
        for m in re.finditer(r"\b(Iraq|Syria|Mosul|Raqqa)\b", d["text"]):
            coords = {"Iraq": (33.0, 44.0, 99237), "Syria": (35.0, 38.0, 163843), "Mosul": (36.335, 43.119, 99072),
                      "Raqqa": (35.95, 39.009, 163915)}[m.group(0)]
            places.append({"doc_id": d["doc_id"], "sentence_idx": None, "start": m.start(), "end": m.end(),
                           "text": m.group(0), "geonameid": coords[2], "name": m.group(0), "lat": coords[0],
                           "lon": coords[1], "feature_class": "A" if m.group(0) in ("Iraq", "Syria") else "P",
                           "feature_code": "PCLI" if m.group(0) in ("Iraq", "Syria") else "PPLA",
                           "country_code": "IQ" if m.group(0) in ("Iraq", "Mosul") else "SY", "role": "place",
                           "confidence": 0.9})
        for m in re.finditer(r"\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}\b", d["text"]):
            dates.append({"doc_id": d["doc_id"], "sentence_idx": None, "start": m.start(), "end": m.end(),
                          "text": m.group(0), "start_date": None, "end_date": None, "precision": "day",
                          "date_source": "absolute"})
    store.insert_rows("actors", ACTORS)
    store.insert_rows("actor_mentions", mentions)
    store.insert_rows("events", events)
    store.insert_rows("place_mentions", places)
    store.insert_rows("dates", dates)
    store.insert_rows("claim_mentions", claims)
    store.insert_rows("claims", [{"claim_id": CLAIM_ID, "label": "TEST CLAIM: the attacks are condemned",
                                  "n_mentions": 0, "n_documents": 0, "n_outlets": 0}])
    add_xss_document(store)
    return {"events": len(events), "claims": len(claims), "actor_mentions": len(mentions), "places": len(places)}


def add_xss_document(store: Store) -> None:
    """A hostile TEST document: markup in its title, outlet and text must show as text."""
    store.insert_rows("documents", [{
        "doc_id": XSS_DOC_ID, "path": "test://xss", "title": '<img src=x onerror="window.__xss = 1">Injected title',
        "outlet": "<b>Test outlet</b>", "published": dt.date(2017, 3, 1), "language": "en",
        "source_format": "test", "text": XSS_TEXT, "n_chars": len(XSS_TEXT), "pipeline_version": "test",
    }])
    store.insert_rows("sentences", [{"doc_id": XSS_DOC_ID, "idx": 0, "start": 0, "end": len(XSS_TEXT), "text": XSS_TEXT}])
    pos = XSS_TEXT.index("attack")
    store.insert_rows("events", [{
        "event_id": "test-xss-event", "doc_id": XSS_DOC_ID, "sentence_idx": 0, "sentence": XSS_TEXT,
        "sentence_start": 0, "sentence_end": len(XSS_TEXT),
        "trigger": {"text": "attack", "start": pos, "end": pos + 6},
        "actor": _ref(ACTORS[0], '<script>window.__xss = 4</script>', -1), "recipient": None,
        "event_type": "ASSAULT", "context": [], "cameo_code": "190", "quad_class": 4,
        "negated": False, "hypothetical": False, "confidence": 0.5,
        "location": {"name": '<img src=x onerror="window.__xss = 5">', "geonameid": 1, "lat": 34.0, "lon": 40.0,
                     "feature_code": None, "country_code": None, "admin1": None, "precision": None,
                     "start": -1, "end": -1},
        "date": None,
    }])


# -- shared fixture helpers (used by tests/web and tests/report conftests) -------------------
import functools  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "re3d_public_domain.jsonl"
CLI = str(Path(sys.executable).with_name("conflictlens"))
CHROMIUM = "/usr/bin/chromium"
DEMO_DOCS = 20
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@functools.lru_cache(maxsize=None)
def demo_db() -> Path:
    """The demo corpus analysed by the real CLI, plus the TEST rows above; built once per run."""
    folder = Path(tempfile.mkdtemp(prefix="conflictlens-web-"))
    db = folder / "demo.duckdb"
    # The first DEMO_DOCS documents of the demo corpus keep the suite inside its time budget.
    subset = folder / "demo_subset.jsonl"
    subset.write_text("".join(DEMO.read_text(encoding="utf-8").splitlines(keepends=True)[:DEMO_DOCS]), encoding="utf-8")
    proc = subprocess.run([CLI, "analyze", str(subset), "--db", str(db)], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert db.exists(), f"analyze failed ({proc.returncode}): {proc.stderr[-2000:]}"
    from conflictlens.web.fts import build_fts_index

    from conflictlens.web.index import build_event_index

    store = Store(db)
    add_test_rows(store)
    build_fts_index(store.con)  # again: the TEST rows were added after analyze
    build_event_index(store.con)
    store.close()
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    """`conflictlens serve` on a free localhost port; returns (process, base URL) once it answers."""
    port = free_port()
    proc = subprocess.Popen([CLI, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited: {proc.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/api/summary", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("serve did not answer within 60 s")


def launch_chromium(playwright, viewport=(1280, 900)):
    """Debian's Chromium through Playwright, headless, with a fresh profile."""
    return playwright.chromium.launch_persistent_context(
        tempfile.mkdtemp(prefix="conflictlens-chromium-"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        headless=True, viewport={"width": viewport[0], "height": viewport[1]})


@functools.lru_cache(maxsize=None)
def shared_chromium():
    """One Playwright + Chromium per test run, shared by tests/web and tests/report (the sync
    API allows a single running instance per thread); closed at interpreter exit."""
    import atexit

    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    ctx = launch_chromium(pw)

    def stop() -> None:
        ctx.close()
        pw.stop()

    atexit.register(stop)
    return ctx

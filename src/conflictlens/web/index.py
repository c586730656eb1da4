"""The ``web_events`` table: events joined with their documents, flat filter keys, sorted by day.

Built once per analyze by the ``web.index`` corpus stage so the read-only web app answers
filtered /api/events queries on 1M events in tens of milliseconds (bench/web_api.py).
"""
from __future__ import annotations

import logging

import duckdb

from ..registry import REGISTRY
from .queries import ACTOR_KEY, EVENT_DAY

LOGGER = logging.getLogger(__name__)

INDEX_VERSION = "v1"

_COLUMNS = """event_id, doc_id, sentence_idx, sentence, sentence_start, sentence_end, trigger, actor, recipient,
    attributed_to, event_type, mode, cameo_code, quad_class, negated, hypothetical, fatalities, location, "date",
    confidence"""


def build_event_index(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite ``web_events`` from ``events`` in one transaction; returns its row count."""
    select = ", ".join(f"e.{c.strip()}" for c in _COLUMNS.split(","))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM web_events")
        con.execute(f"""
            INSERT INTO web_events (pos, {_COLUMNS}, day, outlet, title, src, tgt)
            SELECT row_number() OVER (ORDER BY {EVENT_DAY} DESC NULLS LAST, e.event_id) AS pos, {select},
                   {EVENT_DAY} AS day, d.outlet, d.title,
                   {ACTOR_KEY.format(r='e.actor')}, {ACTOR_KEY.format(r='e.recipient')}
            FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id
            ORDER BY pos""")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    n = con.execute("SELECT count(*) FROM web_events").fetchone()[0]
    LOGGER.info("web_events: %d events indexed for the web app", n)
    return n


@REGISTRY.corpus_stage("web.index", version=INDEX_VERSION, order=890)
def index_stage(store, settings) -> None:
    """Corpus stage: refresh the web app's event table after each analyze."""
    build_event_index(store.con)

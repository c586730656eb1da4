"""Read-only queries over a conflictlens store, shared by the web API and the HTML report.

Every query is parameterised (``?`` placeholders); no text from a request is ever pasted
into SQL.  Results are JSON-ready rows (the output layer's own format: they go straight to
the browser or into the report template).  Empty tables and NULL structs give empty lists,
never errors.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Sequence

import duckdb

LOGGER = logging.getLogger(__name__)

# Page sizes: the API refuses larger pages (422).  500 rows of events is ~300 KB of JSON,
# small enough for a browser table; re-check with bench/web_api.py when raising it.
MAX_PAGE = 500
DEFAULT_PAGE = 50
# Map points are grouped on a grid of this many decimal degrees (0.001 deg ~ 100 m), and at
# most MAX_GEO_POINTS groups are returned: enough for a country-scale view; the map says
# when it was cut.  Calibrated on bench/web_api.py (1M events: 2,000 places -> 2,000 groups).
GEO_GRID_DECIMALS = 3
MAX_GEO_POINTS = 5000
# Actor network: edges kept (strongest first) so the drawing stays readable.
MAX_NETWORK_EDGES = 80
# Claim matrix: rows (claims) and columns (outlets or documents) shown at most.
MAX_CLAIM_ROWS = 200
MAX_CLAIM_COLS = 40

# The day an event is placed on: its own resolved date, else its document's publication date.
EVENT_DAY = 'coalesce(e."date"."start", d.published)'
# One key per participant: the linked actor id, else its canonical name, else its text.
ACTOR_KEY = "coalesce({r}.actor_id, {r}.name, {r}.text)"
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

_EVENT_FIELDS = """
    e.event_id, e.doc_id, e.sentence_idx, e.sentence, e.sentence_start, e.sentence_end, e.trigger,
    e.actor, e.recipient, e.attributed_to, e.event_type, e.mode, e.cameo_code, e.quad_class,
    e.negated, e.hypothetical, e.fatalities, e.location, e."date", e.confidence"""


@dataclass(frozen=True)
class Source:
    """Where event queries read: the live ``events JOIN documents``, or ``web_events``, the
    read-optimised copy the ``web.index`` corpus stage writes (flat keys, sorted by day)."""

    from_: str
    day: str
    src: str
    tgt: str
    columns: str
    order: str


LIVE = Source(
    from_="FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id", day=EVENT_DAY,
    src=ACTOR_KEY.format(r="e.actor"), tgt=ACTOR_KEY.format(r="e.recipient"),
    columns=_EVENT_FIELDS + f", {EVENT_DAY} AS day, d.outlet, d.title",
    order="day DESC NULLS LAST, e.event_id")
INDEXED = Source(
    from_="FROM web_events e", day="e.day", src="e.src", tgt="e.tgt",
    columns=_EVENT_FIELDS + ", e.day, e.outlet, e.title", order="e.pos")
FROM_EVENTS = LIVE.from_


def source(con: duckdb.DuckDBPyConnection) -> Source:
    """INDEXED when ``web_events`` is current (same row count as ``events``), else LIVE."""
    if not _has_table(con, "web_events"):
        return LIVE
    n_events, n_index = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM web_events)").fetchone()
    return INDEXED if n_events == n_index and n_events > 0 else LIVE


@dataclass(frozen=True)
class EventFilter:
    """Filters shared by every event view (map, timeline, network, list)."""

    actor: str | None = None
    event_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str | None = None
    doc_id: str | None = None
    quad_class: int | None = None

    def where(self, src: Source = LIVE, *, dates: bool = True, extra: str | None = None) -> tuple[str, list[Any]]:
        """SQL WHERE clause over ``src`` (plus an optional fixed condition) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append(f"({src.src} = ? OR {src.tgt} = ?)")
            params += [self.actor, self.actor]
        if self.event_type:
            clauses.append("e.event_type = ?")
            params.append(self.event_type)
        if self.quad_class is not None:
            clauses.append("e.quad_class = ?")
            params.append(self.quad_class)
        if self.outlet:
            clauses.append("e.outlet = ?" if src is INDEXED else "d.outlet = ?")
            params.append(self.outlet)
        if self.doc_id:
            clauses.append("e.doc_id = ?")
            params.append(self.doc_id)
        if dates and self.date_from:
            clauses.append(f"{src.day} >= ?")
            params.append(self.date_from)
        if dates and self.date_to:
            clauses.append(f"{src.day} <= ?")
            params.append(self.date_to)
        if extra:
            clauses.append(extra)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    cur = con.execute(sql, list(params))
    cols = [c[0] for c in cur.description]
    return [_jsonable(dict(zip(cols, row))) for row in cur.fetchall()]


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    row = con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def _has_table(con: duckdb.DuckDBPyConnection, name: str, schema: str = "main") -> bool:
    return bool(_scalar(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, name]))


# -- corpus -------------------------------------------------------------------------------
def summary(con: duckdb.DuckDBPyConnection) -> dict:
    """Documents, outlets, date range and rows per extracted table."""
    row = con.execute(
        "SELECT count(*), count(DISTINCT outlet), min(published), max(published) FROM documents"
    ).fetchone()
    counts = {}
    for table in ("sentences", "actors", "actor_mentions", "events", "place_mentions", "dates",
                  "claim_mentions", "claims"):
        counts[table] = _scalar(con, f'SELECT count(*) FROM "{table}"') if _has_table(con, table) else 0
    src = source(con)
    ev_range = con.execute(f"SELECT min({src.day}), max({src.day}) {src.from_}").fetchone()
    return _jsonable({
        "documents": row[0], "outlets": row[1], "published_from": row[2], "published_to": row[3],
        "events_from": ev_range[0], "events_to": ev_range[1], "counts": counts,
        "fts": fts_available(con), "event_index": src is INDEXED,
    })


def outlets(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return _dicts(con, "SELECT coalesce(outlet, '(unknown outlet)') AS outlet, count(*) AS documents, "
                       "min(published) AS first, max(published) AS last FROM documents "
                       "GROUP BY 1 ORDER BY documents DESC, outlet")


def facets(con: duckdb.DuckDBPyConnection, top_actors: int = 200) -> dict:
    """Values for the filter menus: event types, outlets, most active actors."""
    types = _dicts(con, "SELECT event_type, count(*) AS n FROM events WHERE event_type IS NOT NULL "
                        "GROUP BY 1 ORDER BY n DESC, event_type")
    outs = _dicts(con, "SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL "
                       "GROUP BY 1 ORDER BY n DESC, outlet")
    actors = top_event_actors(con, EventFilter(), top_actors)
    return {"event_types": types, "outlets": outs, "actors": actors}


def top_event_actors(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int, src: Source | None = None) -> list[dict]:
    src = src or source(con)
    where, params = f.where(src)
    sql = f"""
        WITH p AS (
            SELECT {src.src} AS key, e.actor.name AS name, e.actor.text AS text
            {src.from_} {where}
            UNION ALL
            SELECT {src.tgt}, e.recipient.name, e.recipient.text
            {src.from_} {where})
        SELECT key, coalesce(any_value(name), any_value(text)) AS name, count(*) AS n
        FROM p WHERE key IS NOT NULL GROUP BY key ORDER BY n DESC, key LIMIT ?"""
    return _dicts(con, sql, params + params + [limit])


def key_actors(con: duckdb.DuckDBPyConnection, limit: int = 25) -> list[dict]:
    """Most-mentioned actors (from actor mentions; events when no mentions are stored)."""
    rows = _dicts(con, """
        SELECT coalesce(m.actor_id, m.text) AS key, coalesce(any_value(a.name), any_value(m.text)) AS name,
               any_value(a.type) AS type, any_value(a.country) AS country,
               count(*) AS mentions, count(DISTINCT m.doc_id) AS documents,
               arg_min(m.doc_id, m.doc_id || lpad(m.start::VARCHAR, 9, '0')) AS example_doc,
               arg_min(m.sentence_idx, m.doc_id || lpad(m.start::VARCHAR, 9, '0')) AS example_sentence
        FROM actor_mentions m LEFT JOIN actors a ON a.actor_id = m.actor_id
        GROUP BY 1 ORDER BY mentions DESC, key LIMIT ?""", [limit])
    if not rows:
        rows = [{"key": r["key"], "name": r["name"], "type": None, "country": None,
                 "mentions": r["n"], "documents": None, "example_doc": None, "example_sentence": None}
                for r in top_event_actors(con, EventFilter(), limit)]
    return rows


# -- events -------------------------------------------------------------------------------
def events(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = DEFAULT_PAGE,
           offset: int = 0, with_total: bool = True, src: Source | None = None) -> dict:
    """A page of events (newest first) and the total matching the filter."""
    limit = max(1, min(limit, MAX_PAGE))
    src = src or source(con)
    where, params = f.where(src)
    items = _dicts(con, f"SELECT {src.columns} {src.from_} {where} ORDER BY {src.order} LIMIT ? OFFSET ?",
                   params + [limit, offset])
    total = _scalar(con, f"SELECT count(*) {src.from_} {where}", params) if with_total else None
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict | None:
    rows = _dicts(con, f"SELECT {LIVE.columns} {LIVE.from_} WHERE e.event_id = ? LIMIT 1", [event_id])
    return rows[0] if rows else None


def event_points(con: duckdb.DuckDBPyConnection, f: EventFilter, src: Source | None = None) -> dict:
    """Events with coordinates, grouped on a fine grid: one map marker per group."""
    src = src or source(con)
    where, params = f.where(src, extra="e.location.lat IS NOT NULL AND e.location.lon IS NOT NULL")
    rows = _dicts(con, f"""
        SELECT round(e.location.lat, {GEO_GRID_DECIMALS}) AS lat, round(e.location.lon, {GEO_GRID_DECIMALS}) AS lon,
               any_value(e.location.name) AS name, count(*) AS n,
               arg_max(e.event_id, {src.day}) AS latest_event,
               arg_max(e.event_type, {src.day}) AS latest_type,
               arg_max(e.sentence, {src.day}) AS latest_sentence
        {src.from_} {where}
        GROUP BY 1, 2 ORDER BY n DESC LIMIT ?""", params + [MAX_GEO_POINTS + 1])
    truncated = len(rows) > MAX_GEO_POINTS
    rows = rows[:MAX_GEO_POINTS]
    located = sum(r["n"] for r in rows) if not truncated else _scalar(con, f"SELECT count(*) {src.from_} {where}", params)
    return {"points": rows, "located_events": located, "truncated": truncated}


def place_points(con: duckdb.DuckDBPyConnection, limit: int = MAX_GEO_POINTS) -> list[dict]:
    """Resolved places mentioned in the documents (the ``places`` view)."""
    return _dicts(con, "SELECT geonameid, name, lat, lon, country_code, feature_code, mention_count, "
                       "len(doc_ids) AS documents FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL "
                       "ORDER BY mention_count DESC, geonameid LIMIT ?", [limit])


def timeline(con: duckdb.DuckDBPyConnection, f: EventFilter, bucket: str = "month",
             src: Source | None = None) -> dict:
    """Event counts per bucket (week or month) and event type; dates of ``f`` are ignored so a
    brushed range can be shown in its context."""
    if bucket not in ("week", "month", "year"):
        bucket = "month"
    src = src or source(con)
    where, params = f.where(src, dates=False, extra=f"{src.day} IS NOT NULL")
    rows = _dicts(con, f"""
        SELECT date_trunc('{bucket}', {src.day})::DATE AS bucket, coalesce(e.event_type, '?') AS event_type,
               count(*) AS n
        {src.from_} {where} GROUP BY 1, 2 ORDER BY 1, 2""", params)
    where_u, params_u = f.where(src, dates=False, extra=f"{src.day} IS NULL")
    undated = _scalar(con, f"SELECT count(*) {src.from_} {where_u}", params_u)
    return {"bucket": bucket, "rows": rows, "undated": undated}


def network(con: duckdb.DuckDBPyConnection, f: EventFilter, max_edges: int = MAX_NETWORK_EDGES, src: Source | None = None,
            linked: bool = True) -> dict:
    """Who acts on whom: edges source -> target, weight = events, quad = most frequent quad class.

    ``linked`` (the default) keeps only events whose source and target are both linked to the
    actor base: unlinked participants ("the group", "three", a place coded as a target) crowd
    the drawing with one-edge islands; ``linked=False`` shows them too."""
    src = src or source(con)
    a, r = src.src, src.tgt
    extra = f"{a} IS NOT NULL AND {r} IS NOT NULL"
    if linked:
        extra += " AND e.actor.actor_id IS NOT NULL AND e.recipient.actor_id IS NOT NULL"
    where, params = f.where(src, extra=extra)
    edges = _dicts(con, f"""
        SELECT {a} AS source, {r} AS target, count(*) AS weight, mode(e.quad_class) AS quad_class,
               coalesce(any_value(e.actor.name), any_value(e.actor.text)) AS source_name,
               coalesce(any_value(e.recipient.name), any_value(e.recipient.text)) AS target_name
        {src.from_} {where} GROUP BY 1, 2 ORDER BY weight DESC, source, target LIMIT ?""",
                   params + [max_edges])
    nodes: dict[str, dict] = {}
    for e in edges:
        for key, name in ((e["source"], e.pop("source_name")), (e["target"], e.pop("target_name"))):
            n = nodes.setdefault(key, {"id": key, "name": name or key, "weight": 0})
            n["weight"] += e["weight"]
    _layout(nodes, edges)
    return {"nodes": list(nodes.values()), "edges": edges}


def _layout(nodes: dict[str, dict], edges: list[dict]) -> None:
    """Deterministic layout into x, y in [0, 1]: each connected component gets its own
    spring layout (networkx, fixed seed); the largest fills the left 60 %, the others are
    packed in a grid on the right, so small groups don't squeeze the main one."""
    if not nodes:
        return
    import math

    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    for e in edges:
        if e["source"] != e["target"]:
            w = g.get_edge_data(e["source"], e["target"], {"weight": 0})["weight"] + e["weight"]
            g.add_edge(e["source"], e["target"], weight=w)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    rest = comps[1:]
    cols = max(1, math.ceil(math.sqrt(len(rest)))) if rest else 1
    rows = max(1, math.ceil(len(rest) / cols)) if rest else 1
    main_w = 0.6 if rest else 1.0
    for i, comp in enumerate(comps):
        if i == 0:
            box = (0.0, 0.0, main_w, 1.0)
        else:
            r, c = divmod(i - 1, cols)
            w, h = (1.0 - main_w) / cols, 1.0 / rows
            box = (main_w + c * w, r * h, w, h)
        sub = g.subgraph(comp)
        if len(comp) == 1:
            pos = {comp[0]: (0.5, 0.5)}
        else:
            raw = nx.spring_layout(sub, seed=7, iterations=200, k=1.2 / math.sqrt(len(comp)))
            xs = [p[0] for p in raw.values()]
            ys = [p[1] for p in raw.values()]
            sx, sy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
            pos = {k: ((x - min(xs)) / sx, (y - min(ys)) / sy) for k, (x, y) in raw.items()}
        bx, by, bw, bh = box
        for k, (x, y) in pos.items():
            nodes[k]["x"] = round(float(bx + bw * (0.1 + 0.8 * x)), 4)
            nodes[k]["y"] = round(float(by + bh * (0.1 + 0.8 * y)), 4)


# -- actors -------------------------------------------------------------------------------
def actor(con: duckdb.DuckDBPyConnection, key: str, limit: int = DEFAULT_PAGE, offset: int = 0) -> dict:
    """An actor's record (aliases), its mentions with their sentences, and its events."""
    limit = max(1, min(limit, MAX_PAGE))
    info = _dicts(con, "SELECT * FROM actors WHERE actor_id = ?", [key])
    mentions = _dicts(con, """
        SELECT m.doc_id, m.sentence_idx, m.start, m."end", m.text, m.method, m.confidence,
               s.text AS sentence, s.start AS sentence_start, d.outlet, d.title
        FROM actor_mentions m
        LEFT JOIN sentences s ON s.doc_id = m.doc_id AND s.idx = m.sentence_idx
        LEFT JOIN documents d ON d.doc_id = m.doc_id
        WHERE m.actor_id = ? OR (m.actor_id IS NULL AND m.text = ?)
        ORDER BY m.doc_id, m.start LIMIT ? OFFSET ?""", [key, key, limit, offset])
    n_mentions = _scalar(con, "SELECT count(*) FROM actor_mentions WHERE actor_id = ? OR (actor_id IS NULL AND text = ?)",
                         [key, key])
    texts = _dicts(con, "SELECT text, count(*) AS n FROM actor_mentions WHERE actor_id = ? "
                        "GROUP BY 1 ORDER BY n DESC, text LIMIT 50", [key])
    evs = events(con, EventFilter(actor=key), limit=limit, offset=0)
    return {"key": key, "actor": info[0] if info else None, "mention_texts": texts,
            "mentions": {"total": n_mentions, "items": mentions, "limit": limit, "offset": offset},
            "events": evs}


# -- claims -------------------------------------------------------------------------------
CLAIM_KEY = "coalesce(c.claim_id, c.mention_id)"


def claim_matrix(con: duckdb.DuckDBPyConnection, by: str = "outlet") -> dict:
    """Claims x outlets (or documents): per cell the mentions and their stances."""
    col = "coalesce(d.outlet, '(unknown outlet)')" if by == "outlet" else "c.doc_id"
    cols = _dicts(con, f"""
        SELECT {col} AS col, count(*) AS n, any_value(d.title) AS title
        FROM claim_mentions c LEFT JOIN documents d ON d.doc_id = c.doc_id
        GROUP BY 1 ORDER BY n DESC, col LIMIT ?""", [MAX_CLAIM_COLS])
    rows = _dicts(con, f"""
        SELECT {CLAIM_KEY} AS claim_id, coalesce(any_value(k.label), any_value(c.text)) AS label,
               count(*) AS n, count(DISTINCT c.doc_id) AS documents, any_value(c.claim_type) AS claim_type
        FROM claim_mentions c LEFT JOIN claims k ON k.claim_id = c.claim_id
        GROUP BY 1 ORDER BY n DESC, documents DESC, claim_id LIMIT ?""", [MAX_CLAIM_ROWS])
    cells = _dicts(con, f"""
        SELECT {CLAIM_KEY} AS claim_id, {col} AS col, count(*) AS n,
               count(*) FILTER (WHERE c.stance = 'support') AS support,
               count(*) FILTER (WHERE c.stance = 'oppose') AS oppose,
               count(*) FILTER (WHERE c.stance IS NULL OR c.stance NOT IN ('support', 'oppose')) AS neutral
        FROM claim_mentions c LEFT JOIN documents d ON d.doc_id = c.doc_id
        GROUP BY 1, 2""")
    keep_rows = {r["claim_id"] for r in rows}
    keep_cols = {c["col"] for c in cols}
    for c in cells:
        c["stance"] = _dominant(c)
    cells = [c for c in cells if c["claim_id"] in keep_rows and c["col"] in keep_cols]
    return {"by": by, "columns": cols, "rows": rows, "cells": cells}


def _dominant(c: dict) -> str:
    if c["support"] and c["oppose"]:
        return "mixed" if c["support"] == c["oppose"] else ("support" if c["support"] > c["oppose"] else "oppose")
    if c["support"]:
        return "support"
    if c["oppose"]:
        return "oppose"
    return "neutral"


def claim_mentions(con: duckdb.DuckDBPyConnection, claim_id: str, by: str = "outlet",
                   col: str | None = None, limit: int = DEFAULT_PAGE, offset: int = 0) -> dict:
    """The sentences behind one claim (optionally one matrix cell)."""
    limit = max(1, min(limit, MAX_PAGE))
    colexpr = "coalesce(d.outlet, '(unknown outlet)')" if by == "outlet" else "c.doc_id"
    where = f"{CLAIM_KEY} = ?"
    params: list[Any] = [claim_id]
    if col is not None:
        where += f" AND {colexpr} = ?"
        params.append(col)
    items = _dicts(con, f"""
        SELECT c.mention_id, c.doc_id, c.sentence_idx, c.start, c."end", c.text, c.claim_type, c.speaker,
               c.stance, c.confidence, d.outlet, d.title, d.published,
               s.text AS sentence, s.start AS sentence_start
        FROM claim_mentions c LEFT JOIN documents d ON d.doc_id = c.doc_id
        LEFT JOIN sentences s ON s.doc_id = c.doc_id AND s.idx = c.sentence_idx
        WHERE {where} ORDER BY d.published NULLS LAST, c.doc_id, c.start LIMIT ? OFFSET ?""",
                   params + [limit, offset])
    label = _scalar(con, "SELECT label FROM claims WHERE claim_id = ?", [claim_id])
    total = _scalar(con, f"SELECT count(*) FROM claim_mentions c LEFT JOIN documents d ON d.doc_id = c.doc_id "
                         f"WHERE {where}", params)
    return {"claim_id": claim_id, "label": label, "total": total, "limit": limit, "offset": offset, "items": items}


# -- documents ----------------------------------------------------------------------------
def fts_available(con: duckdb.DuckDBPyConnection) -> bool:
    return _has_table(con, "docs", schema="fts_main_documents")


def documents(con: duckdb.DuckDBPyConnection, q: str | None = None, outlet: str | None = None,
              limit: int = DEFAULT_PAGE, offset: int = 0) -> dict:
    """Documents, newest first; with ``q``, ranked by BM25 full-text search (ILIKE when the store
    has no full-text index)."""
    limit = max(1, min(limit, MAX_PAGE))
    cols = "d.doc_id, d.title, d.outlet, d.author, d.published, d.url, d.language, d.n_chars, d.flags"
    params: list[Any] = []
    where = []
    if outlet:
        where.append("d.outlet = ?")
        params.append(outlet)
    mode = "all"
    if q and q.strip():
        if fts_available(con):
            mode = "bm25"
            base = (f"SELECT {cols}, s.score FROM (SELECT doc_id, fts_main_documents.match_bm25(doc_id, ?) AS score "
                    f"FROM documents) s JOIN documents d ON d.doc_id = s.doc_id WHERE s.score IS NOT NULL")
            params.insert(0, q)
            order = "s.score DESC, d.doc_id"
        else:
            mode = "substring"
            base = f"SELECT {cols}, NULL AS score FROM documents d WHERE (d.text ILIKE ? OR d.title ILIKE ?)"
            like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params = [like, like] + params
            base = base.replace("ILIKE ?", "ILIKE ? ESCAPE '\\'")
            order = "d.published DESC NULLS LAST, d.doc_id"
        sql = base + "".join(f" AND {w}" for w in where)
    else:
        sql = f"SELECT {cols}, NULL AS score FROM documents d" + (" WHERE " + " AND ".join(where) if where else "")
        order = "d.published DESC NULLS LAST, d.doc_id"
    total = _scalar(con, f"SELECT count(*) FROM ({sql})", params)
    items = _dicts(con, f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", params + [limit, offset])
    return {"total": total, "limit": limit, "offset": offset, "search": mode, "items": items}


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict | None:
    """A document's stored text and every extracted span on it, from the stored offsets."""
    rows = _dicts(con, "SELECT doc_id, title, author, outlet, published, url, language, flags, text, n_chars "
                       "FROM documents WHERE doc_id = ?", [doc_id])
    if not rows:
        return None
    doc = rows[0]
    spans: list[dict] = []
    spans += _dicts(con, """SELECT 'actor' AS kind, start, "end", coalesce(actor_id, text) AS ref,
                                   coalesce(label, '') || CASE WHEN actor_id IS NULL THEN ' (unlinked)' ELSE ' ' || actor_id END AS label
                            FROM actor_mentions WHERE doc_id = ?""", [doc_id])
    spans += _dicts(con, """SELECT 'place' AS kind, start, "end", geonameid::VARCHAR AS ref,
                                   coalesce(name, text) || coalesce(' (' || country_code || ')', '') AS label
                            FROM place_mentions WHERE doc_id = ?""", [doc_id])
    spans += _dicts(con, """SELECT 'date' AS kind, start, "end", NULL AS ref,
                                   coalesce(start_date::VARCHAR, 'unresolved') || coalesce(' .. ' || end_date::VARCHAR, '') AS label
                            FROM dates WHERE doc_id = ?""", [doc_id])
    spans += _dicts(con, """SELECT 'event' AS kind, e.trigger.start AS start, e.trigger."end" AS "end",
                                   e.event_id AS ref, coalesce(e.event_type, '') || coalesce(' ' || e.cameo_code, '') AS label
                            FROM events e WHERE e.doc_id = ? AND e.trigger.start IS NOT NULL""", [doc_id])
    spans += _dicts(con, """SELECT 'claim' AS kind, start, "end", coalesce(claim_id, mention_id) AS ref,
                                   coalesce(claim_type, 'claim') || coalesce(' / ' || stance, '') AS label
                            FROM claim_mentions WHERE doc_id = ?""", [doc_id])
    n = len(doc["text"] or "")
    doc["spans"] = sorted((s for s in spans if s["start"] is not None and s["end"] is not None
                           and 0 <= s["start"] < s["end"] <= n), key=lambda s: (s["start"], -s["end"]))
    doc["sentences"] = _dicts(con, 'SELECT idx, start, "end" FROM sentences WHERE doc_id = ? ORDER BY idx', [doc_id])
    return doc

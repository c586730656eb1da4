"""The situation report: one self-contained, printable HTML file (no script, no network request)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb
import jinja2

from ..errors import Errors, ExportError
from ..pipeline import __version__
from ..store import Store
from ..web import queries as Q
from . import svg

LOGGER = logging.getLogger(__name__)

# How much the report lists (it is read, not browsed): the web app shows the rest.
REPORT_EVENTS = 60
REPORT_ACTORS = 20
REPORT_CLAIM_MENTIONS = 8  # sentences quoted per claim
REPORT_ONE_SIDE = 20  # claims reported by one side only, listed
REPORT_ONE_SIDE_QUOTES = 3  # sentences quoted per such claim


@dataclass
class Quote:
    """A quoted sentence in the Sources appendix; items link to it by ``anchor``."""

    anchor: str
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    sentence_idx: int | None
    before: str
    marked: str
    after: str
    start: int
    end: int


@dataclass
class Sources:
    quotes: dict[str, Quote] = field(default_factory=dict)

    def cite(self, con: duckdb.DuckDBPyConnection, doc_id: str, start: int | None, end: int | None) -> str:
        """Anchor of the sentence around [start, end) of ``doc_id`` (added once), '' if unknown."""
        if doc_id is None or start is None or end is None or start < 0:
            return ""
        row = con.execute(
            'SELECT s.idx, s.start, s."end", d.text, d.title, d.outlet, d.published FROM documents d '
            'LEFT JOIN sentences s ON s.doc_id = d.doc_id AND s.start <= ? AND ? <= s."end" '
            "WHERE d.doc_id = ? ORDER BY s.idx LIMIT 1", [start, start, doc_id]).fetchone()
        if row is None:
            return ""
        idx, s0, s1, text, title, outlet, published = row
        text = text or ""
        s0 = s0 if s0 is not None else max(0, start - 200)
        s1 = max(s1 if s1 is not None else min(len(text), end + 200), end)
        anchor = f"q-{doc_id}-{start}-{end}"
        if anchor not in self.quotes:
            self.quotes[anchor] = Quote(anchor, doc_id, title, outlet, published.isoformat() if published else None,
                                        idx, text[s0:start], text[start:end], text[end:s1], start, end)
        return anchor


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: resources.files("conflictlens.report").joinpath(name).read_text(encoding="utf-8")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _one_side(con: duckdb.DuckDBPyConnection, sources: "Sources", outlet_table: list | None) -> list[dict]:
    """Claims reported by outlets of one side only (claims.corpus.one_side), sides from the outlet
    alignment table (``outlet_table``, else the packaged one), each with a few cited sentences."""
    from types import SimpleNamespace

    from ..analytics.tables import load_outlets
    from ..claims.corpus import claim_rows, one_side, with_sides

    reader = SimpleNamespace(query_dicts=lambda sql, params=None: Q._dicts(con, sql, params or []))
    claims = with_sides(claim_rows(reader, min_documents=2),
                        outlet_table if outlet_table is not None else load_outlets())
    out = []
    for c, side in one_side(claims)[:REPORT_ONE_SIDE]:
        quotes = [{**m, "anchor": sources.cite(con, m["doc_id"], m["start"], m["end"])}
                  for m in c.members[:REPORT_ONE_SIDE_QUOTES]]
        out.append({"label": c.label, "side": side, "outlets": sorted({m["outlet"] for m in c.members}),
                    "n": len(c.members), "quotes": quotes})
    return out


def build_report(con: duckdb.DuckDBPyConnection, title: str = "Situation report",
                 outlet_table: list | None = None) -> str:
    """Render the report of the store behind ``con`` (read-only queries only). ``outlet_table``: the
    outlet alignment table giving each outlet's side (analytics.tables.load_outlets; default:
    the packaged table)."""
    sources = Sources()
    summary = Q.summary(con)
    outlets = Q.outlets(con)
    actors = Q.key_actors(con, REPORT_ACTORS)
    for a in actors:
        a["anchor"] = ""
        if a.get("example_doc"):
            row = con.execute('SELECT start, "end" FROM actor_mentions WHERE doc_id = ? AND coalesce(actor_id, text) = ? '
                              "ORDER BY start LIMIT 1", [a["example_doc"], a["key"]]).fetchone()
            if row:
                a["anchor"] = sources.cite(con, a["example_doc"], row[0], row[1])
    ev = Q.events(con, Q.EventFilter(), limit=REPORT_EVENTS)
    for e in ev["items"]:
        trig = e.get("trigger") or {}
        start = trig.get("start") if trig.get("start") is not None else e.get("sentence_start")
        end = trig.get("end") if trig.get("end") is not None else e.get("sentence_end")
        e["anchor"] = sources.cite(con, e["doc_id"], start, end)
    types = Q.facets(con, top_actors=0)["event_types"]
    chart = svg.month_bars(Q.timeline(con, Q.EventFilter(), "month")["rows"])

    # map: event positions, then places mentioned
    geo = Q.event_points(con, Q.EventFilter())
    markers = []
    for p in geo["points"]:
        e = Q.event(con, p["latest_event"]) if p.get("latest_event") else None
        href = ""
        if e:
            t = e.get("trigger") or {}
            href = sources.cite(con, e["doc_id"], t.get("start", e["sentence_start"]), t.get("end", e["sentence_end"]))
        markers.append(svg.MapMarker(p["lat"], p["lon"], p["n"], f"{p['name'] or ''}: {p['n']} events", href))
    places = Q.place_points(con, 300)
    place_markers = [svg.MapMarker(p["lat"], p["lon"], p["mention_count"],
                                   f"{p['name']}: {p['mention_count']} mentions", "", "place") for p in places]
    proj = svg.Projection.fit(markers or place_markers)
    rings = svg.load_outlines()
    mapdata = {
        "width": proj.width, "height": proj.height, "outlines": svg.outline_paths(proj, rings),
        "markers": [(m, *proj(m.lon, m.lat), svg.marker_radius(m.n)) for m in markers],
        "places": [(m, *proj(m.lon, m.lat)) for m in place_markers],
        "has_outlines": bool(rings), "located": geo["located_events"], "truncated": geo["truncated"],
    }

    # claims: matrix by outlet, then the quoted sentences per claim
    matrix = Q.claim_matrix(con, "outlet")
    cells = {(c["claim_id"], c["col"]): c for c in matrix["cells"]}
    claim_quotes = {}
    for r in matrix["rows"]:
        ms = Q.claim_mentions(con, r["claim_id"], limit=REPORT_CLAIM_MENTIONS)
        for m in ms["items"]:
            m["anchor"] = sources.cite(con, m["doc_id"], m["start"], m["end"])
        claim_quotes[r["claim_id"]] = ms
    one_side = _one_side(con, sources, outlet_table) if matrix["rows"] else []

    return _env().get_template("template.html").render(
        title=title, version=__version__, generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        summary=summary, outlets=outlets, actors=actors, events=ev, types=types, chart=chart, map=mapdata,
        matrix=matrix, cells=cells, claim_quotes=claim_quotes, one_side=one_side, quotes=list(sources.quotes.values()),
        quad_names=Q.QUAD_NAMES)


def write_report(db: str | Path, out: str | Path, title: str = "Situation report",
                 outlet_table: list | None = None) -> Path:
    """Open ``db`` read-only, render the report and write it to ``out`` (E815 if unwritable)."""
    store = Store(db, read_only=True)
    try:
        html = build_report(store.con, title=title, outlet_table=outlet_table)
    finally:
        store.close()
    out = Path(out)
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ExportError(Errors.E815.format(path=out, reason=exc.strerror or exc)) from exc
    LOGGER.info("report written to %s (%d KB)", out, len(html) // 1024)
    return out

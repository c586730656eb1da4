"""FastAPI app over a conflictlens store, read-only: JSON API under /api/ and the front end.

The front end (static/) uses only this API.  Every response carries a Content-Security-Policy
without inline scripts; document text is sent as JSON and rendered as text by the browser
code, never as markup.
"""
from __future__ import annotations

import datetime as dt
import logging
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Iterator

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ..errors import Errors
from ..pipeline import __version__
from ..store import Store
from . import queries as Q
from .fts import load_fts

LOGGER = logging.getLogger(__name__)

STATIC = Path(str(resources.files("conflictlens.web").joinpath("static")))
VENDOR = STATIC / "vendor"

# No inline script or style anywhere; everything from this origin.  'data:' images are the
# only exception (Leaflet/Swagger use tiny data-URI icons).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Longest accepted free-text parameter (search query, ids): requests beyond it get 422.
MAX_PARAM_CHARS = 200
MAX_OFFSET = 10_000_000

Limit = Annotated[int, Query(ge=1, le=Q.MAX_PAGE, description=f"page size (at most {Q.MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Text = Annotated[str | None, Query(max_length=MAX_PARAM_CHARS)]


def event_filter(
    actor: Text = None,
    event_type: Text = None,
    date_from: Annotated[dt.date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    date_to: Annotated[dt.date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    outlet: Text = None,
    doc_id: Text = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
) -> Q.EventFilter:
    """Filters shared by every event endpoint (empty strings mean 'no filter')."""
    return Q.EventFilter(actor=actor or None, event_type=event_type or None, date_from=date_from,
                         date_to=date_to, outlet=outlet or None, doc_id=doc_id or None,
                         quad_class=quad_class)


Filters = Annotated[Q.EventFilter, Depends(event_filter)]


def cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """One cursor per request over the app's read-only connection (cursors are thread-safe)."""
    cur = request.app.state.store.con.cursor()
    try:
        yield cur
    finally:
        cur.close()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]


def create_app(db: str | Path) -> FastAPI:
    """The app over the store at ``db``, opened read-only (E703/E704 if it is not a store)."""
    store = Store(db, read_only=True)
    fts = load_fts(store.con)
    if not (VENDOR / "leaflet" / "leaflet.js").exists():
        LOGGER.warning(Errors.E814.format(path=VENDOR))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        store.close()

    app = FastAPI(
        title="conflictlens",
        version=__version__,
        description="Read-only API over a conflictlens store: documents, events, actors, places, "
        "claims, each with its provenance (doc_id, sentence, character offsets).",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan,
    )
    app.state.store = store
    app.state.fts = fts
    # The store is read-only while the app runs, so which event source is current never changes.
    src = Q.source(store.con)
    if src is not Q.INDEXED:
        LOGGER.info("web_events is missing or stale: event queries join events and documents "
                    "(re-run 'conflictlens analyze' to build it)")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    # -- API ---------------------------------------------------------------------------
    @app.get("/api/summary", tags=["corpus"])
    def api_summary(con: Con) -> dict:
        """Documents, outlets, date ranges, rows per table, whether full-text search is on."""
        out = Q.summary(con)
        out["db"] = Path(store.path).name
        return out

    @app.get("/api/outlets", tags=["corpus"])
    def api_outlets(con: Con) -> list[dict]:
        """Outlets with their number of documents and date range."""
        return Q.outlets(con)

    @app.get("/api/facets", tags=["corpus"])
    def api_facets(con: Con) -> dict:
        """Values for the filter menus: event types, outlets, most active actors."""
        return Q.facets(con)

    @app.get("/api/events", tags=["events"])
    def api_events(con: Con, f: Filters, limit: Limit = Q.DEFAULT_PAGE, offset: Offset = 0) -> dict:
        """A page of events matching the filters (newest first) with the total count."""
        return Q.events(con, f, limit=limit, offset=offset, src=src)

    @app.get("/api/events/geo", tags=["events"])
    def api_events_geo(con: Con, f: Filters) -> dict:
        """Located events grouped by position (one marker per group) for the map."""
        return Q.event_points(con, f, src=src)

    @app.get("/api/events/timeline", tags=["events"])
    def api_timeline(con: Con, f: Filters,
                     bucket: Annotated[str, Query(pattern="^(week|month|year)$")] = "month") -> dict:
        """Events per week/month/year and type (the date filters are not applied here)."""
        return Q.timeline(con, f, bucket, src=src)

    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(con: Con, event_id: str) -> dict:
        """One event with its sentence and offsets."""
        ev = Q.event(con, event_id[:MAX_PARAM_CHARS])
        if ev is None:
            raise HTTPException(404, "no such event")
        return ev

    @app.get("/api/network", tags=["actors"])
    def api_network(con: Con, f: Filters, linked: bool = True) -> dict:
        """Who acts on whom: nodes (actors) and edges (weight = events, quad_class = most frequent).
        linked=false also draws participants not linked to the actor base ("the group", "three")."""
        return Q.network(con, f, src=src, linked=linked)

    @app.get("/api/actors", tags=["actors"])
    def api_actors(con: Con, limit: Limit = 25) -> list[dict]:
        """Most-mentioned actors."""
        return Q.key_actors(con, limit)

    @app.get("/api/actors/{key}", tags=["actors"])
    def api_actor(con: Con, key: str, limit: Limit = Q.DEFAULT_PAGE, offset: Offset = 0) -> dict:
        """An actor's aliases, mentions (with sentences) and events."""
        return Q.actor(con, key[:MAX_PARAM_CHARS], limit=limit, offset=offset)

    @app.get("/api/places", tags=["places"])
    def api_places(con: Con, limit: Annotated[int, Query(ge=1, le=Q.MAX_GEO_POINTS)] = Q.MAX_GEO_POINTS) -> list[dict]:
        """Resolved places mentioned in the documents, most mentioned first."""
        return Q.place_points(con, limit)

    @app.get("/api/claims", tags=["claims"])
    def api_claims(con: Con, by: Annotated[str, Query(pattern="^(outlet|document)$")] = "outlet") -> dict:
        """The claim matrix: claims x outlets (or documents), cells with stance counts."""
        return Q.claim_matrix(con, by)

    @app.get("/api/claims/{claim_id}/mentions", tags=["claims"])
    def api_claim_mentions(con: Con, claim_id: str,
                           by: Annotated[str, Query(pattern="^(outlet|document)$")] = "outlet",
                           col: Text = None, limit: Limit = Q.DEFAULT_PAGE, offset: Offset = 0) -> dict:
        """The sentences behind a claim, optionally one matrix cell (col = outlet or doc_id)."""
        return Q.claim_mentions(con, claim_id[:MAX_PARAM_CHARS], by=by, col=col, limit=limit, offset=offset)

    @app.get("/api/documents", tags=["documents"])
    def api_documents(con: Con, q: Text = None, outlet: Text = None,
                      limit: Limit = Q.DEFAULT_PAGE, offset: Offset = 0) -> dict:
        """Documents; with q, full-text search (BM25 over title and text)."""
        return Q.documents(con, q=q, outlet=outlet, limit=limit, offset=offset)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(con: Con, doc_id: str) -> dict:
        """A document's stored text and every extracted span (actor, place, date, event, claim)."""
        doc = Q.document(con, doc_id[:MAX_PARAM_CHARS])
        if doc is None:
            raise HTTPException(404, "no such document")
        return doc

    @app.exception_handler(duckdb.Error)
    async def duckdb_error(request: Request, exc: duckdb.Error):
        LOGGER.error("query failed on %s: %s", request.url.path, exc)
        return JSONResponse({"detail": "query failed; see the server log"}, status_code=500)

    # -- pages -------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        return FileResponse(STATIC / "apidocs.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app

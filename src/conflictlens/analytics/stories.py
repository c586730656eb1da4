"""Story events: the same real-world event reported by several documents, with corroboration.

Two event records match when (all in SQL, see ``PAIRS_SQL``):
  * same PLOVER type and the same actor and recipient (linked id, else lower-cased name;
    a missing recipient matches only a missing recipient);
  * places within ``analytics.radius_km`` (coordinates), else the same GeoNames id, else
    the same place name; a country-level place counts as unknown; an unknown place matches
    only an unknown place unless ``analytics.match_unknown_place``;
  * date ranges (event date, else the document's publication date) overlapping within
    ``analytics.date_tolerance_days``; an unknown date matches only an unknown date; an
    event dated more vaguely than ``analytics.max_date_span_days`` ("in 2016") joins no
    other: overlapping years say nothing about being the same event;
  * neither is negated or hypothetical (those did not happen, as reported).
Story events are the connected components of the match graph (SciPy), cut into windows of
the band width (tolerance + ``max_date_span_days``) from each component's first start date:
matching is transitive, so daily reports of the same dyad at the same place chain into one
component over years (100k synthetic documents: a 6,558-event "story" spanning 2010-2015);
one real event is not reported over years.
Each gets its outlets (``documents.outlet`` matched to the outlet table), their alignments
and sides; ``opposite_sides`` is true when pro-government AND anti-government outlets report it.
"""
from __future__ import annotations

import logging

import numpy as np
import pyarrow as pa

from ..config import Settings
from ..store import Store
from .tables import Outlet, outlet_keys_table, outlets_for

LOGGER = logging.getLogger(__name__)

VERSION = "2"
EARTH_RADIUS_KM = 6371.0

BASE_SQL = """
SELECT e.rowid AS rid, e.event_id, e.doc_id,
       upper(e.event_type) AS event_type, e.mode, e.quad_class,
       coalesce(e.actor.actor_id, {unlinked}(coalesce(e.actor.name, e.actor.text))) AS akey,
       coalesce(e.recipient.actor_id, {unlinked}(coalesce(e.recipient.name, e.recipient.text))) AS rkey,
       e.actor.actor_id AS actor_id, coalesce(e.actor.name, e.actor.text) AS actor_name,
       e.recipient.actor_id AS recipient_id, coalesce(e.recipient.name, e.recipient.text) AS recipient_name,
       CASE WHEN e.location.precision = 'country' THEN NULL ELSE e.location.name END AS pname,
       CASE WHEN e.location.precision = 'country' THEN NULL ELSE lower(trim(e.location.name)) END AS pkey,
       CASE WHEN e.location.precision = 'country' THEN NULL ELSE e.location.geonameid END AS gid,
       CASE WHEN e.location.precision = 'country' THEN NULL ELSE e.location.lat END AS lat,
       CASE WHEN e.location.precision = 'country' THEN NULL ELSE e.location.lon END AS lon,
       coalesce(e.date.start, d.published) AS ds,
       coalesce(e.date."end", e.date.start, d.published) AS de,
       coalesce(e.date."end" - e.date.start > {max_span}, false) AS vague,
       e.intensity, e.goldstein, e.fatalities,
       coalesce(k.outlet, o_raw.outlet_norm) AS outlet,
       coalesce(t.alignment, CASE WHEN o_raw.outlet_norm IS NOT NULL THEN 'unknown' END) AS alignment,
       t.side
FROM events e
LEFT JOIN documents d ON d.doc_id = e.doc_id
LEFT JOIN (SELECT doc_id,
                  nullif(trim(both '/' FROM regexp_replace(lower(trim(outlet)), '^(https?://)?(www\\.)?', '')), '') AS outlet_norm
           FROM documents) o_raw ON o_raw.doc_id = e.doc_id
LEFT JOIN _cl_outlet_keys k ON k.key = o_raw.outlet_norm
LEFT JOIN outlets t ON t.outlet = k.outlet
WHERE NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)
"""

# Key of an unlinked participant: lower case without a leading count, so "at least 18
# civilians" and "18 civilians" (the same victims, differently counted) match.
UNLINKED_KEY_SQL = """
CREATE OR REPLACE TEMP MACRO _cl_unlinked(t) AS nullif(trim(regexp_replace(lower(trim(t)),
    '^((at least|more than|over|about|around|nearly|some|up to|dozens of|hundreds of|scores of)\\s+)?[0-9][0-9,.]*\\s+',
    '')), '')
"""

# Date band of an event: its start day divided by DATE_BAND_SQL's width, tolerance + the
# longest span a non-vague event may have. Two events can match only when their start days
# are at most that width apart (a.ds - tol <= b.de <= b.ds + max_span, and the mirror), so
# only events of the same or a neighbouring band are compared: the join is a hash join on
# (type, actor, recipient, band) instead of all pairs of a dyad, which on corpora with large
# dyads (synthetic: 16 actors, 13 verbs) grew quadratically with the corpus. Same pairs.
# An unknown date gets a band of its own, far from any date's and its neighbours' (so it
# matches only unknown dates, as before).
DATE_BAND_SQL = ("CASE WHEN ds IS NULL THEN -4611686018427387904 "
                 "ELSE floor(date_diff('day', DATE '1970-01-01', ds) / {width})::BIGINT END")

PAIRS_SQL = """
WITH s AS (
  SELECT rid, event_type, coalesce(akey, '~none~') AS ak, coalesce(rkey, '~none~') AS rk,
         akey, rkey, gid, lat, lon, pkey, ds, de, {band} AS band
  FROM _cl_se WHERE NOT vague
), x AS (  -- each event once per band it may match: its own and both neighbours
  SELECT s.*, s.band + o.k AS nband FROM s CROSS JOIN (VALUES (-1), (0), (1)) o(k)
)
SELECT a.rid AS src, b.rid AS dst
FROM x a JOIN s b
  ON a.event_type = b.event_type AND a.ak = b.ak AND a.rk = b.rk AND a.nband = b.band
 AND a.rid < b.rid
WHERE (a.akey IS NOT NULL OR a.rkey IS NOT NULL OR a.gid IS NOT NULL OR a.lat IS NOT NULL OR a.pkey IS NOT NULL)
  AND CASE
        WHEN a.lat IS NOT NULL AND b.lat IS NOT NULL THEN
             2 * {earth} * asin(sqrt(
                 pow(sin(radians(b.lat - a.lat) / 2), 2)
                 + cos(radians(a.lat)) * cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2)
             )) <= {radius}
        WHEN a.gid IS NOT NULL AND b.gid IS NOT NULL THEN a.gid = b.gid
        WHEN a.pkey IS NOT NULL AND b.pkey IS NOT NULL THEN a.pkey = b.pkey
        WHEN a.pkey IS NULL AND b.pkey IS NULL AND a.gid IS NULL AND b.gid IS NULL
             AND a.lat IS NULL AND b.lat IS NULL THEN true
        ELSE {unknown_place}
      END
  AND CASE
        WHEN a.ds IS NOT NULL AND b.ds IS NOT NULL THEN
             a.ds - {tol} <= b.de AND b.ds - {tol} <= a.de
        ELSE a.ds IS NULL AND b.ds IS NULL
      END
"""

STORIES_SQL = """
SELECT 'se_' || substr(md5(min(event_id)), 1, 12) AS story_id,
       any_value(event_type) AS event_type, mode(mode) AS mode, mode(quad_class) AS quad_class,
       any_value(actor_id) AS actor_id, mode(actor_name) AS actor_name,
       any_value(recipient_id) AS recipient_id, mode(recipient_name) AS recipient_name,
       mode(pname) AS place_name, mode(gid) AS geonameid, avg(lat) AS lat, avg(lon) AS lon,
       min(ds) AS date_start, max(de) AS date_end,
       count(*)::INTEGER AS n_events, count(DISTINCT doc_id)::INTEGER AS n_documents,
       count(DISTINCT outlet)::INTEGER AS n_outlets,
       list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets,
       list(DISTINCT alignment ORDER BY alignment) FILTER (WHERE alignment IS NOT NULL) AS alignments,
       list(DISTINCT side ORDER BY side) FILTER (WHERE side IS NOT NULL) AS sides,
       bool_or(side = 'pro_government') IS TRUE AND bool_or(side = 'anti_government') IS TRUE AS opposite_sides,
       avg(intensity) AS mean_intensity, avg(goldstein) AS mean_goldstein,
       min(fatalities)::INTEGER AS fatalities_min, max(fatalities)::INTEGER AS fatalities_max,
       list(event_id ORDER BY event_id) AS event_ids,
       list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
       lab
FROM _cl_se JOIN _cl_lab USING (rid)
WHERE lab % {parts} = {part}
GROUP BY lab
"""
# Events aggregated into story rows per query: DuckDB cannot spill the holistic aggregates
# of STORIES_SQL (mode, ordered and distinct lists), so above this many events the stories
# are built in parts of whole stories (lab modulo the number of parts). 100k synthetic
# documents (581,035 events) ran out of memory in one query at the 512MB corpus limit.
# Smaller parts hold fewer aggregate states at once: the stage alone on that store at 512MB,
# RSS rise over its start 1,032 MB (100,000) -> 770 (50,000) -> 721 MB (25,000), 39-41 s each,
# the same story events (hash of ids, sizes and members). FA-KES (~5k events) is one part.
# Re-run bench/scale.py rss --rss-phase corpus if changed.
STORY_PART_EVENTS = 25_000


def _write_outlets(store: Store, outlets: list[Outlet]) -> None:
    con = store.con
    con.execute("DELETE FROM outlets")
    if outlets:
        store.insert_rows("outlets", [
            {"outlet": o.outlet, "aliases": list(o.aliases), "name": o.name, "alignment": o.alignment,
             "side": o.side, "country": o.country, "notes": o.notes} for o in outlets])
    keys = outlet_keys_table(outlets)  # noqa: F841 - referenced by name in SQL
    con.execute("CREATE OR REPLACE TEMP TABLE _cl_outlet_keys AS SELECT DISTINCT ON (key) key, outlet FROM keys")


def _components(store: Store, window_days: int) -> int:
    """Story labels -> _cl_lab(rid, lab): connected components of _cl_pairs over the _cl_se
    rows, each cut into ``window_days`` windows from its earliest start date (an unknown
    date is window 0). ``lab`` is the smallest rid of the piece. Returns the components.

    SciPy's connected_components is exact whatever the component's diameter (the SQL label
    propagation it replaced needed one round per step of diameter and stopped at 200 on
    100k synthetic documents, 117 s) and holds only the pairs (1.0M pairs at 581k events:
    ~16 MB as two integer arrays)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    con = store.con
    rid = np.asarray(con.execute("SELECT rid FROM _cl_se ORDER BY rid").fetchnumpy()["rid"], dtype=np.int64)
    pairs = con.execute("SELECT src, dst FROM _cl_pairs").fetchnumpy()
    src = np.searchsorted(rid, np.asarray(pairs["src"], dtype=np.int64))
    dst = np.searchsorted(rid, np.asarray(pairs["dst"], dtype=np.int64))
    del pairs
    n = len(rid)
    graph = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    n_comp, comp = connected_components(graph, directed=False) if n else (0, np.zeros(0, dtype=np.int32))
    del graph, src, dst
    first = np.full(n_comp, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, comp, rid)
    comps = pa.table({"rid": rid, "comp": first[comp]})  # noqa: F841 - used in SQL below
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cl_lab AS
        SELECT rid, min(rid) OVER (PARTITION BY comp, piece) AS lab FROM (
            SELECT c.rid, c.comp,
                   coalesce(floor(date_diff('day', min(s.ds) OVER (PARTITION BY c.comp), s.ds)
                                  / {int(window_days)})::BIGINT, 0) AS piece
            FROM comps c JOIN _cl_se s USING (rid))""")
    return int(n_comp)


def build_story_events(store: Store, settings: Settings, outlets: list[Outlet] | None = None) -> int:
    """Recompute outlets, story_events and story_event_members from the stored events."""
    con = store.con
    cfg = settings["analytics"]
    outlets = outlets if outlets is not None else outlets_for(settings)
    con.execute("BEGIN TRANSACTION")
    try:
        _write_outlets(store, outlets)
        con.execute(UNLINKED_KEY_SQL)
        con.execute("CREATE OR REPLACE TEMP TABLE _cl_se AS "
                    + BASE_SQL.replace("{max_span}", str(int(cfg["max_date_span_days"])))
                              .replace("{unlinked}", "_cl_unlinked"))
        tol = int(cfg["date_tolerance_days"])
        width = max(1, tol + int(cfg["max_date_span_days"]))
        con.execute("CREATE OR REPLACE TEMP TABLE _cl_pairs AS " + PAIRS_SQL.format(
            band=DATE_BAND_SQL.format(width=width), earth=EARTH_RADIUS_KM, radius=float(cfg["radius_km"]),
            tol=tol, unknown_place="true" if cfg["match_unknown_place"] else "false"))
        components = _components(store, width)
        n_events = con.execute("SELECT count(*) FROM _cl_se").fetchone()[0]
        parts = max(1, -(-n_events // STORY_PART_EVENTS))
        con.execute("CREATE OR REPLACE TEMP TABLE _cl_stories AS " + STORIES_SQL.format(parts=parts, part=0))
        for part in range(1, parts):
            con.execute("INSERT INTO _cl_stories " + STORIES_SQL.format(parts=parts, part=part))
        con.execute("DELETE FROM story_events")
        con.execute("DELETE FROM story_event_members")
        con.execute("""
            INSERT INTO story_events BY NAME
            SELECT * EXCLUDE (lab),
                   CASE WHEN n_outlets >= 2 AND opposite_sides THEN 'corroborated_opposite'
                        WHEN n_outlets >= 2 THEN 'corroborated' ELSE 'single_source' END AS corroboration
            FROM _cl_stories""")
        con.execute("""
            INSERT INTO story_event_members BY NAME
            SELECT s.story_id, e.event_id, e.doc_id, e.outlet, e.alignment, e.side
            FROM _cl_se e JOIN _cl_lab l USING (rid) JOIN _cl_stories s ON s.lab = l.lab""")
        n = con.execute("SELECT count(*) FROM story_events").fetchone()[0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for t in ("_cl_se", "_cl_pairs", "_cl_lab", "_cl_stories", "_cl_outlet_keys"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        con.execute("DROP MACRO IF EXISTS _cl_unlinked")
    LOGGER.info("story events: %d (%d connected components before the time windows)", n, components)
    return n


def corroboration_summary(store: Store) -> dict:
    """Counts of story events by corroboration level, and of events/documents behind them."""
    row = store.con.execute("""
        SELECT count(*),
               count(*) FILTER (WHERE corroboration = 'single_source'),
               count(*) FILTER (WHERE corroboration IN ('corroborated', 'corroborated_opposite')),
               count(*) FILTER (WHERE corroboration = 'corroborated_opposite'),
               coalesce(sum(n_events), 0), count(*) FILTER (WHERE n_documents >= 2)
        FROM story_events""").fetchone()
    keys = ("story_events", "single_source", "corroborated", "corroborated_opposite", "events", "multi_document")
    return dict(zip(keys, (int(x) for x in row)))


def top_story_events(store: Store, limit: int = 10) -> list[dict]:
    """The most-reported story events (by outlets, then documents, then events)."""
    return store.query_dicts("""
        SELECT story_id, event_type, actor_name, recipient_name, place_name,
               strftime(date_start, '%Y-%m-%d') AS date_start, strftime(date_end, '%Y-%m-%d') AS date_end,
               n_outlets, n_documents, n_events, outlets, sides, corroboration, mean_intensity
        FROM story_events
        ORDER BY n_outlets DESC, n_documents DESC, n_events DESC, story_id
        LIMIT ?""", [limit])


def run(store: Store, settings: Settings) -> None:
    build_story_events(store, settings)

"""Aggregations as DuckDB SQL: dyad x period, place x period, actor x period.

Every query counts events that were reported as happening (not negated, not hypothetical),
dated by the event date, else the document's publication date; undated events are left out
of period tables. Quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal
conflict, 4 material conflict. Results are Arrow tables (``.to_pandas()`` for DataFrames).
"""
from __future__ import annotations

import pyarrow as pa

from ..errors import Errors
from ..store import Store

PERIODS = ("day", "week", "month", "quarter", "year")

# Events with their period and a key per participant (linked id, else the name as written).
# Dated events need no join; only undated ones are joined to their document's publication
# date (a UNION ALL keeps the 1M-event benchmark from paying for a join per event).
_EVENT_COLUMNS = """
       coalesce(e.actor.actor_id, e.actor.name, e.actor.text) AS actor_key,
       coalesce(e.actor.name, e.actor.text) AS actor_name,
       coalesce(e.recipient.actor_id, e.recipient.name, e.recipient.text) AS recipient_key,
       coalesce(e.recipient.name, e.recipient.text) AS recipient_name,
       e.location AS location, e.doc_id, e.quad_class, e.intensity, e.goldstein, e.fatalities"""
_REPORTED = "NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)"
_EVENTS = f"""
SELECT CAST(date_trunc('{{period}}', e.date.start) AS DATE) AS period, {_EVENT_COLUMNS}
FROM events e WHERE e.date.start IS NOT NULL AND {_REPORTED}
UNION ALL
SELECT CAST(date_trunc('{{period}}', d.published) AS DATE) AS period, {_EVENT_COLUMNS}
FROM events e JOIN documents d ON d.doc_id = e.doc_id
WHERE e.date.start IS NULL AND d.published IS NOT NULL AND {_REPORTED}
"""

# Counts and mean intensity per quad class, shared by every aggregation.
_QUAD_COLUMNS = """
       count(*) AS n_events,
       count(*) FILTER (WHERE quad_class = 1) AS n_verbal_coop,
       count(*) FILTER (WHERE quad_class = 2) AS n_material_coop,
       count(*) FILTER (WHERE quad_class = 3) AS n_verbal_conflict,
       count(*) FILTER (WHERE quad_class = 4) AS n_material_conflict,
       round(avg(intensity), 3) AS mean_intensity,
       round(avg(intensity) FILTER (WHERE quad_class = 1), 3) AS mean_intensity_verbal_coop,
       round(avg(intensity) FILTER (WHERE quad_class = 2), 3) AS mean_intensity_material_coop,
       round(avg(intensity) FILTER (WHERE quad_class = 3), 3) AS mean_intensity_verbal_conflict,
       round(avg(intensity) FILTER (WHERE quad_class = 4), 3) AS mean_intensity_material_conflict,
       round(avg(goldstein), 3) AS mean_goldstein
"""


def _check_period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(Errors.E023.format(period=period, options=", ".join(PERIODS)))
    return period


def _tail(order: str, limit: int | None, sort: bool) -> str:
    """ORDER BY only when asked (or with a LIMIT): sorting a million-row result costs more
    than computing it (bench/aggregations.py)."""
    clause = f"\nORDER BY {order}" if sort or limit else ""
    return clause + (f" LIMIT {int(limit)}" if limit else "")


def dyads_sql(period: str = "month", limit: int | None = None, sort: bool = True) -> str:
    """Directed dyad (actor -> recipient) x period. Events without both participants are left out."""
    return f"""
SELECT period, actor_key AS actor, any_value(actor_name) AS actor_name,
       recipient_key AS recipient, any_value(recipient_name) AS recipient_name,
{_QUAD_COLUMNS}
FROM ({_EVENTS.format(period=_check_period(period))}) ev
WHERE period IS NOT NULL AND actor_key IS NOT NULL AND recipient_key IS NOT NULL
GROUP BY period, actor_key, recipient_key{_tail("period, n_events DESC, actor, recipient", limit, sort)}"""


def places_sql(period: str = "month", limit: int | None = None, sort: bool = True) -> str:
    """Place x period: by GeoNames id when resolved, else by the lower-cased place name (``place_key``)."""
    return f"""
SELECT period, location.geonameid AS geonameid,
       CASE WHEN location.geonameid IS NULL THEN lower(location.name) END AS place_key,
       any_value(location.name) AS place_name,
       any_value(location.lat) AS lat, any_value(location.lon) AS lon,
       any_value(location.country_code) AS country_code,
       count(DISTINCT doc_id) AS n_documents, CAST(sum(fatalities) AS BIGINT) AS fatalities_reported,
{_QUAD_COLUMNS}
FROM ({_EVENTS.format(period=_check_period(period))}) ev
WHERE period IS NOT NULL AND (location.geonameid IS NOT NULL OR location.name IS NOT NULL)
GROUP BY period, geonameid, place_key{_tail("period, n_events DESC, place_name", limit, sort)}"""


def actors_sql(period: str = "month", limit: int | None = None, sort: bool = True) -> str:
    """Actor x period: events as actor (initiator) and as recipient (target)."""
    return f"""
WITH ev AS ({_EVENTS.format(period=_check_period(period))}),
roles AS (
    SELECT period, actor_key AS key, actor_name AS name, 'actor' AS role, doc_id, quad_class, intensity, goldstein
    FROM ev WHERE actor_key IS NOT NULL
    UNION ALL
    SELECT period, recipient_key, recipient_name, 'recipient', doc_id, quad_class, intensity, goldstein
    FROM ev WHERE recipient_key IS NOT NULL
)
SELECT period, key AS actor, any_value(name) AS actor_name,
       count(*) FILTER (WHERE role = 'actor') AS n_as_actor,
       count(*) FILTER (WHERE role = 'recipient') AS n_as_recipient,
       count(DISTINCT doc_id) AS n_documents,
{_QUAD_COLUMNS}
FROM roles
WHERE period IS NOT NULL
GROUP BY period, key{_tail("period, n_events DESC, actor", limit, sort)}"""


SQL_BY_KIND = {"dyads": dyads_sql, "places": places_sql, "actors": actors_sql}


def _arrow(store: Store, sql: str) -> pa.Table:
    return store.con.execute(sql).to_arrow_table()


def dyads(store: Store, period: str = "month", limit: int | None = None, sort: bool = True) -> pa.Table:
    return _arrow(store, dyads_sql(period, limit, sort))


def places(store: Store, period: str = "month", limit: int | None = None, sort: bool = True) -> pa.Table:
    return _arrow(store, places_sql(period, limit, sort))


def actors(store: Store, period: str = "month", limit: int | None = None, sort: bool = True) -> pa.Table:
    return _arrow(store, actors_sql(period, limit, sort))


def aggregate(store: Store, kind: str, period: str = "month", limit: int | None = None,
              sort: bool = True) -> pa.Table:
    """``kind`` x period as an Arrow table; ``sort=False`` skips the ORDER BY (period,
    events descending) for large results that are sorted or filtered later anyway."""
    if kind not in SQL_BY_KIND:
        raise ValueError(Errors.E002.format(kind="aggregation", name=kind, options=", ".join(SQL_BY_KIND)))
    return _arrow(store, SQL_BY_KIND[kind](period, limit, sort))

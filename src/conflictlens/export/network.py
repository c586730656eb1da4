"""Actor network export (GraphML, GEXF, node-link JSON) via networkx, for Gephi and notebooks.

Nodes are actors taking part in events (linked id, else the name as written), with type,
country, mentions (actor mentions in the store, else event participations) and event
counts. Directed edges actor -> recipient carry the number of events, counts per quad
class, mean intensity and Goldstein value, and first/last date. Negated and hypothetical
events are left out, as in every aggregation, and so are participants typed ``location``
(a place named as the target, "shelled Aleppo"): places are not actors.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..registry import REGISTRY
from ..store import Store
from .common import output

NODES_SQL = """
WITH ev AS (
    SELECT * REPLACE (
               CASE WHEN actor.type = 'location' THEN NULL ELSE actor END AS actor,
               CASE WHEN recipient.type = 'location' THEN NULL ELSE recipient END AS recipient)
    FROM events WHERE NOT coalesce(negated, false) AND NOT coalesce(hypothetical, false)
), parts AS (
    SELECT coalesce(actor.actor_id, actor.name, actor.text) AS node, actor.actor_id AS actor_id,
           coalesce(actor.name, actor.text) AS name, actor.type AS type, actor.country AS country
    FROM ev WHERE coalesce(actor.actor_id, actor.name, actor.text) IS NOT NULL
    UNION ALL
    SELECT coalesce(recipient.actor_id, recipient.name, recipient.text), recipient.actor_id,
           coalesce(recipient.name, recipient.text), recipient.type, recipient.country
    FROM ev WHERE coalesce(recipient.actor_id, recipient.name, recipient.text) IS NOT NULL
), nodes AS (
    SELECT node, any_value(actor_id) AS actor_id, mode(name) AS name, mode(type) AS type,
           mode(country) AS country, count(*) AS n_events
    FROM parts GROUP BY node
), mentions AS (
    SELECT actor_id, count(*) AS n FROM actor_mentions WHERE actor_id IS NOT NULL GROUP BY actor_id
)
SELECT n.node, coalesce(a.name, n.name) AS label, coalesce(a.type, n.type) AS type,
       coalesce(a.country, n.country) AS country, coalesce(m.n, n.n_events) AS mentions, n.n_events
FROM nodes n
LEFT JOIN actors a ON a.actor_id = n.actor_id
LEFT JOIN mentions m ON m.actor_id = n.actor_id
ORDER BY n.node
"""

EDGES_SQL = """
SELECT coalesce(e.actor.actor_id, e.actor.name, e.actor.text) AS source,
       coalesce(e.recipient.actor_id, e.recipient.name, e.recipient.text) AS target,
       count(*) AS weight,
       count(*) FILTER (WHERE e.quad_class = 1) AS n_verbal_coop,
       count(*) FILTER (WHERE e.quad_class = 2) AS n_material_coop,
       count(*) FILTER (WHERE e.quad_class = 3) AS n_verbal_conflict,
       count(*) FILTER (WHERE e.quad_class = 4) AS n_material_conflict,
       round(avg(e.intensity), 3) AS mean_intensity, round(avg(e.goldstein), 3) AS mean_goldstein,
       strftime(min(coalesce(e.date.start, d.published)), '%Y-%m-%d') AS first_date,
       strftime(max(coalesce(e.date."end", e.date.start, d.published)), '%Y-%m-%d') AS last_date
FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id
WHERE NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)
  AND coalesce(e.actor.actor_id, e.actor.name, e.actor.text) IS NOT NULL
  AND coalesce(e.recipient.actor_id, e.recipient.name, e.recipient.text) IS NOT NULL
  AND coalesce(e.actor.type, '') <> 'location' AND coalesce(e.recipient.type, '') <> 'location'
GROUP BY source, target
ORDER BY source, target
"""


def _clean(d: dict) -> dict[str, Any]:
    """GraphML/GEXF cannot hold None: drop missing attributes."""
    return {k: v for k, v in d.items() if v is not None}


def build_network(store: Store) -> nx.DiGraph:
    """The actor network of the store as a networkx DiGraph."""
    g = nx.DiGraph(name="conflictlens actor network")
    for row in store.query_dicts(NODES_SQL):
        node = row.pop("node")
        g.add_node(node, **_clean(row))
    for row in store.query_dicts(EDGES_SQL):
        src, dst = row.pop("source"), row.pop("target")
        g.add_edge(src, dst, **_clean(row))
    return g


def _write_lines(lines, out: str | Path | None) -> None:
    with output(out) as fh:
        for line in lines:
            fh.write(line if line.endswith("\n") else line + "\n")


@REGISTRY.exporter("network", "graphml", help="actor network for Gephi/networkx (GraphML)")
def write_graphml(store: Store, out, settings) -> int:
    g = build_network(store)
    _write_lines(nx.generate_graphml(g), out)
    return g.number_of_nodes()


@REGISTRY.exporter("network", "gexf", help="actor network for Gephi (GEXF 1.2)")
def write_gexf(store: Store, out, settings) -> int:
    g = build_network(store)
    _write_lines(nx.generate_gexf(g), out)
    return g.number_of_nodes()


@REGISTRY.exporter("network", "json", help="actor network as node-link JSON (networkx, d3)")
def write_json(store: Store, out, settings) -> int:
    g = build_network(store)
    _write_lines([json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False)], out)
    return g.number_of_nodes()

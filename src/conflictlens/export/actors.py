"""Exports of the actors catalogue (with mention counts) and of every actor mention."""
from __future__ import annotations

from ..registry import REGISTRY
from .common import table_exporters

ACTORS_SQL = """
SELECT a.actor_id, a.name, a.type, a.country, a.cameo_code, a.aliases,
       coalesce(m.mention_count, 0) AS mention_count, coalesce(m.doc_ids, []::VARCHAR[]) AS doc_ids,
       a.parent, a.valid_from, a.valid_to, a.kb
FROM actors a
LEFT JOIN (SELECT actor_id, count(*) AS mention_count, list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
           FROM actor_mentions WHERE actor_id IS NOT NULL GROUP BY actor_id) m USING (actor_id)
ORDER BY mention_count DESC, a.actor_id
"""
MENTIONS_SQL = """
SELECT doc_id, sentence_idx, start, "end", text, actor_id, label, method, confidence, unlinked_reason
FROM actor_mentions ORDER BY doc_id, start, "end"
"""
table_exporters(REGISTRY, "actors", ACTORS_SQL,
                "one row per actor mentioned (KB and discovered), with mention_count and doc_ids")
table_exporters(REGISTRY, "actor_mentions", MENTIONS_SQL,
                "every actor mention with offsets, actor_id (null + unlinked_reason when unlinked) and method")

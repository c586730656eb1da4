"""Export of story events (deduplicated events with corroboration) and their member events."""
from __future__ import annotations

from ..registry import REGISTRY
from .common import table_exporters

STORY_EVENTS_SQL = """
SELECT story_id, event_type, mode, quad_class, actor_id, actor_name, recipient_id, recipient_name,
       place_name, geonameid, lat, lon,
       strftime(date_start, '%Y-%m-%d') AS date_start, strftime(date_end, '%Y-%m-%d') AS date_end,
       n_events, n_documents, n_outlets, outlets, alignments, sides, opposite_sides, corroboration,
       mean_intensity, mean_goldstein, fatalities_min, fatalities_max, event_ids, doc_ids
FROM story_events
ORDER BY n_outlets DESC, n_documents DESC, n_events DESC, story_id
"""
MEMBERS_SQL = "SELECT * FROM story_event_members ORDER BY story_id, event_id"

table_exporters(REGISTRY, "story_events", STORY_EVENTS_SQL,
                "one row per real-world event: member events, outlets, sides, corroboration")
table_exporters(REGISTRY, "story_event_members", MEMBERS_SQL,
                "story event -> member event, document, outlet, alignment, side")

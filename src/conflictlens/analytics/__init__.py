"""Analytics over the store: event intensity, story events with corroboration, aggregations."""
from __future__ import annotations

from .aggregations import PERIODS, actors, aggregate, dyads, places
from .stories import build_story_events, corroboration_summary, top_story_events
from .intensity import score_events

__all__ = ["PERIODS", "actors", "aggregate", "build_story_events", "corroboration_summary", "dyads",
           "places", "score_events", "top_story_events"]

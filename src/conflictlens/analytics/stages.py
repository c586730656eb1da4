"""Corpus stages of analytics, run after documents are stored (see registrations.py)."""
from __future__ import annotations

from ..registry import REGISTRY
from . import intensity, stories

# Intensity first: story events average the scores of their member events.
REGISTRY.corpus_stage("analytics.intensity", version=intensity.VERSION, order=50)(intensity.run)
REGISTRY.corpus_stage("analytics.story_events", version=stories.VERSION, order=60)(stories.run)

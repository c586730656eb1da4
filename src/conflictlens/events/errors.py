"""The events stage's exception type (codes E4xx live in ``conflictlens.errors``)."""
from __future__ import annotations

from ..errors import ConflictLensError


class EventsError(ConflictLensError):
    pass

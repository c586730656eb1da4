"""Every module that registers a stage, corpus stage or exporter is imported here, once.

Add your module to this list when it registers something (a snapshot test lists names).
"""
# Per-document stages (order is set by each stage's ``order``).
from .actors import stage as _actors_stage  # noqa: F401
from .events import stage as _events_stage  # noqa: F401
from .places import stage as _places_stage  # noqa: F401
from .dates import stage as _dates_stage  # noqa: F401
from .claims import stage as _claims_stage  # noqa: F401

# Corpus stages.
from .web import fts as _web_fts  # noqa: F401
from .web import index as _web_index  # noqa: F401

from .analytics import stages as _analytics_stages  # noqa: F401

# Exporters.
from .export import builtin as _export_builtin  # noqa: F401
from .export import places as _export_places  # noqa: F401
from .dates import export as _dates_export  # noqa: F401
from .export import claims as _export_claims  # noqa: F401
from .export import events as _export_events  # noqa: F401
from .export import actors as _export_actors  # noqa: F401
from .export import network as _export_network  # noqa: F401
from .export import story_events as _export_story_events  # noqa: F401

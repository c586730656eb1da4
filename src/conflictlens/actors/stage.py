"""Actor mentions linked to knowledge-base actor ids; the corpus-level actors catalogue."""
from __future__ import annotations

import logging

from ..registry import REGISTRY
from .catalog import build_catalog
from .kb import kb_digest, load_kb
from .link import Linker

LOGGER = logging.getLogger(__name__)

# Bump when the stage's output changes (stored documents are then re-analysed). The
# packaged KB's digest is part of it, so editing curated.yaml also re-analyses.
VERSION = f"1+{kb_digest()}"


def configure_nlp(nlp, settings) -> None:
    """Adds the actor entity ruler (actors/ruler.py). Imported here, not at the top: it
    imports spaCy, which an ``analyze`` with nothing new to analyse never needs (0.9-1.5 s
    of an unchanged re-run's ~2 s, 2026-11-28)."""
    from .ruler import configure_nlp as add_ruler

    add_ruler(nlp, settings)


@REGISTRY.stage("actors", version=VERSION, order=20, provides="actor_mentions", configure_nlp=configure_nlp)
def make_stage(settings):
    """run(sdoc, result) -> list[ActorMention] for one parsed document."""
    linker = Linker(load_kb(settings), settings)
    return linker.run


@REGISTRY.corpus_stage("actors.catalog", version=VERSION, order=10)
def catalog_stage(store, settings) -> None:
    """Fill the ``actors`` table: mentioned KB actors, their parents, and discovered actors."""
    build_catalog(store, settings)

"""Actor mentions linked to knowledge-base actor ids. (placeholder: produces no records yet)."""
from __future__ import annotations

from ..registry import REGISTRY

VERSION = "0"


@REGISTRY.stage("actors", version=VERSION, order=20, provides="actor_mentions")
def make_stage(settings):
    def run(sdoc, result):
        return []

    return run

"""Date expressions normalised against the publication date. (placeholder: produces no records yet)."""
from __future__ import annotations

from ..registry import REGISTRY

VERSION = "0"


@REGISTRY.stage("dates", version=VERSION, order=35, provides="date_mentions")
def make_stage(settings):
    def run(sdoc, result):
        return []

    return run

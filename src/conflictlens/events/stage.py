"""Events coded in PLOVER 2.0 and CAMEO. (placeholder: produces no records yet)."""
from __future__ import annotations

from ..registry import REGISTRY

VERSION = "0"


@REGISTRY.stage("events", version=VERSION, order=40, provides="events")
def make_stage(settings):
    def run(sdoc, result):
        return []

    return run

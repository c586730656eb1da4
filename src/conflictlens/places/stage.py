"""Toponyms resolved to GeoNames. (placeholder: produces no records yet)."""
from __future__ import annotations

from ..registry import REGISTRY

VERSION = "0"


@REGISTRY.stage("places", version=VERSION, order=30, provides="place_mentions")
def make_stage(settings):
    def run(sdoc, result):
        return []

    return run

"""Contestable claim sentences with speaker. (placeholder: produces no records yet)."""
from __future__ import annotations

from ..registry import REGISTRY

VERSION = "0"


@REGISTRY.stage("claims", version=VERSION, order=50, provides="claim_mentions")
def make_stage(settings):
    def run(sdoc, result):
        return []

    return run

"""Registered names are part of the public surface: this snapshot fails when one disappears."""
from conflictlens.registry import load_all

EXPECTED_STAGES = {"actors", "events", "places", "dates", "claims"}
EXPECTED_EXPORTS = {("documents", "jsonl"), ("documents", "csv"), ("documents", "parquet")}


def test_stages_registered():
    reg = load_all()
    assert EXPECTED_STAGES <= set(reg.stages)
    orders = [s.name for s in reg.ordered_stages()]
    assert orders.index("events") > orders.index("actors")


def test_exporters_registered():
    assert EXPECTED_EXPORTS <= set(load_all().exporters)

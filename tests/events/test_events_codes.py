"""CAMEO -> PLOVER / quad / five-class mappings."""
from __future__ import annotations

from conflictlens.events.codes import PLOVER_TYPES, pentacode, plover_of, quad_of
from conflictlens.events.lexicon import NOUNS, VERBS


def test_plover_mapping_follows_cameo2plover():
    assert plover_of("190") == "ASSAULT"
    assert plover_of("192") == "COERCE"  # occupy territory
    assert plover_of("0841") == "RETREAT"
    assert plover_of("081") == "CONCEDE"
    assert plover_of("057") == "AGREE"
    assert plover_of("010") is None  # statements are not PLOVER events
    assert plover_of("112") == "ACCUSE" and plover_of("090") == "ACCUSE"


def test_quads_and_pentacodes():
    assert quad_of("ASSAULT") == 4 and quad_of("AGREE") == 1 and quad_of("AID") == 2 and quad_of("ACCUSE") == 3
    assert [pentacode(r) for r in ("01", "04", "07", "12", "19")] == [0, 1, 2, 3, 4]


def test_every_lexicon_entry_codes_to_a_plover_type():
    for table in (VERBS, NOUNS):
        for word, trig in table.items():
            etype = plover_of(trig.cameo)
            assert etype in PLOVER_TYPES, (word, trig.cameo)

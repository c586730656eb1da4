"""The knowledge base: one id per group whatever its name, parents, states, user files."""
from __future__ import annotations

import pytest

from conflictlens.actors.kb import build_kb, read_actor_file
from conflictlens.errors import SettingsError

GROUPS = {
    "islamic-state": ["Daech", "Daesh", "ISIS", "IS", "the Islamic State", "ISIL", "Da’esh"],
    "syr-government": ["the Assad regime", "the Syrian regime", "Assad's regime"],
    "syr-military": ["the Syrian army", "Syrian Arab Army"],
    "nusra-front": ["Nusra", "Fatah ash-Sham", "Jabhat al-Nusra", "Jabhat Fateh al-Sham"],
    "hayat-tahrir-al-sham": ["HTS", "Hayat Tahrir al-Sham"],
    "quds-force": ["Quds Force", "Qods Force"],
    "irgc": ["IRGC", "Islamic Revolutionary Guard Corps"],
    "hezbollah": ["Hezbollah", "Hizbollah"],
    "houthis": ["Houthis", "Ansar Allah"],
    "rapid-support-forces": ["Rapid Support Forces", "RSF"],
    "wagner-group": ["Wagner Group", "PMC Wagner"],
}


@pytest.mark.parametrize("actor_id,names", sorted(GROUPS.items()))
def test_every_name_of_a_group_gives_its_one_id(kb, actor_id, names):
    assert {n: kb.lookup(n) for n in names} == {n: actor_id for n in names}


def test_groups_do_not_share_ids(kb):
    assert len({kb.lookup(names[0]) for names in GROUPS.values()}) == len(GROUPS)


def test_parents_chain_quds_force_to_the_iranian_government(kb):
    assert kb.get("quds-force").parent == "irgc"
    assert kb.get("irgc").parent == "irn-government"
    assert kb.get("syr-military").parent == "syr-government"


def test_short_acronym_is_exact_but_long_names_are_not(kb):
    assert kb.lookup("IS") == "islamic-state"
    assert kb.lookup("is") is None
    assert kb.lookup("islamic state") == "islamic-state"


def test_states_demonyms_roles_and_phoenix_people(kb):
    assert kb.get("rus").type == "state" and kb.get("rus").country == "RUS"
    assert kb.lookup("Russian") == "rus" and kb.demonyms["turkish"] == "TUR"
    assert kb.get("rus-military").cameo_code == "RUSMIL"
    assert kb.capitals["damascus"] == "SYR"
    annan = kb.get(kb.lookup("Kofi Annan"))  # from the PETRARCH2 International dictionary
    assert annan.type == "person" and annan.valid_from == "1997-01-01"
    assert "palmyra" in kb.places and kb.lookup("Palmyra") is None


def test_user_yaml_adds_an_actor_and_takes_an_alias(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("- id: zorgon-brigade\n  name: Zorgon Brigade\n  type: armed_group\n  country: SYR\n"
                 "  parent: free-syrian-army\n  aliases: [ZB, Zorgon fighters, Nusra]\n", encoding="utf-8")
    kb = build_kb(f)
    assert kb.lookup("Zorgon fighters") == "zorgon-brigade"
    assert kb.lookup("ZB") == "zorgon-brigade"
    assert kb.lookup("Nusra") == "zorgon-brigade"  # the user's file wins an alias clash
    assert kb.get("zorgon-brigade").parent == "free-syrian-army"


@pytest.mark.parametrize("text,line,field", [
    ("- id: a\n  name: A\n  type: armed_group\n- id: b\n  name: B\n  type: militia\n", 4, "type"),
    ("- id: a\n  name: A\n  country: Syria\n", 1, "country"),
    ("- id: a\n  name: A\n  colour: red\n", 1, "colour"),
    ("- id: a\n  type: other\n", 1, "name"),
    ("- id: a\n  name: A\n  valid_from: yesterday\n", 1, "valid_from"),
])
def test_malformed_yaml_names_line_and_field(text, line, field):
    with pytest.raises(SettingsError) as err:
        read_actor_file(text, "mine.yaml", "yaml")
    msg = str(err.value)
    assert msg.startswith("[E301]") and f"line {line}:" in msg and f"'{field}'" in msg


def test_malformed_csv_names_line_and_field(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("id,name,type,country,aliases\nok,OK,armed_group,SYR,O1; O2\nbad,Bad,armed_group,SY,\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"line 3: actor field 'country'"):
        build_kb(f)


def test_unknown_parent_and_broken_yaml_are_reported(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("- id: a\n  name: A\n  parent: nobody-knows\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"line 1: actor field 'parent'"):
        build_kb(f)
    with pytest.raises(SettingsError, match=r"^\[E302\]"):
        read_actor_file("- id: a\n  name: [unclosed\n", "x.yaml", "yaml")

"""Recognition and linking through the real spaCy model, the actor_ruler and the linker."""
from __future__ import annotations

from collections import defaultdict


def _ids(mentions):
    out = defaultdict(set)
    for m in mentions:
        out[m.text].add(m.actor_id)
    return out


def test_ruler_is_before_ner_and_labels_daech(actor_nlp):
    names = actor_nlp.pipe_names
    assert names.index("actor_ruler") < names.index("ner")
    doc = actor_nlp("Daech claimed the attack on Palmyra.")
    daech = [e for e in doc.ents if e.text == "Daech"]
    assert daech and daech[0].label_ == "ORG" and daech[0].ent_id_ == "islamic-state"


def test_offsets_sentence_and_method(link):
    text = "Rain fell. Daesh fighters and the Free Syrian Army clashed near Aleppo."
    ms = link(text)
    by = {m.text: m for m in ms}
    assert by["Free Syrian Army"].actor_id == "free-syrian-army"
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert by["Free Syrian Army"].sentence_idx == 1 and by["Free Syrian Army"].method == "ruler"
    assert "Aleppo" not in by  # a place, not an actor


def test_acronym_is_matched_only_in_capitals(link):
    ms = link("IS fighters entered the town. The town is quiet.")
    assert [m.actor_id for m in ms if m.text == "IS"] == ["islamic-state"]
    assert not [m for m in ms if m.text == "is"]


def test_capital_as_agent_is_its_government(link):
    ms = link("Damascus said the strikes would continue. Many people live in Damascus.")
    said = [m for m in ms if m.text == "Damascus"]
    assert len(said) == 1 and said[0].actor_id == "syr-government" and said[0].method == "metonymy"


def test_generic_agents_take_the_document_country(link):
    text = ("Syria's war goes on. The Syrian army shelled Idlib. The regime denied it, "
            "and the rebels said Russian jets bombed a market.")
    ids = _ids(link(text))
    assert ids["regime"] == {"syr-government"}
    assert ids["rebels"] == {"syr-rebels"}
    assert ids["Russian jets"] == {"rus-military"}


def test_person_role_and_coreference(link):
    ms = link("Joseph Votel, commander of U.S. Central Command, said it. Later Votel left.")
    ids = _ids(ms)
    assert ids["Joseph Votel"] == {"joseph-votel"}
    assert ids["commander of U.S. Central Command"] == {"joseph-votel"}
    assert ids["Votel"] == {"joseph-votel"}
    assert {m.method for m in ms if m.text == "commander of U.S. Central Command"} == {"role"}


def test_unknown_organisation_is_kept_unlinked_with_a_reason(link):
    ms = link("The Qarmatian Relief Committee delivered food to Homs.")
    org = [m for m in ms if "Qarmatian" in m.text]
    assert org and org[0].actor_id is None and org[0].unlinked_reason == "not_in_kb"


def test_reference_articles_one_id_per_group(link, seeds_dir):
    seeds = seeds_dir
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
    ids = defaultdict(set)
    for name, text in texts.items():
        for m in link(text, doc_id=name):
            ids[m.text.lower()].add(m.actor_id)
    groups = {
        "islamic-state": ["daech", "daesh", "isis", "islamic state"],
        "syr-government": ["assad regime", "syrian regime"],
        "nusra-front": ["nusra", "fatah ash-sham"],
        "quds-force": ["quds force"],
        "irgc": ["irgc"],
        "hezbollah": ["hezbollah"],
    }
    for actor_id, names in groups.items():
        for n in names:
            assert ids[n] == {actor_id}, (n, ids[n])
    assert len(groups) == len({a for a in groups})


def test_fuzzy_links_a_misspelt_name(link):
    ms = [m for m in link("Turkish President Recep Tayyip Erodgan spoke in Ankara.") if "Erodgan" in m.text]
    assert ms and ms[0].actor_id == "recep-tayyip-erdogan" and ms[0].method == "fuzzy"


def test_relative_with_the_same_family_name_is_not_linked_to_the_leader(link):
    ids = _ids(link("Syrian President Bashar al-Assad spoke. Assad said no. "
                    "He was founded by Bassel al-Assad, and Hafez al-Assad died in 2000."))
    assert ids["Assad"] == {"bashar-al-assad"}
    assert "bashar-al-assad" not in ids.get("Bassel al-Assad", set()) | ids.get("al-Assad", set())
    assert "bashar-al-assad" not in ids.get("Hafez al-Assad", set())


def test_fuzzy_cache_is_bounded(kb, actor_settings, monkeypatch):
    """The per-pipeline fuzzy-match cache is cleared when full: names are open-ended, so an
    unbounded cache would grow with the corpus in every worker (issue #9, memory)."""
    from conflictlens.actors import link as link_mod

    monkeypatch.setattr(link_mod, "FUZZY_CACHE_MAX", 3)
    linker = link_mod.Linker(kb, actor_settings)
    names = ["Abcdefgh Ijklmno", "Qrstuvw Xyzabc", "Lmnopqr Stuvwx", "Bcdefgh Ijklmnp", "Cdefghi Jklmnoq"]
    sizes = []
    for name in names:
        linker._fuzzy(name)
        sizes.append(len(linker._fuzzy_cache))
    assert max(sizes) <= 3 and sizes[:3] == [1, 2, 3]
    # The same answer as an unbounded cache: clearing only forgets, it never changes a match.
    assert linker._fuzzy("Islamic Stat") == link_mod.Linker(kb, actor_settings)._fuzzy("Islamic Stat")

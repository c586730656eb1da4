"""Recognition: gazetteer ruler, demonyms, metonymy, junk spans."""
from __future__ import annotations

from conflictlens.places.recognize import RULER_NAME, toponyms


def test_ruler_is_before_ner(places_nlp):
    names = places_nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")


def test_region_places_recognised(places_nlp):
    text = ("Rebels held areas in Qalamoun, Damascus and Deir ez-Zor. Turkish-led forces advanced "
            "towards the town of al-Bab. The army took Albu Kamal and Aleppo.")
    found = {t.text for t in toponyms(places_nlp(text)) if t.role == "place"}
    assert {"Qalamoun", "Damascus", "Deir ez-Zor", "al-Bab", "Albu Kamal", "Aleppo"} <= found


def test_metonym_and_demonym_roles(places_nlp):
    tops = toponyms(places_nlp("Moscow said it would keep bombing. Syrian troops entered Palmyra."))
    roles = {t.text: t.role for t in tops}
    assert roles["Moscow"] == "metonym"
    assert roles["Syrian"] == "demonym"
    assert roles["Palmyra"] == "place"
    assert next(t for t in tops if t.text == "Syrian").country_hint == "SY"


def test_stage_records(analyse_places):
    res = analyse_places("Moscow said the strikes near Aleppo would go on. Syrian forces shelled Idlib.")
    by = {m.text: m for m in res.place_mentions}
    assert by["Aleppo"].geonameid == 170063 and by["Aleppo"].role == "place"
    assert by["Moscow"].role == "metonym"
    assert by["Syrian"].role == "demonym" and by["Syrian"].country_code == "SY"
    assert by["Idlib"].sentence_idx == 1
    text = res.document.text
    assert all(text[m.start:m.end] == m.text for m in res.place_mentions)


def test_folded_and_transliterated_region_names_recognised(places_nlp):
    # GeoNames writes "Ar Raqqah" / "Ţarţūs" with diacritics; the ruler holds their ASCII forms,
    # and the alias table the usual news spellings ("Tell Abyad" = "Tall Abyaḑ")
    text = "Kurdish fighters entered Tell Abyad on Monday. Blasts hit Ar Raqqah and Jisr al-Shughour."
    found = {t.text for t in toponyms(places_nlp(text)) if t.role == "place"}
    assert {"Tell Abyad", "Ar Raqqah", "Jisr al-Shughour"} <= found


def test_one_word_world_regions_stay_out_of_the_ruler():
    from conflictlens.places.recognize import ruler_patterns

    patterns = {p["pattern"] for p in ruler_patterns()}
    assert "Indian Ocean" in patterns and "Atlantic" not in patterns  # "Atlantic City" stays whole

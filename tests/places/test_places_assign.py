"""Event place assignment rules on hand-built results (clause, sentence, paragraph, dateline)."""
from __future__ import annotations

import re

from conflictlens.places.assign import event_location, main_place
from conflictlens.records import DocResult, Document, PlaceMention, Sentence


def _result(text, places):
    doc = Document(doc_id="a" * 16, path="<t>", text=text)
    sents = [Sentence(doc.doc_id, i, m.start(), m.end(), m.group())
             for i, m in enumerate(re.finditer(r"[^.]+(?:\.|$)", text)) if m.group().strip()]
    sents = [Sentence(doc.doc_id, i, s.start + len(s.text) - len(s.text.lstrip()), s.end, s.text.strip())
             for i, s in enumerate(sents)]
    mentions = []
    for name, gid, fcode, cc, a1 in places:
        s = text.lower().index(name.lower())
        idx = max(x.idx for x in sents if x.start <= s)
        mentions.append(PlaceMention(doc.doc_id, idx, s, s + len(name), text[s:s + len(name)], geonameid=gid,
                                     name=name, lat=1.0, lon=2.0, feature_class="A" if fcode != "PPL" else "P",
                                     feature_code=fcode, country_code=cc, admin1=a1))
    return DocResult(document=doc, sentences=sents, place_mentions=mentions)


ALEPPO = ("Aleppo", 170063, "PPL", "SY", "09")
IDLIB = ("Idlib", 169389, "PPL", "SY", "12")
SYRIA = ("Syria", 163843, "PCLI", "SY", None)


def test_same_clause_wins_over_nearer_sentence_place():
    text = "Jets bombed Idlib, while rebels shelled Aleppo"
    res = _result(text, [IDLIB, ALEPPO])
    loc = event_location(res, 0, text.index("shelled"))
    assert loc.name == "Aleppo" and loc.precision == "city"
    loc = event_location(res, 0, text.index("bombed"))
    assert loc.name == "Idlib"


def test_finer_place_of_same_country_beats_country_in_clause():
    text = "The capture of the last town in Syria, known as Albu Kamal, ended it"
    res = _result(text, [SYRIA, ("Albu Kamal", 174448, "PPL", "SY", "07")])
    assert event_location(res, 0, text.index("capture")).geonameid == 174448


def test_paragraph_then_dateline_fallback():
    text = "ALEPPO, Syria (Reuters) - Fighting went on.\n\nIdlib was quiet. Jets struck again.\n\nTalks failed."
    res = _result(text, [ALEPPO, IDLIB])
    # "Jets struck again": no place in its sentence; the paragraph's earlier sentence has Idlib
    loc = event_location(res, 2, text.index("struck"))
    assert loc.name == "Idlib" and loc.precision == "city"
    # "Talks failed": nothing in sentence or paragraph -> dateline, lower precision
    loc = event_location(res, 3, text.index("Talks"))
    assert loc.name == "Aleppo" and loc.precision == "dateline"


def test_demonyms_and_metonyms_are_not_event_places():
    text = "Moscow said Syrian jets struck"
    doc = Document(doc_id="b" * 16, path="<t>", text=text)
    res = DocResult(document=doc, sentences=[Sentence(doc.doc_id, 0, 0, len(text), text)], place_mentions=[
        PlaceMention(doc.doc_id, 0, 0, 6, "Moscow", geonameid=524901, name="Moscow", lat=55.7, lon=37.6,
                     feature_class="P", feature_code="PPL", country_code="RU", role="metonym"),
        PlaceMention(doc.doc_id, 0, 12, 18, "Syrian", geonameid=163843, name="Syria", lat=35.0, lon=38.0,
                     feature_class="A", feature_code="PCLI", country_code="SY", role="demonym")])
    assert event_location(res, 0, text.index("struck")) is None


def test_main_place_prefers_home_country_admin1():
    text = "Strikes in Idlib. More strikes in Idlib. A monitor in Britain and Aleppo reported."
    res = _result(text, [IDLIB, ("Britain", 2635167, "PCLI", "GB", None), ALEPPO])
    assert main_place(res).name == "Idlib"


def test_main_place_home_country_by_weighted_place_mentions():
    # two Russian towns named later do not outweigh Syria and Aleppo in the lede (issue #6)
    text = "In Syria an air strike hit a clinic near Aleppo. Talks in Moscow went on. Envoys met in Sochi."
    res = _result(text, [SYRIA, ALEPPO, ("Moscow", 524901, "PPLC", "RU", "48"), ("Sochi", 491422, "PPL", "RU", "38")])
    assert main_place(res).name == "Aleppo"

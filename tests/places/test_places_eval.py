"""eval geo: the three public XML layouts (small files written here), the CLI, FA-KES."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conflictlens.cli.app import app
from conflictlens.eval.geo import evaluate, evaluate_fakes, read_gold

TEXT = "Fighting in Aleppo spread to Idlib. Paris condemned it."
GWN = f"""<?xml version="1.0" ?><articles><article file="0"><text>{TEXT}</text><toponyms>
<toponym><extractedName>Aleppo</extractedName><type>Literal</type><nonLocational>No</nonLocational>
<start>12</start><end>18</end><geonamesID>170063</geonamesID><latitude>36.20124</latitude><longitude>37.16117</longitude></toponym>
<toponym><extractedName>Idlib</extractedName><type>Literal</type><nonLocational>No</nonLocational>
<start>29</start><end>34</end><geonamesID>169389</geonamesID><latitude>35.93062</latitude><longitude>36.63393</longitude></toponym>
<toponym><extractedName>Fighting</extractedName><type>Non_Toponym</type><nonLocational>Yes</nonLocational>
<start>0</start><end>8</end></toponym>
</toponyms></article></articles>"""
TRN = f"""<?xml version="1.0" encoding="utf-8"?><articles><article docid="1"><text>{TEXT}</text><toponyms>
<toponym><phrase>Aleppo</phrase><start>12</start><end>18</end><gaztag geonameid="170063"><name>Aleppo</name>
<lat>36.20124</lat><lon>37.16117</lon></gaztag></toponym>
<toponym><phrase>Paris</phrase><start>36</start><end>41</end><gaztag geonameid="2988507"><name>Paris</name>
<lat>48.85341</lat><lon>2.3488</lon></gaztag></toponym></toponyms></article></articles>"""
GEOVIRUS = f"""<?xml version="1.0" encoding="utf-8"?><articles><article><source>x</source><text>{TEXT}</text><locations>
<location><name>Idlib</name><start>29</start><end>34</end><lat>35.93</lat><lon>36.63</lon></location>
</locations></article></articles>"""

KEYS = {"toponyms", "recognition_precision", "recognition_recall", "recognition_f1", "acc161",
        "exact_geonameid", "mean_error_km", "end_to_end_acc161"}


@pytest.mark.parametrize("xml,layout,n", [(GWN, "GeoWebNews", 2), (TRN, "TR-News/LGL", 2), (GEOVIRUS, "GeoVirus", 1)])
def test_layouts(tmp_path, xml, layout, n):
    p = tmp_path / "gold.xml"
    p.write_text(xml, encoding="utf-8")
    got_layout, arts = read_gold(p)
    assert got_layout == layout and len(arts[0].toponyms) == n  # GWN's non-toponym is not counted
    m = evaluate(p)
    assert KEYS <= set(m)
    assert m["toponyms"] == n and m["acc161"] == 1.0 and m["end_to_end_acc161"] == 1.0
    assert m["recognition_recall"] == 1.0


def test_cli_json(tmp_path):
    p = tmp_path / "gwn.xml"
    p.write_text(GWN, encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "geo", "--data", str(p), "--json"])
    assert r.exit_code == 0, r.output
    m = json.loads(r.output.strip().splitlines()[-1])
    assert m["acc161"] == 1.0 and m["exact_geonameid"] == 1.0


def test_missing_file_is_a_coded_error(tmp_path):
    r = CliRunner().invoke(app, ["eval", "geo", "--data", str(tmp_path / "nope.xml")])
    assert r.exit_code != 0 and "E901" in r.output


def test_shared_gwn_subset(gwn_xml):
    m = evaluate(gwn_xml, limit=40, end_to_end=False)
    print("GWN first 40 articles acc161:", m["acc161"])
    # 0.826 before issue #6 (counties, regions, coherence pass), 0.866 after, 0.892 after the
    # third session (postal codes, acronyms, fallback rules); floor below it
    assert m["toponyms"] > 300 and m["acc161"] >= 0.87


def test_shared_trnews_subset(shared):
    m = evaluate(shared("eval", "geoparsing", "TR-News.xml"), limit=30, end_to_end=False)
    print("TR-News first 30 articles acc161:", m["acc161"])
    assert m["layout"] == "TR-News/LGL" and m["toponyms"] > 250 and m["acc161"] >= 0.92  # 0.948 measured


def test_fakes_main_place(fakes_csv):
    # a quarter of FA-KES dev keeps the test short; the full figure is in docs/places.md
    m = evaluate_fakes(fakes_csv, limit=80)
    print("FA-KES main place matches location (80 articles):", m["main_place_match"], m["misses"])
    assert m["articles"] == 80 and m["main_place_match"] >= 0.80

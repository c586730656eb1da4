"""``conflictlens eval actors``: entity recognition and alias linking on re3d folders.

re3d (Dstl) folders hold ``documents.json``, ``entities.json`` and ``relations.json`` (JSON
lines). Scored:

* recognition of Person, Organisation, Location and Nationality spans, exact (same begin,
  end and type) and overlap (same type, spans overlap; one-to-one), for conflictlens
  (spaCy + actor_ruler + the actors stage) and for the bare spaCy model on the same texts;
* alias linking on ``IsSynonymOf`` pairs of Person/Organisation entities: the share whose two
  names get the same ``actor_id``, and, on pairs of different actors (FightingAgainst,
  AlliesOf, CommWith, Likes, Dislikes, Apart), the share that do not.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..errors import Errors, EvalError

LOGGER = logging.getLogger(__name__)

TYPES = ("Person", "Organisation", "Location", "Nationality")
SPACY_TO_RE3D = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location",
                 "FAC": "Location", "NORP": "Nationality"}
ACTOR_TYPES = {"Person", "Organisation"}
DIFFERENT_RELATIONS = {"FightingAgainst", "AlliesOf", "CommWith", "Likes", "Dislikes", "Apart"}


@dataclass(frozen=True, slots=True)
class Ent:
    doc: str
    start: int
    end: int
    type: str


def _lines(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if line:
            out.append(json.loads(line))
    return out


def find_folders(data: Path) -> list[Path]:
    """``data`` itself when it is a re3d folder, else its sub-folders that are."""
    data = Path(data)
    if not data.exists():
        raise EvalError(Errors.E901.format(path=data))
    if (data / "documents.json").exists():
        return [data]
    found = sorted(p for p in data.iterdir() if (p / "documents.json").exists())
    if not found:
        raise EvalError(Errors.E902.format(path=data, options="re3d folders (documents.json, entities.json, relations.json)"))
    return found


def prf(pred: set, gold: set, overlap: bool = False) -> dict:
    """Precision, recall, F1 of predicted against gold entities (exact or one-to-one overlap)."""
    if overlap:
        by_key: dict[tuple, list[Ent]] = {}
        for g in gold:
            by_key.setdefault((g.doc, g.type), []).append(g)
        used: set[Ent] = set()
        tp = 0
        for p in sorted(pred, key=lambda e: (e.doc, e.start, e.end, e.type)):
            for g in by_key.get((p.doc, p.type), ()):
                if g not in used and p.start < g.end and g.start < p.end:
                    used.add(g)
                    tp += 1
                    break
    else:
        tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp,
            "n_pred": len(pred), "n_gold": len(gold)}


def _scores(pred: set[Ent], gold: set[Ent], prefix: str) -> dict:
    out: dict = {}
    for mode in ("exact", "overlap"):
        ov = mode == "overlap"
        allm = prf(pred, gold, ov)
        out[f"{prefix}.{mode}.micro_f1"] = allm["f1"]
        out[f"{prefix}.{mode}.micro_precision"] = allm["precision"]
        out[f"{prefix}.{mode}.micro_recall"] = allm["recall"]
        for t in TYPES:
            m = prf({e for e in pred if e.type == t}, {e for e in gold if e.type == t}, ov)
            out[f"{prefix}.{mode}.{t}.f1"] = m["f1"]
            out[f"{prefix}.{mode}.{t}.precision"] = m["precision"]
            out[f"{prefix}.{mode}.{t}.recall"] = m["recall"]
    return out


# A mention names a gold span when it covers at least this share of it (so "U.S. Central
# Command" inside "commander of U.S. Central Command" does not stand for the commander).
MIN_COVER = 0.5


def _id_for(mentions: list, start: int, end: int) -> Optional[str]:
    """actor_id of the linked mention covering most of [start, end), if it covers enough."""
    best, best_ov = None, MIN_COVER * (end - start)
    for m in mentions:
        ov = min(end, m.end) - max(start, m.start)
        if ov >= best_ov and ov > 0 and m.actor_id:
            best, best_ov = m.actor_id, ov
    return best


def evaluate(data: Path, settings=None) -> dict:
    """Metrics over every re3d folder under ``data`` (one folder or their parent)."""
    from ..actors.kb import load_kb
    from ..actors.link import Linker, _is_place
    from ..actors.ruler import configure_nlp
    from ..config import load_settings
    from ..nlp.model import load_model
    from ..records import DocResult, Document

    settings = settings or load_settings()
    folders = find_folders(Path(data))
    docs: dict[str, str] = {}
    gold: set[Ent] = set()
    ent_type: dict[tuple, str] = {}
    relations: list[dict] = []
    for folder in folders:
        for d in _lines(folder / "documents.json"):
            docs[d["_id"]] = d["text"]
        for e in _lines(folder / "entities.json"):
            ent_type[(e["documentId"], e["begin"], e["end"])] = e["type"]
            if e["type"] in TYPES:
                gold.add(Ent(e["documentId"], e["begin"], e["end"], e["type"]))
        relations.extend(_lines(folder / "relations.json"))
    ids = sorted(docs)
    texts = [docs[i] for i in ids]
    nlp = load_model(settings["nlp"]["model"])
    # Bare spaCy first, then the same model with the actor_ruler and the actors stage.
    base_pred = {Ent(i, e.start_char, e.end_char, SPACY_TO_RE3D[e.label_])
                 for i, sdoc in zip(ids, nlp.pipe(texts)) for e in sdoc.ents if e.label_ in SPACY_TO_RE3D}
    configure_nlp(nlp, settings)
    kb = load_kb(settings)
    linker = Linker(kb, settings)
    pred: set[Ent] = set()
    mentions_by_doc: dict[str, list] = {}
    for i, sdoc in zip(ids, nlp.pipe(texts)):
        result = DocResult(document=Document(doc_id=i, path=i, text=docs[i]))
        mentions = linker.run(sdoc, result)
        mentions_by_doc[i] = mentions
        persons = {(m.start, m.end) for m in mentions if m.label == "PERSON"}
        for e in sdoc.ents:
            if e.label_ == "PERSON" and not any(s <= e.start_char and e.end_char == en for s, en in persons):
                pass  # a PERSON the stage dropped as a place: scored below as Location
            elif e.label_ == "PERSON":
                continue  # scored from the stage's mention (with its title)
            if e.label_ not in SPACY_TO_RE3D:
                continue
            t = SPACY_TO_RE3D[e.label_]
            if t != "Location" and not (e.ent_id_ and e.ent_id_ in kb.actors) and kb.lookup(e.text) is None \
                    and _is_place(kb, e.text):
                t = "Location"  # the stage's place filter: Palmyra tagged PERSON is a place
            pred.add(Ent(i, e.start_char, e.end_char, t))
        for m in mentions:
            if m.label == "PERSON":
                pred.add(Ent(i, m.start, m.end, "Person"))
            if m.label == "AGENT" and m.actor_id:
                pred.add(Ent(i, m.start, m.end, "Organisation"))
    metrics: dict = {"documents": len(ids), "folders": [f.name for f in folders], "gold_entities": len(gold)}
    metrics.update(_scores(pred, gold, "conflictlens"))
    metrics.update(_scores(base_pred, gold, "spacy"))
    metrics.update(_linking(relations, ent_type, mentions_by_doc))
    return metrics


def _pairs(relations: Iterable[dict], ent_type: dict, kinds: set[str]) -> set[tuple]:
    out = set()
    for r in relations:
        if r["type"] not in kinds:
            continue
        doc = r["documentId"]
        a, b = (r["sourceBegin"], r["sourceEnd"]), (r["targetBegin"], r["targetEnd"])
        if ent_type.get((doc, *a)) not in ACTOR_TYPES or ent_type.get((doc, *b)) not in ACTOR_TYPES:
            continue
        out.add((doc, *sorted((a, b))))
    return out


def _linking(relations: list[dict], ent_type: dict, mentions_by_doc: dict[str, list]) -> dict:
    syn = _pairs(relations, ent_type, {"IsSynonymOf"})
    diff = _pairs(relations, ent_type, DIFFERENT_RELATIONS) - syn
    same = both_syn = 0
    for doc, a, b in syn:
        ia, ib = (_id_for(mentions_by_doc.get(doc, []), *x) for x in (a, b))
        both_syn += bool(ia and ib)
        same += bool(ia and ib and ia == ib)
    distinct = both_diff = 0
    for doc, a, b in diff:
        ia, ib = (_id_for(mentions_by_doc.get(doc, []), *x) for x in (a, b))
        both_diff += bool(ia and ib)
        distinct += not (ia and ib and ia == ib)
    return {
        "linking.synonym_pairs": len(syn),
        "linking.synonym_same_id": round(same / len(syn), 4) if syn else 0.0,
        "linking.synonym_both_linked": round(both_syn / len(syn), 4) if syn else 0.0,
        "linking.different_pairs": len(diff),
        "linking.different_distinct_id": round(distinct / len(diff), 4) if diff else 0.0,
        "linking.different_both_linked": round(both_diff / len(diff), 4) if diff else 0.0,
    }

"""``conflictlens eval claims``: ArgKP-2021 key-point matching mAP, Perspectrum stance and clustering.

The folder kind is detected: ``arguments_<split>.csv`` -> ArgKP; ``perspectrum_*.json`` ->
Perspectrum. A parent folder holding both ``argkp/`` and ``perspectrum/`` runs both.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..claims.cluster import cluster_vectors
from ..claims.data import is_argkp, is_perspectrum, kpa_map, load_argkp, load_perspectrum
from ..claims.model import match_scores
from ..claims.stance import support_proba
from ..errors import Errors, EvalError
from ..nlp.embeddings import embed

LOGGER = logging.getLogger(__name__)


def _vectors(texts: set[str]) -> dict[str, np.ndarray]:
    ordered = sorted(texts)
    return dict(zip(ordered, embed(ordered)))


def evaluate_argkp(folder: Path, split: str) -> dict:
    data = load_argkp(folder, split)
    vec = _vectors({t for t, _, _ in data.args.values()} | {t for t, _, _ in data.kps.values()}
                   | {top for _, top, _ in data.args.values()})
    groups: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
    for a, (_, topic, stance) in data.args.items():
        groups.setdefault((topic, stance), ([], []))[0].append(a)
    for k, (_, topic, stance) in data.kps.items():
        groups.setdefault((topic, stance), ([], []))[1].append(k)
    scores: dict[str, dict[str, float]] = {}
    for (topic, _), (args, kps) in groups.items():
        if not args or not kps:
            continue
        s = match_scores(np.array([vec[data.args[a][0]] for a in args]),
                         np.array([vec[data.kps[k][0]] for k in kps]), vec[topic])
        for i, a in enumerate(args):
            scores[a] = {k: float(s[i, j]) for j, k in enumerate(kps)}
    strict, relaxed = kpa_map(data, scores)
    return {"dataset": "argkp", "split": split, "arguments": len(data.args), "key_points": len(data.kps),
            "map_strict": strict, "map_relaxed": relaxed}


def evaluate_perspectrum(folder: Path, split: str) -> dict:
    from sklearn.metrics import adjusted_rand_score, f1_score

    pairs = load_perspectrum(folder, split)
    if not pairs:
        raise EvalError(Errors.E901.format(path=folder / f"perspectrum_{split}.json"))
    vec = _vectors({x.perspective for x in pairs})
    proba = support_proba([x.claim for x in pairs], [x.perspective for x in pairs])
    pred = np.where(proba >= 0.5, "support", "oppose")
    gold = np.array([x.stance for x in pairs])
    # Clustering: per claim, cluster its perspectives with the same clustering as the
    # corpus stage and compare with the gold perspective clusters (ARI, averaged over claims).
    by_claim: dict[int, list] = {}
    for x in pairs:
        by_claim.setdefault(x.claim_id, []).append(x)
    aris, pooled_gold, pooled_pred, offset = [], [], [], 0
    for cid in sorted(by_claim):
        items = by_claim[cid]
        labels = cluster_vectors(np.array([vec[x.perspective] for x in items]))
        aris.append(adjusted_rand_score([x.cluster for x in items], labels))
        pooled_gold += [f"{cid}:{x.cluster}" for x in items]
        pooled_pred += [f"{cid}:{lab}" for lab in labels]
    return {"dataset": "perspectrum", "split": split, "pairs": len(pairs), "claims": len(by_claim),
            "stance_accuracy": float((pred == gold).mean()),
            "stance_macro_f1": float(f1_score(gold, pred, average="macro")),
            "cluster_ari": float(adjusted_rand_score(pooled_gold, pooled_pred)),
            "cluster_ari_per_claim_mean": float(np.mean(aris))}


def evaluate(data: Path, split: str = "dev") -> dict:
    data = Path(data)
    if not data.exists():
        raise EvalError(Errors.E901.format(path=data))
    if is_argkp(data, split):
        return evaluate_argkp(data, split)
    if is_perspectrum(data):
        return evaluate_perspectrum(data, split)
    if (data / "argkp").is_dir() and (data / "perspectrum").is_dir():
        out = {f"argkp_{k}": v for k, v in evaluate_argkp(data / "argkp", split).items()}
        out.update({f"perspectrum_{k}": v for k, v in evaluate_perspectrum(data / "perspectrum", split).items()})
        return out
    raise EvalError(Errors.E902.format(path=data, options=f"ArgKP-2021 folder (arguments_{split}.csv ...), "
                                                          "Perspectrum folder (perspectrum_*.json)"))

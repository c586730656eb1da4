"""Readers for the claim benchmarks (ArgKP-2021, Perspectrum) and the KPA-2021 mAP metric.

Nothing is copied: the files are read where they are (``../shared/eval/claims`` in the
project checkout, or any folder with the same layout).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import Errors, EvalError


@dataclass(frozen=True, slots=True)
class ArgKP:
    """One split of ArgKP-2021: arguments, key points, gold match labels."""

    args: dict[str, tuple[str, str, int]]  # arg_id -> (text, topic, stance)
    kps: dict[str, tuple[str, str, int]]  # key_point_id -> (text, topic, stance)
    labels: dict[tuple[str, str], int]  # (arg_id, key_point_id) -> 0/1 (undecided pairs absent)


@dataclass(frozen=True, slots=True)
class StancePair:
    claim_id: int
    claim: str
    perspective: str
    stance: str  # support / oppose
    cluster: int  # index of the gold perspective cluster within its claim


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def is_argkp(folder: Path, split: str) -> bool:
    return (folder / f"arguments_{split}.csv").exists()


def is_perspectrum(folder: Path) -> bool:
    return any(folder.glob("perspectrum_*.json"))


def load_argkp(folder: Path, split: str) -> ArgKP:
    try:
        args = {r["arg_id"]: (r["argument"], r["topic"], int(r["stance"]))
                for r in _rows(folder / f"arguments_{split}.csv")}
        kps = {r["key_point_id"]: (r["key_point"], r["topic"], int(r["stance"]))
               for r in _rows(folder / f"key_points_{split}.csv")}
        labels = {(r["arg_id"], r["key_point_id"]): int(r["label"])
                  for r in _rows(folder / f"labels_{split}.csv")}
    except FileNotFoundError as exc:
        raise EvalError(Errors.E901.format(path=exc.filename)) from exc
    return ArgKP(args, kps, labels)


def load_perspectrum(folder: Path, split: str) -> list[StancePair]:
    """(claim, perspective, stance, cluster) pairs of one split.

    Accepts the released layout (``perspectrum_with_answers_v1.0.json`` +
    ``perspective_pool_v1.0.json`` + ``dataset_split_v1.0.json``), the per-split files
    (``perspectrum_<split>.json`` + ``perspective_pool_<split>.json``) and the shared
    ``*_train_dev.json`` files with ``dataset_split_train_dev.json``.
    """
    def first(*names: str) -> Path | None:
        for n in names:
            if (folder / n).exists():
                return folder / n
        return None

    claims_f = first(f"perspectrum_{split}.json", "perspectrum_train_dev.json", "perspectrum_with_answers_v1.0.json")
    pool_f = first(f"perspective_pool_{split}.json", "perspective_pool_train_dev.json", "perspective_pool_v1.0.json")
    split_f = first("dataset_split_train_dev.json", "dataset_split_v1.0.json")
    if claims_f is None or pool_f is None:
        raise EvalError(Errors.E901.format(path=folder / f"perspectrum_{split}.json"))
    claims = json.loads(claims_f.read_text(encoding="utf-8"))
    pool = {p["pId"]: p["text"] for p in json.loads(pool_f.read_text(encoding="utf-8"))}
    splits = None
    if claims_f.name != f"perspectrum_{split}.json" and split_f is not None:
        splits = json.loads(split_f.read_text(encoding="utf-8"))
    out: list[StancePair] = []
    for c in claims:
        if splits is not None and splits.get(str(c["cId"])) != split:
            continue
        for k, cl in enumerate(c["perspectives"]):
            lab = cl["stance_label_3"].lower()
            if lab not in ("support", "undermine"):
                continue
            for pid in cl["pids"]:
                if pid in pool:
                    out.append(StancePair(c["cId"], c["text"], pool[pid],
                                          "support" if lab == "support" else "oppose", k))
    return out


# -- KPA-2021 track 1 metric --------------------------------------------------------------
def _average_precision(y_true: np.ndarray, score: np.ndarray) -> float:
    """sklearn's average_precision_score (step-wise, ties grouped by threshold)."""
    from sklearn.metrics import average_precision_score

    if y_true.sum() == 0:
        return 0.0
    return float(average_precision_score(y_true, score))


def kpa_map(data: ArgKP, scores: dict[str, dict[str, float]]) -> tuple[float, float]:
    """Strict and relaxed mAP exactly as the KPA-2021 shared task (track 1) defines them.

    Each argument keeps only its highest-scoring key point; an argument without a
    prediction gets a dummy key point (label 0, score 0). Pairs whose gold label is
    undecided (absent from labels_*.csv) count as wrong (strict) or right (relaxed).
    Per (topic, stance), the top 50% of arguments by score are kept (dummies then get
    score 0.99) and their average precision is taken; the mAP is the mean over groups.
    """
    rows = []  # (topic, stance, score, label or None, dummy)
    for arg_id, (_, topic, stance) in data.args.items():
        cand = scores.get(arg_id) or {}
        if cand:
            kp, s = max(cand.items(), key=lambda kv: kv[1])
            rows.append((topic, stance, float(s), data.labels.get((arg_id, kp)), False))
        else:
            rows.append((topic, stance, 0.0, 0, True))
    groups: dict[tuple[str, int], list] = {}
    for r in rows:
        groups.setdefault((r[0], r[1]), []).append(r)
    strict, relaxed = [], []
    for key in sorted(groups):
        g = sorted(groups[key], key=lambda r: -r[2])  # pandas sort_values: stable mergesort? quicksort; ties rare
        top = g[: int(len(g) * 0.5)]
        sc = np.array([0.99 if r[4] else r[2] for r in top])
        ys = np.array([0 if r[3] is None else r[3] for r in top])
        yr = np.array([1 if r[3] is None else r[3] for r in top])
        strict.append(_average_precision(ys, sc))
        relaxed.append(_average_precision(yr, sc))
    return float(np.mean(strict)), float(np.mean(relaxed))

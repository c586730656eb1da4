"""The KPA-2021 strict/relaxed mAP, checked against hand-computed values."""
from __future__ import annotations

import pytest

from conflictlens.claims.data import ArgKP, kpa_map


def _data(labels):
    args = {f"a{i}": (f"arg {i}", "T", 1) for i in range(4)}
    kps = {"k0": ("kp 0", "T", 1), "k1": ("kp 1", "T", 1)}
    return ArgKP(args, kps, labels)


def test_perfect_ranking_gives_one():
    data = _data({("a0", "k0"): 1, ("a1", "k1"): 1, ("a2", "k0"): 0, ("a3", "k1"): 0})
    scores = {"a0": {"k0": 0.9, "k1": 0.1}, "a1": {"k1": 0.8, "k0": 0.1},
              "a2": {"k0": 0.3, "k1": 0.2}, "a3": {"k1": 0.2, "k0": 0.1}}
    strict, relaxed = kpa_map(data, scores)
    assert strict == pytest.approx(1.0) and relaxed == pytest.approx(1.0)


def test_only_top_half_counts_and_undecided_pairs_split_strict_from_relaxed():
    # a0's best key point is undecided (no label): wrong when strict, right when relaxed.
    data = _data({("a1", "k1"): 1, ("a2", "k0"): 1, ("a3", "k1"): 0})
    scores = {"a0": {"k0": 0.9}, "a1": {"k1": 0.8}, "a2": {"k0": 0.1}, "a3": {"k1": 0.05}}
    strict, relaxed = kpa_map(data, scores)
    # Top 50% = a0 (0.9), a1 (0.8). Strict labels [0, 1] -> AP 0.5; relaxed [1, 1] -> 1.0.
    assert strict == pytest.approx(0.5)
    assert relaxed == pytest.approx(1.0)


def test_argument_without_prediction_is_a_wrong_dummy():
    data = _data({("a1", "k1"): 1, ("a2", "k0"): 1, ("a3", "k1"): 1})
    scores = {"a1": {"k1": 0.5}, "a2": {"k0": 0.4}, "a3": {"k1": 0.3}}  # a0 has none
    strict, _ = kpa_map(data, scores)
    # Top half: a1 (0.5, label 1), a2 (0.4, label 1); the dummy (0.0) falls out.
    assert strict == pytest.approx(1.0)
    scores["a1"] = {"k0": 0.5}  # now a1's best kp is undecided
    strict, relaxed = kpa_map(data, scores)
    assert strict < 1.0 and relaxed == pytest.approx(1.0)

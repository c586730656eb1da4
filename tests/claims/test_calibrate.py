"""The rule that picks the corpus oppose cut from held-out pairs (claims/calibrate.py)."""
from __future__ import annotations

import numpy as np

from conflictlens.claims.calibrate import curve, oppose_cut


def test_oppose_cut_matches_the_support_precision():
    # support side (P >= 0.5): 3 of 4 right -> target precision 0.75.
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.12, 0.18, 0.22, 0.28, 0.33, 0.45])
    y = np.array([1, 1, 1, 0, 0, 0, 0, 1, 0, 1], dtype=bool)
    cut, target = oppose_cut(p, y)
    assert target == 0.75
    # below 0.45: 4 of 5 undermining (0.8 >= 0.75); below 0.5: 4 of 6 (0.67) -> 0.45
    assert cut == 0.45
    assert (~y[p < cut]).mean() >= target


def test_no_cut_when_low_scores_are_not_reliable():
    p = np.array([0.9, 0.8, 0.2, 0.1])
    y = np.array([1, 1, 1, 1], dtype=bool)
    assert oppose_cut(p, y)[0] == 0.0


def test_curve_rows():
    rows = curve(np.array([0.1, 0.9]), np.array([0, 1], dtype=bool))
    mid = next(r for r in rows if r["cut"] == 0.5)
    assert mid["accuracy"] == 1.0 and mid["oppose_n"] == 1 and mid["support_n"] == 1


def test_membership_cut_is_the_lowest_cosine_matched_more_often_than_not():
    from conflictlens.claims.calibrate import membership_cut

    cos = np.array([0.30, 0.50, 0.60, 0.70, 0.80, 0.90])
    matched = np.array([0, 0, 1, 0, 1, 1], dtype=bool)
    # all pairs: 3 of 6 matched (0.5); above 0.30: 3 of 5 (0.6); above 0.50: 3 of 4 (0.75)
    assert membership_cut(cos, matched) == 0.0
    assert membership_cut(cos, matched, precision=0.55) == 0.31
    assert membership_cut(cos, matched, precision=0.7) == 0.51
    assert membership_cut(cos, np.zeros(6, dtype=bool)) == 1.0


def test_contrastive_clause_split_skips_but_also():
    from conflictlens.claims.calibrate import _CONTRAST

    assert _CONTRAST.split("The strikes hit the rebels, but they spared the jihadists.")[-1] == "they spared the jihadists."
    assert len(_CONTRAST.split("Not only the rebels but also the civilians were hit.")) == 1

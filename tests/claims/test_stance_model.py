"""The shipped stance cross-encoder (claims/models/stance.onnx), run by onnxruntime."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from conflictlens.claims.stance import support_proba


def test_probabilities_shape_and_range():
    p = support_proba(["Social media does more harm than good."] * 2,
                      ["Social media spreads lies and hurts teenagers.", "Social media connects families far apart."])
    assert p.shape == (2,) and p.dtype == np.float32
    assert np.all((p >= 0.0) & (p <= 1.0))
    assert support_proba([], []).shape == (0,)
    with pytest.raises(ValueError):
        support_proba(["a claim"], [])


def test_heldout_claims_mostly_right(shared):
    # The train-internal held-out claims (every 10th Perspectrum train claim, never trained
    # on): 0.73 accuracy over all 697 pairs (int8, pair by pair); chance is 0.5. A slice keeps the test quick.
    from conflictlens.claims.train import training_pairs

    _, held = training_pairs(shared("eval", "claims"))
    held = held[:150]
    p = support_proba([c for c, _, _ in held], [t for _, t, _ in held])
    acc = float(np.mean((p >= 0.5) == np.array([y for *_, y in held], dtype=bool)))
    assert acc > 0.6


def test_score_of_a_pair_does_not_depend_on_its_neighbours():
    claims = ["Zoos should be banned."] * 3 + ["Homework should be abolished."] * 2
    texts = ["Animals suffer in cages.", "Zoos protect endangered species.", "Zoos educate children.",
             "Children need time to play.", "Homework builds discipline."]
    alone = np.array([support_proba([c], [t])[0] for c, t in zip(claims, texts)])
    together = support_proba(claims[::-1], texts[::-1])[::-1]
    assert np.allclose(alone, together, atol=1e-6)


def test_runtime_needs_no_torch():
    code = ("import sys; from conflictlens.claims.stance import support_proba; "
            "support_proba(['a b c'], ['d e f']); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

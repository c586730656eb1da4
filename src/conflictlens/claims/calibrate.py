"""Choose the corpus stance band from the train-internal held-out pairs: ``python -m conflictlens.claims.calibrate``.

The corpus stage turns the cross-encoder's P(support) into support (P >= SUPPORT_MIN),
oppose (P < OPPOSE_MAX) or neutral (between). Both cuts are read off pairs the model never
trained on and that are not dev: the held-out Perspectrum train claims (every
HOLDOUT_EVERY-th, the split that picks the training epoch; one claim sentence vs one
perspective sentence, the shape of a key point vs a news sentence). Rule:

- SUPPORT_MIN stays at 0.5, the cut of the training objective (held-out accuracy is flat
  around it: 0.70-0.71 from 0.30 to 0.52 with the first model, so moving it is noise);
- OPPOSE_MAX is the highest cut (grid step GRID) whose oppose precision on the held-out
  pairs is at least the support precision at SUPPORT_MIN: an analyst can trust an
  ``oppose`` as much as a ``support``. Pairs between the two cuts stay neutral.

Prints the precision curve and the chosen cuts as JSON; copy them into claims/corpus.py
after retraining the model (claims/train.py), then re-run tests/claims/test_seeds.py.
"""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np

LOGGER = logging.getLogger(__name__)

SUPPORT_MIN = 0.5
GRID = 0.05


def oppose_cut(p: np.ndarray, y: np.ndarray, support_min: float = SUPPORT_MIN, grid: float = GRID) -> tuple[float, float]:
    """(OPPOSE_MAX, target precision): the highest grid cut t <= support_min where pairs with
    P < t are undermining at least as often as pairs with P >= support_min are supporting."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=bool)
    sup = p >= support_min
    target = float(y[sup].mean()) if sup.any() else 1.0
    best = 0.0
    for t in np.arange(grid, support_min + grid / 2, grid):
        low = p < t
        if low.any() and float((~y[low]).mean()) >= target:
            best = float(round(t, 6))
    return best, target


def curve(p: np.ndarray, y: np.ndarray, grid: float = GRID) -> list[dict]:
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=bool)
    out = []
    for t in np.arange(grid, 1.0, grid):
        low, high = p < t, p >= t
        out.append({"cut": round(float(t), 3), "oppose_n": int(low.sum()),
                    "oppose_precision": round(float((~y[low]).mean()), 4) if low.any() else None,
                    "support_n": int(high.sum()),
                    "support_precision": round(float(y[high].mean()), 4) if high.any() else None,
                    "accuracy": round(float(((p >= t) == y).mean()), 4)})
    return out


def calibrate(data: Path) -> dict:
    from .stance import support_proba
    from .train import training_pairs

    _, held = training_pairs(data)
    p = support_proba([c for c, _, _ in held], [t for _, t, _ in held])
    y = np.array([lab for *_, lab in held], dtype=bool)
    cut, target = oppose_cut(p, y)
    return {"heldout_pairs": len(held), "support_min": SUPPORT_MIN, "support_precision": round(target, 4),
            "oppose_max": cut, "accuracy_at_support_min": round(float(((p >= SUPPORT_MIN) == y).mean()), 4),
            "min_p": round(float(p.min()), 4), "curve": curve(p, y)}


def main(argv: list[str] | None = None) -> None:
    from .train import DEFAULT_DATA

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with argkp/ and perspectrum/")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(json.dumps(calibrate(a.data), indent=1))  # noqa: T201 - command-line entry point


if __name__ == "__main__":
    main()

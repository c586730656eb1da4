"""Train the stance classifier: ``python -m conflictlens.claims.train [--data DIR] [--out FILE]``.

Deterministic (fixed seeds, full-batch lbfgs). Training data, train splits only:
Perspectrum (claim, perspective, SUPPORT/UNDERMINE) pairs and ArgKP-2021 (topic,
argument, stance) pairs. Writes ``models/stance.npz`` inside the package.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np

from ..nlp.embeddings import embed
from .data import load_argkp, load_perspectrum
from .model import StanceModel

LOGGER = logging.getLogger(__name__)

# Inverse regularisation of the logistic regression: 0.1 and 0.3 tried, 0.3 kept
# (Perspectrum dev accuracy 0.658 vs 0.646). Re-run `conflictlens eval claims --data
# ../shared/eval/claims/perspectrum` after a change.
C = 0.3
PCA_DIMS = 48  # claim x text interaction features: 48 x 48
DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "claims"
DEFAULT_OUT = Path(__file__).resolve().parent / "models" / "stance.npz"


def training_pairs(data: Path) -> list[tuple[str, str, int]]:
    pairs = [(x.claim, x.perspective, int(x.stance == "support"))
             for x in load_perspectrum(data / "perspectrum", "train")]
    kp = load_argkp(data / "argkp", "train")
    pairs += [(topic, text, int(stance == 1)) for text, topic, stance in kp.args.values()]
    return pairs


def train(data: Path = DEFAULT_DATA, out: Path = DEFAULT_OUT) -> dict:
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression

    pairs = training_pairs(data)
    texts = sorted({t for c, p, _ in pairs for t in (c, p)})
    LOGGER.info("embedding %d texts", len(texts))
    vec = dict(zip(texts, embed(texts)))
    c_texts = [c for c, _, _ in pairs]
    p_texts = [p for _, p, _ in pairs]
    cv = np.array([vec[t] for t in c_texts])
    pv = np.array([vec[t] for t in p_texts])
    y = np.array([s for *_, s in pairs])
    persp = load_perspectrum(data / "perspectrum", "train")
    pca = PCA(PCA_DIMS, random_state=0).fit(
        np.array([vec[x.perspective] for x in persp] + [vec[x.claim] for x in persp]))
    proto = StanceModel(np.zeros(1), 0.0, pca.mean_.astype(np.float32), pca.components_.astype(np.float32))
    X = proto.features(cv, pv, c_texts, p_texts)
    clf = LogisticRegression(C=C, max_iter=3000).fit(X, y)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, coef=clf.coef_[0].astype(np.float32), intercept=np.float32(clf.intercept_[0]),
                        pca_mean=proto.pca_mean, pca_components=proto.pca_components)
    acc = float((clf.predict(X) == y).mean())
    LOGGER.info("wrote %s (%d pairs, train accuracy %.3f)", out, len(pairs), acc)
    return {"pairs": len(pairs), "train_accuracy": acc, "out": str(out)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with argkp/ and perspectrum/")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(train(a.data, a.out))  # noqa: T201 - command-line entry point


if __name__ == "__main__":
    main()

"""Five-class CAMEO (pentacode) sentence classifier: TF-IDF word 1-2-grams + logistic regression.

Trained by ``python -m conflictlens.events.train`` on the ConfliBERT CAMEO training file
(minus a seeded held-out split) and shipped as plain arrays (``models/pentacode.npz``:
vocabulary, idf, coefficients), so no pickle is loaded. The vectoriser reproduces
scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`` exactly (the
training script checks that both give the same scores).
"""
from __future__ import annotations

import functools
import io
import math
import re
from importlib import resources

import numpy as np

from ..errors import Errors
from .errors import EventsError

MODEL_FILE = "pentacode.npz"
TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


def ngrams(text: str) -> list[str]:
    toks = TOKEN_RE.findall(text.lower())
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]


class PentacodeModel:
    def __init__(self, vocab: list[str], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray):
        self.index = {w: i for i, w in enumerate(vocab)}
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)
        self.intercept = intercept.astype(np.float64)

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts: dict[int, int] = {}
        for g in ngrams(text):
            j = self.index.get(g)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64)
        val = np.array([1.0 + math.log(c) for c in counts.values()]) * self.idf[idx]
        return idx, val / np.linalg.norm(val)

    def proba(self, texts: list[str]) -> np.ndarray:
        """(n, 5) class probabilities."""
        out = np.empty((len(texts), self.coef.shape[0]))
        for i, t in enumerate(texts):
            idx, val = self._vector(t)
            z = self.coef[:, idx] @ val + self.intercept
            z = np.exp(z - z.max())
            out[i] = z / z.sum()
        return out

    def predict(self, texts: list[str]) -> list[int]:
        return [int(i) for i in self.proba(texts).argmax(1)] if texts else []


@functools.lru_cache(maxsize=1)
def load_pentacode() -> PentacodeModel:
    try:
        data = resources.files("conflictlens.events").joinpath("models", MODEL_FILE).read_bytes()
    except FileNotFoundError as exc:
        raise EventsError(Errors.E401.format(name=MODEL_FILE)) from exc
    z = np.load(io.BytesIO(data), allow_pickle=False)
    return PentacodeModel([str(w) for w in z["vocab"]], z["idf"], z["coef"], z["intercept"])

"""Claim similarity, key-point matching and the stance classifier (all on MiniLM vectors).

The stance model is a logistic regression over pair features of (claim, text) sentence
embeddings, trained by ``python -m conflictlens.claims.train`` and shipped as
``models/stance.npz`` (a few hundred kB, loaded with importlib.resources).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np

from ..errors import ClaimsError, Errors

# Share of the topic direction removed from argument and key-point vectors before they are
# compared: everything in one debate shares the topic, which swamps the cosine. Chosen on
# ArgKP *train* (0.3/0.5/0.7 tried; 0.7 best, strict mAP 0.695 vs 0.654 plain cosine);
# re-run `conflictlens eval claims --data ../shared/eval/claims/argkp` after changing it.
TOPIC_REMOVAL = 0.7
# Softmax temperature over the candidate key points of one argument: the mAP ranks
# arguments by their best score, and a softmax makes scores comparable across arguments.
# Chosen on ArgKP train (0.02/0.05/0.1 tried; 0.1 best); same eval to re-run.
MATCH_TEMPERATURE = 0.1
# Words whose presence signals negative polarity; used as three stance features.
NEGATION = re.compile(
    r"\b(not|no|never|cannot|can't|won't|isn't|shouldn't|doesn't|don't|didn't|harm\w*|bad|fail\w*|"
    r"unfair|danger\w*|wrong|risk\w*|lack|against|neither|nor)\b", re.I)


def _norm(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def remove_topic(vecs: np.ndarray, topic: np.ndarray, share: float = TOPIC_REMOVAL) -> np.ndarray:
    return _norm(vecs - share * np.outer(vecs @ topic, topic))


def match_scores(args: np.ndarray, kps: np.ndarray, topic: np.ndarray | None = None,
                 temperature: float = MATCH_TEMPERATURE) -> np.ndarray:
    """(n_args, n_kps) match probabilities: softmax over key points of topic-free cosines."""
    if topic is not None:
        args, kps = remove_topic(args, topic), remove_topic(kps, topic)
    s = args @ kps.T / temperature
    s = np.exp(s - s.max(axis=1, keepdims=True))
    return s / s.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class StanceModel:
    """Logistic regression on [c*p, |c-p|, p, c, pca(c) x pca(p), negation cues]."""

    coef: np.ndarray
    intercept: float
    pca_mean: np.ndarray
    pca_components: np.ndarray

    def features(self, claim_vecs: np.ndarray, text_vecs: np.ndarray,
                 claim_texts: list[str], texts: list[str]) -> np.ndarray:
        c, p = claim_vecs, text_vecs
        cr = (c - self.pca_mean) @ self.pca_components.T
        pr = (p - self.pca_mean) @ self.pca_components.T
        outer = np.einsum("ni,nj->nij", cr, pr).reshape(len(c), -1) * 3.0
        nc = np.array([bool(NEGATION.search(t)) for t in claim_texts], dtype=np.float32)
        npp = np.array([bool(NEGATION.search(t)) for t in texts], dtype=np.float32)
        cues = np.stack([nc, npp, np.logical_xor(nc, npp).astype(np.float32)], axis=1)
        return np.concatenate([c * p, np.abs(c - p), p, c, outer, cues], axis=1).astype(np.float32)

    def support_proba(self, claim_vecs, text_vecs, claim_texts, texts) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros(0)
        z = self.features(np.asarray(claim_vecs), np.asarray(text_vecs), list(claim_texts), list(texts)) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


STANCE_FILE = "stance.npz"


@functools.lru_cache(maxsize=1)
def load_stance_model() -> StanceModel:
    ref = resources.files("conflictlens.claims").joinpath("models", STANCE_FILE)
    try:
        with ref.open("rb") as fh:
            z = np.load(fh)
            return StanceModel(z["coef"], float(z["intercept"]), z["pca_mean"], z["pca_components"])
    except (FileNotFoundError, OSError, KeyError) as exc:
        raise ClaimsError(Errors.E601.format(path=str(ref), reason=str(exc))) from exc

"""Claim similarity and key-point matching on MiniLM sentence vectors.

(Stance is a cross-encoder over the two texts: see stance.py.)
"""
from __future__ import annotations


import numpy as np


# Share of the topic direction removed from argument and key-point vectors before they are
# compared: everything in one debate shares the topic, which swamps the cosine. Chosen on
# ArgKP *train* (0.3/0.5/0.7 tried; 0.7 best, strict mAP 0.695 vs 0.654 plain cosine);
# re-run `conflictlens eval claims --data ../shared/eval/claims/argkp` after changing it.
TOPIC_REMOVAL = 0.7
# Softmax temperature over the candidate key points of one argument: the mAP ranks
# arguments by their best score, and a softmax makes scores comparable across arguments.
# Chosen on ArgKP train (0.02/0.05/0.1 tried; 0.1 best); same eval to re-run.
MATCH_TEMPERATURE = 0.1


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

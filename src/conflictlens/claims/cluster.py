"""Grouping claim mentions that state the same proposition (or its negation).

Average-linkage agglomerative clustering on cosine distance, cut at a similarity
threshold: the number of claims in a corpus is unknown, so a distance cut is needed
rather than k; average linkage keeps clusters from chaining through one bridging
sentence (single linkage) while tolerating paraphrase spread better than complete
linkage. A proposition and its negation embed close together in MiniLM (the words are
the same), so they fall in one cluster and stance tells them apart.
"""
from __future__ import annotations

import numpy as np

# Cosine similarity above which two perspectives join one cluster (average linkage), used
# by the Perspectrum clustering eval. Calibrated on Perspectrum *train* perspective
# clusters: pooled ARI 0.40 at 0.62, 0.52 at 0.70, 0.55 at 0.75 (best), 0.49 at 0.80.
# Re-run `conflictlens eval claims --data ../shared/eval/claims/perspectrum` (cluster_ari).
CLUSTER_THRESHOLD = 0.75


def cluster_vectors(vecs: np.ndarray, threshold: float = CLUSTER_THRESHOLD) -> list[int]:
    """Cluster labels 0..k-1 for unit vectors; deterministic, labels in first-seen order."""
    n = len(vecs)
    if n == 0:
        return []
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    dist = np.clip(pdist(np.asarray(vecs, dtype=np.float64), metric="cosine"), 0.0, 2.0)
    z = linkage(dist, method="average")
    raw = fcluster(z, t=1.0 - threshold, criterion="distance")
    remap: dict[int, int] = {}
    return [remap.setdefault(int(r), len(remap)) for r in raw]


# Corpus claims are built the way Key Point Analysis builds key points: a short claim
# sentence that many *other documents* match becomes a key point; every mention close
# enough to it joins it. Sentences across one corpus share its topic (Syria, the war),
# which inflates all cosines, so part of the corpus mean direction is removed first, as
# the ArgKP matcher removes the debate topic (model.TOPIC_REMOVAL).
# Both constants were set by reading the clusters on the five reference articles
# (../shared/corpus/seeds; 0.3-0.7 share and 0.45-0.6 similarity tried): 0.7 removal kept
# only one claim, 0.5+ similarity split "cannot defeat ISIS" from "has defeated ISIS".
# Re-run tests/claims/test_seeds.py after a change.
CORPUS_TOPIC_REMOVAL = 0.3
KEY_POINT_SIMILARITY = 0.45
KEY_POINT_MAX_WORDS = 35  # a key point is a short sentence; long ones make vague labels


def key_point_clusters(vecs: np.ndarray, doc_ids: list[str], n_words: list[int],
                       similarity: float = KEY_POINT_SIMILARITY,
                       topic_removal: float = CORPUS_TOPIC_REMOVAL) -> tuple[list[int], dict[int, int]]:
    """Greedy key-point selection: (cluster label per mention, cluster -> key point index).

    Repeatedly picks the unassigned short sentence whose unassigned neighbours (similarity
    >= ``similarity``) span the most documents (ties: larger summed similarity, then
    earlier index), and assigns those neighbours to it. Stops when no candidate reaches
    two documents; each remaining mention is its own claim. Deterministic.
    """
    from .model import remove_topic

    n = len(vecs)
    if n == 0:
        return [], {}
    v = np.asarray(vecs, dtype=np.float32)
    topic = v.mean(0)
    topic /= max(float(np.linalg.norm(topic)), 1e-12)
    u = remove_topic(v, topic, topic_removal)
    sim = u @ u.T
    docs = np.array(doc_ids)
    words = np.array(n_words)
    label = np.full(n, -1)
    key_of: dict[int, int] = {}
    while True:
        free = label < 0
        best = None
        for i in np.where(free & (words <= KEY_POINT_MAX_WORDS))[0]:
            cov = np.where((sim[i] >= similarity) & free)[0]
            nd = len(set(docs[cov]))
            if nd < 2:
                continue
            key = (nd, float(sim[i, cov].sum()))
            if best is None or key > best[0]:
                best = (key, int(i), cov)
        if best is None:
            break
        _, i, cov = best
        c = len(key_of)
        label[cov] = c
        key_of[c] = i
    for i in np.where(label < 0)[0]:
        c = len(key_of)
        label[i] = c
        key_of[c] = int(i)
    return [int(x) for x in label], key_of

"""Approximate (IVF) vs exact key-point clustering on one store's claim embeddings.

    .venv/bin/python bench/cluster_recall.py --db STORE.duckdb [--limit N]

Reads the store's claim-mention vectors (read-only), runs claims.cluster's exact all-pairs
neighbour search and its inverted-file search on the same vectors, and prints: recall of
the neighbour pairs (cosine >= KEY_POINT_SIMILARITY, among each row's MAX_NEIGHBOURS
exact ones), seconds and memory of each, and how far the claims agree (adjusted Rand index,
share of mentions whose claim has the same key point). Light: ~1-2 min on 35k mentions.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from conflictlens.claims import cluster as C  # noqa: E402
from conflictlens.claims.model import remove_topic  # noqa: E402


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def load(db: Path, limit: int | None) -> tuple[np.ndarray, list[int], list[int]]:
    from conflictlens.claims.corpus import _load
    from conflictlens.store import Store

    with Store(db, read_only=True) as store:
        rows, V, has = _load(store)
    keep = np.flatnonzero(has)[:limit] if limit else np.flatnonzero(has)
    return V[keep], [int(rows.doc_code[i]) for i in keep], [len(rows.text[i].split()) for i in keep]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cell-size", type=int, default=None, help="override IVF_CELL_SIZE (small stores)")
    ap.add_argument("--probe", type=int, default=None, help="override IVF_PROBE")
    args = ap.parse_args(argv)
    C.IVF_CELL_SIZE = args.cell_size or C.IVF_CELL_SIZE
    C.IVF_PROBE = args.probe or C.IVF_PROBE
    import os

    from sklearn.metrics import adjusted_rand_score

    V, docs, words = load(args.db, args.limit)
    n = len(V)
    print(f"{n:,} claim mentions with vectors; load average {os.getloadavg()[0]:.1f}")
    topic = V.mean(0)
    topic /= np.linalg.norm(topic)
    u = remove_topic(V, topic, C.CORPUS_TOPIC_REMOVAL).astype(np.float32)
    t0, r0 = time.perf_counter(), _rss_mb()
    ex_idx, _ = C._neighbours(u, C.KEY_POINT_SIMILARITY)
    t_ex, m_ex = time.perf_counter() - t0, _rss_mb() - r0
    u16 = u.astype(np.float16)
    cap = C.neighbour_cap(n, 6)
    t0, r0 = time.perf_counter(), _rss_mb()
    iv_idx, _, searched = C._ivf_neighbours(u16, C.KEY_POINT_SIMILARITY, C.MAX_NEIGHBOURS)
    t_iv, m_iv = time.perf_counter() - t0, _rss_mb() - r0
    # Recall of the exact pairs among the rows the IVF search compared (uncapped on both sides
    # up to MAX_NEIGHBOURS): a pair is found when the IVF list of the row holds it.
    found = total = 0
    reach = 0
    for i in range(n):
        e = ex_idx[i]
        total += len(e)
        found += len(np.intersect1d(e, iv_idx[i], assume_unique=True))
        reach += len(np.intersect1d(e, searched[i], assume_unique=True))
    print(f"exact scan : {t_ex:6.1f} s, +{m_ex:5.0f} MB RSS (lists, MAX_NEIGHBOURS {C.MAX_NEIGHBOURS})")
    print(f"IVF search : {t_iv:6.1f} s, +{m_iv:5.0f} MB RSS (cells of ~{C.IVF_CELL_SIZE}, probe {C.IVF_PROBE}, "
          f"same cap); compared {np.mean([len(s) for s in searched]):,.0f} mentions per row of {n:,}")
    print(f"neighbour-pair recall: {found / max(total, 1):.3f} of {total:,} exact pairs listed; "
          f"{reach / max(total, 1):.3f} within the probed cells")
    del ex_idx, iv_idx, searched
    saved = C.EXACT_MAX_MENTIONS
    t0 = time.perf_counter()
    ex_lab, ex_key = C.key_point_clusters(V, docs, words)
    t_ex = time.perf_counter() - t0
    C.EXACT_MAX_MENTIONS = 0  # force the IVF path on the same vectors
    try:
        r0 = _rss_mb()
        t0 = time.perf_counter()
        iv_lab, iv_key = C.key_point_clusters(V, docs, words)
        t_iv = time.perf_counter() - t0
    finally:
        C.EXACT_MAX_MENTIONS = saved
    ex_kp = np.array([ex_key[c] for c in ex_lab])
    iv_kp = np.array([iv_key[c] for c in iv_lab])
    multi = lambda lab: sum(1 for c in np.bincount(lab) if c > 1)  # noqa: E731
    print(f"claims     : exact {len(ex_key):,} ({multi(ex_lab):,} with 2+ mentions) in {t_ex:.1f} s; "
          f"IVF {len(iv_key):,} ({multi(iv_lab):,}) in {t_iv:.1f} s (cap for n={n:,}: {cap})")
    print(f"agreement  : ARI {adjusted_rand_score(ex_lab, iv_lab):.3f}; same key point for "
          f"{np.mean(ex_kp == iv_kp):.3f} of mentions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

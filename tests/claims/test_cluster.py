"""Key-point clustering at scale: the blocked, sparse, lazy-heap selection gives the same
claims as the exact all-pairs scan it replaced, and never builds an n x n matrix."""
from __future__ import annotations

import numpy as np

from conflictlens.claims import cluster as C
from conflictlens.claims.model import remove_topic


def _reference(vecs, doc_ids, n_words, similarity=C.KEY_POINT_SIMILARITY, topic_removal=C.CORPUS_TOPIC_REMOVAL):
    """The original exact algorithm: full similarity matrix, every candidate scanned each round."""
    v = np.asarray(vecs, dtype=np.float32)
    topic = v.mean(0)
    topic /= np.linalg.norm(topic)
    u = remove_topic(v, topic, topic_removal).astype(np.float32)
    sim = u @ u.T
    docs, words = np.array(doc_ids), np.array(n_words)
    label = np.full(len(v), -1)
    key_of = {}
    while True:
        free = label < 0
        best = None
        for i in np.where(free & (words <= C.KEY_POINT_MAX_WORDS))[0]:
            cov = np.where((sim[i] >= similarity) & free)[0]
            nd = len(set(docs[cov]))
            if nd < 2:
                continue
            key = (nd, float(sim[i, cov].sum(dtype=np.float64)))
            if best is None or key > best[0]:
                best = (key, int(i), cov)
        if best is None:
            break
        _, i, cov = best
        label[cov] = len(key_of)
        key_of[len(key_of)] = i
    for i in np.where(label < 0)[0]:
        label[i] = len(key_of)
        key_of[len(key_of)] = int(i)
    return [int(x) for x in label], key_of


def _corpus(n=1500, topics=60, docs=150, seed=3):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(topics, 384))
    which = rng.integers(0, topics, n)
    v = centres[which] + rng.normal(scale=1.1, size=(n, 384))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    doc_ids = [f"d{d}" for d in rng.integers(0, docs, n)]
    n_words = list(rng.integers(5, 60, n))
    return v.astype(np.float32), doc_ids, n_words


def test_sparse_selection_equals_the_exact_scan(monkeypatch):
    v, d, w = _corpus()
    monkeypatch.setattr(C, "BLOCK_ROWS", 256)  # several blocks
    got = C.key_point_clusters(v, d, w)
    want = _reference(v, d, w)
    assert got == want
    n_claims = len(set(got[0]))
    assert 1 < n_claims < len(v)  # real grouping happened, not all-singletons or one blob


def test_neighbour_cap_bounds_each_row_but_not_claims(monkeypatch):
    v, d, w = _corpus(n=600, topics=3)
    monkeypatch.setattr(C, "MAX_NEIGHBOURS", 20)
    idx, sims = C._neighbours(v, 0.0)
    assert max(len(i) for i in idx) == 20
    assert all(np.all(np.diff(i) > 0) for i in idx)  # ascending, no duplicates
    labels, key_of = C.key_point_clusters(v, d, w)
    assert len(labels) == len(v)
    # a key point whose list was cut takes all its free neighbours, beyond the 20 listed
    assert np.bincount(labels).max() > 20


def test_cap_follows_the_memory_budget():
    assert C.neighbour_cap(2_062, 8) == C.MAX_NEIGHBOURS  # FA-KES: never capped below 2,048
    assert C.neighbour_cap(35_485, 8) * 35_485 * 8 <= C.NEIGHBOUR_BYTES
    assert C.neighbour_cap(355_000, 6) * 355_000 * 6 <= C.NEIGHBOUR_BYTES
    assert C.neighbour_cap(10**9, 6) == C.MIN_NEIGHBOURS


def test_ivf_search_probing_every_cell_finds_every_exact_pair(monkeypatch):
    v, d, w = _corpus(n=1200, topics=12)
    monkeypatch.setattr(C, "IVF_CELL_SIZE", 100)  # 12 cells
    monkeypatch.setattr(C, "IVF_PROBE", 12)
    exact, _ = C._neighbours(v, C.KEY_POINT_SIMILARITY)
    ivf, sims, searched = C._ivf_neighbours(v.astype(np.float16), C.KEY_POINT_SIMILARITY, C.MAX_NEIGHBOURS)
    assert all(len(s) == len(v) for s in searched)  # every cell probed: every row compared
    # float16 rows move a similarity by < 0.005: pairs clear of the cut are found exactly.
    full = v @ v.T
    for i in range(len(v)):
        clear = {int(j) for j in exact[i] if full[i, j] >= C.KEY_POINT_SIMILARITY + 0.005}
        assert clear <= set(ivf[i].tolist())
        assert np.all(np.diff(ivf[i]) > 0) and sims[i].dtype == np.float16


def test_ivf_path_probing_few_cells_still_groups_like_the_exact_scan(monkeypatch):
    from sklearn.metrics import adjusted_rand_score

    v, d, w = _corpus(n=1500, topics=30)
    exact = C.key_point_clusters(v, d, w)
    monkeypatch.setattr(C, "EXACT_MAX_MENTIONS", 0)  # force the large-corpus path
    monkeypatch.setattr(C, "IVF_CELL_SIZE", 100)  # 15 cells, each compared with 4 of them
    monkeypatch.setattr(C, "IVF_PROBE", 4)
    approx = C.key_point_clusters(v, d, w)
    assert len(approx[0]) == len(v)
    assert adjusted_rand_score(exact[0], approx[0]) > 0.8


def test_ivf_cap_bounds_lists_but_not_claims(monkeypatch):
    v, d, w = _corpus(n=800, topics=2)  # two big topics: rows have hundreds of neighbours
    monkeypatch.setattr(C, "EXACT_MAX_MENTIONS", 0)
    monkeypatch.setattr(C, "IVF_CELL_SIZE", 200)
    monkeypatch.setattr(C, "NEIGHBOUR_BYTES", 6 * 800 * 40)  # cap 40 per mention
    monkeypatch.setattr(C, "MIN_NEIGHBOURS", 8)
    idx, _, _ = C._ivf_neighbours(v.astype(np.float16), C.KEY_POINT_SIMILARITY, 40)
    assert max(len(i) for i in idx) == 40
    labels, key_of = C.key_point_clusters(v, d, w)
    # a chosen key point takes all its free neighbours, beyond the 40 that ranked it
    assert np.bincount(labels).max() > 40


def test_overwrite_reuses_float16_rows_on_the_ivf_path_only(monkeypatch):
    v, d, w = _corpus(n=600, topics=20)
    exact_in = v.copy()
    assert C.key_point_clusters(exact_in, d, w, overwrite=True) == C.key_point_clusters(v, d, w)
    assert np.array_equal(exact_in, v)  # the exact path never touches its input
    monkeypatch.setattr(C, "EXACT_MAX_MENTIONS", 0)
    monkeypatch.setattr(C, "IVF_CELL_SIZE", 100)
    half = v.astype(np.float16)
    kept = C.key_point_clusters(half.copy(), d, w)
    scratch = half.copy()
    assert C.key_point_clusters(scratch, d, w, overwrite=True) == kept  # same claims
    assert not np.array_equal(scratch, half)  # its rows became the topic-free unit rows
    assert np.allclose(np.linalg.norm(scratch.astype(np.float32), axis=1), 1.0, atol=2e-3)


def test_duckdb_memory_limit_is_lowered_inside_and_restored(store):
    def limit():
        return store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    store.con.execute("SET memory_limit = '300MB'")
    with store.memory_limit("64MB"):
        assert limit().startswith("61")  # 64 MB = 61.0 MiB
    assert limit().startswith("286")  # 300 MB = 286.1 MiB again


def _resident_kb(marker: str) -> int:
    """Resident KB of this process's mappings of files whose path contains ``marker`` (/proc/self/smaps;
    a Scratch file is an unlinked temporary file in its folder)."""
    total, inside = 0, False
    with open("/proc/self/smaps") as fh:
        for line in fh:
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                inside = marker in line
            elif inside and line.startswith("Rss:"):
                total += int(head[1])
    return total


def test_scratch_arrays_give_the_same_claims_and_drop_their_pages(monkeypatch, tmp_path):
    v, d, w = _corpus(n=1500, topics=30)
    monkeypatch.setattr(C, "EXACT_MAX_MENTIONS", 0)  # the large-corpus path
    monkeypatch.setattr(C, "IVF_CELL_SIZE", 100)
    monkeypatch.setattr(C, "SCRATCH_WINDOW_ROWS", 64)  # many windows per gather
    monkeypatch.setattr(C, "NEIGHBOUR_BYTES", 6 * 1500 * 40)  # lists cut at 40: the recomputed branch runs too
    monkeypatch.setattr(C, "MIN_NEIGHBOURS", 8)
    half = v.astype(np.float16)
    kept = C.key_point_clusters(half.copy(), d, w, overwrite=True)
    scratch = C.Scratch(str(tmp_path))
    on_disk = scratch.empty(half.shape, np.float16)
    assert on_disk.flags.writeable and not on_disk.any()  # a new file reads as zeros
    on_disk[:] = half
    assert _resident_kb(str(tmp_path)) > 0
    scratch.release()
    assert _resident_kb(str(tmp_path)) == 0  # pages dropped, data kept
    assert np.array_equal(on_disk, half)
    assert C.key_point_clusters(on_disk, d, w, overwrite=True, scratch=scratch) == kept
    assert len(scratch._maps) == 3  # the rows, and the two neighbour-list files


def test_scratch_on_a_ram_file_system_stays_in_memory():
    scratch = C.Scratch("/dev/shm")
    if scratch.folder is not None:  # /dev/shm is not a tmpfs on this machine
        return
    a = scratch.empty((10, 4), np.float16)
    assert a.sum() == 0 and not scratch._maps


def test_corpus_stage_on_the_large_path_is_the_same_with_and_without_scratch(store, actor_claims_pipeline, settings,
                                                                             claim_docs, monkeypatch):
    """claims.cluster's IVF path (forced) on a real store: vectors and lists on disk (Scratch)
    or in memory give the same claims, members and stances; the raw vectors it re-reads are
    the stored ones."""
    from conflictlens.actors.stage import catalog_stage
    from conflictlens.claims import corpus
    from conflictlens.claims.stage import cluster_stage

    store.write_results(list(actor_claims_pipeline.process(claim_docs)), actor_claims_pipeline.version)
    catalog_stage(store, settings)
    monkeypatch.setattr(corpus, "EXACT_MAX_MENTIONS", 0)
    monkeypatch.setattr(C, "EXACT_MAX_MENTIONS", 0)
    monkeypatch.setattr(C, "IVF_CELL_SIZE", 2)
    read = ("SELECT c.claim_id, c.label, c.n_mentions, m.mention_id, m.stance FROM claim_mentions m "
            "JOIN claims c USING (claim_id) ORDER BY m.mention_id")
    cluster_stage(store, settings)
    with_scratch = store.query(read)
    monkeypatch.setattr(corpus, "_scratch_folder", lambda st: None)
    cluster_stage(store, settings)
    assert store.query(read) == with_scratch
    assert len({r[0] for r in with_scratch}) < len(with_scratch)  # some claim has several mentions
    rows, V, has = corpus._load(store)
    want = list(range(len(rows)))
    got = corpus._raw_vectors(store, rows, want, {})
    for i in want:
        stored = store.query("SELECT vector FROM embeddings WHERE rowid = ?", [int(rows.vector_rowid[i])])[0][0]
        assert got[i].dtype == np.float32 and np.array_equal(got[i], np.asarray(stored, dtype=np.float32))

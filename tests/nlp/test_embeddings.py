"""Both sentence embedders: shapes, unit vectors, agreement, and the pipeline's record of them."""
from __future__ import annotations

import numpy as np
import pytest

from conflictlens.config import load_settings
from conflictlens.errors import SettingsError
from conflictlens.nlp import embeddings as E
from conflictlens.nlp.distil import fit, quantise
from conflictlens.pipeline import Pipeline

SENTENCES = [
    "Russian warplanes struck eastern Aleppo, killing twelve civilians.",
    "Airstrikes by Russian jets hit east Aleppo and killed 12 civilians.",
    "The central bank raised interest rates to curb inflation.",
    "Opposition groups accused the government of using chemical weapons.",
    "The regime denied that it had used chemical weapons against civilians.",
]


@pytest.mark.parametrize("name", ["static", "minilm"])
def test_shapes_and_unit_vectors(name):
    v = E.embed(SENTENCES, embedder=name)
    assert v.shape == (len(SENTENCES), E.DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert E.embed([], embedder=name).shape == (0, E.DIM)
    # Order of inputs does not change a text's vector (MiniLM sorts by length inside).
    assert np.allclose(E.embed(SENTENCES[::-1], embedder=name)[::-1], v, atol=1e-5)


def test_static_handles_text_without_tokens():
    v = E.embed(["", "   ", "Aleppo"], embedder="static")
    assert np.isfinite(v).all() and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_static_lives_in_minilm_space():
    """The static vectors approximate MiniLM's: same space, same neighbours."""
    s, m = E.embed(SENTENCES, embedder="static"), E.embed(SENTENCES, embedder="minilm")
    assert float((s * m).sum(1).mean()) > 0.7
    for v in (s, m):
        sim = v @ v.T
        assert sim[0, 1] > sim[0, 2] and sim[3, 4] > sim[3, 2]  # paraphrase above unrelated


def test_unknown_embedder_is_a_coded_error():
    with pytest.raises(SettingsError, match="E202"):
        E.embed(["x"], embedder="word2vec")


def test_pipeline_version_follows_the_embedder():
    base = load_settings()
    a = Pipeline(base.with_overrides(nlp__embedder="minilm"))
    b = Pipeline(base.with_overrides(nlp__embedder="static"))
    try:
        assert a.stage_versions["embedder"] == E.MODEL_ID
        assert b.stage_versions["embedder"] == E.STATIC_MODEL_ID
        assert a.version != b.version
        assert E.default_embedder() == "static"  # the last pipeline built sets the default
        assert "embedder" not in Pipeline(base, only=["actors"]).stage_versions  # no claims, no vectors
    finally:
        E.set_default_embedder(base["nlp"]["embedder"])


def test_quantise_round_trip():
    rng = np.random.default_rng(0)
    t = rng.normal(size=(50, 16)).astype(np.float32)
    q, scale = quantise(t)
    assert q.dtype == np.int8
    assert np.abs(q.astype(np.float32) * scale.astype(np.float32)[:, None] - t).max() < 0.02 * np.abs(t).max()


def test_fit_learns_a_synthetic_sentence_space():
    """Texts made of tokens with hidden vectors: the fitted table reproduces their means."""
    from scipy import sparse

    rng = np.random.default_rng(0)
    vocab, n, dim = 60, 400, E.DIM
    hidden = rng.normal(size=(vocab, dim)).astype(np.float32)
    token_vecs = hidden @ rng.normal(size=(dim, dim)).astype(np.float32) * 0.1  # a rotated view
    rows = np.repeat(np.arange(n), 5)
    cols = rng.integers(0, vocab, size=n * 5)
    counts = sparse.csr_matrix((np.ones(n * 5, dtype=np.float32), (rows, cols)), shape=(n, vocab))
    y = np.asarray(counts @ hidden)
    y /= np.linalg.norm(y, axis=1, keepdims=True)

    def cosine(steps: int) -> float:
        table, proj, bias, weights = fit(token_vecs, counts, y, pca_dims=32, steps=steps)
        assert table.shape == (vocab, 32) and proj.shape == (32, dim) and weights.shape == (vocab,)
        A = counts.multiply(weights[None, :]).tocsr()
        pred = np.asarray(A @ table) / np.asarray(A.sum(1)) @ proj + bias
        pred /= np.linalg.norm(pred, axis=1, keepdims=True)
        return float((pred * y).sum(1).mean())

    linear, refined = cosine(0), cosine(30)
    assert linear > 0.8 and refined >= linear - 1e-3  # refinement never loses on its own training texts


def test_static_chunks_do_not_change_vectors():
    texts = [f"report {i} of shelling near the river" for i in range(E.STATIC_CHUNK + 10)]
    whole = E.embed(texts, embedder="static")
    assert whole.shape == (len(texts), E.DIM)
    assert np.array_equal(whole[-10:], E.embed(texts[-10:], embedder="static"))

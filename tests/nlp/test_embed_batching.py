"""MiniLM vectors do not depend on batching, and the claims stage embeds a batch of documents at once."""
from __future__ import annotations

import numpy as np
import pytest

from conflictlens.config import load_settings
from conflictlens.nlp import embeddings as E
from conflictlens.pipeline import Pipeline
from conflictlens.records import DocResult, Document

TEXTS = [
    "Russian warplanes struck eastern Aleppo, killing twelve civilians.",
    "The regime denied it.",
    "Opposition groups accused the government of using chemical weapons against civilians in Ghouta last week.",
    "The regime denied it.",
    "Analysts said the capture of Palmyra would not bring the war closer to an end.",
]


def test_minilm_vectors_are_the_same_bits_at_any_batch_size():
    whole = E.embed(TEXTS, batch_size=len(TEXTS), embedder="minilm")
    for b in (1, 2, 3):
        assert np.array_equal(E.embed(TEXTS, batch_size=b, embedder="minilm"), whole)
    alone = np.stack([E.embed([t], embedder="minilm")[0] for t in TEXTS])
    assert np.array_equal(alone, whole)  # padding to a longer neighbour changes nothing
    assert np.array_equal(whole[1], whole[3])  # a repeated text: one vector, at its two places


def _doc(i: int, text: str) -> Document:
    return Document(doc_id=f"d{i}", path=f"d{i}.txt", text=text)


def _result(i: int) -> DocResult:
    return DocResult(document=_doc(i, TEXTS[i]))


def test_batch_embedder_defers_and_matches_embedding_at_once():
    emb = E.BatchEmbedder(batch_size=8)
    at_once = _result(0)
    emb.add(at_once, [(0, TEXTS[0]), (3, TEXTS[2])])
    assert [i for i, _ in at_once.embeddings] == [0, 3]

    emb.start_batch()
    a, b, dropped = _result(0), _result(1), _result(2)
    emb.add(a, [(0, TEXTS[0]), (3, TEXTS[2])])
    emb.add(b, [(1, TEXTS[1])])
    emb.add(dropped, [(0, TEXTS[4])])
    assert a.embeddings == [] and b.embeddings == []  # kept for the batch step
    emb.finish_batch([a, b])
    emb.end_batch()
    assert a.embeddings == at_once.embeddings
    assert [i for i, _ in b.embeddings] == [1] and len(b.embeddings[0][1]) == E.DIM
    assert dropped.embeddings == []  # not finished (a document that failed later): dropped
    after = _result(3)
    emb.add(after, [(2, TEXTS[3])])  # outside a batch again: at once
    assert after.embeddings and after.embeddings[0][0] == 2


def test_failed_batch_step_marks_only_the_failing_document():
    pipe = Pipeline(load_settings(), only=["claims"])
    emb = E.BatchEmbedder()
    good, bad = _result(0), _result(1)
    emb.start_batch()
    emb.add(good, [(0, TEXTS[0])])
    emb.add(bad, [(0, None)])  # not a text: the tokenizer refuses it
    run = emb.attach(lambda sdoc, result: [])
    try:
        pipe._finish_batch(pipe.stage_infos[0], run, [good, bad], timeout=60)
    finally:
        emb.end_batch()
    assert good.error is None and len(good.embeddings) == 1
    assert bad.error is not None and bad.error.startswith("[E114]") and bad.embeddings == []


@pytest.fixture(scope="module")
def claims_only():
    return Pipeline(load_settings(), only=["claims"])


def test_pipeline_batch_gives_each_document_its_own_vectors(claims_only):
    docs = [
        _doc(0, "The regime colluded with ISIS for years, critics said. Trucks arrived at noon."),
        _doc(1, "Officials said that the capture of Aleppo will end the war soon."),
        _doc(2, "Trucks arrived in the city at noon."),  # no claim: no vectors
        _doc(3, "The regime colluded with ISIS for years, critics said. The capture of Aleppo will not end the war."),
    ]
    together = list(claims_only.process(docs))
    alone = [r for d in docs for r in claims_only.process([d])]
    assert [r.document.doc_id for r in together] == [d.doc_id for d in docs]
    for t, a in zip(together, alone):
        assert t.error is None
        assert [i for i, _ in t.embeddings] == [m.sentence_idx for m in t.claim_mentions]
        assert t.embeddings == a.embeddings  # same vectors whatever the batch holds
    assert together[2].embeddings == [] and len(together[3].embeddings) == 2
    assert together[0].embeddings[0] == together[3].embeddings[0]  # the same sentence in two documents

"""The shipped models: load offline, reproduce the training-time scores on the held-out split."""
from __future__ import annotations

import numpy as np
import pytest

from conflictlens.events.classify import load_pentacode, ngrams
from conflictlens.events.heldout import is_heldout
from conflictlens.events.spans import bio_spans, load_span_tagger


def test_heldout_rule_is_stable_and_about_a_fifth():
    texts = [f"sentence number {i}" for i in range(2000)]
    share = sum(map(is_heldout, texts)) / len(texts)
    assert 0.15 < share < 0.25
    assert is_heldout("a  b") == is_heldout("a b")  # whitespace-normalised


def test_pentacode_model_loads_and_gives_probabilities():
    model = load_pentacode()
    p = model.proba(["Russian jets bombed rebel positions, killing 20 people.", "The ministers met in Geneva."])
    assert p.shape == (2, 5)
    assert np.allclose(p.sum(1), 1.0)
    assert p[0].argmax() == 4  # material conflict
    assert ngrams("A big attack") == ["big", "attack", "big attack"]


def test_pentacode_heldout_macro_f1_at_least_080(shared):
    from sklearn.metrics import f1_score

    from conflictlens.events.train import read_class_tsv

    rows = read_class_tsv(shared("eval", "events", "conflibert_cameo", "cameo_class_train.tsv"))
    test = [(t, y) for t, y in rows if is_heldout(t)]
    assert len(test) > 200
    pred = load_pentacode().predict([t for t, _ in test])
    assert f1_score([y for _, y in test], pred, average="macro") >= 0.80  # published ConfliBERT: 0.879


def test_bio_spans():
    assert bio_spans(["B-S", "I-S", "O", "B-T", "I-T", "I-T"]) == {("S", 0, 2), ("T", 3, 6)}
    assert bio_spans(["I-T", "O"]) == {("T", 0, 1)}


def test_span_tagger_heldout_st_f1_at_least_065(nlp, shared):
    from conflictlens.events.train import parse_pretokenized, read_conll

    sents = read_conll(shared("eval", "events", "conflibert_cameo", "cameo_ner_train.txt"))
    tagger = load_span_tagger()
    counts = {t: [0, 0, 0] for t in "ST"}
    n = 0
    for s in sents:
        words = [w for w, _ in s]
        if not is_heldout(" ".join(words)):
            continue
        n += 1
        gold = bio_spans([lab for _, lab in s])
        pred = bio_spans(tagger.tag(parse_pretokenized(nlp, words)))
        for t in "ST":
            g = {x for x in gold if x[0] == t}
            p = {x for x in pred if x[0] == t}
            counts[t][0] += len(g & p)
            counts[t][1] += len(p - g)
            counts[t][2] += len(g - p)
    f1s = []
    for tp, fp, fn in counts.values():
        prec, rec = tp / (tp + fp), tp / (tp + fn)
        f1s.append(2 * prec * rec / (prec + rec))
    assert n > 200
    assert sum(f1s) / 2 >= 0.65  # published ConfliBERT: 0.745


@pytest.mark.parametrize("name", ["pentacode.npz", "spans.crfsuite", "countries.json", "LICENSE.petrarch2"])
def test_model_files_are_packaged_and_small(name):
    from importlib import resources

    ref = resources.files("conflictlens.events").joinpath("models", name)
    assert ref.is_file()
    assert len(ref.read_bytes()) < 5_000_000

"""Source / target actor spans as a sequence-labelling task (BIO over S, T, R).

A linear-chain CRF (CRFsuite) over spaCy token features: the word, its shape and
entity, and above all its dependency path to the clause root (subject, agent, object),
which is what tells a source from a target. Trained by ``python -m
conflictlens.events.train`` on the ConfliBERT CAMEO NER file minus a seeded held-out
split; shipped as ``models/spans.crfsuite`` (CRFsuite's own binary format, not a pickle).
"""
from __future__ import annotations

import functools
import os
import tempfile
from importlib import resources
from typing import Sequence

from ..errors import Errors
from .errors import EventsError

MODEL_FILE = "spans.crfsuite"
MAX_PATH = 6  # dependency hops kept in path features; longer paths add nothing on the held-out split


def _path(tok) -> list[str]:
    out, x = [], tok
    while x.head.i != x.i and len(out) < MAX_PATH:
        out.append(x.dep_)
        x = x.head
    return out


def token_features(tokens: Sequence) -> list[dict[str, str]]:
    """Features of each spaCy token of one sentence (``tokens`` = a Span or Doc)."""
    toks = list(tokens)
    if not toks:
        return []
    root_i = next((t.i for t in toks if t.head.i == t.i), toks[0].i)
    feats = []
    for k, t in enumerate(toks):
        p = _path(t)
        f = {
            "w": t.lower_, "suf3": t.lower_[-3:], "shape": t.shape_, "pos": t.pos_, "tag": t.tag_,
            "dep": t.dep_, "ent": t.ent_type_ or "O", "entiob": t.ent_iob_ or "O",
            "hdep": t.head.dep_, "hlem": t.head.lemma_.lower(), "hpos": t.head.pos_,
            "rel": "before" if t.i < root_i else ("root" if t.i == root_i else "after"),
            "p1": "|".join(p[:1]), "p2": "|".join(p[:2]), "p3": "|".join(p[:3]),
            "plast": p[-1] if p else "ROOT",
            "subjpath": str(any(x in ("nsubj", "nsubjpass") for x in p)),
            "objpath": str(any(x in ("dobj", "pobj", "dative") for x in p)),
            "agent": str("agent" in p), "title": str(t.is_title), "depth": str(len(p)),
        }
        for o in (-2, -1, 1, 2):
            j = k + o
            if 0 <= j < len(toks):
                u = toks[j]
                f[f"{o}w"] = u.lower_
                f[f"{o}pos"] = u.pos_
                f[f"{o}dep"] = u.dep_
                f[f"{o}ent"] = u.ent_type_ or "O"
            else:
                f[f"{o}w"] = "<pad>"
        feats.append(f)
    return feats


def bio_spans(labels: Sequence[str]) -> set[tuple[str, int, int]]:
    """BIO labels -> {(type, start, end)} token spans (an I- without B- starts a span)."""
    out: set[tuple[str, int, int]] = set()
    start, typ = None, None
    for i, lab in enumerate(list(labels) + ["O"]):
        cont = lab.startswith("I-") and lab[2:] == typ
        if not cont:
            if start is not None:
                out.add((typ, start, i))
            start, typ = (i, lab[2:]) if lab[:2] in ("B-", "I-") else (None, None)
    return out


class SpanTagger:
    def __init__(self, model_path: str):
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(model_path)

    def tag(self, tokens: Sequence) -> list[str]:
        feats = token_features(tokens)
        return list(self._tagger.tag(feats)) if feats else []


@functools.lru_cache(maxsize=1)
def load_span_tagger() -> SpanTagger:
    ref = resources.files("conflictlens.events").joinpath("models", MODEL_FILE)
    try:
        data = ref.read_bytes()
    except FileNotFoundError as exc:
        raise EventsError(Errors.E401.format(name=MODEL_FILE)) from exc
    # CRFsuite opens a path: use the packaged file in place when it is on disk.
    if os.path.exists(str(ref)):
        return SpanTagger(str(ref))
    fd, tmp = tempfile.mkstemp(suffix=".crfsuite")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return SpanTagger(tmp)

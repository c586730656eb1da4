"""Choose the corpus stance band from the train-internal held-out pairs: ``python -m conflictlens.claims.calibrate``.

The corpus stage turns the cross-encoder's P(support) into support (P >= SUPPORT_MIN),
oppose (P < OPPOSE_MAX) or neutral (between). Both cuts are read off pairs the model never
trained on and that are not dev: the held-out Perspectrum train claims (every
HOLDOUT_EVERY-th, the split that picks the training epoch; one claim sentence vs one
perspective sentence, the shape of a key point vs a news sentence). Rule:

- SUPPORT_MIN stays at 0.5, the cut of the training objective (held-out accuracy is flat
  around it: 0.70-0.71 from 0.30 to 0.52 with the first model, so moving it is noise);
- OPPOSE_MAX is the highest cut (grid step GRID) whose oppose precision on the held-out
  pairs is at least the support precision at SUPPORT_MIN: an analyst can trust an
  ``oppose`` as much as a ``support``. Pairs between the two cuts stay neutral.

A model-made ``oppose`` also needs the reverse reading low, not both sentences negated, and
the text on the key point's proposition (corpus.OPPOSE_MIN_COSINE). That cosine cut is read
off ArgKP-2021 *train* (argument, key point) pairs, matched vs unmatched: the lowest step
(MEMBERSHIP_GRID) at which pairs at or above it are matched at least MEMBERSHIP_PRECISION of
the time (more often than not). The JSON also gives the held-out oppose precision of each
added condition and the share of same-side ArgKP train pairs (where no pair opposes) each
rule calls ``oppose``.

Prints the precision curve and the chosen cuts as JSON; copy them into claims/corpus.py
after retraining the model (claims/train.py) or changing the embedder, then re-run
tests/claims/test_seeds.py.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
from pathlib import Path

import numpy as np

LOGGER = logging.getLogger(__name__)

SUPPORT_MIN = 0.5
GRID = 0.05
MEMBERSHIP_GRID = 0.01
MEMBERSHIP_PRECISION = 0.5  # "more likely on the key point's proposition than not"
ARGKP_SAMPLE = (1000, 500)  # same-side ArgKP train pairs scored by the model: unmatched, matched


def oppose_cut(p: np.ndarray, y: np.ndarray, support_min: float = SUPPORT_MIN, grid: float = GRID) -> tuple[float, float]:
    """(OPPOSE_MAX, target precision): the highest grid cut t <= support_min where pairs with
    P < t are undermining at least as often as pairs with P >= support_min are supporting."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=bool)
    sup = p >= support_min
    target = float(y[sup].mean()) if sup.any() else 1.0
    best = 0.0
    for t in np.arange(grid, support_min + grid / 2, grid):
        low = p < t
        if low.any() and float((~y[low]).mean()) >= target:
            best = float(round(t, 6))
    return best, target


def membership_cut(cos: np.ndarray, matched: np.ndarray, precision: float = MEMBERSHIP_PRECISION,
                   grid: float = MEMBERSHIP_GRID) -> float:
    """The lowest grid cosine t such that pairs with cosine >= t are matched at least
    ``precision`` of the time (1.0 when no cut reaches it)."""
    cos, matched = np.asarray(cos, dtype=float), np.asarray(matched, dtype=bool)
    for t in np.round(np.arange(0.0, 1.0 + grid / 2, grid), 6):
        hi = cos >= t
        if hi.any() and float(matched[hi].mean()) >= precision:
            return float(t)
    return 1.0


def _argkp_train(data: Path):
    from .data import load_argkp

    return load_argkp(data / "argkp", "train")


def argkp_cosines(data: Path) -> tuple[np.ndarray, np.ndarray]:
    """Raw MiniLM cosine and gold label of every labelled ArgKP train (argument, key point) pair."""
    from ..nlp.embeddings import embed
    from .stage import embed_text

    d = _argkp_train(data)
    aids, kids = sorted(d.args), sorted(d.kps)
    A = embed([embed_text(d.args[a][0]) for a in aids])
    K = embed([embed_text(d.kps[k][0]) for k in kids])
    ai, ki = {a: i for i, a in enumerate(aids)}, {k: i for i, k in enumerate(kids)}
    pairs = sorted(d.labels.items())
    cos = np.array([float(A[ai[a]] @ K[ki[k]]) for (a, k), _ in pairs])
    return cos, np.array([lab for _, lab in pairs], dtype=bool)


def _oppose_rules(pf, pr, cos, both_neg, oppose_max: float, min_cos: float) -> dict[str, np.ndarray]:
    one = pf < oppose_max
    two = one & (pr < oppose_max)
    return {"forward_low": one, "both_readings_low": two, "and_not_both_negated": two & ~both_neg,
            "and_cosine": two & ~both_neg & (cos >= min_cos)}


def oppose_rule_report(data: Path, oppose_max: float, min_cos: float) -> dict:
    """Held-out oppose precision/recall and the same-side ArgKP train false-oppose rate of each
    condition the corpus stage puts on a model-made ``oppose``."""
    from ..nlp.embeddings import embed
    from .corpus import negated
    from .stage import embed_text
    from .stance import support_proba
    from .train import ARGKP_EVERY, training_pairs

    _, held = training_pairs(data)
    c, t = [x for x, _, _ in held], [x for _, x, _ in held]
    y = np.array([lab for *_, lab in held], dtype=bool)
    pf, pr = support_proba(c, t), support_proba(t, c)
    cos = (embed([embed_text(x) for x in c]) * embed([embed_text(x) for x in t])).sum(1)
    neg = np.array([negated(a) and negated(b) for a, b in zip(c, t)])
    out: dict = {"heldout": {}, "argkp_same_side": {}}
    for name, m in _oppose_rules(pf, pr, cos, neg, oppose_max, min_cos).items():
        out["heldout"][name] = {"n": int(m.sum()), "precision": round(float((~y[m]).mean()), 4) if m.any() else None,
                                "recall": round(float((m & ~y).sum() / max(int((~y).sum()), 1)), 4)}
    out["heldout"]["both_negated_pairs"] = int(neg.sum())
    # ArgKP train key point vs argument of the same topic and side, from the arguments the
    # model did not train on (train.py uses every ARGKP_EVERY-th): none of these pairs opposes.
    d = _argkp_train(data)
    used = set(sorted(d.args)[::ARGKP_EVERY])
    rng = np.random.default_rng(0)
    groups = []
    for want, n in zip((0, 1), ARGKP_SAMPLE):
        cand = [(a, k) for (a, k), lab in sorted(d.labels.items()) if lab == want and a not in used]
        groups.append([cand[i] for i in sorted(rng.choice(len(cand), min(n, len(cand)), replace=False))])
    pairs = groups[0] + groups[1]
    m_gold = np.array([0] * len(groups[0]) + [1] * len(groups[1]), dtype=bool)
    K, A = [d.kps[k][0] for _, k in pairs], [d.args[a][0] for a, _ in pairs]
    af, ar = support_proba(K, A), support_proba(A, K)
    acos = (embed([embed_text(x) for x in K]) * embed([embed_text(x) for x in A])).sum(1)
    aneg = np.array([negated(a) and negated(b) for a, b in zip(K, A)])
    for name, m in _oppose_rules(af, ar, acos, aneg, oppose_max, min_cos).items():
        out["argkp_same_side"][name] = {"unmatched": round(float(m[~m_gold].mean()), 4),
                                        "matched": round(float(m[m_gold].mean()), 4)}
    return out


def curve(p: np.ndarray, y: np.ndarray, grid: float = GRID) -> list[dict]:
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=bool)
    out = []
    for t in np.arange(grid, 1.0, grid):
        low, high = p < t, p >= t
        out.append({"cut": round(float(t), 3), "oppose_n": int(low.sum()),
                    "oppose_precision": round(float((~y[low]).mean()), 4) if low.any() else None,
                    "support_n": int(high.sum()),
                    "support_precision": round(float(y[high].mean()), 4) if high.any() else None,
                    "accuracy": round(float(((p >= t) == y).mean()), 4)})
    return out


def calibrate(data: Path) -> dict:
    from .stance import support_proba
    from .train import training_pairs

    _, held = training_pairs(data)
    p = support_proba([c for c, _, _ in held], [t for _, t, _ in held])
    y = np.array([lab for *_, lab in held], dtype=bool)
    cut, target = oppose_cut(p, y)
    cos, matched = argkp_cosines(data)
    min_cos = membership_cut(cos, matched)
    member = [{"cosine": round(float(t), 2), "n": int((cos >= t).sum()),
               "matched_precision": round(float(matched[cos >= t].mean()), 4)}
              for t in np.arange(0.6, 0.91, 0.05) if (cos >= t).any()]
    return {"heldout_pairs": len(held), "support_min": SUPPORT_MIN, "support_precision": round(target, 4),
            "oppose_max": cut, "accuracy_at_support_min": round(float(((p >= SUPPORT_MIN) == y).mean()), 4),
            "min_p": round(float(p.min()), 4), "curve": curve(p, y),
            "argkp_train_pairs": len(cos), "argkp_matched_share": round(float(matched.mean()), 4),
            "oppose_min_cosine": min_cos, "membership_curve": member,
            "oppose_rules": oppose_rule_report(data, cut, min_cos)}


# -- session 4: input rewrites measured on train-side pairs (--rewrites) ---------------------
# "X, but Y": the clause after a contrastive "but" (not "but also").
_CONTRAST = re.compile(r"(?:[,;—–]\s*|\s-\s|\s)but\s+(?!also\b)", re.I)
MIN_CLAUSE_WORDS = 3


def _train_side_pairs(data: Path) -> dict[str, list[tuple[str, str, int]]]:
    """(claim, text, 1 = support) pairs the stance model never trained on: the held-out
    Perspectrum train claims and the ArgKP train arguments train.py leaves out, as (topic, argument)."""
    from .train import ARGKP_EVERY, training_pairs

    _, held = training_pairs(data)
    d = _argkp_train(data)
    unused = [d.args[a] for n, a in enumerate(sorted(d.args)) if n % ARGKP_EVERY]
    return {"perspectrum_heldout": held,
            "argkp_train_unused": [(topic, text, int(stance == 1)) for text, topic, stance in unused]}


def _scores(p: np.ndarray, y: np.ndarray) -> dict:
    sup = p >= SUPPORT_MIN
    return {"accuracy": round(float((sup == y).mean()), 4),
            "support_n": int(sup.sum()), "support_precision": round(float(y[sup].mean()), 4) if sup.any() else None}


def rewrite_report(data: Path) -> dict:
    """Stance accuracy on train-side pairs with and without two input rewrites: the
    actor-normalised pair (canonical.shared_actor_texts; also the variant that renames every
    named actor) and reading only the clause after a contrastive "but" (alone, or the higher
    of the two readings). Only pairs a rewrite changes are scored."""
    from ..actors.kb import load_kb
    from ..config import load_settings
    from ..pipeline import Pipeline
    from ..records import Document
    from .canonical import NAMED_METHODS, canonical_text, display_name, shared_actor_texts
    from .stance import support_proba

    sets = _train_side_pairs(data)
    settings = load_settings()
    kb = load_kb(settings)
    sents = sorted({x for pairs in sets.values() for c, t, _ in pairs for x in (c, t)})
    spans: dict[str, list] = {}
    pipe = Pipeline(settings, only=["actors"])
    for r in pipe.process([Document(doc_id=f"s{n}", path=f"s{n}", text=t) for n, t in enumerate(sents)]):
        found = []
        for m in r.actor_mentions:
            actor = kb.get(m.actor_id) if m.actor_id else None
            shown = display_name(actor.name) if actor is not None and m.method in NAMED_METHODS else None
            if shown:
                found.append((m.start, m.end, shown, m.actor_id))
        spans[r.document.text] = found

    def shared(c: str, t: str) -> tuple[str, str]:
        return shared_actor_texts(c, (0, spans.get(c, [])), t, (0, spans.get(t, [])))

    def every(c: str, t: str) -> tuple[str, str]:
        return (canonical_text(c, 0, [s[:3] for s in spans.get(c, [])]),
                canonical_text(t, 0, [s[:3] for s in spans.get(t, [])]))

    def clause(t: str) -> str | None:
        parts = _CONTRAST.split(t)
        tail = parts[-1].strip() if len(parts) > 1 else ""
        return tail if len(tail.split()) >= MIN_CLAUSE_WORDS else None

    out: dict = {}
    for name, pairs in sets.items():
        rep: dict = {"pairs": len(pairs)}
        for rule, fn in (("actors_named_in_both", shared), ("every_named_actor", every)):
            ch = [(c, t, y) for c, t, y in pairs if fn(c, t) != (c, t)]
            if not ch:
                rep[rule] = {"changed": 0}
                continue
            y = np.array([lab for *_, lab in ch], dtype=bool)
            before = support_proba([c for c, _, _ in ch], [t for _, t, _ in ch])
            after = support_proba([fn(c, t)[0] for c, t, _ in ch], [fn(c, t)[1] for c, t, _ in ch])
            rep[rule] = {"changed": len(ch), "as_written": _scores(before, y), "rewritten": _scores(after, y),
                         "decisions_changed": int(((before >= SUPPORT_MIN) != (after >= SUPPORT_MIN)).sum())}
        ch = [(c, t, y, clause(t)) for c, t, y in pairs if clause(t)]
        if ch:
            y = np.array([x[2] for x in ch], dtype=bool)
            whole = support_proba([x[0] for x in ch], [x[1] for x in ch])
            tail = support_proba([x[0] for x in ch], [x[3] for x in ch])
            rep["contrastive_clause"] = {"changed": len(ch), "whole_sentence": _scores(whole, y),
                                         "clause_only": _scores(tail, y), "higher_of_two": _scores(np.maximum(whole, tail), y),
                                         "mean_of_two": _scores((whole + tail) / 2, y)}
        out[name] = rep
    return out


def main(argv: list[str] | None = None) -> None:
    from .train import DEFAULT_DATA

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with argkp/ and perspectrum/")
    ap.add_argument("--rewrites", action="store_true",
                    help="only the session-4 input rewrites (actor-normalised pairs, contrastive clause) on train-side pairs")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    result = rewrite_report(a.data) if a.rewrites else calibrate(a.data)
    print(json.dumps(result, indent=1))  # noqa: T201 - command-line entry point


if __name__ == "__main__":
    main()

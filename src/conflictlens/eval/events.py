"""``conflictlens eval events --data FILE``: score event coding; the format is detected.

Formats (see docs/events.md):
- ConfliBERT classification TSV (``sentence<TAB>label``, labels 0-4): accuracy and macro-F1
  of the shipped five-class classifier and of the event coder (highest-confidence event's
  CAMEO root -> class with ``codes.pentacode``; no event -> 0 "statement"), on all rows and
  on the held-out split (``events.heldout``) the classifier was not trained on;
- ConfliBERT CoNLL (``token label``, B/I-S, B/I-T, B/I-R): span P/R/F1 per role, all and held-out;
- gold JSON lines ``{"id","text","date","events":[{"source","target","cameo"}]}``: micro P/R/F1
  on CAMEO roots and on (source[:3], target[:3], root) per sentence;
- PETRARCH validation XML (``<Sentence date id>`` + ``<EventCoding>`` + ``<Text>``): same metrics;
- PLOVER records JSON (list): event-type accuracy after mapping the old labels.
"""
from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

from ..errors import Errors, EvalError
from ..events.codes import OLD_PLOVER, pentacode
from ..events.heldout import is_heldout

LOGGER = logging.getLogger(__name__)
FORMATS = "ConfliBERT TSV, ConfliBERT CoNLL, gold JSON lines, PETRARCH validation XML, PLOVER records JSON"


# -- detection ------------------------------------------------------------------------------
def detect(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    stripped = head.lstrip()
    if stripped.startswith("<"):
        if "<Sentence" in head or "<Validation" in head:
            return "petrarch"
    if stripped.startswith("["):
        return "plover"
    if stripped.startswith("{"):
        return "jsonl"
    lines = [ln for ln in head.splitlines() if ln.strip()][:20]
    if lines and all("\t" in ln and ln.rsplit("\t", 1)[1].strip().isdigit() for ln in lines):
        return "tsv"
    if lines and all(re.fullmatch(r"\S+[ \t](O|[BI]-[A-Z]+)", ln.strip()) for ln in lines):
        return "conll"
    raise EvalError(Errors.E902.format(path=path, options=FORMATS))


def evaluate(data: Path) -> dict:
    data = Path(data)
    if not data.exists():
        raise EvalError(Errors.E901.format(path=data))
    if data.is_dir():
        out = {}
        for f in sorted(data.iterdir()):
            if f.is_file() and f.suffix.lower() in (".tsv", ".txt", ".json", ".jsonl", ".xml"):
                try:
                    out[f.name] = evaluate(f)
                except EvalError:
                    continue
        if not out:
            raise EvalError(Errors.E902.format(path=data, options=FORMATS))
        return out
    fmt = detect(data)
    return {"tsv": eval_tsv, "conll": eval_conll, "jsonl": eval_jsonl, "petrarch": eval_petrarch,
            "plover": eval_plover}[fmt](data)


# -- helpers --------------------------------------------------------------------------------
def _macro_f1(gold: list[int], pred: list[int], labels: Iterable[int]) -> tuple[float, dict]:
    per = {}
    for c in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return sum(per.values()) / max(len(per), 1), per


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def code_texts(texts: list[str], settings=None) -> list[list]:
    """Events of each text, run through the actors and events stages (one document per text)."""
    import hashlib

    from ..config import load_settings
    from ..pipeline import Pipeline
    from ..records import Document

    settings = settings or load_settings()
    pipe = Pipeline(settings, only=["actors", "events"])
    docs = [Document(doc_id=hashlib.sha256(f"{i}|{t}".encode()).hexdigest()[:16], path=f"eval#{i}", text=t)
            for i, t in enumerate(texts)]
    by_id = {r.document.doc_id: r.events for r in pipe.process(docs)}
    return [by_id.get(d.doc_id, []) for d in docs]


def _happened(events: list) -> list:
    return [e for e in events if not e.negated and not e.hypothetical]


# -- ConfliBERT TSV ---------------------------------------------------------------------------
def eval_tsv(path: Path) -> dict:
    from ..events.classify import load_pentacode
    from ..events.train import read_class_tsv

    rows = read_class_tsv(path)
    texts = [t for t, _ in rows]
    gold = [y for _, y in rows]
    held = [is_heldout(t) for t in texts]
    clf = load_pentacode().predict(texts)
    coded = code_texts(texts)
    coder = []
    for evs in coded:
        evs = _happened(evs) or evs
        best = max(evs, key=lambda e: e.confidence, default=None)
        coder.append(pentacode(best.cameo_root) if best is not None else 0)
    out: dict = {"format": "conflibert_tsv", "sentences": len(rows), "heldout_sentences": sum(held)}
    for name, pred in (("classifier", clf), ("coder", coder)):
        for split, mask in (("heldout", held), ("all", [True] * len(rows))):
            g = [a for a, m in zip(gold, mask) if m]
            p = [a for a, m in zip(pred, mask) if m]
            mf1, per = _macro_f1(g, p, range(5))
            out[f"{name}_{split}_accuracy"] = sum(a == b for a, b in zip(g, p)) / max(len(g), 1)
            out[f"{name}_{split}_macro_f1"] = mf1
            if split == "heldout":
                out[f"{name}_{split}_f1_per_class"] = {str(k): round(v, 4) for k, v in per.items()}
    out["note"] = "classifier trained on the non-held-out rows of this file: read the heldout figures"
    return out


# -- ConfliBERT CoNLL -------------------------------------------------------------------------
def eval_conll(path: Path) -> dict:
    from ..events.spans import bio_spans, load_span_tagger
    from ..events.train import parse_pretokenized, read_conll
    from ..nlp.model import build_nlp
    from ..config import load_settings

    nlp = build_nlp(load_settings(), [])
    tagger = load_span_tagger()
    counts = {s: {t: [0, 0, 0] for t in "STR"} for s in ("heldout", "all")}
    n_held = 0
    sents = read_conll(path)
    for s in sents:
        words = [w for w, _ in s]
        gold = bio_spans([lab for _, lab in s])
        pred = bio_spans(tagger.tag(parse_pretokenized(nlp, words)))
        splits = ["all"] + (["heldout"] if is_heldout(" ".join(words)) else [])
        n_held += len(splits) - 1
        for split in splits:
            for t in "STR":
                g = {x for x in gold if x[0] == t}
                p = {x for x in pred if x[0] == t}
                c = counts[split][t]
                c[0] += len(g & p)
                c[1] += len(p - g)
                c[2] += len(g - p)
    out: dict = {"format": "conflibert_conll", "sentences": len(sents), "heldout_sentences": n_held}
    for split, by in counts.items():
        for t, (tp, fp, fn) in by.items():
            for k, v in _prf(tp, fp, fn).items():
                out[f"{split}_{t}_{k}"] = v
        out[f"{split}_ST_macro_f1"] = (out[f"{split}_S_f1"] + out[f"{split}_T_f1"]) / 2
        tp = sum(by[t][0] for t in "ST")
        fp = sum(by[t][1] for t in "ST")
        fn = sum(by[t][2] for t in "ST")
        out[f"{split}_ST_micro_f1"] = _prf(tp, fp, fn)["f1"]
    out["note"] = "tagger trained on the non-held-out sentences of this file: read the heldout figures"
    return out


# -- gold sentences with CAMEO codings (JSON lines, PETRARCH XML) -----------------------------
def _actor_code(ref, extra: dict[str, str]) -> str:
    if ref is None:
        return "---"
    for v in (ref.cameo_code, ref.country):
        if v:
            return v[:3].upper()
    from ..events.actors import country_of

    text = (ref.text or "").lower()
    for name, code in extra.items():
        if re.search(rf"\b{re.escape(name)}\b", text):
            return code[:3]
    return (country_of(ref.text or "") or "---")[:3]


def _score_codings(items: list[tuple[str, list[tuple[str, str, str]]]], extra: dict[str, str], fmt: str) -> dict:
    texts = [t for t, _ in items]
    coded = code_texts(texts)
    r = [0, 0, 0]
    tr = [0, 0, 0]
    for (_, gold), evs in zip(items, coded):
        evs = _happened(evs)
        g_roots = Counter(c[:2] for _, _, c in gold)
        p_roots = Counter(e.cameo_root for e in evs)
        _add(r, g_roots, p_roots)
        g_tr = Counter((s[:3], t[:3] if t else "---", c[:2]) for s, t, c in gold)
        p_tr = Counter((_actor_code(e.actor, extra), _actor_code(e.recipient, extra), e.cameo_root) for e in evs)
        _add(tr, g_tr, p_tr)
    out = {"format": fmt, "sentences": len(items), "gold_events": sum(len(g) for _, g in items),
           "predicted_events": sum(len(_happened(e)) for e in coded)}
    out.update({f"root_{k}": v for k, v in _prf(*r).items()})
    out.update({f"triple_{k}": v for k, v in _prf(*tr).items()})
    return out


def _add(acc: list[int], gold: Counter, pred: Counter) -> None:
    tp = sum((gold & pred).values())
    acc[0] += tp
    acc[1] += sum(pred.values()) - tp
    acc[2] += sum(gold.values()) - tp


def eval_jsonl(path: Path) -> dict:
    items = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["text"]
            gold = [(str(e.get("source") or "---"), str(e.get("target") or "---"), str(e["cameo"]))
                    for e in rec.get("events", [])]
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(Errors.E402.format(path=path, line=i, problem=f"{type(exc).__name__}: {exc}")) from exc
        items.append((text, gold))
    return _score_codings(items, {}, "gold_jsonl")


def _petrarch_actors(folder: Path) -> dict[str, str]:
    """Names -> codes from the PETR.Validate.actors.txt beside the XML (invented actors)."""
    out: dict[str, str] = {}
    f = folder / "PETR.Validate.actors.txt"
    if not f.exists():
        return out
    code = None
    for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("<!"):
            continue
        m = re.match(r"^\+?([^\[\]]+?)\s*(?:\[([A-Z]{3}[A-Z]*)[^\]]*\])?\s*$", line)
        if not m:
            continue
        if m.group(2):
            code = m.group(2)
        elif not line.startswith("+"):
            code = None
        if code:
            name = m.group(1).strip("_ ").replace("_", " ").lower()
            if len(name) > 2:
                out.setdefault(name, code)
    return out


def eval_petrarch(path: Path) -> dict:
    root = ET.parse(path).getroot()
    items = []
    for s in root.iter("Sentence"):
        text_el = s.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        gold = []
        for c in s.findall("EventCoding"):
            ev = c.get("eventcode") or ""
            if ev and ev[:2].isdigit() and c.get("noevents") is None:
                gold.append((c.get("sourcecode") or "---", c.get("targetcode") or "---", ev))
        items.append((" ".join(text_el.text.split()), gold))
    return _score_codings(items, _petrarch_actors(path.parent), "petrarch_xml")


# -- PLOVER records -----------------------------------------------------------------------
def eval_plover(path: Path) -> dict:
    recs = json.loads(path.read_text(encoding="utf-8"))
    items = []
    for r in recs:
        label = r.get("event")
        label = OLD_PLOVER.get(label, label)
        if label and r.get("text"):
            items.append((r["text"], label))
    coded = code_texts([t for t, _ in items])
    top = any_ = 0
    confusion: Counter = Counter()
    for (_, gold), evs in zip(items, coded):
        best = max(evs, key=lambda e: e.confidence, default=None)
        pred: Optional[str] = best.event_type if best else None
        top += pred == gold
        any_ += gold in {e.event_type for e in evs}
        if pred != gold:
            confusion[f"{gold}->{pred}"] += 1
    n = max(len(items), 1)
    return {"format": "plover_records", "records": len(items), "event_type_accuracy": top / n,
            "event_type_any_accuracy": any_ / n, "coverage": sum(1 for e in coded if e) / n,
            "top_confusions": dict(confusion.most_common(8))}

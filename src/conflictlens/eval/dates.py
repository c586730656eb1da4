"""`conflictlens eval dates`: date normalisation against a gold JSONL file.

Each gold line: ``published`` (ISO date or null), ``sentence``, ``text`` (the expression,
verbatim in the sentence), ``reference`` (an earlier date expression of the sentence for
narrative dates such as "two years earlier", or null), ``expect`` ("date", "unresolved" or
"not_date"), and for dates ``start``/``end`` (inclusive ISO dates) and ``precision``.

Two measurements:
- normalisation, given the gold expression: ``exact_start_end`` (start and end both equal;
  for "unresolved" both null, for "not_date" no mention at all) and ``precision_match``;
- end to end on the sentence (spaCy + patterns + rules, as ``analyze`` runs them):
  ``e2e_found`` (share of gold date/unresolved expressions overlapped by a mention),
  ``e2e_exact_start_end`` (found and both dates equal), ``e2e_false_dates`` (share of
  "not_date" expressions that still produced a mention).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Optional

from ..dates.normalize import normalize
from ..errors import Errors, EvalError

LOGGER = logging.getLogger(__name__)

GOLD_RESOURCE = "gold_dates.jsonl"
KINDS = ("date", "unresolved", "not_date")


def _date(v: Optional[str]) -> Optional[dt.date]:
    return dt.date.fromisoformat(v) if v else None


def load_gold(data: Path | None = None) -> list[dict]:
    """Gold rows from ``data`` or the packaged file, checked."""
    if data is None:
        text = resources.files("conflictlens.dates").joinpath("data", GOLD_RESOURCE).read_text(encoding="utf-8")
        where = f"conflictlens/dates/data/{GOLD_RESOURCE}"
    else:
        if not Path(data).is_file():
            raise EvalError(Errors.E901.format(path=data))
        text = Path(data).read_text(encoding="utf-8")
        where = str(data)
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            row["published"] = _date(row.get("published"))
            row["start"], row["end"] = _date(row.get("start")), _date(row.get("end"))
        except (json.JSONDecodeError, ValueError, TypeError) as exc:
            raise EvalError(Errors.E551.format(path=where, line=n, reason=exc)) from exc
        if row.get("expect", "date") not in KINDS or row.get("text", "") not in row.get("sentence", ""):
            raise EvalError(Errors.E551.format(path=where, line=n,
                                               reason="'expect' must be one of date/unresolved/not_date and 'text' must occur in 'sentence'"))
        row.setdefault("expect", "date")
        rows.append(row)
    return rows


def _predict(row: dict):
    ref = normalize(row["reference"], row["published"]) if row.get("reference") else None
    return normalize(row["text"], row["published"], ref)


def _correct(row: dict, pred) -> tuple[bool, bool]:
    """(start/end match, precision match)."""
    if row["expect"] == "not_date":
        return pred is None, pred is None
    if pred is None:
        return False, False
    if row["expect"] == "unresolved":
        ok = pred.start is None and pred.end is None
        return ok, ok
    return (pred.start, pred.end) == (row["start"], row["end"]), pred.precision == row["precision"]


def _end_to_end(rows: list[dict]) -> dict:
    """Run the real finder (spaCy model + patterns) and stage logic on each sentence."""
    from ..config import load_settings
    from ..dates.find import find_spans
    from ..dates.stage import date_mentions
    from ..nlp.model import load_model

    nlp = load_model(load_settings()["nlp"]["model"])
    found = exact = wanted = false_dates = not_dates = 0
    misses: list[str] = []
    for row, sdoc in zip(rows, nlp.pipe(r["sentence"] for r in rows)):
        a = row["sentence"].index(row["text"])
        b = a + len(row["text"])
        mentions = date_mentions(row["sentence"], find_spans(sdoc), [0], "eval", row["published"])
        hits = [m for m in mentions if m.start < b and a < m.end]
        if row["expect"] == "not_date":
            not_dates += 1
            false_dates += bool(hits)
            if hits:
                misses.append(f'{row.get("id")}: not a date, found {hits[0].text!r}')
            continue
        wanted += 1
        if hits:
            found += 1
            m = min(hits, key=lambda m: abs(m.start - a) + abs(m.end - b))
            ok = (m.start_date, m.end_date) == (row["start"], row["end"])
            exact += ok
            if not ok:
                misses.append(f'{row.get("id")}: {row["text"]!r} found as {m.text!r} -> {m.start_date}..{m.end_date}')
        else:
            misses.append(f'{row.get("id")}: {row["text"]!r} not found')
    return {"e2e_found": found / wanted if wanted else 0.0,
            "e2e_exact_start_end": exact / wanted if wanted else 0.0,
            "e2e_false_dates": false_dates / not_dates if not_dates else 0.0,
            "e2e_errors": misses[:20]}


def evaluate(data: Path | None = None, end_to_end: bool = True) -> dict:
    """Metrics on the gold file (default: the packaged ``gold_dates.jsonl``)."""
    rows = load_gold(data)
    se = pr = 0
    by_kind: Counter = Counter()
    by_kind_ok: Counter = Counter()
    errors = []
    for row in rows:
        pred = _predict(row)
        ok_se, ok_pr = _correct(row, pred)
        se += ok_se
        pr += ok_pr
        kind = row["expect"] if row["expect"] != "date" else ("undated_absolute" if row["published"] is None else
                                                             "narrative" if row.get("reference") else "date")
        by_kind[kind] += 1
        by_kind_ok[kind] += ok_se
        if not ok_se:
            errors.append(f'{row.get("id")}: {row["text"]!r} -> {pred.start if pred else None}..{pred.end if pred else None}')
    n = len(rows)
    out = {
        "n": n,
        "exact_start_end": se / n if n else 0.0,
        "precision_match": pr / n if n else 0.0,
        "by_kind": {k: f"{by_kind_ok[k]}/{by_kind[k]}" for k in sorted(by_kind)},
    }
    if end_to_end:
        out.update(_end_to_end(rows))
    out["errors"] = errors[:20]
    return out

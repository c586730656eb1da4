"""Shared writers: any SQL query -> JSONL, CSV or Parquet, to a file or stdout."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import decimal
import json
import sys
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from ..store import Store

CHUNK = 5000


def _jsonable(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def iter_dicts(store: Store, sql: str, params: list | None = None) -> Iterable[dict]:
    cur = store.con.cursor()
    cur.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    while True:
        rows = cur.fetchmany(CHUNK)
        if not rows:
            break
        for row in rows:
            yield dict(zip(cols, row))


@contextlib.contextmanager
def output(out: str | Path | None, binary: bool = False) -> Iterator[IO]:
    """A file opened for writing (closed after), or stdout when ``out`` is None or '-' (flushed after)."""
    if out is None or str(out) == "-":
        fh = sys.stdout.buffer if binary else sys.stdout
        try:
            yield fh
        finally:
            fh.flush()
        return
    with open(out, "wb" if binary else "w", encoding=None if binary else "utf-8",
              newline="" if not binary else None) as fh:
        yield fh


def write_jsonl(rows: Iterable[dict], out: str | Path | None) -> int:
    n = 0
    with output(out) as fh:
        for row in rows:
            fh.write(json.dumps(_jsonable(row), ensure_ascii=False) + "\n")
            n += 1
    return n


def _cell(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return "; ".join(str(_cell(x)) for x in v if x is not None)
    if isinstance(v, dict):
        return json.dumps(_jsonable(v), ensure_ascii=False)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return "" if v is None else v


def write_csv(rows: Iterable[dict], out: str | Path | None, columns: list[str] | None = None) -> int:
    n = 0
    with output(out) as fh:
        writer = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(fh, fieldnames=columns or list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: _cell(v) for k, v in row.items()})
            n += 1
        if writer is None and columns:
            csv.DictWriter(fh, fieldnames=columns).writeheader()
    return n


def write_parquet(store: Store, sql: str, out: str | Path, params: list | None = None) -> int:
    rel = store.con.execute(sql, params or []).arrow()
    import pyarrow.parquet as pq

    table = rel.read_all() if hasattr(rel, "read_all") else rel
    pq.write_table(table, str(out))
    return table.num_rows


def table_exporters(registry, what: str, sql: str, help: str = "") -> None:
    """Register jsonl, csv and parquet exporters of one query under ``what``."""

    @registry.exporter(what, "jsonl", help=help)
    def _jsonl(store, out, settings):
        return write_jsonl(iter_dicts(store, sql), out)

    @registry.exporter(what, "csv", help=help)
    def _csv(store, out, settings):
        return write_csv(iter_dicts(store, sql), out, columns=[d[0] for d in store.con.execute(f"SELECT * FROM ({sql}) LIMIT 0").description])

    @registry.exporter(what, "parquet", binary=True, help=help)
    def _parquet(store, out, settings):
        return write_parquet(store, sql, out)

"""Read files, folders and stdin into RawDocument records, lazily, one failure per bad input."""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from ..config import Settings
from ..errors import Errors, IngestError
from ..records import RawDocument
from .decode import decode_bytes

LOGGER = logging.getLogger(__name__)

SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}

# JSON record keys accepted for each metadata field, in order of preference.
JSON_KEYS = {
    "title": ("title", "headline", "article_title"),
    "author": ("author", "byline", "authors"),
    "published": ("published", "date", "pub_date", "publication_date", "publish_date"),
    "url": ("url", "link", "sourceUrl", "source_url"),
    "outlet": ("outlet", "source", "publisher", "sourceName", "site"),
}


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """An input that could not be read: ``message`` is one line naming the file."""

    path: str
    code: str
    message: str


Item = Union[RawDocument, IngestFailure]


def _failure(exc: IngestError, path: str) -> IngestFailure:
    msg = str(exc)
    code = msg[1:5] if msg.startswith("[E") else "E110"
    return IngestFailure(path=exc.path or path, code=code, message=msg)


def iter_files(paths: Iterable[str]) -> Iterator[Union[Path, IngestFailure, str]]:
    """Expand folders recursively (sorted, hidden entries skipped); '-' passes through."""
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            yield IngestFailure(p, "E101", Errors.E101.format(path=p))


def read_inputs(paths: Iterable[str], settings: Settings, text_column: str | None = None) -> Iterator[Item]:
    """Yield one RawDocument per article found, or one IngestFailure per bad file/record."""
    for item in iter_files(paths):
        if isinstance(item, IngestFailure):
            yield item
            continue
        if item == "-":
            data = sys.stdin.buffer.read()
            try:
                text, enc = decode_bytes(data, "<stdin>", settings["ingest"]["max_bytes"])
                yield RawDocument(path="<stdin>", text=text, source_format="stdin", encoding=enc)
            except IngestError as exc:
                yield _failure(exc, "<stdin>")
            continue
        yield from read_file(item, settings, text_column)


def read_file(path: Path, settings: Settings, text_column: str | None = None) -> Iterator[Item]:
    name = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield IngestFailure(name, "E109", Errors.E109.format(
            path=name, suffix=path.suffix or "(none)", options=", ".join(sorted(SUFFIXES))))
        return
    try:
        size = path.stat().st_size
        max_bytes = settings["ingest"]["max_bytes"]
        # Per-record formats may be large as a whole; the limit applies per document.
        if kind not in {"csv", "jsonl", "json"} and size > max_bytes:
            raise IngestError(Errors.E105.format(path=name, size_mb=size / 1e6, limit_mb=max_bytes // 1_000_000), name)
        if kind in {"csv", "jsonl"}:
            yield from _read_stream(path, kind, settings, text_column)
            return
        data = path.read_bytes()
        if kind == "json" and size > max_bytes * 10:
            raise IngestError(Errors.E105.format(path=name, size_mb=size / 1e6, limit_mb=max_bytes * 10 // 1_000_000), name)
        text, enc = decode_bytes(data, name, max_bytes if kind != "json" else max_bytes * 10)
        if kind in {"txt", "md"}:
            yield RawDocument(path=name, text=text, source_format=kind, encoding=enc)
        elif kind == "html":
            from .html import read_html

            yield read_html(text, name, enc)
        elif kind == "json":
            yield from _read_json(text, name, enc, settings)
    except IngestError as exc:
        yield _failure(exc, name)
    except OSError as exc:
        yield IngestFailure(name, "E110", Errors.E110.format(path=name, reason=exc.strerror or exc))


def _pick(record: dict, keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = record.get(k)
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v if x)
        if v not in (None, ""):
            return str(v)
    return None


def _json_record(record: object, name: str, line: int, enc: str, fmt: str) -> Item:
    where = f"{name}#{'line' if fmt == 'jsonl' else 'record'}={line}"
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return IngestFailure(where, "E108", Errors.E108.format(path=name, line=line, field="text"))
    if not record["text"].strip():
        return IngestFailure(where, "E102", Errors.E102.format(path=where))
    fields = {k: _pick(record, keys) for k, keys in JSON_KEYS.items()}
    extra = tuple((k, str(v)) for k, v in record.items()
                  if k != "text" and not any(k in keys for keys in JSON_KEYS.values())
                  and isinstance(v, (str, int, float)))
    return RawDocument(path=where, text=record["text"], source_format=fmt, encoding=enc, extra=extra, **fields)


def _read_json(text: str, name: str, enc: str, settings: Settings) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Many "JSON" dumps are JSON lines under a .json suffix.
        yield from _read_jsonl_lines(io.StringIO(text), name, enc)
        return
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records, 1):
        yield _json_record(rec, name, i, enc, "json")


def _read_jsonl_lines(lines: Iterable[str], name: str, enc: str) -> Iterator[Item]:
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestFailure(f"{name}#line={i}", "E107", Errors.E107.format(path=name, line=i, reason=exc.msg))
            continue
        yield _json_record(rec, name, i, enc, "jsonl")


def _open_text_stream(path: Path) -> tuple[io.TextIOBase, str]:
    """Open a possibly huge line-oriented file as text, decoding lazily."""
    with path.open("rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        raise IngestError(Errors.E102.format(path=path), str(path))
    _, enc = decode_bytes(head, str(path), len(head) + 1, partial=True)
    return open(path, encoding=enc, errors="strict", newline=""), enc


def _read_stream(path: Path, kind: str, settings: Settings, text_column: str | None) -> Iterator[Item]:
    name = str(path)
    fh, enc = _open_text_stream(path)
    with fh:
        try:
            if kind == "jsonl":
                yield from _read_jsonl_lines(fh, name, enc)
            else:
                yield from _read_csv(fh, path, enc, settings, text_column)
        except UnicodeDecodeError as exc:
            yield IngestFailure(name, "E104", Errors.E104.format(path=name, reason=f"invalid {enc} at byte {exc.start}"))
        except csv.Error as exc:
            yield IngestFailure(name, "E110", Errors.E110.format(path=name, reason=f"CSV error: {exc}"))


def _read_csv(fh, path: Path, enc: str, settings: Settings, text_column: str | None) -> Iterator[Item]:
    name = str(path)
    csv.field_size_limit(settings["ingest"]["max_bytes"])
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(fh, delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise IngestError(Errors.E102.format(path=name), name)
    header = [h.strip() for h in header]
    lower = {h.lower(): i for i, h in enumerate(header)}
    ing = settings["ingest"]

    def col(candidates: list[str]) -> int | None:
        for c in candidates:
            if c.lower() in lower:
                return lower[c.lower()]
        return None

    text_candidates = [text_column] if text_column else ing["text_columns"]
    ti = col(text_candidates)
    if ti is None:
        shown = ", ".join(header[:12]) + (f" … ({len(header)} columns)" if len(header) > 12 else "")
        raise IngestError(Errors.E106.format(path=name, candidates=", ".join(text_candidates), columns=shown), name)
    idx = {
        "title": col(ing["title_columns"]), "published": col(ing["date_columns"]),
        "outlet": col(ing["outlet_columns"]), "author": col(ing["author_columns"]),
        "url": col(ing["url_columns"]),
    }
    used = {ti, *[i for i in idx.values() if i is not None]}
    for rowno, row in enumerate(reader, 2):
        where = f"{name}#row={rowno}"
        if ti >= len(row) or not row[ti].strip():
            yield IngestFailure(where, "E102", Errors.E102.format(path=where))
            continue
        fields = {k: (row[i].strip() or None) if i is not None and i < len(row) else None for k, i in idx.items()}
        extra = tuple((header[i], row[i]) for i in range(min(len(header), len(row))) if i not in used and row[i])
        yield RawDocument(path=where, text=row[ti], source_format="csv", encoding=enc, extra=extra[:20], **fields)

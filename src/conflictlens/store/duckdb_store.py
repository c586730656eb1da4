"""The DuckDB store: one file, versioned schema, atomic per-batch writes of document results."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import duckdb
import pyarrow as pa

from ..errors import Errors, StoreError
from ..records import DocResult, as_dict

LOGGER = logging.getLogger(__name__)
# DuckDB's memory limit set for a moment to evict its cached blocks (Store.drop_cache): after
# each corpus stage and after claims.cluster's load (RSS -300 MB on a 358k-mention store).
CACHE_DROP_LIMIT = "32MB"

# DocResult field -> store table. Every per-document table has a doc_id column.
RESULT_TABLES: dict[str, str] = {
    "sentences": "sentences",
    "actor_mentions": "actor_mentions",
    "events": "events",
    "place_mentions": "place_mentions",
    "date_mentions": "dates",
    "claim_mentions": "claim_mentions",
}
DOC_TABLES = ("documents", "doc_stages", *RESULT_TABLES.values(), "embeddings")


def _migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of the packaged migrations, in order."""
    folder = resources.files("conflictlens.store").joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        m = re.match(r"^(\d+)_.*\.sql$", entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


SCHEMA_VERSION = _migrations()[-1][0]


class Store:
    """A conflictlens DuckDB file (or ``:memory:``).

    ``Store(path)`` creates or migrates the file; ``Store(path, read_only=True)`` opens an
    existing one for reading only (the web app and exports use that). The connection's
    memory limit and threads come from ``[store]`` (``configure`` applies a user's settings).
    """

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(Errors.E703.format(path=self.path))
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(Errors.E701.format(path=self.path, reason=str(exc).splitlines()[0])) from exc
        from ..config import packaged_defaults

        self.configure(packaged_defaults().get("store", {}))
        if read_only:
            self._check_version()
        else:
            self._migrate()

    # -- schema -------------------------------------------------------------------------
    def _current_version(self) -> int:
        has_meta = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()[0]
        if not has_meta:
            return 0
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _check_version(self) -> None:
        has_meta = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()[0]
        if not has_meta:
            raise StoreError(Errors.E704.format(path=self.path))
        found = self._current_version()
        if found > SCHEMA_VERSION:
            raise StoreError(Errors.E702.format(path=self.path, found=found, expected=SCHEMA_VERSION))

    def _migrate(self) -> None:
        current = self._current_version()
        if current > SCHEMA_VERSION:
            raise StoreError(Errors.E702.format(path=self.path, found=current, expected=SCHEMA_VERSION))
        for number, name, sql in _migrations():
            if number <= current:
                continue
            LOGGER.info("store %s: applying migration %s", self.path, name)
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(number)]
                )
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    def configure(self, store_settings: dict) -> None:
        """Apply ``[store]`` settings to the connection: ``memory_limit`` (a DuckDB size such
        as "256MB"; "" = DuckDB's default, 80% of RAM) and ``threads`` (0 = one per core).
        Raises StoreError E150 when DuckDB refuses a value."""
        for key, value in (("memory_limit", store_settings.get("memory_limit", "")),
                           ("threads", store_settings.get("threads", 0))):
            if value in ("", 0, None):
                continue
            try:
                self.con.execute(f"SET {key} = ?", [value])
            except (duckdb.Error, TypeError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise StoreError(Errors.E150.format(key=key, value=value, reason=reason)) from exc

    @contextmanager
    def memory_limit(self, limit: str) -> Iterator[None]:
        """DuckDB's memory_limit set to ``limit`` inside the block, restored after (lowering it
        evicts cached blocks; if DuckDB cannot free that much the limit stays as it was)."""
        old = self.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        try:
            self.con.execute("SET memory_limit = ?", [limit])
        except duckdb.Error as exc:  # blocks still pinned: keep them
            LOGGER.debug("DuckDB memory limit kept at %s: %s", old, str(exc).splitlines()[0] if str(exc) else exc)
        try:
            yield
        finally:
            self.con.execute("SET memory_limit = ?", [old])

    def drop_cache(self) -> None:
        """Evict the blocks DuckDB keeps cached (lowering its limit to CACHE_DROP_LIMIT for a
        moment); blocks still pinned stay."""
        with self.memory_limit(CACHE_DROP_LIMIT):
            pass

    def memory_mb(self) -> float:
        """MB DuckDB's buffer manager holds now (``duckdb_memory()``: cached blocks, indexes,
        working memory it tracks); what ``memory_limit`` bounds."""
        row = self.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
        return (row[0] or 0) / 1e6

    @property
    def schema_version(self) -> int:
        return self._current_version()

    # -- meta ---------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    # -- reading ------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def query_dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def tables(self) -> list[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
        return [r[0] for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in self.tables()}

    def document_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM documents").fetchone()[0]

    def doc_versions(self) -> dict[str, str]:
        """doc_id -> pipeline version that produced its stored records."""
        return dict(self.con.execute("SELECT doc_id, pipeline_version FROM documents").fetchall())

    def has_doc(self, doc_id: str) -> bool:
        return bool(self.con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0])

    # -- writing ------------------------------------------------------------------------
    def insert_rows(self, table: str, rows: list[dict]) -> None:
        """Insert dict rows into ``table`` by column name (missing columns become NULL)."""
        if not rows:
            return
        cols = [r[0] for r in self.con.execute(f'DESCRIBE "{table}"').fetchall()]
        data = {c: [row.get(c) for row in rows] for c in cols if any(c in row for row in rows)}
        arrow = pa.table(data)  # noqa: F841 - referenced by name in SQL below
        names = ", ".join(f'"{c}"' for c in data)
        self.con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM arrow')

    def insert_records(self, table: str, records: Iterable[Any]) -> None:
        self.insert_rows(table, [as_dict(r) if dataclasses.is_dataclass(r) else r for r in records])

    def delete_docs(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        for table in DOC_TABLES:
            self.con.execute(f'DELETE FROM "{table}" WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))', [doc_ids])

    def stale_stages(self, current: dict[str, str]) -> dict[str, str]:
        """Stages whose stored version differs from ``current``: stage -> "old -> new".

        Read from ``doc_stages`` (the version of every stage that produced each stored
        document); a stage new to the pipeline shows as "(none) -> new".
        """
        rows = self.con.execute("SELECT stage, list(DISTINCT version ORDER BY version) FROM doc_stages GROUP BY stage").fetchall()
        if not rows:
            return {}
        stored = {stage: versions for stage, versions in rows}
        out = {}
        for stage, version in sorted(current.items()):
            old = stored.get(stage)
            if old is None:
                out[stage] = f"(none) -> {version}"
            elif old != [version]:
                out[stage] = f"{', '.join(o for o in old if o != version) or version} -> {version}"
        return out

    def _existing(self, doc_ids: list[str]) -> list[str]:
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids]
        ).fetchall()
        return [r[0] for r in rows]

    def write_results(self, results: list[DocResult], pipeline_version: str,
                      errors: Sequence[tuple[str, str, str]] = ()) -> None:
        """Write a batch of document results in one transaction: all of a document or nothing.

        Documents already stored are replaced (their old records deleted first), so a
        re-run never duplicates records. ``errors`` (path, code, message) are logged in the
        same transaction, replacing earlier errors logged for the same paths.
        """
        if not results and not errors:
            return
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        self.con.execute("BEGIN TRANSACTION")
        try:
            # Only documents already stored need their old records deleted (a scan per
            # table); new ones, the common case in a large first run, skip it.
            self.delete_docs(self._existing([r.document.doc_id for r in results]) if results else [])
            docs = []
            for r in results:
                d = as_dict(r.document)
                d["extra"] = [{"key": k, "value": v} for k, v in r.document.extra]
                d["n_chars"] = len(r.document.text)
                d["pipeline_version"] = pipeline_version
                d["analyzed_at"] = now
                docs.append(d)
            self.insert_rows("documents", docs)
            self.insert_rows(
                "doc_stages",
                [{"doc_id": r.document.doc_id, "stage": s, "version": v}
                 for r in results for s, v in r.stage_versions.items()],
            )
            for field_name, table in RESULT_TABLES.items():
                self.insert_records(table, [rec for r in results for rec in getattr(r, field_name)])
            self.insert_rows(
                "embeddings",
                [{"doc_id": r.document.doc_id, "sentence_idx": i, "model": "default", "vector": v}
                 for r in results for i, v in r.embeddings],
            )
            if errors:
                paths = sorted({e[0] for e in errors})
                self.con.execute("DELETE FROM ingest_errors WHERE path IN (SELECT unnest(?::VARCHAR[]))", [paths])
                self.insert_rows("ingest_errors", [{"path": p, "code": c, "message": m, "logged_at": now}
                                                   for p, c, m in errors])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def log_ingest_error(self, path: str, code: str, message: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        self.con.execute("INSERT INTO ingest_errors VALUES (?, ?, ?, ?)", [path, code, message, now])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

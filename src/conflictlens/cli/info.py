"""conflictlens info: what a store holds."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..store import SCHEMA_VERSION
from ._common import DEFAULT_DB, JsonFlag, open_store, out


def register(app: typer.Typer) -> None:
    app.command("info")(info_cmd)


def info_cmd(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to describe.")] = DEFAULT_DB,
    as_json: JsonFlag = False,
) -> None:
    """Show the store's schema version and the row count of every table.

    Example: conflictlens info --db demo.duckdb
    """
    import json

    store = open_store(db)
    counts = store.counts()
    version = store.schema_version
    store.close()
    if as_json:
        print(json.dumps({"db": str(db), "schema_version": version, "counts": counts}))
        return
    table = Table(title=f"{db}", caption=f"schema {version} (this conflictlens writes {SCHEMA_VERSION})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    out.print(table)

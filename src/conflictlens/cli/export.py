"""conflictlens export: write stored records in the field's formats."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import Errors
from ..registry import load_all
from ._common import DEFAULT_DB, ConfigOpt, console, fail, open_store, settings_from


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)


def _help() -> str:
    reg = load_all()
    by_what: dict[str, list[str]] = {}
    for what, fmt in sorted(reg.exporters):
        by_what.setdefault(what, []).append(fmt)
    return "; ".join(f"{w}: {', '.join(f)}" for w, f in by_what.items())


def export_cmd(
    what: Annotated[str, typer.Argument(help="What to export: documents, sentences, actors, actor_mentions, events, places, claims, ...")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format (jsonl, csv, parquet, plover, acled, geojson, graphml...).")] = "jsonl",
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to read.")] = DEFAULT_DB,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: stdout).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Export stored records; text formats go to stdout unless -o is given.

    Example: conflictlens export events --format acled --db war.duckdb -o events.csv
    """
    reg = load_all()
    try:
        info = reg.get_exporter(what, fmt)
    except KeyError as exc:
        fail(exc.args[0] + f"\nAvailable: {_help()}")
    if info.binary and output is None:
        fail(Errors.E801.format(fmt=fmt))
    settings = settings_from(config)
    store = open_store(db)
    n = info.write(store, output, settings)
    store.close()
    if output is not None:
        console.print(f"wrote {n} records to {output}")

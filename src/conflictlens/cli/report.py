"""conflictlens report: a self-contained HTML situation report of a store."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import ConflictLensError
from ._common import DEFAULT_DB, console, fail


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)


def report_cmd(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store made by 'analyze' (opened read-only).")] = DEFAULT_DB,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
    title: Annotated[str, typer.Option("--title", help="Report title.")] = "Situation report",
    outlets: Annotated[Optional[Path], typer.Option("--outlets", help="Outlet alignment CSV giving each outlet's side, for 'reported by one side only' (default: the packaged table).")] = None,
) -> None:
    """Write one HTML file: corpus summary, key actors, events over time, map, claim matrix
    (and claims reported by one side only), each item linked to its quoted sentence. No
    scripts and no network requests; printable.

    Example: conflictlens report --db demo.duckdb -o report.html
    """
    from ..analytics.tables import load_outlets
    from ..report.html import write_report

    try:
        table = load_outlets(outlets) if outlets is not None else None
        path = write_report(db, output, title=title, outlet_table=table)
    except ConflictLensError as exc:
        fail(str(exc))
    console.print(f"report written to {path} ({path.stat().st_size // 1024} KB)")

"""conflictlens stats: dyads, places and actors over time; story events and corroboration."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import duckdb
import typer
from rich.table import Table

from ..errors import ConflictLensError
from ._common import DEFAULT_DB, ConfigOpt, OutOpt, console, fail, open_store, out, settings_from

app = typer.Typer(help="Aggregations over a store: dyads, places, actors by period; story events.",
                  no_args_is_help=True)


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class Fmt(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB store to read.")]
PeriodOpt = Annotated[Period, typer.Option("--period", "-p", help="Time bucket (event date, else publication date).")]
FmtOpt = Annotated[Fmt, typer.Option("--format", "-f", help="table (rich, on screen), csv or jsonl.")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", help="At most N rows (table format: 40 unless given).")]

# Columns shown on screen per aggregation; csv/jsonl carry every column.
TABLE_COLUMNS = {
    "dyads": ["period", "actor_name", "recipient_name", "n_events", "n_verbal_coop", "n_material_coop",
              "n_verbal_conflict", "n_material_conflict", "mean_intensity"],
    "places": ["period", "place_name", "country_code", "n_events", "n_documents", "n_material_conflict",
               "fatalities_reported", "mean_intensity"],
    "actors": ["period", "actor_name", "n_as_actor", "n_as_recipient", "n_documents", "n_material_conflict",
               "mean_intensity"],
}
SCREEN_ROWS = 40


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="stats")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return str(v)


def _emit(kind: str, rows: list[dict], columns: list[str], fmt: Fmt, output: Path | None, title: str) -> None:
    from ..export.common import write_csv, write_jsonl

    if fmt is Fmt.csv:
        write_csv(iter(rows), output, columns=columns)
    elif fmt is Fmt.jsonl:
        write_jsonl(iter(rows), output)
    else:
        table = Table(title=title)
        shown = TABLE_COLUMNS.get(kind, columns)
        for c in shown:
            table.add_column(c, justify="right" if c.startswith(("n_", "mean_", "fatal")) else "left")
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in shown))
        out.print(table)


def _aggregation(kind: str, db: Path, period: Period, fmt: Fmt, limit: int | None, output: Path | None) -> None:
    from ..analytics import aggregate

    if limit is None and fmt is Fmt.table:
        limit = SCREEN_ROWS
    store = open_store(db)
    try:
        tbl = aggregate(store, kind, period.value, limit)
    except Exception as exc:  # noqa: BLE001 - a store without the analytics tables, etc.
        store.close()
        fail(f"{kind}: {exc}")
    store.close()
    _emit(kind, tbl.to_pylist(), tbl.column_names, fmt, output, f"{kind} by {period.value} ({db})")


@app.command("dyads")
def dyads_cmd(db: DbOpt = DEFAULT_DB, period: PeriodOpt = Period.month, fmt: FmtOpt = Fmt.table,
              limit: LimitOpt = None, output: OutOpt = None) -> None:
    """Events per directed dyad (actor -> recipient) and period: counts and mean intensity by quad class.

    Example: conflictlens stats dyads --db war.duckdb --period month --format csv -o dyads.csv
    """
    _aggregation("dyads", db, period, fmt, limit, output)


@app.command("places")
def places_cmd(db: DbOpt = DEFAULT_DB, period: PeriodOpt = Period.month, fmt: FmtOpt = Fmt.table,
               limit: LimitOpt = None, output: OutOpt = None) -> None:
    """Events per place and period (GeoNames id when resolved): which places heat up.

    Example: conflictlens stats places --db war.duckdb --period week
    """
    _aggregation("places", db, period, fmt, limit, output)


@app.command("actors")
def actors_cmd(db: DbOpt = DEFAULT_DB, period: PeriodOpt = Period.month, fmt: FmtOpt = Fmt.table,
               limit: LimitOpt = None, output: OutOpt = None) -> None:
    """Activity per actor and period: events as initiator and as target.

    Example: conflictlens stats actors --db war.duckdb --period year --format jsonl
    """
    _aggregation("actors", db, period, fmt, limit, output)


@app.command("stories")
def stories_cmd(
    db: DbOpt = DEFAULT_DB,
    top: Annotated[int, typer.Option("--top", help="How many of the most-reported story events to list.")] = 10,
    outlets: Annotated[Optional[Path], typer.Option("--outlets", help="Outlet alignment CSV to recompute corroboration with (default: analytics.outlets_file, else the packaged table).")] = None,
    recompute: Annotated[bool, typer.Option("--recompute", help="Rebuild story events from the stored events first (writes to the store).")] = False,
    fmt: FmtOpt = Fmt.table,
    output: OutOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Story events: single-source vs corroborated, by opposite sides, and the most-reported ones.

    Example: conflictlens stats stories --db fakes.duckdb --top 10 --outlets my_outlets.csv
    """
    from ..analytics import build_story_events, corroboration_summary, top_story_events
    from ..analytics.tables import load_outlets

    settings = settings_from(config)
    if outlets is not None or recompute:
        store = open_store(db, read_only=False)
        try:
            table = load_outlets(outlets) if outlets is not None else None
            build_story_events(store, settings, table)
        except ConflictLensError as exc:
            store.close()
            fail(str(exc))
    else:
        store = open_store(db)
    try:
        summary = corroboration_summary(store)
        rows = top_story_events(store, top)
    except duckdb.Error as exc:  # a store written before the analytics tables existed
        store.close()
        fail(f"{db}: no story events table ({str(exc).splitlines()[0]}). "
             f"Run 'conflictlens stats stories --db {db} --recompute' once.")
    store.close()
    if fmt is not Fmt.table:
        _emit("stories", rows, list(rows[0]) if rows else [], fmt, output, "")
        return
    n = summary["story_events"] or 1
    out.print(f"[bold]{summary['events']:,}[/] events -> [bold]{summary['story_events']:,}[/] story events: "
              f"{summary['single_source']:,} single-source ({100 * summary['single_source'] / n:.1f}%), "
              f"{summary['corroborated']:,} corroborated by 2+ outlets ({100 * summary['corroborated'] / n:.1f}%), "
              f"{summary['corroborated_opposite']:,} reported by outlets of opposite sides "
              f"({100 * summary['corroborated_opposite'] / n:.1f}%); "
              f"{summary['multi_document']:,} reported by 2+ documents.")
    table = Table(title=f"{len(rows)} most-reported story events ({db})")
    for c in ("story", "type", "actor", "recipient", "place", "dates", "outlets", "docs", "sides", "corroboration"):
        table.add_column(c, justify="right" if c == "docs" else "left")
    for r in rows:
        dates = r["date_start"] or ""
        if r["date_end"] and r["date_end"] != r["date_start"]:
            dates += f"..{r['date_end']}"
        table.add_row(r["story_id"], r["event_type"], _cell(r["actor_name"]), _cell(r["recipient_name"]),
                      _cell(r["place_name"]), dates, _cell(r["outlets"]), str(r["n_documents"]),
                      _cell(r["sides"]), r["corroboration"])
    out.print(table)
    if not rows:
        console.print("no story events: the store has no events (or was made before analytics existed; "
                      "use --recompute).")

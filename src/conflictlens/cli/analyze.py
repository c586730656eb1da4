"""conflictlens analyze: read, clean, NLP, code and store articles."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import Errors
from ._common import DEFAULT_DB, ConfigOpt, console, fail, open_store, settings_from


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_cmd)


def analyze_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or '-' for stdin: .txt .md .html .json .jsonl .csv")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB store to create or update.")] = DEFAULT_DB,
    force: Annotated[bool, typer.Option("--force", help="Re-analyse documents already stored.")] = False,
    text_column: Annotated[Optional[str], typer.Option("--text-column", help="CSV column holding the article text.")] = None,
    config: ConfigOpt = None,
    actors: Annotated[Optional[Path], typer.Option("--actors", help="YAML/CSV file of extra actors and aliases (stored documents are re-analysed when its content changed).")] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-j", help="Worker processes (0 = all cores; default from settings: all cores, in-process for small inputs).")] = None,
    dask: Annotated[Optional[str], typer.Option("--dask", help="Run on a local Dask cluster: local:N (N worker processes).")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Run on an existing Dask cluster: tcp://HOST:PORT.")] = None,
) -> None:
    """Analyse articles into a DuckDB store; unchanged documents are skipped.

    Exit status: 0 every input read, 3 some rejected (the rest stored), 1 none read.

    Example: conflictlens analyze articles/ feed.jsonl --db war.duckdb
    """
    from ..scale.lean import keep_unused_modules_out

    if _standalone():  # this process is ours: no PyTorch behind spaCy (scale/lean.py)
        keep_unused_modules_out()
    from ..runner import analyze
    from ..scale import DaskRunner, ScaleError, parse_dask_option, resolve_workers

    settings = settings_from(config)
    if actors is not None:  # stored documents re-run when the file's content is new to them
        settings = settings.with_overrides(actors__user_file=str(actors.resolve()))  # (pipeline.settings_tag)
        from ..actors.kb import load_kb
        from ..errors import SettingsError

        try:
            load_kb(settings)  # validate now: a malformed file is one clear error, not a traceback
        except SettingsError as exc:
            fail(str(exc))
    dask_runner = None
    try:
        if workers is not None:
            resolve_workers(workers)
        if dask and scheduler:
            raise ScaleError(Errors.E123.format(value=f"--dask {dask} --scheduler {scheduler}"))
        if dask or scheduler:
            dask_runner = DaskRunner(settings, local_workers=parse_dask_option(dask) if dask else None,
                                     scheduler=scheduler)
            if scheduler:  # connect now (E124 before reading); a local cluster starts at the
                dask_runner.start()  # first batch, forked from the loaded pipeline
    except ScaleError as exc:
        fail(str(exc))
    store = open_store(db, read_only=False)
    counts = {"read": 0, "stored": 0, "skipped": 0, "failed": 0}
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[info]}"), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("analysing", total=None, info="")

        def progress(event: str, n: int) -> None:
            counts[event] = counts.get(event, 0) + n
            bar.update(task, completed=counts["stored"] + counts["skipped"] + counts["failed"],
                       info=f"stored {counts['stored']} · unchanged {counts['skipped']} · errors {counts['failed']}")

        try:
            report = analyze(paths, store, settings, force=force, text_column=text_column, progress=progress,
                             workers=workers, results=dask_runner, defer_corpus=_standalone() and os.name == "posix")
        except ScaleError as exc:
            store.close()
            fail(str(exc))
        finally:
            if dask_runner is not None:
                dask_runner.close()
    store.close()
    if report.corpus_deferred:  # a large store: the corpus stages run in a fresh image of this process
        from .corpus_phase import exec_corpus_phase, finish_and_summarise

        exec_corpus_phase(report, db, settings)  # returns only if the exec failed
        finish_and_summarise(report, db, settings, since=time.time())
    else:
        print_summary(report, db)
    if _standalone():
        _exit_now(report.exit_code)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def print_summary(report, db: Path) -> None:
    """The per-file errors and the counts table that end an ``analyze`` run."""
    for stage, change in report.stale_stages.items():
        console.print(f"[yellow]stage {stage} changed ({change}): its documents were re-analysed[/]", highlight=False)
    for f in report.failures:
        console.print(f"[red]error:[/] {f.message}", highlight=False, soft_wrap=True)
    for message in report.corpus_errors:
        console.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    table = Table(title=f"conflictlens analyze → {db}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in [
        ("documents read", report.inputs_read), ("stored (new or changed)", report.stored),
        ("unchanged (skipped)", report.unchanged), ("duplicates in input", report.duplicates),
        ("non-English (stored, flagged)", report.non_english), ("rejected inputs", len(report.failures)),
    ]:
        table.add_row(label, str(value))
    for t in ("documents", "sentences", "actor_mentions", "events", "place_mentions", "dates", "claim_mentions", "claims"):
        if t in report.counts:
            table.add_row(f"[dim]table {t}[/]", str(report.counts[t]))
    table.caption = f"{report.seconds:.1f} s" + (f" · {report.workers} workers" if report.workers > 1 else "")
    console.print(table)


def _standalone() -> bool:
    """True in the ``conflictlens`` console script, not inside a caller's process (CliRunner)."""
    return Path(sys.argv[0]).name in ("conflictlens", "conflictlens.exe")


def _exit_now(code: int) -> None:
    """Leave at once: the store is closed and the summary printed. Interpreter exit would
    otherwise free the loaded models (spaCy, rulers, knowledge base) object by object, which
    took 1.5 s on an idle and 3.4 s on a loaded 2-core machine (2026-11-28) for nothing."""
    console.file.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)

"""Options shared by commands (typer Annotated aliases) and small helpers."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from ..config import Settings, load_settings
from ..errors import ConflictLensError
from ..store import Store

console = Console(stderr=True)
out = Console()

DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB store file (created by 'analyze').", show_default=True)]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Settings TOML overriding the defaults (default: ./conflictlens.toml if present).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object of metrics to stdout.")]
OutOpt = Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: stdout).")]

DEFAULT_DB = Path("conflictlens.duckdb")


def settings_from(config: Path | None) -> Settings:
    try:
        return load_settings(config)
    except ConflictLensError as exc:
        fail(str(exc))


def open_store(db: Path, read_only: bool = True) -> Store:
    try:
        return Store(db, read_only=read_only)
    except ConflictLensError as exc:
        fail(str(exc))


def fail(message: str, code: int = 1) -> None:
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    from rich.logging import RichHandler

    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=console, show_path=False)])

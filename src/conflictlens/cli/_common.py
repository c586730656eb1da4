"""Options shared by commands (typer Annotated aliases) and small helpers."""
from __future__ import annotations

import logging
import os
import sys
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
    """-v count -> log level: none WARNING, -v INFO, -vv DEBUG."""
    setup_logging_level(logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG)


def setup_logging_level(level: int) -> None:
    """Rich logging on the console at ``level`` (also how cli/corpus_phase.py's fresh process
    image takes over the level of the image it replaced)."""
    from rich.logging import RichHandler

    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=console, show_path=False)])
    _make_forks_safe()


# Worker processes are forked (--workers N, --dask local:N) while other threads of the parent
# run: Dask forks each worker from its own watcher thread while the event-loop thread logs,
# and the pool forks fresh workers while the progress bar's refresh thread draws. A rich
# console lock held by such a thread at the fork stays held for ever in the child, and the
# child's first log line through the RichHandler then waits for ever: `--dask local:2` hung
# at cluster start in 3 of 4 runs (2026-11-28; a dump of the hung worker showed it in
# rich's Console.render_lines, `with self._lock`). So the thread that forks holds the console
# locks across the fork (no other thread can be inside the console then), and the child
# logs through a plain stream handler: it never draws anything.
_FORK_HOOKS = False


def _make_forks_safe() -> None:
    global _FORK_HOOKS
    if _FORK_HOOKS:
        return
    _FORK_HOOKS = True
    consoles = (console, out)

    def before() -> None:
        for c in consoles:
            c._lock.acquire()

    def after_in_parent() -> None:
        for c in reversed(consoles):
            c._lock.release()

    def after_in_child() -> None:
        after_in_parent()
        _plain_logging()

    os.register_at_fork(before=before, after_in_parent=after_in_parent, after_in_child=after_in_child)


def _plain_logging() -> None:
    """In a forked worker: the root logger's rich handlers become plain stderr handlers."""
    from rich.logging import RichHandler

    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RichHandler):
            plain = logging.StreamHandler(sys.stderr)
            plain.setLevel(handler.level)
            plain.setFormatter(logging.Formatter("%(levelname)s [worker %(process)d] %(name)s: %(message)s"))
            root.removeHandler(handler)
            root.addHandler(plain)

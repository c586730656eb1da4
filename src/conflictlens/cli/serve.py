"""conflictlens serve: the local web app over a store (read-only)."""
from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConflictLensError, Errors, Warnings
from ._common import DEFAULT_DB, console, fail

LOGGER = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_cmd(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store made by 'analyze' (opened read-only).")] = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Interface to bind. Anything but loopback exposes the store to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the map, timeline, actor network, claim matrix and documents at http://HOST:PORT/.

    The JSON API is under /api/ (interactive docs at /api/docs). Nothing is fetched from the
    internet: scripts, styles and map outlines are served by the package.

    Example: conflictlens serve --db demo.duckdb --port 8000
    """
    import socket

    import uvicorn

    from ..web.app import create_app

    if not is_loopback(host):
        console.print(f"[yellow]{Warnings.W801.format(host=host)}[/yellow]")
        LOGGER.warning(Warnings.W801.format(host=host))
    try:
        app = create_app(db)
    except ConflictLensError as exc:
        fail(str(exc))
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, port))
    except OSError as exc:
        fail(Errors.E816.format(host=host, port=port, reason=exc.strerror or exc))
    console.print(f"conflictlens: serving {db} (read-only) at http://{host}:{port}/  (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                limit_concurrency=64, timeout_keep_alive=5)

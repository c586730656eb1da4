"""conflictlens: sourced, structured pictures of armed conflicts from news and opinion articles."""
from __future__ import annotations

from typing import Annotated

import typer

from ..pipeline import __version__
from . import analyze as _analyze
from . import eval as _eval
from . import export as _export
from . import info as _info
from ._common import setup_logging

app = typer.Typer(
    name="conflictlens",
    help="Turn news and opinion articles about an armed conflict into sourced, structured records: "
    "actors, PLOVER/CAMEO events, places, dates and claims, each traced to its sentence.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"conflictlens {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")] = 0,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    setup_logging(verbose)


_analyze.register(app)
_export.register(app)
_info.register(app)
app.add_typer(_eval.app, name="eval")

# Optional command groups register themselves when their module exists.
for _name in ("claims", "report", "serve", "stats", "train"):
    try:
        _mod = __import__(f"conflictlens.cli.{_name}", fromlist=["register"])
    except ModuleNotFoundError as _exc:
        if _exc.name != f"conflictlens.cli.{_name}":
            raise
        continue
    _mod.register(app)


def main() -> None:
    app()

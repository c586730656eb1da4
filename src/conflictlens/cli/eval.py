"""conflictlens eval: score the pipeline on external gold data."""
from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..errors import ConflictLensError
from ._common import JsonFlag, fail, out

app = typer.Typer(help="Score conflictlens on gold data written by others (see README 'Scores').", no_args_is_help=True)

DataOpt = Annotated[Path, typer.Option("--data", help="Gold data file or folder.")]


def _run(module: str, as_json: bool, **kwargs) -> None:
    mod = importlib.import_module(f"conflictlens.eval.{module}")
    try:
        metrics = mod.evaluate(**kwargs)
    except ConflictLensError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(metrics, default=str))
        return
    table = Table(title=f"eval {module}: {kwargs.get('data')}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for k, v in metrics.items():
        table.add_row(k, f"{v:.4f}" if isinstance(v, float) else json.dumps(v, default=str) if isinstance(v, (dict, list)) else str(v))
    out.print(table)


@app.command("actors")
def eval_actors(data: DataOpt, as_json: JsonFlag = False) -> None:
    """Entity recognition P/R/F1 and alias linking on re3d folders.

    Example: conflictlens eval actors --data ../shared/eval/actors/re3d
    """
    _run("actors", as_json, data=data)


@app.command("events")
def eval_events(data: DataOpt, as_json: JsonFlag = False) -> None:
    """Event coding: ConfliBERT TSV/CoNLL, JSON-lines gold, PETRARCH XML or PLOVER records (detected).

    Example: conflictlens eval events --data ../shared/eval/events/plover/PLOVER_GSR_CAMEO.json
    """
    _run("events", as_json, data=data)


@app.command("geo")
def eval_geo(data: DataOpt, as_json: JsonFlag = False) -> None:
    """Toponym recognition and resolution (GeoWebNews, TR-News/LGL, GeoVirus XML).

    Example: conflictlens eval geo --data ../shared/eval/geoparsing/GWN.xml
    """
    _run("geo", as_json, data=data)


@app.command("dates")
def eval_dates(data: Annotated[Optional[Path], typer.Option("--data", help="Gold dates JSONL (default: the packaged gold file).")] = None,
               as_json: JsonFlag = False) -> None:
    """Date normalisation: exact start/end and precision match.

    Example: conflictlens eval dates
    """
    _run("dates", as_json, data=data)


@app.command("claims")
def eval_claims(data: DataOpt,
                split: Annotated[str, typer.Option("--split", help="dev or test")] = "dev",
                as_json: JsonFlag = False) -> None:
    """Key-point matching mAP (ArgKP-2021) or stance/clustering (Perspectrum).

    Example: conflictlens eval claims --data ../shared/eval/claims/argkp --split dev
    """
    _run("claims", as_json, data=data, split=split)

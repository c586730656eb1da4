"""conflictlens claims: the claim x source matrix, outlet agreement, one-sided claims."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import Errors
from ._common import DEFAULT_DB, JsonFlag, fail, open_store, out

MARK = {"support": "[green]+ support[/]", "oppose": "[red]- oppose[/]", "neutral": "[dim]~ reports[/]",
        "mixed": "[yellow]± mixed[/]"}


def register(app: typer.Typer) -> None:
    app.command("claims")(claims_cmd)


def claims_cmd(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store made by 'analyze'.")] = DEFAULT_DB,
    by: Annotated[str, typer.Option("--by", help="Matrix columns: 'doc' or 'outlet'.")] = "doc",
    min_sources: Annotated[int, typer.Option("--min-sources", help="Show claims made in at least this many documents.")] = 2,
    limit: Annotated[int, typer.Option("--limit", help="At most this many claims in the matrix.")] = 40,
    as_json: JsonFlag = False,
) -> None:
    """Print which source supports, opposes or only reports each claim; outlet x outlet
    agreement; and claims made by one outlet only.

    Example: conflictlens claims --db war.duckdb --by outlet
    """
    import json

    from ..claims.corpus import claim_rows, matrix, one_sided, outlet_agreement

    store = open_store(db)
    if not store.query("SELECT count(*) FROM claims")[0][0]:
        store.close()
        fail(Errors.E602.format(path=db))
    shared = claim_rows(store, min_documents=min_sources)[:limit]
    every = claim_rows(store, min_documents=1)
    titles = dict(store.query("SELECT doc_id, coalesce(title, path) FROM documents"))
    store.close()
    key = "outlet" if by == "outlet" else "doc_id"
    mat = matrix(shared, key)
    agree = outlet_agreement(every)
    lonely = one_sided(every)
    if as_json:
        print(json.dumps({
            "matrix": mat, "labels": {c.claim_id: c.label for c in shared},
            "outlet_agreement": [{"a": a, "b": b, **v} for (a, b), v in sorted(agree.items())],
            "one_sided": [{"claim_id": c.claim_id, "label": c.label, "outlet": o} for c, o in lonely]}))
        return
    cols = sorted({k for row in mat.values() for k in row})
    t = Table(title=f"Claims in {db}: stance of each source (≥{min_sources} documents)", show_lines=True)
    t.add_column("claim", overflow="fold", ratio=3)
    for c in cols:
        name = c if key == "outlet" else (titles.get(c) or c)[:28]
        t.add_column(name, overflow="fold")
    for c in shared:
        t.add_row(c.label, *[MARK.get(mat[c.claim_id].get(col, ""), "") for col in cols])
    out.print(t)
    a = Table(title="Outlet x outlet: claims both made, agreeing and disagreeing stances")
    for name in ("outlet A", "outlet B", "shared", "agree", "disagree"):
        a.add_column(name, justify="right" if name in ("shared", "agree", "disagree") else "left")
    for (x, y), v in sorted(agree.items(), key=lambda kv: -kv[1]["shared"]):
        a.add_row(x, y, str(v["shared"]), str(v["agree"]), str(v["disagree"]))
    out.print(a)
    o = Table(title="Claims made by one outlet only (≥2 mentions)")
    o.add_column("outlet")
    o.add_column("claim", overflow="fold")
    for c, outlet in lonely[:limit]:
        o.add_row(outlet, c.label)
    out.print(o)

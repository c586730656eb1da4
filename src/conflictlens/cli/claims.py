"""conflictlens claims: the claim x source matrix, outlet and side agreement, one-outlet and one-side claims."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..errors import ConflictLensError, Errors
from ._common import DEFAULT_DB, ConfigOpt, JsonFlag, fail, open_store, out, settings_from

MARK = {"support": "[green]+ support[/]", "oppose": "[red]- oppose[/]", "neutral": "[dim]~ reports[/]",
        "mixed": "[yellow]± mixed[/]"}


def register(app: typer.Typer) -> None:
    app.command("claims")(claims_cmd)


def claims_cmd(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store made by 'analyze'.")] = DEFAULT_DB,
    by: Annotated[str, typer.Option("--by", help="Matrix columns: 'doc', 'outlet' or 'side' (the outlet table's side).")] = "doc",
    min_sources: Annotated[int, typer.Option("--min-sources", help="Show claims made in at least this many documents.")] = 2,
    limit: Annotated[int, typer.Option("--limit", help="At most this many claims in the matrix.")] = 40,
    outlets: Annotated[Optional[Path], typer.Option("--outlets", help="Outlet alignment CSV giving each outlet's side (default: analytics.outlets_file, else the packaged table).")] = None,
    config: ConfigOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Print which source supports, opposes or only reports each claim; outlet x outlet and
    side x side agreement; claims made by one outlet only, and by one side only (sides:
    pro_government, anti_government, neutral, from the outlet alignment table).

    Example: conflictlens claims --db war.duckdb --by outlet
    """
    import json

    from ..analytics.tables import load_outlets, outlets_for
    from ..claims.corpus import claim_rows, matrix, one_side, one_sided, outlet_agreement, with_sides

    if by not in ("doc", "outlet", "side"):
        fail(f"--by {by}: use 'doc', 'outlet' or 'side'.")
    try:
        table = load_outlets(outlets) if outlets is not None else outlets_for(settings_from(config))
    except ConflictLensError as exc:
        fail(str(exc))
    store = open_store(db)
    if not store.query("SELECT count(*) FROM claims")[0][0]:
        store.close()
        fail(Errors.E602.format(path=db))
    shared = with_sides(claim_rows(store, min_documents=min_sources)[:limit], table)
    every = with_sides(claim_rows(store, min_documents=1), table)
    titles = dict(store.query("SELECT doc_id, coalesce(title, path) FROM documents"))
    store.close()
    key = {"doc": "doc_id"}.get(by, by)
    mat = matrix(shared, key)
    agree = outlet_agreement(every)
    sides = outlet_agreement(every, key="side")
    lonely = one_sided(every)
    partisan = one_side(every)
    if as_json:
        print(json.dumps({
            "matrix": mat, "labels": {c.claim_id: c.label for c in shared},
            "outlet_agreement": [{"a": a, "b": b, **v} for (a, b), v in sorted(agree.items())],
            "side_agreement": [{"a": a, "b": b, **v} for (a, b), v in sorted(sides.items())],
            "one_sided": [{"claim_id": c.claim_id, "label": c.label, "outlet": o} for c, o in lonely],
            "one_side": [{"claim_id": c.claim_id, "label": c.label, "side": side,
                          "outlets": sorted({m["outlet"] for m in c.members})} for c, side in partisan]}))
        return
    cols = sorted({k for row in mat.values() for k in row})
    t = Table(title=f"Claims in {db}: stance of each source (≥{min_sources} documents)", show_lines=True)
    t.add_column("claim", overflow="fold", ratio=3)
    for c in cols:
        name = (titles.get(c) or c)[:28] if key == "doc_id" else c
        t.add_column(name, overflow="fold")
    for c in shared:
        t.add_row(c.label, *[MARK.get(mat[c.claim_id].get(col, ""), "") for col in cols])
    out.print(t)
    for title, pairs, names in (("Outlet x outlet: claims both made, agreeing and disagreeing stances", agree,
                                 ("outlet A", "outlet B")),
                                ("Side x side (outlet table): claims both made, agreeing and disagreeing stances",
                                 sides, ("side A", "side B"))):
        a = Table(title=title)
        for name in (*names, "shared", "agree", "disagree"):
            a.add_column(name, justify="right" if name in ("shared", "agree", "disagree") else "left")
        for (x, y), v in sorted(pairs.items(), key=lambda kv: -kv[1]["shared"]):
            a.add_row(x, y, str(v["shared"]), str(v["agree"]), str(v["disagree"]))
        out.print(a)
    o = Table(title="Claims made by one outlet only (≥2 mentions)")
    o.add_column("outlet")
    o.add_column("claim", overflow="fold")
    for c, outlet in lonely[:limit]:
        o.add_row(outlet, c.label)
    out.print(o)
    p = Table(title=f"Claims reported by one side only (≥2 outlets, all of that side): {len(partisan)}")
    p.add_column("side")
    p.add_column("outlets")
    p.add_column("claim", overflow="fold")
    for c, side in partisan[:limit]:
        p.add_row(side, ", ".join(sorted({m["outlet"] for m in c.members})), c.label)
    out.print(p)

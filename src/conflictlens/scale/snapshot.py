"""Compare stores record for record (parallel vs single-process, resumed vs uninterrupted)."""
from __future__ import annotations

from ..store import Store

# Columns that legitimately differ between two runs over the same input.
VOLATILE_COLUMNS = {"analyzed_at", "logged_at"}
# Tables that hold run bookkeeping rather than records.
SKIPPED_TABLES = {"meta"}


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """table -> its rows (volatile columns removed), sorted, as comparable tuples."""
    out: dict[str, list[tuple]] = {}
    for table in store.tables():
        if table in SKIPPED_TABLES:
            continue
        cols = [r[0] for r in store.con.execute(f'DESCRIBE "{table}"').fetchall()]
        keep = [c for c in cols if c not in VOLATILE_COLUMNS]
        if not keep:
            continue
        names = ", ".join(f'"{c}"' for c in keep)
        rows = store.con.execute(f'SELECT {names} FROM "{table}"').fetchall()
        out[table] = sorted((tuple(repr(v) for v in row) for row in rows))
    return out


def diff(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> list[str]:
    """Human-readable differences between two snapshots (empty when equal)."""
    problems = []
    for table in sorted(set(a) | set(b)):
        ra, rb = a.get(table, []), b.get(table, [])
        if ra != rb:
            sa, sb = set(ra), set(rb)
            problems.append(f"{table}: {len(ra)} vs {len(rb)} rows, {len(sa - sb)} only in first, "
                            f"{len(sb - sa)} only in second")
    return problems

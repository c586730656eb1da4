"""Build a conflictlens store filled with N synthetic events (for API and aggregation benchmarks).

    .venv/bin/python bench/synthetic.py --events 1000000 --db bench/out/synthetic.duckdb

Events are generated inside DuckDB with SQL (no Python loop per row): 200 actors, 16 PLOVER
types, 2,000 places around the Levant, dates over 2011-2024, 20,000 documents from 40 outlets.
Deterministic for a given N (setseed).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from conflictlens.store import Store  # noqa: E402

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
QUAD = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4]
ROOT = ["03", "04", "05", "08", "06", "07", "08", "10", "11", "12", "13", "14", "16", "15", "17", "19"]


def make_store(path: str, n_events: int, n_docs: int | None = None) -> Store:
    n_docs = n_docs or max(1, n_events // 50)
    store = Store(path)
    con = store.con
    con.execute("SELECT setseed(0.42)")
    types = "[" + ",".join(f"'{t}'" for t in TYPES) + "]"
    quads = "[" + ",".join(map(str, QUAD)) + "]"
    roots = "[" + ",".join(f"'{r}'" for r in ROOT) + "]"
    con.execute("BEGIN TRANSACTION")
    con.execute(f"""
        INSERT INTO documents (doc_id, path, title, outlet, published, language, source_format, text, n_chars, pipeline_version)
        SELECT 'syn' || lpad(i::VARCHAR, 8, '0'), 'synthetic#' || i, 'Synthetic article ' || i,
               'outlet' || (i % 40), DATE '2011-01-01' + (i % 5000)::INTEGER, 'en', 'synthetic',
               'Synthetic text ' || i, 16, 'synthetic'
        FROM range({n_docs}) t(i)""")
    con.execute(f"""
        INSERT INTO events
        SELECT 'ev' || i, 'syn' || lpad((i % {n_docs})::VARCHAR, 8, '0'), 0, 'Synthetic sentence ' || i, 0, 20,
               {{'text': 'attacked', 'start': 0, 'end': 8}},
               {{'actor_id': 'actor' || a, 'name': 'Actor ' || a, 'text': 'Actor ' || a, 'start': 0, 'end': 5,
                 'country': 'SYR', 'cameo_code': 'SYRGOV', 'type': 'armed_group'}},
               {{'actor_id': 'actor' || r, 'name': 'Actor ' || r, 'text': 'Actor ' || r, 'start': 10, 'end': 15,
                 'country': 'SYR', 'cameo_code': 'SYRREB', 'type': 'armed_group'}},
               {types}[t + 1], NULL, [], {roots}[t + 1], {roots}[t + 1], {quads}[t + 1],
               false, false, NULL, (i % 7)::INTEGER, NULL,
               {{'name': 'Place ' || p, 'geonameid': 1000000 + p, 'lat': 32.0 + (p % 50) * 0.12,
                 'lon': 35.0 + (p // 50) * 0.15, 'feature_code': 'PPL', 'country_code': 'SY',
                 'admin1': (p % 14)::VARCHAR, 'precision': 'city', 'start': 0, 'end': 5}},
               {{'text': NULL, 'start': d, 'end': d, 'precision': 'day', 'span_start': -1, 'span_end': -1}},
               0.8, NULL, NULL
        FROM (SELECT i, (random() * 200)::INTEGER AS a, (random() * 200)::INTEGER AS r,
                     (random() * 15.999)::INTEGER AS t, (random() * 1999)::INTEGER AS p,
                     DATE '2011-01-01' + (random() * 5000)::INTEGER AS d
              FROM range({n_events}) s(i))""")
    con.execute("COMMIT")
    return store


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default="bench/out/synthetic.duckdb")
    args = ap.parse_args()
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    Path(args.db).unlink(missing_ok=True)
    t0 = time.perf_counter()
    store = make_store(args.db, args.events)
    n = store.query("SELECT count(*) FROM events")[0][0]
    store.close()
    print(f"{n:,} synthetic events in {args.db} ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Event intensity (PLOVER 2.0 scores) and a CAMEO Goldstein value, filled into events with SQL.

``intensity``: the PLOVER manual's score of the event's type and mode (Table "PLOVER
conflict-cooperation scores", -10 .. +10); a mode the table does not score falls back to
the type's base score. ``goldstein``: GDELT's CAMEO Goldstein value of the event's CAMEO
code, else of its CAMEO root, else of the root standing in for its PLOVER type
(``data/type_cameo_root.csv``). How the manual's inconsistencies are resolved is in
``data/plover_scores.csv``/``data/plover_aliases.csv`` (column ``source``/``note``) and
docs/analytics.md. ``quad_class`` is filled from the type only where the events stage left it NULL.
"""
from __future__ import annotations

import logging

from ..config import Settings
from ..store import Store
from .tables import cameo_goldstein, plover_aliases, plover_scores, type_cameo_root

LOGGER = logging.getLogger(__name__)

VERSION = "1"

SCORED_SQL = """
WITH ev AS (
    SELECT rowid AS rid,
           upper(trim(event_type)) AS label,
           nullif(replace(lower(trim(mode)), '_', '-'), '') AS mode_raw,
           lpad(nullif(trim(cameo_root), ''), 2, '0') AS root,
           nullif(trim(cameo_code), '') AS code
    FROM events
), norm AS (
    SELECT ev.rid, a.event_type, a.quad_class, ev.root, ev.code,
           coalesce(
               -- modes written as "ASSAULT-aerial" (NGEC input style) lose the type prefix
               CASE WHEN starts_with(ev.mode_raw, lower(a.event_type) || '-')
                    THEN substr(ev.mode_raw, length(a.event_type) + 2) ELSE ev.mode_raw END,
               a.mode,
               CASE WHEN ev.root = '20' AND a.event_type = 'ASSAULT' THEN 'unconventional' END
           ) AS mode
    FROM ev LEFT JOIN _cl_aliases a ON a.label = ev.label
)
SELECT n.rid,
       coalesce(sm.score, sb.score) AS intensity,
       coalesce(gc.goldstein, gr.goldstein, gt.goldstein) AS goldstein,
       n.quad_class
FROM norm n
LEFT JOIN _cl_scores sm ON sm.event_type = n.event_type AND sm.mode = n.mode
LEFT JOIN _cl_scores sb ON sb.event_type = n.event_type AND sb.mode = ''
LEFT JOIN _cl_goldstein gc ON gc.cameo_code = n.code
LEFT JOIN _cl_goldstein gr ON gr.cameo_code = n.root
LEFT JOIN _cl_type_root tr ON tr.event_type = n.event_type
LEFT JOIN _cl_goldstein gt
       ON gt.cameo_code = CASE WHEN n.mode = 'unconventional' THEN '20' ELSE tr.cameo_root END
"""


def score_events(store: Store) -> int:
    """Fill events.intensity / goldstein (and NULL quad_class) for every stored event."""
    con = store.con
    scores, aliases, gold, troot = plover_scores(), plover_aliases(), cameo_goldstein(), type_cameo_root()  # noqa: F841
    con.execute("CREATE OR REPLACE TEMP TABLE _cl_scores AS SELECT * FROM scores")
    con.execute("CREATE OR REPLACE TEMP TABLE _cl_aliases AS SELECT * FROM aliases")
    con.execute("CREATE OR REPLACE TEMP TABLE _cl_goldstein AS SELECT * FROM gold")
    con.execute("CREATE OR REPLACE TEMP TABLE _cl_type_root AS SELECT * FROM troot")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _cl_scored AS {SCORED_SQL}")
    n = con.execute("SELECT count(*) FROM _cl_scored").fetchone()[0]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("""
            UPDATE events SET intensity = s.intensity, goldstein = s.goldstein,
                              quad_class = coalesce(events.quad_class, s.quad_class)
            FROM _cl_scored s WHERE events.rowid = s.rid""")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for t in ("_cl_scored", "_cl_scores", "_cl_aliases", "_cl_goldstein", "_cl_type_root"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
    LOGGER.info("intensity: scored %d events", n)
    return n


def run(store: Store, settings: Settings) -> None:
    score_events(store)

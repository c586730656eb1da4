"""Python API for notebooks: ``cl.analyze(texts_or_paths, db=None)`` and ``cl.open(db)``.

Both return an :class:`Analysis`, whose properties are pandas DataFrames read from the
store (``events``, ``actors``, ``places``, ``claims``, ``documents``, ``story_events``) and
whose ``to_arrow(name)`` returns the same tables as Arrow. With ``db=None`` the store is an
in-memory DuckDB that lives as long as the Analysis.
"""
from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyarrow as pa

from .config import Settings, load_settings
from .errors import Errors
from .store import Store

if TYPE_CHECKING:  # pandas is imported lazily: a DataFrame property pulls it in
    import pandas as pd

    from .runner import AnalyzeReport

LOGGER = logging.getLogger(__name__)

# A string longer than this, or with a line break, is article text, never a path.
MAX_PATH_CHARS = 4096

TABLE_SQL: dict[str, str] = {
    "events": """
        SELECT e.event_id, e.doc_id, d.outlet, e.sentence_idx, e.sentence, e.trigger.text AS trigger,
               e.event_type, e.mode, e.quad_class, e.cameo_code, e.cameo_root,
               e.actor.actor_id AS actor_id, coalesce(e.actor.name, e.actor.text) AS actor_name,
               e.recipient.actor_id AS recipient_id, coalesce(e.recipient.name, e.recipient.text) AS recipient_name,
               e.location.name AS place_name, e.location.geonameid AS geonameid,
               e.location.lat AS lat, e.location.lon AS lon,
               e.date.start AS date_start, e.date."end" AS date_end, e.date.precision AS date_precision,
               d.published, e.negated, e.hypothetical, e.attributed_to.name AS attributed_to,
               e.fatalities, e.intensity, e.goldstein, e.confidence,
               m.story_id
        FROM events e LEFT JOIN documents d USING (doc_id)
        LEFT JOIN story_event_members m ON m.event_id = e.event_id AND m.doc_id = e.doc_id
        ORDER BY e.doc_id, e.sentence_idx, e.trigger.start""",
    "actors": """
        WITH m AS (
            SELECT actor_id, mode(text) AS text, count(*) AS n_mentions, count(DISTINCT doc_id) AS n_documents
            FROM actor_mentions WHERE actor_id IS NOT NULL GROUP BY actor_id
        )
        SELECT coalesce(a.actor_id, m.actor_id) AS actor_id, coalesce(a.name, m.text) AS name, a.type, a.country,
               a.cameo_code, coalesce(m.n_mentions, 0) AS n_mentions, coalesce(m.n_documents, 0) AS n_documents,
               a.kb
        FROM actors a FULL OUTER JOIN m ON m.actor_id = a.actor_id
        ORDER BY n_mentions DESC, actor_id""",
    "actor_mentions": "SELECT * FROM actor_mentions ORDER BY doc_id, start",
    "places": "SELECT * FROM places ORDER BY mention_count DESC, geonameid",
    "place_mentions": "SELECT * FROM place_mentions ORDER BY doc_id, start",
    "claims": """
        SELECT cm.mention_id, cm.doc_id, d.outlet, cm.sentence_idx, cm.start, cm."end", cm.text, cm.claim_type,
               cm.speaker, cm.speaker_actor_id, cm.actor_ids, cm.claim_id, c.label AS claim_label,
               cm.stance, cm.confidence
        FROM claim_mentions cm LEFT JOIN claims c USING (claim_id) LEFT JOIN documents d USING (doc_id)
        ORDER BY cm.doc_id, cm.start""",
    "dates": "SELECT * FROM dates ORDER BY doc_id, start",
    "documents": """
        SELECT doc_id, path, title, author, outlet, published, url, language, n_chars, flags
        FROM documents ORDER BY path, doc_id""",
    "story_events": "SELECT * FROM story_events ORDER BY n_outlets DESC, n_documents DESC, story_id",
}


class Analysis:
    """Records of one store as DataFrames/Arrow tables. Close it (or use ``with``) when done."""

    def __init__(self, store: Store, report: "AnalyzeReport | None" = None):
        self.store = store
        self.report = report

    # -- tables -------------------------------------------------------------------------
    def to_arrow(self, name: str = "events") -> pa.Table:
        """One table as Arrow: events, actors, actor_mentions, places, place_mentions, claims,
        dates, documents, story_events."""
        if name not in TABLE_SQL:
            raise KeyError(Errors.E025.format(name=name, options=", ".join(TABLE_SQL)))
        return self.store.con.execute(TABLE_SQL[name]).to_arrow_table()

    def to_pandas(self, name: str = "events") -> "pd.DataFrame":
        return self.to_arrow(name).to_pandas()

    @property
    def events(self) -> "pd.DataFrame":
        return self.to_pandas("events")

    @property
    def actors(self) -> "pd.DataFrame":
        return self.to_pandas("actors")

    @property
    def places(self) -> "pd.DataFrame":
        return self.to_pandas("places")

    @property
    def claims(self) -> "pd.DataFrame":
        return self.to_pandas("claims")

    @property
    def documents(self) -> "pd.DataFrame":
        return self.to_pandas("documents")

    @property
    def story_events(self) -> "pd.DataFrame":
        return self.to_pandas("story_events")

    # -- analytics ----------------------------------------------------------------------
    def dyads(self, period: str = "month") -> "pd.DataFrame":
        from .analytics import dyads

        return dyads(self.store, period).to_pandas()

    def place_activity(self, period: str = "month") -> "pd.DataFrame":
        from .analytics import places

        return places(self.store, period).to_pandas()

    def actor_activity(self, period: str = "month") -> "pd.DataFrame":
        from .analytics import actors

        return actors(self.store, period).to_pandas()

    def network(self):
        """The actor network as a networkx DiGraph."""
        from .export.network import build_network

        return build_network(self.store)

    def sql(self, query: str, params: list | None = None) -> "pd.DataFrame":
        """Any read query against the store, as a DataFrame."""
        return self.store.con.execute(query, params or []).to_arrow_table().to_pandas()

    # -- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Analysis":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        counts = self.store.counts()
        keys = ("documents", "events", "actor_mentions", "place_mentions", "claim_mentions", "story_events")
        return f"Analysis({self.store.path}: " + ", ".join(f"{k}={counts.get(k, 0)}" for k in keys) + ")"


def _is_path(item: str | Path) -> bool:
    if isinstance(item, Path):
        return item.exists()
    if len(item) > MAX_PATH_CHARS or "\n" in item or item == "":
        return False
    try:
        return Path(item).exists()
    except OSError:
        return False


def analyze(inputs: str | Path | Iterable[str | Path], db: str | Path | None = None,
            settings: Settings | None = None, *, force: bool = False,
            text_column: str | None = None) -> Analysis:
    """Analyse article texts and/or files and folders into ``db`` (in memory when None).

    Each string that names an existing file or folder is read as one; any other string is
    article text (stored as records ``texts.jsonl#N`` of the call, in order).
    """
    from .runner import analyze as run_analyze

    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    settings = settings or load_settings()
    paths: list[str] = []
    texts: list[str] = []
    for item in items:
        if not isinstance(item, (str, Path)):
            raise TypeError(Errors.E024.format(item=item))
        if _is_path(item):
            paths.append(str(item))
        elif isinstance(item, Path) or not item.strip():
            raise FileNotFoundError(Errors.E024.format(item=str(item)[:80]))
        else:
            texts.append(item)
    store = Store(db if db is not None else ":memory:")
    with tempfile.TemporaryDirectory(prefix="conflictlens-") as tmp:
        if texts:
            # A fixed file name keeps doc ids stable across calls (they hash name and row).
            jsonl = Path(tmp) / "texts.jsonl"
            jsonl.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts),
                             encoding="utf-8")
            paths.append(str(jsonl))
        report = run_analyze(paths, store, settings, force=force, text_column=text_column)
        if texts:
            # Paths of texts are shown as "texts.jsonl#line=N", not the removed temp folder.
            prefix = str(Path(tmp)) + "/"
            store.con.execute("UPDATE documents SET path = substr(path, ?) WHERE starts_with(path, ?)",
                              [len(prefix) + 1, prefix])
    LOGGER.info("analyzed %d inputs into %s", report.inputs_read, store.path)
    return Analysis(store, report)


def open(db: str | Path, read_only: bool = True) -> Analysis:  # noqa: A001 - cl.open() is the public name
    """An existing store, read-only unless asked otherwise."""
    return Analysis(Store(db, read_only=read_only))

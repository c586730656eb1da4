"""DuckDB full-text index over documents, built at analyze time so the read-only web app can search."""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import duckdb

from ..errors import Errors, StoreError
from ..registry import REGISTRY

LOGGER = logging.getLogger(__name__)

FTS_VERSION = "v1"


def fts_extension_path() -> Path | None:
    """The fts extension shipped by the ``duckdb-extension-fts`` wheel, for this DuckDB version."""
    try:
        root = resources.files("duckdb_extension_fts").joinpath("extensions")
    except ModuleNotFoundError:
        return None
    wanted = Path(str(root)) / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if wanted.exists():
        return wanted
    found = sorted(Path(str(root)).glob("*/fts.duckdb_extension"))
    return found[-1] if found else None


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    """Load the fts extension from the installed wheel (never from the network). False if absent."""
    path = fts_extension_path()
    if path is None:
        LOGGER.warning(Errors.E811.format(version=duckdb.__version__))
        return False
    try:
        con.execute(f"LOAD '{path.as_posix()}'")
    except duckdb.Error as exc:
        LOGGER.warning(Errors.E812.format(path=path, reason=str(exc).splitlines()[0]))
        return False
    return True


def build_fts_index(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)build the BM25 index over documents.title + documents.text (English stemming)."""
    if not load_fts(con):
        return False
    n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    if not n:
        return False
    try:
        con.execute("PRAGMA create_fts_index('documents', 'doc_id', 'title', 'text', "
                    "stemmer = 'porter', stopwords = 'english', overwrite = 1)")
    except duckdb.Error as exc:
        raise StoreError(Errors.E813.format(reason=str(exc).splitlines()[0])) from exc
    LOGGER.info("full-text index built over %d documents", n)
    return True


@REGISTRY.corpus_stage("web.fts", version=FTS_VERSION, order=900)
def fts_stage(store, settings) -> None:
    """Corpus stage: keep the documents' full-text index current after each analyze."""
    build_fts_index(store.con)

"""Built-in exports of the store's tables as JSONL, CSV and Parquet."""
from __future__ import annotations

from ..registry import REGISTRY
from .common import table_exporters

DOCUMENTS_SQL = """
SELECT doc_id, path, title, author, outlet, strftime(published, '%Y-%m-%d') AS published,
       strftime(updated, '%Y-%m-%d') AS updated, url, language, source_format, flags, text
FROM documents ORDER BY path, doc_id
"""
table_exporters(REGISTRY, "documents", DOCUMENTS_SQL, "one row per stored document")
table_exporters(REGISTRY, "sentences", "SELECT * FROM sentences ORDER BY doc_id, idx", "sentences with offsets")

"""`conflictlens export dates --format jsonl|csv|parquet`: the dates table, in text order."""
from __future__ import annotations

from ..export.common import table_exporters
from ..registry import REGISTRY

DATES_SQL = 'SELECT * FROM dates ORDER BY doc_id, start'

table_exporters(REGISTRY, "dates", DATES_SQL,
                "date mentions: text, offsets, start_date/end_date, precision, date_source")

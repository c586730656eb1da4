"""Store: the DuckDB file every stage writes to and every output reads from."""
from .duckdb_store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]

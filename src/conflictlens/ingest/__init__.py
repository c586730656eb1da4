"""Ingest: files, folders and stdin -> RawDocument records (I/O lives here)."""
from .readers import IngestFailure, read_inputs

__all__ = ["IngestFailure", "read_inputs"]

"""The local web app (FastAPI over a read-only store) and the queries it shares with the report.

Importing this package is cheap: FastAPI loads only in ``conflictlens.web.app``.
"""

"""Evaluation harness: one module per task, each with evaluate(...) -> dict."""

"""Claims: see stage.py for the per-document stage."""

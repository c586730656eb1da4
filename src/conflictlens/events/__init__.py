"""Events: see stage.py for the per-document stage."""

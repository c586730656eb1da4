"""The HTML situation report (conflictlens report)."""

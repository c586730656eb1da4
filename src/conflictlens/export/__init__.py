"""Exports: registered writers for every table, in the formats the field uses."""

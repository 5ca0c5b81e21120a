"""Projections: current views rebuilt from the log, one module per view."""

"""The wiring between the parts: a store opened with chrono's SQL functions, kept caught up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from chrono.events.projections import PROJECTIONS, catch_up
from chrono.events.store import connect
from chrono.loaders.arabic import normalise

SQL_FUNCTIONS = {"chrono_normalise": lambda text: normalise(text) if text is not None else None}


def open_store(path: str | Path, *, catch_up_views: bool = True) -> sqlite3.Connection:
    """Open a chrono database (created if missing) with the views caught up with the log."""
    conn = connect(path, functions=SQL_FUNCTIONS)
    if catch_up_views:
        catch_up(conn, PROJECTIONS)
    return conn

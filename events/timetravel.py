"""Views as the store knew them: a copy of the log up to a position, replayed into another file."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from chrono.events.errors import StoreError
from chrono.events.projections.base import Projection, catch_up
from chrono.events.sqlite import sqlite3
from chrono.events.store import connect, transaction


def position_as_of(conn: sqlite3.Connection, as_of: str) -> int:
    """A log position from `as_of`: a position number, or an ISO date/time of recording (UTC)."""
    if re.fullmatch(r"\d+", as_of):
        return int(as_of)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?", as_of):
        raise StoreError(f"--as-of {as_of!r}: expected a position or YYYY-MM-DD[THH:MM:SS]")
    bound = as_of if "T" in as_of or " " in as_of else f"{as_of}T23:59:59.999999Z"
    bound = bound.replace(" ", "T")
    row = conn.execute(
        "SELECT max(position) FROM events WHERE recorded_at <= ?", (bound if bound.endswith("Z") else bound + "Z",)
    ).fetchone()
    return row[0] or 0


def rebuild_as_of(
    source: sqlite3.Connection,
    into: str | Path,
    position: int,
    projections: Sequence[Projection],
    functions: dict[str, Callable] | None = None,
) -> int:
    """Write the log up to `position` and the views built from it into a new file `into`."""
    into = Path(into)
    if into.exists():
        raise StoreError(f"{into}: already exists (time travel never writes over a database)")
    target = connect(into, functions=functions)
    try:
        with transaction(target):
            target.execute("ATTACH DATABASE ? AS src", (str(_path_of(source)),))
            target.execute("INSERT INTO events SELECT * FROM src.events WHERE position <= ?", (position,))
            target.execute(
                "INSERT OR IGNORE INTO article_texts SELECT t.* FROM src.article_texts t "
                "WHERE t.sha256 IN (SELECT json_extract(data, '$.text_sha256') FROM events "
                "WHERE type = 'ArticleRecorded')"
            )
        target.execute("DETACH DATABASE src")
        return catch_up(target, projections)
    finally:
        target.close()


def _path_of(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA database_list").fetchone()[2]

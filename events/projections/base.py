"""What a projection is, and the machinery that keeps projections caught up with the log.

A projection has a name, a version, its tables and one `apply(conn, after,
until)` that applies the events with after < position <= until. Checkpoints
are written in the same transaction as the rows they cover; a projection
whose version changed is dropped and replayed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from chrono.events.sqlite import sqlite3
from chrono.events.store import head, transaction
from chrono.schema.sql import run_script


@dataclass(frozen=True)
class Projection:
    name: str
    version: int
    script: str                      # schema/sql/{script}.sql creates its tables
    objects: tuple[str, ...]         # tables, virtual tables and views it owns (dropped on rebuild)
    apply: Callable[[sqlite3.Connection, int, int], None]


# Log positions (or row ids) one set-based statement covers: a statement's journal grows
# with the pages it writes, and pysqlite3's SQLite keeps it in memory (TEMP_STORE=3).
WINDOW = 50_000


def in_windows(conn: sqlite3.Connection, sql: str, after: int, until: int) -> None:
    """Run `sql`, whose two parameters bound a range (after, until], a window at a time."""
    step = WINDOW
    while after < until:
        conn.execute(sql, (after, min(after + step, until)))
        after += step


@contextmanager
def indexes_deferred(conn: sqlite3.Connection, table: str, keep: Sequence[str] = ()) -> Iterator[None]:
    """Drop `table`'s indexes (but `keep`) for a bulk insert and build them again after:
    one sorted build costs less than an insert into every index for every row."""
    deferred = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    deferred = [(name, sql) for name, sql in deferred if name not in keep]
    for name, _ in deferred:
        conn.execute(f"DROP INDEX [{name}]")
    yield
    for _, sql in deferred:
        conn.execute(sql)


def _checkpoint(conn: sqlite3.Connection, p: Projection) -> tuple[int, int] | None:
    row = conn.execute(
        "SELECT version, position FROM projection_checkpoints WHERE name = ?", (p.name,)
    ).fetchone()
    return (row[0], row[1]) if row else None


def _drop(conn: sqlite3.Connection, p: Projection) -> None:
    for name in p.objects:
        row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        if row:
            conn.execute(f"DROP {row[0].upper()} [{name}]")


def _reset(conn: sqlite3.Connection, p: Projection) -> None:
    _drop(conn, p)
    run_script(conn, p.script)
    conn.execute(
        "INSERT OR REPLACE INTO projection_checkpoints (name, version, position) VALUES (?, ?, 0)",
        (p.name, p.version),
    )


def catch_up(conn: sqlite3.Connection, projections: Sequence[Projection], until: int | None = None) -> int:
    """Apply the events each projection has not seen yet; return the position reached.

    Runs in one transaction (or inside the caller's). A projection that is
    missing or of another version is rebuilt from the start.
    """
    with transaction(conn):
        return _catch_up(conn, projections, until)


def rebuild(conn: sqlite3.Connection, projections: Sequence[Projection], until: int | None = None) -> int:
    """Drop every projection and replay the log (up to `until`)."""
    with transaction(conn):
        for p in projections:
            _reset(conn, p)
        # not catch_up: a savepoint held open over a replay makes SQLite journal every page
        # a statement with triggers touches (measured: 10 ms a deletion at 200,000 events)
        return _catch_up(conn, projections, until)


def _catch_up(conn: sqlite3.Connection, projections: Sequence[Projection], until: int | None) -> int:
    target = head(conn)[0] if until is None else until
    for p in projections:
        checkpoint = _checkpoint(conn, p)
        if checkpoint is None or checkpoint[0] != p.version:
            _reset(conn, p)
            position = 0
        else:
            position = checkpoint[1]
        if position < target:
            p.apply(conn, position, target)
            conn.execute("UPDATE projection_checkpoints SET position = ? WHERE name = ?", (target, p.name))
    return target


def table_checksum(conn: sqlite3.Connection, table: str) -> str:
    """SHA-256 over every row of a table in primary-key order (byte-identical tables, same sum)."""
    h = hashlib.sha256()
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    order = ", ".join(f"[{c}]" for c in columns)
    for row in conn.execute(f"SELECT * FROM [{table}] ORDER BY {order}"):
        h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def checksums(conn: sqlite3.Connection, projections: Sequence[Projection]) -> dict[str, str]:
    """A checksum per table the projections own (the FTS index and views left out)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        table: table_checksum(conn, table)
        for p in projections
        for table in p.objects
        if table in tables and not table.endswith("_fts")
    }

"""Memory-mapped reads on every Datasette connection to chrono's database.

Counting a million-row timeline, or fetching the 200,000 rows a common search
word matches, reads thousands of pages; through SQLite's page cache each is a
read() and a copy, through a memory map it is a pointer into the OS page cache
(`select count(*) from timeline`: 12 ms to under 1 ms). The connections
Datasette opens are read-only, so a stray write through the map is impossible.
"""

from __future__ import annotations

from datasette import hookimpl

from chrono.events.sqlite import sqlite3

MMAP_BYTES = 4 << 30  # SQLite caps it at its compile-time maximum (2 GiB by default)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    if database != "_internal":
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")

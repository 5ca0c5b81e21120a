"""The SQL of the log and of each view, read from the `.sql` files beside this module."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from chrono.events.sqlite import sqlite3


@cache
def sql(name: str) -> str:
    """The text of `schema/sql/{name}.sql`."""
    return (files("chrono.schema") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def statements(script: str) -> list[str]:
    """Split a script into statements (trigger bodies kept whole), so each can run
    inside an open transaction: `executescript` would commit it first."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def run_script(conn: sqlite3.Connection, name: str) -> None:
    """Execute `schema/sql/{name}.sql` statement by statement on `conn`."""
    for statement in statements(sql(name)):
        conn.execute(statement)

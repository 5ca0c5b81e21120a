"""Full-text search the way a reader types Arabic.

The index (`timeline_fts`) holds `chrono_normalise(...)` of each event's text,
because SQLite's tokenizers fold neither hamza nor ى. Datasette wraps a table
search in the SQL function `escape_fts(:search)`; registering our own after
Datasette's (trylast) normalises the query the same way before escaping it, so
"الامريكي" finds "الأمريكي" and "الأميركي", and tashkeel or tatweel never hide
a match. (`?_searchmode=raw` skips `escape_fts`, and so skips normalisation.)
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import escape_fts as datasette_escape_fts

from chrono.events.sqlite import sqlite3
from chrono.loaders.arabic import normalise


def chrono_normalise(text: str | None) -> str | None:
    return normalise(text) if text is not None else None


def escape_fts(query: str | None) -> str:
    return datasette_escape_fts(normalise(query or ""))


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("chrono_normalise", 1, chrono_normalise, deterministic=True)
    conn.create_function("escape_fts", 1, escape_fts, deterministic=True)

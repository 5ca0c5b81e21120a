"""Full-text search the way a reader types Arabic.

The index (`timeline_fts`) holds `chrono_normalise(...)` of each event's text,
because SQLite's tokenizers fold neither hamza nor ى. Datasette wraps a table
search in the SQL function `escape_fts(:search)`; registering our own after
Datasette's (trylast) normalises the query the same way before escaping it, so
"الامريكي" finds "الأمريكي" and "الأميركي", and tashkeel or tatweel never hide
a match. (`?_searchmode=raw` skips `escape_fts`, and so skips normalisation.)

The timeline table's `?_search=` is this plugin's own filter (metadata names no
`fts_table`, so Datasette's adds nothing): it counts the matches in the index
first (up to COUNT_CAP), picks the plan by that count as the timeline page
does, and, when the search is the only filter, puts the count in the page's
description and spares Datasette its own count, which seeks every match in the
table (365 ms for a common word in a million events).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import escape_fts as datasette_escape_fts

from chrono.events.sqlite import sqlite3
from chrono.loaders.arabic import normalise
from chrono.plugins.query import DATABASE, PROBE_FROM, match_clause

SEARCHED = {"timeline": "timeline_fts"}  # table -> its full-text index (rowid = the table's id)
# Matches counted for the page's description at most: as many as choosing the plan needs.
# Counting reads every match (9 ms for 100,000 here); past this, "more than" is all a reader
# needs of a search.
COUNT_CAP = PROBE_FROM


def chrono_normalise(text: str | None) -> str | None:
    return normalise(text) if text is not None else None


def escape_fts(query: str | None) -> str:
    return datasette_escape_fts(normalise(query or ""))


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("chrono_normalise", 1, chrono_normalise, deterministic=True)
    conn.create_function("escape_fts", 1, escape_fts, deterministic=True)


def _only_a_search(args) -> bool:
    """`?_search=` with no column filter: the index's count is the table's."""
    return bool(args.get("_search")) and not any(
        not key.startswith("_") or key == "_where" for key in args)


@hookimpl
def filters_from_request(request, database, table, datasette):
    if database != DATABASE or table not in SEARCHED or "_search" not in request.args:
        return None
    index = SEARCHED[table]

    async def inner():
        query = request.args["_search"]
        match = ":search" if request.args.get("_searchmode") == "raw" else "escape_fts(:search)"
        db = datasette.get_database(database)
        found = (await db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM [{index}] WHERE [{index}] MATCH {match} LIMIT {COUNT_CAP + 1})",
            {"search": query})).single_value()
        description = f'search matches "{query}"'
        if _only_a_search(request.args):
            description += f" ({found:,} events)" if found <= COUNT_CAP else f" (more than {COUNT_CAP:,} events)"
        # The middle plan (walking the dates from WALK_FROM matches) only without facets: the
        # same clause feeds the facet queries, which a walk turns into a scan of the table.
        walk_from = None if request.args.get("_nofacet") else PROBE_FROM
        return FilterArguments(
            [match_clause(index, "id", match, found, walk_from=walk_from)],
            {"search": query},
            [description],
            {"supports_search": True, "search": query},
        )

    return inner


@hookimpl
def asgi_wrapper(datasette):
    """Add `_nocount=1` to a searched table page whose only filter is the search: the
    description carries the index's count instead (see the module's docstring)."""
    paths = {f"/{DATABASE}/{table}{suffix}" for table in SEARCHED for suffix in ("", ".json")}

    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") == "http" and scope.get("path") in paths:
                args = dict(parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace")))
                if _only_a_search(args) and "_nocount" not in args:
                    scope = dict(scope, query_string=scope["query_string"] + b"&_nocount=1")
            await app(scope, receive, send)

        return wrapped

    return wrap

"""The `/-/timeline` page: events in date order, grouped by month.

English summary beside the Arabic evidence, colour by kind, filters by kind,
actor, place, dates and a normalised search; each event links to its row and
its article. Rendered by `templates/timeline.html` with Jinja's autoescape.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from datasette import Response, hookimpl

from chrono.plugins.query import (
    DATABASE,
    KINDS,
    Filters,
    count_matches,
    decode_actors,
    events_sql,
    parse_cursor,
)

PAGE_SIZE = 100


def _event(row: Any, datasette: Any) -> dict[str, Any]:
    event = dict(row)
    event["actors"] = decode_actors(event["actors"])
    event["row_url"] = datasette.urls.row(DATABASE, "timeline", str(event["id"]))
    event["article_page"] = datasette.urls.row(DATABASE, "articles", event["article_id"])
    return event


async def timeline_page(datasette: Any, request: Any) -> Response:
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    filters = Filters.from_args(request.args)
    after = parse_cursor(request.args.get("after"))
    db = datasette.get_database(DATABASE)
    sql, params = events_sql(filters, limit=PAGE_SIZE + 1, after=after, matches=await count_matches(db, filters))
    rows = list(await db.execute(sql, params))
    events = [_event(r, datasette) for r in rows[:PAGE_SIZE]]
    next_url = None
    if len(rows) > PAGE_SIZE:
        last = events[-1]
        cursor = f"{last['date_earliest']}~{last['event_id']}"
        next_url = "?" + urlencode({**filters.as_args(), "after": cursor})
    months = [(month, list(items)) for month, items in groupby(events, key=lambda e: e["month"])]
    context = {
        "months": months,
        "count": len(events),
        "filters": filters,
        "filter_args": urlencode(filters.as_args()),
        "kinds": KINDS,
        "next_url": next_url,
        "database": DATABASE,
        "table_url": datasette.urls.table(DATABASE, "timeline"),
    }
    html = await datasette.render_template("timeline.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/timeline$", timeline_page)]

"""Subscriptions: `/-/timeline.ics` (iCalendar) and `/-/timeline.atom` (Atom).

Both take the timeline page's filters and hold the newest `FEED_SIZE` dated
events; the rendering is `chrono.feeds`, shared with `chrono export`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from datasette import Response, hookimpl

from chrono import feeds
from chrono.plugins.query import DATABASE, Filters, count_matches, events_sql

FEED_SIZE = 1000


async def _rows(datasette: Any, request: Any) -> list[dict[str, Any]]:
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    filters = Filters.from_args(request.args)
    db = datasette.get_database(DATABASE)
    sql, params = events_sql(filters, limit=FEED_SIZE, newest_first=True,
                             matches=await count_matches(db, filters))
    rows = await db.execute(sql, params)
    out = []
    for row in rows:
        event = dict(row)
        event["url"] = datasette.absolute_url(
            request, datasette.urls.row(DATABASE, "timeline", str(event["id"]))
        )
        out.append(event)
    return out


async def ics_feed(datasette: Any, request: Any) -> Response:
    rows = await _rows(datasette, request)
    body = feeds.ics(rows, stamp=datetime.now(timezone.utc))
    return Response(body.decode("utf-8"), content_type="text/calendar; charset=utf-8")


async def atom_feed(datasette: Any, request: Any) -> Response:
    rows = await _rows(datasette, request)
    site = datasette.absolute_url(request, datasette.urls.path("/-/timeline"))
    feed_url = datasette.absolute_url(request, request.full_path)
    newest = max((r["date_earliest"] for r in rows), default="1970-01-01")
    updated = datetime.fromisoformat(newest).replace(tzinfo=timezone.utc)
    body = feeds.atom(rows, feed_url=feed_url, site_url=site, updated=updated)
    return Response(body.decode("utf-8"), content_type="application/atom+xml; charset=utf-8")


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/timeline\.ics$", ics_feed), (r"^/-/timeline\.atom$", atom_feed)]

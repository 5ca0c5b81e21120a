"""Site furniture: chrono's stylesheet on every page, menu links, and cells that link.

`timeline.article_id` links to its article, `incidents.event_ids` to each event.
Values are escaped by markupsafe before they are put into any markup.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup, escape

from chrono.plugins.query import DATABASE

STYLESHEET = "/chrono-static/chrono.css"


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path(STYLESHEET)]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [
        {"href": datasette.urls.path("/-/timeline"), "label": "Timeline"},
        {"href": datasette.urls.path("/-/chart"), "label": "Events per month"},
        {"href": datasette.urls.path("/-/timeline.ics"), "label": "Calendar feed (iCalendar)"},
        {"href": datasette.urls.path("/-/timeline.atom"), "label": "Atom feed"},
    ]


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if database != DATABASE or not value:
        return None
    if table == "timeline" and column == "article_id":
        href = datasette.urls.row(DATABASE, "articles", str(value))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if table == "incidents" and column == "event_ids":
        try:
            ids = json.loads(value)
        except (TypeError, json.JSONDecodeError):
            return None
        table_url = datasette.urls.table(DATABASE, "timeline")
        return Markup(", ").join(
            Markup(f'<a href="{escape(table_url)}?event_id={escape(quote(str(i)))}">{escape(i)}</a>')
            for i in ids
        )
    return None

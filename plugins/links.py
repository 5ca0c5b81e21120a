"""Site furniture: chrono's stylesheet on every page, menu links, and cells that link.

`timeline.article_id` links to its article, `incidents.event_ids` to each event.
Values are escaped by markupsafe before they are put into any markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils import to_css_class
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
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    env.globals["chrono_cells"] = lambda rows, table: table_body(rows, table, datasette)


def table_body(rows: Iterable[Iterable[dict]], table: str | None, datasette: Any) -> Markup:
    """The `<tr>` rows of a table or row page, in one Python pass.

    Datasette's `_table.html` renders each cell through Jinja and asks every plugin's
    `render_cell` hook for it: two thirds of a 50-row timeline page's time. Our own
    `templates/_table.html` calls this instead, with the same markup, and the links
    that `render_cell` would have made.
    """
    lines = []
    for row in rows:
        cells = "".join(
            f'<td class="col-{_css_class(cell["column"])} type-{cell["value_type"]}">'
            f'{_cell_html(cell, table, datasette)}</td>'
            for cell in row
        )
        lines.append(f"<tr>{cells}</tr>")
    return Markup("\n".join(lines))


@cache
def _css_class(column: str) -> str:
    return to_css_class(column)


def _cell_html(cell: dict, table: str | None, datasette: Any) -> Markup:
    value = cell["raw"]
    if value and table == "timeline" and cell["column"] == "article_id":
        href = datasette.urls.row(DATABASE, "articles", str(value))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if value and table == "incidents" and cell["column"] == "event_ids":
        return _event_links(value, datasette) or escape(cell["value"])
    return escape(cell["value"])


def _event_links(value: str, datasette: Any) -> Markup | None:
    try:
        ids = json.loads(value)
    except (TypeError, json.JSONDecodeError):
        return None
    table_url = datasette.urls.table(DATABASE, "timeline")
    return Markup(", ").join(
        Markup(f'<a href="{escape(table_url)}?event_id={escape(quote(str(i)))}">{escape(i)}</a>')
        for i in ids
    )

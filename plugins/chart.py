"""Events per month by kind, drawn as inline SVG (no script, no CDN).

`month_chart` is a pure function from (month, kind, count) rows to SVG text;
the routes `/-/chart` (a page) and `/-/chart.svg` take the timeline's filters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from datasette import Response, hookimpl
from markupsafe import Markup

from chrono.plugins.query import DATABASE, KINDS, Filters, month_counts_sql

COLOURS = {"meeting": "#1f6fb2", "statement": "#6a3d9a", "attack": "#c0392b",
           "announcement": "#2e8b57"}
BAR, GAP, HEIGHT, LEFT, BOTTOM, TOP = 14, 4, 220, 44, 60, 30


def _months(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last, so empty months show as gaps."""
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_chart(rows: Iterable[tuple[str, str, int]]) -> str:
    """A stacked bar chart of events per month, one colour per kind."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for month, kind, n in rows:
        counts[month][kind] = n
    if not counts:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40" role="img">' \
               '<text x="10" y="25">No dated events.</text></svg>'
    months = _months(min(counts), max(counts))
    peak = max(sum(c.values()) for c in counts.values())
    width = LEFT + len(months) * (BAR + GAP) + 20
    height = TOP + HEIGHT + BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Events per month by kind" '
        'font-family="sans-serif" font-size="10">',
        f'<line x1="{LEFT}" y1="{TOP + HEIGHT}" x2="{width - 10}" y2="{TOP + HEIGHT}" stroke="#333"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + HEIGHT}" text-anchor="end">0</text>',
    ]
    for i, month in enumerate(months):
        x = LEFT + i * (BAR + GAP)
        y = TOP + HEIGHT
        for kind in KINDS:
            n = counts.get(month, {}).get(kind, 0)
            if not n:
                continue
            h = HEIGHT * n / peak
            y -= h
            parts.append(
                f'<rect class="bar kind-{kind}" x="{x}" y="{y:.1f}" width="{BAR}" height="{h:.1f}" '
                f'fill="{COLOURS[kind]}" data-month="{month}" data-kind="{kind}" data-count="{n}">'
                f"<title>{escape(month)} {kind}: {n}</title></rect>"
            )
        if len(months) <= 24 or month.endswith("-01") or i == 0:
            lx, ly = x + BAR / 2, TOP + HEIGHT + 8
            parts.append(
                f'<text x="{lx}" y="{ly}" transform="rotate(60 {lx} {ly})">{escape(month)}</text>'
            )
    for i, kind in enumerate(KINDS):
        x = LEFT + i * 110
        parts.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{COLOURS[kind]}"/>')
        parts.append(f"<text x=\"{x + 14}\" y=\"17\">{escape(kind)}</text>")
    parts.append("</svg>")
    return "".join(parts)


async def _chart(datasette: Any, request: Any) -> tuple[str, Filters]:
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    filters = Filters.from_args(request.args)
    sql, params = month_counts_sql(filters)
    rows = await datasette.get_database(DATABASE).execute(sql, params)
    return month_chart((r["month"], r["kind"], r["n"]) for r in rows), filters


async def chart_svg(datasette: Any, request: Any) -> Response:
    svg, _ = await _chart(datasette, request)
    return Response(svg, content_type="image/svg+xml; charset=utf-8")


async def chart_page(datasette: Any, request: Any) -> Response:
    svg, filters = await _chart(datasette, request)
    args = urlencode(filters.as_args())
    context = {"svg": Markup(svg), "filters": filters, "filter_args": args}
    return Response.html(await datasette.render_template("chart.html", context, request=request))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/chart$", chart_page), (r"^/-/chart\.svg$", chart_svg)]

"""chrono's Datasette plugins: normalised Arabic search, the timeline page, the chart, the feeds,
facets from precomputed counts.

`chrono.serve` registers the modules listed in `MODULES` with Datasette's plugin
manager, so they load from a checkout and from an installed wheel alike.
"""

MODULES = ("search", "links", "timeline", "chart", "feeds", "facets", "pragmas")

"""The timeline query behind the timeline page, the chart and the feeds.

Filters come from the request's query string (kind, actor, place, from, to,
q); every value reaches SQLite as a parameter, never as SQL text. Pages are
keyset-paginated on (date_earliest, event_id), the `timeline_date` index, so
the thousandth page costs what the first does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

KINDS = ("meeting", "statement", "attack", "announcement")
DATABASE = "chrono"

COLUMNS = """
    t.id, t.event_id, t.article_id, t.kind, t.status, t.date_earliest, t.date_latest,
    t.date_precision, t.month, t.time_expression, t.actors, t.actor_names, t.location,
    t.location_ar, t.lat, t.lon, t.outlet, t.summary, t.quote, t.evidence, t.killed,
    t.wounded, t.confidence, a.title AS article_title, a.url AS article_url
"""


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    actor: str = ""
    place: str = ""
    start: str = ""
    end: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        kind = args.get("kind") or ""
        return cls(
            kind=kind if kind in KINDS else "",
            actor=(args.get("actor") or "").strip(),
            place=(args.get("place") or "").strip(),
            start=(args.get("from") or "").strip(),
            end=(args.get("to") or "").strip(),
            q=(args.get("q") or "").strip(),
        )

    def as_args(self) -> dict[str, str]:
        """The query-string form (for links that keep the current filters)."""
        pairs = {"kind": self.kind, "actor": self.actor, "place": self.place,
                 "from": self.start, "to": self.end, "q": self.q}
        return {k: v for k, v in pairs.items() if v}

    def where(self, walk_dates: bool = False) -> tuple[list[str], dict[str, str]]:
        clauses = ["t.date_earliest IS NOT NULL"]
        params: dict[str, str] = {}
        if self.kind:
            clauses.append("t.kind = :kind")
            params["kind"] = self.kind
        if self.actor:
            clauses.append(
                "EXISTS (SELECT 1 FROM json_each(t.actor_names) j WHERE j.value = :actor)"
            )
            params["actor"] = self.actor
        if self.place:
            clauses.append("(t.location = :place OR t.location_ar = :place)")
            params["place"] = self.place
        if self.start:
            clauses.append("coalesce(t.date_latest, t.date_earliest) >= :start")
            params["start"] = self.start
        if self.end:
            clauses.append("t.date_earliest <= :end")
            params["end"] = self.end
        if self.q:
            clauses.append(match_clause("timeline_fts", "t.id", "escape_fts(:q)", common=walk_dates))
            params["q"] = self.q
        return clauses, params


def match_clause(index: str, rowid: str, match: str, *, common: bool) -> str:
    """The full-text condition that `rowid` (a column of timeline ids) matches `match` in `index`.

    A rare word's matches are fetched by rowid and sorted. A common word is probed instead,
    one seek into the index per row, as SQLite walks the sort order's index until the page
    is full: 19 ms against 180 ms for `+id IN (…)`, which first gathers all the matches
    (a word in a fifth of a million events). A probe per row is slow for a rare word, whose
    page needs most of the table walked.
    """
    if common:
        return f"EXISTS (SELECT 1 FROM [{index}] WHERE [{index}] MATCH {match} AND rowid = {rowid})"
    return f"{rowid} IN (SELECT rowid FROM [{index}] WHERE [{index}] MATCH {match})"


# How many matches make a search word "common" (see Filters.where).
COMMON = 2000
COMMON_SQL = (
    "SELECT count(*) FROM (SELECT 1 FROM timeline_fts WHERE timeline_fts MATCH escape_fts(:q) "
    f"LIMIT {COMMON})"
)


async def is_common(db: Any, filters: Filters) -> bool:
    """True when the search word matches so many events that walking by date is faster."""
    if not filters.q:
        return False
    return (await db.execute(COMMON_SQL, {"q": filters.q})).single_value() >= COMMON


def events_sql(
    filters: Filters,
    *,
    limit: int,
    after: tuple[str, str] | None = None,
    newest_first: bool = False,
    walk_dates: bool = False,
) -> tuple[str, dict[str, Any]]:
    clauses, params = filters.where(walk_dates)
    if after:
        clauses.append(
            "(t.date_earliest, t.event_id) < (:after_date, :after_id)"
            if newest_first
            else "(t.date_earliest, t.event_id) > (:after_date, :after_id)"
        )
        params.update(after_date=after[0], after_id=after[1])
    order = "DESC" if newest_first else "ASC"
    sql = (
        f"SELECT {COLUMNS} FROM timeline t LEFT JOIN articles a ON a.article_id = t.article_id "
        f"WHERE {' AND '.join(clauses)} "
        f"ORDER BY t.date_earliest {order}, t.event_id {order} LIMIT :limit"
    )
    return sql, {**params, "limit": limit}


def month_counts_sql(filters: Filters) -> tuple[str, dict[str, str]]:
    clauses, params = filters.where()
    sql = (
        "SELECT t.month AS month, t.kind AS kind, count(*) AS n FROM timeline t "
        f"WHERE {' AND '.join(clauses)} AND t.month IS NOT NULL "
        "GROUP BY t.month, t.kind ORDER BY t.month, t.kind"
    )
    return sql, params


def parse_cursor(value: str | None) -> tuple[str, str] | None:
    """`?after=DATE~EVENT_ID` (the last row of the previous page)."""
    if not value or "~" not in value:
        return None
    date, event_id = value.split("~", 1)
    return date, event_id


def decode_actors(value: str | None) -> list[dict[str, str]]:
    try:
        items = json.loads(value or "[]")
    except json.JSONDecodeError:
        return []
    return [a for a in items if isinstance(a, dict)]

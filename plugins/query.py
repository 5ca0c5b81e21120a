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

    def where(self, matches: int = 0) -> tuple[list[str], dict[str, str]]:
        """The conditions; `matches`: how many events the search matches (see match_clause)."""
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
            clauses.append(match_clause("timeline_fts", "t.id", "escape_fts(:q)", matches))
            params["q"] = self.q
        return clauses, params


# How many matches make a search word common enough to walk the sort order's index
# rather than fetch the matches, and to probe the index row by row (see match_clause).
WALK_FROM = 2000
PROBE_FROM = 50_000


def match_clause(index: str, rowid: str, match: str, matches: int, walk_from: int | None = None) -> str:
    """The full-text condition that `rowid` (a column of timeline ids) matches `match` in
    `index`, planned by the number of `matches` (a million events, ms, loaded machine):

    - a rare word: its matches are fetched by rowid and sorted;
    - from `walk_from`: `+rowid IN (…)` gathers the matches, then SQLite walks the sort
      order's index testing membership (6,000 matches: 39 against 116 fetched);
    - from PROBE_FROM: SQLite walks the sort order's index and probes the index once per
      row, never gathering the matches (120,000 matches: 25 against 105 walked; but 627
      for 6,000, whose page needs much of the table walked).
    """
    if matches >= PROBE_FROM:
        return f"EXISTS (SELECT 1 FROM [{index}] WHERE [{index}] MATCH {match} AND rowid = {rowid})"
    plus = "+" if matches >= (WALK_FROM if walk_from is None else walk_from) else ""
    return f"{plus}{rowid} IN (SELECT rowid FROM [{index}] WHERE [{index}] MATCH {match})"


MATCHES_SQL = (
    "SELECT count(*) FROM (SELECT 1 FROM timeline_fts WHERE timeline_fts MATCH escape_fts(:q) "
    f"LIMIT {PROBE_FROM})"
)


async def count_matches(db: Any, filters: Filters) -> int:
    """How many events the search matches, counted up to PROBE_FROM (all the plans need)."""
    if not filters.q:
        return 0
    return (await db.execute(MATCHES_SQL, {"q": filters.q})).single_value()


def events_sql(
    filters: Filters,
    *,
    limit: int,
    after: tuple[str, str] | None = None,
    newest_first: bool = False,
    matches: int = 0,
) -> tuple[str, dict[str, Any]]:
    clauses, params = filters.where(matches)
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

"""Publication dates for undated articles, inferred from dated reports of the same event.

An undated article that reports, with a relative expression ("امس الخميس",
"هذا الأسبوع"), an event that a dated article also reports pins its own date:
R must be such that the expression, resolved against R, covers the dated
event's day. The inference is appended as PublicationDateInferred (with what
it rests on) and the article is re-extracted against it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache

from chrono.events.projections import PROJECTIONS, catch_up
from chrono.events.projections.incidents import keys as incident_keys
from chrono.events.sqlite import sqlite3
from chrono.events.store import append, stream_version, transaction
from chrono.lifecycle import revise
from chrono.loaders.dates import resolve
from chrono.loaders.extract import EXTRACTOR_VERSION, extract
from chrono.pipeline import reference_date
from chrono.schema import PublicationDateInferred

SEARCH_DAYS = 31


def _partners(conn: sqlite3.Connection, row, after: int = 0) -> list[tuple[str, date]]:
    """Dated reports (of dated articles, written after log position `after`) that agree with
    the event on kind and two actors, or one and place."""
    event_id, kind, actor_names, location = row
    actors = set(json.loads(actor_names))
    if not actors:
        return []
    found = []
    # SQL keeps a superset (the exact test is below): after a position, the rows written since
    # holding one of our actors, through the position index (the unary + keeps the planner
    # off the kind index); from the start, the rows sharing two of the incidents' keys (two
    # actors, or one and the place), which every event dated to the day has.
    if after:
        any_actor = " OR ".join(["instr(t.actor_names, json_quote(?)) > 0"] * len(actors))
        where, args = f"+t.kind = ? AND t.position > ? AND ({any_actor})", (kind, after, *sorted(actors))
    else:
        where = ("t.id IN (SELECT id FROM incident_keys WHERE key IN (SELECT value FROM json_each(?)) "
                 "GROUP BY id HAVING count(*) >= 2)")
        args = (json.dumps(incident_keys(kind, actors, location), ensure_ascii=False),)
    for other_id, other_actors, other_location, day in conn.execute(
        "SELECT t.event_id, t.actor_names, t.location, t.date_earliest FROM timeline t "
        "JOIN articles a ON a.article_id = t.article_id "
        f"WHERE {where} AND t.date_precision = 'day' AND t.event_id != ? AND a.published_basis = 'text'",
        (*args, event_id),
    ):
        shared = actors & set(json.loads(other_actors))
        same_place = location and other_location and location == other_location
        if len(shared) >= 2 or (shared and same_place):
            found.append((other_id, date.fromisoformat(day)))
    return found


@lru_cache(maxsize=1 << 16)
def _resolved(expression: str, reference: date):
    """`resolve`, remembered: partners of one event share most of their 31 reference days."""
    return resolve(expression, reference)


@lru_cache(maxsize=1 << 14)
def candidates(expression: str, day: date) -> frozenset[date]:
    """Every publication date R (from the day of the event on) against which `expression` covers
    `day`; remembered, as many partners of one event report it on the same day."""
    out = set()
    for offset in range(SEARCH_DAYS):
        reference = day + timedelta(days=offset)
        found = _resolved(expression, reference)
        if found and found.earliest and found.latest and found.earliest <= day <= found.latest:
            out.add(reference)
    return frozenset(out)


def infer(conn: sqlite3.Connection, article_id: str, after: int = 0) -> PublicationDateInferred | None:
    """The publication date of an undated article, from the dated reports it shares, or None.

    `after`: look only at reports written after that log position. An article still undated
    after an earlier search found nothing in the reports there were then, so a later search
    need only look at the new ones.
    """
    possible: set[date] | None = None
    reasons = []
    for event_id, expression, kind, actor_names, location in conn.execute(
        "SELECT event_id, time_expression, kind, actor_names, location FROM timeline "
        "WHERE article_id = ? AND time_expression IS NOT NULL ORDER BY event_id",
        (article_id,),
    ).fetchall():
        for other_id, day in _partners(conn, (event_id, kind, actor_names, location), after):
            found = candidates(expression, day)
            if found:
                possible = found if possible is None else (possible & found) or possible
                reasons.append(f"{event_id} ({expression}) reports {other_id} of {day.isoformat()}")
    if not possible:
        return None
    earliest, latest = min(possible), max(possible)
    return PublicationDateInferred(
        published_earliest=earliest.isoformat(), published_latest=latest.isoformat(), basis="; ".join(reasons)
    )


# The (kind, actor) pairs of the timeline rows written after :since, found through the log's
# type index (timeline.position has none), are gathered once; undated articles are found through
# the index on published_earliest (NULL for every undated article), so the cost follows the load
# and the undated articles, not the store.
_CANDIDATES = """
WITH fresh AS MATERIALIZED (
  SELECT DISTINCT t.kind, f.value AS actor FROM timeline t, json_each(t.actor_names) f
  WHERE t.position > :since AND t.article_id IN (
    SELECT stream_id FROM events WHERE position > :since AND type IN ('EventExtracted', 'ExtractionRevised')
  )
)
SELECT a.article_id, a.first_position FROM articles a
WHERE a.published_earliest IS NULL AND a.published_basis = 'unknown' AND a.redacted = 0 AND a.text IS NOT NULL
  AND EXISTS (SELECT 1 FROM timeline t WHERE t.article_id = a.article_id AND t.time_expression IS NOT NULL)
  AND (
    a.first_position > :since
    OR EXISTS (
      SELECT 1 FROM timeline mine, json_each(mine.actor_names) m, fresh
      WHERE mine.article_id = a.article_id AND fresh.kind = mine.kind AND fresh.actor = m.value
    )
  )
ORDER BY a.first_position
"""


def infer_undated(conn: sqlite3.Connection, since: int = 0) -> int:
    """Infer the publication date of undated articles that this load could have changed:
    those recorded after position `since`, and those sharing an actor with events written
    after it. Each inference is its own transaction, decided inside it, so concurrent
    loaders infer an article once. Returns how many articles were dated."""
    dated = 0
    candidates = conn.execute(_CANDIDATES, {"since": since}).fetchall()
    metadata = {"command": "infer", "extractor_version": EXTRACTOR_VERSION}
    for article_id, first_position in candidates:
        with transaction(conn):
            catch_up(conn, PROJECTIONS)
            row = conn.execute(
                "SELECT text, dateline, title, outlet FROM articles WHERE article_id = ? "
                "AND published_basis = 'unknown' AND redacted = 0 AND text IS NOT NULL",
                (article_id,),
            ).fetchone()
            inference = infer(conn, article_id, after=0 if first_position > since else since) if row else None
            if inference is None:
                continue
            text, dateline, title, outlet = row
            append(conn, article_id, [inference], stream_version(conn, article_id), metadata=metadata)
            reference = reference_date(inference.published_earliest, inference.published_latest)
            if reference is not None:
                found = extract(text, published=reference, dateline=dateline, title=title, outlet=outlet)
                revise(conn, article_id, found, EXTRACTOR_VERSION, force=True, metadata=metadata)
            catch_up(conn, PROJECTIONS)
        dated += 1
    return dated

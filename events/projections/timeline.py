"""The `timeline` view (one row per current event) and the `corrections` it applies.

Extractions are inserted set-based (`INSERT … SELECT json_extract(…)`); the
rare events that change rows already there (revisions, corrections,
retractions, redactions) act one at a time, in log order, between runs.
"""

from __future__ import annotations

import json
from typing import Any

from chrono.events.projections import incidents
from chrono.events.projections.base import Projection, in_windows, indexes_deferred
from chrono.events.sqlite import sqlite3

_COLUMNS = """
    event_id, article_id, kind, status, date_earliest, date_latest, date_precision, month,
    time_expression, actors, actor_names, location, location_ar, lat, lon, outlet, summary,
    quote, evidence, evidence_start, evidence_end, killed, wounded, confidence, position
"""

# {data}: the JSON holding the event, {e}: the path to it there (one parse per row: SQLite's
# JSON cache serves every field of the same payload).
_SELECT = """
SELECT
    {event_id}, s.stream_id,
    json_extract({data}, '{e}.kind'), json_extract({data}, '{e}.status'),
    json_extract({data}, '{e}.date_earliest'), json_extract({data}, '{e}.date_latest'),
    json_extract({data}, '{e}.date_precision'), substr(json_extract({data}, '{e}.date_earliest'), 1, 7),
    json_extract({data}, '{e}.time_expression'),
    json_extract({data}, '{e}.actors'),
    (SELECT json_group_array(json_extract(a.value, '$.name')) FROM json_each({data}, '{e}.actors') a),
    json_extract({data}, '{e}.location'), json_extract({data}, '{e}.location_ar'),
    json_extract({data}, '{e}.lat'), json_extract({data}, '{e}.lon'),
    (SELECT json_extract(r.data, '$.outlet') FROM events r WHERE r.stream_id = s.stream_id AND r.version = 1),
    json_extract({data}, '{e}.summary'), json_extract({data}, '{e}.quote'),
    json_extract({data}, '{e}.evidence'),
    json_extract({data}, '{e}.evidence_start'), json_extract({data}, '{e}.evidence_end'),
    json_extract({data}, '{e}.killed'), json_extract({data}, '{e}.wounded'),
    json_extract({data}, '{e}.confidence'), s.position
FROM {source}
ORDER BY s.position, json_extract({data}, '{e}.n')
"""

_EXTRACTED = f"INSERT INTO timeline ({_COLUMNS}) " + _SELECT.format(
    data="s.data", e="$.event", event_id="json_extract(s.data, '$.event_id')",
    source="events s WHERE s.type = 'EventExtracted' AND s.position > ? AND s.position <= ?",
)

_REVISED = f"INSERT INTO timeline ({_COLUMNS}) " + _SELECT.format(
    data="j.value", e="$", event_id="s.stream_id || '-' || json_extract(j.value, '$.n')",
    source="events s, json_each(s.data, '$.events') j WHERE s.position = ?",
)

_BARRIERS = ("ExtractionRevised", "EventCorrected", "EventRetracted", "ArticleRedacted")


_INDEX_RANGE = (
    "INSERT INTO timeline_fts (rowid, text) SELECT id, text FROM timeline_search_text WHERE id > ? AND id <= ?"
)
COUNT_RANGE = (
    "INSERT INTO timeline_facet_counts (facet, value, count) "
    "SELECT facet, value, count(*) FROM timeline_facet_values WHERE id > ? AND id <= ? GROUP BY facet, value "
    "ON CONFLICT (facet, value) DO UPDATE SET count = count + excluded.count"
)


def index_new_rows(conn: sqlite3.Connection) -> None:
    """Add the rows inserted since the last run to the search index, the facet counts and
    the incidents' keys."""
    last = conn.execute("SELECT last_id FROM timeline_indexed").fetchone()[0]
    given = conn.execute(  # every id given so far (ids are never reused)
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'timeline'), 0)").fetchone()[0]
    in_windows(conn, _INDEX_RANGE, last, given)
    in_windows(conn, COUNT_RANGE, last, given)
    in_windows(conn, incidents.KEYS_RANGE, last, given)
    conn.execute("UPDATE timeline_indexed SET last_id = ?", (given,))


def apply(conn: sqlite3.Connection, after: int, until: int) -> None:
    if after == 0:  # a replay from the start: every incident anew, in one streaming sweep
        # the browse indexes are built once, after the rows (barriers need the ones kept)
        with indexes_deferred(conn, "timeline", keep=("timeline_article",)):
            _insert(conn, after, until)
        index_new_rows(conn)
        incidents.sweep(conn)
        return
    changed = _insert(conn, after, until)
    index_new_rows(conn)
    # The rows written from this range (any of them a later barrier removed is already in `changed`).
    extracted = {r[0] for r in conn.execute(
        "SELECT json_extract(data, '$.event_id') FROM events "
        "WHERE type = 'EventExtracted' AND position > ? AND position <= ?", (after, until))}
    if changed:
        incidents.update(conn, changed | extracted)
    else:  # new events only (a load): they can only join incidents, never split one
        incidents.add(conn, extracted)


def _insert(conn: sqlite3.Connection, after: int, until: int) -> set[str]:
    """The timeline rows of the range, in log order; return the event ids barriers touched."""
    barriers = conn.execute(
        f"SELECT position, stream_id, type, data, recorded_at FROM events "
        f"WHERE position > ? AND position <= ? AND type IN ({','.join('?' * len(_BARRIERS))}) "
        f"ORDER BY position",
        (after, until, *_BARRIERS),
    ).fetchall()
    start = after
    changed: set[str] = set()
    for position, stream_id, type_, data, recorded_at in barriers:
        in_windows(conn, _EXTRACTED, start, position - 1)
        changed |= _apply_barrier(conn, position, stream_id, type_, json.loads(data), recorded_at)
        start = position
    in_windows(conn, _EXTRACTED, start, until)
    return changed


def _ids_of(conn: sqlite3.Connection, article_id: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT event_id FROM timeline WHERE article_id = ?", (article_id,))}


def _apply_barrier(
    conn: sqlite3.Connection, position: int, stream_id: str, type_: str, data: dict[str, Any], recorded_at: str
) -> set[str]:
    """Apply one event that changes rows already there; return the event ids it touched."""
    if type_ == "ExtractionRevised":
        before = _ids_of(conn, stream_id)
        conn.execute("DELETE FROM timeline WHERE article_id = ?", (stream_id,))
        conn.execute(_REVISED, (position,))
        for event_id, action, changes in conn.execute(
            "SELECT event_id, action, changes FROM corrections WHERE article_id = ? ORDER BY position",
            (stream_id,),
        ).fetchall():
            _correct(conn, event_id, action, json.loads(changes))
        return before | _ids_of(conn, stream_id)
    if type_ == "ArticleRedacted":
        before = _ids_of(conn, stream_id)
        conn.execute("DELETE FROM timeline WHERE article_id = ?", (stream_id,))
        return before
    action = "correct" if type_ == "EventCorrected" else "retract"
    changes = _changes(data) if action == "correct" else {}
    conn.execute(
        "INSERT INTO corrections (position, event_id, article_id, action, changes, note, by, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            position, data["event_id"], stream_id, action,
            json.dumps(changes, sort_keys=True, ensure_ascii=False), data["note"], data.get("by"),
            recorded_at,
        ),
    )
    _correct(conn, data["event_id"], action, changes)
    return {data["event_id"]}


def _changes(data: dict[str, Any]) -> dict[str, Any]:
    """The timeline columns an EventCorrected sets."""
    changes: dict[str, Any] = {}
    if data.get("kind"):
        changes["kind"] = data["kind"]
    if data.get("date_earliest"):
        earliest = data["date_earliest"]
        latest = data.get("date_latest") or earliest
        changes.update(
            date_earliest=earliest, date_latest=latest, month=earliest[:7],
            date_precision="day" if earliest == latest else "range",
        )
    if data.get("actors") is not None:
        actors = data["actors"]
        changes["actors"] = json.dumps(actors, ensure_ascii=False, separators=(",", ":"))
        changes["actor_names"] = json.dumps([a["name"] for a in actors], ensure_ascii=False, separators=(",", ":"))
    if data.get("location"):
        changes.update(
            location=data["location"], location_ar=data.get("location_ar"),
            lat=data.get("lat"), lon=data.get("lon"),
        )
    return changes


_CORRECTABLE = {
    "kind", "date_earliest", "date_latest", "month", "date_precision", "actors", "actor_names",
    "location", "location_ar", "lat", "lon",
}


def _correct(conn: sqlite3.Connection, event_id: str, action: str, changes: dict[str, Any]) -> None:
    if action == "retract":
        conn.execute("DELETE FROM timeline WHERE event_id = ?", (event_id,))
        return
    columns = sorted(set(changes) & _CORRECTABLE)
    if not columns:
        return
    assignments = ", ".join(f"{c} = ?" for c in columns)
    conn.execute(
        f"UPDATE timeline SET {assignments} WHERE event_id = ?",
        (*(changes[c] for c in columns), event_id),
    )


PROJECTION = Projection(
    name="timeline",
    version=9,
    script="timeline",
    objects=(
        "timeline", "corrections", "timeline_fts", "timeline_search_text", "timeline_facet_counts",
        "timeline_facet_values", "timeline_indexed", "incidents", "incident_members", "incident_keys",
        "timeline_incident_keys", "incident_links",
    ),
    apply=apply,
)

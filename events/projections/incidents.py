"""Incidents: timeline events that report the same real-world event, across articles.

Two events of different articles are linked when they agree on kind, their
dates overlap (both known to within a week), their places do not disagree, and
they share two actors, or share the place and an actor (or both name none, as
attack reports often do). An incident is a connected component of those links,
named by its smallest event id, so the result depends only on the set of
timeline rows, never on the order they arrived in. A batch regroups only the
components touching its changed events; a batch that changes much of the
timeline (a rebuild) recomputes every component in one sweep.
"""

from __future__ import annotations

import json
import sqlite3
from collections import deque
from collections.abc import Iterable
from datetime import date, timedelta

MAX_SPAN_DAYS = 7

_ROW = "event_id, article_id, kind, date_earliest, date_latest, actor_names, location, outlet, summary"
_SWEEP_ROW = _ROW.replace("summary", "'' AS summary")  # summaries are filled in by SQL at the end


def _row(conn: sqlite3.Connection, event_id: str):
    return conn.execute(f"SELECT {_ROW} FROM timeline WHERE event_id = ?", (event_id,)).fetchone()


def _span_ok(row) -> bool:
    if not row[3] or not row[4]:
        return False
    return (date.fromisoformat(row[4]) - date.fromisoformat(row[3])).days < MAX_SPAN_DAYS


def linked(a, b) -> bool:
    """The pairwise test (see the module's docstring)."""
    if a[1] == b[1] or a[2] != b[2] or not (_span_ok(a) and _span_ok(b)):
        return False
    if a[3] > b[4] or b[3] > a[4]:
        return False
    if a[6] and b[6] and a[6] != b[6]:
        return False
    actors_a, actors_b = set(json.loads(a[5])), set(json.loads(b[5]))
    shared = len(actors_a & actors_b)
    same_place = bool(a[6]) and a[6] == b[6]
    return shared >= 2 or (same_place and (shared >= 1 or not (actors_a or actors_b)))


def _neighbours(conn: sqlite3.Connection, row) -> list:
    if not _span_ok(row):
        return []
    low = (date.fromisoformat(row[3]) - timedelta(days=MAX_SPAN_DAYS)).isoformat()
    # SQL narrows the candidates to those sharing an actor and overlapping in time (a dense
    # store has hundreds a week); `linked` stays the one test that decides.
    candidates = conn.execute(
        f"SELECT {_ROW} FROM timeline WHERE kind = ? AND date_earliest >= ? AND date_earliest <= ? "
        f"AND article_id != ? AND date_latest >= ? AND (location = ? OR EXISTS "
        f"(SELECT 1 FROM json_each(actor_names) a WHERE a.value IN (SELECT value FROM json_each(?))))",
        (row[2], low, row[4], row[1], row[3], row[6], row[5]),
    ).fetchall()
    return [c for c in candidates if linked(row, c)]


SEEDS_AT_ONCE = 5000  # a rebuild's million changed events are regrouped a slice at a time


SWEEP_SHARE = 0.2  # a batch changing more of the timeline than this recomputes it all
SWEEP_MIN = 1000  # ... if it changes at least this many events


def update(conn: sqlite3.Connection, changed: Iterable[str]) -> None:
    """Recompute the incidents of the components that contain (or contained) the changed events.

    Slice by slice, so memory follows the slice and its components, not the store: a
    component is closed under links, so a seed already placed by an earlier slice is done.
    """
    changed = set(changed)
    total = conn.execute("SELECT count(*) FROM timeline").fetchone()[0]
    if len(changed) >= SWEEP_MIN and len(changed) > SWEEP_SHARE * total:
        sweep(conn)
        return
    placed: set[str] = set()
    for chunk in _chunks(sorted(set(changed)), SEEDS_AT_ONCE):
        todo = [e for e in chunk if e not in placed]
        if todo:
            placed |= _update(conn, todo)


def _update(conn: sqlite3.Connection, changed: Iterable[str]) -> set[str]:
    """Regroup the components of `changed`; return the event ids placed in an incident."""
    seeds = set(changed)
    if not seeds:
        return set()
    # Old incidents that held a changed event: their other members must be regrouped too.
    for chunk in _chunks(sorted(seeds), 500):
        marks = ",".join("?" * len(chunk))
        for (member,) in conn.execute(
            f"SELECT event_id FROM incident_members WHERE incident_id IN "
            f"(SELECT incident_id FROM incident_members WHERE event_id IN ({marks}))",
            chunk,
        ):
            seeds.add(member)
    rows = {}
    for event_id in seeds:
        r = _row(conn, event_id)
        if r is not None:
            rows[event_id] = r
    # Grow the components from the surviving seeds.
    parent: dict[str, str] = {e: e for e in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    frontier = list(rows)
    while frontier:
        event_id = frontier.pop()
        for n in _neighbours(conn, rows[event_id]):
            if n[0] not in rows:
                rows[n[0]] = n
                parent[n[0]] = n[0]
                frontier.append(n[0])
            ra, rb = find(event_id), find(n[0])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    touched = set(rows) | seeds
    for chunk in _chunks(sorted(touched), 500):
        marks = ",".join("?" * len(chunk))
        old = [r[0] for r in conn.execute(
            f"SELECT DISTINCT incident_id FROM incident_members WHERE event_id IN ({marks})", chunk)]
        for incident_id in old:
            conn.execute("DELETE FROM incidents WHERE incident_id = ?", (incident_id,))
            conn.execute("DELETE FROM incident_members WHERE incident_id = ?", (incident_id,))
    groups: dict[str, list] = {}
    for event_id in rows:
        groups.setdefault(find(event_id), []).append(rows[event_id])
    for members in groups.values():
        _insert(conn, sorted(members))
    return set(rows)


def sweep(conn: sqlite3.Connection) -> None:
    """Every incident from scratch in one pass over the timeline by kind and date.

    Each event is compared only with the events of the last week that share an actor
    or its place; the components are the same as the incremental path's.
    """
    # every event: an undated one is an incident of its own
    rows = conn.execute(f"SELECT {_SWEEP_ROW} FROM timeline ORDER BY kind, date_earliest, event_id").fetchall()
    parent: dict[str, str] = {r[0]: r[0] for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    recent: dict[tuple, deque] = {}  # (kind, "actor"|"place", name) -> rows of the last week
    for row in rows:
        if not _span_ok(row):
            continue
        low = (date.fromisoformat(row[3]) - timedelta(days=MAX_SPAN_DAYS)).isoformat()
        actors = json.loads(row[5])
        keys = [(row[2], "actor", a) for a in actors] + ([(row[2], "place", row[6])] if row[6] else [])
        seen: set[str] = set()
        for key in keys:
            window = recent.setdefault(key, deque())
            while window and window[0][3] < low:
                window.popleft()
            for other in window:
                if other[0] not in seen and linked(row, other):
                    ra, rb = find(row[0]), find(other[0])
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
                seen.add(other[0])
            window.append(row)
    conn.execute("DELETE FROM incidents")
    conn.execute("DELETE FROM incident_members")
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(find(row[0]), []).append(row)
    for members in groups.values():
        _insert(conn, sorted(members))
    conn.execute("UPDATE incidents SET summary = (SELECT summary FROM timeline WHERE event_id = incident_id)")


def _insert(conn: sqlite3.Connection, members: list) -> None:
    incident_id = members[0][0]
    conn.execute(
        "INSERT INTO incidents (incident_id, kind, date_earliest, date_latest, summary, sources, outlets, event_ids) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            incident_id,
            members[0][2],
            min((m[3] for m in members if m[3]), default=None),
            max((m[4] for m in members if m[4]), default=None),
            members[0][8] or "",
            len({m[1] for m in members}),
            len({m[7] for m in members if m[7]}),
            json.dumps([m[0] for m in members]),
        ),
    )
    conn.executemany(
        "INSERT INTO incident_members (event_id, incident_id) VALUES (?, ?)",
        [(m[0], incident_id) for m in members],
    )


def _chunks(items: list[str], size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]

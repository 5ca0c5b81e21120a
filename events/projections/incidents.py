"""Incidents: timeline events that report the same real-world event, across articles.

Two events of different articles are linked when they agree on kind, their
dates overlap (both known to within a week), their places do not disagree, and
they share two actors, or share the place and an actor (or both name none, as
attack reports often do). An incident is a connected component of those links,
named by its smallest event id, so the result depends only on the set of
timeline rows, never on the order they arrived in. The links are stored
(`incident_links`). New events (a load) join and merge the incidents they link
to; a batch that changes or removes events relinks those and regroups the
components touching them along the stored links; a batch that changes much of
the timeline (a rebuild) recomputes every link and component in one sweep.
Candidates come from `incident_keys`: the week's events of the same kind sharing
an actor or the place.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from chrono.events.sqlite import sqlite3

MAX_SPAN_DAYS = 7

_ROW = "event_id, article_id, kind, date_earliest, date_latest, actor_names, location, outlet"


class Event(NamedTuple):
    """What the pairwise test reads of a timeline row, parsed once."""

    event_id: str
    article_id: str
    kind: str
    earliest: str | None
    latest: str | None
    actors: frozenset[str]
    location: str | None
    outlet: str | None
    low: str | None  # a week before `earliest`; None when the date is unknown or too wide to link


def _event(row) -> Event:
    event_id, article_id, kind, earliest, latest, actor_names, location, outlet = row
    low = None
    if earliest and latest:
        first = date.fromisoformat(earliest)
        if (date.fromisoformat(latest) - first).days < MAX_SPAN_DAYS:
            low = (first - timedelta(days=MAX_SPAN_DAYS)).isoformat()
    return Event(event_id, article_id, kind, earliest, latest, frozenset(json.loads(actor_names)),
                 location, outlet, low)


def _row(conn: sqlite3.Connection, event_id: str) -> Event | None:
    row = conn.execute(f"SELECT {_ROW} FROM timeline WHERE event_id = ?", (event_id,)).fetchone()
    return _event(row) if row else None


def linked(a: Event, b: Event) -> bool:
    """The pairwise test (see the module's docstring)."""
    if a.article_id == b.article_id or a.kind != b.kind or a.low is None or b.low is None:
        return False
    if a.earliest > b.latest or b.earliest > a.latest:
        return False
    if a.location and b.location and a.location != b.location:
        return False
    shared = len(a.actors & b.actors)
    same_place = bool(a.location) and a.location == b.location
    return shared >= 2 or (same_place and (shared >= 1 or not (a.actors or b.actors)))


def keys(kind: str, actors: Iterable[str], location: str | None) -> list[str]:
    """An event's keys in `incident_keys`, as the view `timeline_incident_keys` spells them."""
    out = [f"{kind} actor {a}" for a in sorted(actors)]
    if location:
        out.append(f"{kind} place {location}")
    return out


def _keys(event: Event) -> list[str]:
    return keys(event.kind, event.actors, event.location)


# Rows given since the last run, into the keys (called with timeline.index_new_rows).
KEYS_RANGE = (
    "INSERT OR IGNORE INTO incident_keys (key, date_earliest, id) "
    "SELECT key, date_earliest, id FROM timeline_incident_keys WHERE id > ? AND id <= ?"
)


def _neighbours(conn: sqlite3.Connection, event: Event) -> list[Event]:
    if event.low is None:
        return []
    # The keys narrow the candidates to the week's events sharing two keys (two actors, or an
    # actor and the place), or the place when this event names no actor; `linked` stays the
    # one test that decides.
    candidates = conn.execute(
        f"SELECT {_ROW} FROM timeline WHERE id IN (SELECT id FROM incident_keys "
        f"WHERE key IN (SELECT value FROM json_each(?)) AND date_earliest >= ? AND date_earliest <= ? "
        f"GROUP BY id HAVING count(*) >= ?) AND article_id != ? AND date_latest >= ?",
        (json.dumps(_keys(event), ensure_ascii=False), event.low, event.latest, 2 if event.actors else 1,
         event.article_id, event.earliest),
    ).fetchall()
    return [c for c in map(_event, candidates) if linked(event, c)]


# `_neighbours` for many events in one statement: each probe is [event_id, article_id, low,
# latest, earliest, keys needed, [keys]].
_NEIGHBOURS_OF = f"""
WITH probe AS (
    SELECT json_extract(p.value, '$[0]') AS event_id, json_extract(p.value, '$[1]') AS article_id,
           json_extract(p.value, '$[2]') AS low, json_extract(p.value, '$[3]') AS latest,
           json_extract(p.value, '$[4]') AS earliest, json_extract(p.value, '$[5]') AS need, k.value AS key
    FROM json_each(?) p, json_each(p.value, '$[6]') k
), hits AS (
    SELECT probe.event_id, probe.article_id, probe.earliest, c.id
    FROM probe JOIN incident_keys c
      ON c.key = probe.key AND c.date_earliest >= probe.low AND c.date_earliest <= probe.latest
    GROUP BY probe.event_id, c.id HAVING count(*) >= min(probe.need)
)
SELECT hits.event_id, {', '.join(f't.{c}' for c in _ROW.split(', '))}
FROM hits JOIN timeline t ON t.id = hits.id
WHERE t.article_id != hits.article_id AND t.date_latest >= hits.earliest
"""
PROBES_AT_ONCE = 500


def _neighbours_of(conn: sqlite3.Connection, events: list[Event]) -> dict[str, list[Event]]:
    """`_neighbours` of each event, the same sets, a few statements for all of them."""
    found: dict[str, list[Event]] = {e.event_id: [] for e in events}
    probes = [
        [e.event_id, e.article_id, e.low, e.latest, e.earliest, 2 if e.actors else 1, _keys(e)]
        for e in events if e.low is not None
    ]
    by_id = {e.event_id: e for e in events}
    for start in range(0, len(probes), PROBES_AT_ONCE):
        chunk = json.dumps(probes[start:start + PROBES_AT_ONCE], ensure_ascii=False)
        for event_id, *row in conn.execute(_NEIGHBOURS_OF, (chunk,)):
            candidate = _event(row)
            if linked(by_id[event_id], candidate):
                found[event_id].append(candidate)
    return found


SEEDS_AT_ONCE = 5000  # a big batch's changed events are regrouped a slice at a time
PRUNE_EVERY = 10_000  # events the sweep reads between two prunings of its windows
SWEEP_SHARE = 0.2  # a batch changing more of the timeline than this recomputes it all
SWEEP_MIN = 1000  # ... if it changes at least this many events


def _sweep_instead(conn: sqlite3.Connection, events: int) -> bool:
    """True when a batch touches so much of the timeline that one sweep is cheaper."""
    if events < SWEEP_MIN:
        return False
    given = conn.execute("SELECT coalesce(max(id), 0) FROM timeline").fetchone()[0]  # >= rows, and O(1)
    return events > SWEEP_SHARE * given


def update(conn: sqlite3.Connection, changed: Iterable[str]) -> None:
    """Recompute the incidents of the components that contain (or contained) the changed events.

    Slice by slice, so memory follows the slice and its components, not the store: a
    component is closed under links, so a seed already placed by an earlier slice is done.
    """
    changed = set(changed)
    if _sweep_instead(conn, len(changed)):
        sweep(conn)
        return
    _relink(conn, changed)
    placed: set[str] = set()
    for chunk in _chunks(sorted(set(changed)), SEEDS_AT_ONCE):
        todo = [e for e in chunk if e not in placed]
        if todo:
            placed |= _update(conn, todo)


def add(conn: sqlite3.Connection, added: Iterable[str]) -> None:
    """Place new events: each joins the incidents of the events it is linked with, and those
    incidents merge. New events cannot split an incident, so (unlike `update`) no component
    is regrouped: the cost follows the new events and their neighbours, not the store.
    """
    added = set(added)
    if _sweep_instead(conn, len(added)):
        sweep(conn)
        return
    components = _Components()  # over new event ids and the ids of the incidents they meet
    met: set[str] = set()  # the old incidents among them
    rows = conn.execute(f"SELECT {_ROW} FROM timeline WHERE event_id IN (SELECT value FROM json_each(?))",
                        (json.dumps(sorted(added)),))
    placed: list[str] = []
    links: list[tuple[str, str]] = []
    events = sorted(map(_event, rows))
    neighbours = _neighbours_of(conn, events)
    for event in events:
        event_id = event.event_id
        placed.append(event_id)
        for n in neighbours[event_id]:
            if n.event_id in added:
                other = n.event_id
            else:
                other = _incident_of(conn, n.event_id)
                met.add(other)
            components.join(event_id, other)
            links.append((event_id, n.event_id))
    _store_links(conn, links)
    merged = [(components.find(i), i) for i in sorted(met) if components.find(i) != i]
    conn.executemany("UPDATE incident_members SET incident_id = ? WHERE incident_id = ?", merged)
    conn.executemany("DELETE FROM incidents WHERE incident_id = ?", ((i,) for i in met))
    conn.executemany("INSERT INTO incident_members (event_id, incident_id) VALUES (?, ?)",
                     ((e, components.find(e)) for e in placed))
    conn.execute(_INCIDENTS.format(which="WHERE g.incident_id IN (SELECT value FROM json_each(?))"),
                 (json.dumps(sorted({components.find(e) for e in placed})),))


def _incident_of(conn: sqlite3.Connection, event_id: str) -> str:
    row = conn.execute("SELECT incident_id FROM incident_members WHERE event_id = ?", (event_id,)).fetchone()
    return row[0] if row else event_id


_LINKED = "SELECT b FROM incident_links WHERE a = ? UNION ALL SELECT a FROM incident_links WHERE b = ?"


def _store_links(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> None:
    """Store links (either order), in key order: one statement, and B-tree pages filled in turn."""
    conn.executemany("INSERT OR IGNORE INTO incident_links (a, b) VALUES (?, ?)",
                     sorted({(min(x, y), max(x, y)) for x, y in pairs}))


def _relink(conn: sqlite3.Connection, changed: set[str]) -> None:
    """The changed events' links go, and those of the ones still in the timeline are found anew."""
    for chunk in _chunks(sorted(changed), 500):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM incident_links WHERE a IN ({marks}) OR b IN ({marks})", chunk * 2)
    links = []
    for event_id in sorted(changed):
        event = _row(conn, event_id)
        if event is not None:
            links += ((event_id, n.event_id) for n in _neighbours(conn, event))
    _store_links(conn, links)


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
    # Grow the components from the seeds still in the timeline, along the stored links.
    rows = {r[0] for r in conn.execute(
        "SELECT event_id FROM timeline WHERE event_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(seeds)),))}
    components = _Components()
    frontier = list(rows)
    while frontier:
        event_id = frontier.pop()
        for (n,) in conn.execute(_LINKED, (event_id, event_id)):
            if n not in rows:
                rows.add(n)
                frontier.append(n)
            components.join(event_id, n)
    touched = rows | seeds
    for chunk in _chunks(sorted(touched), 500):
        marks = ",".join("?" * len(chunk))
        old = [(r[0],) for r in conn.execute(
            f"SELECT DISTINCT incident_id FROM incident_members WHERE event_id IN ({marks})", chunk)]
        conn.executemany("DELETE FROM incidents WHERE incident_id = ?", old)
        conn.executemany("DELETE FROM incident_members WHERE incident_id = ?", old)
    conn.executemany(
        "INSERT INTO incident_members (event_id, incident_id) VALUES (?, ?)",
        ((e, components.find(e)) for e in rows),
    )
    conn.execute(_INCIDENTS.format(which="WHERE g.incident_id IN (SELECT value FROM json_each(?))"),
                 (json.dumps(sorted({components.find(e) for e in rows})),))
    return set(rows)


def sweep(conn: sqlite3.Connection) -> None:
    """Every incident from scratch in one pass over the timeline by kind and date.

    Each event is compared only with the events of the last week that share an actor
    or its place; the links and components are the same as the incremental path's.
    Memory holds those windows and the linked events, never the whole timeline.
    """
    components = _Components()
    links: list[tuple[str, str]] = []
    conn.execute("DELETE FROM incident_links")
    recent: dict[str, deque] = {}  # key -> events of the last week that have it
    # dated events only: an undated one is an incident of its own
    kind, seen_since_pruning = None, 0
    for row in conn.execute(
            f"SELECT {_ROW} FROM timeline WHERE date_earliest IS NOT NULL ORDER BY kind, date_earliest, event_id"):
        event = _event(row)
        if event.low is None:
            continue
        # Windows no later event can reach are dropped: all of a kind's when the next kind
        # begins, and, now and then, those whose newest event is over a week old.
        if event.kind != kind:
            kind = event.kind
            recent.clear()
        seen_since_pruning += 1
        if seen_since_pruning >= PRUNE_EVERY:
            seen_since_pruning = 0
            for key in [k for k, w in recent.items() if not w or w[-1].earliest < event.low]:
                del recent[key]
        seen: set[str] = set()
        for key in _keys(event):
            window = recent.get(key)
            if window is None:
                window = recent[key] = deque()
            while window and window[0].earliest < event.low:
                window.popleft()
            for other in window:
                if other.event_id not in seen:
                    seen.add(other.event_id)
                    if linked(event, other):
                        components.join(event.event_id, other.event_id)
                        links.append((event.event_id, other.event_id))
            window.append(event)
    recent.clear()
    _store_links(conn, links)
    conn.execute("DELETE FROM incidents")
    conn.execute("DELETE FROM incident_members")
    conn.execute("INSERT INTO incident_members (event_id, incident_id) SELECT event_id, event_id FROM timeline")
    conn.executemany(
        "UPDATE incident_members SET incident_id = ? WHERE event_id = ?",
        ((components.find(e), e) for e in list(components.parent) if components.find(e) != e),
    )
    conn.execute(_INCIDENTS.format(which=""))


class _Components:
    """Union-find over event ids, holding only events that were joined; a component is
    named by its smallest id."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        if x not in parent:
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent.setdefault(ra, ra)
            self.parent.setdefault(rb, rb)
            self.parent[max(ra, rb)] = min(ra, rb)


# One row per incident from its members: its summary is its first event's, its event ids
# in order (an ordered subquery feeds the aggregate).
_INCIDENTS = """
INSERT INTO incidents (incident_id, kind, date_earliest, date_latest, summary, sources, outlets, event_ids)
SELECT g.incident_id, min(t.kind), min(t.date_earliest), max(t.date_latest),
       coalesce((SELECT summary FROM timeline WHERE event_id = g.incident_id), ''),
       count(DISTINCT t.article_id), count(DISTINCT t.outlet),
       (SELECT json_group_array(event_id) FROM
          (SELECT event_id FROM incident_members WHERE incident_id = g.incident_id ORDER BY event_id))
FROM incident_members g JOIN timeline t ON t.event_id = g.event_id
{which}
GROUP BY g.incident_id
"""


def _chunks(items: list[str], size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]

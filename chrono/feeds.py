"""The timeline as subscriptions: one iCalendar and one Atom renderer.

Shared by the Datasette feed routes (`/-/timeline.ics`, `/-/timeline.atom`) and
`chrono export --format ics`. Pure functions of timeline rows (mappings with the
SQL contract's columns, plus an optional `url`): no database, no clock; the
moment a feed is stamped with is a parameter. Undated events are left out:
a calendar entry needs a day.

Events are all-day entries: DTSTART is `date_earliest` and DTEND the day after
`date_latest` (iCalendar's end is exclusive).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event, vGeo

PRODID = "-//chrono//timeline//EN"


def _dated(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in map(dict, rows) if r.get("date_earliest")]


def _days(row: Mapping[str, Any]) -> tuple[date, date]:
    start = date.fromisoformat(row["date_earliest"])
    last = date.fromisoformat(row.get("date_latest") or row["date_earliest"])
    return start, max(start, last) + timedelta(days=1)


def _actor_line(row: Mapping[str, Any]) -> str:
    actors = row.get("actors") or "[]"
    items = json.loads(actors) if isinstance(actors, str) else actors
    return ", ".join(a["name"] for a in items if a.get("name"))


def _description(row: Mapping[str, Any]) -> str:
    parts = [row.get("evidence") or ""]
    if row.get("quote") and row["quote"] not in parts[0]:
        parts.append(f"«{row['quote']}»")
    actors = _actor_line(row)
    if actors:
        parts.append(f"Actors: {actors}")
    if row.get("outlet"):
        parts.append(f"Source: {row['outlet']}")
    return "\n\n".join(p for p in parts if p)


def _title(row: Mapping[str, Any]) -> str:
    return row.get("summary") or f"{row.get('kind', 'event')} {row.get('event_id', '')}".strip()


def ics(rows: Iterable[Mapping[str, Any]], *, stamp: datetime, name: str = "chrono timeline") -> bytes:
    """An iCalendar file with one all-day VEVENT per dated timeline row."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for row in _dated(rows):
        start, end = _days(row)
        event = Event()
        event.add("uid", f"{row['event_id']}@chrono")
        event.add("dtstamp", stamp.astimezone(timezone.utc))
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", _title(row))
        event.add("description", _description(row))
        event.add("categories", [row["kind"]])
        event.add("status", "TENTATIVE" if row.get("status") == "planned" else "CONFIRMED")
        place = row.get("location") or row.get("location_ar")
        if place:
            event.add("location", place)
        if row.get("lat") is not None and row.get("lon") is not None:
            event.add("geo", vGeo((row["lat"], row["lon"])))
        if row.get("url"):
            event.add("url", row["url"])
        cal.add_component(event)
    return cal.to_ical()


def atom(
    rows: Iterable[Mapping[str, Any]],
    *,
    feed_url: str,
    site_url: str,
    title: str = "chrono timeline",
    updated: datetime,
) -> bytes:
    """An Atom feed with one entry per dated timeline row, dated by the day it happened."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.author({"name": "chrono"})
    feed.link(href=feed_url, rel="self")
    feed.link(href=site_url, rel="alternate")
    feed.updated(updated.astimezone(timezone.utc))
    for row in _dated(rows):
        entry = feed.add_entry(order="append")
        entry.id(row.get("url") or f"urn:chrono:event:{row['event_id']}")
        entry.title(_title(row))
        day = datetime.combine(date.fromisoformat(row["date_earliest"]), time(), timezone.utc)
        entry.updated(day)
        entry.published(day)
        entry.content(_description(row), type="text")
        entry.category(term=row["kind"])
        if row.get("url"):
            entry.link(href=row["url"], rel="alternate")
    return feed.atom_str(pretty=True)

"""Changing the chronology without editing it: corrections, retractions, redaction, reprocessing.

Each function appends events (with a note saying why) and catches the views
up, in one transaction.
"""

from __future__ import annotations

import re
from datetime import date

from chrono.events.errors import StoreError
from chrono.events.projections import PROJECTIONS, catch_up
from chrono.events.sqlite import sqlite3
from chrono.events.store import append, read_stream, stream_version, transaction
from chrono.schema import Actor, ArticleRedacted, EventCorrected, EventRetracted, ExtractedEvent, ExtractionRevised

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?")


class UnknownEvent(StoreError):
    pass


def parse_date_range(value: str) -> tuple[str, str]:
    """'YYYY-MM-DD' or 'YYYY-MM-DD..YYYY-MM-DD' -> (earliest, latest), checked."""
    m = _DATE.fullmatch(value.strip())
    if not m:
        raise StoreError(f"--date {value!r}: expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
    earliest, latest = m.group(1), m.group(2) or m.group(1)
    try:
        if date.fromisoformat(earliest) > date.fromisoformat(latest):
            raise StoreError(f"--date {value!r}: the range ends before it starts")
    except ValueError as e:
        raise StoreError(f"--date {value!r}: {e}") from e
    return earliest, latest


def _article_of(conn: sqlite3.Connection, event_id: str) -> str:
    article_id, _, n = event_id.rpartition("-")
    if not article_id or not n.isdigit():
        raise UnknownEvent(f"{event_id}: not an event id (expected ARTICLE_ID-N)")
    exists = conn.execute("SELECT 1 FROM timeline WHERE event_id = ?", (event_id,)).fetchone()
    if not exists:
        raise UnknownEvent(f"{event_id}: no such event in the timeline")
    return article_id


def correct(
    conn: sqlite3.Connection,
    event_id: str,
    *,
    note: str,
    kind: str | None = None,
    dates: tuple[str, str] | None = None,
    actors: tuple[Actor, ...] | None = None,
    location: dict | None = None,
    by: str | None = None,
    metadata: dict | None = None,
) -> int:
    """Append an EventCorrected; return its position."""
    with transaction(conn):
        article_id = _article_of(conn, event_id)
        event = EventCorrected(
            event_id=event_id, note=note, by=by, kind=kind,
            date_earliest=dates[0] if dates else None, date_latest=dates[1] if dates else None,
            actors=actors, **(location or {}),
        )
        [position] = append(conn, article_id, [event], stream_version(conn, article_id), metadata=metadata)
        catch_up(conn, PROJECTIONS)
    return position


def retract(conn: sqlite3.Connection, event_id: str, *, note: str, by: str | None = None,
            metadata: dict | None = None) -> int:
    with transaction(conn):
        article_id = _article_of(conn, event_id)
        event = EventRetracted(event_id=event_id, note=note, by=by)
        [position] = append(conn, article_id, [event], stream_version(conn, article_id), metadata=metadata)
        catch_up(conn, PROJECTIONS)
    return position


def redact(conn: sqlite3.Connection, article_id: str, *, note: str, by: str | None = None,
           metadata: dict | None = None) -> int:
    """Delete the article's text and append ArticleRedacted; the chain covers only the hash."""
    with transaction(conn):
        row = conn.execute("SELECT sha256, redacted FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            raise StoreError(f"{article_id}: no such article")
        if row[1]:
            raise StoreError(f"{article_id}: already redacted")
        event = ArticleRedacted(text_sha256=row[0], note=note, by=by)
        [position] = append(conn, article_id, [event], stream_version(conn, article_id), metadata=metadata)
        still_used = conn.execute(
            "SELECT 1 FROM articles WHERE sha256 = ? AND article_id != ? AND redacted = 0", (row[0], article_id)
        ).fetchone()
        if not still_used:
            conn.execute("DELETE FROM article_texts WHERE sha256 = ?", (row[0],))
        catch_up(conn, PROJECTIONS)
    return position


def current_extraction(conn: sqlite3.Connection, article_id: str) -> tuple[str | None, list[ExtractedEvent], int]:
    """The extractor version that last extracted the article, its events, and the highest n ever used."""
    version: str | None = None
    events: dict[int, ExtractedEvent] = {}
    highest = 0
    for stored in read_stream(conn, article_id):
        model = stored.model()
        if stored.type == "ArticleRecorded":
            version = stored.metadata.get("extractor_version")
        elif stored.type == "EventExtracted":
            version = model.extractor_version
            events[model.event.n] = model.event
            highest = max(highest, model.event.n)
        elif stored.type == "ExtractionRevised":
            version = model.extractor_version
            events = {e.n: e for e in model.events}
            highest = max([highest, *events])
    return version, list(events.values()), highest


def keep_ids(previous: list[ExtractedEvent], found: list[ExtractedEvent], highest: int) -> list[ExtractedEvent]:
    """Renumber `found` so an event keeps its n when kind and evidence span overlap an earlier one."""
    taken: set[int] = set()
    result = []
    next_n = highest
    for event in found:
        match = next(
            (
                p.n for p in previous
                if p.n not in taken and p.kind == event.kind
                and p.evidence_start < event.evidence_end and event.evidence_start < p.evidence_end
            ),
            None,
        )
        if match is None:
            next_n += 1
            match = next_n
        taken.add(match)
        result.append(event.model_copy(update={"n": match}))
    return result


def revise(conn: sqlite3.Connection, article_id: str, found: list[ExtractedEvent], extractor_version: str,
           *, force: bool = False, metadata: dict | None = None) -> bool:
    """Append ExtractionRevised unless the article was already extracted by this version
    (`force`: its reference date changed, so the same version finds other dates)."""
    with transaction(conn):
        redacted = conn.execute("SELECT redacted FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        if redacted is None or redacted[0]:
            return False
        version, previous, highest = current_extraction(conn, article_id)
        if version == extractor_version and not force:
            return False
        events = tuple(keep_ids(previous, found, highest))
        revision = ExtractionRevised(
            extractor_version=extractor_version, previous_extractor_version=version, events=events
        )
        append(conn, article_id, [revision], stream_version(conn, article_id), metadata=metadata)
        catch_up(conn, PROJECTIONS)
    return True

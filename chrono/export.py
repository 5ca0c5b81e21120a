"""`chrono export`: the timeline as JSON lines, CSV or iCalendar, now or as of a past position."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from chrono.events.sqlite import sqlite3

COLUMNS = (
    "event_id", "article_id", "kind", "status", "date_earliest", "date_latest", "date_precision", "month",
    "time_expression", "actors", "actor_names", "location", "location_ar", "lat", "lon", "outlet", "summary",
    "quote", "evidence", "evidence_start", "evidence_end", "killed", "wounded", "confidence",
)


def timeline_rows(conn: sqlite3.Connection) -> list[dict]:
    cursor = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM timeline ORDER BY date_earliest IS NULL, date_earliest, event_id"
    )
    return [dict(zip(COLUMNS, row, strict=True)) for row in cursor]


def render(rows: list[dict], fmt: str) -> bytes:
    if fmt == "jsonl":
        out = []
        for row in rows:
            row = {**row, "actors": json.loads(row["actors"]), "actor_names": json.loads(row["actor_names"])}
            out.append(json.dumps(row, ensure_ascii=False))
        return ("\n".join(out) + ("\n" if out else "")).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode()
    from chrono.feeds import ics

    return ics(rows, stamp=datetime.now(timezone.utc).replace(microsecond=0))


def export_timeline(conn: sqlite3.Connection, fmt: str, *, as_of: str | None = None) -> bytes:
    if not as_of:
        return render(timeline_rows(conn), fmt)
    from chrono.app import SQL_FUNCTIONS
    from chrono.events.projections import PROJECTIONS
    from chrono.events.timetravel import position_as_of, rebuild_as_of

    with tempfile.TemporaryDirectory() as tmp:
        into = Path(tmp) / "as-of.db"
        rebuild_as_of(conn, into, position_as_of(conn, as_of), PROJECTIONS, SQL_FUNCTIONS)
        past = sqlite3.connect(into)
        try:
            return render(timeline_rows(past), fmt)
        finally:
            past.close()

"""The `articles` view: one row per recorded article, with its cleaned text."""

from __future__ import annotations

import json

from chrono.events.projections.base import Projection, in_windows
from chrono.events.sqlite import sqlite3
from chrono.schema.events import parse_event

_INSERT_RECORDED = """
INSERT INTO articles (
    article_id, path, url, sha256, outlet, title, dateline,
    published_earliest, published_latest, published_basis, text, first_position
)
SELECT
    e.stream_id,
    json_extract(e.data, '$.path'),
    json_extract(e.data, '$.url'),
    json_extract(e.data, '$.text_sha256'),
    json_extract(e.data, '$.outlet'),
    json_extract(e.data, '$.title'),
    json_extract(e.data, '$.dateline'),
    json_extract(e.data, '$.published_earliest'),
    json_extract(e.data, '$.published_latest'),
    json_extract(e.data, '$.published_basis'),
    t.text,
    e.position
FROM events e
LEFT JOIN article_texts t ON t.sha256 = json_extract(e.data, '$.text_sha256')
WHERE e.type = 'ArticleRecorded' AND e.schema_version = 2 AND e.position > ? AND e.position <= ?
"""

_COUNT_SEEN_AGAIN = """
UPDATE articles SET seen = seen + (
    SELECT count(*) FROM events e
    WHERE e.stream_id = articles.article_id AND e.type = 'ArticleSeenAgain'
      AND e.position > ?1 AND e.position <= ?2
)
WHERE article_id IN (
    SELECT stream_id FROM events
    WHERE type = 'ArticleSeenAgain' AND position > ?1 AND position <= ?2
)
"""


_INSERT_ONE = """
INSERT INTO articles (
    article_id, path, url, sha256, outlet, title, dateline,
    published_earliest, published_latest, published_basis, text, first_position
)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT text FROM article_texts WHERE sha256 = ?), ?)
"""


def apply(conn: sqlite3.Connection, after: int, until: int) -> None:
    # Payloads of the current schema set-based; older ones upcast one by one.
    in_windows(conn, _INSERT_RECORDED, after, until)
    for stored in conn.execute(
        "SELECT position, stream_id, schema_version, data FROM events "
        "WHERE type = 'ArticleRecorded' AND schema_version < 2 AND position > ? AND position <= ? ORDER BY position",
        (after, until),
    ).fetchall():
        a = parse_event("ArticleRecorded", stored[2], json.loads(stored[3]))
        conn.execute(_INSERT_ONE, (
            stored[1], a.path, a.url, a.text_sha256, a.outlet, a.title, a.dateline, a.published_earliest,
            a.published_latest, a.published_basis, a.text_sha256, stored[0],
        ))
    conn.execute(_COUNT_SEEN_AGAIN, (after, until))
    # Rare events that change a row already there, in log order.
    for stream_id, type_, data in conn.execute(
        "SELECT stream_id, type, data FROM events WHERE position > ? AND position <= ? "
        "AND type IN ('PublicationDateInferred', 'ArticleRedacted') ORDER BY position",
        (after, until),
    ).fetchall():
        d = json.loads(data)
        if type_ == "PublicationDateInferred":
            conn.execute(
                "UPDATE articles SET published_earliest = ?, published_latest = ?, "
                "published_basis = 'inferred' WHERE article_id = ?",
                (d["published_earliest"], d["published_latest"], stream_id),
            )
        else:
            conn.execute(
                "UPDATE articles SET text = NULL, redacted = 1 WHERE article_id = ?", (stream_id,)
            )


PROJECTION = Projection(
    name="articles", version=1, script="articles", objects=("articles",), apply=apply
)

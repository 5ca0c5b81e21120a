"""The append-only event store: one SQLite file, a hash-chained log, optimistic concurrency.

`append` writes a stream's new events all or nothing; SQLite's UNIQUE(stream_id,
version) and a single `BEGIN IMMEDIATE` writer make two processes on one file
safe, and triggers make UPDATE and DELETE on `events` fail.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from chrono.events.errors import ConcurrencyError, StoreError
from chrono.events.sqlite import sqlite3
from chrono.schema.events import DomainEvent, parse_event, payload
from chrono.schema.sql import run_script

GENESIS = "0" * 64
BUSY_TIMEOUT_MS = 60_000

if TYPE_CHECKING:
    import sqlite_utils


def _m001_log(db: sqlite_utils.Database) -> None:
    run_script(db.conn, "001_log")


def _m002_sources(db: sqlite_utils.Database) -> None:
    run_script(db.conn, "002_sources")


# In order. sqlite-utils (and the numpy it imports, ~0.4 s) is loaded only when one is pending.
_MIGRATIONS = (("001_log", _m001_log), ("002_sources", _m002_sources))


@cache
def migrations() -> sqlite_utils.Migrations:
    from sqlite_utils import Migrations

    found = Migrations("chrono")
    for name, fn in _MIGRATIONS:
        found(name=name)(fn)
    return found


def _pending(conn: sqlite3.Connection) -> bool:
    try:
        applied = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'chrono'")}
    except sqlite3.OperationalError:  # no migrations table yet
        return True
    return any(name not in applied for name, _ in _MIGRATIONS)


def canonical_json(value: Any) -> str:
    """Sorted keys, compact separators, UTF-8 text: the form that is hashed and stored."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Encoded(NamedTuple):
    """An event as the log stores it: type, schema version and canonical JSON payload.

    Encoding is pure, so a loader's worker processes do it and the single writer
    only hashes and inserts. A named tuple: it pickles as a tuple, cheap to send back
    from a worker."""

    type: str
    schema_version: int
    data: str


def encode(event: DomainEvent | Encoded) -> Encoded:
    if isinstance(event, Encoded):
        return event
    return Encoded(event.type, event.schema_version, canonical_json(payload(event)))


def event_hash(prev_hash: str, row: Sequence[Any]) -> str:
    """The chain link: SHA-256 over the previous hash and every stored field of the row."""
    h = hashlib.sha256(prev_hash.encode())
    for field in row:
        h.update(b"\x1f")
        h.update(str(field).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class StoredEvent:
    position: int
    stream_id: str
    version: int
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: str
    prev_hash: str
    hash: str

    def model(self) -> DomainEvent:
        return parse_event(self.type, self.schema_version, self.data)


_COLUMNS = "position, stream_id, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash"


def _stored(row: sqlite3.Row | tuple) -> StoredEvent:
    (position, stream_id, version, type_, schema_version, data, metadata, recorded_at, prev, h) = row
    return StoredEvent(
        position, stream_id, version, type_, schema_version,
        json.loads(data), json.loads(metadata), recorded_at, prev, h,
    )


def connect(
    path: str | Path, *, functions: dict[str, Callable[..., Any]] | None = None,
    pages: PageCheck | None = None,
) -> sqlite3.Connection:
    """Open (creating if needed) a chrono store: WAL, busy timeout, migrations applied.

    Raises StoreError when the file is not SQLite or is an SQLite file of
    something else; such a file is left exactly as it was. With `pages` (a
    PageCheck of the same file), a migration waits for it before writing.
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _check_is_store(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.Error as e:  # a missing folder, a read-only place
        raise StoreError(f"{path}: cannot open or create the database ({e})") from e
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = on")  # as sqlite_utils.Database(conn) would set it
        for name, fn in (functions or {}).items():
            conn.create_function(name, 1, fn, deterministic=True)
        if _pending(conn):
            import sqlite_utils

            if pages is not None:
                pages.wait()
            db = sqlite_utils.Database(conn)
            with transaction(conn):
                migrations().apply(db)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError(f"{path}: not a usable chrono database ({e})") from e
    return conn


def _check_is_store(path: Path) -> None:
    with path.open("rb") as f:
        header = f.read(16)
    if header != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not an SQLite database")
    try:
        with closing(_read_only(path)) as probe:
            tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: not a usable SQLite database ({e})") from e
    if tables and "events" not in tables:
        raise StoreError(f"{path}: an SQLite database, but not a chrono store (no events table)")
    if "events" in tables and "_sqlite_migrations" not in tables:
        raise StoreError(f"{path}: has an events table, but not chrono's")


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, check_same_thread=False)


class PageCheck:
    """Every page of a store read (PRAGMA quick_check, about a second per 400 MB) in a
    background thread, so that a load's extraction overlaps it; `wait()` before the
    first write raises StoreError for a damaged file, so no bulk write lands on top
    of the damage. SQLite releases the GIL while it reads.

    A file exactly as a checked load left it (the size and modification time of the
    file and its WAL, written to `<db>-checked` by `passed()`) is not read again: only
    a file changed since by something other than chrono is. That keeps one more
    article into a big store as cheap as into an empty one.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.problem: str | None = None
        self.stamp = Path(f"{self.path}-checked")
        self._thread = threading.Thread(target=self._run, name="chrono-page-check", daemon=True)
        # a new store has nothing to check; one as chrono left it, nothing new
        if self.path.exists() and self.path.stat().st_size > 0 and not self._unchanged():
            self._thread.start()

    @property
    def reading(self) -> bool:
        return self._thread.ident is not None

    def _run(self) -> None:
        try:
            with closing(_read_only(self.path)) as probe:
                self.problem = probe.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as e:
            self.problem = str(e)

    def wait(self) -> None:
        if self.reading:
            self._thread.join()
        if self.problem is not None and self.problem != "ok":
            raise StoreError(f"{self.path}: a damaged chrono store ({self.problem.splitlines()[-1].strip()})")

    def _fingerprint(self) -> list:
        def stat(p: Path) -> list[int] | None:
            try:
                st = p.stat()
            except FileNotFoundError:
                return None
            return [st.st_size, st.st_mtime_ns]

        return [stat(self.path), stat(Path(f"{self.path}-wal"))]

    def _unchanged(self) -> bool:
        try:
            return json.loads(self.stamp.read_text()) == self._fingerprint()
        except (OSError, ValueError):
            return False

    def passed(self) -> None:
        """Record the file as it is now, after a load that found it sound (or unchanged)
        and wrote to it, and closed its connection."""
        self.wait()
        try:
            self.stamp.write_text(json.dumps(self._fingerprint()))
        except OSError:
            pass  # a read-only folder: the next load reads the pages again


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or a savepoint when already inside one; rollback on any error."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT chrono_sp")
        try:
            yield conn
        except BaseException:
            _undo(conn, "ROLLBACK TO SAVEPOINT chrono_sp", "RELEASE SAVEPOINT chrono_sp")
            raise
        conn.execute("RELEASE SAVEPOINT chrono_sp")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        _undo(conn, "ROLLBACK")
        raise
    conn.execute("COMMIT")


def _undo(conn: sqlite3.Connection, *statements: str) -> None:
    """Roll back an interrupted block. If the error already ended the transaction, or the
    connection was closed before this ran (Ctrl-C unwinding a command), SQLite has rolled
    it back and there is nothing left to undo."""
    try:
        if conn.in_transaction:
            for statement in statements:
                conn.execute(statement)
    except sqlite3.ProgrammingError:  # closed
        pass


def stream_version(conn: sqlite3.Connection, stream_id: str) -> int:
    row = conn.execute("SELECT max(version) FROM events WHERE stream_id = ?", (stream_id,)).fetchone()
    return row[0] or 0


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """The last position and its hash ((0, GENESIS) for an empty log)."""
    row = conn.execute("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def append(
    conn: sqlite3.Connection,
    stream_id: str,
    events: Iterable[DomainEvent | Encoded],
    expected_version: int,
    *,
    metadata: dict[str, Any] | None = None,
    recorded_at: str | None = None,
) -> list[int]:
    """Append `events` to a stream, all or nothing; return their positions.

    Fails with ConcurrencyError unless the stream is at `expected_version`
    (0 for a new stream). Inside an open transaction it joins it (as a
    savepoint); otherwise it is its own BEGIN IMMEDIATE transaction.
    """
    events = [encode(e) for e in events]
    if not events:
        return []
    meta = canonical_json(metadata or {})
    when = recorded_at or now_utc()
    try:
        with transaction(conn):
            actual = stream_version(conn, stream_id)
            if actual != expected_version:
                raise ConcurrencyError(stream_id, expected_version, actual)
            position, prev = head(conn)
            rows = []
            for i, event in enumerate(events, start=1):
                row = (
                    position + i, stream_id, expected_version + i, event.type, event.schema_version,
                    event.data, meta, when,
                )
                h = event_hash(prev, row)
                rows.append((*row, prev, h))
                prev = h
            conn.executemany(f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    except sqlite3.IntegrityError as e:
        # The one place a constraint failure becomes a concurrency error.
        raise ConcurrencyError(stream_id, expected_version, stream_version(conn, stream_id)) from e
    return [row[0] for row in rows]


def read_stream(conn: sqlite3.Connection, stream_id: str) -> list[StoredEvent]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM events WHERE stream_id = ? ORDER BY version", (stream_id,)
    )
    return [_stored(r) for r in rows]


def read_all(
    conn: sqlite3.Connection, after: int = 0, until: int | None = None, batch: int = 5000
) -> Iterator[StoredEvent]:
    """Every event with after < position <= until, in position order, read in batches."""
    position = after
    while True:
        if until is not None and position >= until:
            return
        limit_clause = "AND position <= ?" if until is not None else ""
        args: tuple = (position, until, batch) if until is not None else (position, batch)
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM events WHERE position > ? {limit_clause} ORDER BY position LIMIT ?",
            args,
        ).fetchall()
        if not rows:
            return
        for r in rows:
            yield _stored(r)
        position = rows[-1][0]


def store_text(conn: sqlite3.Connection, sha256: str, text: str) -> None:
    """Keep a cleaned article text under its hash (content-addressed; a no-op if present)."""
    conn.execute("INSERT OR IGNORE INTO article_texts (sha256, text) VALUES (?, ?)", (sha256, text))


def text_of(conn: sqlite3.Connection, sha256: str) -> str | None:
    row = conn.execute("SELECT text FROM article_texts WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None

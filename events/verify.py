"""Integrity checks of a store: the hash chain, gapless positions, stream versions, views."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chrono.events.projections.base import Projection, checksums, rebuild
from chrono.events.sqlite import sqlite3
from chrono.events.store import GENESIS, event_hash, head


@dataclass
class Report:
    head_position: int = 0
    head_hash: str = GENESIS
    events: int = 0
    faults: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults


def check_log(conn: sqlite3.Connection, report: Report) -> None:
    prev = GENESIS
    expected_position = 0
    versions: dict[str, int] = {}
    for row in conn.execute(
        "SELECT position, stream_id, version, type, schema_version, data, metadata, recorded_at, "
        "prev_hash, hash FROM events ORDER BY position"
    ):
        position, stream_id, version = row[0], row[1], row[2]
        expected_position += 1
        report.events += 1
        if position != expected_position:
            report.faults.append(f"position {position}: expected {expected_position} (gap in the log)")
            expected_position = position
        if row[8] != prev:
            report.faults.append(f"position {position}: prev_hash does not match the event before it")
        if event_hash(row[8], row[:8]) != row[9]:
            report.faults.append(f"position {position}: hash does not match its contents (tampered?)")
        want = versions.get(stream_id, 0) + 1
        if version != want:
            report.faults.append(f"position {position}: stream {stream_id} version {version}, expected {want}")
        versions[stream_id] = version
        prev = row[9]
    report.head_position, report.head_hash = head(conn)


def check_projections(
    conn: sqlite3.Connection,
    projections: Sequence[Projection],
    functions: dict[str, Callable] | None,
    report: Report,
) -> None:
    """Replay the log into an in-memory copy and compare every view's checksum."""
    current = checksums(conn, projections)
    replica = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for name, fn in (functions or {}).items():
            replica.create_function(name, 1, fn, deterministic=True)
        conn.backup(replica)
        rebuild(replica, projections)
        fresh = checksums(replica, projections)
    finally:
        replica.close()
    for table, digest in sorted(fresh.items()):
        if current.get(table) != digest:
            report.faults.append(f"view {table} differs from a fresh replay of the log")


def verify(
    conn: sqlite3.Connection, projections: Sequence[Projection], functions: dict[str, Callable] | None = None
) -> Report:
    report = Report()
    check_log(conn, report)
    check_projections(conn, projections, functions, report)
    return report

"""The event log: append-only, gapless, hash-chained, all-or-nothing, optimistic concurrency."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.events.errors import ConcurrencyError, StoreError
from chrono.events.sqlite import sqlite3
from chrono.events.store import append, connect, head, read_all, read_stream
from chrono.events.verify import Report, check_log
from tests.factories import article, extracted


def test_append_then_read_gives_the_same_events(store):
    events = [article("a1"), extracted("a1", 1), extracted("a1", 2, kind="meeting")]
    positions = append(store, "a1", events, 0)
    assert positions == [1, 2, 3]
    stored = read_stream(store, "a1")
    assert [s.version for s in stored] == [1, 2, 3]
    assert [s.model() for s in stored] == events


def test_positions_are_global_and_versions_per_stream(store):
    append(store, "a", [article("a")], 0)
    append(store, "b", [article("b"), extracted("b", 1)], 0)
    append(store, "a", [extracted("a", 1)], 1)
    rows = [(e.position, e.stream_id, e.version) for e in read_all(store)]
    assert rows == [(1, "a", 1), (2, "b", 1), (3, "b", 2), (4, "a", 2)]


def test_wrong_expected_version_is_a_concurrency_error_and_writes_nothing(store):
    append(store, "a", [article("a")], 0)
    with pytest.raises(ConcurrencyError, match="expected version 0, found 1"):
        append(store, "a", [extracted("a", 1)], 0)
    assert head(store)[0] == 1


@pytest.mark.parametrize("sql", ["UPDATE events SET type = 'X'", "DELETE FROM events",
                                 "UPDATE events SET data = '{}' WHERE position = 1"])
def test_update_and_delete_fail_through_plain_sqlite(db_path, store, sql):
    append(store, "a", [article("a")], 0)
    plain = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        plain.execute(sql)
    plain.close()
    assert len(list(read_all(store))) == 1


def test_a_failure_in_the_middle_of_an_append_leaves_nothing(store, monkeypatch):
    append(store, "a", [article("a")], 0)
    good = extracted("b", 1)

    class Broken:
        type = "EventExtracted"
        schema_version = 1

    import chrono.events.store as store_module

    real_payload = store_module.payload

    def payload(event):
        if isinstance(event, Broken):
            raise RuntimeError("disk on fire")
        return real_payload(event)

    monkeypatch.setattr(store_module, "payload", payload)
    with pytest.raises(RuntimeError):
        append(store, "b", [article("b"), good, Broken()], 0)
    assert [e.stream_id for e in read_all(store)] == ["a"]
    assert read_stream(store, "b") == []


def test_hash_chain_links_every_event(store):
    append(store, "a", [article("a"), extracted("a", 1)], 0)
    append(store, "b", [article("b")], 0)
    report = Report()
    check_log(store, report)
    assert report.faults == []
    events = list(read_all(store))
    assert events[0].prev_hash == "0" * 64
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert report.head_hash == events[-1].hash


def test_tampering_with_a_copy_is_caught(tmp_path, store, db_path):
    append(store, "a", [article("a"), extracted("a", 1)], 0)
    store.close()
    tampered = sqlite3.connect(db_path)
    tampered.execute("DROP TRIGGER events_no_update")
    tampered.execute("UPDATE events SET data = json_set(data, '$.event.kind', 'attack') WHERE position = 2")
    tampered.commit()
    tampered.close()
    conn = connect(db_path)
    report = Report()
    check_log(conn, report)
    conn.close()
    assert report.faults == ["position 2: hash does not match its contents (tampered?)"]


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some notes, not a database\n")
    with pytest.raises(StoreError, match="not an SQLite database"):
        connect(path)
    assert path.read_bytes() == b"just some notes, not a database\n"


def test_an_sqlite_file_of_something_else_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE birds (name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a chrono store"):
        connect(path)
    assert path.read_bytes() == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(1, 3)), max_size=12))
def test_any_sequence_of_appends_reads_back_in_order(tmp_path_factory, plan):
    conn = connect(tmp_path_factory.mktemp("p") / "x.db")
    written = []
    versions: dict[str, int] = {}
    for stream, count in plan:
        v = versions.get(stream, 0)
        events = ([article(stream)] if v == 0 else []) + [extracted(stream, v + i + 1) for i in range(count)]
        append(conn, stream, events, v)
        versions[stream] = v + len(events)
        written.extend((stream, e) for e in events)
    got = [(e.stream_id, e.model()) for e in read_all(conn)]
    assert got == written
    assert [e.position for e in read_all(conn)] == list(range(1, len(written) + 1))
    conn.close()

"""Projections: incremental catch-up equals a full replay; corrections, revisions, redactions."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.app import SQL_FUNCTIONS, open_store
from chrono.events.projections import PROJECTIONS, base, catch_up, checksums, incidents, rebuild
from chrono.events.store import append
from chrono.schema import Actor, ArticleRedacted, EventCorrected, EventRetracted, ExtractionRevised
from tests.factories import OPERATIONS, article, extracted, random_log


def timeline(conn):
    return conn.execute(
        "SELECT event_id, article_id, kind, date_earliest, month, actor_names, outlet FROM timeline ORDER BY id"
    ).fetchall()


def test_timeline_rows_follow_the_contract(store):
    append(store, "a1", [article("a1", outlet="NRT Arabic"), extracted("a1", 1), extracted("a1", 2, kind="meeting")], 0)
    catch_up(store, PROJECTIONS)
    assert timeline(store) == [
        ("a1-1", "a1", "statement", "2021-07-26", "2021-07", '["Mustafa al-Kadhimi"]', "NRT Arabic"),
        ("a1-2", "a1", "meeting", "2021-07-26", "2021-07", '["Mustafa al-Kadhimi"]', "NRT Arabic"),
    ]
    row = store.execute("SELECT actors, status, date_precision FROM timeline WHERE event_id = 'a1-1'").fetchone()
    assert json.loads(row[0]) == [{"name": "Mustafa al-Kadhimi", "name_ar": "Mustafa al-Kadhimi", "role": "speaker"}]
    assert row[1:] == ("happened", "day")
    assert store.execute("SELECT article_id, outlet, published_basis FROM articles").fetchall() == [
        ("a1", "NRT Arabic", "text")
    ]


def test_catch_up_applies_only_new_events(store):
    append(store, "a", [article("a"), extracted("a", 1)], 0)
    assert catch_up(store, PROJECTIONS) == 2
    append(store, "b", [article("b"), extracted("b", 1)], 0)
    assert catch_up(store, PROJECTIONS) == 4
    assert store.execute("SELECT position FROM projection_checkpoints ORDER BY name").fetchall() == [(4,), (4,)]
    assert [r[0] for r in timeline(store)] == ["a-1", "b-1"]


def test_a_changed_projection_version_rebuilds_itself(store, monkeypatch):
    append(store, "a", [article("a"), extracted("a", 1)], 0)
    catch_up(store, PROJECTIONS)
    store.execute("INSERT INTO timeline (event_id, article_id, kind, status, date_precision, evidence, "
                  "evidence_start, evidence_end, confidence, position) "
                  "VALUES ('stray', 'x', 'attack', 'happened', 'unknown', 'e', 0, 1, 1, 0)")
    store.execute("UPDATE projection_checkpoints SET version = 0 WHERE name = 'timeline'")
    catch_up(store, PROJECTIONS)
    assert [r[0] for r in timeline(store)] == ["a-1"]


def test_correction_retraction_and_revision(store):
    append(store, "a", [article("a"), extracted("a", 1), extracted("a", 2)], 0)
    append(store, "a", [EventCorrected(event_id="a-1", note="wrong day", date_earliest="2021-07-25",
                                       actors=(Actor(name="Joe Biden", name_ar="جو بايدن"),))], 3)
    append(store, "a", [EventRetracted(event_id="a-2", note="not an event")], 4)
    catch_up(store, PROJECTIONS)
    assert timeline(store) == [("a-1", "a", "statement", "2021-07-25", "2021-07", '["Joe Biden"]', "Test Outlet")]
    # A newer extractor finds the same event again and a new one: the correction survives.
    revised = ExtractionRevised(extractor_version="v2", events=(extracted("a", 1).event, extracted("a", 3).event))
    append(store, "a", [revised], 5)
    catch_up(store, PROJECTIONS)
    assert [(r[0], r[3], r[5]) for r in timeline(store)] == [
        ("a-1", "2021-07-25", '["Joe Biden"]'), ("a-3", "2021-07-26", '["Mustafa al-Kadhimi"]')]
    assert store.execute("SELECT event_id, action, note FROM corrections ORDER BY position").fetchall() == [
        ("a-1", "correct", "wrong day"), ("a-2", "retract", "not an event")]


def test_redaction_removes_the_articles_events_and_text(store):
    append(store, "a", [article("a"), extracted("a", 1)], 0)
    append(store, "a", [ArticleRedacted(text_sha256="x", note="legal request")], 2)
    catch_up(store, PROJECTIONS)
    assert timeline(store) == []
    assert store.execute("SELECT redacted, text FROM articles").fetchall() == [(1, None)]


def test_search_index_holds_normalised_text(store):
    append(store, "a", [article("a"), extracted("a", 1, evidence="قال السفير الأميركيّ إن الكاظمى زار")], 0)
    catch_up(store, PROJECTIONS)
    hits = store.execute("SELECT rowid FROM timeline_fts WHERE timeline_fts MATCH ?", ("الامريكي",)).fetchall()
    assert hits == [(1,)]
    assert store.execute("SELECT count(*) FROM timeline_fts WHERE timeline_fts MATCH 'الكاظمي'").fetchone() == (1,)


operations = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(OPERATIONS)), max_size=15)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations, st.integers(1, 5))
def test_any_log_replayed_gives_the_same_views_as_incremental_catch_up(tmp_path_factory, ops, every):
    conn = open_store(tmp_path_factory.mktemp("p") / "x.db")
    random_log(conn, ops, every)
    incremental = checksums(conn, PROJECTIONS)
    rebuild(conn, PROJECTIONS)
    assert checksums(conn, PROJECTIONS) == incremental
    # a rebuild sweeps every incident at once (the catch-up above regrouped them a batch at a
    # time): the same tables, also when the sweep prunes its windows after every event and
    # each set-based statement covers two log positions
    saved = incidents.PRUNE_EVERY, base.WINDOW
    incidents.PRUNE_EVERY, base.WINDOW = 1, 2
    try:
        rebuild(conn, PROJECTIONS)
    finally:
        incidents.PRUNE_EVERY, base.WINDOW = saved
    assert checksums(conn, PROJECTIONS) == incremental
    conn.close()


def test_a_rebuild_leaves_every_index_a_fresh_store_has(tmp_path, store):
    # the replay drops the browse indexes while it inserts and builds them again after
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    append(store, "a", [article("a"), extracted("a", 1)], 0)
    catch_up(store, PROJECTIONS)
    fresh = store.execute(schema).fetchall()
    assert ("index", "timeline_date") in [row[:2] for row in fresh]
    rebuild(store, PROJECTIONS)
    assert store.execute(schema).fetchall() == fresh
    plan = store.execute("EXPLAIN QUERY PLAN SELECT * FROM timeline WHERE kind = 'attack' ORDER BY date_earliest")
    assert "timeline_kind" in " ".join(str(row) for row in plan)


def test_verify_finds_a_view_that_differs_from_the_log(db_path, store):
    from chrono.events.verify import verify

    append(store, "a", [article("a"), extracted("a", 1)], 0)
    catch_up(store, PROJECTIONS)
    assert verify(store, PROJECTIONS, SQL_FUNCTIONS).faults == []
    store.execute("UPDATE timeline SET kind = 'attack'")
    assert "view timeline differs from a fresh replay of the log" in verify(store, PROJECTIONS, SQL_FUNCTIONS).faults


def test_one_incident_from_two_reports_in_any_order(tmp_path):
    def build(order):
        conn = open_store(tmp_path / f"{'-'.join(order)}.db")
        reports = {
            "a": [article("a", outlet="Outlet A"), extracted("a", 1, kind="meeting", actors=("Joe Biden", "Kadhimi"))],
            "b": [article("b", outlet="Outlet B"), extracted("b", 1, kind="meeting", actors=("Kadhimi", "Joe Biden"))],
            "c": [article("c", outlet="Outlet B"), extracted("c", 1, kind="meeting", actors=("Someone Else",))],
        }
        for stream in order:
            append(conn, stream, reports[stream], 0)
            catch_up(conn, PROJECTIONS)
        result = conn.execute("SELECT incident_id, kind, sources, outlets, event_ids FROM incidents "
                              "ORDER BY incident_id").fetchall()
        sums = checksums(conn, PROJECTIONS)
        conn.close()
        return result, sums["incidents"], sums["incident_members"]

    first = build(["a", "b", "c"])
    assert first[0] == [("a-1", "meeting", 2, 2, '["a-1","b-1"]'), ("c-1", "meeting", 1, 1, '["c-1"]')]
    assert build(["c", "b", "a"]) == first


def test_a_new_report_that_links_two_incidents_merges_them(store):
    for stream, actors in (("b", ("X", "Y")), ("c", ("X", "Y")), ("d", ("Z", "W")), ("e", ("Z", "W"))):
        append(store, stream, [article(stream), extracted(stream, 1, kind="meeting", actors=actors)], 0)
    catch_up(store, PROJECTIONS)
    assert store.execute("SELECT event_ids FROM incidents ORDER BY incident_id").fetchall() == [
        ('["b-1","c-1"]',), ('["d-1","e-1"]',)]
    # "a" shares two actors with each: one incident, named by the new smallest id
    append(store, "a", [article("a"), extracted("a", 1, kind="meeting", actors=("X", "Y", "Z", "W"))], 0)
    catch_up(store, PROJECTIONS)
    assert store.execute("SELECT incident_id, sources, event_ids FROM incidents").fetchall() == [
        ("a-1", 5, '["a-1","b-1","c-1","d-1","e-1"]')]
    assert store.execute("SELECT DISTINCT incident_id FROM incident_members").fetchall() == [("a-1",)]
    assert store.execute("SELECT a, b FROM incident_links ORDER BY a, b").fetchall() == [
        ("a-1", "b-1"), ("a-1", "c-1"), ("a-1", "d-1"), ("a-1", "e-1"), ("b-1", "c-1"), ("d-1", "e-1")]
    incremental = checksums(store, PROJECTIONS)
    rebuild(store, PROJECTIONS)
    assert checksums(store, PROJECTIONS) == incremental


def test_incident_keys_follow_the_rows(store):
    append(store, "a", [article("a"), extracted("a", 1, kind="meeting", actors=("X", "Y"))], 0)
    catch_up(store, PROJECTIONS)
    keys = "SELECT key, date_earliest FROM incident_keys ORDER BY key"
    assert store.execute(keys).fetchall() == [("meeting actor X", "2021-07-26"), ("meeting actor Y", "2021-07-26")]
    append(store, "a", [EventCorrected(event_id="a-1", note="fix", location="Baghdad", date_earliest="2021-07-25",
                                       actors=(Actor(name="Z", name_ar="ز"),))], 2)
    catch_up(store, PROJECTIONS)
    assert store.execute(keys).fetchall() == [("meeting actor Z", "2021-07-25"), ("meeting place Baghdad", "2021-07-25")]
    # the view's spelling is the one incidents.keys looks up
    assert [k for k, _ in store.execute(keys)] == incidents.keys("meeting", ["Z"], "Baghdad")
    append(store, "a", [EventRetracted(event_id="a-1", note="no")], 3)
    catch_up(store, PROJECTIONS)
    assert store.execute(keys).fetchall() == []


def test_retracting_the_link_splits_the_incident(store):
    append(store, "a", [article("a"), extracted("a", 1, kind="meeting", actors=("X", "Y"))], 0)
    append(store, "b", [article("b"), extracted("b", 1, kind="meeting", actors=("X", "Y", "Z"))], 0)
    append(store, "c", [article("c"), extracted("c", 1, kind="meeting", actors=("Y", "Z"))], 0)
    catch_up(store, PROJECTIONS)
    assert store.execute("SELECT event_ids FROM incidents").fetchall() == [('["a-1","b-1","c-1"]',)]
    append(store, "b", [EventRetracted(event_id="b-1", note="duplicate")], 2)
    catch_up(store, PROJECTIONS)
    assert store.execute("SELECT event_ids FROM incidents ORDER BY incident_id").fetchall() == [
        ('["a-1"]',), ('["c-1"]',)]

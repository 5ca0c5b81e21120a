"""Corrections, retractions, redaction, reprocessing ids and time travel, through the library and the CLI."""

from __future__ import annotations

import json

import pytest

from chrono.cli import cli
from chrono.events.errors import StoreError
from chrono.events.projections import PROJECTIONS, catch_up
from chrono.events.sqlite import sqlite3
from chrono.events.store import append, read_stream, text_of
from chrono.lifecycle import keep_ids, parse_date_range, redact
from tests.factories import article, extracted


@pytest.fixture
def filled(store):
    a = article("a1")
    store.execute("INSERT INTO article_texts VALUES (?, ?)", (a.text_sha256, "نص المقال"))
    append(store, "a1", [a, extracted("a1", 1), extracted("a1", 2, kind="meeting")], 0)
    append(store, "b2", [article("b2"), extracted("b2", 1)], 0)
    catch_up(store, PROJECTIONS)
    return store


def rows(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT event_id, kind, date_earliest, date_latest, actor_names FROM timeline "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("value, expected", [
    ("2021-07-26", ("2021-07-26", "2021-07-26")),
    ("2021-07-20..2021-07-26", ("2021-07-20", "2021-07-26")),
])
def test_date_ranges(value, expected):
    assert parse_date_range(value) == expected


@pytest.mark.parametrize("value", ["26/07/2021", "2021-07-26..2021-07-01", "2021-13-01"])
def test_bad_date_ranges(value):
    with pytest.raises(StoreError):
        parse_date_range(value)


def test_correct_and_retract_through_the_cli(runner, filled, db_path):
    filled.close()
    result = runner.invoke(cli, ["correct", "a1-1", "--date", "2021-07-20..2021-07-22", "--kind", "announcement",
                                 "--note", "the article misdated it", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Corrected a1-1 (position 6)")
    result = runner.invoke(cli, ["retract", "a1-2", "--note", "an interview, not a meeting", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert rows(db_path) == [
        ("a1-1", "announcement", "2021-07-20", "2021-07-22", '["Mustafa al-Kadhimi"]'),
        ("b2-1", "statement", "2021-07-26", "2021-07-26", '["Mustafa al-Kadhimi"]'),
    ]
    conn = sqlite3.connect(db_path)
    notes = conn.execute("SELECT event_id, action, note FROM corrections ORDER BY position").fetchall()
    conn.close()
    assert notes == [("a1-1", "correct", "the article misdated it"), ("a1-2", "retract", "an interview, not a meeting")]


def test_correcting_an_unknown_event_is_a_clear_error(runner, filled, db_path):
    filled.close()
    result = runner.invoke(cli, ["correct", "zz-9", "--kind", "attack", "--note", "x", "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.stderr == "Error: zz-9: no such event in the timeline\n"


def test_redaction_deletes_the_text_and_verify_still_passes(runner, filled, db_path):
    sha = filled.execute("SELECT sha256 FROM articles WHERE article_id = 'a1'").fetchone()[0]
    redact(filled, "a1", note="takedown request")
    assert text_of(filled, sha) is None
    assert [r[0] for r in filled.execute("SELECT event_id FROM timeline")] == ["b2-1"]
    assert read_stream(filled, "a1")[-1].type == "ArticleRedacted"
    filled.close()
    result = runner.invoke(cli, ["verify", "--json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["head_position"] == 6 and report["faults"] == []


def test_rebuild_as_of_writes_the_past_into_another_file(runner, filled, db_path, tmp_path):
    filled.close()
    runner.invoke(cli, ["retract", "a1-1", "--note", "no", "--db", str(db_path)])
    past = tmp_path / "past.db"
    result = runner.invoke(cli, ["rebuild", "--as-of", "5", "--into", str(past), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert [r[0] for r in rows(past)] == ["a1-1", "a1-2", "b2-1"]
    assert [r[0] for r in rows(db_path)] == ["a1-2", "b2-1"]
    again = runner.invoke(cli, ["rebuild", "--as-of", "5", "--into", str(past), "--db", str(db_path)])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_export_as_of_and_formats(runner, filled, db_path):
    filled.close()
    runner.invoke(cli, ["retract", "b2-1", "--note", "no", "--db", str(db_path)])
    now = runner.invoke(cli, ["export", "--format", "jsonl", "--db", str(db_path)])
    then = runner.invoke(cli, ["export", "--format", "jsonl", "--as-of", "5", "--db", str(db_path)])
    assert [json.loads(line)["event_id"] for line in now.stdout.splitlines()] == ["a1-1", "a1-2"]
    assert [json.loads(line)["event_id"] for line in then.stdout.splitlines()] == ["a1-1", "a1-2", "b2-1"]
    csv_out = runner.invoke(cli, ["export", "--format", "csv", "--db", str(db_path)]).stdout.splitlines()
    assert csv_out[0].startswith("event_id,article_id,kind,status,date_earliest")
    assert len(csv_out) == 3


def test_reprocess_keeps_ids_of_events_whose_kind_and_evidence_overlap():
    previous = [extracted("a", 1).event, extracted("a", 2, kind="meeting").event]
    moved = extracted("a", 7).event.model_copy(update={"evidence_start": 12, "evidence_end": 30})
    new = extracted("a", 8, kind="attack").event
    kept = keep_ids(previous, [moved, new], highest=2)
    assert [(e.n, e.kind) for e in kept] == [(1, "statement"), (3, "attack")]

"""The CLI contract: `chrono load` on the seeds and examples, help, `when`, `log`, `verify`, reprocess."""

from __future__ import annotations

import json

import pytest

from chrono.cli import cli
from chrono.events.sqlite import sqlite3
from chrono.loading import SAME_BYTES
from tests.conftest import EXAMPLES

COMMANDS = ["load", "rebuild", "log", "verify", "when", "serve", "correct", "retract", "redact", "reprocess",
            "export"]


def test_every_command_has_help(runner):
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    for command in COMMANDS:
        assert command in top.stdout
        result = runner.invoke(cli, [command, "-h"])
        assert result.exit_code == 0, command
        assert "--db" in result.stdout or command == "when"


def test_version(runner):
    assert runner.invoke(cli, ["--version"]).stdout.startswith("chrono, version ")


def test_loading_the_seeds_twice_appends_nothing_the_second_time(runner, seeds, db_path):
    first = runner.invoke(cli, ["load", str(seeds), "--db", str(db_path)])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("5 new, 0 already known, 0 failed; ")
    conn = sqlite3.connect(db_path)
    head = conn.execute("SELECT max(position) FROM events").fetchone()[0]
    conn.close()
    second = runner.invoke(cli, ["load", str(seeds), "--db", str(db_path)])
    assert second.exit_code == 0
    assert second.stdout == "0 new, 5 already known, 0 failed; 0 events appended\n"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT max(position) FROM events").fetchone()[0] == head
    columns = [r[1] for r in conn.execute("PRAGMA table_info(timeline)")]
    assert conn.execute("SELECT count(*) FROM timeline").fetchone()[0] > 10
    conn.close()
    contract = ["event_id", "article_id", "kind", "status", "date_earliest", "date_latest", "date_precision",
                "month", "time_expression", "actors", "actor_names", "location", "location_ar", "lat", "lon",
                "outlet", "summary", "quote", "evidence", "evidence_start", "evidence_end", "killed", "wounded",
                "confidence"]
    assert set(contract) <= set(columns)


def test_the_same_text_at_another_path_is_seen_again(runner, seeds, db_path, tmp_path):
    source = sorted(seeds.iterdir())[0]
    copy = tmp_path / "elsewhere.txt"
    copy.write_bytes(source.read_bytes())
    runner.invoke(cli, ["load", str(source), "--db", str(db_path)])
    result = runner.invoke(cli, ["load", str(copy), "--db", str(db_path)])
    assert result.stdout == "0 new, 1 already known, 0 failed; 0 events appended\n"
    conn = sqlite3.connect(db_path)
    types = [r[0] for r in conn.execute("SELECT type FROM events WHERE type LIKE 'Article%' ORDER BY position")]
    seen = conn.execute("SELECT seen FROM articles").fetchall()
    conn.close()
    assert types == ["ArticleRecorded", "ArticleSeenAgain"]
    assert seen == [(2,)]


def test_the_same_file_after_an_upgrade_that_changes_its_id_appends_nothing(runner, seeds, db_path, monkeypatch):
    page = db_path.parent / "page.txt"
    page.write_bytes(sorted(seeds.iterdir())[0].read_bytes())
    runner.invoke(cli, ["load", str(page), "--db", str(db_path), "--jobs", "1"])
    # a later chrono that cleans the same page to other text, so another article id
    monkeypatch.setattr("chrono.pipeline.article_id", lambda text: "0123456789abcdef")
    again = runner.invoke(cli, ["load", str(page), "--db", str(db_path), "--jobs", "1"])
    assert again.stdout == "0 new, 1 already known, 0 failed; 0 events appended\n"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    plan = " ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + SAME_BYTES, ("x",)))
    conn.close()
    assert "events_source" in plan
    # other bytes at that path are another article, as before
    page.write_bytes(page.read_bytes() + "\nسطر جديد.\n".encode())
    assert runner.invoke(cli, ["load", str(page), "--db", str(db_path), "--jobs", "1"]).stdout.startswith("1 new")


def test_evidence_offsets_point_into_the_article_text(runner, seeds, db_path):
    runner.invoke(cli, ["load", str(seeds), "--db", str(db_path)])
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT t.evidence, t.evidence_start, t.evidence_end, a.text FROM timeline t "
                        "JOIN articles a USING (article_id)").fetchall()
    conn.close()
    assert rows
    for evidence, start, end, text in rows:
        assert text[start:end] == evidence


def test_missing_empty_and_binary_inputs_fail_clearly_and_the_rest_loads(runner, tmp_path, db_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    missing = tmp_path / "nowhere.txt"
    result = runner.invoke(cli, ["load", str(missing), str(empty), str(binary), str(EXAMPLES / "sample_meeting.txt"),
                                 "--db", str(db_path)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in errors if line.startswith("Error:")] == [
        str(missing), str(empty), str(binary)]
    assert result.stdout.startswith("1 new, 0 already known, 3 failed; ")


def test_examples_load_in_every_format(runner, db_path):
    result = runner.invoke(cli, ["load", str(EXAMPLES), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("4 new, 0 already known, 0 failed; ")
    conn = sqlite3.connect(db_path)
    urls = [r[0] for r in conn.execute("SELECT url FROM articles WHERE url IS NOT NULL ORDER BY url")]
    conn.close()
    assert urls == ["https://example.org/news/1", "https://example.org/news/2"]


def test_a_store_written_by_chrono_reads_with_the_standard_library_sqlite(runner, db_path):
    """chrono may run on pysqlite3's newer SQLite; the file must stay readable by an analyst's own."""
    import sqlite3 as stdlib_sqlite3  # noqa: TID251 (the point of the test)

    assert runner.invoke(cli, ["load", str(EXAMPLES), "--db", str(db_path)]).exit_code == 0
    conn = stdlib_sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    rows = conn.execute("SELECT count(*) FROM timeline").fetchone()[0]
    found = conn.execute("SELECT count(*) FROM timeline_fts WHERE timeline_fts MATCH 'said OR met'").fetchone()[0]
    conn.close()
    assert events > rows > 0 and found > 0


def test_chrono_runs_on_the_standard_library_sqlite_where_pysqlite3_is_missing(db_path):
    """Where no pysqlite3 wheel exists, chrono, Datasette and sqlite-utils fall back to Python's SQLite."""
    import subprocess
    import sys

    def chrono(*args: str) -> subprocess.CompletedProcess:
        code = "import sys; sys.modules['pysqlite3'] = None; from chrono.cli import cli; cli()"
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)

    loaded = chrono("load", str(EXAMPLES), "--db", str(db_path), "--jobs", "1")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("4 new, 0 already known, 0 failed; ")
    assert chrono("rebuild", "--db", str(db_path)).returncode == 0
    verified = chrono("verify", "--db", str(db_path))
    assert verified.returncode == 0 and verified.stdout.startswith("OK"), verified.stdout + verified.stderr


@pytest.mark.parametrize("text, ref, expected", [
    ("امس الخميس", "2020-08-21", {"earliest": "2020-08-20", "latest": "2020-08-20", "precision": "day"}),
    ("الأسبوع الماضي", "2021-07-26", {"earliest": "2021-07-19", "latest": "2021-07-25", "precision": "week"}),
    ("3084 مشاهدة", "2021-07-26", {"earliest": None, "latest": None, "precision": None}),
])
def test_when(runner, text, ref, expected):
    result = runner.invoke(cli, ["when", text, "--ref", ref, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == expected


def test_log_and_verify(runner, seeds, db_path):
    runner.invoke(cli, ["load", str(seeds), "--db", str(db_path)])
    log = runner.invoke(cli, ["log", "--json", "--db", str(db_path)]).stdout.splitlines()
    entries = [json.loads(line) for line in log]
    assert [e["position"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["type"] == "ArticleRecorded"
    assert "/" not in json.dumps(entries[0]["metadata"])  # no absolute paths in metadata
    stream = entries[0]["stream_id"]
    one = runner.invoke(cli, ["log", stream, "--db", str(db_path)]).stdout.splitlines()
    assert one and all(f" {stream} v" in line for line in one)
    verified = runner.invoke(cli, ["verify", "--db", str(db_path)])
    assert verified.exit_code == 0
    assert verified.stdout.startswith(f"OK: {len(entries)} events, head position {len(entries)}, hash ")


def test_reprocess_with_a_new_extractor_revises_once_and_keeps_corrections(runner, seeds, db_path, monkeypatch):
    runner.invoke(cli, ["load", str(seeds), "--db", str(db_path)])
    conn = sqlite3.connect(db_path)
    event_id = conn.execute("SELECT event_id FROM timeline ORDER BY event_id LIMIT 1").fetchone()[0]
    before = conn.execute("SELECT count(*) FROM timeline").fetchone()[0]
    revisions = conn.execute("SELECT count(*) FROM events WHERE type = 'ExtractionRevised'").fetchone()[0]
    conn.close()
    runner.invoke(cli, ["correct", event_id, "--date", "2000-01-01", "--note", "test", "--db", str(db_path)])
    import chrono.loading

    monkeypatch.setattr(chrono.loading, "EXTRACTOR_VERSION", "9.9.9+test")
    result = runner.invoke(cli, ["reprocess", "--db", str(db_path)])
    assert result.stdout == "5 of 5 articles re-extracted\n"
    assert runner.invoke(cli, ["reprocess", "--db", str(db_path)]).stdout == "0 of 5 articles re-extracted\n"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM events WHERE type = 'ExtractionRevised'").fetchone()[0] == revisions + 5
    assert conn.execute("SELECT count(*) FROM timeline").fetchone()[0] == before
    assert conn.execute("SELECT date_earliest FROM timeline WHERE event_id = ?", (event_id,)).fetchone() == (
        "2000-01-01",)
    conn.close()
    assert runner.invoke(cli, ["verify", "--db", str(db_path)]).exit_code == 0


def test_the_readme_documents_every_command_and_its_options():
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert sorted(cli.commands) == sorted(COMMANDS)
    for name, command in cli.commands.items():
        assert f"`chrono {name}" in readme, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option not in ("--db", "--help", "--silent", "--json", "--by"):
                    assert option in readme, f"chrono {name} {option} is not in the README"

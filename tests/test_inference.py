"""Undated articles take their publication date from dated reports of the same event."""

from __future__ import annotations

import shutil

from chrono.cli import cli
from chrono.events.sqlite import sqlite3

DATED = """وكالة الأنباء التجريبية

9-01-2024, 17:11

استقبل رئيس الجمهورية عبد اللطيف رشيد، اليوم الثلاثاء، السفيرة الأمريكية لدى العراق ألينا رومانوسكي في بغداد، وجرى خلال اللقاء بحث التطورات الأمنية.
"""

UNDATED = """صحيفة تجريبية

بغداد / خاص

التقى رئيس الجمهورية عبد اللطيف رشيد، أمس الثلاثاء، السفيرة الأمريكية ألينا رومانوسكي في بغداد، وبحث الجانبان التطورات الأمنية في المنطقة.

وقالت السفيرة إن "الولايات المتحدة ملتزمة بالشراكة مع العراق".
"""


def rows(db_path, sql, *args):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_an_undated_report_is_dated_by_a_dated_report_of_the_same_meeting(runner, tmp_path, db_path):
    (tmp_path / "a_dated.txt").write_text(DATED, encoding="utf-8")
    (tmp_path / "b_undated.txt").write_text(UNDATED, encoding="utf-8")
    result = runner.invoke(cli, ["load", str(tmp_path / "b_undated.txt"), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT published_basis FROM articles") == [("unknown",)]
    assert rows(db_path, "SELECT date_earliest FROM timeline WHERE kind = 'meeting'") == [(None,)]
    result = runner.invoke(cli, ["load", str(tmp_path / "a_dated.txt"), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    undated = rows(db_path, "SELECT article_id, published_earliest, published_latest, published_basis FROM articles "
                            "WHERE path LIKE '%b_undated.txt'")[0]
    assert undated[1:] == ("2024-01-10", "2024-01-10", "inferred")
    basis = rows(db_path, "SELECT json_extract(data, '$.basis') FROM events WHERE type = 'PublicationDateInferred'")
    assert len(basis) == 1 and "2024-01-09" in basis[0][0]
    meetings = rows(db_path, "SELECT date_earliest, date_latest FROM timeline WHERE article_id = ? AND kind = 'meeting'",
                    undated[0])
    assert meetings == [("2024-01-09", "2024-01-09")]
    # Loading again infers nothing more.
    runner.invoke(cli, ["load", str(tmp_path), "--db", str(db_path)])
    assert rows(db_path, "SELECT count(*) FROM events WHERE type = 'PublicationDateInferred'") == [(1,)]
    assert runner.invoke(cli, ["verify", "--db", str(db_path)]).exit_code == 0


def test_verify_catches_a_tampered_copy(runner, tmp_path, db_path):
    (tmp_path / "a.txt").write_text(DATED, encoding="utf-8")
    runner.invoke(cli, ["load", str(tmp_path / "a.txt"), "--db", str(db_path)])
    copy = tmp_path / "published.db"
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET data = json_set(data, '$.event.kind', 'attack') WHERE type = 'EventExtracted'")
    conn.commit()
    conn.close()
    result = runner.invoke(cli, ["verify", "--db", str(copy)])
    assert result.exit_code == 1
    assert "hash does not match its contents (tampered?)" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("FAILED: ")


def test_an_undated_report_loaded_after_the_dated_one_is_dated_at_once(runner, tmp_path, db_path):
    (tmp_path / "a_dated.txt").write_text(DATED, encoding="utf-8")
    (tmp_path / "b_undated.txt").write_text(UNDATED, encoding="utf-8")
    runner.invoke(cli, ["load", str(tmp_path / "a_dated.txt"), "--db", str(db_path)])
    result = runner.invoke(cli, ["load", str(tmp_path / "b_undated.txt"), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT published_earliest, published_basis FROM articles WHERE path LIKE '%b_undated.txt'") == [
        ("2024-01-10", "inferred")]

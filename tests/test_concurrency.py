"""Several `chrono load` processes on one database at once: nothing lost, nothing twice.

Four real processes start together on a database that does not exist yet (so
they race to create it as well), over overlapping sets of files that include
copies of the same article under other names. Afterwards every article is in
the log exactly once, every path is recorded exactly once, the positions are
gapless, the views equal a fresh replay, and the timeline equals a single
process's. A writer that meets a database locked by another waits.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from datetime import date, timedelta

from chrono.cli import cli
from chrono.events.sqlite import sqlite3
from tests.test_reliability import CHRONO, write_articles

SUMMARY = re.compile(r"(\d+) new, (\d+) already known, (\d+) failed; \d+ events appended")
ARTICLES = 96
COPIES = 12  # the same text under another name: ArticleSeenAgain, not a new article
WRITERS = 4


def query(db, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


TIMELINE = ("SELECT event_id, article_id, kind, status, date_earliest, date_latest, actor_names, location, "
            "evidence, evidence_start, evidence_end FROM timeline ORDER BY event_id")


def test_four_loaders_at_once_record_every_article_exactly_once(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = [str(p.relative_to(tmp_path)) for p in write_articles(tmp_path / "corpus", ARTICLES)]
    (tmp_path / "copies").mkdir()
    for i in range(COPIES):
        shutil.copy(tmp_path / files[i * 8], tmp_path / "copies" / f"copy_{i:02d}.txt")
    copies = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "copies").iterdir())
    quarter = ARTICLES // 4
    sets = [  # overlapping, in different orders
        files[: 2 * quarter] + copies[:6],
        files[quarter: 3 * quarter][::-1],
        files[2 * quarter:] + copies[6:],
        files[::3] + copies[::-1],
    ]
    assert set().union(*sets) == set(files) | set(copies)

    procs = [
        subprocess.Popen([CHRONO, "load", *paths, "--db", "shared.db", "--jobs", "1", "--silent"],
                         cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for paths in sets
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert err == ""
        assert proc.returncode == 0
    summaries = [tuple(map(int, SUMMARY.fullmatch(out.strip()).groups())) for out, _ in outputs]
    assert sum(new for new, _, _ in summaries) == ARTICLES
    assert [new + known for new, known, _ in summaries] == [len(s) for s in sets]

    db = tmp_path / "shared.db"
    recorded = Counter(r[0] for r in query(db, "SELECT stream_id FROM events WHERE type = 'ArticleRecorded'"))
    assert len(recorded) == ARTICLES and set(recorded.values()) == {1}
    paths = Counter(r[0] for r in query(
        db, "SELECT json_extract(data, '$.path') FROM events WHERE type IN ('ArticleRecorded', 'ArticleSeenAgain')"))
    assert paths == Counter(files + copies)  # each path exactly once
    versions = query(db, "SELECT stream_id, group_concat(version) FROM "
                         "(SELECT stream_id, version FROM events ORDER BY stream_id, version) GROUP BY stream_id")
    assert all(v.split(",") == [str(n) for n in range(1, len(v.split(",")) + 1)] for _, v in versions)

    verified = runner.invoke(cli, ["verify", "--json", "--db", "shared.db"], catch_exceptions=False)
    report = json.loads(verified.stdout)
    assert report["faults"] == []  # gapless, chained, stream versions in order, views equal a fresh replay
    assert report["head_position"] == query(db, "SELECT count(*) FROM events")[0][0]

    single = runner.invoke(cli, ["load", *files, *copies, "--db", "single.db", "--jobs", "1"], catch_exceptions=False)
    assert single.exit_code == 0, single.stderr
    assert query(db, TIMELINE) == query(tmp_path / "single.db", TIMELINE)
    assert len(query(db, TIMELINE)) > ARTICLES


def test_a_writer_that_meets_a_locked_database_waits(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "corpus", 5)
    first = runner.invoke(cli, ["load", "corpus/article_0000.txt", "--db", "chrono.db"], catch_exceptions=False)
    assert first.exit_code == 0

    holder = sqlite3.connect(tmp_path / "chrono.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
    released = threading.Event()

    def release_later():
        time.sleep(2.0)
        holder.execute("COMMIT")
        released.set()

    started = time.monotonic()
    proc = subprocess.Popen([CHRONO, "load", "corpus", "--db", "chrono.db", "--jobs", "1"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    thread = threading.Thread(target=release_later)
    thread.start()
    time.sleep(1.5)
    assert proc.poll() is None  # still waiting, not failed
    out, err = proc.communicate(timeout=60)
    thread.join()
    holder.close()
    assert released.is_set()
    assert time.monotonic() - started >= 2.0
    assert err == ""
    assert proc.returncode == 0
    assert out.startswith("4 new, 1 already known, 0 failed; ")


_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # Monday first
_PAIRS = (("محمد شياع السوداني", "أنتوني بلينكن"), ("فؤاد حسين", "أنتوني بلينكن"),
          ("محمد الحلبوسي", "جو بايدن"), ("مصطفى الكاظمي", "جو بايدن"))


def write_dated_and_undated_reports(folder, count: int) -> None:
    """`count` meetings, each reported by a dated feed line and by an undated text ("أمس الخميس")."""
    folder.mkdir()
    lines = []
    for i in range(count):
        host, guest = _PAIRS[i % len(_PAIRS)]
        day = date(2023, 1, 2) + timedelta(days=3 * i)
        weekday = _WEEKDAYS[day.weekday()]
        lines.append(json.dumps({
            "url": f"https://example.org/news/{i}", "published": (day + timedelta(days=1)).isoformat(),
            "text": f"بغداد / وكالة الأنباء التجريبية\n\nاستقبل {host}، يوم {weekday}، {guest} في بغداد، "
                    f"وجرى خلال اللقاء بحث الملف رقم {i}.\n",
        }, ensure_ascii=False))
        (folder / f"undated_{i:02d}.txt").write_text(
            f"بغداد / وكالة أخرى\n\nالتقى {host}، أمس {weekday}، {guest} في بغداد، "
            f"وبحث الجانبان القضية رقم {i} والتعاون بين البلدين.\n", encoding="utf-8")
    (folder / "dated.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_four_loaders_at_once_infer_each_undated_article_once(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_dated_and_undated_reports(tmp_path / "pairs", 16)
    single = runner.invoke(cli, ["load", "pairs", "--db", "single.db", "--jobs", "1"], catch_exceptions=False)
    assert single.exit_code == 0, single.stderr
    count = "SELECT type, count(*) FROM events GROUP BY type ORDER BY type"
    expected = query(tmp_path / "single.db", count)
    assert ("PublicationDateInferred", 16) in expected  # every undated report dated by its partner

    procs = [subprocess.Popen([CHRONO, "load", "pairs", "--db", "shared.db", "--jobs", "1", "--silent"],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(WRITERS)]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert err == ""
        assert proc.returncode == 0
    assert query(tmp_path / "shared.db", count) == expected  # no inference appended twice
    assert query(tmp_path / "shared.db", TIMELINE) == query(tmp_path / "single.db", TIMELINE)

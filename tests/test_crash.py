"""SIGKILL in the middle of `chrono load`: the log stays consistent and a rerun finishes the job.

A real `chrono` process loads 288 generated articles (three batches) one worker at a time. It
is killed twice: once after its first batch is committed (while the next one
is being prepared), once while a batch's write transaction holds the lock.
After each kill the store must verify and hold only whole streams, equal to a
clean load's; then the same command runs to the end, and the log must equal
the clean load's, position by position.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

from chrono.cli import cli
from chrono.events.sqlite import sqlite3
from chrono.loading import BATCH
from tests.test_reliability import CHRONO, log_rows, scalar, write_articles

ARTICLES = 2 * BATCH + 32  # three batches (the last one short)


def committed_head(db: Path) -> int:
    """The last committed position, read without creating or locking anything."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def streams(rows: list[tuple]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for _position, stream_id, version, type_, schema_version, data in rows:
        out.setdefault(stream_id, []).append((version, type_, schema_version, data))
    return out


def check_consistent(runner, db: Path, reference: dict[str, list[tuple]]) -> int:
    result = runner.invoke(cli, ["verify", "--json", "--db", str(db)], catch_exceptions=False)
    report = json.loads(result.stdout)
    assert report["ok"], report["faults"]
    assert result.exit_code == 0
    found = streams(log_rows(db))
    for stream_id, events in found.items():
        assert events == reference[stream_id], f"stream {stream_id} is half-written"
    conn = sqlite3.connect(db)
    try:
        missing_texts = conn.execute(
            "SELECT count(*) FROM events WHERE type = 'ArticleRecorded' AND "
            "json_extract(data, '$.text_sha256') NOT IN (SELECT sha256 FROM article_texts)"
        ).fetchone()[0]
        checkpoints = {r[0] for r in conn.execute("SELECT position FROM projection_checkpoints")}
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    assert missing_texts == 0
    assert checkpoints == {report["head_position"]}  # the views committed with the events they cover
    assert articles == len(found)
    return len(found)


def writing(db: Path) -> bool:
    """True while another process holds the write lock (inside a batch's transaction)."""
    if not db.exists():
        return False
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:  # database is locked
        return True
    finally:
        conn.close()


def kill_when(proc: subprocess.Popen, ready) -> bool:
    """SIGKILL `proc` as soon as `ready()`; False if it finished first."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.005)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    return proc.returncode == -signal.SIGKILL


def test_sigkill_mid_load_loses_nothing_and_a_rerun_completes_it(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "corpus", ARTICLES)
    clean = runner.invoke(cli, ["load", "corpus", "--db", "clean.db", "--jobs", "1"], catch_exceptions=False)
    assert clean.exit_code == 0, clean.stderr
    reference_rows = log_rows(tmp_path / "clean.db")
    reference = streams(reference_rows)
    assert len(reference) == ARTICLES

    db = tmp_path / "crash.db"
    command = [CHRONO, "load", "corpus", "--db", "crash.db", "--jobs", "1", "--silent"]
    pause = random.Random(8).uniform(0.0, 0.08)

    # 1. between batches: once the first batch is committed, somewhere in the preparation of the next
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert kill_when(proc, lambda: committed_head(db) > 0 and time.sleep(pause) is None)
    after_first = check_consistent(runner, db, reference)
    assert 0 < after_first < ARTICLES

    # 2. inside a batch's write transaction (the lock held on two looks 10 ms apart)
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert kill_when(proc, lambda: writing(db) and time.sleep(0.01) is None and writing(db))
    after_second = check_consistent(runner, db, reference)
    assert after_second == after_first  # the interrupted batch left nothing behind

    # 3. the same command again finishes the job
    rest = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert rest.returncode == 0, rest.stderr
    assert rest.stderr == ""
    assert rest.stdout.startswith(f"{ARTICLES - after_second} new, {after_second} already known, 0 failed; ")
    assert check_consistent(runner, db, reference) == ARTICLES
    assert log_rows(db) == reference_rows  # no duplicates, nothing lost, the same order


def _live_children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.append(pid)
        except OSError:
            continue
    return alive


def test_killing_a_parallel_load_leaves_no_workers_and_a_sound_log(tmp_path, runner):
    write_articles(tmp_path / "corpus", 200)
    db = tmp_path / "chrono.db"
    proc = subprocess.Popen([CHRONO, "load", "corpus", "--db", "chrono.db", "--jobs", "2", "--silent"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []

    def started() -> bool:
        workers[:] = _live_children(proc.pid)
        return committed_head(db) > 0 and len(workers) == 2

    assert kill_when(proc, started)
    deadline = time.monotonic() + 10
    while _alive(workers) and time.monotonic() < deadline:  # orphans see their pipe close and exit
        time.sleep(0.05)
    assert _alive(workers) == []
    result = runner.invoke(cli, ["verify", "--json", "--db", str(db)], catch_exceptions=False)
    assert json.loads(result.stdout)["faults"] == []


def test_ctrl_c_stops_a_parallel_load_at_once_and_a_rerun_completes_it(tmp_path, runner):
    """Ctrl-C reaches the whole process group: the parent and its workers. It used to hang in Pool.join."""
    write_articles(tmp_path / "corpus", ARTICLES)
    db = tmp_path / "chrono.db"
    command = [CHRONO, "load", "corpus", "--db", "chrono.db", "--jobs", "2"]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while proc.poll() is None and committed_head(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None
    os.killpg(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("chrono load hung after Ctrl-C") from None
    assert (proc.returncode, out, err.strip()) == (1, "", "Aborted!")
    result = runner.invoke(cli, ["verify", "--json", "--db", str(db)], catch_exceptions=False)
    assert json.loads(result.stdout)["faults"] == []
    loaded = scalar(db, "SELECT count(*) FROM articles")
    assert 0 < loaded < ARTICLES

    rest = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (rest.returncode, rest.stderr) == (0, "")
    assert rest.stdout.startswith(f"{ARTICLES - loaded} new, {loaded} already known, 0 failed; ")

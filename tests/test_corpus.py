"""The synthetic scale corpus (bench/corpus.py): reproducible from its seed, and its articles load."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from chrono.cli import cli
from chrono.events.sqlite import sqlite3

SUMMARY = r"(\d+) new, (\d+) already known, (\d+) failed; (\d+) events appended"
CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus.py"


@pytest.fixture(scope="module")
def corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", CORPUS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_gives_the_same_articles_and_another_seed_others(corpus):
    first = list(corpus.articles(seed=7, n=30))
    assert first == list(corpus.articles(seed=7, n=30))
    assert list(corpus.articles(seed=7, n=10, start=20)) == first[20:]  # article i depends on (seed, i) only
    other = list(corpus.articles(seed=8, n=30))
    assert not {a["text"] for a in first} & {a["text"] for a in other}


def test_articles_vary_in_outlet_length_and_dating(corpus):
    sample = list(corpus.articles(seed=1, n=200))
    lengths = [len(a["text"]) for a in sample]
    assert max(lengths) > 3 * min(lengths)
    assert len({a["text"].split("\n\n")[0] for a in sample}) > 3
    with_field = sum("published" in a for a in sample)
    assert 20 < with_field < 120
    assert all(a["url"].startswith("https://example.org/news/1/") for a in sample)


def test_the_corpus_loads_with_events_of_every_kind(corpus, tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = corpus.write(tmp_path / "corpus.jsonl", 24, seed=3)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 24
    result = runner.invoke(cli, ["load", str(path), "--db", "chrono.db", "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    new, known, failed, events = map(int, re.match(SUMMARY, result.stdout).groups())
    assert (new, known, failed) == (24, 0, 0)
    assert events >= 24 * 2
    conn = sqlite3.connect(tmp_path / "chrono.db")
    try:
        kinds = {r[0] for r in conn.execute("SELECT DISTINCT kind FROM timeline")}
        dated = conn.execute("SELECT count(*) FROM articles WHERE published_basis = 'text'").fetchone()[0]
    finally:
        conn.close()
    assert kinds == {"meeting", "statement", "attack", "announcement"}
    assert dated >= 18
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"]


def test_the_neighbours_of_many_events_at_once_are_each_events_own(corpus, tmp_path, runner, monkeypatch):
    """incidents._neighbours_of (one statement for a batch's new events) finds for every event
    exactly what incidents._neighbours finds for it alone."""
    from chrono.events.projections import incidents

    monkeypatch.chdir(tmp_path)
    path = corpus.write(tmp_path / "corpus.jsonl", 300, seed=1)
    result = runner.invoke(cli, ["load", str(path), "--db", "chrono.db", "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    monkeypatch.setattr(incidents, "PROBES_AT_ONCE", 7)  # several statements, split anywhere
    conn = sqlite3.connect(tmp_path / "chrono.db")
    try:
        events = [incidents._event(r) for r in conn.execute(f"SELECT {incidents._ROW} FROM timeline ORDER BY id")]
        together = incidents._neighbours_of(conn, events)
        alone = {e.event_id: incidents._neighbours(conn, e) for e in events}
    finally:
        conn.close()
    assert {k: sorted(n.event_id for n in v) for k, v in together.items()} == {
        k: sorted(n.event_id for n in v) for k, v in alone.items()}
    assert sum(map(len, alone.values())) >= 10  # some events are reported twice

"""The extractor on the five seed articles, against the hand annotation
(tests/data/seeds_gold.yml), through chrono's own read, clean and
publication-date steps; scored as bench/extract.py scores it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.scoring import bench

ROOT = Path(__file__).resolve().parents[1]
GOLD = yaml.safe_load((ROOT / "tests" / "data" / "seeds_gold.yml").read_text(encoding="utf-8"))
SEED_NAMES = sorted(GOLD["seeds"])
FURNITURE_WORDS = ("مشاهدة", "تعليق", "التعليقات", "بريدك", "مقالات ذات صلة", "اظهر المزيد")


@pytest.fixture(scope="module")
def report():
    return bench.run(repeat=1)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_gold_anchors_are_unique_in_the_cleaned_seed(name):
    article, _ = bench.cleaned_in("seeds", name)
    for event in GOLD["seeds"][name]["events"]:
        for anchor in [event["anchor"], *event.get("also", [])]:
            assert 4 <= len(anchor.split()) <= 12, anchor
            start, end = bench.locate(article.text, anchor)
            assert 0 <= start < end <= len(article.text)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_publication_dates_are_the_annotated_ones(name):
    _, published = bench.cleaned_in("seeds", name)
    want = GOLD["seeds"][name]["published"]
    assert (published.isoformat() if published else None) == (str(want) if want else None)


def test_event_f1_on_the_seeds(report):
    assert report["overall"]["f1"] >= 0.85, report["misses"] + report["false_alarms"]


def test_matched_events_are_dated_correctly(report):
    assert report["dated_correctly"] >= 0.85, report["wrong_dates"]


def test_actors_of_matched_events_are_found(report):
    assert report["actors_found"] >= 0.85, report["wrong_actors"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_furniture_and_exact_evidence(name):
    from chrono.loaders.extract import extract

    article, published = bench.cleaned_in("seeds", name)
    events = extract(article.text, published=published, dateline=article.dateline,
                     title=article.title)
    assert events
    for event in events:
        assert article.text[event.evidence_start : event.evidence_end] == event.evidence
        assert not any(word in event.evidence for word in FURNITURE_WORDS), event.evidence
        assert event.summary
        if event.status == "happened" and published and event.date_latest:
            assert event.date_latest <= published.isoformat()


def test_unknown_publication_date_leaves_relative_dates_unresolved():
    from chrono.loaders.extract import extract

    article, published = bench.cleaned_in("seeds", "003_8cfad56f202bd9c1.txt")
    assert published is None
    events = extract(article.text, published=None, dateline=article.dateline, title=article.title)
    assert all(e.date_earliest is None and e.date_latest is None for e in events)
    assert all(e.date_precision == "unknown" for e in events)

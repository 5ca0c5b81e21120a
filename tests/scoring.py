"""Scoring helpers shared by the extractor's evaluation tests (seeds, unseen,
held-out, second held-out): bench/extract.py loaded as a module, and the checks
every annotated set runs (gold well-formed, scores above their floors, evidence
exact and happened events ending by publication)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from chrono.loaders.extract import extract

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("meeting", "statement", "attack", "announcement")


def _load_bench() -> ModuleType:
    if "bench_extract" in sys.modules:
        return sys.modules["bench_extract"]
    spec = importlib.util.spec_from_file_location("bench_extract", ROOT / "bench" / "extract.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def details(report: dict) -> dict[str, list[str]]:
    """What failed, by measure: the lines to show when a floor is not held."""
    return {"f1": report["misses"] + report["false_alarms"],
            "dated_correctly": report["wrong_dates"], "actors_found": report["wrong_actors"],
            "places_found": report["wrong_places"], "counts_found": report["wrong_counts"],
            "published_found": report["wrong_published"]}


def score_of(report: dict, name: str) -> float:
    """One score of a report: overall F1 or one of the shares."""
    return report["overall"]["f1"] if name == "f1" else report[name]


def check_gold(article, spec: dict, max_words: int = 8) -> None:
    """A gold article is well formed: known kinds and statuses, anchors found exactly once,
    dates unknown for an undated article and ordered otherwise."""
    for event in spec["events"]:
        assert event["kind"] in KINDS
        assert event.get("status", "happened") in ("happened", "planned")
        for anchor in [event["anchor"], *event.get("also", [])]:
            assert 4 <= len(anchor.split()) <= max_words, anchor
            bench.locate(article.text, anchor)  # exactly once, or ValueError
        earliest, latest, precision = event["date"]
        if spec.get("published", "") is None:
            assert (earliest, latest, precision) == (None, None, "unknown")
            continue
        assert latest is not None and precision in ("day", "week", "month", "year", "range")
        assert earliest is None or earliest <= latest


def check_evidence(article, published, require_events: bool = True) -> None:
    """Evidence is the exact text at its offsets; a happened event ends by publication, and
    without a publication date only absolute dates resolve."""
    events = extract(article.text, published=published, dateline=article.dateline,
                     title=article.title, outlet=article.outlet)
    if require_events:
        assert events
    for event in events:
        assert article.text[event.evidence_start : event.evidence_end] == event.evidence
        if published is None:
            expression = event.time_expression or ""
            assert event.date_latest is None or any(ch.isdigit() for ch in expression)
        elif event.status == "happened" and event.date_latest:
            assert event.date_latest <= published.isoformat()

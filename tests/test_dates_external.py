"""chrono's resolver against peer projects' Arabic time cases (../shared/external/).

The headline cases (86 ids in headline_ids.txt: day grain or coarser, not
depending on Duckling's forward default) must resolve to exactly their
`day_range` in at least 95% of cases, so a regression fails CI.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from chrono.loaders.arabic import fold
from chrono.loaders.dates import find_dates, resolve
from chrono.loaders.numbers import number_value

EXTERNAL = Path(__file__).resolve().parents[1].parent / "shared" / "external"


def _rows(name: str) -> list[dict]:
    with (EXTERNAL / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _headline() -> list[dict]:
    ids = set((EXTERNAL / "headline_ids.txt").read_text(encoding="utf-8").split())
    rows = _rows("duckling_ar_time.jsonl") + _rows("dateparser_ar.jsonl")
    return [row for row in rows if row["id"] in ids]


def _exact(row: dict, future: bool = False) -> bool:
    reference = date.fromisoformat(row["reference"][:10])
    found = resolve(row["text"], reference, prefer_future=future)
    if found is None or found.earliest is None:
        return False
    return [found.earliest.isoformat(), found.latest.isoformat()] == row["day_range"]


def test_headline_cases_at_least_95_percent():
    rows = _headline()
    assert len(rows) == 86
    missed = [row["text"] for row in rows if not _exact(row)]
    assert (len(rows) - len(missed)) / len(rows) >= 0.95, missed


@pytest.mark.parametrize("source", ["duckling-ar-time", "dateparser-ar"])
def test_each_file_headline_at_least_95_percent(source):
    rows = [row for row in _headline() if row["id"].startswith(source)]
    assert sum(_exact(row) for row in rows) / len(rows) >= 0.95


def test_forward_cases_with_prefer_future():
    rows = [r for r in _rows("duckling_ar_time.jsonl") if r["future_by_default"]
            and r["expected"]["grain"] in ("day", "week", "month", "year")]
    assert sum(_exact(row, future=True) for row in rows) / len(rows) >= 0.85


@pytest.mark.parametrize("text", ["حب", "اياب", "ابحث"])  # Duckling's negative corpus
def test_duckling_negative_cases(text):
    assert find_dates(text, date(2013, 2, 12)) == []


def test_number_and_ordinal_words():
    rows = [r for r in _rows("duckling_ar_numbers.jsonl")
            if r["dimension"] in ("numeral", "ordinal") and r["expected"]["value"] < 1000
            and isinstance(r["expected"]["value"], int)
            and not any(ch.isdigit() for ch in fold(r["text"]))]
    right = sum(number_value(fold(r["text"])) == r["expected"]["value"] for r in rows)
    assert right / len(rows) >= 0.95

"""The extractor on held-out articles (tests/data/heldout, gold in
tests/data/heldout_gold.yml): written and annotated before the extractor ever
ran on them, in the manner of outlets, years and date forms absent from the
seeds and the unseen set, and never used to write a rule. Scored as
bench/extract.py scores them. The floors are the scores reached after the
general fixes of extractor 0.3.0, less a small margin (the honest baseline
before them: F1 0.74, dates 0.83, actors 0.83, places 0.74, counts 0.67)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.scoring import KINDS, bench, check_evidence, check_gold, details, score_of

ROOT = Path(__file__).resolve().parents[1]
GOLD = yaml.safe_load((ROOT / "tests" / "data" / "heldout_gold.yml").read_text(encoding="utf-8"))
NAMES = sorted(GOLD["articles"])
# reached: F1 0.90 overall, dates 0.92, actors 0.88, places 0.75, counts 0.80, publication 0.93
FLOORS = {"f1": 0.86, "dated_correctly": 0.87, "actors_found": 0.83, "places_found": 0.70,
          "counts_found": 0.70, "published_found": 0.90}


@pytest.fixture(scope="module")
def report():
    return bench.run(repeat=1, which="heldout")


def test_the_set_is_large_and_varied():
    assert len(NAMES) == 15
    kinds = {e["kind"] for spec in GOLD["articles"].values() for e in spec["events"]}
    assert kinds == set(KINDS)
    years = {str(spec["published"])[:4] for spec in GOLD["articles"].values()
             if spec["published"]}
    assert len(years) >= 7
    assert any(spec["published"] is None for spec in GOLD["articles"].values())  # undated
    statuses = {e.get("status", "happened") for spec in GOLD["articles"].values()
                for e in spec["events"]}
    assert statuses == {"happened", "planned"}


@pytest.mark.parametrize("name", NAMES)
def test_gold_is_well_formed(name):
    article, _ = bench.cleaned_heldout(name)
    check_gold(article, GOLD["articles"][name])


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_heldout_scores_hold(report, measure):
    assert score_of(report, measure) >= FLOORS[measure], details(report)[measure]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_found(report, kind):
    assert report["per_kind"][kind]["f1"] >= 0.80, report["misses"] + report["false_alarms"]


@pytest.mark.parametrize("name", NAMES)
def test_evidence_is_exact_and_happened_events_end_by_publication(name):
    check_evidence(*bench.cleaned_heldout(name))

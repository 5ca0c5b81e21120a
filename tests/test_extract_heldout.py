"""The extractor on the held-out sets: articles written and annotated before the
extractor ever ran on them, in the manner of outlets, years and date forms absent
from the seeds and the unseen set, and never used to write a rule (their misses
were fixed through general mechanisms only). Scored as bench/extract.py scores them.

- heldout (tests/data/heldout, 15 articles): honest baseline of extractor 0.2.0
  F1 0.74, dates 0.83, actors 0.83, places 0.74, counts 0.67.
- heldout2 (tests/data/heldout2, 10 articles: a political crisis, a phone call
  and a deal, a drone strike with number words, sanctions, a prisoner handover,
  a summit, a claimed rocket attack, an Egyptian article with "أمس الأول", an
  interview, an opinion piece with no events of its own): honest baseline of
  0.3.0 F1 0.79, dates 0.58, actors 0.73, places 0.50, counts 0.75.
- heldout3 (tests/data/heldout3, 10 articles beyond Iraq: Aleppo raids with number
  words and two attacks joined by "كما", an Idlib strike and a Russian denial, an
  Al-Ahram visit with a Hijri masthead and a planned meeting, Macron in Beirut with a
  conditional threat, US-British strikes on the Houthis, a Gulf summit in Okaz with
  Hijri dates, Tunisia's 25 July with Maghrebi month names, an interview, an IMF deal,
  Iraq's 2025 election): honest baseline of 0.4.0 F1 0.80 (meeting 0.84, statement
  0.82, attack 0.71, announcement 0.75), dates 0.88, actors 0.63, places 0.60,
  counts 0.83.
- heldout4 (tests/data/heldout4, 10 articles from Yemen, Libya, Sudan, Jordan, Palestine,
  Kuwait, Morocco, Algeria, Qatar and Oman, 2012-2026: coalition raids in Saada with a
  Hijri date, the Tripoli offensive, Kiir in Khartoum, Jordan's fuel protests with
  "أمس الأول", Shujaiya, the Kuwait reconstruction conference, Guerguerat with "نونبر", the
  Algiers Declaration with "جويلية", the Doha-mediated Gaza ceasefire, Yemeni talks in
  Muscat): honest baseline of 0.4.3 F1 0.74 (meeting 0.86, statement 0.70, attack 0.73,
  announcement 0.61), dates 0.87, actors 0.43, places 0.23, counts 0.60.
- heldout5 (tests/data/heldout5, 10 articles from outlets new to the sets, 2011-2024 and one
  undated: RT Arabic on Turkey's Claw-Tiger in Kurdistan, Independent Arabia on Baghdad's
  protests with number words, SANA on the Albukamal-Qaim crossing with Levantine months, Al-Rai
  on Maliki at the White House with a Hijri masthead, Al-Bayan on the Houthi attack on Abu Dhabi,
  Mosaique FM on Sousse with "جوان", Al-Forat on the Baghdad-Erbil oil deal, Euronews on the
  Revolutionary Guard's strikes on Erbil, an undated Nas News drone attack on Ain al-Asad,
  TRT Arabic on Erdogan in Baghdad): honest baseline of 0.4.3 F1 0.85 (meeting 0.84,
  statement 0.87, attack 0.89, announcement 0.75), dates 0.74, actors 0.80, places 0.82,
  counts 0.92.
- heldout6 (tests/data/heldout6, 8 articles on the core topic from outlets absent from the
  other sets: Shafaq, Rudaw, Alsumaria, Independent Arabia, Asharq Al-Awsat, Baghdad Today,
  an undated Al-Mada report, RT Arabic; 2016-2024): honest baseline of 0.4.3 F1 0.82
  (meeting 0.94, statement 0.79, attack 0.83, announcement 0.50), dates 0.81, actors 0.90,
  places 0.55, counts 1.00. The fixes made on the other sets took it to 0.84 before any rule
  was written from it; it has informed rules since.
- heldout7 (tests/data/heldout7, 10 articles from outlets, countries and years absent from
  the other sets, 2013-2023: Al-Akhbar on the Arsal battle with an Eastern Arabic numeral
  masthead and "ليل الأحد الاثنين", Al-Masry Al-Youm on the Rafah attack with "خمسة وعشرون",
  Zaman al-Wasl on the Douma market raids with "قبل يومين", Al-Taghyeer on the Jeddah truce,
  Al-Watan (Bahrain) on the GCC ministers with a Hijri masthead and a planned summit, Al-Ghad
  Press on the 2018 Iraqi election turnout, BasNews on the Kurdistan referendum, Al-Masdar
  Online on Taiz with "بين الثالث والخامس من الشهر الجاري", a Rai al-Youm opinion piece with
  no events of its own, an undated Elnashra report from Baabda): honest baseline of 0.4.4 F1
  0.82 (meeting 0.93, statement 0.79, attack 0.84, announcement 0.60), dates 0.77, actors
  0.73, places 0.68, counts 0.90. It was used to find classes of failures after that.

The floors are the scores reached since, less a small margin; heldout5's and heldout6's stay
their honest baselines', less a small margin (both were used to find classes of failures
after that baseline; the scores they reached since are noted beside their floors).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.scoring import KINDS, bench, check_evidence, check_gold, details, score_of

DATA = Path(__file__).resolve().parent / "data"
SETS = {
    # reached: F1 0.94, dates 0.96, actors 0.94, places 0.83, counts 0.87, publication 1.00
    "heldout": {"articles": 15, "years": 7, "floors": {
        "f1": 0.86, "dated_correctly": 0.87, "actors_found": 0.83, "places_found": 0.70,
        "counts_found": 0.70, "published_found": 0.90}},
    # reached: F1 0.94, dates 0.85, actors 0.91, places 0.69, counts 1.00, publication 1.00
    "heldout2": {"articles": 10, "years": 6, "floors": {
        "f1": 0.88, "dated_correctly": 0.74, "actors_found": 0.83, "places_found": 0.60,
        "counts_found": 0.90, "published_found": 0.95}},
    # reached: F1 0.92, dates 0.93, actors 0.84, places 0.82, counts 0.88, publication 1.00
    "heldout3": {"articles": 10, "years": 10, "floors": {
        "f1": 0.86, "dated_correctly": 0.88, "actors_found": 0.75, "places_found": 0.68,
        "counts_found": 0.80, "published_found": 0.95}},
    # honest baseline (extractor 0.4.3): F1 0.74, dates 0.87, actors 0.43, places 0.23,
    # counts 0.60, publication 1.00; per kind meeting 0.86, statement 0.70, attack 0.73,
    # announcement 0.61. Reached (0.4.4): F1 0.94 (meeting 0.94, statement 0.93, attack
    # 0.96, announcement 0.92), dates 0.95, actors 0.72, places 0.73, counts 0.93.
    "heldout4": {"articles": 10, "years": 10, "floors": {
        "f1": 0.89, "dated_correctly": 0.90, "actors_found": 0.67, "places_found": 0.68,
        "counts_found": 0.85, "published_found": 0.95},
        "kind_floors": {"meeting": 0.89, "statement": 0.88, "attack": 0.90, "announcement": 0.86}},
    # honest baseline (extractor 0.4.3): F1 0.85, dates 0.74, actors 0.80, places 0.82,
    # counts 0.92, publication 1.00; per kind meeting 0.84, statement 0.87, attack 0.89,
    # announcement 0.75. Floors: that baseline less a small margin. Reached (0.4.4): F1 0.96
    # (meeting 0.93, statement 0.99, attack 0.97, announcement 0.95), dates 0.85, actors 0.95,
    # places 0.83, counts 0.93.
    "heldout5": {"articles": 10, "years": 7, "floors": {
        "f1": 0.81, "dated_correctly": 0.70, "actors_found": 0.75, "places_found": 0.77,
        "counts_found": 0.87, "published_found": 0.95},
        "kind_floors": {"meeting": 0.79, "statement": 0.82, "attack": 0.84, "announcement": 0.70}},
    # honest baseline (extractor 0.4.3): F1 0.82, dates 0.81, actors 0.90, places 0.55,
    # counts 1.00, publication 1.00; per kind meeting 0.94, statement 0.79, attack 0.83,
    # announcement 0.50. Kept out of rule writing: it measures whether fixes generalise.
    "heldout6": {"articles": 8, "years": 6, "floors": {
        "f1": 0.77, "dated_correctly": 0.75, "actors_found": 0.84, "places_found": 0.45,
        "counts_found": 0.90, "published_found": 0.95},
        "kind_floors": {"meeting": 0.85, "statement": 0.70, "attack": 0.75, "announcement": 0.40}},
    # honest baseline (extractor 0.4.4): F1 0.82, dates 0.77, actors 0.73, places 0.68,
    # counts 0.90, publication 1.00; per kind meeting 0.93, statement 0.79, attack 0.84,
    # announcement 0.60. Reached (0.4.4, its classes fixed): F1 0.99 (meeting 1.00,
    # statement 1.00, attack 1.00, announcement 0.92), dates 0.79, actors 0.91, places 0.88,
    # counts 1.00.
    "heldout7": {"articles": 10, "years": 9, "floors": {
        "f1": 0.95, "dated_correctly": 0.74, "actors_found": 0.84, "places_found": 0.82,
        "counts_found": 0.95, "published_found": 0.95},
        "kind_floors": {"meeting": 0.95, "statement": 0.95, "attack": 0.95, "announcement": 0.85}},
}
KIND_FLOOR = 0.80  # per-kind F1 a set must reach unless it names its own kind_floors
GOLD = {name: yaml.safe_load((DATA / f"{name}_gold.yml").read_text(encoding="utf-8")) for name in SETS}
ARTICLES = [(which, name) for which in SETS for name in sorted(GOLD[which]["articles"])]


@pytest.fixture(scope="module")
def reports():
    return {which: bench.run(repeat=1, which=which) for which in SETS}


@pytest.mark.parametrize("which", SETS)
def test_the_set_is_large_and_varied(which):
    articles = GOLD[which]["articles"].values()
    assert len(articles) == SETS[which]["articles"]
    assert {e["kind"] for spec in articles for e in spec["events"]} == set(KINDS)
    years = {str(spec["published"])[:4] for spec in articles if spec["published"]}
    assert len(years) >= SETS[which]["years"]


def test_the_sets_hold_undated_planned_and_eventless_articles():
    heldout, heldout2 = GOLD["heldout"]["articles"].values(), GOLD["heldout2"]["articles"].values()
    assert any(spec["published"] is None for spec in heldout)
    assert {e.get("status", "happened") for spec in heldout for e in spec["events"]} == {"happened", "planned"}
    # an article of background and comment only: nothing it reports is required
    assert any(all(e.get("optional") for e in spec["events"]) for spec in heldout2)


@pytest.mark.parametrize("which, name", ARTICLES)
def test_gold_is_well_formed(which, name):
    article, _ = bench.cleaned_in(which, name)
    check_gold(article, GOLD[which]["articles"][name])


@pytest.mark.parametrize("which, measure", [(w, m) for w in SETS for m in sorted(SETS[w]["floors"])])
def test_scores_hold(reports, which, measure):
    assert score_of(reports[which], measure) >= SETS[which]["floors"][measure], details(reports[which])[measure]


@pytest.mark.parametrize("which, kind", [(w, k) for w in SETS for k in KINDS])
def test_every_kind_is_found(reports, which, kind):
    report = reports[which]
    floor = SETS[which].get("kind_floors", {}).get(kind, KIND_FLOOR)
    assert report["per_kind"][kind]["f1"] >= floor, report["misses"] + report["false_alarms"]


@pytest.mark.parametrize("which, name", ARTICLES)
def test_evidence_is_exact_and_happened_events_end_by_publication(which, name):
    spec = GOLD[which]["articles"][name]
    check_evidence(*bench.cleaned_in(which, name), require_events=any(not e.get("optional") for e in spec["events"]))

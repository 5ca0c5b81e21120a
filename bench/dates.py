"""Score chrono's date resolver and dateparser side by side, and time both.

    .venv/bin/python bench/dates.py [--quick]

Reads ../shared/external/ (Duckling's and dateparser's Arabic time cases; see its
README for the scoring rules) and ../shared/seeds/ (whole articles, for timing).
A case is *parsed* when a date comes back, *day-exact* when its first day is the
first day of `day_range`, *in-range* when that day falls inside `day_range`, and
*exact* when earliest..latest equals `day_range` (chrono's headline criterion;
dateparser returns a point, so it is exact only on one-day cases).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import warnings
from datetime import date, datetime
from pathlib import Path

from chrono.loaders.dates import find_dates, resolve

ROOT = Path(__file__).resolve().parents[1].parent / "shared"
EXTERNAL = ROOT / "external"
SEEDS = ROOT / "seeds"
DATE_GRAINS = {"day", "week", "month", "year"}


def load_cases() -> dict[str, list[dict]]:
    headline = set((EXTERNAL / "headline_ids.txt").read_text(encoding="utf-8").split())
    files = {}
    for name in ("duckling_ar_time", "dateparser_ar"):
        with (EXTERNAL / f"{name}.jsonl").open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        for row in rows:
            row["headline"] = row["id"] in headline
        files[name] = rows
    return files


def reference_of(row: dict) -> datetime:
    return datetime.fromisoformat(row["reference"]).replace(tzinfo=None)


def chrono_answer(row: dict, future: bool) -> tuple[date, date] | None:
    found = resolve(row["text"], reference_of(row).date(), prefer_future=future)
    if found is None or found.earliest is None:
        return None
    return found.earliest, found.latest


def dateparser_answer(row: dict, future: bool) -> tuple[date, date] | None:
    import dateparser

    settings = {k: v for k, v in (row.get("settings") or {}).items() if k != "RELATIVE_BASE"}
    settings.update({"RELATIVE_BASE": reference_of(row), "TIMEZONE": "UTC",
                     "PREFER_DATES_FROM": "future" if future else "past"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = dateparser.parse(row["text"], languages=["ar"], settings=settings)
    return None if got is None else (got.date(), got.date())


def score(rows: list[dict], answers: dict[str, tuple[date, date] | None]) -> dict[str, int]:
    counts = {"cases": len(rows), "parsed": 0, "day-exact": 0, "in-range": 0, "exact": 0}
    for row in rows:
        got = answers[row["id"]]
        if got is None:
            continue
        first, last = (date.fromisoformat(d) for d in row["day_range"])
        counts["parsed"] += 1
        counts["day-exact"] += got[0] == first
        counts["in-range"] += first <= got[0] <= last
        counts["exact"] += got == (first, last)
    return counts


def subsets(files: dict[str, list[dict]]) -> list[tuple[str, list[dict], bool]]:
    duck, dp = files["duckling_ar_time"], files["dateparser_ar"]
    return [
        ("HEADLINE (86)", [r for r in duck + dp if r["headline"]], False),
        ("duckling: headline", [r for r in duck if r["headline"]], False),
        ("duckling: all", duck, False),
        ("duckling: date grain", [r for r in duck if _grain(r) in DATE_GRAINS], False),
        ("duckling: not future_by_default", [r for r in duck if not r["future_by_default"]],
         False),
        ("duckling: future_by_default, forward", [r for r in duck if r["future_by_default"]],
         True),
        ("duckling: time of day", [r for r in duck if _grain(r) not in DATE_GRAINS], False),
        ("dateparser: headline", [r for r in dp if r["headline"]], False),
        ("dateparser: all", dp, False),
        ("dateparser: non-Hijri", [r for r in dp if r.get("calendar") != "hijri"], False),
    ]


def _grain(row: dict) -> str:
    return row["expected"]["grain"]


def accuracy_table(files: dict[str, list[dict]]) -> list[str]:
    everything = files["duckling_ar_time"] + files["dateparser_ar"]
    answers = {}
    for system, answer in (("chrono", chrono_answer), ("dateparser", dateparser_answer)):
        for future in (False, True):
            answers[system, future] = {r["id"]: answer(r, future) for r in everything}
    lines = [f"{'subset':40} {'system':10} {'cases':>5} {'parsed':>6} {'day-exact':>9} "
             f"{'in-range':>8} {'exact':>5}"]
    for label, rows, future in subsets(files):
        for system in ("chrono", "dateparser"):
            c = score(rows, answers[system, future])
            pct = 100 * c["exact"] / c["cases"] if c["cases"] else 0
            lines.append(f"{label:40} {system:10} {c['cases']:5} {c['parsed']:6} "
                         f"{c['day-exact']:9} {c['in-range']:8} {c['exact']:5}  ({pct:.0f}% exact)")
    return lines


def _ms(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def timing_table(quick: bool) -> list[str]:
    """Fastest ms per article of each system, as each reads a stream of articles: a round
    is one pass of each system over every article, one call an article (so no call reads the
    text the call before it read, and each system's own code is as warm as in a loader), the
    two passes alternating so machine load hits both, with the garbage collector off (as
    timeit does). The fastest of many rounds is the figure this noisy machine moves least.
    The ratio is per article; its median over the articles is the headline."""
    from dateparser.search import search_dates

    articles = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    reference = date(2021, 7, 26)
    rounds = 5 if quick else 30
    mine: list[list[float]] = [[] for _ in articles]
    other: list[list[float]] = [[] for _ in articles]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        find_dates(articles[0], reference)  # build the grammar outside the timing
        search_dates(articles[0], languages=["ar"])
        gc.disable()
        try:
            for _ in range(rounds):
                for i, text in enumerate(articles):
                    mine[i].append(_ms(lambda t=text: find_dates(t, reference)))
                for i, text in enumerate(articles):
                    other[i].append(_ms(lambda t=text: search_dates(t, languages=["ar"])))
        finally:
            gc.enable()
    lines = [f"{'article chars':>13} {'chrono ms':>10} {'dateparser ms':>14} {'ratio':>7}"]
    ratios = []
    for text, ours, theirs in zip(articles, mine, other, strict=True):
        ratios.append(min(theirs) / min(ours))
        lines.append(f"{len(text):13} {min(ours):10.2f} {min(theirs):14.1f} {ratios[-1]:6.0f}x")
    lines.append(f"{'median ratio':>13} {'':10} {'':14} {statistics.median(ratios):6.0f}x")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer timing repeats")
    args = parser.parse_args(argv)
    files = load_cases()
    print("Accuracy (chrono: resolve(); dateparser 1.5: parse(languages=['ar']), past unless "
          "the row says forward)")
    print("\n".join(accuracy_table(files)))
    print()
    print("Time per whole seed article: chrono find_dates vs dateparser search_dates")
    print("\n".join(timing_table(args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

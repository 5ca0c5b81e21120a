"""A synthetic corpus for scale work: Arabic news-style articles, reproducible from a seed.

    .venv/bin/python bench/corpus.py OUT.jsonl [--articles 10000] [--seed 1]

Articles vary in publication date (2020-2024), outlet, byline, actors, places,
event kinds, time expressions and length (2 to 12 paragraphs); a share has no
publication date at all (for the inference of undated articles), a share gives
it only in the jsonl `published` field. Article i depends only on (seed, i),
so the first 10,000 of a 100,000 corpus are the 10,000 corpus. Templates are
in corpus.yml beside this file.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).with_name("corpus.yml")
FIRST_DAY = date(2020, 1, 1)
DAYS = 5 * 365
KINDS = ("meeting", "statement", "attack", "announcement")
UNDATED_SHARE = 0.08
PUBLISHED_FIELD_SHARE = 0.3


@cache
def templates() -> dict[str, Any]:
    return yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))


def _when(rng: random.Random, t: dict, published: date) -> str:
    roll = rng.random()
    if roll < 0.45:
        day, forms = published, t["when_same_day"]
    elif roll < 0.9:
        day, forms = published - timedelta(days=rng.randint(1, 20)), t["when_past"]
    else:
        day, forms = published + timedelta(days=rng.randint(1, 20)), t["when_future"]
    months = t["months_levant"] if rng.random() < 0.6 else t["months_gregorian"]
    return rng.choice(forms).format(
        weekday=t["weekdays"][day.weekday()], d=day.day, month=months[day.month - 1], y=day.year
    )


def _fill(rng: random.Random, t: dict, template: str, published: date) -> str:
    a, b = rng.sample(t["actors"], 2)
    return template.format(
        a=a["name"], a_title=a["title"], b=b["name"], b_title=b["title"],
        city=rng.choice(t["cities"]), place=rng.choice(t["places"]), outlet=rng.choice(t["outlets"]),
        org=rng.choice(t["organisations"]), topic=rng.choice(t["topics"]),
        n=rng.randint(2, 40), m=rng.randint(2, 60), when=_when(rng, t, published) if "{when}" in template else "",
    )


def article(seed: int, i: int) -> dict[str, Any]:
    """Article i of the corpus of `seed`: a jsonl record (url, title, published or absent, text)."""
    rng = random.Random(f"{seed}:{i}")
    t = templates()
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    outlet, city = rng.choice(t["outlets"]), rng.choice(t["cities"])
    undated = rng.random() < UNDATED_SHARE
    in_field = not undated and rng.random() < PUBLISHED_FIELD_SHARE
    title = _fill(rng, t, rng.choice(t["headlines"]), published)
    lines = [rng.choice(t["furniture"]), title]
    if not undated and not in_field:
        hh, mi = rng.randint(0, 23), rng.randint(0, 59)
        lines.append(rng.choice(t["stamps"]).format(
            d=published.day, dd=f"{published.day:02d}", mm=f"{published.month:02d}", y=published.year,
            hh=f"{hh:02d}", mi=f"{mi:02d}",
        ))
    lines.append(rng.choice(t["views"]).format(n=rng.randint(20, 9000)))
    lines.append(rng.choice(t["bylines"]).format(outlet=outlet, city=city))
    for _ in range(rng.randint(2, 12)):
        kind = rng.choice(KINDS) if rng.random() < 0.7 else "background"
        lines.append(_fill(rng, t, rng.choice(t[kind]), published))
    record: dict[str, Any] = {"url": f"https://example.org/news/{seed}/{i}", "title": title}
    if in_field:
        record["published"] = published.isoformat()
    record["text"] = "\n\n".join(line for line in lines if line)
    return record


def articles(seed: int, n: int, start: int = 0) -> Iterator[dict[str, Any]]:
    for i in range(start, start + n):
        yield article(seed, i)


def write(path: str | Path, n: int, seed: int = 1, start: int = 0) -> Path:
    """Write articles start..start+n of the corpus of `seed` as jsonl; return the path."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as f:
        for record in articles(seed, n, start):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0)
    args = parser.parse_args()
    write(args.out, args.articles, args.seed, args.start)


if __name__ == "__main__":
    main()

"""Dump what find_dates returns on many texts, to check a speed change alters nothing.

    .venv/bin/python bench/dates_identity.py OUT.txt [--articles 3000]

The texts: every seed article (../shared/seeds), every article under tests/data,
the texts of tests/data/sentences.yml and of the external cases
(../shared/external), each line of those articles on its own (short texts take
the scanner's cached path), and the synthetic corpus of bench/corpus.py. Each is
read against several references, with None, and forwards; OUT gets the repr()
of every result, one line per call. Run it before and after a change and compare
the two files byte for byte (`cmp`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (bench/corpus.py, beside this file)

from chrono.loaders.dates import find_dates  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCES = (None, date(2021, 7, 26), date(2015, 1, 1), date(2024, 12, 31))


def _strings(node) -> Iterator[str]:
    """Every string value in a YAML document under a `text` key."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def texts(n_articles: int) -> Iterator[str]:
    articles = [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("seeds/*.txt"))]
    articles += [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("tests/data/**/*.txt"))]
    yield from articles
    for line in (line for text in articles for line in text.splitlines()):
        if line.strip():
            yield line
    sentences = yaml.safe_load((REPO / "tests/data/sentences.yml").read_text(encoding="utf-8"))
    yield from _strings(sentences)
    for path in sorted(SHARED.glob("external/*.jsonl")):
        with path.open(encoding="utf-8") as f:
            yield from (json.loads(line)["text"] for line in f if line.strip())
    yield from (record["text"] for record in corpus.articles(1, n_articles))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    calls = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for text in texts(args.articles):
            for reference in REFERENCES:
                out.write(repr(find_dates(text, reference)) + "\n")
                calls += 1
            out.write(repr(find_dates(text, REFERENCES[1], prefer_future=True)) + "\n")
            calls += 1
    print(f"{calls} calls written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Arabic number words: cardinals, ordinals and dialect teens, read into integers.

The words live in `data/numbers.yml`. `number_value` reads a folded phrase such as
"الثالث والعشرين" or "ثلاثة" (23, 3); `number_words` lists the words the date
grammar embeds to find such phrases. "آخر"/"الأخير" read as -1 (last).
"""

from __future__ import annotations

from functools import cache

import yaml

from chrono.loaders import DATA_DIR
from chrono.loaders.arabic import fold

DATA = DATA_DIR / "numbers.yml"
LAST = -1


@cache
def _table() -> dict[str, tuple[str, int]]:
    """Folded word (without ال) -> (kind, value)."""
    with DATA.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    table: dict[str, tuple[str, int]] = {}
    for kind in ("cardinals", "teens", "tens", "hundreds", "thousands", "ordinals"):
        for value, forms in raw[kind].items():
            for form in forms:
                table.setdefault(fold(form), (kind, int(value)))
    for form in raw["thousands_plural"]:
        table[fold(form)] = ("thousands_plural", 1000)
    for form in raw["last"]:
        table[fold(form)] = ("last", LAST)
    return table


def ordinal_words() -> tuple[str, ...]:
    """The folded ordinal words of the first ten ("ثالث", "خامسة"), without "ال"."""
    return tuple(w for w, (kind, _) in _table().items() if kind == "ordinals")


def number_words() -> tuple[str, ...]:
    """Every folded number word (without "ال"), for the date grammar to embed."""
    return tuple(_table())


def _strip(word: str) -> str:
    if word.startswith("و") and word[1:] in _table() or word.startswith("وال"):
        word = word[1:]
    if word.startswith("ال") and word[2:] in _table():
        word = word[2:]
    return word


def number_value(phrase: str) -> int | None:
    """The integer a folded phrase of number words stands for, or None if it is not one.

    "الثالث عشر" -> 13, "السادس والعشرين" -> 26, "ثلاثمائة وخمسين" -> 350, "آخر" -> -1.
    """
    table = _table()
    total = 0
    current = 0
    seen = False
    for raw in phrase.split():
        word = _strip(raw)
        if word == "و":
            continue
        entry = table.get(word)
        if entry is None:
            return None
        kind, value = entry
        seen = True
        if kind == "last":
            return LAST
        if kind == "cardinals" and value == 10 and 0 < current < 10:
            current += 10  # the teen suffix: "ثلاثة عشر", "الثالث عشر"
        elif kind in ("cardinals", "ordinals") and value < 10 and current % 10:
            return None  # "الثالث والخامس": two days (a range), not one number
        elif kind == "thousands_plural":
            total += max(current, 1) * 1000
            current = 0
        elif kind == "thousands":
            total += current * value if current else value
            current = 0
        else:
            current += value
    return total + current if seen else None

"""Casualty counts of an attack: "أسفر عن 36 قتيلا على الأقل و62 جريحا".

A count is a number (digits or number words, read by `chrono.loaders.numbers`)
next to a killed or wounded word of `data/casualties.yml`, before it
("36 قتيلا") or after it ("مقتل 5 أشخاص"); dual nouns count two, and "أودى
بحياة" a single victim unless a number follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from chrono.loaders import DATA_DIR
from chrono.loaders.arabic import fold
from chrono.loaders.extract.triggers import Token
from chrono.loaders.numbers import number_value

CASUALTIES_FILE = DATA_DIR / "casualties.yml"
REACH = 5  # words between a number and its noun, fillers included ("مقتل ما لا يقل عن عشرين")
NOUN_REACH = 2  # more words walking back over the counted noun ("25 محتجا على الأقل قد قتلوا")


@dataclass(frozen=True)
class Words:
    killed: frozenset[str]
    wounded: frozenset[str]
    death_phrases: frozenset[str]
    fillers: frozenset[str]
    dual: frozenset[str]
    leading: frozenset[str]
    dual_nouns: frozenset[str]
    singular_victims: frozenset[str]


@cache
def words() -> Words:
    with CASUALTIES_FILE.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return Words(**{key: frozenset(fold(w) for w in raw[key]) for key in Words.__annotations__})


def _bare(word: str) -> str:
    """Without the conjunction and the preposition written onto it ("وبمقتل" -> مقتل)."""
    if word.startswith(("و", "ف")) and len(word) > 2:
        word = word[1:]
    if word.startswith(("ب", "ل")) and len(word) > 4 and word[1:] in _casualty_words():
        word = word[1:]
    return word


@cache
def _casualty_words() -> frozenset[str]:
    w = words()
    return w.killed | w.wounded


def victim_words() -> frozenset[str]:
    """The killed and wounded words (folded): "قتلوا", "أصيب" ..."""
    return _casualty_words()


def _number(word: str) -> int | None:
    word = _bare(word)
    if word.isascii() and word.isdigit():  # not "²" or "①", which int() refuses
        return int(word)
    return number_value(word)


def _count(toks: list[Token], i: int, step: int) -> int | None:
    """A number within REACH words of toks[i], walking by `step`, over fillers only."""
    fillers = words().fillers
    j = i + step
    noun = False
    for _ in range(REACH + (NOUN_REACH if step < 0 else 0)):
        if j < 0 or j >= len(toks):
            return None
        value = _number(toks[j].word)
        if value is not None and value > 0:
            return _longer(toks, j, step, value)
        word = _bare(toks[j].word)
        if word not in fillers:
            # "وكان 25 محتجا على الأقل قد قتلوا": one counted noun between, walking back
            if step > 0 or noun or not (word.endswith("ا") and len(word) > 3):
                return None
            noun = True
        j += step
    return None


def _longer(toks: list[Token], j: int, step: int, value: int) -> int:
    """A number written in several words ("خمسة عشر", "ثلاثة وعشرين"): the whole phrase."""
    best = value
    for size in (2, 3):
        lo, hi = (j, j + size) if step > 0 else (j - size + 1, j + 1)
        if lo < 0 or hi > len(toks):
            break
        longer = number_value(" ".join(_bare(t.word) for t in toks[lo:hi]))
        if longer is not None and longer > best:
            best = longer
    return best


def _dual(toks: list[Token], i: int) -> int | None:
    """"قتل جنديان", "إصابة شخصين": a dual noun right after the word counts two."""
    if i + 1 < len(toks):
        word = _bare(toks[i + 1].word)
        if word in words().dual_nouns or (word.endswith("ان") and len(word) > 4
                                          and word not in words().fillers):
            return 2
    return None


def _single(toks: list[Token], i: int) -> int | None:
    """"مقتل قائد فيلق القدس", "إصابة جندي": one person named by a singular noun."""
    if i + 1 < len(toks) and _bare(toks[i + 1].word) in words().singular_victims:
        return 1
    return None


def casualties(toks: list[Token]) -> tuple[int | None, int | None]:
    """(killed, wounded) stated in a run of tokens, None where not stated."""
    w = words()
    killed: int | None = None
    wounded: int | None = None
    single: int | None = None
    for i, tok in enumerate(toks):
        word = _bare(tok.word)
        if word in w.killed or word in w.wounded:
            if word in w.dual:
                value: int | None = 2
            elif word in w.leading:
                value = _count(toks, i, +1) or _count(toks, i, -1) or _dual(toks, i)
                if value is None and word in w.killed and single is None:
                    single = _single(toks, i)  # only if no count follows
            else:
                value = _count(toks, i, -1) or _count(toks, i, +1)
            if value is None:
                continue
            if word in w.killed and killed is None:
                killed = value
            elif word in w.wounded and wounded is None:
                wounded = value
        elif word in w.death_phrases and killed is None:
            killed = _count(toks, i, +1) or 1
    return (killed if killed is not None else single), wounded

"""People the gazetteer does not know yet, found by the title before their name.

"المتحدث باسم وزارة الخارجية أحمد الصحاف": an office or a title (titles.yml),
maybe what it is the title of ("القيادي في" + a group), then up to a few words
that look like a name. After a strong title (a rank, an honorific) any such
words will do; after a weak one (an office, "النائب") the name must begin with
a known given name, because "رئيس الوزراء يبحث ..." is as common as a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from chrono.loaders.arabic import fold
from chrono.loaders.gazetteer.model import Entity, Mention
from chrono.loaders.gazetteer.romanise import romanise

if TYPE_CHECKING:
    from chrono.loaders.gazetteer.gazetteer import Gazetteer

_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0670\u0640]+")
_GAP = re.compile(r"[\s،,:]*")  # what may stand between a title and a name
_SPACE = re.compile(r" ?")  # between the words of a name
CONNECTORS = {"عبد", "ابو", "بن", "ال", "ام", "بنت"}  # a name does not end on these
COMPLEMENT_KINDS = {"organisation", "group", "country", "place", "office"}
COMPLEMENT_WORDS = 4  # an unknown complement of a title ("مديرية الأمن العام") runs at most this long


@cache
def _lexicon(gazetteer: Gazetteer) -> tuple[frozenset[str], frozenset[str], frozenset[str], int]:
    titles = gazetteer.data.titles
    stop = frozenset(fold(w) for w in titles["stop_words"])
    given = frozenset(fold(w) for w in titles["given_names_ar"] + titles["given_names_foreign"])
    joiners = frozenset(fold(w) for w in titles["joiners"])
    return stop, given, joiners, int(titles["max_name_words"])


@cache
def _complement_heads(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(fold(w) for w in gazetteer.data.titles["complement_heads"])


@cache
def _printed_names(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(gazetteer.data.titles["names_not_stop_words"])


def titled_people(gazetteer: Gazetteer, text: str, mentions: list[Mention] | None = None,
                  titles: list[tuple[int, int, str]] | None = None) -> list[Mention]:
    """`mentions` and `titles`, when given, are the text's gazetteer mentions and title spans."""
    if mentions is None:
        mentions = gazetteer.mentions(text)
    if titles is None:
        titles = gazetteer.title_spans(text)
    starts = {m.start: m for m in mentions}
    covered = bytearray(len(text) + 1)
    for m in mentions:
        # a body's name inside a title ("عضو مجلس النواب") leaves the title a title
        if m.entity.kind not in ("organisation", "group"):
            covered[m.start:m.end] = b"\1" * (m.end - m.start)
    anchors = [(m.end, "weak", m.entity.country) for m in mentions if m.entity.kind == "office"]
    anchors += [
        (end, strength, None)
        for start, end, strength in titles
        if not any(covered[start:end])
    ]
    found: dict[int, Mention] = {}
    for end, strength, country in sorted(anchors):
        mention = _name_after(gazetteer, text, end, strength == "strong", country, starts)
        if mention is not None:
            found.setdefault(mention.start, mention)
    return [found[k] for k in sorted(found)]


def _name_after(
    gazetteer: Gazetteer, text: str, pos: int, strong: bool, country: str | None,
    starts: dict[int, Mention],
) -> Mention | None:
    stop, given, joiners, max_words = _lexicon(gazetteer)
    names = _printed_names(gazetteer)
    pos = _GAP.match(text, pos).end()
    for _ in range(2):  # the title's complement: "القيادي في" + "كتائب حزب الله"
        word = _WORD.match(text, pos)
        if word and fold(word.group()) in joiners:
            after = _GAP.match(text, word.end()).end()
            if after in starts and starts[after].entity.kind in COMPLEMENT_KINDS:
                pos = _GAP.match(text, starts[after].end).end()
                continue
        if pos in starts and starts[pos].entity.kind in COMPLEMENT_KINDS:
            pos = _GAP.match(text, starts[pos].end).end()
            continue
        break
    words = _name_words(text, pos, strong, starts, stop, given, max_words, names)
    if len(words) < 2:
        # "عضو المفوضية علي البياتي", "الناطق باسم مديرية الدفاع المدني محمد ...": a title's
        # complement the gazetteer does not know (definite words, or a body's head in
        # construct), then a name that begins with a known given name
        after = _unknown_complement(text, pos, starts, given, joiners, _complement_heads(gazetteer))
        if after is not None:
            words = _name_words(text, after, False, starts, stop, given, max_words, names)
    if len(words) < 2:
        return None
    start, end = words[0].start(), words[-1].end()
    name_ar = " ".join(_plain(w.group()) for w in words)
    key = " ".join(fold(name_ar).split())
    entity = Entity(id=f"unknown:{key}", kind="person", name=romanise(name_ar),
                    name_ar=name_ar, country=country)
    return Mention(entity=entity, start=start, end=end, surface=text[start:end])


def _unknown_complement(text: str, pos: int, starts: dict[int, Mention], given: frozenset[str],
                        joiners: frozenset[str], heads: frozenset[str]) -> int | None:
    """Where the name begins after an unknown complement of a title that starts at `pos`
    (at most COMPLEMENT_WORDS words, a joiner first if any), or None."""
    count = 0
    word = _WORD.match(text, pos)
    if word and fold(word.group()) in joiners:
        pos = _GAP.match(text, word.end()).end()
    while True:
        name = _WORD.match(text, pos)
        first = fold(_plain(name.group())) if name else ""
        if count and pos not in starts and (first in given or _compound_given(first)):
            return pos
        if count >= COMPLEMENT_WORDS:
            return None
        if count and pos in starts:  # "للصندوق الكويتي للتنمية": a country's adjective inside
            pos = _GAP.match(text, starts[pos].end).end()
            count += 1
            continue
        word = _WORD.match(text, pos)
        if word is None or pos in starts:
            return None
        folded = fold(_plain(word.group()))
        if count and folded in joiners:
            # "مسؤول الدفاع المدني في ريف دمشق عبد الرحمن الخطيب": the unknown body, then
            # where it serves (a known place or body) before the name
            after = _GAP.match(text, word.end()).end()
            if after in starts and starts[after].entity.kind in COMPLEMENT_KINDS:
                pos = _GAP.match(text, starts[after].end).end()
                count += 1
                continue
            return None
        if not (folded.startswith(("ال", "لل")) or (count == 0 and folded in heads)):
            return None
        count += 1
        gap = _GAP.match(text, word.end())
        if any(ch in gap.group() for ch in "،,:"):
            return None
        pos = gap.end()


def _name_words(text: str, pos: int, strong: bool, starts: dict[int, Mention],
                stop: frozenset[str], given: frozenset[str], max_words: int,
                names: frozenset[str]) -> list[re.Match[str]]:
    words: list[re.Match[str]] = []
    while len(words) < max_words:
        if words:
            gap = _SPACE.match(text, pos)
            if gap.end() == pos or pos in starts:  # no space, or a known entity begins
                break
            pos = gap.end()
        word = _WORD.match(text, pos)
        if word is None or pos in starts:
            break
        printed = _plain(word.group())
        if printed in names:  # "علي" the name, which folds like "على" (on)
            stop = stop - {fold(printed)}
        if not _fits(fold(printed), len(words), words, strong, stop, given):
            break
        words.append(word)
        pos = word.end()
    while words and fold(_plain(words[-1].group())) in CONNECTORS:
        words.pop()
    return words


def _fits(word: str, index: int, words: list[re.Match[str]], strong: bool,
          stop: frozenset[str], given: frozenset[str]) -> bool:
    if word in stop or len(word) < 2 and word not in CONNECTORS:
        return False
    if index == 0:
        return not word.startswith("ال") and (strong or word in given or _compound_given(word))
    previous = fold(_plain(words[-1].group()))
    if previous in CONNECTORS:
        return True
    if word.startswith(("و", "ف")) and word not in given:  # "وقال", "فيما"
        return False
    return index == 1 or word.startswith("ال") or word in given or word in CONNECTORS


def _compound_given(word: str) -> bool:
    """"عبدالوهاب", "عبدالسلام": a given name written as one word with عبد."""
    return word.startswith("عبد") and len(word) > 5


def _plain(word: str) -> str:
    """A word without tashkeel or tatweel."""
    return "".join(c for c in word if unicodedata.category(c) != "Mn" and c != "\u0640")

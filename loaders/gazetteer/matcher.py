"""One Aho-Corasick automaton over every folded surface form.

Matching runs on the folded text (hamza, ى/ي, ة/ه, tashkeel folded), keeps whole
words only, lets the clitics of settings.yml precede a name ("وبغداد",
"للعراق"), prefers the longest of overlapping matches and maps each match back
to the printed text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

import ahocorasick

from chrono.loaders.arabic import fold, fold_with_offsets

Folded = tuple[str, Callable[[int], int]]  # what fold_with_offsets returns


def fold_key(surface: str) -> str:
    """The folded, space-normalised form a surface is matched by."""
    return " ".join(fold(surface).split())


class Matcher:
    """Find surfaces (folded keys) in text; each key carries a value."""

    def __init__(self, keys: dict[str, object], clitics: Iterable[str]):
        self._automaton = ahocorasick.Automaton()
        for key, value in keys.items():
            self._automaton.add_word(key, (len(key), value))
            if key.startswith("ال") and len(key) > 3:  # ل + ال -> لل ("للعراق"), as long
                self._automaton.add_word("لل" + key[2:], (len(key), value))
        self._automaton.make_automaton()
        self._clitics = frozenset(clitics)
        self._max_clitic = max((len(c) for c in self._clitics), default=0)

    def find(self, text: str, folded: Folded | None = None) -> list[tuple[int, int, object]]:
        """Non-overlapping (start, end, value) in `text` offsets, longest first, in text order.

        `folded`: `fold_with_offsets(text)`, when the caller matches the text more than once.
        """
        folded, offsets = folded or fold_with_offsets(text)
        n = len(folded)
        found = []
        for last, (length, value) in self._automaton.iter(folded):
            end = last + 1
            if end < n and folded[end].isalnum():  # most hits end inside a longer word
                continue
            start = end - length
            if start and folded[start - 1].isalnum() and not self._after_clitic(folded, start):
                continue
            found.append((start, end, value))
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        taken: list[tuple[int, int, object]] = []
        used = bytearray(n + 1)
        for start, end, value in found:
            if any(used[start:end]):
                continue
            used[start:end] = b"\1" * (end - start)
            taken.append((start, end, value))
        taken.sort(key=lambda m: m[0])
        return [(offsets(s), _end_offset(text, offsets, e), v) for s, e, v in taken]

    def _after_clitic(self, folded: str, start: int) -> bool:
        """Whether the letters glued before `start` are clitics ("و", "وب", ...)."""
        word_start = start - 1
        while word_start > 0 and folded[word_start - 1].isalnum():
            word_start -= 1
            if start - word_start > self._max_clitic:
                return False
        return folded[word_start:start] in self._clitics


def _end_offset(text: str, offsets: Callable[[int], int], end: int) -> int:
    """The end of a match in `text`: after its last letter and that letter's marks."""
    stop = offsets(end - 1) + 1
    while stop < len(text) and (text[stop] == "\u0640" or unicodedata.category(text[stop]) == "Mn"):
        stop += 1
    return stop

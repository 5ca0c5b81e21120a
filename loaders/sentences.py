"""Sentences and clauses of a cleaned article, with exact offsets.

A sentence ends at . ! ? ؟ … (followed by a space or the end of the line; ".."
is a pause in Arabic web text, not an end) and
at every line break; never inside quoted words, unless the quote is still
open when its paragraph ends (then the quote mark is a stray and is ignored).
Quote marks are paired as they come: Arabic pages mix “ ” ″ and " freely and
even open with ” ("مضيفا:” العراقيون ... ”"), so each of them toggles, while
« » nest. Clauses split a sentence that reports several events at markers
listed in data/clauses.yml ("، فيما", "؛").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import yaml

from chrono.loaders import DATA_DIR

CLAUSES_FILE = DATA_DIR / "clauses.yml"

TOGGLE_QUOTES = '"“”″„'
OPEN_QUOTE, CLOSE_QUOTE = "«", "»"
CLOSERS = set(TOGGLE_QUOTES + CLOSE_QUOTE + ")]’'")
_STOP_RUN = re.compile(r"[.!?؟…]+")
_QUOTE = re.compile(f"[{re.escape(TOGGLE_QUOTES + OPEN_QUOTE + CLOSE_QUOTE)}]")
_LETTER = re.compile(r"\w")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str  # == source[start:end], without surrounding whitespace


def _span(text: str, start: int, end: int) -> Span | None:
    """The span of text[start:end] with surrounding whitespace trimmed, if any is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if start < end else None


class _Quotes:
    """The quotes of text[start:end] that close within it (toggles pair as they
    come, « » nest); an unclosed quote mark is ignored."""

    def __init__(self, text: str, start: int, end: int) -> None:
        regions: list[tuple[int, int]] = []
        toggle: int | None = None
        guillemets: list[int] = []
        for m in _QUOTE.finditer(text, start, end):
            i, ch = m.start(), m.group()
            if ch == OPEN_QUOTE:
                guillemets.append(i)
            elif ch == CLOSE_QUOTE:
                if guillemets:
                    regions.append((guillemets.pop(), i))
            elif toggle is None:
                toggle = i
            else:
                regions.append((toggle, i))
                toggle = None
        self.closes = {b for _, b in regions}
        merged: list[list[int]] = []
        for a, b in sorted(regions):
            if merged and a < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def inside(self, pos: int) -> bool:
        """Is `pos` strictly between a quote's opening and closing marks?"""
        k = bisect_right(self._starts, pos - 1) - 1
        return k >= 0 and pos < self._ends[k]


def _full_stop(text: str, i: int, start: int) -> bool:
    """A lone "." at i ends a sentence: not a decimal point (2.5), not after a
    one-letter abbreviation (د. / أ.ف.ب)."""
    if i + 1 < len(text) and text[i + 1].isdigit() and i > start and text[i - 1].isdigit():
        return False
    j = i
    while j > start and _LETTER.match(text[j - 1]):
        j -= 1
    word = text[j:i]
    return not (len(word) == 1 and not word.isdigit())


def _paragraph_sentences(text: str, start: int, end: int) -> list[Span]:
    quotes = _Quotes(text, start, end)
    out: list[Span] = []
    begin = start
    for m in _STOP_RUN.finditer(text, start, end):
        i, j = m.span()
        if i < begin:
            continue
        run = m.group()
        if run == ".." or (run == "." and not _full_stop(text, i, start)):
            continue  # in Arabic web text ".." is a pause, not an end
        if quotes.inside(i):
            # a stop just before its quote closes ends the sentence: “... البلدين.” وأضاف
            k = j
            while k < end and text[k].isspace():
                k += 1
            if k >= end or k not in quotes.closes:
                continue
            j = k + 1
        while j < end and text[j] in CLOSERS and not quotes.inside(j):
            j += 1
        if j < end and not text[j].isspace():
            continue
        span = _span(text, begin, j)
        if span:
            out.append(span)
        begin = j
    span = _span(text, begin, end)
    if span:
        out.append(span)
    return out


def sentences(text: str) -> list[Span]:
    """The sentences of `text`, in order; none crosses a line break."""
    out: list[Span] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line and not line.isspace():
            out.extend(_paragraph_sentences(text, start, end))
        start = end + 1
    return out


@cache
def _clause_rules() -> tuple[re.Pattern[str], int]:
    data = yaml.safe_load(CLAUSES_FILE.read_text(encoding="utf-8"))

    def words(items: list[str]) -> str:
        return "|".join(
            r"\s+".join(map(re.escape, w.split())) for w in sorted(items, key=len, reverse=True)
        )

    guard = rf"(?!\w)(?!\s+(?:{words(data['not_before'])})(?!\w))"
    marks = "".join(re.escape(m) for m in data["marks"])
    pattern = (
        rf"(?P<comma>[،,]\s*)(?=(?:{words(data['after_comma'])}){guard})"
        rf"|(?<=\s)(?=(?:{words(data['anywhere'])}){guard})"
        rf"|(?P<mark>\s*[{marks}]\s*)"
    )
    return re.compile(pattern), int(data["min_words"])


def clauses(sentence: Span) -> list[Span]:
    """The clauses of a sentence (offsets into the same text as the sentence).

    Splits at the markers of data/clauses.yml outside quotes, and only where
    both sides keep at least `min_words` words; a sentence with no such split
    is one clause, itself.
    """
    pattern, min_words = _clause_rules()
    text = sentence.text
    quotes = _Quotes(text, 0, len(text))
    cuts: list[tuple[int, int]] = []  # (end of the clause before, start of the next)
    for m in pattern.finditer(text):
        if quotes.inside(m.start()):
            continue
        cuts.append((m.start(), m.end()))
    pieces: list[tuple[int, int]] = []
    begin = 0
    for before_end, next_start in cuts:
        if len(text[begin:before_end].split()) < min_words:
            continue
        if len(text[next_start:].split()) < min_words:
            break
        pieces.append((begin, before_end))
        begin = next_start
    pieces.append((begin, len(text)))
    out = []
    for a, b in pieces:
        span = _span(text, a, b)
        if span:
            out.append(Span(sentence.start + span.start, sentence.start + span.end, span.text))
    return out or [sentence]

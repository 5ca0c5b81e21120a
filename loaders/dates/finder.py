"""Arabic time expressions: find them, resolve them against a reference date.

`find_dates` folds the text (`arabic.fold`), finds the anchor words every
expression holds (month names, weekdays, relative days, units, numbers), tries
the forms of `date_grammar` (regexes built from `data/dates.yml`) at the few word
starts just before each anchor, and maps every match back to the words as
printed. `date_rules` and `durations` say what each form means (ANNOTATION.md,
"Dates"). With no reference date, relative expressions stay unresolved: nothing is
ever resolved against the clock. `publication_date` finds an article's reference
from its page furniture.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import filterfalse

import regex

from chrono.loaders.arabic import TASHKEEL, fold, fold_with_offsets
from chrono.loaders.dates import durations as durations
from chrono.loaders.dates import rules as rules
from chrono.loaders.dates.grammar import (
    DIGITS,
    FORMS,
    anchor_words,
    first_forms,
    form_patterns,
)

PRECISIONS = ("day", "week", "month", "year", "range", "unknown")

Rule = Callable[[regex.Match, rules.Context], "rules.Reading | None"]
RULES: dict[str, Rule] = {
    "numeric_dmy": rules.numeric,
    "numeric_ymd": rules.numeric,
    "numeric_my": rules.numeric_my,
    "day_range": rules.day_range,
    "month_day_range": rules.day_range,
    "nth_weekday": rules.nth_weekday,
    "nth_unit": rules.nth_unit,
    "unit_nth": rules.nth_unit,
    "daymonth": rules.daymonth,
    "holiday": rules.holiday,
    "part": rules.part,
    "monthyear": rules.monthyear,
    "night_pair": rules.night_pair,
    "weekday_week": rules.weekday_week,
    "weekday_mod": rules.weekday_mod,
    "relday": rules.relday,
    "weekday": rules.weekday,
    "ago": durations.ago,
    "later": durations.later,
    "span": durations.span,
    "window": durations.window,
    "rel_period": rules.rel_period,
    "year": rules.year,
    "month_alone": rules.month_alone,
}
assert set(RULES) == set(FORMS)

FUTURE_WORDS = re.compile(fold(
    r"(?<!\w)(?:غدا?|الغد|بكرة|بكرا|(?:القادم|المقبل|التالي|الجاي|الآتي)\w*)(?!\w)"
    r"|^بعد\s+(?!ظهر)|^خلال\s+(?!ال)"))
RANGE_JOIN = re.compile(fold(r"\s*(?:-|–|و?\s*(?:إلى|حتى|لغاية)|و)\s*"))
RANGE_OPEN = re.compile(r"(?:^|\s)(?:من|بين)\s*$")


@dataclass(frozen=True)
class TimeExpression:
    text: str  # the words exactly as printed in the input
    start: int  # offsets of `text` in the input string
    end: int
    earliest: date | None  # None when unresolved (e.g. relative with no reference)
    latest: date | None
    precision: str  # "day" | "week" | "month" | "year" | "range" | "unknown"
    relative: bool  # True when it depends on the reference date
    confidence: float  # 1.0; lower when e.g. a named weekday disagrees with the computed day
    direction: str  # "past" | "present" | "future"


def _as_date(reference: date | None) -> date | None:
    if isinstance(reference, datetime):
        return reference.date()
    return reference


def _read(form: str, m: regex.Match, reference: date | None,
          prefer_future: bool) -> rules.Reading | None:
    ctx = rules.Context(reference, prefer_future)
    try:
        reading = RULES[form](m, ctx)
    except rules.NeedsReference:
        return rules.UNRESOLVED
    except (ValueError, OverflowError, KeyError, TypeError):
        return None
    return reading


def _direction(reading: rules.Reading, reference: date | None, words: str) -> str:
    if reading.direction is not None:
        return reading.direction
    if reference is None or reading.earliest is None or reading.latest is None:
        return "future" if FUTURE_WORDS.search(words) else "past"
    if reading.latest < reference:
        return "past"
    return "future" if reading.earliest > reference else "present"


LOOK_BACK = 4  # words an expression may start before its anchor ("منذ ما يقرب من شهرين")
WORDS_BACK = regex.compile(rf"(?:(\w+)\W*){{1,{LOOK_BACK}}}", regex.REVERSE)  # matched from the end
CLITICS = frozenset("وفبل")
LEAD_CLITICS = "وف"  # before a lead word ("وفي", "فمنذ")
PUNCTUATION = "،,.:;()[]{}\"'“”‘’«»!؟?-–—/٪%…*#|"
REACH = 60  # characters searched back from an anchor for the words before it


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _may_be_date(token: str) -> bool:
    """A number can be a day or month (up to 31) or a year; "3084" or "2500" alone cannot.
    (A count before a unit, "منذ 21 يوما", is found from the unit word.)"""
    if not token.isdecimal():
        return True
    return int(token) <= 31 or len(token) == 4 and token[:2] in ("13", "14", "19", "20")


@lru_cache(maxsize=1)
def _anchor_forms() -> frozenset[str]:
    """The anchor words, bare and behind one clitic ("وأمس", "فالخميس")."""
    anchors = anchor_words()
    return anchors | frozenset(c + a for a in anchors for c in CLITICS)


@lru_cache(maxsize=1)
def _lead_forms() -> frozenset[str]:
    """The words a form can start at, bare and behind a clitic ("وفي")."""
    first = first_forms()
    return frozenset(first) | frozenset(c + w for w in first for c in LEAD_CLITICS)


def _bounded(folded: str, word: str) -> Iterator[tuple[int, int]]:
    """Spans of `word` wherever it stands between non-word characters."""
    at = folded.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not _is_word_char(folded[at - 1])) and (
                end == len(folded) or not _is_word_char(folded[end])):
            yield at, end
        at = folded.find(word, end)


def _is_whole(spaced: str, at: int, end: int) -> bool:
    """Whether spaced[at:end] is a word of spaced.split(), not part of one."""
    return (at == 0 or spaced[at - 1].isspace()) and (end == len(spaced) or spaced[end].isspace())


def _spaced(folded: str) -> str:
    """`folded` with punctuation as spaces ("PM:12:36:26/07/2021", "الخميس،": words
    apart), at C speed; as long as `folded`, so offsets hold."""
    spaced = folded
    for ch in PUNCTUATION:
        if ch in spaced:
            spaced = spaced.replace(ch, " ")
    return spaced


def _anchors(folded: str, spaced: str) -> list[tuple[int, int]]:
    """Spans of anchor words and numbers, in order.

    The words split and filtered at C speed (each pass over every word costs, so
    there are two: anchor words, and words that are not letters only), then each
    anchor word is found with str.find from the one before: no loop over every
    word, no search of the whole text per word.
    """
    words = spaced.split()
    forms = _anchor_forms()
    named = list(filter(forms.__contains__, words))  # the anchor words, in order
    signs = list(filterfalse(str.isalpha, words))  # numbers, and words with other signs in
    numbers = [w for w in signs if any(map(str.isdigit, w)) and _may_be_date(w)
               and w not in forms]
    hits = set(named).union(numbers)
    # a word with a sign in it ("@2021", "A+") may hold an anchor the split does not
    # give: those anchors are found wherever they stand between non-word characters
    odd = [w for w in signs if not w.isalnum()]
    inside = {w for o in odd for w in hits if w in o}
    anchors = [span for word in inside for span in _bounded(folded, word)]
    for in_order in (named, numbers):
        at = 0
        for word in filterfalse(inside.__contains__, in_order):
            at = spaced.find(word, at)
            while not _is_whole(spaced, at, at + len(word)):
                at = spaced.find(word, at + 1)
            anchors.append((at, at + len(word)))
            at += len(word)
    return sorted(anchors)


def _is_plain(word: str) -> bool:
    """Letters or digits only: a regex \\w run (a test checks every character)."""
    return word.isalpha() or word.isdecimal()


def _back_words(folded: str, spaced: str, reach: int, at: int) -> list[tuple[int, str]]:
    """(start, word) of the last LOOK_BACK words from `reach` to `at`, in order; none
    when no form can start at any of them (most anchors)."""
    around = spaced[reach:at].rsplit(None, LOOK_BACK)[-LOOK_BACK:]
    letters = all(map(str.isalpha, around))
    if letters and _lead_forms().isdisjoint(around):
        return []  # the answer below (these are its words), at C speed
    if letters or all(map(_is_plain, around)):
        # letters and digits only: these are the words WORDS_BACK would give (its \w+
        # runs), so they are placed with str.rfind, at C speed
        before = []  # the nearest first
        start = at
        for word in reversed(around):
            start = spaced.rfind(word, reach, start)
            before.append((start, word))
    else:
        m = WORDS_BACK.match(folded, reach, at)
        if m is None:
            return []
        words = m.captures(1)
        if "".join(words).isalpha() and _lead_forms().isdisjoint(words):
            return []  # letters only (no number to try the DIGITS forms at) and no lead word
        before = list(zip(m.starts(1), words, strict=True))  # the nearest first
    if before[-1][0] == reach and reach > 0 and _is_word_char(folded[reach - 1]):
        before.pop()  # a word the window cut
    return before[::-1]


@lru_cache(maxsize=1)
def _tries() -> dict[str, tuple[tuple[str, Callable[..., regex.Match | None]], ...]]:
    """`first_forms` with each form's compiled `match` beside its name."""
    singles = form_patterns()
    return {lead: tuple((form, singles[form].match) for form in forms)
            for lead, forms in first_forms().items()}


def _starts(folded: str, found: Callable[[], int] = lambda: 0):
    """(position, (form, match) to try there): lead words at most LOOK_BACK words before
    an anchor.

    `found()` is where the expressions found so far end: an anchor before it is
    not searched, as all its places would be passed over.
    """
    first = _tries()
    done = -1  # the last position handed out
    spaced = _spaced(folded)
    for at, end in _anchors(folded, spaced):
        if end <= done:
            continue
        if end <= found():
            done = max(done, at)  # what searching it would leave: the next anchors see the same
            continue
        reach = max(done + 1, at - REACH)
        for start, lead in _back_words(folded, spaced, reach, at) + [(at, folded[at:end])]:
            if start <= done:
                continue
            done = start
            forms = first.get(lead) or (first[DIGITS] if not lead.isalpha() else None)
            if forms:
                yield start, forms
            if lead[0] in LEAD_CLITICS and len(lead) > 1 and (forms := first.get(lead[1:])):
                yield start + 1, forms


def _matched(folded: str, pos: int, tries) -> Iterator[tuple[str, regex.Match]]:
    """The forms that match at `pos`, in the order they are tried."""
    for form, match in tries:
        m = match(folded, pos)
        if m is not None and m.end() > m.start():
            yield form, m


SHORT = 80  # a phrase this short is matched once for every reference it is read against


@lru_cache(maxsize=4096)
def _matched_everywhere(folded: str) -> tuple:
    return tuple((pos, tuple(_matched(folded, pos, tries))) for pos, tries in _starts(folded))


def _scan(folded: str, reference: date | None, prefer_future: bool):
    """(start, end, reading) of every expression in the folded text, left to right.

    Matching does not depend on the reference, reading does: a short phrase (the
    inference of publication dates reads one expression against a month of
    references) is matched once; an article lazily, skipping what a found
    expression covers.
    """
    end = 0
    if len(folded) <= SHORT:
        places = _matched_everywhere(folded)
    else:
        places = ((pos, _matched(folded, pos, tries))
                  for pos, tries in _starts(folded, lambda: end))
    for pos, matches in places:
        if pos < end:
            continue
        for form, m in matches:
            reading = _read(form, m, reference, prefer_future)
            if reading is not None:
                yield m.start(), m.end(), reading
                end = m.end()
                break


def _original_span(text: str, offset: Callable[[int], int], start: int,
                   end: int) -> tuple[int, int]:
    begin, stop = offset(start), offset(end - 1) + 1
    while stop < len(text) and (text[stop] in TASHKEEL or text[stop] == "\u0640"):
        stop += 1
    return begin, stop


def find_dates(text: str, reference: date | None, *,
               prefer_future: bool = False) -> list[TimeExpression]:
    """Every time expression in `text`, in order, non-overlapping, longest first.

    Relative expressions resolve against `reference` (the publication date); with
    None they come back with `earliest`/`latest` None and precision "unknown".
    `prefer_future` reads a bare weekday or a yearless date forwards (Duckling's
    convention) instead of as the latest one on or before the reference.
    """
    if not text:
        return []
    reference = _as_date(reference)
    folded, offsets = fold_with_offsets(text)
    found = []
    for start, end, reading in _scan(folded, reference, prefer_future):
        begin, stop = _original_span(text, offsets, start, end)
        found.append(TimeExpression(
            text=text[begin:stop], start=begin, end=stop,
            earliest=reading.earliest, latest=reading.latest,
            precision=reading.precision if reading.earliest else "unknown",
            relative=reading.relative, confidence=reading.confidence,
            direction=_direction(reading, reference, folded[start:end]),
        ))
    return _join_ranges(text, found, reference)


def _with_year(expr: TimeExpression, year: int, reference: date | None) -> TimeExpression:
    """A yearless start of a range read in the year its end names ("من 5 تموز إلى 7 آب 2021")."""
    again = find_dates(f"{expr.text} {year}", reference)
    if len(again) == 1 and again[0].earliest and again[0].end > len(expr.text):
        return replace(expr, earliest=again[0].earliest, latest=again[0].latest)
    return expr


def _join_ranges(text: str, found: list[TimeExpression],
                 reference: date | None) -> list[TimeExpression]:
    """"من 5 تموز إلى 7 آب", "بين ... و ...": two expressions become one range."""
    out: list[TimeExpression] = []
    for expr in found:
        prev = out[-1] if out else None
        joined = (prev is not None and expr.latest and expr.start - prev.end <= 12
                  and RANGE_JOIN.fullmatch(fold(text[prev.end:expr.start])))
        if joined and prev.relative and (prev.earliest is None or prev.earliest > expr.latest):
            prev = _with_year(prev, expr.latest.year, reference)
        if joined and prev.earliest and prev.earliest <= expr.latest:
            opener = RANGE_OPEN.search(fold(text[max(0, prev.start - 8):prev.start]))
            if opener is not None:
                start = max(0, prev.start - 8) + opener.start()
                start += len(text[start:prev.start]) - len(text[start:prev.start].lstrip())
                out[-1] = replace(
                    prev, text=text[start:expr.end], start=start, end=expr.end,
                    latest=expr.latest, precision="range",
                    relative=prev.relative or expr.relative,
                    confidence=min(prev.confidence, expr.confidence))
                continue
        out.append(expr)
    return out


def resolve(text: str, reference: date | None, *,
            prefer_future: bool = False) -> TimeExpression | None:
    """The first time expression of a short phrase (what `chrono when` prints).

    A phrase that is only a duration ("3 أيام", "1 عام, 1 شهر") reads as that long
    ago, with lower confidence: a freshness label on a page.
    """
    found = find_dates(text, reference, prefer_future=prefer_future)
    if found:
        return found[0]
    stripped = text.strip()
    if not stripped:
        return None
    prefix = "منذ "
    shifted = find_dates(prefix + stripped, reference, prefer_future=prefer_future)
    if len(shifted) == 1 and shifted[0].start == 0 and shifted[0].end >= len(prefix) + len(
            stripped.rstrip(".،, ")):
        lead = text.index(stripped)
        expr = shifted[0]
        end = lead + expr.end - len(prefix)
        return replace(expr, text=text[lead:end], start=lead, end=end,
                       confidence=min(expr.confidence, 0.6))
    return None


ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
TOP_OF_BODY = 1200  # characters of the body in which a parenthesised date counts as the dateline
RELATIVE_LEAD = re.compile(fold(r"(اليوم|أمس|الأمس|البارحة)\s*(?:\w+\s*)?[(\[]\s*$"))


def _absolute_day(expr: TimeExpression) -> bool:
    return not expr.relative and expr.precision == "day" and expr.earliest is not None


def _from_hint(hint: str) -> TimeExpression | None:
    hint = hint.strip()
    day = None
    iso = ISO_DAY.search(hint)
    if iso is not None:
        try:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            day = None
    if day is None:
        try:
            day = email.utils.parsedate_to_datetime(hint).date()  # RSS: "Mon, 26 Jul 2021 ..."
        except (TypeError, ValueError, IndexError, OverflowError):
            day = None
    if day is None:
        found = [e for e in find_dates(hint, None) if _absolute_day(e)]
        return found[0] if found else None
    return TimeExpression(hint, 0, len(hint), day, day, "day", False, 1.0, "past")


def publication_date(furniture: Sequence[str], text: str,
                     hint: str | None = None) -> TimeExpression | None:
    """The article's publication date, or None when the page prints none.

    In order: the `hint` (a published value from the input: ISO, RSS date, or Arabic);
    the first full date on a furniture line ("PM:12:36:26/07/2021", "9-01-2024, 17:11");
    a parenthesised date near the top of the body ("(26 تموز 2021)", "اليوم الثلاثاء
    (9 كانون الثاني 2024)"; "أمس ... (date)" gives the day after). The result's offsets
    point into the hint, the furniture line or the body it was read from.
    """
    if hint:
        found = _from_hint(hint)
        if found is not None:
            return found
    for line in furniture:
        for expr in find_dates(line or "", None):
            if _absolute_day(expr):
                return expr
    top = (text or "")[:TOP_OF_BODY]
    for expr in find_dates(top, None):
        if not _absolute_day(expr):
            continue
        before = fold(top[max(0, expr.start - 40):expr.start])
        after = top[expr.end:expr.end + 2].lstrip()
        if not (before.rstrip().endswith(("(", "[")) or after.startswith((")", "]"))):
            continue
        lead = RELATIVE_LEAD.search(before)
        if lead is not None and lead.group(1) != fold("اليوم"):
            day = expr.earliest + timedelta(days=1)  # "أمس الخميس (date)": published a day later
            return replace(expr, earliest=day, latest=day, confidence=0.9)
        return replace(expr, confidence=0.9 if lead is None else 1.0)
    return None

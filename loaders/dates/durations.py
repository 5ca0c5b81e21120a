"""Durations counted from the reference date: "منذ ثلاثة أيام", "قبل نحو 10 سنوات",
"بعد أسبوعين", "الأسابيع الثلاثة القادمة", "خلال الأشهر الماضية", "خلال أسبوعين".

Per ANNOTATION.md: a count of days or weeks back is that day ("منذ أسبوع" = R-7); a
count of months or years is that month or year; an approximate count ("نحو", "حوالي")
widens the result by one unit either way ("قبل نحو 10 سنوات" = the year R-10 plus or
minus one). A plural with no count ("منذ أيام") is a range of a few units.
"""

from __future__ import annotations

from datetime import date, timedelta

import regex

from chrono.loaders.dates import calendars as cal
from chrono.loaders.dates.grammar import lexicon
from chrono.loaders.dates.rules import Context, Reading, _number, _offset, _reading

COARSE = {"day": "day", "week": "day", "hour": "day", "minute": "day",
          "month": "month", "year": "year", "decade": "year"}
FINENESS = ["minute", "hour", "day", "week", "month", "year", "decade"]


def _move(day: date, unit: str, count: int) -> date | None:
    """`day` moved by `count` units (negative: back)."""
    if unit in ("hour", "minute"):
        per_day = 24 if unit == "hour" else 24 * 60
        return day + timedelta(days=int(count / per_day))
    if unit in ("day", "week"):
        return day + timedelta(days=count * (7 if unit == "week" else 1))
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    return cal.add_months(day, months)


def _unit_span(day: date, unit: str) -> cal.Span | None:
    grain = COARSE[unit]
    if grain == "month":
        return cal.month_span(day.year, day.month)
    if grain == "year":
        return cal.year_span(day.year)
    return day, day


def _terms(m: regex.Match) -> list[tuple[int | None, str]]:
    """(count, unit) pairs of a duration, in order ("1 عام, 1 شهر" -> [(1, year), (1, month)])."""
    units = lexicon().units
    counts = list(zip(m.starts("count"), m.captures("count"), strict=True))
    terms = []
    previous_end = -1
    for start, end, word in zip(m.starts("unit"), m.ends("unit"), m.captures("unit"),
                                strict=True):
        unit, implied = units[" ".join(word.split())]
        count = implied
        for count_start, text in counts:
            if previous_end <= count_start < start:
                count = _number(text)
        terms.append((count, unit))
        previous_end = end
    return terms


def _counted(m: regex.Match, ctx: Context, sign: int) -> Reading | None:
    terms = _terms(m)
    if not terms or any(count == 0 for count, _ in terms):
        return None
    ref = ctx.ref()
    direction = "past" if sign < 0 else "future"
    finest = min((unit for _, unit in terms), key=FINENESS.index)
    if any(count is None for count, _ in terms):  # "منذ أيام": a few units back
        if len(terms) > 1:
            return None
        few = lexicon().plural_default_count
        near, far = _move(ref, finest, sign * 2), _move(ref, finest, sign * 2 * few)
        if near is None or far is None:
            return None
        span = (min(near, far), max(near, far))
        ctx.confidence = min(ctx.confidence, 0.6)
        return _reading(span, "range", ctx, direction=direction)
    target: date | None = ref
    for count, unit in terms:
        target = _move(target, unit, sign * count) if target else None
    if target is None:
        return None
    if m.group("approx") is not None:
        low, high = _move(target, finest, -1), _move(target, finest, 1)
        low_span = _unit_span(low, finest) if low else None
        high_span = _unit_span(high, finest) if high else None
        if low_span is None or high_span is None:
            return None
        return _reading((low_span[0], high_span[1]), "range", ctx, direction=direction)
    return _reading(_unit_span(target, finest), COARSE[finest], ctx, direction=direction)


def ago(m: regex.Match, ctx: Context) -> Reading | None:
    return _counted(m, ctx, -1)


def later(m: regex.Match, ctx: Context) -> Reading | None:
    return _counted(m, ctx, 1)


def _calendar_units(ref: date, unit: str, first: int, last: int) -> cal.Span | None:
    """Whole calendar units `first`..`last` away from the one holding `ref` (0 = it)."""
    if unit == "week":
        monday = cal.week_span(ref)[0]
        return monday + timedelta(weeks=first), monday + timedelta(weeks=last, days=6)
    if unit in ("month", "year", "decade"):
        step = {"month": 1, "year": 12, "decade": 120}[unit]
        a = cal.month_span(*cal.shift_months(ref.year, ref.month if step == 1 else 1, first * step))
        b = cal.month_span(*cal.shift_months(ref.year, ref.month if step == 1 else 12,
                                             last * step))
        return (a[0], b[1]) if a and b else None
    return ref + timedelta(days=first), ref + timedelta(days=last)


def span(m: regex.Match, ctx: Context) -> Reading | None:
    """"الأيام الثلاثة الماضية", "الأسابيع الثلاثة القادمة", "خلال الأشهر الماضية"."""
    (count, unit), = _terms(m)
    explicit = _number(m.group("count")) if m.group("count") else None
    count = explicit or count
    offset = _offset(m.group("smod"))
    ref = ctx.ref()
    if unit in ("hour", "minute"):
        return _reading((ref, ref), "day", ctx)
    if count is None:
        count = lexicon().plural_default_count
        ctx.confidence = min(ctx.confidence, 0.8)
        if offset <= 0:
            whole = _calendar_units(ref, unit, -count, -1)
            return _reading((whole[0], ref) if whole else None, "range", ctx, direction="past")
    if offset > 0:
        return _reading(_calendar_units(ref, unit, 1, count), "range", ctx, direction="future")
    return _reading(_calendar_units(ref, unit, -count, -1), "range", ctx, direction="past")


def window(m: regex.Match, ctx: Context) -> Reading | None:
    """"خلال أسبوعين": from the reference to the end of the count of units."""
    (count, unit), = _terms(m)
    if m.group("count"):
        count = _number(m.group("count"))
    if count is None:
        count = lexicon().plural_default_count
    if not count or unit in ("hour", "minute"):
        return None
    ref = ctx.ref()
    end = _move(ref, unit, count)
    if end is None:
        return None
    return _reading((ref, end - timedelta(days=1)), "range", ctx, direction="future")

"""What a matched time expression means: the rules of ANNOTATION.md ("Dates").

`interpret(form, match, reference, prefer_future)` turns one match of the date
grammar into a `Reading` (an interval, its precision, whether it hangs on the
reference date), `UNRESOLVED` when it needs a reference that is not known, or None
when the words are not a date after all (an ambiguous month name on its own, 31
February). News points backwards: a bare weekday or a yearless date is the latest
one on or before the reference unless `prefer_future` (Duckling's convention).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import regex

from chrono.loaders.dates import calendars as cal
from chrono.loaders.dates.grammar import lexicon
from chrono.loaders.numbers import LAST, number_value

MISMATCH = 0.5  # confidence when a named weekday disagrees with the computed day


@dataclass(frozen=True)
class Reading:
    earliest: date | None
    latest: date | None
    precision: str
    relative: bool
    confidence: float = 1.0
    direction: str | None = None  # from the words ("غدا", "المقبل"); else from the interval


UNRESOLVED = Reading(None, None, "unknown", True)


class NeedsReference(Exception):
    """A relative expression met an unknown reference date."""


@dataclass
class Context:
    reference: date | None
    future: bool
    relative: bool = False
    confidence: float = 1.0

    def ref(self) -> date:
        self.relative = True
        if self.reference is None:
            raise NeedsReference
        return self.reference


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    if text.startswith("ال") and text[2:].isdigit():
        text = text[2:]
    return int(text) if text.isdigit() else number_value(text)


def _offset(kind: str | None) -> int:
    return {"past": -1, "future": 1}.get(lexicon().modifiers.get(kind or "", ""), 0)


def _weekday(m: regex.Match) -> int | None:
    wd = m.group("wd")
    return None if wd is None else lexicon().weekdays[_key(wd)]


def _key(words: str) -> str:
    return " ".join(words.split())


def _year(m: regex.Match, ctx: Context) -> tuple[int, str] | None:
    """The year a match names, with its calendar ("g" or "h"), or None when it names none."""
    digits = m.group("year")
    if digits is not None:
        year = int(digits)
        if len(digits) == 2:
            year += 2000 if year < 50 else 1900
        hijri = m.group("era") == "ه" or 1300 <= year < 1600
        return year, "h" if hijri else "g"
    if m.group("ythis") is not None:
        return ctx.ref().year, "g"
    if m.group("ymod") is not None:
        return ctx.ref().year + _offset(m.group("ymod")), "g"
    return None


@dataclass(frozen=True)
class Month:
    calendar: str  # "g" Gregorian, "h" Hijri
    year: int
    month: int

    def span(self) -> cal.Span | None:
        if self.calendar == "h":
            return cal.hijri_month_span(self.year, self.month)
        return cal.month_span(self.year, self.month)

    def day(self, day: int) -> date | None:
        if day == LAST:
            span = self.span()
            return span[1] if span else None
        if self.calendar == "h":
            return cal.hijri_to_gregorian(self.year, self.month, day)
        return cal.safe_date(self.year, self.month, day)


def _month(m: regex.Match, ctx: Context, day: int | None = None) -> Month | None:
    """The month a match names (MREF + YREF in the grammar), choosing the year if none is given."""
    lx = lexicon()
    if m.group("mthis") is not None or m.group("mmod") is not None:
        ref = ctx.ref()
        year, month = cal.shift_months(ref.year, ref.month, _offset(m.group("mmod")))
        return Month("g", year, month)
    calendar = "g"
    name = m.group("month")
    if name is not None:
        name = _key(name)
        if name in lx.hijri_months:
            calendar, month = "h", lx.hijri_months[name]
        else:
            month = lx.months[name]
            second = m.group("month2")
            if second is not None and lx.months.get(_key(second)) != month:
                ctx.confidence = min(ctx.confidence, 0.7)
    else:
        month = _number(m.group("mnum") or m.group("mord"))
        if month is None or not 1 <= month <= 12:
            return None
    year = _year(m, ctx)
    if year is not None:
        value, era = year
        if calendar == "g":
            return Month("g", value, month) if era == "g" else None
        if era == "h":
            return Month("h", value, month)
        start = cal.hijri_in_gregorian_year(month, 1, value)  # "رمضان 2019"
        hijri_year = cal.hijri_year_of(start) if start else None
        return Month("h", hijri_year, month) if hijri_year else None
    ref = ctx.ref()
    mod = m.group("nmod") if calendar == "g" else None
    if mod is not None and lexicon().modifiers.get(_key(mod)) == "present":
        return Month("g", ref.year, month)  # "30 تموز الجاري": this month, even after R
    offset = _offset(mod)
    if offset:  # "أبريل المقبل": the next April after this month; "ديسمبر الماضي": the last before it
        this = (month, day) if day and day > 0 else (month, 0)
        now = (ref.month, ref.day) if day and day > 0 else (ref.month, 0)
        return Month("g", ref.year - (this >= now) if offset < 0 else ref.year + (this <= now), month)
    if calendar == "h":
        found = cal.hijri_nearest(month, day if day and day > 0 else 1, ref, ctx.future)
        hijri_year = cal.hijri_year_of(found) if found else None
        return Month("h", hijri_year, month) if hijri_year else None
    if day is not None and day > 0:
        candidate = cal.safe_date(ref.year, month, day)
        if candidate is None:
            return Month("g", ref.year, month)
        later, earlier = candidate > ref, candidate < ref
    else:
        later, earlier = month > ref.month, month < ref.month
    return Month("g", ref.year + earlier if ctx.future else ref.year - later, month)


def _reading(span: cal.Span | None, precision: str, ctx: Context, wd: int | None = None,
             direction: str | None = None) -> Reading | None:
    if span is None:
        return None
    confidence = ctx.confidence
    if wd is not None and span[0] == span[1] and span[0].weekday() != wd:
        confidence = min(confidence, MISMATCH)
    return Reading(span[0], span[1], precision, ctx.relative, confidence, direction)


def _one(day: date | None) -> cal.Span | None:
    return None if day is None else (day, day)


def _is_digits(text: str) -> bool:
    return text.strip().removeprefix("ال").isdigit()


def numeric(m: regex.Match, ctx: Context) -> Reading | None:
    day, month = int(m.group("day")), int(m.group("mnum"))
    year, era = _year(m, ctx) or (0, "g")
    if month > 12 >= day:  # month/day order (US style)
        day, month = month, day
        ctx.confidence = 0.8
    if not 1 <= month <= 12:
        return None
    found = cal.hijri_to_gregorian(year, month, day) if era == "h" else cal.safe_date(
        year, month, day)
    return _reading(_one(found), "day", ctx)


def numeric_my(m: regex.Match, ctx: Context) -> Reading | None:
    month = int(m.group("mnum"))
    year, era = _year(m, ctx) or (0, "g")
    if not 1 <= month <= 12:
        return None
    return _reading(Month(era, year, month).span(), "month", ctx)


def daymonth(m: regex.Match, ctx: Context) -> Reading | None:
    day = _number(m.group("day"))
    wd = _weekday(m)
    if day is None or day == 0 or day > 31 or (day == LAST and wd is None):
        return None
    month = _month(m, ctx, day)
    if month is None:
        return None
    if wd is not None and not _is_digits(m.group("day")) and m.group("muw") is None:
        found = month.day(day) if day != LAST else None
        # "الثلاثاء الثالث من أيلول": the third Tuesday, unless the 3rd is a Tuesday
        if (found is None or found.weekday() != wd) and (day == LAST or day <= 5):
            if month.calendar == "g":
                return _reading(_one(cal.nth_weekday(month.year, month.month, wd, day)),
                                "day", ctx)
    return _reading(_one(month.day(day)), "day", ctx, wd)


def day_range(m: regex.Match, ctx: Context) -> Reading | None:
    first, last = _number(m.group("day")), _number(m.group("day2"))
    if first is None or last is None or not 1 <= first <= last <= 31:
        return None
    month = _month(m, ctx, first)
    if month is None:
        return None
    start, end = month.day(first), month.day(last)
    return _reading((start, end) if start and end else None, "range", ctx)


def _holiday(m: regex.Match, ctx: Context) -> date | None:
    lx = lexicon()
    name = _key(m.group("hol"))
    year = _year(m, ctx)
    if name in lx.holidays_easter:
        if year is not None:
            return cal.easter(year[0]) if year[1] == "g" else None
        ref = ctx.ref()
        found = cal.easter(ref.year)
        if ctx.future and found < ref or not ctx.future and found > ref:
            found = cal.easter(ref.year + (1 if ctx.future else -1))
        return found
    if name in lx.holidays_hijri:
        month, day = lx.holidays_hijri[name]
        if year is None:
            return cal.hijri_nearest(month, day, ctx.ref(), ctx.future)
        if year[1] == "h":
            return cal.hijri_to_gregorian(year[0], month, day)
        return cal.hijri_in_gregorian_year(month, day, year[0])
    month, day = lx.holidays_gregorian[name]
    if year is not None:
        return cal.safe_date(year[0], month, day) if year[1] == "g" else None
    ref = ctx.ref()
    found = cal.safe_date(ref.year, month, day)
    if found is None:
        return None
    if ctx.future and found < ref or not ctx.future and found > ref:
        found = cal.safe_date(ref.year + (1 if ctx.future else -1), month, day)
    return found


def holiday(m: regex.Match, ctx: Context) -> Reading | None:
    return _reading(_one(_holiday(m, ctx)), "day", ctx)


def nth_weekday(m: regex.Match, ctx: Context) -> Reading | None:
    nth, wd = _number(m.group("nth")), _weekday(m)
    if nth is None or wd is None or not (nth == LAST or 1 <= nth <= 5):
        return None
    if m.group("after") is not None:
        anchor = _holiday(m, ctx)
        if anchor is None or nth == LAST:
            return None
        first = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)
        return _reading(_one(first + timedelta(weeks=nth - 1)), "day", ctx)
    month = _month(m, ctx)
    if month is None or month.calendar != "g":
        return None
    return _reading(_one(cal.nth_weekday(month.year, month.month, wd, nth)), "day", ctx)


def nth_unit(m: regex.Match, ctx: Context) -> Reading | None:
    nth = _number(m.group("nth"))
    if nth is None or nth == 0:
        return None
    month = _month(m, ctx, None)
    if month is None:
        return None
    if m.group("nunit") == "اسبوع":
        if month.calendar != "g" or nth > 5:
            return None
        return _reading(cal.nth_week(month.year, month.month, nth), "week", ctx)
    return _reading(_one(month.day(nth)) if nth <= 31 else None, "day", ctx)


def _period_offset(m: regex.Match) -> int:
    return 0 if m.group("pthis") is not None else _offset(m.group("pmod"))


def _period_span(period: str, offset: int, ref: date) -> tuple[cal.Span | None, str]:
    if period == "الاسبوع":
        monday = cal.week_span(ref)[0] + timedelta(weeks=offset)
        return (monday, monday + timedelta(days=6)), "week"
    if period == "الشهر":
        return cal.month_span(*cal.shift_months(ref.year, ref.month, offset)), "month"
    return cal.year_span(ref.year + offset), "year"


def rel_period(m: regex.Match, ctx: Context) -> Reading | None:
    offset = _period_offset(m)
    span, precision = _period_span(m.group("period"), offset, ctx.ref())
    return _reading(span, precision, ctx, direction=_direction(offset))


def _direction(offset: int) -> str:
    return "past" if offset < 0 else "future" if offset > 0 else "present"


def _months_of_year(year: int, months: tuple[int, int]) -> cal.Span | None:
    first, last = cal.month_span(year, months[0]), cal.month_span(year, months[1])
    return (first[0], last[1]) if first and last else None


def part(m: regex.Match, ctx: Context) -> Reading | None:
    spec = lexicon().parts[_key(m.group("part"))]
    period = m.group("period")
    if period is not None:
        ref, offset = ctx.ref(), _period_offset(m)
        if period == "الاسبوع":
            monday = cal.week_span(ref)[0] + timedelta(weeks=offset)
            a, b = spec["weekdays"]
            span = (monday + timedelta(days=a), monday + timedelta(days=b))
        elif period == "الشهر":
            year, month = cal.shift_months(ref.year, ref.month, offset)
            span = cal.days_of_month(year, month, *spec["days"])
        else:
            span = _months_of_year(ref.year + offset, spec["months"])
        return _reading(span, "range", ctx, direction=_direction(offset))
    named_month = any(m.group(g) is not None for g in ("month", "mnum", "mord", "mthis", "mmod"))
    if not named_month:
        year, era = _year(m, ctx) or (0, "h")
        return _reading(_months_of_year(year, spec["months"]) if era == "g" else None,
                        "range", ctx)
    month = _month(m, ctx)
    whole = month.span() if month else None
    if whole is None:
        return None
    first, last = spec["days"]
    end = min(whole[0] + timedelta(days=last - 1), whole[1])
    return _reading((whole[0] + timedelta(days=first - 1), end), "range", ctx)


def monthyear(m: regex.Match, ctx: Context) -> Reading | None:
    kind = m.group("nmod")
    if kind is None:
        month = _month(m, ctx)
        return _reading(month.span() if month else None, "month", ctx)
    name = _key(m.group("month"))
    if name not in lexicon().months:
        return None
    number, ref = lexicon().months[name], ctx.ref()
    offset = _offset(kind)
    year = ref.year
    if offset < 0 and number >= ref.month:
        year -= 1
    elif offset > 0 and number <= ref.month:
        year += 1
    return _reading(cal.month_span(year, number), "month", ctx, direction=_direction(offset))


def month_alone(m: regex.Match, ctx: Context) -> Reading | None:
    name = _key(m.group("month"))
    if name in lexicon().ambiguous_months and m.group("mshahr") is None:
        return None
    month = _month(m, ctx)
    return _reading(month.span() if month else None, "month", ctx)


def weekday_week(m: regex.Match, ctx: Context) -> Reading | None:
    offset = 0 if m.group("wthis") is not None else _offset(m.group("wmod"))
    monday = cal.week_span(ctx.ref())[0] + timedelta(weeks=offset)
    return _reading(_one(monday + timedelta(days=_weekday(m))), "day", ctx,
                    direction=_direction(offset))


def weekday_mod(m: regex.Match, ctx: Context) -> Reading | None:
    ref, wd, offset = ctx.ref(), _weekday(m), _offset(m.group("wmod"))
    if offset < 0:
        found = ref - timedelta(days=(ref.weekday() - wd - 1) % 7 + 1)
    elif offset > 0:
        found = ref + timedelta(days=(wd - ref.weekday() - 1) % 7 + 1)
    else:
        found = cal.week_span(ref)[0] + timedelta(days=wd)
    return _reading(_one(found), "day", ctx, direction=_direction(offset))


def night_pair(m: regex.Match, ctx: Context) -> Reading | None:
    """"ليل الأحد الاثنين": the night from a day into the next, both days (the first the latest
    such day on or before R, or the next one to come)."""
    ref, wd = ctx.ref(), _weekday(m)
    wd2 = lexicon().weekdays[_key(m.group("wd2"))]
    if wd2 != (wd + 1) % 7:
        return None
    if ctx.future:
        found = ref + timedelta(days=(wd - ref.weekday()) % 7)
    else:
        found = ref - timedelta(days=(ref.weekday() - wd) % 7)
    return _reading((found, found + timedelta(days=1)), "range", ctx)


def weekday(m: regex.Match, ctx: Context) -> Reading | None:
    ref, wd = ctx.ref(), _weekday(m)
    if ctx.future:
        found = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
    else:
        found = ref - timedelta(days=(ref.weekday() - wd) % 7)
    return _reading(_one(found), "day", ctx)


def relday(m: regex.Match, ctx: Context) -> Reading | None:
    offset = lexicon().relative_days[_key(m.group("relday"))]
    found = ctx.ref() + timedelta(days=offset)
    return _reading(_one(found), "day", ctx, _weekday(m), direction=_direction(offset))


def year(m: regex.Match, ctx: Context) -> Reading | None:
    value, era = _year(m, ctx)
    if era == "h":
        first = cal.hijri_to_gregorian(value, 1, 1)
        following = cal.hijri_to_gregorian(value + 1, 1, 1)
        span = (first, following - timedelta(days=1)) if first and following else None
    else:
        span = cal.year_span(value)
    return _reading(span, "year", ctx)

"""Calendar arithmetic for the date resolver: spans of weeks, months and years,
Hijri conversion (hijridate, Umm al-Qura) and the days of movable holidays.

Every function returns None instead of raising when a date does not exist
(31 February, a Hijri year outside hijridate's 1343-1500 table).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

Span = tuple[date, date]


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_months(day: date, months: int) -> date | None:
    year, month = shift_months(day.year, day.month, months)
    if not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_years(day: date, years: int) -> date | None:
    return add_months(day, 12 * years)


def month_span(year: int, month: int) -> Span | None:
    if not 1 <= year <= 9999:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_span(year: int) -> Span | None:
    if not 1 <= year <= 9999:
        return None
    return date(year, 1, 1), date(year, 12, 31)


def week_span(day: date) -> Span:
    """The Monday-Sunday week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def days_of_month(year: int, month: int, first: int, last: int) -> Span | None:
    """Days first..last of a month, the last clipped to the month's end."""
    span = month_span(year, month)
    if span is None:
        return None
    end = min(last, span[1].day)
    return date(year, month, first), date(year, month, end)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (1-based; -1 = last) given weekday of a month."""
    span = month_span(year, month)
    if span is None:
        return None
    if nth < 0:
        last = span[1]
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = span[0] + timedelta(days=(weekday - span[0].weekday()) % 7)
    found = first + timedelta(weeks=nth - 1)
    return found if found.month == month else None


def nth_week(year: int, month: int, nth: int) -> Span | None:
    """The nth (-1 = last) whole Monday-Sunday week inside a month."""
    span = month_span(year, month)
    if span is None:
        return None
    if nth < 0:
        sunday = span[1] - timedelta(days=(span[1].weekday() + 1) % 7)
        return sunday - timedelta(days=6), sunday
    monday = nth_weekday(year, month, 0, nth)
    if monday is None or (monday + timedelta(days=6)).month != month:
        return None
    return monday, monday + timedelta(days=6)


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day)


def hijri_month_span(year: int, month: int) -> Span | None:
    try:
        h = Hijri(year, month, 1)
        g = h.to_gregorian()
    except (ValueError, OverflowError):
        return None
    start = date(g.year, g.month, g.day)
    return start, start + timedelta(days=h.month_length() - 1)


def hijri_year_of(day: date) -> int | None:
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def hijri_in_gregorian_year(month: int, day: int, year: int) -> date | None:
    """The first Gregorian date in `year` that is day/month of some Hijri year."""
    start = hijri_year_of(date(year, 1, 1)) if 1900 <= year <= 2076 else None
    if start is None:
        return None
    for hijri_year in (start, start + 1):
        found = hijri_to_gregorian(hijri_year, month, day)
        if found is not None and found.year == year:
            return found
    return None


def hijri_nearest(month: int, day: int, reference: date, future: bool) -> date | None:
    """The latest such Hijri day on or before `reference` (or the next on or after it)."""
    hijri_year = hijri_year_of(reference)
    if hijri_year is None:
        return None
    order = (hijri_year, hijri_year + 1) if future else (hijri_year, hijri_year - 1)
    for candidate in order:
        found = hijri_to_gregorian(candidate, month, day)
        if found is not None and (found >= reference if future else found <= reference):
            return found
    return None


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)

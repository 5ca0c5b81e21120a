"""When an event happened: its date interval, by the rules of ANNOTATION.md.

An event's date comes from its own time expression, else its occasion (a
statement made at a meeting takes the meeting's date), else the nearest
preceding date context, else the interval from any known lower bound to the
publication date R. An event that happened never ends after R. With no R,
relative expressions stay unresolved (the dates resolver leaves them so).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

PRECISIONS = frozenset({"day", "week", "month", "year", "range", "unknown"})


@dataclass(frozen=True)
class When:
    earliest: date | None
    latest: date | None
    precision: str
    expression: str | None = None  # the Arabic words it came from
    source: str = "none"  # own, occasion, context, relation, bound, none
    confidence: float = 1.0

    @property
    def known(self) -> bool:
        return self.earliest is not None or self.latest is not None


UNKNOWN = When(None, None, "unknown")


def from_expression(expr: Any) -> When:
    """The interval of a `TimeExpression` (unresolved ones stay unknown, with their words)."""
    precision = expr.precision if expr.precision in PRECISIONS else "range"
    if expr.earliest is None and expr.latest is None:
        precision = "unknown"
    return When(expr.earliest, expr.latest, precision, expr.text, "own", expr.confidence)


def inherited(when: When, source: str) -> When:
    """The same interval taken over from an occasion or a date context (no words of its own)."""
    return When(when.earliest, when.latest, when.precision, None, source, when.confidence)


def bound(published: date | None, lower: date | None = None) -> When:
    """No date at all: from the known lower bound (if any) up to R; unknown without R."""
    if published is None:
        return UNKNOWN
    if lower is not None and lower <= published:
        return When(lower, published, "range", None, "bound", 0.5)
    return When(None, published, "range", None, "bound", 0.5)


def shifted(when: When, days: int) -> When:
    """A known day moved by `days` ("غداة X": X is the day before)."""
    if when.precision != "day" or when.earliest is None:
        return UNKNOWN
    day = when.earliest + timedelta(days=days)
    return When(day, day, "day", None, "relation", when.confidence)


def clip(when: When, published: date | None, planned: bool) -> When:
    """A happened event never ends after R: "هذا الأسبوع" stops at R."""
    if planned or published is None or when.latest is None or when.latest <= published:
        return when
    if when.earliest is not None and when.earliest > published:
        # an event reported as happened, dated after publication: keep, trust less
        return replace(when, confidence=when.confidence * 0.5)
    precision = "day" if when.earliest == published else "range"
    return replace(when, latest=published, precision=precision)


def is_upcoming(when: When, published: date | None, direction: str | None) -> bool:
    """True when a time expression places an event at or after publication (a planned event)."""
    if published is not None and when.latest is not None:
        return when.latest >= published
    return direction in ("present", "future")

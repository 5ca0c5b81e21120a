"""Arabic time expressions in news text, resolved against the publication date.

`find_dates` finds every expression in a text, `resolve` reads one phrase, and
`publication_date` finds the date a page was published. The word tables are in
`loaders/data/dates.yml` and `numbers.yml`; `grammar` builds the patterns from
them, `rules`, `durations` and `calendars` turn a match into an interval.
"""

from chrono.loaders.dates.finder import TimeExpression, find_dates, publication_date, resolve

__all__ = ["TimeExpression", "find_dates", "publication_date", "resolve"]

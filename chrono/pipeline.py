"""From one source (a file or a jsonl line) to the domain events that record it.

Pure: cleaning, the article id, the publication date, extraction and the
events' canonical JSON, with no database, so it can run in worker processes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from chrono.events.store import Encoded, encode
from chrono.loaders.arabic import has_arabic
from chrono.loaders.clean import Cleaned, article_id, clean
from chrono.loaders.dates import publication_date
from chrono.loaders.extract import EXTRACTOR_VERSION, extract
from chrono.loaders.read import Source
from chrono.schema import ArticleRecorded, EventExtracted, ExtractedEvent

NO_ARABIC = "no Arabic text: recorded without events"
REFERENCE_WIDTH_DAYS = 7


def reference_date(earliest: str | None, latest: str | None) -> date | None:
    """The day relative expressions resolve against: the publication day, or the end of an
    inferred interval narrower than a week (every week-relative expression resolves the same)."""
    if not earliest or not latest:
        return None
    first, last = date.fromisoformat(earliest), date.fromisoformat(latest)
    return last if (last - first).days < REFERENCE_WIDTH_DAYS else None


@dataclass(frozen=True)
class Prepared:
    source: Source
    article_id: str
    text: str
    text_sha256: str
    recorded: ArticleRecorded
    events: tuple[ExtractedEvent, ...]
    warnings: tuple[str, ...]
    encoded: tuple[Encoded, ...]  # the ArticleRecorded and the EventExtracted, ready for the log



def prepare(source: Source) -> Prepared:
    cleaned: Cleaned = clean(source)
    aid = article_id(cleaned.text)
    warnings = list(cleaned.warnings)
    arabic = has_arabic(cleaned.text, minimum=3)
    if not arabic and NO_ARABIC not in warnings:
        warnings.append(NO_ARABIC)
    published = publication_date(cleaned.furniture, cleaned.text, hint=source.published)
    reference = published.earliest if published and published.precision == "day" else None
    events: list[ExtractedEvent] = []
    if arabic:
        events = extract(cleaned.text, published=reference, dateline=cleaned.dateline, title=cleaned.title,
                         outlet=cleaned.outlet)
    recorded = ArticleRecorded(
        article_id=aid,
        text_sha256=hashlib.sha256(cleaned.text.encode()).hexdigest(),
        source_sha256=source.source_sha256,
        path=source.path if source.line is None else f"{source.path}:{source.line}",
        url=source.url,
        outlet=cleaned.outlet,
        title=cleaned.title,
        dateline=cleaned.dateline,
        published_earliest=published.earliest.isoformat() if published and published.earliest else None,
        published_latest=published.latest.isoformat() if published and published.latest else None,
        published_basis="text" if published and published.earliest else "unknown",
        published_expression=published.text if published else None,
        warnings=tuple(warnings),
    )
    extracted = [
        EventExtracted(event_id=f"{aid}-{e.n}", extractor_version=EXTRACTOR_VERSION, event=e) for e in events
    ]
    return Prepared(
        source=source,
        article_id=aid,
        text=cleaned.text,
        text_sha256=recorded.text_sha256,
        recorded=recorded,
        events=tuple(events),
        warnings=tuple(warnings),
        encoded=tuple(encode(e) for e in (recorded, *extracted)),
    )

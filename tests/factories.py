"""Small builders of domain events for store and projection tests."""

from __future__ import annotations

import hashlib

from chrono.schema import Actor, ArticleRecorded, EventExtracted, ExtractedEvent


def article(article_id: str, *, outlet: str = "Test Outlet", path: str | None = None) -> ArticleRecorded:
    return ArticleRecorded(
        article_id=article_id,
        text_sha256=hashlib.sha256(article_id.encode()).hexdigest(),
        source_sha256=hashlib.sha256(b"src" + article_id.encode()).hexdigest(),
        path=path or f"{article_id}.txt",
        outlet=outlet,
        title=f"title {article_id}",
        published_earliest="2021-07-26",
        published_latest="2021-07-26",
        published_basis="text",
    )


def extracted(article_id: str, n: int, *, kind: str = "statement", day: str = "2021-07-26",
              evidence: str = "قال الكاظمي إن العراق لم يعد بحاجة", actors=("Mustafa al-Kadhimi",)) -> EventExtracted:
    event = ExtractedEvent(
        n=n,
        kind=kind,
        date_earliest=day,
        date_latest=day,
        date_precision="day",
        actors=tuple(Actor(name=a, name_ar=a, role="speaker") for a in actors),
        summary=f"{actors[0] if actors else 'Someone'} {kind}",
        evidence=evidence,
        evidence_start=10 * n,
        evidence_end=10 * n + len(evidence),
        confidence=0.8,
    )
    return EventExtracted(event_id=f"{article_id}-{n}", extractor_version="test", event=event)

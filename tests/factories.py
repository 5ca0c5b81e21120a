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


OPERATIONS = ("extract", "correct", "move", "retract", "revise", "redact")


def random_log(conn, ops, every: int, after_catch_up=None) -> None:
    """Append a log made of `ops` ((stream, operation) pairs, e.g. drawn by hypothesis), catching
    the views up after every `every`-th one (and calling `after_catch_up(conn)` then).

    Events of different streams with the same n share a day, and half of them two actors, so
    incidents form, split and re-form as corrections, revisions and retractions arrive.
    """
    from chrono.events.projections import PROJECTIONS, catch_up
    from chrono.events.store import append, stream_version
    from chrono.schema import ArticleRedacted, EventCorrected, EventRetracted, ExtractionRevised

    counters: dict[str, int] = {}
    for i, (stream, op) in enumerate(ops):
        v = stream_version(conn, stream)
        n = counters.get(stream, 0)
        if v == 0:
            append(conn, stream, [article(stream, outlet=f"Outlet {stream}")], 0)
            v = 1
        if op == "extract" or n == 0:
            counters[stream] = n + 1
            actors = (("A", "B"), ("B",), ())[n % 3]
            append(conn, stream, [extracted(stream, n + 1, day=f"2021-0{6 + n % 3}-10", actors=actors)], v)
        elif op == "correct":
            append(conn, stream, [EventCorrected(event_id=f"{stream}-{n}", note="fix", kind="meeting",
                                                 actors=(Actor(name="C", name_ar="ج"),))], v)
        elif op == "move":
            append(conn, stream, [EventCorrected(event_id=f"{stream}-1", note="fix", location=f"P{n}",
                                                 date_earliest="2020-01-01")], v)
        elif op == "retract":
            append(conn, stream, [EventRetracted(event_id=f"{stream}-1", note="no")], v)
        elif op == "redact":
            append(conn, stream, [ArticleRedacted(text_sha256="x", note="legal")], v)
        else:
            events = tuple(extracted(stream, k).event for k in range(1, n + 2))
            counters[stream] = n + 1
            append(conn, stream, [ExtractionRevised(extractor_version="v2", events=events)], v)
        if i % every == 0:
            catch_up(conn, PROJECTIONS)
            if after_catch_up:
                after_catch_up(conn)
    catch_up(conn, PROJECTIONS)

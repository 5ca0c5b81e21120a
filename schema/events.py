"""The domain events of the log: a discriminated union on `type`.

Each event class carries `schema_version`; payloads written by an older
version are upgraded on read by `chrono.schema.upcast`. The stored `type` is
a stable string, never a Python import path.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from chrono.schema.extraction import Actor, ExtractedEvent, Kind
from chrono.schema.upcast import upcast


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleRecorded(_Event):
    """A new article: its cleaned text is in `article_texts` under `text_sha256`."""

    type: Literal["ArticleRecorded"] = "ArticleRecorded"
    schema_version: Literal[2] = 2
    article_id: str
    text_sha256: str
    source_sha256: str = Field(description="SHA-256 of the input as read, before cleaning")
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    dateline: str | None = None
    published_earliest: str | None = None
    published_latest: str | None = None
    published_basis: Literal["text", "inferred", "unknown"] = "unknown"
    published_expression: str | None = None
    warnings: tuple[str, ...] = ()


class ArticleSeenAgain(_Event):
    """The same cleaned text found again at another path, url or outlet."""

    type: Literal["ArticleSeenAgain"] = "ArticleSeenAgain"
    schema_version: Literal[1] = 1
    source_sha256: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None


class EventExtracted(_Event):
    type: Literal["EventExtracted"] = "EventExtracted"
    schema_version: Literal[1] = 1
    event_id: str
    extractor_version: str
    event: ExtractedEvent


class ExtractionRevised(_Event):
    """A newer extractor's complete set of events for the article, superseding all earlier ones."""

    type: Literal["ExtractionRevised"] = "ExtractionRevised"
    schema_version: Literal[1] = 1
    extractor_version: str
    previous_extractor_version: str | None = None
    events: tuple[ExtractedEvent, ...] = ()


class EventCorrected(_Event):
    """An analyst's fix of one event; fields left None are not changed."""

    type: Literal["EventCorrected"] = "EventCorrected"
    schema_version: Literal[1] = 1
    event_id: str
    note: str
    by: str | None = None
    kind: Kind | None = None
    date_earliest: str | None = None
    date_latest: str | None = None
    actors: tuple[Actor, ...] | None = None
    location: str | None = None
    location_ar: str | None = None
    lat: float | None = None
    lon: float | None = None


class EventRetracted(_Event):
    type: Literal["EventRetracted"] = "EventRetracted"
    schema_version: Literal[1] = 1
    event_id: str
    note: str
    by: str | None = None


class ArticleRedacted(_Event):
    """The article's text was deleted from `article_texts`; its events leave the views."""

    type: Literal["ArticleRedacted"] = "ArticleRedacted"
    schema_version: Literal[1] = 1
    text_sha256: str
    note: str
    by: str | None = None


class PublicationDateInferred(_Event):
    type: Literal["PublicationDateInferred"] = "PublicationDateInferred"
    schema_version: Literal[1] = 1
    published_earliest: str
    published_latest: str
    basis: str = Field(description="what the inference rests on")


DomainEvent = Annotated[
    ArticleRecorded
    | ArticleSeenAgain
    | EventExtracted
    | ExtractionRevised
    | EventCorrected
    | EventRetracted
    | ArticleRedacted
    | PublicationDateInferred,
    Field(discriminator="type"),
]

ADAPTER: TypeAdapter[DomainEvent] = TypeAdapter(DomainEvent)


def parse_event(type_: str, schema_version: int, data: dict[str, Any]) -> DomainEvent:
    """Build the model of a stored event, upgrading an old payload first."""
    payload = upcast(type_, schema_version, data)
    return ADAPTER.validate_python(payload)


def payload(event: DomainEvent) -> dict[str, Any]:
    """The stored `data` of an event: everything but `type` and `schema_version`."""
    return event.model_dump(mode="json", exclude={"type", "schema_version"})

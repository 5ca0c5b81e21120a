"""What an event is: the pydantic models of the log and the SQL of the log and its views.

Depends on nothing else of chrono's.
"""

from chrono.schema.events import (
    ADAPTER,
    ArticleRecorded,
    ArticleRedacted,
    ArticleSeenAgain,
    DomainEvent,
    EventCorrected,
    EventExtracted,
    EventRetracted,
    ExtractionRevised,
    PublicationDateInferred,
    parse_event,
)
from chrono.schema.extraction import Actor, ExtractedEvent

__all__ = [
    "ADAPTER",
    "Actor",
    "ArticleRecorded",
    "ArticleRedacted",
    "ArticleSeenAgain",
    "DomainEvent",
    "EventCorrected",
    "EventExtracted",
    "EventRetracted",
    "ExtractedEvent",
    "ExtractionRevised",
    "PublicationDateInferred",
    "parse_event",
]

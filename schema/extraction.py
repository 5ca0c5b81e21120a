"""One event as the extractor finds it: the payload of `EventExtracted`.

Its fields are the `timeline` columns of the SQL contract, less those the
projection adds from the article (article_id, outlet, month).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["meeting", "statement", "attack", "announcement"]
Status = Literal["happened", "planned"]
Precision = Literal["day", "week", "month", "year", "range", "unknown"]


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(description="canonical English name")
    name_ar: str = Field(description="canonical Arabic name")
    role: str | None = Field(default=None, description="office or part played, e.g. 'speaker'")


class ExtractedEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    n: int = Field(ge=1, description="the event's number within its article: event_id is {article_id}-{n}")
    kind: Kind
    status: Status = "happened"
    date_earliest: str | None = None
    date_latest: str | None = None
    date_precision: Precision = "unknown"
    time_expression: str | None = None
    actors: tuple[Actor, ...] = ()
    location: str | None = None
    location_ar: str | None = None
    lat: float | None = None
    lon: float | None = None
    summary: str = ""
    quote: str | None = None
    evidence: str
    evidence_start: int = Field(ge=0)
    evidence_end: int = Field(ge=0)
    killed: int | None = None
    wounded: int | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)

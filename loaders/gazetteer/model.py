"""What the gazetteer knows: entities, their mentions in a text, office tenures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("person", "organisation", "group", "country", "office", "place")


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str  # one of KINDS
    name: str  # canonical English
    name_ar: str  # canonical Arabic
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None  # places, and organisations with a known seat
    lon: float | None = None


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int  # offsets in the original text: text[start:end] == surface
    end: int
    surface: str


@dataclass(frozen=True)
class Tenure:
    person_id: str
    start: date | None  # first day in office; None: since before the covered period
    end: date | None  # the successor's first day; None: still in office
    approx: bool = False

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)

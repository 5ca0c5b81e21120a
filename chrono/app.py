"""The wiring between the parts: a store opened with chrono's SQL functions, kept caught up."""

from __future__ import annotations

from pathlib import Path

from chrono.events.projections import PROJECTIONS, catch_up
from chrono.events.sqlite import sqlite3
from chrono.events.store import connect
from chrono.loaders.arabic import normalise

SQL_FUNCTIONS = {"chrono_normalise": lambda text: normalise(text) if text is not None else None}


def open_store(path: str | Path, *, catch_up_views: bool = True) -> sqlite3.Connection:
    """Open a chrono database (created if missing) with the views caught up with the log."""
    conn = connect(path, functions=SQL_FUNCTIONS)
    if catch_up_views:
        catch_up(conn, PROJECTIONS)
    return conn


def resolve_actor(name: str):
    """An Actor from a name typed by an analyst: the gazetteer's canonical names when it knows it."""
    from chrono.loaders.gazetteer import load
    from chrono.schema import Actor

    entity = load().find(name)
    if entity is None:
        return Actor(name=name, name_ar=name, role=None)
    return Actor(name=entity.name, name_ar=entity.name_ar, role=None)


def resolve_place(name: str) -> dict:
    """The location fields of EventCorrected from a place name (coordinates when the gazetteer knows it)."""
    from chrono.loaders.gazetteer import load

    entity = load().find(name)
    if entity is None or entity.lat is None:
        return {"location": name, "location_ar": None, "lat": None, "lon": None}
    return {"location": entity.name, "location_ar": entity.name_ar, "lat": entity.lat, "lon": entity.lon}

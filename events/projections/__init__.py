"""Projections: current views rebuilt from the log, one module per view."""

from chrono.events.projections.articles import PROJECTION as ARTICLES
from chrono.events.projections.base import Projection, catch_up, checksums, rebuild
from chrono.events.projections.timeline import PROJECTION as TIMELINE

PROJECTIONS: tuple[Projection, ...] = (ARTICLES, TIMELINE)

__all__ = ["PROJECTIONS", "Projection", "catch_up", "checksums", "rebuild"]

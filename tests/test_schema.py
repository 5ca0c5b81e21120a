"""Domain events: the discriminated union, stored payloads, and upgrades of old payloads."""

from __future__ import annotations

import json

import pytest

from chrono.events.projections import PROJECTIONS, catch_up, rebuild
from chrono.events.store import canonical_json, event_hash, head
from chrono.schema import ADAPTER, ArticleRecorded, parse_event
from chrono.schema.upcast import article_recorded_v1_to_v2
from tests.factories import extracted


@pytest.mark.parametrize("v1, expected", [
    ({"published": "2021-07-26"}, ("2021-07-26", "2021-07-26", "text")),
    ({"published": None}, (None, None, "unknown")),
    ({}, (None, None, "unknown")),
])
def test_article_recorded_v1_to_v2(v1, expected):
    v2 = article_recorded_v1_to_v2({"article_id": "a", **v1})
    assert (v2["published_earliest"], v2["published_latest"], v2["published_basis"]) == expected
    assert "published" not in v2


def test_the_union_picks_the_model_by_type():
    event = ADAPTER.validate_python({"type": "EventRetracted", "schema_version": 1, "event_id": "a-1", "note": "n"})
    assert type(event).__name__ == "EventRetracted"
    with pytest.raises(ValueError):
        ADAPTER.validate_python({"type": "Nonsense", "schema_version": 1})


def test_parse_event_upcasts_an_old_payload():
    old = {"article_id": "a", "text_sha256": "t", "source_sha256": "s", "published": "2020-08-20"}
    event = parse_event("ArticleRecorded", 1, old)
    assert isinstance(event, ArticleRecorded)
    assert (event.schema_version, event.published_earliest, event.published_basis) == (2, "2020-08-20", "text")


def test_a_log_written_with_an_older_schema_replays(store):
    """Write a v1 ArticleRecorded as an old chrono would have, then replay the views."""
    prev = head(store)[1]
    data = canonical_json({"article_id": "old", "text_sha256": "t", "source_sha256": "s",
                           "path": "old.txt", "published": "2020-08-21"})
    row = (1, "old", 1, "ArticleRecorded", 1, data, "{}", "2020-08-21T00:00:00Z")
    store.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row, prev, event_hash(prev, row)))
    ee = extracted("old", 1)
    prev2 = event_hash(prev, row)
    payload = json.loads(ee.model_dump_json(exclude={"type", "schema_version"}))
    row2 = (2, "old", 2, "EventExtracted", 1, canonical_json(payload), "{}", "2020-08-21T00:00:00Z")
    store.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row2, prev2, event_hash(prev2, row2)))
    rebuild(store, PROJECTIONS)
    catch_up(store, PROJECTIONS)
    assert store.execute("SELECT article_id, path, published_earliest, published_basis FROM articles").fetchall() == [
        ("old", "old.txt", "2020-08-21", "text")]
    assert store.execute("SELECT event_id FROM timeline").fetchall() == [("old-1",)]

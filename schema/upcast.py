"""Upgrades of stored payloads from older schema versions, one small function per step.

`UPCASTERS[(type, v)]` turns a version-v payload into a version-(v+1) one;
`upcast` chains them up to the current version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]


def article_recorded_v1_to_v2(data: Payload) -> Payload:
    """v1 kept one `published` day (or null); v2 has an interval and says what it rests on."""
    data = dict(data)
    published = data.pop("published", None)
    data.setdefault("published_earliest", published)
    data.setdefault("published_latest", published)
    data.setdefault("published_basis", "text" if published else "unknown")
    return data


UPCASTERS: dict[tuple[str, int], Callable[[Payload], Payload]] = {
    ("ArticleRecorded", 1): article_recorded_v1_to_v2,
}


def upcast(type_: str, schema_version: int, data: Payload) -> Payload:
    """Upgrade `data` step by step to the current version; add `type` and `schema_version`."""
    version = schema_version
    while (type_, version) in UPCASTERS:
        data = UPCASTERS[(type_, version)](data)
        version += 1
    return {**data, "type": type_, "schema_version": version}

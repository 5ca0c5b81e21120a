"""Upgrades of stored payloads from older schema versions, one small function per step.

`UPCASTERS[(type, v)]` turns a version-v payload into a version-(v+1) one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]

UPCASTERS: dict[tuple[str, int], Callable[[Payload], Payload]] = {}

CURRENT: dict[str, int] = {}


def upcast(type_: str, schema_version: int, data: Payload) -> Payload:
    """Upgrade `data` step by step to the current version; add `type` and `schema_version`."""
    version = schema_version
    while (type_, version) in UPCASTERS:
        data = UPCASTERS[(type_, version)](data)
        version += 1
    return {**data, "type": type_, "schema_version": version}

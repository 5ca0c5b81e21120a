"""One event however often the article reports it.

A statement joins the earlier statement of the same speaker on the same
occasion ("وأضاف", "وتابع ترامب"); a meeting joins the earlier mention of the
same session (the same parties, or the same dialogue round); an attack joins
another report of it in the same sentence or at the same place and day.
"""

from __future__ import annotations

import math
from typing import Any

from chrono.loaders.extract.actors import NEAR_PENALTY, place_class, specificity
from chrono.loaders.extract.drafts import Draft
from chrono.loaders.extract.eventdates import When


def _same_time(a: When, b: When) -> bool:
    """Two dates that could be one occasion (a draft with no words of its own fits anything)."""
    if a.source != "own" or b.source != "own":
        return True
    if a.known and b.known:
        return not (
            (a.latest and b.earliest and a.latest < b.earliest)
            or (b.latest and a.earliest and b.latest < a.earliest)
        )
    return a.expression == b.expression


def _both_own(a: When, b: When) -> bool:
    return a.source == "own" and b.source == "own"


def _elsewhere(event: Draft, draft: Draft) -> bool:
    """Two attacks at two different places of the same kind (two bases, two cities), each
    named as where it happened, and not next to each other ("وفي خان يونس ... في بلدة بني
    سهيلا شرق المدينة"); an area (a governorate) may contain the other place."""
    a, b = event.location, draft.location
    if a is None or b is None or a.id == b.id or event.near or draft.near:
        return False
    if _km(a, b) < SAME_PLACE_KM:
        return False
    return place_class(a) == place_class(b) in ("point", "district", "city")


SAME_PLACE_KM = 10  # two places this close may be a town and its suburb, a base and its town


def _km(a: Any, b: Any) -> float:
    """The distance between two places (an equirectangular approximation: exact enough
    at these distances); infinite when either has no coordinates."""
    if a.lat is None or b.lat is None:
        return math.inf
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371 * math.hypot(x, math.radians(b.lat - a.lat))


def _rank(draft: Draft) -> int:
    return specificity(draft.location) + (NEAR_PENALTY if draft.near else 0)


def _interval(when: When) -> tuple:
    return when.earliest, when.latest


def _keys(draft: Draft) -> set[str]:
    return {w.key for w in draft.parties if w.kind != "country"}


def _joins(event: Draft, draft: Draft) -> bool:
    if event.kind != draft.kind:
        return False
    if draft.kind == "statement":
        if event.speaker is None or draft.speaker is None or event.speaker.key != draft.speaker.key:
            return False
        if not draft.explicit:
            return True
        return not draft.other_occasion and _same_time(event.when, draft.when)
    if draft.kind == "announcement":
        return (
            event.speaker is not None and draft.speaker is not None
            and event.speaker.key == draft.speaker.key and event.gloss == draft.gloss
            and _same_time(event.when, draft.when)
        )
    if draft.kind == "meeting":
        if event.distinct != draft.distinct or not _same_time(event.when, draft.when):
            return False
        if event.status != draft.status:
            return False  # a meeting that happened and one still scheduled
        if event.dialogue and draft.dialogue:
            return True
        if (event.sentences and draft.sentences and event.sentences[0] is draft.sentences[0]
                and not draft.explicit and event.status == draft.status):
            return True  # "يزور بلينكن أنقرة غدا، حيث يلتقي نظيره": the same visit
        if draft.definite and len(_keys(draft) - _keys(event)) < 2:
            return True  # "اللقاء": the meeting last named
        shared = _keys(event) & _keys(draft)
        if len(shared) >= 2:
            return True
        return len(shared) == 1 and len(_keys(draft)) <= 1 and not draft.dialogue
    # attacks
    if event.sentences and draft.sentences and event.sentences[0] is draft.sentences[0]:
        return not _elsewhere(event, draft)
    if (draft.reported or draft.definite) and not _elsewhere(event, draft) and (
        _interval(event.when) == _interval(draft.when) or not _both_own(event.when, draft.when)
    ):
        return True  # "أدان الهجوم", "وتبنت ... الهجوم", "قال إن الصواريخ استهدفت": reported again
    if draft.in_quote and event.when.known and _interval(event.when) == _interval(draft.when):
        return True  # a statement's quoted report of an attack already read
    return (
        event.location is not None and draft.location is not None
        and event.location.id == draft.location.id
        and event.when.known and _interval(event.when) == _interval(draft.when)
    )


def _absorb(event: Draft, draft: Draft) -> None:
    event.sentences.extend(s for s in draft.sentences if s not in event.sentences)
    if event.when.source != "own" and draft.when.source == "own":
        event.when = draft.when
    keys = {w.key for w in event.parties}
    for who in draft.parties:
        if who.key not in keys:
            event.parties.append(who)
            event.roles.setdefault(who.key, draft.roles.get(who.key, "participant"))
    if event.speaker is not None and draft.speaker is not None and event.speaker.office is None:
        event.speaker = draft.speaker if draft.speaker.office else event.speaker
    if draft.location is not None and (event.location is None or _rank(draft) < _rank(event)):
        event.location, event.near = draft.location, draft.near
    # the first count stands, but one named victim ("قتل قائد ... ما أسفر عن مقتل عشرة")
    # is part of the toll read next
    event.killed = _toll(event.killed, draft.killed)
    event.wounded = _toll(event.wounded, draft.wounded)
    if draft.status == "planned":
        event.status = "planned"
    event.threat = event.threat or draft.threat
    event.confidence = min(1.0, max(event.confidence, draft.confidence) + 0.05)


def _toll(a: int | None, b: int | None) -> int | None:
    return b if a is None or (a == 1 and b is not None and b > 1) else a


def place(doc: Any, state: Any, draft: Draft) -> Draft:
    """Add a draft to the article's events, or fold it into the event it reports again."""
    for event in reversed(state.events):
        if _joins(event, draft):
            _absorb(event, draft)
            draft.merged_into = event
            return event
    state.events.append(draft)
    return draft

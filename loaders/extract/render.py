"""Events as the timeline stores them: `ExtractedEvent`s with evidence, quote and summary.

The evidence is the event's first sentence exactly as printed, or the clause
of it that holds the trigger when the sentence reports several events; a
merged statement's quote gathers the quoted words of all its sentences.
"""

from __future__ import annotations

from typing import Any

from chrono.loaders.extract import summary
from chrono.loaders.extract.drafts import Draft
from chrono.loaders.extract.eventdates import clip
from chrono.loaders.sentences import clauses
from chrono.schema.extraction import Actor, ExtractedEvent

QUOTE_JOIN = " … "
BASE_CONFIDENCE = {"speech": 0.8, "continue": 0.7, "announce": 0.8, "act": 0.75, "event": 0.8,
                   "planned": 0.7, "noun": 0.65, "plural": 0.5}


def _evidence(doc: Any, draft: Draft, crowded: bool) -> tuple[int, int]:
    sentence = draft.sentences[0] if draft.sentences else draft.sentence
    if crowded:
        for clause in clauses(sentence):
            if clause.start <= draft.hit.start < clause.end:
                return clause.start, clause.end
    return sentence.start, sentence.end


def _quote(doc: Any, draft: Draft) -> str | None:
    if draft.kind != "statement":
        return None
    passages: list[str] = []
    for sentence in draft.sentences:
        passages.extend(doc.quotes.within(sentence.start, sentence.end))
    if passages:
        return QUOTE_JOIN.join(passages)
    first = draft.sentences[0] if draft.sentences else draft.sentence
    paraphrase = doc.text[draft.frame_end : first.end].strip(" ،,.:")
    return paraphrase or None


def _name(who: Any) -> tuple[str, str] | None:
    return (who.name, who.kind) if who.name else None  # an unnamed body: no made-up name


def _summary(draft: Draft) -> str:
    location = draft.location.name if draft.location is not None else None
    planned = draft.status == "planned"
    if draft.kind == "meeting":
        return summary.meeting([_name(w) for w in draft.parties if w.name], location, planned)
    if draft.kind == "statement":
        speaker = draft.speaker
        return summary.statement(_name(speaker) if speaker else None,
                                 speaker.office if speaker else None, draft.threat)
    if draft.kind == "announcement":
        actor = draft.speaker or (draft.parties[0] if draft.parties else None)
        return summary.announcement(_name(actor) if actor else None, draft.gloss, planned)
    perpetrator = next((w.name for w in draft.parties
                        if draft.roles.get(w.key) == "perpetrator"), None)
    return summary.attack(location, draft.killed, draft.wounded, perpetrator)


def _actors(draft: Draft) -> tuple[Actor, ...]:
    out: list[Actor] = []
    seen: set[str] = set()
    if draft.speaker is not None and draft.speaker.name:
        role = "speaker" if draft.kind == "statement" else "announcer"
        out.append(Actor(name=draft.speaker.name, name_ar=draft.speaker.name_ar, role=role))
        seen.add(draft.speaker.key)
    for who in draft.parties:
        if who.key not in seen and who.name:
            seen.add(who.key)
            out.append(Actor(name=who.name, name_ar=who.name_ar,
                             role=draft.roles.get(who.key, "participant")))
    return tuple(out)


def render(doc: Any, events: list[Draft]) -> list[ExtractedEvent]:
    """The article's events in text order, numbered from 1."""
    per_sentence: dict[int, int] = {}
    for draft in events:
        first = draft.sentences[0] if draft.sentences else draft.sentence
        per_sentence[first.start] = per_sentence.get(first.start, 0) + 1
    rows = []
    for draft in events:
        first = draft.sentences[0] if draft.sentences else draft.sentence
        start, end = _evidence(doc, draft, per_sentence[first.start] > 1)
        when = clip(draft.when, doc.published, draft.status == "planned")
        confidence = BASE_CONFIDENCE.get(draft.hit.entry.role, 0.6)
        if draft.kind == "statement" and not draft.explicit:
            confidence -= 0.1
        if not when.known:
            confidence -= 0.1
        confidence = max(0.05, min(1.0, confidence * when.confidence))
        location = draft.location
        rows.append((start, draft, when, location, end, confidence))
    rows.sort(key=lambda row: (row[0], row[1].hit.start))
    out = []
    for n, (start, draft, when, location, end, confidence) in enumerate(rows, 1):
        out.append(ExtractedEvent(
            n=n,
            kind=draft.kind,
            status=draft.status,
            date_earliest=when.earliest.isoformat() if when.earliest else None,
            date_latest=when.latest.isoformat() if when.latest else None,
            date_precision=when.precision if when.known else "unknown",
            time_expression=when.expression,
            actors=_actors(draft),
            location=location.name if location is not None else None,
            location_ar=location.name_ar if location is not None else None,
            lat=getattr(location, "lat", None),
            lon=getattr(location, "lon", None),
            summary=_summary(draft),
            quote=_quote(doc, draft),
            evidence=doc.text[start:end],
            evidence_start=start,
            evidence_end=end,
            killed=draft.killed,
            wounded=draft.wounded,
            confidence=round(confidence, 2),
        ))
    return out

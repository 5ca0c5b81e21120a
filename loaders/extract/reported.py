"""Statements that only carry another event of their sentence.

A claim of responsibility ("أعلنت المقاومة ... أنها استهدفت قاعدة عين الأسد") is
the attack's perpetrator, not a statement of its own (ANNOTATION.md); a body's
statement that relays someone else's words ("ذكر المكتب الإعلامي ... أن السوداني
أكد") is only the channel of that person's statement. The same holds for a body
that makes an attack known as its own act ("أعلنت وزارة الدفاع تحييد 4 إرهابيين")
and for a group that claims an attack already read ("وتبنى الحرس الثوري الهجوم").
"""

from __future__ import annotations

from typing import Any

from chrono.loaders.extract.actors import cues
from chrono.loaders.extract.drafts import Draft
from chrono.loaders.extract.triggers import token_index

CLAIM_GAP = 3  # words between "أنها"/"إنه" and the attack verb of a claim
ACT_GAP = 8  # words (dates aside) between "أعلن" and the attack noun it makes known
RELAY_GAP = 4  # words between the reported words' start and the relayed speaker's verb
_SELF = frozenset(["انها", "انه", "انهم", "بانها", "بانه", "بانهم", "انهما"])
_SAYING = ("speech", "announce")


def carriers(doc: Any, kept: list[Draft], earlier: list[Draft] = ()) -> list[Draft]:
    """The sentence's drafts without the statements that only claim or relay another one;
    `earlier` are the events read before the sentence."""
    out = []
    last_attack = next((e for e in reversed(earlier) if e.kind == "attack"), None)
    joined = False
    for draft in kept:
        uncounted = draft.killed is None and draft.wounded is None
        if draft.kind == "attack" and joined and uncounted:
            continue  # "وتبنى ... الهجوم، قائلا إنه استهدف ...": the claim's own words
        if draft.kind == "attack" and draft.claimed and draft.definite and last_attack \
                and uncounted:
            claimant = next((w for w in draft.parties
                             if draft.roles.get(w.key) == "perpetrator"), None)
            if claimant is not None:
                _perpetrator(last_attack, claimant)
                joined = True
                continue  # "وتبنى الحرس الثوري الهجوم": the attack read before
        if draft.kind in ("statement", "announcement") and draft.hit.entry.role in _SAYING \
                and draft.speaker is not None:
            start = token_index(doc.starts, draft.frame_end)
            claim = _claimed(doc, kept, start)
            if claim is None and draft.hit.entry.role == "announce" and draft.gloss is None:
                claim = _made_known(doc, draft, kept, last_attack)
            if claim is not None:
                _perpetrator(claim, draft.speaker)
                continue
            if any(s is not draft and s.kind == "statement" and s.explicit
                   and s.speaker is not None and s.speaker.key != draft.speaker.key
                   and 0 < s.hit.first - start <= RELAY_GAP for s in kept):
                continue
        out.append(draft)
    return out


def _claimed(doc: Any, kept: list[Draft], start: int) -> Draft | None:
    """The attack a speaker's "أنها استهدفت" claims, if the reported words open so."""
    if start >= len(doc.toks) or doc.toks[start].word not in _SELF:
        return None
    return next((a for a in kept if a.kind == "attack" and a.hit.entry.role == "event"
                 and 0 < a.hit.first - start <= CLAIM_GAP), None)


def _made_known(doc: Any, draft: Draft, kept: list[Draft], last: Draft | None) -> Draft | None:
    """The attack an announcement verb makes known as its object ("أعلنت ... تحييد"): the
    sentence's attack draft of that noun, else (the noun in quotes) the last attack read."""
    hi = min(len(doc.toks), token_index(doc.starts, draft.sentence.end))
    counted = 0
    for hit in doc.hits_between(draft.hit.last + 1, hi):
        between = doc.toks[draft.hit.last + 1 : hit.first]
        if any(t.word in _SELF or t.word in cues().complementisers for t in between):
            return None
        counted = len(between)
        if counted > ACT_GAP + 4:
            return None
        if hit.entry.kind == "attack" and hit.entry.role == "noun":
            own = next((a for a in kept if a.kind == "attack" and a.hit.first == hit.first), None)
            return own if own is not None else last
    return None


def _perpetrator(attack: Draft, who: Any) -> None:
    others = [w for w in attack.parties if w.key != who.key]
    for w in others:
        if attack.roles.get(w.key) == "perpetrator":
            attack.roles[w.key] = "target"
    attack.parties = [who, *others]
    attack.roles[who.key] = "perpetrator"

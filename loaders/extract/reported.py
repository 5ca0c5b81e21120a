"""Statements that only carry another event of their sentence.

A claim of responsibility ("أعلنت المقاومة ... أنها استهدفت قاعدة عين الأسد") is
the attack's perpetrator, not a statement of its own (ANNOTATION.md); a body's
statement that relays someone else's words ("ذكر المكتب الإعلامي ... أن السوداني
أكد") is only the channel of that person's statement.
"""

from __future__ import annotations

from typing import Any

from chrono.loaders.extract.drafts import Draft
from chrono.loaders.extract.triggers import token_index

CLAIM_GAP = 3  # words between "أنها"/"إنه" and the attack verb of a claim
RELAY_GAP = 4  # words between the reported words' start and the relayed speaker's verb
_SELF = frozenset(["انها", "انه", "انهم", "بانها", "بانه", "بانهم", "انهما"])
_SAYING = ("speech", "announce")


def carriers(doc: Any, kept: list[Draft]) -> list[Draft]:
    """The sentence's drafts without the statements that only claim or relay another one."""
    out = []
    for draft in kept:
        if draft.kind in ("statement", "announcement") and draft.hit.entry.role in _SAYING \
                and draft.speaker is not None:
            start = token_index(doc.starts, draft.frame_end)
            claim = _claimed(doc, kept, start)
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


def _perpetrator(attack: Draft, who: Any) -> None:
    others = [w for w in attack.parties if w.key != who.key]
    for w in others:
        if attack.roles.get(w.key) == "perpetrator":
            attack.roles[w.key] = "target"
    attack.parties = [who, *others]
    attack.roles[who.key] = "perpetrator"

"""Noun phrases the gazetteer does not settle on its own: a country named by its
adjective ("العراقي") rather than as a party, and a subject it does not know,
named by the definite words after the verb ("المليشيات العراقية المسلحة").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chrono.loaders.arabic import fold
from chrono.loaders.extract.actors import ADJECTIVE_ENDINGS, STOPS, Who, cues
from chrono.loaders.extract.drafts import bare
from chrono.loaders.gazetteer import romanise

BEFORE_REACH = 8  # a subject written before its verb, in words
NP_WORDS = 3  # an unknown subject ("المليشيات العراقية المسلحة") is cut at this many words


def is_adjective(doc: Any, mention: Any) -> bool:
    """"العراقي", "الأميركية": a country named by its adjective, not as a party. A country whose
    name is also an adjective ("السعودية") is named by it ("أعلنت السعودية"), unless right after
    a definite word ("الحكومة السعودية", "المقاتلات السعودية")."""
    if mention.entity.kind != "country" or " " in mention.surface.strip():
        return False
    folded = fold(mention.surface)
    if not folded.endswith(ADJECTIVE_ENDINGS):
        return False
    if folded != fold(mention.entity.name_ar):
        return True
    before = doc.text[max(0, mention.start - 30) : mention.start]
    words = before.split()
    return bool(words) and before[-1:].isspace() and fold(words[-1]).startswith(("ال", "وال", "بال", "لل"))


def unknown_actor(doc: Any, first: int, last: int, on: date | None = None) -> Who | None:
    """Someone the gazetteer does not know, named by the definite words after the verb."""
    c = cues()
    words = []
    # "وزارة داخلية إقليم كردستان": after a body's head, a construct runs on undefined
    head = doc.toks[first].word if first < last else ""
    construct = bool(head) and (head in c.body_heads or bare(head) in c.body_heads)  # "وكالة": no و clitic
    for j in range(first, min(last, first + NP_WORDS + construct)):
        tok = doc.toks[j]
        if j > first and any(ch in doc.text[doc.toks[j - 1].end : tok.start] for ch in "،,:(\"“"):
            break
        word = tok.word
        definite = word.startswith(("ال", "وال")) or (j == first and construct) or (
            construct and not word.startswith(("و", "ف")))
        if word in STOPS or word in c.skip_words or word in c.describing_words or not definite:
            break
        if doc.timed(tok.start):
            break  # a time expression ("الخميس") is no subject
        words.append(tok)
    if not words or bare(words[0].word) in c.unnamed:
        return None
    if len(words) == 1 and construct:
        return None  # "جماعة غير معروفة": a head with nothing that names it
    surface = doc.text[words[0].start : words[-1].end]
    if doc.actors.common_head(words[0].word):
        # "رئاسة مجلس النواب": a head before a known body is that body's
        nxt = doc.actors.in_span(words[0].end, words[0].end + 2)
        if nxt and nxt[0].entity.kind in ("organisation", "group"):
            return doc.actors.resolve(nxt[0], on)
        # "وقرر المجلس", "الوزارة": the body of that head named before; a common noun
        # is never romanised as a name ("Al-Majlas"), so an unknown body goes unnamed
        body = doc.actors.head_noun(words[0].word, words[0].start, on)
        if body is not None:
            return body
        if getattr(doc, "context_body", None) is not None:
            return doc.actors.entity(doc.context_body)
        return Who(key="unknown:" + fold(surface), name="", name_ar=surface, kind="unnamed")
    return Who(key="unknown:" + fold(surface), name=romanise(surface), name_ar=surface,
               kind="unknown")

"""Who carried out an attack, and whom it struck: the group that claimed it
("وتبنت جماعة ... الهجوم"), the country whose adjective ends the force phrase
("طائرة مسيرة تركية"), or the armed group named as the verb's subject; the
other actors near the attack word are its targets.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from chrono.loaders.extract.actors import Who, cues
from chrono.loaders.extract.drafts import Draft, bare
from chrono.loaders.extract.phrases import BEFORE_REACH, is_adjective, unknown_actor
from chrono.loaders.extract.triggers import lexicon, token_index

AGENT_CHAIN = 4  # a force phrase ("طائرة مسيرة تركية", "قصف مدفعي وجوي إسرائيلي") runs this long
CAUSE_REACH = 10  # the force phrase of an attack verb's victims follows it this near
LAUNCH_WORDS = 6  # a verb that launched an attack noun ("شنت ... غارات") stands this near before it


def attack_parties(doc: Any, draft: Draft, whos: list[Who], on: date | None) -> None:
    """Set the attack's parties (its perpetrator first) and their roles, and whether it was
    claimed or only threatened; `whos` are the actors named near the attack word."""
    lex = lexicon()
    c = cues()
    perpetrator = None
    lo = token_index(doc.starts, draft.sentence.start)
    for j in range(lo, draft.hit.first):
        size = _claim_at(doc, j)
        if size:
            j += size - 1
            nxt = [t.word for t in doc.toks[j + 1 : j + 4]]
            if any(bare(w) in c.group_anaphors or w in c.group_anaphors for w in nxt):
                perpetrator = _last_group(doc, draft.hit.start, on)
            else:
                perpetrator = doc.actors.first_actor(doc.toks[j].end, draft.hit.start, on)
                if perpetrator is None and j + 1 < draft.hit.first:
                    # "وتبنت جماعة أصحاب الكهف الهجوم": a group the gazetteer does not know
                    perpetrator = unknown_actor(doc, j + 1, draft.hit.first, on)
            draft.claimed = perpetrator is not None
    if perpetrator is None:
        hi = token_index(doc.starts, draft.region[1])
        for j in range(draft.hit.last + 1, min(hi, draft.hit.last + 6)):
            if doc.toks[j].word in lex.claims_after:
                group = doc.actors.first_actor(doc.toks[j].end, draft.region[1], on)
                perpetrator = group if group is not None and group.kind == "group" else None
                break
    if perpetrator is None and draft.hit.entry.role == "event":
        perpetrator = _subject_after(doc, draft, on)
    if perpetrator is None and draft.hit.entry.role in ("noun", "plural"):
        perpetrator = _possessor(doc, draft, on)
    if perpetrator is None:
        for m in doc.actors.in_span(draft.hit.end, draft.hit.end + 12):
            if is_adjective(doc, m):
                perpetrator = doc.actors.resolve(m, on)
                break
    if perpetrator is None:
        perpetrator = _national_agent(doc, draft, lo, on)
    if perpetrator is None and draft.hit.entry.role == "event":
        perpetrator = _group_before(doc, draft, lo, on)
    draft.parties = ([perpetrator] if perpetrator else []) + [
        w for w in whos if perpetrator is None or w.key != perpetrator.key
    ]
    for who in draft.parties:
        draft.roles[who.key] = "perpetrator" if who is perpetrator else "target"
    if doc.cues.has("threat", lo, draft.hit.first):
        draft.threat = True


SUBJECT_AFTER = 2  # words (a time expression aside) between an attack verb and its subject


def _subject_after(doc: Any, draft: Draft, on: date | None) -> Who | None:
    """An armed group or a country named as the subject right after an attack verb
    ("أطلقت حركة حماس صباح السبت آلاف الصواريخ", "قصفت تركيا مواقع"), or any body whose
    members are ("اقتحم محتجون غاضبون من أنصار الحشد الشعبي")."""
    j, skipped, members = draft.hit.last + 1, 0, False
    while j < len(doc.toks) and skipped <= SUBJECT_AFTER:
        tok = doc.toks[j]
        if j > draft.hit.last + 1 and any(ch in doc.text[doc.toks[j - 1].end : tok.start] for ch in "،,.:"):
            return None
        found = next((m for m in doc.actors.in_span(tok.start, tok.end)), None)
        if found is not None:
            if found.entity.kind in ("group", "country", "organisation") and not is_adjective(doc, found) and (
                    found.entity.kind != "organisation" or members):
                return doc.actors.resolve(found, on)
            return None
        if bare(tok.word) in cues().member_nouns:
            members, skipped = True, 0  # "محتجون من أنصار الحشد الشعبي": the group's members
        elif not doc.timed(tok.start) and tok.word != "من":
            skipped += 1
        j += 1
    return None


POSSESSOR_REACH = 3  # words from an attack noun to the group it is of ("هجوم انتحاري لتنظيم داعش")


def _possessor(doc: Any, draft: Draft, on: date | None) -> Who | None:
    """The armed group an attack noun is of, with ل ("في هجوم لتنظيم داعش على نقطة تفتيش")."""
    for tok in doc.toks[draft.hit.last + 1 : draft.hit.last + 1 + POSSESSOR_REACH]:
        found = next(iter(doc.actors.in_span(tok.start, tok.end)), None)
        if found is not None:
            if found.entity.kind == "group" and tok.word.startswith("ل") and found.start > tok.start:
                return doc.actors.resolve(found, on)
            return None
    return None


def _national_agent(doc: Any, draft: Draft, lo: int, on: date | None) -> Who | None:
    """The country whose adjective ends the attack's force or weapon phrase ("وكانت
    المقاتلات التركية قد شنت", "قصفت طائرة مسيرة تركية", "قصف مدفعي وجوي إسرائيلي"): a
    force noun, then only force nouns and nisba adjectives up to the country's adjective;
    looked for after the attack word, and before its verb (or the verb that launched it).
    """
    agents = cues().agent_nouns
    first = draft.hit.first
    starts = [draft.hit.last + 1]
    if draft.hit.entry.role in ("noun", "plural"):
        starts = [draft.hit.first] + starts  # the attack noun heads its own phrase
        launcher = next((j for j in range(first - 1, max(lo, first - LAUNCH_WORDS) - 1, -1)
                         if _claim_at(doc, j)), None)
        if launcher is not None:
            starts += [j for j in range(max(lo, launcher - BEFORE_REACH), launcher)]
    else:
        # the verb's subject, after it or (كان ... قد) before it, or the cause of its
        # victims ("استشهد 62 مواطنا فجر اليوم في قصف مدفعي إسرائيلي")
        starts += [j for j in range(draft.hit.last + 2, draft.hit.last + 1 + CAUSE_REACH)]
        starts += [j for j in range(max(lo, first - BEFORE_REACH), first)]
    for j in starts:
        if j >= len(doc.toks) or not _is_agent(doc.toks[j].word, agents) and j != draft.hit.first:
            continue
        for k in range(j + 1, min(len(doc.toks), j + 1 + AGENT_CHAIN)):
            tok = doc.toks[k]
            adjective = next((m for m in doc.actors.in_span(tok.start, tok.end) if is_adjective(doc, m)),
                             None)
            if adjective is not None:
                return doc.actors.resolve(adjective, on)
            if not (_is_agent(tok.word, agents) or _nisba(tok.word)):
                break
    return None


def _group_before(doc: Any, draft: Draft, lo: int, on: date | None) -> Who | None:
    """An armed group named as the subject before an attack verb, in its clause ("عناصر
    ميليشيات البوليساريو أطلقت النار على"): the nearest, with no comma or verb between."""
    start = max(lo, draft.hit.first - BEFORE_REACH)
    found = None
    for m in doc.actors.in_span(doc.toks[start].start, draft.hit.start):
        between = doc.text[m.end : draft.hit.start]
        if m.entity.kind == "group" and not any(ch in between for ch in "،,:") and \
                not doc.hits_between(token_index(doc.starts, m.end), draft.hit.first):
            found = m
    return doc.actors.resolve(found, on) if found is not None else None


def _is_agent(word: str, agents: frozenset[str]) -> bool:
    return word in agents or bare(word) in agents


def _nisba(word: str) -> bool:
    """"مدفعي", "وجوي", "الصاروخية": a relational adjective, which may stand in a force phrase."""
    word = bare(word)
    return len(word) >= 3 and word.endswith(("ي", "يه"))


@cache
def _claim_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Claim phrases by their first word (without و ف), the longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in lexicon().claims:
        words = tuple(phrase.split())
        out.setdefault(bare(words[0]), []).append(words[1:])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _claim_at(doc: Any, j: int) -> int:
    """The number of words of a claim phrase ("تبنت", "أعلن مسؤوليته") starting at token j."""
    rests = _claim_phrases().get(bare(doc.toks[j].word))
    if rests is None:
        return 0
    for rest in rests:
        if tuple(t.word for t in doc.toks[j + 1 : j + 1 + len(rest)]) == rest:
            return 1 + len(rest)
    return 0


def _last_group(doc: Any, offset: int, on: date | None) -> Who | None:
    for m in reversed(doc.actors.in_span(0, offset)):
        if m.entity.kind == "group":
            return doc.actors.resolve(m, on)
    return None

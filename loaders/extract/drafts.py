"""Draft events of one sentence: its triggers, kept or dropped by their modality.

A trigger becomes a draft only when it reports something that happened (or is
scheduled with a date): future, conditional, negated, hoped-for and threatened
events are dropped here, and nouns need what makes them an event (a governing
verb, two parties, a time anchor, a place or casualties). Each draft owns the
stretch of its sentence up to the next draft's trigger: its time expression and
its parties are looked for there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from chrono.loaders.extract.actors import Who, cues
from chrono.loaders.extract.attacks import victim_words
from chrono.loaders.extract.eventdates import UNKNOWN, When, from_expression, is_upcoming
from chrono.loaders.extract.triggers import Entry, Hit, lexicon, token_index

CONDITIONAL_WINDOW = 12
RELATIVE_REACH = 6  # a relative clause's victim verb has its own time this near, if any
LAUNCH_WORDS = 12  # a launch verb ("شن") stands this near before the series it launched
_TO_WORDS = frozenset(["علي", "الي"])  # folded على, إلى before a verbal noun ("على عقد")
REPEATED_REACH = 8  # words after a speech verb in which "في بيانات متتالية" makes it no event
_SPEECH = frozenset({"speech", "continue", "announce"})


@dataclass
class Draft:
    """An event in the making; `extract` dates it, finds its actors and merges it."""

    kind: str
    hit: Hit
    sentence: Any  # Span
    evidence: tuple[int, int]
    status: str = "happened"
    gloss: str | None = None  # what an announcement made known
    governed: bool = False  # a noun governed by an event verb ("عقد اجتماعا")
    governor_start: int | None = None
    possessive: bool = False  # "لقائه", "استقباله": the sentence's subject is a party
    occasion_phrase: bool = False  # "خلال لقائه": the occasion of the sentence's statement
    distinct: bool = False  # "الاجتماع الموسع": a distinct session
    dialogue: bool = False  # a round or session of a dialogue
    definite: bool = False  # "اللقاء", "الاجتماع": a meeting already named
    in_quote: bool = False
    plural: bool = False
    tally: bool = False  # "13 هجوما": a count of attacks
    threat: bool = False
    reported: bool = False  # an attack named in a statement's reported words or as its object
    reported_from: int | None = None  # where those reported words begin
    time_from: int | None = None  # its time expression stands after this offset
    claimed: bool = False  # an attack whose perpetrator a claim verb names ("تبنى الهجوم")
    region: tuple[int, int] = (0, 0)
    frame_end: int = 0  # statements: where the reported words begin
    # filled in by extract
    when: When = UNKNOWN
    speaker: Who | None = None
    explicit: bool = False  # the speaker is named in the sentence (not carried over)
    parties: list[Who] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    occasion: Draft | None = None
    location: Any = None
    near: bool = False  # the location is only what the event happened near ("قرب مطار بغداد")
    killed: int | None = None
    wounded: int | None = None
    quotes: list[str] = field(default_factory=list)
    sentences: list[Any] = field(default_factory=list)
    other_occasion: bool = False
    merged_into: Draft | None = None
    confidence: float = 0.7


@lru_cache(maxsize=1 << 16)  # called for most words of a sentence, several times over
def bare(word: str) -> str:
    """A folded word without the conjunction and article written onto it."""
    if word.startswith(("و", "ف")) and len(word) > 3:
        word = word[1:]
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word


def _initial(doc: Any, hit: Hit, lo: int) -> bool:
    if hit.first == lo:
        return True
    between = doc.text[doc.toks[hit.first - 1].end : hit.start]
    return any(mark in between for mark in "،,.:؛\n")


def _governor(doc: Any, hit: Hit, lo: int) -> int | None:
    lex = lexicon()
    governors = lex.governors
    for j in range(hit.first - 1, max(lo, hit.first - lex.governor_window) - 1, -1):
        word = doc.toks[j].word
        if word in governors or (word.startswith("و") and word[1:] in governors):
            return j
    return None


def in_time(doc: Any, hit: Hit) -> bool:
    """A word of a time expression is no trigger ("فجر الأربعاء": dawn, not "blew up"), nor is
    a word of a name ("فيصل المقداد": not ف + يصل, "arrives")."""
    return doc.timed(hit.start) or doc.actors.named_at(hit.start, hit.end)


def word_of_event(doc: Any, hit: Hit, lo: int, hi: int) -> Hit | None:
    """The hit as a trigger of the sentence [lo, hi), or None when its words read otherwise
    here: not followed by what its entry needs, inside a time expression or a name, or a
    clause-initial form in mid-clause ("بين الجيش وقوات": between, not "explained")."""
    hit = reading(doc.toks, hit, hi)
    if hit is None or in_time(doc, hit) or (hit.entry.initial and not _initial(doc, hit, lo)):
        return None
    return hit


def reading(toks: list, hit: Hit, hi: int) -> Hit | None:
    """The hit with the lexicon entry whose `needs` its following words meet, if any."""
    entry: Entry | None = hit.entry
    while entry is not None and entry.needs:
        after = [t.word for t in toks[hit.last + 1 : min(hi, hit.last + 1 + entry.window)]]
        if any(w in entry.needs or bare(w) in entry.needs or w[1:] in entry.needs for w in after):
            break
        entry = entry.fallback
    if entry is None:
        return None
    return hit if entry is hit.entry else replace(hit, entry=entry)


def _upcoming_time(doc: Any, sentence: Any, start: int | None = None) -> Any:
    """A time expression of the sentence (from `start`, if given) that places something at
    or after publication."""
    for expr in doc.times_in(sentence.start if start is None else start, sentence.end, future=True):
        if is_upcoming(from_expression(expr), doc.published, expr.direction):
            return expr
    return None


def find(doc: Any, sentence: Any) -> list[Draft]:
    """The drafts of one sentence, in text order."""
    lex = lexicon()
    lo = token_index(doc.starts, sentence.start)
    hi = token_index(doc.starts, sentence.end)
    toks = doc.toks
    drafts: list[Draft] = []
    threat_at: int | None = None
    for hit in doc.hits_between(lo, hi):
        hit = word_of_event(doc, hit, lo, hi)
        if hit is None:
            continue
        entry = hit.entry
        in_quote = doc.quotes.inside(hit.start)
        if doc.cues.has("negation", max(lo, hit.first - 2), hit.first):
            continue
        if entry.role in ("speech", "continue", "announce"):
            if in_quote:
                continue
            if doc.cues.has("repeated", hit.last + 1, min(hi, hit.last + REPEATED_REACH)):
                continue  # "تعهدت الفصائل في بيانات متتالية": no one occasion
            if doc.cues.has("threat", max(lo, hit.first - 1), hit.first + 1):
                threat_at = hit.first
            kind = "statement" if entry.role != "announce" else "announcement"
            draft = Draft(kind, hit, sentence, (sentence.start, sentence.end))
            draft.threat = threat_at == hit.first
            drafts.append(draft)
            continue
        if entry.role == "participle":
            continue
        planned = entry.planned or hit.future or doc.cues.has(
            "future", max(lo, hit.first - doc.cue_window("future")), hit.first)
        if doc.cues.has("hope", max(lo, hit.first - doc.cue_window("hope")), hit.first):
            continue
        if doc.cues.has("conditional", max(lo, hit.first - CONDITIONAL_WINDOW), hit.first):
            continue
        draft = Draft(entry.kind, hit, sentence, (sentence.start, sentence.end))
        draft.in_quote = in_quote
        if planned:
            # in someone's reported words ("وقال إن فلسطين ستتوجه إلى المحاكم") only a time
            # among those words schedules it, not the statement's own ("اليوم")
            if _upcoming_time(doc, sentence, _reported_from(doc, drafts, hit)) is None:
                continue  # an intention with no scheduled occasion
            draft.status = "planned"
        if entry.kind == "attack":
            if threat_at is not None or doc.cues.has("threat", lo, hit.first):
                continue
            near = hit.first - 3, hit.last + 4
            if doc.cues.has("habitual", near[0], min(near[1], hi)):
                continue
            if answered(doc, hit, lo):
                continue
            if doc.cues.has("relative", max(lo, hit.first - 1), hit.first) and (
                    bare(hit.form) in victim_words() or hit.form in victim_words()) and not (
                    doc.times_in(hit.start, toks[min(hi, hit.last + RELATIVE_REACH) - 1].end)):
                # "الجنود الذين قتلوا في العراق": who they were, not an attack (unlike "نعت
                # الهيئة القائد الذي استشهد ظهر اليوم": its own time makes it one)
                continue
            if doc.cues.has("series", near[0], min(near[1], hi)) and not _launched_on_a_day(
                    doc, sentence, hit, lo):
                continue
            draft.tally = _counted(doc, hit, lo)
            draft.plural = entry.role == "plural" or draft.tally
        if any(complements(d.hit, hit) for d in drafts):
            continue  # "حصيلة ضحايا الغارات": the toll's own complement, one attack
        if entry.role == "noun" and any(
                d.kind == entry.kind and d.hit.entry.role == "act"
                and hit.first - d.hit.last <= d.hit.entry.window for d in drafts):
            continue  # "وقعت الفصائل ... على إعلان الجزائر": the act verb's object, one event
        if entry.role == "noun" and any(
                d.kind == entry.kind and d.status == "planned" and d.hit.entry.role != "noun"
                and hit.first - d.hit.last <= lex.governor_window for d in drafts):
            continue  # "من المقرر أن تعقد اللجنة اجتماعها": the scheduled verb's object, one event
        if entry.role in ("noun", "plural"):
            word = hit.form.split()[-1]
            gov = _governor(doc, hit, lo)
            if gov is not None and gov > lo and bare(toks[gov - 1].word) in _TO_WORDS:
                # "اتفاق الأطراف على عقد جولة جديدة منتصف أبريل المقبل", "دعا إلى عقد
                # اجتماع": the governor is a verbal noun, something agreed or asked for,
                # scheduled only with a date to come
                drafts = [d for d in drafts if d.hit.first != gov]
                if _upcoming_time(doc, sentence, toks[gov].start) is None:
                    continue
                draft.status = "planned"
                draft.time_from = toks[gov].start  # the date to come, not the agreement's
            draft.governed = gov is not None
            draft.governor_start = toks[gov].start if gov is not None else None
            # "عقد ... اجتماعا": the verb and its noun are one meeting, read from the noun
            drafts = [d for d in drafts if not (gov is not None and d.hit.first == gov
                                                and d.kind == entry.kind)]
            draft.possessive = hit.form.split()[0] in lex.possessive
            draft.definite = bare(hit.form.split()[0]).startswith(("ال", "بال", "لل")) or (
                hit.form.startswith(("ال", "وال", "بال", "لل", "فال")))
            before = [t.word for t in toks[max(lo, hit.first - 3) : hit.first]]
            draft.occasion_phrase = any(bare(w) in lex.occasion_words or w in lex.occasion_words
                                        for w in before)
            following = [t.word for t in toks[hit.last + 1 : min(hi, hit.last + 3)]]
            draft.distinct = any(w in lex.distinct_session for w in following)
            draft.dialogue = bare(word) in lex.dialogue_nouns or any(
                bare(w) in lex.dialogue_words or w in lex.dialogue_words
                for w in (t.word for t in toks[hit.last + 1 : min(hi, hit.last + 4)]))
        drafts.append(draft)
    regions(doc, drafts, sentence)
    for draft in drafts:
        if draft.kind == "attack":
            frames = [d.frame_end for d in drafts if d.kind != "attack" and d.hit.entry.role in _SPEECH
                      and d.hit.first < draft.hit.first and d.frame_end <= draft.hit.start]
            draft.reported = bool(frames)
            # the reported words proper: a complementiser, quote or colon ended the frame
            opened = [d.frame_end for d in drafts if d.kind != "attack" and d.hit.entry.role in _SPEECH
                      and d.hit.first < draft.hit.first and d.frame_end < min(d.region[1], draft.hit.start)]
            draft.reported_from = max(opened) if opened else None
    return drafts


def _launched_on_a_day(doc: Any, sentence: Any, hit: Hit, lo: int) -> bool:
    """"شن طيران التحالف فجر اليوم سلسلة غارات": a launch verb before the series and a
    day in its sentence."""
    claims = lexicon().claims
    launched = any(bare(t.word) in claims or t.word in claims
                   for t in doc.toks[max(lo, hit.first - LAUNCH_WORDS) : hit.first])
    return launched and any(e.precision == "day" for e in doc.times_in(sentence.start, sentence.end))


def _reported_from(doc: Any, drafts: list[Draft], hit: Hit) -> int | None:
    """Where the reported words that hold `hit` begin: the first complementiser after an
    earlier statement verb of the sentence, if one stands before the hit."""
    for d in drafts:
        if d.kind in ("statement", "announcement") and d.hit.entry.role in _SPEECH:
            for tok in doc.toks[d.hit.last + 1 : hit.first]:
                if tok.word in cues().complementisers:
                    return tok.start
    return None


def complements(head: Hit, hit: Hit) -> bool:
    """"حصيلة ضحايا الغارات": an attack noun within the window after an attack noun that needs
    it (a toll) is part of that noun, one attack with it, not another trigger."""
    entry = head.entry
    return (entry.kind == "attack" and entry.role == "noun" and bool(entry.needs)
            and hit.entry.kind == "attack" and hit.entry.role in ("noun", "plural")
            and 0 < hit.first - head.last <= entry.window)


def answered(doc: Any, hit: Hit, lo: int) -> bool:
    """"ردا على تفجيري كرمان": an attack noun named as the cause another attack answers, no
    event of its own (`lo`: the sentence's first token)."""
    return hit.entry.kind == "attack" and hit.entry.role in ("noun", "plural") and doc.cues.has(
        "in_response", max(lo, hit.first - doc.cue_window("in_response")), hit.first)


def _counted(doc: Any, hit: Hit, lo: int) -> bool:
    """"13 هجوما", "لأكثر من 60 هجوماً": a count of attacks is a tally, not one attack (the
    digits of a date are no count: "غزة 20-7-2014 وفا- استشهد")."""
    for tok in doc.toks[max(lo, hit.first - 3) : hit.first]:
        if doc.timed(tok.start):
            continue
        digits = tok.word.lstrip("ولب")
        if digits.isascii() and digits.isdigit() and int(digits) > 1:
            return True
    return False


def regions(doc: Any, drafts: list[Draft], sentence: Any) -> None:
    """Give each draft its stretch of the sentence, up to the next draft's trigger."""
    for i, draft in enumerate(drafts):
        start = drafts[i - 1].hit.end if i else sentence.start
        end = drafts[i + 1].hit.start if i + 1 < len(drafts) else sentence.end
        if draft.governor_start is not None:
            start = min(start, draft.governor_start)
        draft.region = (start, end)
        draft.frame_end = end
        if draft.kind in ("statement", "announcement"):
            j = draft.hit.last + 1
            last = token_index(doc.starts, end)
            while j < last:
                tok = doc.toks[j]
                if tok.word in cues().complementisers or (
                    doc.quotes.inside(tok.start) and _long_quote(doc, tok.start)
                ):
                    draft.frame_end = tok.start
                    break
                if ":" in doc.text[doc.toks[j - 1].end : tok.start]:
                    draft.frame_end = tok.start
                    break
                j += 1


def _long_quote(doc: Any, offset: int) -> bool:
    """A quote of several words (reported speech), not a quoted name ("من كربلاء الخبر")."""
    passage = doc.quotes.passage_at(offset)
    return passage is None or len(passage.split()) > 3

"""Who a draft is about: the speaker of a statement, the parties of a meeting,
the parties of an attack (whose perpetrator `perpetrators` finds), the body
behind an announcement.

The subject of a speech verb follows it (Arabic news writes verb first:
"وأكد وزير الخارجية الأميركي أنتوني بلينكن"), or stands before it ("وكان
الرئيس الأميركي، دونالد ترامب، قد قال"); with none, the verb continues the
previous speaker ("وأضاف", "وتابع").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chrono.loaders.extract.actors import STOPS, Who, cues, starts_with
from chrono.loaders.extract.drafts import Draft, bare
from chrono.loaders.extract.perpetrators import attack_parties
from chrono.loaders.extract.phrases import BEFORE_REACH, is_adjective, unknown_actor
from chrono.loaders.extract.triggers import lexicon, token_index

SUBJECT_REACH = 3  # the subject starts within this many words after the verb
TITLE_REACH = 6  # a title ("المتحدث باسم الحكومة") may run this long before its name
OPENING_SUBJECT = 7  # the subject of a sentence's first verb ends within this many words
TONGUE_REACH = 8  # "على لسان" follows the statement verb and its subject within this many words
OUTCOME_REACH = 3  # an outcome verb opens an announcement's reported words within this many words
COMPLEMENT_REACH = 4  # ... and a title's complement the gazetteer does not know this much longer
QUOTED_REACH = 12  # "عن المتحدث باسم قيادة العمليات المشتركة اللواء تحسين الخفاجي قوله"
PARTY_REACH = 16  # parties of a meeting are named within this many words of its trigger
ACT_REACH = 12  # an announcement's act noun follows its verb within this many words (dates aside)
_PLACE_PREPOSITIONS = frozenset(["في", "الي", "من", "علي", "لدي", "داخل", "قرب", "عن", "فيه"])
_SELF = frozenset(["انه", "انها", "انهم", "بانه", "بانها", "بانهم"])
KANA = frozenset(["كان", "كانت", "كانا", "كانوا", "كانتا"])  # folded, without و
_CLAUSE_OPENERS = frozenset(["حيث", "ثم", "بينما", "فيما", "عندما", "بعدما"])
_TOPIC = frozenset(["اما", "واما"])  # folded أما, whose answer is a verb with ف
# folded words that open an aside set off by commas ("، في مرسوم نشرته وكالة الأنباء،")
_ASIDE_OPENERS = frozenset(["في", "اثر", "عقب", "خلال", "بعد", "لدي", "امام", "عبر"])
_AGENT_ROLE = {  # folded, without و
    "استقبل": ("host", "guest"), "استقبال": ("host", "guest"), "يستقبل": ("host", "guest"),
    "تستقبل": ("host", "guest"), "زار": ("visitor", "host"), "يزور": ("visitor", "host"),
    "تزور": ("visitor", "host"),
}


def _timed(doc: Any, tok: Any) -> bool:
    """True when the token is part of a time expression ("زار الجمعة إسرائيل")."""
    return doc.timed(tok.start)


def _adjacent(doc: Any, end: int, start: int) -> bool:
    """Nothing but spaces and punctuation between two mentions."""
    return not any(ch.isalnum() for ch in doc.text[end:start])


def _kana_qad(doc: Any, draft: Draft) -> bool:
    """"وكان بلينكن قد زار": the subject stands between كان and قد, before the verb."""
    i = draft.hit.first
    if i == 0 or doc.toks[i - 1].word not in ("قد", "وقد"):
        return False
    return any(bare(doc.toks[j].word) in KANA for j in range(max(i - BEFORE_REACH, 0), i - 1))


def _by_tongue(doc: Any, draft: Draft, on: date | None) -> Who | None:
    """"نفت جماعة الحوثي على لسان المتحدث باسمها محمد عبد السلام": the body spoke through
    the person named after على لسان, who is the speaker."""
    end_tok = token_index(doc.starts, draft.frame_end)
    toks = doc.toks
    for j in range(draft.hit.last + 1, min(end_tok, draft.hit.last + TONGUE_REACH) - 1):
        if toks[j].word == "علي" and bare(toks[j + 1].word) == "لسان":
            span_end = toks[min(end_tok, j + 2 + TITLE_REACH + COMPLEMENT_REACH) - 1].end
            person = next((m for m in doc.actors.in_span(toks[j + 1].end, span_end)
                           if m.entity.kind == "person"), None)
            return doc.actors.resolve(person, on) if person is not None else None
    return None


def _kana_subject(doc: Any, draft: Draft, on: date | None) -> Who | None:
    """"وكان المكتب الإعلامي في رئاسة الجمهورية قد أعلن": an unknown subject between كان and
    قد, named by its definite words."""
    i = draft.hit.first
    kana = next((j for j in range(i - 2, max(i - BEFORE_REACH, 0) - 1, -1)
                 if bare(doc.toks[j].word) in KANA), None)
    return unknown_actor(doc, kana + 1, i - 1, on) if kana is not None else None


def _after_verb(doc: Any, draft: Draft, on: date | None) -> tuple[Who | None, str]:
    """(who, how): how is "named", "anaphor", "unnamed" or "none"."""
    c = cues()
    toks = doc.toks
    end_tok = token_index(doc.starts, draft.frame_end)
    j = draft.hit.last + 1
    while j < end_tok and (toks[j].word in c.skip_words or toks[j].word in c.honorific_nouns
                           or _timed(doc, toks[j])):
        j += 1
    if j >= end_tok:
        return None, "none"
    first = toks[j]
    if first.word in c.honorifics or bare(first.word) in c.honorifics:  # "وشدد جلالته"
        who = doc.actors.honorific(bare(first.word), draft.hit.start)
        return (who, "named") if who is not None else (None, "none")
    word = bare(first.word) if not first.word.startswith("ال") else first.word
    if first.word in c.statement_anaphors or bare(first.word) in c.statement_anaphors:
        return None, "anaphor"
    if bare(first.word) in c.unnamed or first.word in c.unnamed:
        # "مسؤول الدفاع المدني في ريف دمشق عبد الرحمن الخطيب": a title after all when a
        # name follows it
        titled = doc.actors.title_end(first.start)
        person = _titled_person(doc, first, toks[min(end_tok, j + TITLE_REACH + COMPLEMENT_REACH) - 1].end
                                ) if titled is not None else None
        if person is None:
            return None, "unnamed"
        return doc.actors.resolve(person, on), "named"
    if first.word in STOPS:
        return None, "none"
    words = [t.word for t in toks[j : min(end_tok, j + 4)]]
    reach_end = first.end
    titled = doc.actors.title_end(first.start)
    if titled is not None:
        reach_end = toks[min(end_tok, token_index(doc.starts, titled) + SUBJECT_REACH) - 1].end
    title_end = toks[min(end_tok, j + TITLE_REACH) - 1].end
    mentions = [m for m in doc.actors.in_span(first.start, title_end) if not is_adjective(doc, m)]
    if titled is not None:
        # "الناطق الإعلامي باسم مديرية الأمن العام المقدم محمد الخطيب": the person the
        # title and its complement lead to, before any break in the subject
        person = _titled_person(doc, first, toks[min(end_tok, j + TITLE_REACH + COMPLEMENT_REACH) - 1].end)
        if person is not None:
            return doc.actors.resolve(person, on), "named"
    # a title then a name: take the person
    if len(mentions) > 1 and mentions[1].entity.kind == "person" and mentions[0].entity.kind in (
            "organisation", "group") and _adjacent(doc, mentions[0].end, mentions[1].start):
        # "المتحدث باسم كتائب حزب الله أبو علي العسكري", "زعيم التيار الصدري مقتدى الصدر"
        return doc.actors.resolve(mentions[1], on), "named"
    if mentions and mentions[0].start < reach_end:
        head = mentions[0]
        if head.entity.kind == "office":
            return doc.actors.resolve(head, on), "named"
        if head.entity.kind != "person":
            person = next((m for m in mentions if m.entity.kind == "person"
                           and m.start < title_end and head.entity.kind == "office"), None)
            if person is not None:
                return doc.actors.resolve(person, on), "named"
        who = doc.actors.resolve(head, on)
        if who is not None:
            return who, "named"
    described = doc.actors.descriptor(words, draft.hit.start)
    if described is not None:
        return described, "named"
    if words and (words[0] in c.descriptor_heads or words[0][1:] in c.descriptor_heads):
        person = next((m for m in mentions if m.entity.kind == "person"), None)
        if person is not None:
            return doc.actors.resolve(person, on), "named"
    surname = doc.actors.surname(word, draft.hit.start)
    if surname is not None:
        return surname, "named"
    body = doc.actors.head_noun(first.word, draft.hit.start, on)
    if body is not None:
        return body, "named"
    unknown = unknown_actor(doc, j, end_tok, on)
    if unknown is not None:
        return unknown, "named"
    return None, "none"


def _titled_person(doc: Any, first: Any, end: int) -> Any:
    """The first person named in [first.start, end) with nothing but title words before it
    (no comma, quote or colon between), unless a known office or body comes first with a
    person right after it (the rules of `_after_verb` read those)."""
    for m in doc.actors.in_span(first.start, end):
        if m.entity.kind == "office":
            return None
        if m.entity.kind == "person":
            gap = doc.text[first.start : m.start]
            return None if any(ch in gap for ch in "،,:\"«“(") else m
    return None


def _before_verb(doc: Any, draft: Draft, on: date | None,
                 speakers: frozenset[str] = frozenset()) -> Who | None:
    lo = max(token_index(doc.starts, draft.region[0]), draft.hit.first - BEFORE_REACH)
    for j in range(draft.hit.first - 1, lo - 1, -1):
        if bare(doc.toks[j].word) in _CLAUSE_OPENERS:
            lo = j + 1  # "زار الجمعة إسرائيل، ثم انتقل ... حيث التقى": no subject before حيث
            break
    if lo < draft.hit.first and (honoured := doc.actors.honorific(
            doc.toks[draft.hit.first - 1].word, draft.hit.start, speakers)) is not None:
        return honoured  # "بأن سموه أكد"
    start = doc.toks[lo].start if lo < draft.hit.first else draft.hit.start
    best = None
    for m in doc.actors.in_span(start, draft.hit.start):
        if is_adjective(doc, m) or m.entity.kind == "place":
            continue
        i = token_index(doc.starts, m.start)
        if i > 0 and bare(doc.toks[i - 1].word) in _PLACE_PREPOSITIONS:
            continue
        who = doc.actors.resolve(m, on)
        if who is not None:
            best = who if best is None or best.kind != "person" or who.kind == "person" else best
    return best


def _clause_initial(doc: Any, draft: Draft) -> bool:
    """A verb that opens its clause ("وأكد", "، كما أكد") has no subject before it."""
    form = draft.hit.form.split()[0]
    if form.startswith("ف") and _topicalised(doc, draft):
        return False  # "أما زعيم التيار الصدري مقتدى الصدر فدعا": the subject stands before أما's ف
    if form.startswith(("و", "ف")) and (form[1:],) in lexicon().forms:
        return True
    i = draft.hit.first
    return i > 0 and doc.toks[i - 1].word in ("كما", "وكما")


def _topicalised(doc: Any, draft: Draft) -> bool:
    """"أما X فقال": أما opens the verb's clause within BEFORE_REACH words."""
    lo = max(token_index(doc.starts, draft.sentence.start), draft.hit.first - BEFORE_REACH)
    return any(doc.toks[j].word in _TOPIC for j in range(lo, draft.hit.first))


def _last_body(state: Any) -> Who | None:
    for event in reversed(state.events):
        if event.kind == "statement" and event.speaker is not None and event.speaker.kind != "person":
            return event.speaker
    return state.last_statement.speaker if state.last_statement is not None else None


def _meeting_body(state: Any) -> Who | None:
    """The body that held the last meeting read: who issues its communique ("البيان الختامي")."""
    for event in reversed(state.events):
        if event.kind == "meeting":
            body = next((w for w in event.parties if w.kind in ("organisation", "group")), None)
            if body is not None:
                return body
    return None


def _quoted_speaker(doc: Any, draft: Draft, on: date | None) -> Who | None:
    """The speaker of words quoted through someone else ("نقل البيان عن السوداني قوله"):
    named between the entry's `through` word and the trigger, a person first."""
    lo = max(token_index(doc.starts, draft.sentence.start), draft.hit.first - QUOTED_REACH)
    at = next((j for j in range(draft.hit.first - 1, lo - 1, -1)
               if bare(doc.toks[j].word) == draft.hit.entry.through), None)
    if at is None or at + 1 >= draft.hit.first:
        return None
    found = [who for m in doc.actors.in_span(doc.toks[at + 1].start, draft.hit.start)
             if not is_adjective(doc, m) and (who := doc.actors.resolve(m, on)) is not None]
    person = next((w for w in found if w.kind == "person"), None)
    return person or (found[0] if found else unknown_actor(doc, at + 1, draft.hit.first, on))


def _dual_anaphor(doc: Any, draft: Draft) -> bool:
    """"ووقع الجانبان", "وعقد الجانبان ... اجتماعا": a dual that names the two sides just
    after the verb (or the noun's governing verb)."""
    i = draft.hit.last + 1
    if draft.governor_start is not None:
        i = token_index(doc.starts, draft.governor_start) + 1
    while i < len(doc.toks) and doc.toks[i].word in cues().skip_words:
        i += 1
    return i < len(doc.toks) and (doc.toks[i].word in cues().dual_anaphors
                                  or bare(doc.toks[i].word) in cues().dual_anaphors)


def _two_sides(state: Any, kept: list[Draft]) -> list[Who]:
    """The two sides a dual refers to: the parties of the last meeting read, else the last
    two speakers."""
    for event in reversed([*state.events, *kept]):
        if event.kind == "meeting" and len(event.parties) >= 2:
            return list(event.parties)
    speakers: list[Who] = []
    for event in reversed([*state.events, *kept]):
        if event.speaker is not None and event.speaker.key not in {w.key for w in speakers}:
            speakers.append(event.speaker)
        if len(speakers) == 2:
            return speakers[::-1]
    return []


def subject(doc: Any, state: Any, draft: Draft, on: date | None, kept: list[Draft]) -> bool:
    """Find the speaker of a statement or announcement; False when it is not an event."""
    if draft.hit.entry.through is not None:
        who = _quoted_speaker(doc, draft, on)
        if who is None:
            return False
        draft.speaker, draft.explicit = who, True
        return True
    if draft.hit.entry.role == "act" and _dual_anaphor(doc, draft) and (sides := _two_sides(state, kept)):
        draft.speaker, draft.explicit = sides[0], False
        draft.parties = sides[1:]
        draft.gloss = _act(doc, draft, anywhere=True)
        return True
    who, how = _after_verb(doc, draft, on) if not _kana_qad(doc, draft) else (None, "none")
    if how == "unnamed":
        return False
    if who is not None and who.kind != "person":
        who = _by_tongue(doc, draft, on) or who
    if how == "anaphor":
        who = _last_body(state)
        if who is None and _communique(doc, draft):
            who = _meeting_body(state)
    explicit = who is not None and how == "named"
    if who is None and not _clause_initial(doc, draft):
        speakers = frozenset(d.speaker.key for d in kept if d.speaker is not None
                             and d.sentence is draft.sentence and d.kind == "statement")
        who = _before_verb(doc, draft, on, speakers)
        if who is None and _kana_qad(doc, draft):
            who = _kana_subject(doc, draft, on)
        explicit = who is not None
    if who is None and draft.hit.entry.role != "act":
        earlier = next((d.speaker for d in reversed(kept) if d.speaker is not None
                        and d.hit.entry.role in ("speech", "continue", "announce")), None)
        if earlier is None:
            # "وتبنت المقاومة الإسلامية الهجوم، وقالت إنه يأتي ردا": who claimed it speaks on
            earlier = next((d.parties[0] for d in reversed(kept) if d.kind == "attack"
                            and d.claimed and d.parties), None)
        if earlier is None and _clause_initial(doc, draft):
            # "وتحول رئيس الجمهورية الباجي قائد السبسي إلى مكان الهجوم، وصرح بأن": the
            # subject of the sentence's first verb goes on
            earlier = _opening_subject(doc, draft, on)
        if earlier is None and state.last_statement is not None:
            earlier = state.last_statement.speaker
        who = earlier
    if who is None and draft.hit.entry.role == "act":
        # "افتتح اليوم معبر البوكمال ... بحضور وزير الداخلية": a passive act, done before
        # whoever attended
        attendees = _attendees(doc, draft, on)
        who = attendees[0] if attendees else None
        draft.parties = attendees[1:]
    if who is None:
        return False
    draft.speaker, draft.explicit = who, explicit
    lo = token_index(doc.starts, draft.sentence.start)
    draft.other_occasion = doc.cues.has("other_occasion", lo, draft.hit.first + 1)
    if draft.hit.entry.role == "announce":
        draft.gloss = _act(doc, draft)
        if draft.gloss is None:
            draft.kind = "statement"
    elif draft.hit.entry.role == "act":
        draft.gloss = _act(doc, draft, anywhere=True)
        if explicit:
            for other in _co_subjects(doc, draft, who, on):
                draft.parties.append(other)
                draft.roles[other.key] = "announcer"
    if draft.kind == "statement" and who.kind != "person" and _readout(doc, state, draft):
        return False
    return True


def _co_subjects(doc: Any, draft: Draft, first: Who, on: date | None) -> list[Who]:
    """"وقع الرئيس الأمريكي جو بايدن ورئيس الوزراء العراقي مصطفى الكاظمي اتفاقا": the
    subjects after the first, each joined by و, before what the act verb needs."""
    hi = token_index(doc.starts, draft.region[1])
    needs = draft.hit.entry.needs
    end = next((doc.toks[j].start for j in range(draft.hit.last + 1, hi)
                if bare(doc.toks[j].word) in needs or doc.toks[j].word in needs), None)
    if end is None:
        return []
    out, keys = [], {first.key}
    for m in doc.actors.in_span(draft.hit.end, end):
        tok = doc.toks[doc.actors.token_at(m.start)]  # the token the mention starts in
        joined = tok.start < m.start or tok.word.startswith("و")
        if not joined or m.entity.kind not in ("person", "office", "country") or is_adjective(doc, m):
            continue
        who = doc.actors.resolve(m, on)
        if who is not None and who.key not in keys and who.kind in ("person", "country"):
            keys.add(who.key)
            out.append(who)
    return out


def _act(doc: Any, draft: Draft, anywhere: bool = False) -> str | None:
    """The gloss of the act noun an announcement makes known ("تشكيل" -> formation)."""
    acts = lexicon().act_nouns
    end = token_index(doc.starts, draft.region[1])
    if draft.hit.entry.role == "announce":
        # in the reported words only the speaker's own act counts ("أعلن أنه سيقدم استقالته",
        # not "أعلن أن الولايات المتحدة لا تخطط لسحب قواتها")
        frame = token_index(doc.starts, draft.frame_end)
        asides = _asides(doc, draft.hit.last + 1, token_index(doc.starts, draft.sentence.end))
        inside = next((hi for lo, hi in asides if lo <= end <= hi), None)
        if inside is not None:
            # "أعلن كرتي، في مؤتمر صحفي عقب المباحثات، أن ...": the aside holds the next
            # trigger; the reported words begin after it
            end = token_index(doc.starts, draft.sentence.end)
            frame = next((k for k in range(inside, end)
                          if doc.toks[k].word in cues().complementisers), end)
        if frame < end and doc.toks[frame].word not in _SELF:
            outcome = _reported_outcome(doc, frame, end)
            if outcome is not None:
                return outcome
            end = frame
        elif _communique(doc, draft):
            # "أعلن البيان الصادر عن الاجتماع التوصل إلى": the meeting is the communique's
            # occasion, named inside its subject; the act comes after it
            end = token_index(doc.starts, draft.sentence.end)
    counted = 0
    asides = _asides(doc, draft.hit.last + 1, token_index(doc.starts, draft.sentence.end))
    if any(lo <= end <= hi for lo, hi in asides):
        # the region ends inside an aside ("، إثر اجتماع خلية الأزمة مساء أمس،") at the next
        # draft's trigger: the act comes after it
        end = max(end, next(hi for lo, hi in asides if lo <= end <= hi) + ACT_REACH)
        end = min(end, token_index(doc.starts, draft.sentence.end))
    for k in range(draft.hit.last + 1, end):
        tok = doc.toks[k]
        if any(lo <= k < hi for lo, hi in asides) or _timed(doc, tok) or doc.actors.in_span(
                tok.start, tok.end):
            continue  # the channel or occasion set off by commas, dates, the subject's names
        counted += 1
        if counted > ACT_REACH:
            break
        # "لمنع", "لدعم": a purpose ("in order to"), not the act made known
        clitic = tok.word[1:] if not tok.word.startswith("ل") else tok.word
        for word in (tok.word, bare(tok.word), clitic, _unowned(bare(tok.word))):
            if word in acts:
                return acts[word]
            if anywhere and word[:-1] in acts:
                return acts[word[:-1]]
    return None


def _opening_subject(doc: Any, draft: Draft, on: date | None) -> Who | None:
    """The person named as the subject of the verb that opens the draft's sentence (within
    OPENING_SUBJECT words of its start), when that verb is no trigger of its own."""
    lo = token_index(doc.starts, draft.sentence.start)
    hi = min(draft.hit.first, lo + OPENING_SUBJECT)
    if hi <= lo + 1 or doc.hits_between(lo, hi):
        return None
    return next((doc.actors.resolve(m, on) for m in doc.actors.in_span(
        doc.toks[lo + 1].start, doc.toks[hi - 1].end) if m.entity.kind in ("person", "office")),
        None)


def _attendees(doc: Any, draft: Draft, on: date | None) -> list[Who]:
    """The actors after an attendance word ("بحضور") in the draft's sentence."""
    lo = draft.hit.last + 1
    hi = token_index(doc.starts, draft.sentence.end)
    for k in range(lo, hi):
        if doc.toks[k].word in cues().attendance_words:
            return doc.actors.all_actors(doc.toks[k].end, draft.sentence.end, on)
    return []


def _reported_outcome(doc: Any, frame: int, end: int) -> str | None:
    """The gloss of an outcome verb that opens the reported words ("أن الرئيسين اتفقا على"),
    within OUTCOME_REACH words of the complementiser."""
    outcomes = lexicon().reported_outcomes
    for k in range(frame + 1, min(end, frame + 1 + OUTCOME_REACH)):
        tok = doc.toks[k]
        word = bare(tok.word)
        if word in outcomes or tok.word in outcomes:
            return outcomes.get(word) or outcomes[tok.word]
        pair = f"{word} {doc.toks[k + 1].word}" if k + 1 < end else ""
        if pair in outcomes:  # "أن نسبة المشاركة بلغت", "أن الرئيس عون وقع مرسوم"
            return outcomes[pair]
    return None


def _asides(doc: Any, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token spans [start, end) in [lo, hi) set off by commas that open with a preposition
    ("أعلن غالي، في مرسوم نشرته وكالة الأنباء اليوم، إنهاء ..."): closed by a comma before
    any complementiser, else none."""
    out = []
    start = None
    for k in range(lo, hi):
        tok = doc.toks[k]
        comma = k > 0 and any(ch in doc.text[doc.toks[k - 1].end : tok.start] for ch in "،,")
        if start is not None and (comma or tok.word in cues().complementisers):
            if comma:
                out.append((start, k))
            start = None
        if start is None and comma and (bare(tok.word) in _ASIDE_OPENERS or tok.word in _ASIDE_OPENERS):
            start = k
    return out


def _communique(doc: Any, draft: Draft) -> bool:
    """The announcement's subject is a written statement ("البيان الختامي للقمة")."""
    j = draft.hit.last + 1
    if j >= len(doc.toks):
        return False
    return bare(doc.toks[j].word) in {bare(w) for w in cues().statement_anaphors}  # "البيان", "بيان"


def _unowned(word: str) -> str:
    """"استقالته" -> "استقاله": a noun without its possessive ending (ة is written ت before it)."""
    for ending in ("تهم", "تها", "ته"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + "ه"
    return word


def _readout(doc: Any, state: Any, draft: Draft) -> bool:
    """A body's statement that only reports what was said at a meeting already read."""
    if not any(e.kind == "meeting" for e in state.events):
        return False
    i = token_index(doc.starts, draft.frame_end)
    words = [t.word for t in doc.toks[i : i + 5] if t.word not in cues().complementisers]
    return any(starts_with(words[k:], cue) for k in range(2) for cue in lexicon().readout_cues)


def parties(doc: Any, state: Any, draft: Draft, on: date | None, kept: list[Draft]) -> bool:
    """The parties, place and roles of a meeting, attack or announcement noun; False to drop."""
    start = draft.governor_start if draft.governor_start is not None else draft.hit.start
    if draft.governed:
        start = _subject_start(doc, draft, start)
    last = min(token_index(doc.starts, draft.region[1]), draft.hit.last + PARTY_REACH)
    end = doc.toks[last - 1].end if last > draft.hit.last else draft.hit.end
    if draft.kind == "meeting":
        end = min(end, _clause_end(doc, draft, end))
    whos: list[Who] = []
    speakers = {d.speaker.key for d in kept if d.speaker is not None}
    for m in doc.actors.in_span(start, end):
        if m.entity.kind == "place" or (is_adjective(doc, m) and not draft.dialogue):
            continue
        i = token_index(doc.starts, m.start)
        prev = doc.toks[i - 1].word if i > 0 else ""
        if (prev in _PLACE_PREPOSITIONS and (m.entity.kind == "country" or (
                draft.kind == "meeting" and prev != "من"))):
            continue
        who = doc.actors.resolve(m, on)
        if m.start < draft.hit.start and who is not None and who.key in speakers and draft.governed:
            continue
        if who is not None and who.key not in {w.key for w in whos}:
            if m.entity.kind == "office" and who.kind == "person":
                whos = [w for w in whos if w.key != who.key]
            whos.append(who)
    whos = _collapse_offices(whos)
    if draft.kind == "attack":
        # "تعرضت قاعدة عين الأسد ... لهجوم": the target may be named before the attack word
        draft.location, draft.near = doc.actors.most_specific(
            min(start, draft.region[0]), draft.region[1], draft.hit.start)
    else:
        places = doc.actors.places(start, draft.region[1])
        draft.location = places[0] if places else None
    if draft.kind == "meeting":
        return _meeting(doc, state, draft, whos, kept, on)
    if draft.kind == "attack":
        attack_parties(doc, draft, whos, on)
        if draft.location is None:
            # "استهدفت صواريخ مجمع السفارة الأمريكية في بغداد": where its target body sits
            draft.location = next((place for w in draft.parties if draft.roles.get(w.key) == "target"
                                   and (place := doc.actors.gazetteer.seat(w.key)) is not None), None)
        return True
    # an announcement noun ("طلب رسمي"): only with a time expression of its own
    draft.speaker = whos[0] if whos else None
    return draft.when.source == "own"


def _subject_start(doc: Any, draft: Draft, start: int) -> int:
    """Where the subject of a governing verb may begin: back to a complementiser or the region."""
    gov = token_index(doc.starts, start)
    lo = max(token_index(doc.starts, draft.region[0]), gov - BEFORE_REACH - 2)
    for j in range(gov - 1, lo - 1, -1):
        if doc.toks[j].word in ("ان", "بان"):
            return doc.toks[j].end
    return doc.toks[lo].start if lo < gov else start


def _collapse_offices(whos: list[Who]) -> list[Who]:
    people = {w.key for w in whos if w.kind == "person"}
    return [w for w in whos if not (w.kind == "office" and w.key in people)]


def _clause_end(doc: Any, draft: Draft, end: int) -> int:
    """A meeting's parties stop at the complementiser or quote that starts reported words."""
    last = token_index(doc.starts, end)
    for j in range(draft.hit.last + 1, last):
        if doc.toks[j].word in ("ان", "بان") or doc.cues.has("party_stops", j, j + 1):
            return doc.toks[j].start
    return end


def _meeting(doc: Any, state: Any, draft: Draft, whos: list[Who], kept: list[Draft],
             on: date | None) -> bool:
    role = draft.hit.entry.role
    agent = None
    speaker = next((d.speaker for d in kept if d.speaker is not None), None)
    # "وأكد رئيسي خلال اتصال هاتفي مع نظيره": the speaker of a new occasion is a party, as of
    # "خلال لقائه" ("خلال اللقاء" names one already read)
    possessive = draft.possessive or (draft.occasion_phrase and role == "noun" and not draft.definite
                                      and speaker is not None)
    if possessive or role in ("event", "planned"):
        agent = speaker if possessive else None
        if agent is None and role in ("event", "planned"):
            after, how = _after_verb(doc, draft, on) if not _kana_qad(doc, draft) else (None, "")
            if _continues(doc, draft, kept):
                # "يزور X أنقرة، حيث يلتقي نظيره": X's visit; who follows is met, not meeting
                agent = _carried(state, kept)
                whos = whos + ([after] if how == "named" and after is not None else [])
            else:
                agent = after if how == "named" else _before_verb(doc, draft, on)
                draft.explicit = agent is not None
                if agent is None:
                    agent = _carried(state, kept)
        if agent is None and possessive:
            agent = _before_verb(doc, draft, on) or (
                state.last_statement.speaker if state.last_statement else None)
    if agent is not None:
        whos = [agent] + [w for w in whos if w.key != agent.key]
    if not whos and (_dual_anaphor(doc, draft) or draft.distinct):
        # "وعقد الجانبان اجتماعا"; "وأعقبت ذلك جلسة مباحثات موسعة": the expanded session of
        # the encounter just read has its parties
        whos = _two_sides(state, kept)
    for extra in _titled_parties(doc, draft, whos, on):
        if extra.key not in {w.key for w in whos}:
            whos.append(extra)
    draft.parties = whos
    host_guest = _AGENT_ROLE.get(bare(draft.hit.form.split()[-1]).rstrip("ه"))
    for k, who in enumerate(whos):
        if host_guest:
            draft.roles[who.key] = host_guest[0] if k == 0 and agent is not None else host_guest[1]
        else:
            draft.roles[who.key] = "participant"
    if host_guest and draft.location is None and doc.dateline is not None and agent is not None:
        if agent.country and agent.country == doc.dateline.country:
            draft.location = doc.dateline
    if role in ("event", "planned"):
        return len(whos) >= 1
    if draft.governed:
        # "انطلقت اليوم أعمال القمة": a session opened on a date happened, whoever attends
        return len(whos) >= 1 or draft.dialogue or draft.when.source == "own"
    return len(whos) >= 2


def _titled_parties(doc: Any, draft: Draft, whos: list[Who], on: date | None) -> list[Who]:
    """Parties named by a title alone after the meeting word: "الوزير الإيراني" (the person
    so titled before), "نظيره العراقي" (the first party's counterpart)."""
    c = cues()
    lo = draft.hit.last + 1
    hi = min(token_index(doc.starts, draft.region[1]), lo + PARTY_REACH)
    hi = min(hi, token_index(doc.starts, _clause_end(doc, draft, doc.toks[hi - 1].end)) + 1) \
        if hi > lo else hi
    out: list[Who] = []
    for j in range(lo, hi):
        word = doc.toks[j].word
        nxt = doc.toks[j + 1].word if j + 1 < len(doc.toks) else ""
        if (word in c.counterparts or bare(word) in c.counterparts) and whos:
            country = c.nationalities.get(nxt)
            if country is not None:
                found = doc.actors.counterpart(whos[0], country, on)
                if found is not None:
                    out.append(found)
        elif word in c.descriptor_heads or word[1:] in c.descriptor_heads:
            words = [t.word for t in doc.toks[j : j + 4]]
            if any(m.entity.kind in ("person", "office") for m in doc.actors.in_span(
                    doc.toks[j].start, doc.toks[min(j + 2, hi - 1)].end)):
                continue  # a title with its name: the gazetteer has the name
            found = doc.actors.descriptor(words, doc.toks[j].start)
            if found is not None:
                out.append(found)
    return out


def _continues(doc: Any, draft: Draft, kept: list[Draft]) -> bool:
    """A meeting verb right after "حيث" that follows a meeting of the same sentence."""
    i = draft.hit.first
    return i > 0 and doc.toks[i - 1].word == "حيث" and any(d.kind == "meeting" for d in kept)


def _carried(state: Any, kept: list[Draft]) -> Who | None:
    """The subject a verb with none of its own continues ("ثم انتقل إلى عمان حيث التقى"):
    the first party of the sentence's or the article's last meeting or statement."""
    for event in [*reversed(kept), *reversed(state.events[-1:])]:
        if event.kind == "meeting" and event.parties:
            return event.parties[0]
        if event.kind == "statement" and event.speaker is not None:
            return event.speaker
    return None

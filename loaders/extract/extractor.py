"""The event extractor: a cleaned article in, its dated events out.

Sentences (chrono.loaders.sentences) are read in order; each one's triggers
become drafts (chrono.loaders.extract.drafts); a draft gets its date (eventdates), its
actors (actors) and its counts (attacks), then joins the event it continues:
one statement per speaker and occasion, one meeting however often it is
mentioned. Pure: no database, no clock; the publication date is a parameter.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from chrono.loaders import DATA_DIR
from chrono.loaders import gazetteer as gazetteer_module
from chrono.loaders.arabic import fold, has_arabic
from chrono.loaders.dates import find_dates
from chrono.loaders.extract.actors import Actors, cues
from chrono.loaders.extract.attacks import casualties
from chrono.loaders.extract.drafts import Draft, answered, bare, complements, regions, word_of_event
from chrono.loaders.extract.drafts import find as find_drafts
from chrono.loaders.extract.eventdates import UNKNOWN, When, bound, from_expression, inherited, shifted
from chrono.loaders.extract.merging import place
from chrono.loaders.extract.quotes import Quotes
from chrono.loaders.extract.render import render
from chrono.loaders.extract.reported import carriers
from chrono.loaders.extract.subjects import KANA, parties, subject
from chrono.loaders.extract.triggers import (
    CueIndex,
    cue_lists,
    cue_window,
    lexicon,
    starting_in,
    token_index,
    tokens,
)
from chrono.loaders.extract.triggers import find as find_hits
from chrono.loaders.outlets import outlet_country
from chrono.loaders.sentences import sentences
from chrono.schema.extraction import ExtractedEvent

CODE_VERSION = "0.4.4"  # bump by hand whenever the rules change
DATA = DATA_DIR
MIN_WORDS = 4  # shorter lines are headlines or furniture, never evidence
SPEECH_ROLES = frozenset({"speech", "continue", "announce", "act"})
STATEMENT_LEAD = 6  # a statement's time expression may stand this many words before its verb
OPENING_PLACE_WORDS = 4  # "وفي العاصمة العمانية مسقط،": the words of a sentence's opening place
EVENT_REACH = 20  # other events' time expressions stand within this many words of the trigger
TIME_SPAN = 40  # a word counts as part of a time expression this near its start
LAUNCH_REACH = 9  # "شنت الولايات المتحدة وبريطانيا، فجر اليوم، ضربات": the verb's subject and time between


def _data_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(DATA.glob("*")):
        if path.suffix in (".yml", ".yaml", ".csv"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update(gazetteer_module.data_hash().encode())
    return digest.hexdigest()


EXTRACTOR_VERSION: str = f"{CODE_VERSION}+{_data_hash()[:12]}"


@cache
def _gazetteer() -> gazetteer_module.Gazetteer:
    return gazetteer_module.load()


@cache
def _cue_lists() -> dict[str, frozenset[tuple[str, ...]]]:
    return {**cue_lists(), "other_occasion": frozenset(cues().other_occasion),
            "same_occasion": frozenset(cues().same_occasion)}


class Doc:
    """One article, read once: tokens, triggers, quotes, time expressions, mentions."""

    def __init__(self, text: str, published: date | None, dateline: str | None,
                 title: str | None = None, outlet: str | None = None) -> None:
        self.text = text
        self.published = published
        self.toks = tokens(text)
        self.starts = [t.start for t in self.toks]
        self.hits = find_hits(self.toks)
        self._hit_firsts = [h.first for h in self.hits]
        self.quotes = Quotes(text)
        self.cues = CueIndex(self.toks, _cue_lists())
        self.times = find_dates(text, published)
        self._time_starts = [t.start for t in self.times]
        self.dateline_times = {t.start for t in self.times if _in_dateline(text, t)}
        self._timed = {i for t in self.times for i in range(t.start, min(t.end, t.start + TIME_SPAN + 1))}
        self.gazetteer = _gazetteer()
        self.dateline = self.gazetteer.place_named(dateline) if dateline else None
        # the article's country, for the bare titles it uses: where it was filed, else
        # where a national outlet is based
        country = self.dateline.country if self.dateline else outlet_country(outlet)
        self.actors = Actors(text, self.toks, self.gazetteer, country)
        # the body the title or dateline names ("حكومة إقليم كوردستان"): what "المجلس" or
        # "الحكومة" means when the text names no body of that head
        self.context_body = next(
            (m.entity for part in (title, dateline) if part
             for m in self.gazetteer.mentions(part) if m.entity.kind in ("organisation", "group")),
            None)

    def hits_between(self, lo: int, hi: int) -> list:
        return starting_in(self.hits, self._hit_firsts, lo, hi)

    def times_in(self, start: int, end: int, future: bool = False) -> list:
        """Time expressions in [start, end); `future` reads bare weekdays forwards
        ("من المقرر أن يلتقي ... يوم الثلاثاء": the coming Tuesday)."""
        if future:
            return [replace(e, start=e.start + start, end=e.end + start)
                    for e in find_dates(self.text[start:end], self.published, prefer_future=True)]
        return starting_in(self.times, self._time_starts, start, end)

    def timed(self, offset: int) -> bool:
        """True when `offset` lies in a time expression that starts at most TIME_SPAN
        characters before it."""
        return offset in self._timed

    @staticmethod
    def cue_window(name: str) -> int:
        return cue_window(name)


DATELINE_WORDS = 3  # a dateline's place before its date: "الخرطوم", "رام الله"
# after the date, an agency's name if any ("(رويترز)", "/واع/", "وفا"), then a dash or a colon
DATELINE_END = re.compile(r"\s*(?:[(/][^()\n]{1,30}[)/]|[^\s()]+)?\s*(?:—|–|-{1,2}|:)")


def _in_dateline(text: str, expr) -> bool:
    """A date that opens a paragraph after its place and before a dash: the dateline of
    agency copy ("بغداد 15 كانون الثاني (رويترز) -", "غزة 20-7-2014 وفا- استشهد")."""
    opening = text[text.rfind("\n", 0, expr.start) + 1 : expr.start]
    return (len(opening.split()) <= DATELINE_WORDS and not any(ch in opening for ch in ".،,:")
            and DATELINE_END.match(text, expr.end) is not None)


@dataclass
class State:
    """What the reading so far tells the next sentence."""

    events: list[Draft]
    context: When | None = None  # the nearest preceding date context
    last_statement: Draft | None = None


def _furniture(sentence, title_key: str) -> bool:
    if not has_arabic(sentence.text) or len(sentence.text.split()) < MIN_WORDS:
        return True
    return bool(title_key) and fold(sentence.text).strip(" .:،") == title_key


def _own_when(doc: Doc, draft: Draft) -> When | None:
    """The time expression of the draft's own stretch of sentence, nearest its trigger."""
    start, end = draft.region
    first = draft.hit.first
    if draft.hit.entry.role in SPEECH_ROLES:
        end = min(end, draft.frame_end)
        start = max(start, doc.toks[max(first - STATEMENT_LEAD, 0)].start)
    else:
        start = max(start, doc.toks[max(first - EVENT_REACH, 0)].start)
        if draft.time_from is not None:
            start = max(start, draft.time_from)
        if draft.reported_from is not None:
            # "وقال الناطق، فجر اليوم، إن مسلحين أطلقوا النار": the statement's time is not
            # the attack's
            start = max(start, draft.reported_from)
        last = min(draft.hit.last + EVENT_REACH, len(doc.toks) - 1)
        end = min(end, doc.toks[last].end)
    inside = doc.quotes.inside(draft.hit.start)
    others = _other_triggers(doc, draft)
    candidates = []
    for expr in doc.times_in(start, end, future=draft.status == "planned"):
        if expr.start >= end or (doc.quotes.inside(expr.start) and not inside):
            continue
        if draft.status == "happened" and _after(expr, doc.published):
            continue  # "قرر تعطيل الدوام يوم غد": the date of what was decided
        if others and min(map(_gap(expr), others)) < _gap(expr)(draft.hit):
            continue  # "أفاد مصدر، يوم الثلاثاء، بمقتل ... بانفجار": the nearer verb's time
        candidates.append(expr)
    report = _report_stretch(doc, draft)
    if report is not None:
        # "أعلن الجهاز، اليوم الأحد، إسقاط طائرة ... ليلة أمس السبت": the time between the
        # reporting verb and what it reports dates the report, when the event has its own
        own = [e for e in candidates if not report[0] <= e.start < report[1]]
        candidates = own or candidates
    # "الخرطوم 4 سبتمبر 2013 — استقبل ... يوم الثلاثاء": a dateline's date is when the copy
    # was filed, the event's only when it has no time of its own
    candidates = [e for e in candidates if e.start not in doc.dateline_times] or candidates
    best = min(candidates, key=lambda e: abs(e.start - draft.hit.start), default=None)
    return from_expression(best) if best else None


REPORTING_ROLES = frozenset({"speech", "announce"})


def _report_stretch(doc: Doc, draft: Draft) -> tuple[int, int] | None:
    """From the end of a reporting verb (قال، أعلن، أفاد) earlier in the draft's sentence to
    the draft's trigger, when the draft is an event it reports; else None."""
    if draft.hit.entry.role in SPEECH_ROLES:
        return None
    lo = token_index(doc.starts, draft.sentence.start)
    verbs = [h for h in doc.hits_between(lo, draft.hit.first) if h.entry.role in REPORTING_ROLES
             and word_of_event(doc, h, lo, draft.hit.first) is not None]
    return (verbs[-1].end, draft.hit.start) if verbs else None


def _other_triggers(doc: Doc, draft: Draft) -> list:
    """The sentence's other triggers, when the draft is an attack noun: an attack noun is
    often the object of another verb ("بحث تداعيات الهجوم"), whose time it must not take."""
    if draft.kind != "attack" or draft.hit.entry.role not in ("noun", "plural"):
        return []
    lo = token_index(doc.starts, draft.sentence.start)
    hi = token_index(doc.starts, draft.sentence.end)
    return [h for h in doc.hits_between(lo, hi)
            if h.first != draft.hit.first and word_of_event(doc, h, lo, hi) is not None
            and not answered(doc, h, lo) and not complements(draft.hit, h)
            and not _attribution(doc, h, lo)]


def _attribution(doc: Doc, hit, lo: int) -> bool:
    """"بحسب ما أفاد الدفاع المدني": the source of the report, not another event."""
    before = [bare(t.word) for t in doc.toks[max(lo, hit.first - 2) : hit.first]]
    return any(w in cues().channel for w in before)


def _after(expr, published: date | None) -> bool:
    return published is not None and expr.earliest is not None and expr.earliest > published


def _gap(expr):
    """Characters between a time expression and a trigger."""
    return lambda hit: max(0, expr.start - hit.end, hit.start - expr.end)


def _relation(doc: Doc, draft: Draft) -> int | None:
    """+1 when "غداة" governs the draft's trigger ("غداة ضربة"): the draft is the earlier event."""
    days = lexicon().relative_days
    i = draft.hit.first
    for j in range(max(i - 2, 0), i):
        word = bare(doc.toks[j].word)
        if word in days:
            return days[word]
    return None


def extract(
    text: str, *, published: date | None, dateline: str | None = None, title: str | None = None,
    outlet: str | None = None,
) -> list[ExtractedEvent]:
    """The events a cleaned article reports, numbered n = 1.. in text order (`outlet`: its
    canonical name, whose country reads a bare title when the dateline names none)."""
    if not isinstance(text, str) or not has_arabic(text):
        return []
    doc = Doc(text, published, dateline, title, outlet)
    state = State(events=[])
    title_key = fold(title).strip(" .:،") if title else ""
    for sentence in sentences(text):
        lo = token_index(doc.starts, sentence.start)
        if not doc.hits_between(lo, token_index(doc.starts, sentence.end)):
            continue  # no trigger word: nothing to read here
        if _furniture(sentence, title_key):
            continue
        drafts = find_drafts(doc, sentence)
        if not drafts:
            _attach_participles(doc, state, sentence)
            continue
        _read_sentence(doc, state, sentence, drafts)
    return render(doc, state.events)


def _read_sentence(doc: Doc, state: State, sentence, drafts: list[Draft]) -> None:
    # first the dates and speakers each draft finds in its own words ...
    for draft in drafts:
        own = _own_when(doc, draft)
        draft.when = own if own is not None else UNKNOWN
        draft.sentences = [sentence]
    occasion = next((d for d in drafts if d.kind == "meeting" and d.occasion_phrase), None)
    kept: list[Draft] = []
    for draft in drafts:
        # ... then what the occasion, a relation or the context give the others
        if draft.when.source != "own":
            relation = _relation(doc, draft)
            earlier = kept[-1] if kept else (state.events[-1] if state.events else None)
            named_again = _meeting_named_again(state, draft)
            if relation is not None and earlier is not None and earlier.when.known:
                draft.when = shifted(earlier.when, -relation)
            elif named_again is not None:
                draft.when = inherited(named_again.when, "occasion")
            elif draft.kind == "statement" and occasion is not None and occasion is not draft:
                draft.occasion = occasion
            elif state.context is not None:
                draft.when = inherited(state.context, "context")
            else:
                draft.when = bound(doc.published)
        on = draft.when.earliest or draft.when.latest
        if draft.hit.entry.role == "noun" and doc.cues.has(
                "back_reference", draft.hit.first - 1, draft.hit.first):
            continue  # "وجاء الإعلان بعد ساعات": an event already read, named again
        if draft.kind == "announcement" and _object_of_speech(doc, state, draft, kept):
            continue  # "علق على الإعلان"
        if draft.hit.entry.role in SPEECH_ROLES:
            if not subject(doc, state, draft, on, kept):
                continue
        else:
            if not parties(doc, state, draft, on, kept):
                continue
        if draft.kind == "attack":
            lo = token_index(doc.starts, draft.region[0])
            # the counts up to the next attack of the sentence ("هذه الضربة بعد الهجوم الذي
            # ... أسفر عن مقتل ثلاثة": the later attack's victims)
            nxt = next((d.hit.first for d in drafts if d.kind == "attack"
                        and d.hit.first > draft.hit.last and d.hit.entry.role != "event"),
                       None)
            hi = nxt if nxt is not None else token_index(doc.starts, draft.sentence.end)
            draft.killed, draft.wounded = casualties(_counting_words(doc, lo, hi))
            if draft.when.source == "own" and draft.when.precision != "day" and _since(doc, draft):
                # a time since which victims are counted ("قتل أكثر من 20 ... منذ مطلع العام",
                # "المواجهات ... مستمرة منذ يونيو 2011"): a process, named again or not, unlike
                # a day ago ("منذ أسبوع")
                continue
            if not _attack_anchored(doc, draft) and not _refers_back(state, draft):
                _place_launcher(kept, draft)
                continue
            if _object_of_speech(doc, state, draft, kept):
                continue
        kept.append(draft)
    kept = carriers(doc, kept, state.events)
    if len(kept) < len(drafts):
        # a dropped draft no longer owns its stretch of the sentence
        regions(doc, kept, sentence)
        for draft in kept:
            own = _own_when(doc, draft) if draft.when.source != "own" else None
            if own is not None:
                draft.when, draft.occasion = own, None
    for draft in kept:
        if draft.occasion is not None:
            target = draft.occasion.merged_into or draft.occasion
            if target.when.known or target.when.source == "own":
                draft.when = inherited(target.when, "occasion")
            elif state.context is not None:
                draft.when = inherited(state.context, "context")
            else:
                draft.when = bound(doc.published)
        if draft.kind == "meeting" and draft.location is None:
            draft.location = _visit_place(state, draft) or _session_place(state, draft)
        if draft.location is None:
            draft.location = _opening_place(doc, sentence)
        if draft.kind == "meeting" and draft.location is None:
            draft.location = _host_seat(doc, draft)
        merged = place(doc, state, draft)
        if (draft.when.source == "own" and not doc.quotes.inside(draft.hit.start)
                and not _background(doc, draft) and draft.status == "happened"):
            state.context = draft.when
        if draft.hit.entry.role in SPEECH_ROLES and merged.speaker is not None:
            state.last_statement = merged


def _opening_place(doc: Doc, sentence) -> Any:
    """"وفي الفاشر، أعلن الوالي ...": a place set before the sentence's first comma is where
    its events happened."""
    lo = token_index(doc.starts, sentence.start)
    if lo >= len(doc.toks) or doc.toks[lo].word not in ("وفي", "في", "ففي"):
        return None
    comma = doc.text.find("،", sentence.start, sentence.end)
    if comma < 0 or len(doc.text[sentence.start : comma].split()) > OPENING_PLACE_WORDS:
        return None
    placed = doc.actors.placed(doc.toks[lo].end, comma, seats=False)
    return placed[0][1] if len(placed) == 1 else None


def _meeting_named_again(state: State, draft: Draft) -> Draft | None:
    """"خلال اللقاء", "عقب الاجتماع" with no time of its own: the last meeting read, whose
    date it keeps (however many sentences stand between)."""
    if draft.kind != "meeting" or not draft.definite or draft.hit.entry.role != "noun":
        return None
    last = next((e for e in reversed(state.events) if e.kind == "meeting"
                 and e.status == draft.status), None)
    return last if last is not None and last.when.known else None


def _background(doc: Doc, draft: Draft) -> bool:
    """"وكانت طائرة قد استهدفت أمس سيارة": an earlier event told as background (كان ... قد)
    gives the sentences after it no date; they go on with the article's own story."""
    lo = token_index(doc.starts, draft.sentence.start)
    before = doc.toks[lo : draft.hit.first]
    return bool(before) and bare(before[0].word) in KANA and any(t.word == "قد" for t in before)


def _host_seat(doc: Doc, draft: Draft):
    """"واستقبل رئيس الوزراء العراقي مصطفى الكاظمي ...": with no place, no visit and no
    dateline, someone of a country receives a guest (or meets one in his office) at its seat
    of government."""
    if doc.dateline is not None:
        return None
    host = next((w for w in draft.parties if draft.roles.get(w.key) == "host"), None)
    if host is None and draft.parties and _in_own_office(doc, draft):
        host = draft.parties[0]  # "التقى السوداني في مكتبه السفيرة": the subject receives
    if host is None or host.kind not in ("person", "office"):
        return None
    return doc.actors.gazetteer.capital(host.country)


def _in_own_office(doc: Doc, draft: Draft) -> bool:
    lo, hi = token_index(doc.starts, draft.region[0]), token_index(doc.starts, draft.region[1])
    return any(doc.toks[j].word in cues().own_office for j in range(max(lo, draft.hit.first), hi))


def _visit_place(state: State, draft: Draft):
    """"وصل مدبولي إلى بغداد ... وعقد مدبولي جلسة مباحثات": a meeting with no place of its
    own, of one of the visitor's parties, happened where the visit went."""
    keys = {w.key for w in draft.parties}
    for event in reversed(state.events):
        if event.kind != "meeting" or event.status != draft.status:
            continue
        if event.location is not None and any(w in fold(event.hit.form)
                                              for w in cues().visit_words):
            return event.location if event.parties and event.parties[0].key in keys else None
    return None


def _session_place(state: State, draft: Draft):
    """A distinct session ("جلسة موسعة") with no place of its own is held where the meeting
    it follows, of the same parties, was."""
    if not draft.distinct:
        return None
    keys = {w.key for w in draft.parties}
    last = next((e for e in reversed(state.events) if e.kind == "meeting" and not e.distinct), None)
    if last is None or not keys & {w.key for w in last.parties}:
        return None
    return last.location


OBJECT_REACH = 8  # an attack verb's object ("أطلقوا مساء الثلاثاء 18 طائرة مسيرة") follows it this near


def _place_launcher(kept: list[Draft], draft: Draft) -> None:
    """"أطلقوا ... 18 طائرة مسيرة ... في جنوب البحر الأحمر": an attack noun that is no event of
    its own, the object of the attack verb before it, gives that verb its place."""
    launcher = next((k for k in reversed(kept) if k.kind == "attack" and k.hit.entry.role == "event"), None)
    if (launcher is not None and launcher.location is None and draft.location is not None
            and 0 < draft.hit.first - launcher.hit.last <= OBJECT_REACH):
        launcher.location, launcher.near = draft.location, draft.near


def _counting_words(doc: Doc, lo: int, hi: int) -> list:
    """The tokens [lo, hi) an attack's victims are counted in: not the words of a time
    expression ("اليوم الاثنين، مقتل جندي": Monday, not two), nor the attack it answers, up to
    the next comma ("ردا على مقتل ثلاثة من جنودها،": not its victims)."""
    out, answering = [], False
    for j in range(lo, hi):
        tok = doc.toks[j]
        if answering and j > lo and any(ch in doc.text[doc.toks[j - 1].end : tok.start] for ch in "،,"):
            answering = False
        if doc.cues.has("in_response", j, j + 1):
            answering = True
        if not answering and not doc.timed(tok.start):
            out.append(tok)
    return out


def _attack_anchored(doc: Doc, draft: Draft) -> bool:
    """An attack needs a time anchor or a specific place (plural mentions need both)."""
    if _running_total(doc, draft):
        return False
    timed = draft.when.source == "own" and not (draft.plural and _since(doc, draft))
    placed = draft.location is not None
    counted = draft.killed is not None or draft.wounded is not None
    if draft.plural:
        # a wave on a day, not a week's or a month's worth ("نفذت أكثر من 30 غارة خلال الأسبوع
        # الماضي": a tally over a span is no discrete attack)
        return timed and _a_day_or_night(draft.when) and (placed or _launched(doc, draft))
    if draft.hit.entry.role == "noun":
        return timed or placed or counted or draft.governed
    return True


def _a_day_or_night(when: When) -> bool:
    """One day, or the night from one day into the next ("ليل الأحد الاثنين")."""
    if when.precision == "day":
        return True
    return (when.earliest is not None and when.latest is not None
            and (when.latest - when.earliest).days == 1 and when.expression is not None
            and fold(when.expression).startswith(("ليل", "ليله")))


def _launched(doc: Doc, draft: Draft) -> bool:
    """"شنت القوات الأمريكية ضربات": strikes someone launched on a date are one wave."""
    claims = lexicon().claims
    lo = token_index(doc.starts, draft.sentence.start)
    return any(bare(t.word) in claims or t.word in claims
               for t in doc.toks[max(lo, draft.hit.first - LAUNCH_REACH) : draft.hit.first])


def _object_of_speech(doc: Doc, state: State, draft: Draft, kept: list[Draft]) -> bool:
    """"نفت الكتائب مسؤوليتها عن القصف", "علق على الإعلان": an attack or announcement already
    read, named again as the object of a statement verb (not in its reported words)."""
    if draft.hit.entry.role != "noun" or draft.killed or draft.wounded:
        return False
    if draft.kind == "attack" and any(
            d.kind == "statement" and d.hit.first < draft.hit.first
            and doc.cues.has("denial", d.hit.first, d.hit.last + 1)
            and not _complementiser_between(doc, d, draft) for d in kept):
        return True  # "نفت الوزارة استهداف مناطق سكنية": what was denied
    if not draft.definite:
        return False
    if not any(e.kind == draft.kind for e in state.events):
        return False
    return any(d.kind == "statement" and d.hit.first < draft.hit.first
               and not _complementiser_between(doc, d, draft) for d in kept)


def _complementiser_between(doc: Doc, speech: Draft, draft: Draft) -> bool:
    """"قال إن الهجوم ...": the draft stands in the reported words, not as the verb's object."""
    between = doc.toks[speech.hit.last + 1 : draft.hit.first]
    return any(t.word in cues().complementisers for t in between)


def _refers_back(state: State, draft: Draft) -> bool:
    """"الضربات أسفرت عن مقتل 16": an attack named again (definite, or in someone's
    words) after one was read adds to it, anchored or not."""
    return (draft.reported or draft.definite) and not draft.tally and any(e.kind == "attack" for e in state.events)


def _running_total(doc: Doc, draft: Draft) -> bool:
    """"وقتل أكثر من 400 شخص منذ بدء الاحتجاجات": victims counted since the start of a span."""
    lo = draft.hit.last + 1
    hi = token_index(doc.starts, draft.sentence.end)
    for j in range(lo, hi - 1):
        if doc.cues.has("since", j, j + 1) and doc.cues.has("since_start", j + 1, j + 2) and not (
                doc.cues.has("superlative", max(lo, j - doc.cue_window("superlative")), j)):
            return True
    return False


def _since(doc: Doc, draft: Draft) -> bool:
    """"هجمات ... منذ منتصف الشهر": a tally since a date, not a time anchor."""
    for expr in doc.times_in(draft.sentence.start, draft.sentence.end):
        if expr.text == draft.when.expression:
            i = token_index(doc.starts, expr.start)
            return doc.cues.has("since", i - 1, i + 1)
    return False


def _attach_participles(doc: Doc, state: State, sentence) -> None:
    """A sentence with only "مضيفا"-like words continues the last statement: keep its quotes."""
    last = state.last_statement
    if last is None or last.kind != "statement":
        return
    lo = token_index(doc.starts, sentence.start)
    hi = token_index(doc.starts, sentence.end)
    if any(h.entry.role == "participle" for h in doc.hits_between(lo, hi)):
        last.sentences.append(sentence)


__all__ = ["CODE_VERSION", "EXTRACTOR_VERSION", "extract"]

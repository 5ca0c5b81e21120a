"""Who did it: speakers, hosts, guests and other parties of an event.

Actors come from the gazetteer's mentions (people, bodies, countries, offices)
and its titled people (a title and a name it does not know yet). An office
resolves to the person the article itself names for it ("رئيس الوزراء مصطفى
الكاظمي"), else to its holder on the event's date. A bare surname, a generic
title ("الوزير العراقي") or "البيان" refers back to someone named before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

import yaml

from chrono.loaders import DATA_DIR
from chrono.loaders.arabic import fold, fold_with_offsets
from chrono.loaders.extract.triggers import Token, starting_in
from chrono.loaders.gazetteer.data import place_kinds

ACTORS_FILE = DATA_DIR / "actors.yml"

ACTOR_KINDS = frozenset({"person", "organisation", "office", "group", "country"})
OFFICE_GAP = 4  # words allowed between an office and the name that follows it
NEAR_PENALTY = 2  # "قرب مطار أربيل" ranks as two kinds less specific than the airport
# Words that stop the search for a subject: the complementiser, prepositions.
STOPS = frozenset(fold(w) for w in ["ان", "بان", "انه", "انها", "إلى", "على", "عن", "خلال", "مع",
                                    "لدى", "في", "من", "الذي", "التي", "حول", "بشأن"])


@dataclass(frozen=True)
class Cues:
    descriptors: tuple[tuple[str, ...], ...]
    descriptor_heads: frozenset[str]
    nationalities: dict[str, str]
    statement_anaphors: frozenset[str]
    same_occasion: tuple[tuple[str, ...], ...]
    other_occasion: tuple[tuple[str, ...], ...]
    skip_words: frozenset[str]
    channel: frozenset[str]
    unnamed: frozenset[str]
    group_anaphors: frozenset[str]
    body_heads: frozenset[str]
    agent_nouns: frozenset[str]
    member_nouns: frozenset[str]
    own_office: frozenset[str]
    dual_anaphors: frozenset[str]
    attendance_words: frozenset[str]
    place_specificity: tuple[str, ...]
    near_words: frozenset[str]
    title_heads: frozenset[str]
    common_heads: frozenset[str]
    counterparts: frozenset[str]
    visit_words: tuple[str, ...]
    describing_words: frozenset[str]
    honorifics: dict[str, tuple[str, ...]]
    honorific_nouns: frozenset[str]
    complementisers: frozenset[str]


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(fold(w).split()) for w in words), key=len, reverse=True))


@cache
def cues() -> Cues:
    with ACTORS_FILE.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return Cues(
        descriptors=_phrases(raw["descriptors"]),
        descriptor_heads=frozenset(p[0] for p in _phrases(raw["descriptors"])),
        nationalities={fold(k): v for k, v in raw["nationalities"].items()},
        statement_anaphors=frozenset(fold(w) for w in raw["statement_anaphors"]),
        same_occasion=_phrases(raw["same_occasion"]),
        other_occasion=_phrases(raw["other_occasion"]),
        skip_words=frozenset(fold(w) for w in raw["skip_words"]),
        channel=frozenset(fold(w) for w in raw["channel"]),
        unnamed=frozenset(fold(w).replace("_", " ") for w in raw["unnamed"]),
        group_anaphors=frozenset(fold(w) for w in raw["group_anaphors"]),
        member_nouns=frozenset(fold(w) for w in raw["member_nouns"]),
        own_office=frozenset(fold(w) for w in raw["own_office"]),
        body_heads=frozenset(fold(w) for w in raw["body_heads"]),
        dual_anaphors=frozenset(fold(w) for w in raw["dual_anaphors"]),
        attendance_words=frozenset(fold(w) for w in raw["attendance_words"]),
        agent_nouns=frozenset(fold(w) for w in raw["agent_nouns"])
        | frozenset(fold(w)[2:] for w in raw["agent_nouns"] if fold(w).startswith("ال")),
        place_specificity=tuple(raw["place_specificity"]),
        near_words=frozenset(fold(w).split()[0] for w in raw["near_words"]),
        title_heads=frozenset(fold(w) for w in raw["title_heads"]),
        common_heads=frozenset(fold(w) for w in raw["common_heads"]),
        counterparts=frozenset(fold(w) for w in raw["counterparts"]),
        visit_words=tuple(fold(w) for w in raw["visit_words"]),
        describing_words=frozenset(fold(w) for w in raw["describing_words"]),
        honorifics={fold(k): tuple(fold(w) for w in v) for k, v in raw["honorifics"].items()},
        honorific_nouns=frozenset(fold(w) for w in raw["honorific_nouns"]),
        complementisers=frozenset(fold(w) for w in raw["complementisers"]),
    )


def _bare(word: str) -> str:
    """A folded word without و ف, a preposition or ال written onto it."""
    for prefix in ("و", "ف"):
        if word.startswith(prefix) and len(word) > 3:
            word = word[1:]
    for prefix in ("بال", "لل", "ال", "ب", "ل"):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return word[len(prefix):]
    return word


def specificity(place: Any) -> int:
    """0 for a base or a site, up to a region; places of unknown kind last."""
    order = cues().place_specificity
    kind = place_kinds().get(place.id, "")
    return order.index(kind) if kind in order else len(order)


def place_class(place: Any) -> str:
    """"point" for the kinds more specific than a district (bases, sites ...), else the kind."""
    order = cues().place_specificity
    kind = place_kinds().get(place.id, "")
    if kind in order and order.index(kind) < order.index("district"):
        return "point"
    return kind


@dataclass(frozen=True)
class Who:
    """One actor of an event."""

    key: str  # entity id, or the folded words for someone the gazetteer does not know
    name: str
    name_ar: str
    kind: str  # person, organisation, office, group, country, unknown
    country: str | None = None
    office: str | None = None  # the English office name when known ("US Ambassador to Iraq")
    office_ar: str | None = None


def _who(entity: Any, office: Any = None) -> Who:
    return Who(
        key=entity.id,
        name=entity.name,
        name_ar=entity.name_ar,
        kind=entity.kind,
        country=getattr(entity, "country", None),
        office=office.name if office is not None else None,
        office_ar=office.name_ar if office is not None else None,
    )


ADJECTIVE_ENDINGS = ("ي", "يه", "يين", "يون")  # folded: a one-word country adjective ends so


def _foreign_bodies(mentions: list, text: str) -> list:
    """"وزارة الداخلية الجزائرية": a body the gazetteer knows for one country (Iraq's), right
    before another country's adjective, is that other country's; the gazetteer has no entry
    for it, so it reads as the country."""
    out: list = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (nxt is not None and m.entity.kind == "organisation" and m.entity.country
                and nxt.entity.kind == "country" and nxt.entity.country != m.entity.country
                and text[m.end:nxt.start].isspace() and " " not in nxt.surface.strip()
                and fold(nxt.surface).endswith(ADJECTIVE_ENDINGS)):
            out.append(replace(nxt, start=m.start, surface=text[m.start:nxt.end]))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


@cache
def _place_named(gazetteer: Any, surface: str) -> Any:
    """The place a body's name also names ("البيت الأبيض"), cached: names recur."""
    return gazetteer.place_named(surface)


def starts_with(words: list[str], phrase: tuple[str, ...]) -> bool:
    if tuple(words[: len(phrase)]) == phrase:
        return True
    # the conjunction و written onto the first word
    return bool(words) and words[0].startswith("و") and (words[0][1:], *words[1 : len(phrase)]) == phrase


def _local(mention: Any, gazetteer: Any, country: str | None) -> Any:
    if mention.entity.kind != "office":
        return mention
    office = gazetteer.local_office(mention.entity, mention.surface, country)
    return mention if office is mention.entity else replace(mention, entity=office)


class Actors:
    """The actor mentions of one article, and the rules that turn them into actors."""

    def __init__(self, text: str, toks: list[Token], gazetteer: Any, country: str | None = None) -> None:
        """`country`: where the article is datelined, for the bare titles it uses."""
        self.text = text
        self.toks = toks
        self.gazetteer = gazetteer
        folded = fold_with_offsets(text)  # for both matchers
        known = gazetteer.mentions(text, folded)
        titles = gazetteer.title_spans(text, folded)
        found = [_local(m, gazetteer, country) for m in known]
        found += gazetteer.titled_people(text, known, titles)
        # longest first at each start, then drop mentions inside another one
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        mentions = []
        reach = -1
        for m in found:
            if m.start >= reach:
                mentions.append(m)
                reach = m.end
        mentions = _foreign_bodies(mentions, text)
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self.tok_starts = [t.start for t in toks]
        self.titles = sorted(titles)
        self._title_starts = [t[0] for t in self.titles]
        self.links: dict[str, Who] = {}  # office id -> person the text names for it
        for i, m in enumerate(mentions):
            if m.entity.kind == "office":
                person = self._person_after(i)
                if person is not None:
                    self.links.setdefault(m.entity.id, _who(person.entity, m.entity))

    # ---- mentions by position

    def _words_between(self, start: int, end: int) -> int:
        return bisect_left(self.tok_starts, end) - bisect_left(self.tok_starts, start)

    def _person_after(self, i: int) -> Any:
        office = self.mentions[i]
        for m in self.mentions[i + 1 : i + 3]:
            if self._words_between(office.end, m.start) > OFFICE_GAP:
                return None
            if m.entity.kind == "person":
                return m
        return None

    def named_at(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside the name of a person or a body ("فيصل بن فرحان":
        not ف + يصل, "arrives")."""
        i = bisect_right(self._starts, start) - 1
        if i < 0:
            return False
        m = self.mentions[i]
        return m.end >= end and m.entity.kind in ("person", "organisation", "group")

    def in_span(self, start: int, end: int) -> list[Any]:
        return starting_in(self.mentions, self._starts, start, end)

    # ---- resolution

    def resolve(self, mention: Any, on: date | None) -> Who | None:
        """The actor a mention stands for on a date (offices resolve to their holder)."""
        entity = mention.entity
        if entity.kind not in ACTOR_KINDS:
            return None
        if entity.kind != "office":
            return _who(entity)
        i = bisect_left(self._starts, mention.start)
        if i < len(self.mentions) and self.mentions[i] is mention:
            person = self._person_after(i)
            if person is not None:
                return _who(person.entity, entity)
        if entity.id in self.links:
            return self.links[entity.id]
        holder = self.gazetteer.holder(entity.id, on) if on is not None else None
        if holder is not None:
            return _who(holder, entity)
        return _who(entity)

    def entity(self, entity: Any) -> Who:
        """The actor a gazetteer entity (a body) stands for."""
        return _who(entity)

    def counterpart(self, who: Who, country: str, on: date | None) -> Who | None:
        """"نظيره العراقي": whoever holds `who`'s office in `country` on the date."""
        if on is None:
            return None
        for entity in self.gazetteer.entities():
            prefix, _, local = entity.id.rpartition(":")
            if entity.kind != "office" or "-" not in local:
                continue
            holder = self.gazetteer.holder(entity.id, on)
            if holder is None or holder.id != who.key:
                continue
            other = f"{prefix}:{country.lower()}-{local.split('-', 1)[1]}"
            try:
                office = self.gazetteer.entity(other)
            except KeyError:
                return None
            person = self.gazetteer.holder(other, on)
            return _who(person, office) if person is not None else None
        return None

    def first_actor(self, start: int, end: int, on: date | None) -> Who | None:
        """The first actor mentioned in [start, end), an office next to its name counted once."""
        for m in self.in_span(start, end):
            who = self.resolve(m, on)
            if who is not None:
                return who
        return None

    def all_actors(self, start: int, end: int, on: date | None) -> list[Who]:
        out: list[Who] = []
        skip_until = -1
        for m in self.in_span(start, end):
            if m.start < skip_until:
                continue
            who = self.resolve(m, on)
            if who is None:
                continue
            if m.entity.kind == "office" and who.kind == "person":
                i = bisect_left(self._starts, m.start)
                nxt = self._person_after(i)
                if nxt is not None:
                    skip_until = nxt.end
            if who.key not in {w.key for w in out}:
                out.append(who)
        return out

    def places(self, start: int, end: int) -> list[Any]:
        """Place entities mentioned in [start, end)."""
        return [place for _, place in self.placed(start, end)]

    def placed(self, start: int, end: int, seats: bool = True) -> list[tuple[int, Any]]:
        """(offset, place entity) of the places mentioned in [start, end); with `seats`,
        also the places bodies are named for ("البيت الأبيض")."""
        out = []
        for m in self.in_span(start, end):
            if m.entity.kind == "place":
                out.append((m.start, m.entity))
            elif seats and m.entity.kind in ("organisation", "office"):
                place = _place_named(self.gazetteer, fold(m.surface))
                if place is not None:
                    out.append((m.start, place))
        return out

    def token_at(self, offset: int) -> int:
        """The index of the token holding `offset` ("بمديرية باقم": a mention may begin after
        the clitic of its first token, and the word before it is the token before that)."""
        return max(bisect_right(self.tok_starts, offset) - 1, 0)

    def near(self, offset: int) -> bool:
        """True when the place at `offset` follows a word that locates near it ("قرب", "شمال")."""
        i = self.token_at(offset)
        words = cues().near_words
        return any(self.toks[j].word in words or self.toks[j].word[1:] in words
                   for j in range(max(i - 2, 0), i))

    def most_specific(self, start: int, end: int, anchor: int) -> tuple[Any, bool]:
        """(place, near) of [start, end): the most specific place named in it (a place
        named after "قرب" or "شمال" counts as less specific), the closest to `anchor`
        among equals. Bodies' seats do not count: an attack happens at a place."""
        best = None
        heads = cues().title_heads
        for offset, place in self.placed(start, end, seats=False):
            i = self.token_at(offset)
            if i and _bare(self.toks[i - 1].word) in heads:
                continue  # "محافظ ديالى", "حكومة إقليم كردستان": a title, not a place
            near = self.near(offset)
            rank = (specificity(place) + (NEAR_PENALTY if near else 0), abs(offset - anchor))
            if best is None or rank < best[0]:
                best = (rank, place, near)
        return (best[1], best[2]) if best else (None, False)

    def people_before(self, offset: int) -> list[Who]:
        """People mentioned before `offset`, the latest first, with the office printed before them."""
        out: list[Who] = []
        i = bisect_left(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.entity.kind == "person":
                office = None
                if i > 0 and self.mentions[i - 1].entity.kind == "office":
                    prev = self.mentions[i - 1]
                    if self._words_between(prev.end, m.start) <= OFFICE_GAP:
                        office = prev.entity
                out.append(_who(m.entity, office))
            i -= 1
        return out

    def title_end(self, offset: int) -> int | None:
        """The end of a generic title ("الميجر جنرال") that starts at `offset`, if any."""
        i = bisect_left(self._title_starts, offset)
        if i < len(self.titles) and self.titles[i][0] == offset:
            return self.titles[i][1]
        return None

    def head_noun(self, word: str, offset: int, on: date | None) -> Who | None:
        """A body named before by words that begin with `word` ("التحالف" -> التحالف الدولي,
        "المجلس" -> مجلس النواب, "الوزارة" -> وزارة الكهرباء)."""
        word = _bare(word) if word.startswith(("وال", "فال")) else word
        i = bisect_left(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.entity.kind in ("organisation", "group") and " " in m.surface:
                # the name's own first word: a mention starts after its clitics, so only
                # its article goes ("وزارة" keeps its و)
                head = fold(m.surface).split()[0]
                head = head[2:] if head.startswith(("ال", "لل")) and len(head) > 4 else head
                if word in (head, "ال" + head):  # "الخلية" -> خلية الإعلام الأمني
                    return self.resolve(m, on)
            i -= 1
        return None

    def common_head(self, word: str) -> bool:
        """True when `word` is a common noun that heads names ("وزارة", "المجلس")."""
        return _bare(word) in cues().common_heads or word in cues().common_heads

    def surname(self, word: str, offset: int) -> Who | None:
        """The person named before `offset` whose name ends with `word` ("حسين")."""
        for who in self.people_before(offset):
            parts = fold(who.name_ar).split()
            if len(parts) > 1 and parts[-1] == word:
                return who
        return None

    def descriptor(self, words: list[str], offset: int) -> Who | None:
        """The person a generic title refers to ("الوزير العراقي", "الجنرال")."""
        c = cues()
        if not words or (words[0] not in c.descriptor_heads
                         and words[0][1:] not in c.descriptor_heads):
            return None
        for phrase in c.descriptors:
            if not starts_with(words, phrase):
                continue
            stem = phrase[-1][2:] if phrase[-1].startswith("ال") else phrase[-1]
            country = c.nationalities.get(words[len(phrase)]) if len(words) > len(phrase) else None
            for who in self.people_before(offset):
                title = fold(who.office_ar or "") + " " + self._title_before(who, offset)
                if stem in title and (country is None or who.country in (None, country)):
                    return who
            return None
        return None

    def honorific(self, word: str, offset: int, exclude: frozenset[str] = frozenset()) -> Who | None:
        """The person an honorific pronoun refers to ("جلالته": the latest king named), other
        than those `exclude` keys (the speaker whose words hold it: "وصرح الشيخ علي جراح
        بأن سموه أكد" is the emir)."""
        stems = cues().honorifics.get(word)
        if stems is None and word[:1] in ("و", "ف"):
            stems = cues().honorifics.get(word[1:])
        if stems is None:
            return None
        for who in self.people_before(offset):
            if who.key in exclude:
                continue
            title = fold(who.office_ar or "") + " " + self._title_before(who, offset)
            if any(stem in title for stem in stems):
                return who
        return None

    def _title_before(self, who: Who, offset: int) -> str:
        """The printed words just before the person's latest mention (titled people carry theirs)."""
        i = bisect_left(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.entity.id == who.key:
                j = bisect_left(self.tok_starts, m.start)
                return " ".join(t.word for t in self.toks[max(j - 3, 0) : j]) + " " + fold(m.surface)
            i -= 1
        return ""

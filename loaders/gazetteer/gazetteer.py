"""The gazetteer: entities found in a text, office holders by date, places by name."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache

from chrono.loaders.arabic import fold
from chrono.loaders.gazetteer.data import Data, read
from chrono.loaders.gazetteer.forms import expand
from chrono.loaders.gazetteer.matcher import Folded, Matcher, fold_key
from chrono.loaders.gazetteer.model import Entity, Mention, Tenure
from chrono.loaders.gazetteer.romanise import romanise

UNKNOWN = "unknown:"
_PUNCTUATION = ".,،:;؛!?؟\"“”'«»()[]-–—/"


class Gazetteer:
    def __init__(self, data: Data):
        self.data = data
        self._entities = dict(data.entities)
        self._tenures: dict[str, list[Tenure]] = data.tenures
        self.surfaces: dict[str, set[str]] = defaultdict(set)  # folded surface -> entity ids
        for surface, entity_id in data.forms:
            self.surfaces[fold_key(surface)].add(entity_id)
        self.ambiguous = {fold_key(k): v for k, v in data.settings.get("ambiguous", {}).items()}
        # forms read only after a place head ("مدينة صور"): a town named like a common word,
        # and an ambiguous form that names one place and no preferred entity ("العمارة")
        self._headed = {fold_key(s) for s in data.headed} | {
            key for key, v in self.ambiguous.items()
            if not v.get("prefer") and len(v["between"]) == 1 and v["between"][0].startswith("place:")}
        self._place_heads = {fold(w) for w in data.settings.get("place_heads", [])}
        keys: dict[str, object] = {}
        for key, ids in self.surfaces.items():
            if key in self.ambiguous:
                prefer = self.ambiguous[key].get("prefer")
                if prefer:
                    keys[key] = self._entities[prefer]
                elif key in self._headed:
                    keys[key] = self._entities[self.ambiguous[key]["between"][0]]
            elif len(ids) == 1:
                keys[key] = self._entities[next(iter(ids))]
        # a form that is also an adjective reads as the adjective right after a definite noun
        # ("الرئيس السوداني": Sudan's president, not al-Sudani)
        self._after_noun = {key: self._entities[v["after_noun"]]
                            for key, v in self.ambiguous.items() if v.get("after_noun")}
        clitics = data.settings["clitic_prefixes"]
        self._keys = keys
        self._matcher = Matcher(keys, clitics)
        self._english: dict[str, Entity] = {}
        for entity in self._entities.values():
            self._english.setdefault(entity.name.casefold(), entity)
        self._places = {
            key: self._entities[min(i for i in ids if i.startswith("place:"))]
            for key, ids in self.surfaces.items()
            if any(i.startswith("place:") for i in ids)
        }
        self._not_current = {fold(w) for w in data.settings.get("not_current", [])}
        # a bare title's office in each country ("رئيس الوزراء": Iraq's, or Egypt's in Cairo)
        self._local: dict[tuple[str, str], str] = {}
        template_of = {office: t for (t, _), office in data.offices_by_template.items()}
        for office, forms in data.bare_forms.items():
            for (template, country), other in data.offices_by_template.items():
                if template == template_of[office]:
                    self._local.update({(fold_key(f), country): other for f in forms})
        self._titles = _title_matcher(data, clitics)

    def entity(self, id: str) -> Entity:
        if id.startswith(UNKNOWN):
            name_ar = id[len(UNKNOWN):]
            return Entity(id=id, kind="person", name=romanise(name_ar), name_ar=name_ar)
        return self._entities[id]

    def entities(self) -> list[Entity]:
        return list(self._entities.values())

    def tenures(self, office_id: str) -> list[Tenure]:
        return list(self._tenures.get(office_id, []))

    def mentions(self, text: str, folded: Folded | None = None) -> list[Mention]:
        """Every known entity in `text`, in text order: longest matches, whole words, no overlaps.

        An office title followed by "السابق" and the like (settings.yml
        not_current) is left out: it names a former holder, not the office.
        `folded` is `fold_with_offsets(text)`, when the caller has it.
        """
        out = []
        for start, end, entity in self._matcher.find(text, folded):
            if entity.kind == "office" and self._next_word(text, end) in self._not_current:
                continue
            if self._headed and self._is_headed(text[start:end]) and not self._after_place_head(text, start):
                continue
            if self._after_noun and (adjective := self._after_noun.get(fold_key(text[start:end]))):
                if self._previous_word(text, start).startswith("ال"):
                    entity = adjective
            out.append(Mention(entity=entity, start=start, end=end, surface=text[start:end]))
        return out

    def local_office(self, office: Entity, surface: str, country: str | None) -> Entity:
        """The office a bare title ("رئيس الوزراء", naming no country) stands for in an article
        from `country` (its dateline's): that country's office of the same kind when the
        gazetteer has one, else the default country's (settings.yml)."""
        if country is None or office.country == country:
            return office
        other = self._local.get((fold_key(surface), country))
        return self._entities[other] if other else office

    def holder(self, office_id: str, on: date | None) -> Entity | None:
        """Who held the office on that day (None if nobody known, or no date)."""
        if on is None:
            return None
        for tenure in self._tenures.get(office_id, []):
            if tenure.covers(on):
                return self._entities[tenure.person_id]
        return None

    def titled_people(self, text: str, mentions: list[Mention] | None = None,
                      titles: list[tuple[int, int, str]] | None = None) -> list[Mention]:
        """People the gazetteer does not know, named after a title or office (`mentions` and
        `titles`: the text's `mentions` and `title_spans`, when the caller has them)."""
        from chrono.loaders.gazetteer.titled import titled_people

        return titled_people(self, text, mentions, titles)

    def title_spans(self, text: str, folded: Folded | None = None) -> list[tuple[int, int, str]]:
        """(start, end, "strong" | "weak") of the generic titles of titles.yml in `text`."""
        return self._titles.find(text, folded)

    def capital(self, country: str | None) -> Entity | None:
        """The seat of a country's government (countries.yml capital), if known."""
        place = self.data.capitals.get(country) if country else None
        return self._entities[place] if place else None

    def seat(self, organisation: str) -> Entity | None:
        """The place a body sits in (organisations.yml seat), if known."""
        place = self.data.seats.get(organisation)
        return self._entities[place] if place else None

    def place_named(self, text: str) -> Entity | None:
        """The place a short text names (a dateline such as "بغداد -"), if any."""
        key = fold_key(text.strip().strip(_PUNCTUATION + " "))
        if key in self._places:
            return self._places[key]
        for mention in self.mentions(text):
            if mention.entity.kind == "place":
                return mention.entity
        return None

    def find(self, name: str) -> Entity | None:
        """The entity a name typed by someone stands for: an id, a canonical English
        name (any case) or an Arabic name or form ("رئيس الوزراء", "بغداد")."""
        name = name.strip()
        if name in self._entities:
            return self._entities[name]
        if name.casefold() in self._english:
            return self._english[name.casefold()]
        key = fold_key(name)
        found = self._keys.get(key) or self._places.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        mentions = self.mentions(name)
        if len(mentions) == 1 and fold_key(mentions[0].surface) == key:
            return mentions[0].entity  # a clitic-prefixed form, "للعراق"
        return None

    def _is_headed(self, surface: str) -> bool:
        key = fold_key(surface)
        return key in self._headed or (key.startswith("لل") and "ال" + key[2:] in self._headed)

    def _after_place_head(self, text: str, start: int) -> bool:
        """"في مدينة صور", "ببلدة الباب": a place head (settings.yml place_heads) just before."""
        word = self._previous_word(text, start)
        return word in self._place_heads or (word[:1] in "وفبل" and word[1:] in self._place_heads)

    @staticmethod
    def _previous_word(text: str, start: int) -> str:
        """The folded word just before `start`; "" when punctuation or nothing stands between."""
        before = text[max(0, start - 40):start]
        if not before or before[-1] != " " or before.rstrip()[-1:] in _PUNCTUATION:
            return ""
        words = before.split()
        return fold(words[-1]) if words else ""

    @staticmethod
    def _next_word(text: str, end: int) -> str:
        rest = text[end:end + 40].split(maxsplit=1)
        return fold(rest[0].strip(_PUNCTUATION)) if rest else ""


def _title_matcher(data: Data, clitics: list[str]) -> Matcher:
    macros = data.settings["macros"]
    keys: dict[str, object] = {}
    for strength in ("weak", "strong"):  # a form in both lists is strong
        for pattern in data.titles[strength]:
            for form in expand(pattern, macros):
                keys[fold_key(form)] = strength
    return Matcher(keys, clitics)


@cache
def load() -> Gazetteer:
    """The gazetteer, built once."""
    return Gazetteer(read())

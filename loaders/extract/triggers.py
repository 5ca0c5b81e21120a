"""Trigger lexicon: the words that announce an event, found in folded text.

The lexicon (`data/triggers.yml`) and the modality cues (`data/modality.yml`)
are data; this module expands them into every inflected form once and finds
them by dictionary lookup over the tokens of an article, so matching costs one
pass over the text however large the lexicon grows.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate
from typing import NamedTuple

import yaml

from chrono.loaders import DATA_DIR
from chrono.loaders.arabic import DROPPED, fold, fold_letters

DATA = DATA_DIR
TRIGGERS_FILE = DATA / "triggers.yml"
MODALITY_FILE = DATA / "modality.yml"

# A printed word: letters and digits with any tashkeel or tatweel inside it (a group, so
# that split keeps the words).
_WORD = re.compile(r"([\w\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]+)")

_VERB_ENDINGS = ("", "ت", "ا", "وا", "تا")
_CONJ = ("", "و", "ف")
_NOUN_PREFIXES = ("", "ال", "ب", "بال", "ل", "لل", "ك", "كال")
_POSSESSIVE = ("", "ه", "ها", "هم", "هما", "ي", "نا")


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: what kind of event its words announce, and how."""

    kind: str
    role: str
    needs: frozenset[str] = frozenset()
    window: int = 6
    initial: bool = False
    planned: bool = False
    fallback: Entry | None = None  # what the same word is when `needs` is not met ("أقر")
    through: str | None = None  # folded: the speaker is named after this word, before the trigger


class Token(NamedTuple):
    word: str  # folded
    start: int  # offsets in the original text
    end: int


@dataclass(frozen=True)
class Hit:
    entry: Entry
    first: int  # token index of the first word
    last: int  # token index of the last word
    start: int
    end: int
    form: str
    future: bool = False  # a present-tense form with the future prefix


@dataclass(frozen=True)
class Lexicon:
    forms: dict[tuple[str, ...], tuple[Entry, bool]]  # words -> (entry, future prefix)
    first_words: dict[str, int]  # first word of a form -> longest form starting with it
    governors: frozenset[str]
    act_nouns: dict[str, str]
    plural_meeting_nouns: frozenset[str]
    distinct_session: frozenset[str]
    cues: dict[str, tuple[int, frozenset[tuple[str, ...]]]]
    possessive: frozenset[str]  # noun forms with a possessive ending (لقائه، استقباله)
    governor_window: int
    readout_cues: frozenset[tuple[str, ...]]
    relative_days: dict[str, int]
    reported_outcomes: dict[str, str]
    claims: frozenset[str]
    claims_after: frozenset[str]
    dialogue_nouns: frozenset[str]
    dialogue_words: frozenset[str]
    occasion_words: frozenset[str]
    party_stops: frozenset[tuple[str, ...]]


def _noun_forms(word: str) -> tuple[set[str], set[str]]:
    """A noun with the article, prepositions and accusative ending; and with possessives."""
    bases = {word}
    if not word.endswith(("ه", "ا", "ء")):
        bases.add(word + "ا")  # accusative: هجوما، اجتماعا
    owned: set[str] = set()
    if word.endswith("ه"):  # folded ة is written ت before a possessive
        owned.add(word[:-1] + "ت")
    elif word.endswith("اء"):  # لقاء -> لقائه (folded لقايه)
        owned.add(word[:-1] + "ي")
    else:
        owned.add(word)
    plain: set[str] = set()
    for base in bases:
        plain.update(prefix + base for prefix in _NOUN_PREFIXES)
    possessive: set[str] = set()
    for stem in owned:
        for ending in _POSSESSIVE[1:]:
            possessive.update(
                prefix + stem + ending for prefix in _NOUN_PREFIXES if "ال" not in prefix
            )
    return plain, possessive - plain


def _expand(form: str, inflect: str) -> dict[str, bool]:
    """Every folded spelling of a form -> whether it carries the future prefix."""
    words = fold(form).replace("_", " ").split()
    head, rest = words[0], words[1:]
    heads: dict[str, bool] = {}
    if inflect == "verb":
        for ending in _VERB_ENDINGS:
            heads[head + ending] = False
    elif inflect == "present":
        heads[head] = False
        heads["س" + head] = True
    elif inflect == "noun":
        plain, possessive = _noun_forms(head)
        heads = dict.fromkeys(plain | possessive, False)
    else:
        heads[head] = False
    out: dict[str, bool] = {}
    for spelled, future in heads.items():
        for conj in _CONJ:
            if conj and spelled.startswith(("و", "ف")) and len(words) > 1:
                continue
            out[" ".join([conj + spelled, *rest])] = future
    return out


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(fold(w).replace("_", " ") for w in items)


@cache
def lexicon() -> Lexicon:
    """The trigger lexicon and modality cues, expanded and folded (loaded once)."""
    with TRIGGERS_FILE.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    with MODALITY_FILE.open(encoding="utf-8") as f:
        modality = yaml.safe_load(f)
    forms: dict[tuple[str, ...], tuple[Entry, bool]] = {}
    groups = [(item, False) for item in raw["triggers"]] + [(item, True) for item in raw["planned"]]
    for item, planned in groups:
        entry = Entry(
            kind=item["kind"],
            role="planned" if planned else item["role"],
            needs=_words(item.get("needs", [])),
            window=item.get("window", 6),
            initial=item.get("initial", False),
            through=fold(item["through"]) if item.get("through") else None,
            planned=planned,
        )
        inflect = "present" if planned else item.get("inflect", "none")
        excluded = {fold(w) for w in item.get("exclude", [])}
        for form in item["forms"]:
            for spelled, future in _expand(form, inflect).items():
                if spelled in excluded or (spelled[:1] in "وف" and spelled[1:] in excluded):
                    continue
                key = tuple(spelled.split())
                if key not in forms:
                    forms[key] = (entry, future)
                elif entry.needs and not forms[key][0].needs:
                    # the conditional reading first, the unconditional one as its fallback
                    forms[key] = (replace(entry, fallback=forms[key][0]), future)
                elif forms[key][0].needs and forms[key][0].fallback is None:
                    forms[key] = (replace(forms[key][0], fallback=entry), forms[key][1])
    cues = {
        name: (spec.get("window", 40), frozenset(tuple(fold(w).split()) for w in spec["words"]))
        for name, spec in modality.items()
        if isinstance(spec, dict)
    }
    possessive: set[str] = set()
    for item in raw["triggers"]:
        if item.get("inflect") == "noun":
            for form in item["forms"]:
                owned = _noun_forms(fold(form).split()[0])[1]
                possessive.update(conj + w for w in owned for conj in _CONJ)
    # fixed phrases that contain a trigger word but report no event ("فك الاشتباك"):
    # found like a trigger, so the word inside them is never read, then dropped by find()
    for phrase in raw.get("not_events", []):
        for spelled in _expand(phrase, "none"):
            forms[tuple(spelled.split())] = (Entry(kind="none", role="none"), False)
    first_words: dict[str, int] = {}
    for key in forms:
        first_words[key[0]] = max(first_words.get(key[0], 0), len(key))
    return Lexicon(
        forms=forms,
        first_words=first_words,
        governors=_words(raw["governors"]),
        act_nouns={fold(k): v for k, v in raw["act_nouns"].items()},
        plural_meeting_nouns=_words(raw["plural_meeting_nouns"]),
        distinct_session=_words(raw["distinct_session"]),
        cues=cues,
        possessive=frozenset(possessive),
        governor_window=raw["governor_window"],
        readout_cues=frozenset(tuple(fold(w).split()) for w in raw["readout_cues"]),
        relative_days={fold(k): v for k, v in raw["relative_days"].items()},
        reported_outcomes={fold(k): v for k, v in raw["reported_outcomes"].items()},
        claims=_words(raw["claims"]),
        claims_after=_words(raw["claims_after"]),
        dialogue_nouns=_words(raw["dialogue_nouns"]),
        dialogue_words=_words(raw["dialogue_words"]),
        occasion_words=_words(raw["occasion_words"]),
        party_stops=frozenset(tuple(fold(w).split()) for w in raw["party_stops"]),
    )


def tokens(text: str) -> list[Token]:
    """The folded words of `text` with their offsets in `text`."""
    folded = fold_letters(text)
    parts = _WORD.split(folded)  # gap, word, gap, word, ..., gap: offsets by summing lengths
    bounds = list(accumulate(map(len, parts)))
    words = parts[1::2]
    if DROPPED.search(folded) is not None:
        # a word with tashkeel or tatweel inside is folded again: fold drops them
        words = [w if w.isalnum() and "\u0640" not in w else fold(w) for w in words]
    new = tuple.__new__  # a NamedTuple built without its slower keyword constructor
    return [new(Token, token) for token in zip(words, bounds[:-1:2], bounds[1::2], strict=True)]


def find(toks: list[Token]) -> list[Hit]:
    """Every trigger in the token list, longest form first at each position."""
    lex = lexicon()
    forms, first_words = lex.forms, lex.first_words
    words = [t.word for t in toks]
    hits: list[Hit] = []
    n = len(toks)
    after = 0  # the first token not inside a form already found
    for i in [i for i, word in enumerate(words) if word in first_words]:
        if i < after:
            continue
        for size in range(min(first_words[words[i]], n - i), 0, -1):
            key = tuple(words[i : i + size])
            found = forms.get(key)
            if found is not None:
                entry, future = found
                after = i + size
                if entry.role != "none":  # else a fixed phrase that is no event
                    hits.append(Hit(entry, i, i + size - 1, toks[i].start,
                                    toks[i + size - 1].end, " ".join(key), future))
                break
    return hits


class CueIndex:
    """Where each list of cue phrases occurs in one token list (built once per article)."""

    def __init__(self, toks: list[Token], lists: dict[str, frozenset[tuple[str, ...]]]) -> None:
        self._at: dict[str, list[int]] = {name: [] for name in lists}
        firsts = _firsts(tuple(sorted(lists.items())))
        words = [t.word for t in toks]
        for i, candidates in enumerate(map(firsts.get, words)):
            if candidates is None:
                continue
            for name, rest in candidates:
                if not rest or tuple(words[i + 1 : i + 1 + len(rest)]) == rest:
                    at = self._at[name]
                    if not at or at[-1] != i:
                        at.append(i)

    def has(self, name: str, lo: int, hi: int) -> bool:
        """True when a cue of the named list starts among tokens [lo, hi)."""
        at = self._at[name]
        if not at:
            return False
        i = bisect_left(at, max(lo, 0))
        return i < len(at) and at[i] < hi


@cache
def _firsts(lists: tuple[tuple[str, frozenset[tuple[str, ...]]], ...]) -> dict[str, list]:
    """First word of every cue phrase, also with the conjunction written onto it (unless
    that is a first word itself) -> [(list name, the phrase's other words)]."""
    firsts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name, phrases in lists:
        for phrase in phrases:
            firsts.setdefault(phrase[0], []).append((name, phrase[1:]))
    return {**{"و" + word: found for word, found in firsts.items()}, **firsts}


def cue_lists() -> dict[str, frozenset[tuple[str, ...]]]:
    lex = lexicon()
    return {**{name: phrases for name, (_, phrases) in lex.cues.items()},
            "party_stops": lex.party_stops}


def cue_window(name: str) -> int:
    return lexicon().cues[name][0]


def token_index(starts: list[int], offset: int) -> int:
    """Index of the first token starting at or after `offset` (`starts`: the tokens' starts)."""
    return bisect_left(starts, offset)


def starting_in(items: list, starts: list[int], lo: int, hi: int) -> list:
    """The items (in order, `starts` their starts) that start in [lo, hi)."""
    return items[bisect_left(starts, lo):bisect_left(starts, hi)]

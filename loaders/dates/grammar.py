"""The grammar of Arabic time expressions, built once from `data/dates.yml`.

`lexicon()` holds the folded word tables (month names of every series, weekdays,
modifiers, relative days, units, holidays); `form_patterns()` compiles one regex
per expression form (`FORMS`, most specific first), all with the same slot names
(day, month, year, wd, ...) that `chrono.loaders.dates.rules` reads. `first_forms()`
says which forms can start with a given word, and `anchor_words()` which words
every expression holds, so the scanner tries only a few forms at a few places.
The regexes run on folded text (`chrono.loaders.arabic.fold`), so they are folded
too before compiling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex
import yaml

from chrono.loaders import DATA_DIR
from chrono.loaders.arabic import fold
from chrono.loaders.numbers import number_words, ordinal_words

DATA = DATA_DIR / "dates.yml"


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]  # folded name -> 1..12
    hijri_months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]  # folded name -> Monday = 0
    modifiers: dict[str, str]  # folded word -> past / future / present
    this: frozenset[str]
    relative_days: dict[str, int]
    dayparts: tuple[str, ...]
    parts: dict[str, dict[str, tuple[int, int]]]  # word -> {days, months, weekdays: (first, last)}
    units: dict[str, tuple[str, int | None]]  # word -> (unit, count implied: 1, 2, or None)
    ago: tuple[str, ...]
    ago_blocked_after: tuple[str, ...]
    later: tuple[str, ...]
    approx: tuple[str, ...]
    within: tuple[str, ...]
    plural_default_count: int
    year_cues: tuple[str, ...]
    year_lookbehind: tuple[str, ...]
    holidays_gregorian: dict[str, tuple[int, int]]
    holidays_hijri: dict[str, tuple[int, int]]
    holidays_easter: frozenset[str]


def _folded(words: list[str]) -> list[str]:
    return [fold(w).strip() for w in words]


@cache
def lexicon() -> Lexicon:
    with DATA.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)

    def by_number(table: dict[int, list[str]]) -> dict[str, int]:
        return {w: int(n) for n, words in table.items() for w in _folded(words)}

    parts = {}
    for spec in raw["parts"].values():
        for word in _folded(spec["words"]):
            parts[word] = {k: tuple(spec[k]) for k in ("days", "months", "weekdays")}
    units: dict[str, tuple[str, int | None]] = {}
    for unit, forms in raw["units"].items():
        for kind, implied in (("singular", 1), ("plural", None), ("dual", 2)):
            for word in _folded(forms[kind]):
                units[word] = (unit, implied)
    holidays = raw["holidays"]
    return Lexicon(
        months=by_number(raw["months"]),
        hijri_months=by_number(raw["hijri_months"]),
        ambiguous_months=frozenset(_folded(raw["ambiguous_months"])),
        weekdays=by_number(raw["weekdays"]),
        modifiers={w: kind for kind, ws in raw["modifiers"].items() for w in _folded(ws)},
        this=frozenset(_folded(raw["this"])),
        relative_days={fold(k): int(v) for k, v in raw["relative_days"].items()},
        dayparts=tuple(_folded(raw["dayparts"])),
        parts=parts,
        units=units,
        ago=tuple(_folded(raw["ago"])),
        ago_blocked_after=tuple(_folded(raw["ago_blocked_after"])),
        later=tuple(_folded(raw["later"])),
        approx=tuple(_folded(raw["approx"])),
        within=tuple(_folded(raw["within"])),
        plural_default_count=int(raw["plural_default_count"]),
        year_cues=tuple(_folded(raw["year_cues"])),
        year_lookbehind=tuple(_folded(raw["year_lookbehind"])),
        holidays_gregorian={fold(k): tuple(v) for k, v in holidays["gregorian"].items()},
        holidays_hijri={fold(k): tuple(v) for k, v in holidays["hijri"].items()},
        holidays_easter=frozenset(_folded(holidays["easter"])),
    )


def _alt(words) -> str:
    """A non-capturing alternation of words, each ending at a word boundary, as a prefix tree.

    (The regex module tries the branches of a flat alternation one by one, a costly
    failure at every word that is none of them; a tree rejects it in a step or two.
    A word's longer continuations come before its end, so the longest word matches
    first, as in a flat alternation sorted longest first.)
    """
    tree: dict = {}
    for word in set(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _branches(tree) + r"(?!\w)"


def _branches(node: dict) -> str:
    """The regex of a prefix tree's node: its children, then the end of a word if one ends there."""
    alts = [(r"\s+" if ch == " " else regex.escape(ch)) + _branches(child)
            for ch, child in sorted(node.items()) if ch]
    if "" in node:
        alts.append("")
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


FORMS = (
    "numeric_dmy", "numeric_ymd", "numeric_my", "day_range", "month_day_range",
    "nth_weekday", "nth_unit", "unit_nth", "daymonth", "holiday", "part", "monthyear",
    "night_pair", "weekday_week", "weekday_mod", "relday", "weekday", "ago", "later", "span", "window",
    "rel_period", "year", "month_alone",
)


# Function words in multi-word phrases: they never make a place worth trying on their own.
STOP = {"في", "من", "هذا", "هذه", "الذي", "الي", "وقت", "سابق", "لاحق", "قبل", "بعد", "يوم", "ما"}


@cache
def anchor_words() -> frozenset[str]:
    """Folded words at least one of which every expression holds (besides digits).

    The scanner only tries the grammar near these words: a regex tried at every
    position of a long article costs 50 times more.
    """
    lx = lexicon()
    phrases = [*lx.months, *lx.hijri_months, *lx.weekdays, *lx.relative_days, *lx.units,
               *lx.parts, *lx.holidays_gregorian, *lx.holidays_hijri, *lx.holidays_easter,
               *lx.year_cues, *number_words()]
    words = {w for phrase in phrases for w in phrase.split() if w not in STOP}
    # ("ال" before "ذي" of "ذي الحجة" spells "الذي": the article can make a stop word too)
    return frozenset(words | {"ال" + w for w in words if not w.startswith("ال")}) - STOP


@cache
def lead_words() -> frozenset[str]:
    """Folded words an expression may start with: the anchors and the words put before them."""
    lx = lexicon()
    phrases = [*lx.dayparts, *lx.parts, *lx.approx, *lx.within, *lx.ago, *lx.later, *lx.this,
               *lx.relative_days, *lx.holidays_hijri, *lx.holidays_gregorian]
    firsts = {phrase.split()[0] for phrase in phrases}
    return anchor_words() | firsts | {"من", "بين", "في", "يوم", "شهر", "الشهر"}


SLOT = regex.compile(r"\(\?P<(\w+)>")
DIGITS = "<digits>"  # first_forms key for a word holding a digit


@cache
def first_forms() -> dict[str, tuple[str, ...]]:
    """Lead word (or DIGITS) -> the forms, in order, that can start with it.

    Found with the regex module's partial matching, so the table follows the grammar.
    """
    singles = _regex_forms()

    def can_start(samples: list[str]) -> tuple[str, ...]:
        """Forms that match a sample whole, or could go on after it and a separator."""
        return tuple(name for name, pattern in singles.items() if any(
            pattern.fullmatch(sample) or any(
                pattern.match(sample + sep, partial=True) for sep in " /-.")
            for sample in samples))

    table = {word: can_start([word]) for word in lead_words()}
    table[DIGITS] = can_start(["5", "26", "2021", "ال18", "1445"])
    return {word: forms for word, forms in table.items() if forms}


@cache
def _regex_forms() -> dict[str, regex.Pattern]:
    """Each form on its own, compiled by the regex module (whose partial matching
    first_forms needs)."""
    forms = _forms()
    slots = {slot: None for pattern in forms.values() for slot in SLOT.findall(pattern)}
    compiled = {}
    for name, pattern in forms.items():
        # the slots of the other forms, in a branch that never matches: every group exists.
        # (After the form, not around it: an alternation at the top defeats regex's fast
        # rejection, and most tries fail.)
        missing = "".join(f"(?P<{slot}>)" for slot in slots if slot not in SLOT.findall(pattern))
        compiled[name] = regex.compile(fold(rf"(?:{pattern})(?:(?!){missing})?"), regex.V0)
    return compiled


@cache
def form_patterns() -> dict[str, re.Pattern | regex.Pattern | _Renamed]:
    """Each form on its own, matched at a word start chosen by the scanner: by the standard
    library's engine where it can run the form, as its fixed cost a try is a fraction of the
    regex module's and most tries fail. The forms of REPEATED_CAPTURES stay with the regex
    module; one that gives a group name to two groups, which only the regex module allows,
    has them numbered apart (_Renamed)."""
    out: dict[str, re.Pattern | regex.Pattern | _Renamed] = {}
    for name, pattern in _regex_forms().items():
        if name in REPEATED_CAPTURES:
            out[name] = pattern
            continue
        numbered, aliases = _numbered_apart(pattern.pattern)
        try:
            standard = re.compile(numbered)
        except re.error:  # a look-behind of varying width: the regex module's alone
            out[name] = pattern
            continue
        out[name] = _Renamed(standard, aliases) if aliases else standard
    return out


def _numbered_apart(pattern: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The pattern with a group name given twice numbered apart ("day", "day__2"), which the
    standard library requires, and each such name's groups in pattern order."""
    seen: dict[str, list[str]] = {}

    def rename(m: regex.Match) -> str:
        names = seen.setdefault(m[1], [])
        names.append(m[1] if not names else f"{m[1]}__{len(names) + 1}")
        return f"(?P<{names[-1]}>"

    numbered = SLOT.sub(rename, pattern)
    return numbered, {name: tuple(names) for name, names in seen.items() if len(names) > 1}


class _Renamed:
    """A form whose repeated group names were numbered apart, matched by the standard library
    and read by the grammar's names: like the regex module, a name gives what the last of
    its groups to take part captured."""

    __slots__ = ("_pattern", "_aliases")

    def __init__(self, pattern: re.Pattern, aliases: dict[str, tuple[str, ...]]):
        self._pattern, self._aliases = pattern, aliases

    def match(self, text: str, pos: int = 0) -> _RenamedMatch | None:
        m = self._pattern.match(text, pos)
        return _RenamedMatch(m, self._aliases) if m is not None else None


class _RenamedMatch:
    __slots__ = ("_m", "_aliases")

    def __init__(self, m: re.Match, aliases: dict[str, tuple[str, ...]]):
        self._m, self._aliases = m, aliases

    def _name(self, group: int | str) -> int | str:
        names = self._aliases.get(group) if isinstance(group, str) else None
        if names is None:
            return group
        return next((n for n in reversed(names) if self._m.start(n) >= 0), names[0])

    def group(self, group: int | str = 0) -> str | None:
        return self._m.group(self._name(group))

    def start(self, group: int | str = 0) -> int:
        return self._m.start(self._name(group))

    def end(self, group: int | str = 0) -> int:
        return self._m.end(self._name(group))


# Forms whose rules read every capture of a repeated group ("ثلاثة أيام وخمس ساعات"), which
# only the regex module keeps.
REPEATED_CAPTURES = frozenset({"ago", "later", "span", "window"})


@cache
def _forms() -> dict[str, str]:
    lx = lexicon()
    num = _alt(number_words())
    NUM = rf"(?:ال)?{num}(?:\s+(?:و\s*)?(?:ال)?{num})*"
    ORD = rf"(?:ال)?{_alt(ordinal_words())}(?:\s+عشر[هة]?)?(?!\w)"
    DAYD = r"(?<!\d)(?:ال)?(?:3[01]|[12]\d|0?[1-9])(?!\d)"
    MON = _alt(list(lx.months) + list(lx.hijri_months))
    WD_AL = _alt(w for w in lx.weekdays if w.startswith("ال"))
    WD_ANY = _alt(lx.weekdays)
    MOD = _alt(lx.modifiers)
    THIS = _alt(lx.this)
    YEAR = r"(?P<year>(?:1[34]|19|20)\d\d)(?!\d)(?:\s*(?P<era>ه|م)(?!\w))?"
    CUES = _alt(lx.year_cues)
    YREF = (
        rf"(?:[\s,،]*(?:(?:من|في)\s+)?(?:{CUES}\s*)?{YEAR}"
        rf"|\s+(?:من\s+|في\s+)?(?:(?P<ythis>{THIS})\s+(?:ال)?(?:عام|سنه)"
        rf"|(?:ال)(?:عام|سنه)\s+(?P<ymod>{MOD})))"
    )
    MONTH_NAMES = rf"(?P<month>{MON})(?:\s*[(/-]?\s*(?P<month2>{MON})\s*\)?)?"
    MREF = (
        rf"(?:(?:(?P<mthis>{THIS})\s+الشهر(?!\w)|الشهر\s+(?P<mmod>{MOD}))"
        rf"|(?:شهر\s+)?{MONTH_NAMES}(?:\s+(?P<nmod>{MOD}))?"  # "منتصف أبريل المقبل"
        rf"|شهر\s+(?P<mnum>\d{{1,2}}(?!\d)|{NUM})"
        rf"|الشهر\s+(?P<mord>{NUM}))"
    )
    TO = r"\s*(?:-|–|(?:و\s*)?(?:إلى|حتى|لغاية)(?!\w)|و(?=\s*\d))\s*"
    VIA = r"(?:(?:من|في)\s+|ب)"
    DAYPART = rf"(?:(?P<dpart>{_alt(lx.dayparts)})\s+)?"
    PERIOD = r"(?:الاسبوع|الشهر|العام|السنه)"
    PERIOD_REF = (
        rf"(?:(?P<pthis>{THIS})\s+(?P<period>{PERIOD})(?!\w)"
        rf"|(?P<period>{PERIOD})\s+(?P<pmod>{MOD}))"
    )
    HOL = _alt(list(lx.holidays_gregorian) + list(lx.holidays_hijri) + list(lx.holidays_easter))
    UNIT = _alt(lx.units)
    UNIT_MANY = _alt(w for w, (_, implied) in lx.units.items() if implied != 1)
    COUNT = rf"(?P<count>\d+(?!\d)|{NUM})"
    APPROX = rf"(?:(?P<approx>{_alt(lx.approx)})\s+)?"
    BLOCKED = "|".join(lx.ago_blocked_after)
    AGO = "|".join(w for w in lx.ago if w != "من")
    DUR = rf"(?:{COUNT}\s*)?(?P<unit>{UNIT})"
    NOT_ANCHORED = r"(?!\s*\d)(?!\s+من\s)"
    YEAR_LB = "|".join(lx.year_lookbehind)

    forms = {
        "numeric_dmy": r"(?<![\d/.])(?P<day>\d{1,2})\s?(?P<sep>[/.-])\s?(?P<mnum>\d{1,2})\s?(?P=sep)"
        r"\s?(?P<year>\d{4}|\d{2})(?![\d/]|\.\d)(?:\s*(?P<era>ه|م)(?!\w))?",
        "numeric_ymd": r"(?<![\d/.])(?P<year>\d{4})(?P<sep>[/.-])(?P<mnum>\d{1,2})(?P=sep)"
        r"(?P<day>\d{1,2})(?![\d/.])",
        "numeric_my": r"(?<![\d/.])(?P<mnum>\d{1,2})/(?P<year>\d{4})(?![\d/.])",
        # "بين الثالث والخامس من الشهر": two ordinals joined by و after بين are a range
        "day_range": rf"(?:(?:(?:من|بين)\s+)?(?:يوم\s+)?(?P<day>{DAYD}|{NUM}){TO}(?:يوم\s+)?"
        rf"(?P<day2>{DAYD}|{NUM})|بين\s+(?P<day>{ORD})\s+و\s*(?P<day2>{ORD}))\s*(?:من\s+)?{MREF}"
        rf"(?:{YREF})?",
        "month_day_range": rf"(?:شهر\s+)?{MONTH_NAMES}\s+(?P<day>{DAYD}){TO}(?P<day2>{DAYD})"
        rf"(?:{YREF})?",
        "nth_weekday": rf"(?P<nth>{NUM})\s+(?:يوم\s+)?(?P<wd>{WD_ANY})\s+"
        rf"(?:{VIA}(?:شهر\s+)?{MREF}|(?P<after>بعد)\s+(?P<hol>{HOL}))(?:{YREF})?",
        "nth_unit": rf"(?P<nth>{NUM})\s+(?P<nunit>اسبوع|يوم)\s+{VIA}{MREF}(?:{YREF})?",
        "unit_nth": rf"ال(?P<nunit>اسبوع|يوم)\s+(?P<nth>{NUM})\s+{VIA}{MREF}(?:{YREF})?",
        "daymonth": rf"{DAYPART}(?:(?:يوم\s+)?(?P<wd>{WD_AL})[\s,،]*(?:(?P<muw>الموافق)\s+)?)?"
        rf"(?:يوم\s+)?(?:في\s+)?(?P<day>{DAYD}|{NUM})\s*(?:من\s+)?{MREF}(?:{YREF})?",
        "holiday": rf"(?P<hol>{HOL})(?:{YREF})?",
        # "مطلع الأسبوع" with no modifier: the week containing R
        "part": rf"(?:في\s+)?(?P<part>{_alt(lx.parts)})\s+(?:{PERIOD_REF}"
        rf"|(?P<period>الاسبوع)(?!\w)(?!\s+(?:{MOD})(?!\w))"
        rf"|(?:{CUES}\s*)?{YEAR}|{MREF}(?:{YREF})?)",
        "monthyear": rf"(?:شهر\s+)?{MONTH_NAMES}(?:{YREF}|\s+(?P<nmod>{MOD}))",
        # "ليل الأحد الاثنين", "ليلة السبت على الأحد": the night between two days
        "night_pair": rf"(?:ليل|ليله)\s+(?P<wd>{WD_AL})\s*(?:[-/–]|و|(?:الى|على)(?!\w))?\s*"
        rf"(?P<wd2>{WD_AL})(?!\w)",
        "weekday_week": rf"(?:يوم\s+)?(?P<wd>{WD_ANY})\s+(?:من\s+)?"
        rf"(?:(?P<wthis>{THIS})\s+الاسبوع(?!\w)|الاسبوع\s+(?P<wmod>{MOD}))",
        "weekday_mod": rf"{DAYPART}(?:يوم\s+)?(?P<wd>{WD_AL})\s+(?P<wmod>{MOD})",
        "relday": rf"{DAYPART}(?:يوم\s+)?(?P<relday>{_alt(lx.relative_days)})"
        rf"(?!\s+(?:الذي|التي|اللي)(?!\w))(?:[\s,،]+(?:يوم\s+)?(?P<wd>{WD_AL}))?",
        "weekday": rf"{DAYPART}(?:(?:يوم\s+)?(?P<wd>{WD_AL})|يوم\s+(?P<wd>{WD_ANY}))(?!\s+عشر)",
        "ago": rf"(?:(?P<ago>{AGO})(?!\w)|(?<!(?:{BLOCKED})\s+)(?P<ago>من))\s+{APPROX}"
        rf"{DUR}(?:\s*[,،و]\s*{DUR})*{NOT_ANCHORED}",
        "later": rf"(?P<later>{_alt(lx.later)})\s+{APPROX}{DUR}{NOT_ANCHORED}",
        "span": rf"(?:(?P<within>{_alt(lx.within)})\s+)?(?:في\s+)?ال(?P<unit>{UNIT_MANY})"
        rf"(?:\s+{COUNT})?\s+(?P<smod>{MOD})",
        "window": rf"(?P<within>{_alt(lx.within)})\s+(?:(?P<count>\d+(?!\d)|{NUM})\s*"
        rf"(?P<unit>{UNIT})|(?P<unit>{UNIT_MANY})){NOT_ANCHORED}",
        "rel_period": PERIOD_REF,
        "year": rf"(?:(?P<ycue>{CUES})\s*{YEAR}|(?<=(?:^|\W)(?:{YEAR_LB})\s+){YEAR}"
        r"|(?P<year>(?:1[34]|19|20)\d\d)\s?(?P<era>ه|م)(?!\w))",
        "month_alone": rf"(?:(?P<mshahr>شهر)\s+)?{MONTH_NAMES}",
    }
    assert tuple(forms) == FORMS
    return forms

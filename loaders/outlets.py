"""Outlets and datelines: who published an article, and where it was filed from.

An outlet is recognised only where a page names its publisher: the url's
domain, a site name in the page title ("... | شفق نيوز"), a dateline or
byline ("النور نيوز/ بغداد", "واشنطن / متابعة وطن برس", "ايلاف من لندن:",
"بغداد (رويترز) -") and a credit phrase ("في بيان تلقته «ايلاف»"). Running
text that merely cites an outlet ("قالت رويترز") never counts. The outlets
and the words around them are data: gazetteer/outlets.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import yaml

from chrono.loaders import GAZETTEER_DIR
from chrono.loaders.arabic import fold

OUTLETS_FILE = GAZETTEER_DIR / "outlets.yml"

# Between the parts of a dateline: "/", ":", "|", brackets, quotes, dashes.
SEPARATOR = re.compile(r"\s*(?:[/|:()«»\"“”]|[-–—]+)\s*")
_DIGIT = re.compile(r"\d|[\u0660-\u0669]")
_TERMINAL = re.compile(r"[.!?؟…](?:\s|$)")  # a stop ends a sentence, not "العربية.نت"
_FROM = re.compile(r"\s+من\s+")
_WORD = re.compile(r"\w+")
MAX_PLACE_WORDS = 3
MAX_DATELINE_WORDS = 8


def key(text: str) -> str:
    """Folded, lower-cased, whitespace collapsed: how names and lines are compared."""
    return " ".join(fold(text).lower().split())


@dataclass(frozen=True)
class Outlet:
    name: str
    name_ar: str
    forms: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None = None  # where it is based, for a national outlet (ISO 3166-1 alpha-2)


@dataclass(frozen=True)
class Dateline:
    place: str | None  # as printed
    outlet: str | None  # canonical name


@dataclass(frozen=True)
class _Table:
    outlets: tuple[Outlet, ...]
    by_form: dict[str, str]  # key(form) -> canonical name
    fillers: tuple[str, ...]  # key(filler)
    byline_openers: frozenset[str]  # key(word)
    credit: re.Pattern[str]  # on key(text): a credit verb, then a form


@cache
def table() -> _Table:
    data = yaml.safe_load(OUTLETS_FILE.read_text(encoding="utf-8"))
    outlets = tuple(
        Outlet(
            name=entry["name"],
            name_ar=entry["name_ar"],
            forms=tuple(entry.get("forms", [])),
            domains=tuple(d.lower() for d in entry.get("domains", [])),
            country=entry.get("country"),
        )
        for entry in data["outlets"]
    )
    by_form: dict[str, str] = {}
    for outlet in outlets:
        for form in (outlet.name_ar, *outlet.forms):
            by_form.setdefault(key(form), outlet.name)
    forms = "|".join(re.escape(f) for f in sorted(by_form, key=len, reverse=True))
    verbs = "|".join(re.escape(key(v)) for v in sorted(data["credit_verbs"], key=len, reverse=True))
    credit = re.compile(
        rf"(?<!\w)(?:{verbs})\s+(?:(?:قناه|وكاله|موقع|صحيفه|جريده)\s+)?[\"“«']?\s*({forms})(?![\w])"
    )
    fillers = tuple(key(f) for f in data["dateline_fillers"])
    return _Table(outlets, by_form, fillers, frozenset(key(w) for w in data["byline_openers"]), credit)


def outlet_country(name: str | None) -> str | None:
    """The country a national outlet (canonical name) is based in; None for pan-Arab and
    international ones, and for outlets not in the table."""
    return _countries().get(name)


@cache
def _countries() -> dict[str, str]:
    return {o.name: o.country for o in table().outlets if o.country}


def outlet_from_url(url: str | None) -> str | None:
    """The outlet whose domain (or a subdomain of it) serves `url`."""
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    for outlet in table().outlets:
        if any(host == d or host.endswith("." + d) for d in outlet.domains):
            return outlet.name
    return None


def outlet_named(text: str) -> str | None:
    """The outlet whose form `text` is (quotes and "متابعة" allowed around it)."""
    k = key(SEPARATOR.sub(" ", text)).strip()
    found = table().by_form.get(k)
    if found is None:
        for filler in table().fillers:
            if k.startswith(filler + " "):
                found = table().by_form.get(k[len(filler) + 1 :])
                if found:
                    break
    return found


def outlet_in_credit(text: str) -> str | None:
    """The outlet named by the first credit phrase ("بيان تلقته «ايلاف»") in `text`."""
    match = table().credit.search(key(text))
    return table().by_form.get(match.group(1)) if match else None


def split_title(title: str) -> tuple[str, str | None]:
    """A page title without its site name ("الخبر | شفق نيوز"), and that outlet."""
    parts = re.split(r"\s+[|\-–—]\s+", title)
    if len(parts) > 1:
        for i in (-1, 0):
            outlet = outlet_named(parts[i])
            if outlet:
                rest = parts[:-1] if i == -1 else parts[1:]
                return " - ".join(p.strip() for p in rest), outlet
    return title, None


def _segments(text: str) -> Dateline | None:
    """Read a dateline's parts; None when a part is neither outlet, filler nor a
    short place ("بغداد", "بغداد 15 يناير 2024")."""
    place: str | None = None
    outlet: str | None = None
    for part in SEPARATOR.split(text):
        part = part.strip()
        if not part:
            continue
        named = outlet_named(part)
        if named:
            outlet = outlet or named
            continue
        if key(part) in table().fillers:
            continue
        pieces = _FROM.split(part, maxsplit=1)  # "ايلاف من لندن"
        if len(pieces) == 2 and outlet_named(pieces[0]):
            outlet = outlet or outlet_named(pieces[0])
            part = pieces[1]
        digit = _DIGIT.search(part)
        candidate = part[: digit.start()].strip() if digit else part
        words = candidate.split()
        if not words or len(words) > MAX_PLACE_WORDS or _TERMINAL.search(candidate):
            return None
        place = place or candidate
    return Dateline(place, outlet)


def dateline_line(line: str) -> Dateline | None:
    """A line that is only a dateline or byline: "النور نيوز/ بغداد",
    "واشنطن / متابعة وطن برس", "من كربلاء الخبر - بغداد", "بغداد / تميم الحسن"."""
    line = line.strip()
    if not line or len(line.split()) > MAX_DATELINE_WORDS or _TERMINAL.search(line):
        return None
    first = _WORD.match(key(line))
    if first and first.group() in table().byline_openers:  # "كتب- أحمد عمار:"
        return None
    found = _segments(line)
    if found is None:
        return None
    if found.outlet:
        return found
    # no known outlet: a place and a byline split by "/" or a dash, or a lone "بغداد -"
    parts = [p for p in SEPARATOR.split(line) if p.strip()]
    dividers = SEPARATOR.findall(line)
    if len(parts) == 2 and any(d.strip()[:1] in "/-–—" for d in dividers):
        return found
    if len(parts) == 1 and len(line.split()) <= 2 and line[-1] in ":-–—/":
        return found
    return None


def dateline_prefix(paragraph: str) -> Dateline | None:
    """A dateline that opens a paragraph ("ايلاف من لندن: فيما ...",
    "بغداد (رويترز) - قال ..."); only with a known outlet in it."""
    head = paragraph[:120]
    separators = list(SEPARATOR.finditer(head))
    for i, sep in enumerate(separators):
        prefix = head[: sep.start()]
        if len(prefix.split()) > MAX_DATELINE_WORDS:
            break
        if not prefix.strip():
            continue
        found = _segments(prefix)
        if found is None:
            break
        if found.outlet is None:
            continue
        if found.place is None and i + 1 < len(separators):
            following = head[sep.end() : separators[i + 1].start()].strip()
            if 1 <= len(following.split()) <= 2 and not _DIGIT.search(following):
                return Dateline(following, found.outlet)
        return found
    return None

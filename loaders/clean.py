"""Clean a scraped page: the article's paragraphs, its title, outlet and dateline.

A page is read line by line. Furniture (comment forms, view counts,
timestamps, share rows, breadcrumbs, "related articles" lists: all data, in
data/furniture.yml) is set aside; before the first paragraph that reads like
body text, short headline-like lines are the title and its kickers; a
standalone dateline ("النور نيوز/ بغداد") is set aside too; after the body
has begun, a tail marker ("مقالات ذات صلة") ends it, and a headline repeated
as a line is dropped. Paragraphs are kept exactly as printed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import yaml

from chrono.loaders import DATA_DIR
from chrono.loaders.arabic import fold, has_arabic
from chrono.loaders.dates import find_dates
from chrono.loaders.outlets import (
    Dateline,
    dateline_line,
    dateline_prefix,
    key,
    outlet_from_url,
    outlet_in_credit,
    outlet_named,
    split_title,
)
from chrono.loaders.read import Source

FURNITURE_FILE = DATA_DIR / "furniture.yml"

# trimmed from both ends of a line's key: bullets, dashes, colons, quotes, brackets
_TRIM = " \t•·●▪■◦*-–—_|:.,،;؛»«<>\"'“”‘’()[]{}"
_SEP = r"[\s/\\|:.,،\-–—•·»«>()]*"
# a line that ends a sentence (closing quotes and brackets may follow the stop)
_TERMINAL = re.compile(r"[.!…][\s\"'”’»″)\]]*$")
BODY_WORDS = 20  # a line this long is body text even without a full stop
MIN_SENTENCE_WORDS = 5  # a shorter line ending in a full stop is not yet body text
TITLE_WORDS = 4  # a headline is at least this long; a menu's items and most site names are not
_INLINE_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|ص|م)\b)?")


def line_key(line: str) -> str:
    """How a line is compared with furniture entries (see data/furniture.yml)."""
    return key(line).strip(_TRIM)


@dataclass(frozen=True)
class Furniture:
    lines: frozenset[str]
    prefixes: re.Pattern[str]  # matched at the start of a line key, whole words
    patterns: tuple[re.Pattern[str], ...]  # full matches of a line key
    tail_lines: frozenset[str]
    tail_patterns: tuple[re.Pattern[str], ...]
    link_markers: frozenset[str]
    counts: tuple[re.Pattern[str], ...]  # searched inside text by identity_text

    def matches(self, k: str) -> bool:
        return (
            not k
            or k in self.lines
            or self.prefixes.match(k) is not None
            or any(p.fullmatch(k) for p in self.patterns)
        )

    def ends_article(self, k: str) -> bool:
        return k in self.tail_lines or any(p.fullmatch(k) for p in self.tail_patterns)


def _phrases(entries: list[str], numbers: bool = False) -> re.Pattern[str]:
    """A line made only of these phrases (and numbers), glued or separated."""
    alternatives = sorted({line_key(e) for e in entries} - {""}, key=len, reverse=True)
    options = "|".join(re.escape(a) for a in alternatives) + (r"|\d+" if numbers else "")
    return re.compile(rf"{_SEP}(?:(?:{options}){_SEP})+")


def _prefixes(entries: list[str]) -> re.Pattern[str]:
    """Line starts; one ending in a letter must end a word there ("بقلم" not "بقلمه")."""
    options = []
    for entry in sorted({key(e).lstrip(_TRIM) for e in entries} - {""}, key=len, reverse=True):
        options.append(re.escape(entry) + (r"(?!\w)" if entry[-1].isalnum() else ""))
    return re.compile("|".join(options))


@cache
def furniture() -> Furniture:
    data = yaml.safe_load(FURNITURE_FILE.read_text(encoding="utf-8"))
    patterns = [re.compile(fold(p)) for p in data["patterns"]]
    return Furniture(
        lines=frozenset(line_key(e) for e in data["lines"]),
        prefixes=_prefixes(data["prefixes"]),
        patterns=(
            *patterns,
            _phrases(data["sections"]),
            _phrases(data["share"]),
            _phrases(data["timestamps"], numbers=True),
        ),
        tail_lines=frozenset(line_key(e) for e in data["tail"]["lines"]),
        tail_patterns=tuple(re.compile(fold(p)) for p in data["tail"]["patterns"]),
        link_markers=frozenset(line_key(e) for e in data["link_markers"]),
        counts=tuple(patterns[:2]),
    )


@dataclass(frozen=True)
class Cleaned:
    text: str  # the article's paragraphs, in order, joined by "\n\n", each as printed
    title: str | None
    outlet: str | None  # canonical outlet name (gazetteer/outlets.yml), None if unknown
    dateline: str | None  # the dateline place as printed
    furniture: tuple[str, ...]  # the lines removed, in order (all but the title's own line)
    warnings: tuple[str, ...] = ()


def _body_like(line: str) -> bool:
    words = len(line.split())
    return words >= BODY_WORDS or (words >= MIN_SENTENCE_WORDS and bool(_TERMINAL.search(line)))


def _date_stamp(line: str, table: Furniture) -> bool:
    """A short line that is a date and nothing else ("الاثنين 19 جويلية 2021", "2021/07/26 12:36"):
    what is left once the date expressions are taken out is timestamp furniture or nothing."""
    if len(line.split()) > 8 or not any(ch.isdigit() for ch in line):  # a page's stamp prints a number
        return False
    found = find_dates(line, None)
    if not found:
        return False
    rest, at = [], 0
    for e in found:
        rest.append(line[at:e.start])
        at = e.end
    rest.append(line[at:])
    return table.matches(line_key(" ".join(rest)))


def _same_headline(a: str, b: str) -> bool:
    """Two line keys that are the same headline (one may carry a site name or kicker)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= 4 and short in long_ and len(short) >= 0.6 * len(long_)


def _merged(first: Dateline | None, then: Dateline | None) -> Dateline | None:
    """The place of a later dateline line with the outlet of an earlier one, when that
    one named no place (a site's name printed above the article)."""
    if first is None or then is None:
        return first or then
    return Dateline(then.place, first.outlet or then.outlet)


def clean(source: Source) -> Cleaned:
    """The article inside a scraped page. Pure; never raises on any text."""
    table = furniture()
    lines = [line.strip() for line in source.text.splitlines()]
    lines = [line for line in lines if line]
    keys = [line_key(line) for line in lines]
    first_body = next(
        (i for i, (line, k) in enumerate(zip(lines, keys, strict=True)) if _body_like(line)
         and not table.matches(k)),
        None,
    )

    given_title, title_outlet = split_title(source.title.strip()) if source.title else (None, None)
    headlines = [line_key(given_title)] if given_title else []
    kinds: list[str] = []  # per line: body, furniture, headline, dateline (later: title)
    dateline: Dateline | None = None
    ended = False
    after_link = False
    for i, (line, k) in enumerate(zip(lines, keys, strict=True)):
        started = first_body is not None and i >= first_body
        if ended or (started and table.ends_article(k)):
            ended = True
            kinds.append("furniture")
        elif table.matches(k) or (after_link and not _body_like(line)) or _date_stamp(line, table):
            kinds.append("furniture")
        elif not started and (dateline is None or dateline.place is None) and (found := dateline_line(line)):
            dateline = _merged(dateline, found)  # a site's name alone does not end the search
            kinds.append("dateline")
        elif not started and first_body is not None:
            kinds.append("headline")
            headlines.append(k)
        elif any(_same_headline(k, h) for h in headlines):
            kinds.append("furniture")  # a headline repeated as a line (a caption, a link)
        else:
            kinds.append("body")
        after_link = k in table.link_markers

    # Short lines after the last body-like paragraph: link lists, captions, credits.
    last = max((i for i, kind in enumerate(kinds) if kind == "body" and _body_like(lines[i])),
               default=None)
    if last is not None:
        kinds = [("furniture" if kind == "body" and i > last else kind)
                 for i, kind in enumerate(kinds)]

    title = given_title or _pick_title(lines, kinds, keys)
    bodies = [i for i, kind in enumerate(kinds) if kind == "body"]
    if first_body is None and title is None and len(bodies) > 1:
        # nothing reads as body text: the first line is the title, the rest the text
        kinds[bodies[0]] = "headline"
        title = lines[bodies[0]]
    if title is not None:
        # the headline line itself is the title, not furniture: the date resolver reads
        # furniture for the page's timestamp, and a headline may print another date
        title_key = line_key(title)
        for i, kind in enumerate(kinds):
            if kind == "headline" and keys[i] == title_key:
                kinds[i] = "title"
                break
    paragraphs = [line for line, kind in zip(lines, kinds, strict=True) if kind == "body"]
    removed = tuple(
        line for line, kind in zip(lines, kinds, strict=True) if kind not in ("body", "title")
    )
    if (dateline is None or dateline.place is None) and paragraphs:
        dateline = _merged(dateline, dateline_prefix(paragraphs[0]))

    text = "\n\n".join(paragraphs)
    outlet = (
        outlet_from_url(source.url)
        or title_outlet
        or (dateline.outlet if dateline else None)
        or outlet_in_credit(text)
    )
    warnings = []
    if not has_arabic(source.text):
        warnings.append("no Arabic text")
    if not paragraphs:
        warnings.append("no article text found")
    return Cleaned(
        text=text,
        title=title,
        outlet=outlet,
        dateline=dateline.place if dateline else None,
        furniture=removed,
        warnings=tuple(warnings),
    )


def _pick_title(lines: list[str], kinds: list[str], keys: list[str]) -> str | None:
    """The first headline-like line of TITLE_WORDS words or more that is not repeated
    further down the page (a repeated one is a photo caption or a link) and is not the
    site's name: a menu's items ("بث مباشر", "العالم العربي") are shorter. Failing that, the
    first unrepeated line, else the first one."""
    candidates = [i for i, kind in enumerate(kinds) if kind == "headline"]
    if not candidates:
        return None
    seen = Counter(keys)
    unique = [i for i in candidates if seen[keys[i]] == 1]
    worded = [i for i in unique if len(lines[i].split()) >= TITLE_WORDS
              and outlet_named(lines[i]) is None and not _mostly_dates(lines[i])]
    return lines[(worded or unique or candidates)[0]]


def _mostly_dates(line: str) -> bool:
    """A line at least half of which is dates ("الأربعاء 31 كانون الثاني 2024 - 19 رجب 1445")."""
    return 2 * sum(e.end - e.start for e in find_dates(line, None)) >= len(line.strip())


def identity_text(cleaned_text: str) -> str:
    """What the article id hashes: the cleaned text folded, lower-cased, with
    furniture-like lines and tokens (view counts, times of day) removed and
    whitespace collapsed, so a re-scrape of the same page gives the same id.
    Dates stay: two reports that differ only in a date are different articles."""
    table = furniture()
    folded = fold(cleaned_text).lower()  # once: folding is the slow part of a big text
    kept = [
        line for line in folded.splitlines() if not table.matches(" ".join(line.split()).strip(_TRIM))
    ]
    text = " ".join(kept)
    for pattern in table.counts:
        text = pattern.sub(" ", text)
    text = _INLINE_TIME.sub(" ", text)
    return " ".join(text.split())


def article_id(cleaned_text: str) -> str:
    """The article's stream id: 16 hex digits of sha256(identity_text)."""
    return hashlib.sha256(identity_text(cleaned_text).encode("utf-8")).hexdigest()[:16]

"""Arabic normalisation for matching and search.

Users always see the text exactly as printed; these functions build a folded
copy to match lexicons, gazetteers and search queries against. `fold` maps
every character to at most one character, and `normalise_with_offsets` keeps,
for each character of the folded text, the offset it came from in the
original, so a match in the folded text points back at the printed words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

from chrono.loaders import DATA_DIR

TASHKEEL = (
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a"
    + "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4"
    + "\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
)
TATWEEL = "\u0640"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ک": "ك", "ڪ": "ك",
    "ٰ": "",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "٫": ".", "٬": ",", "،": "،",
}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits
_DROP = set(TASHKEEL + TATWEEL + INVISIBLE)

_TABLE = {ord(k): v for k, v in _FOLD.items()}
_TABLE.update({ord(c): None for c in _DROP})

# fold as a few C-speed passes (str.translate with a dict calls back into Python
# for every character of an article): one regex removes what is dropped, then
# one str.replace per character that changes.
_STEPS = tuple((k, v) for k, v in _FOLD.items() if v and v != k)
DROPPED = re.compile("[" + re.escape("".join(sorted(_DROP | {k for k, v in _FOLD.items() if not v}))) + "]")

SHORT = 40  # below this length str.translate folds faster than the passes of fold_letters

ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\w]+")

VARIANTS_FILE = DATA_DIR / "spelling_variants.csv"


def has_arabic(text: str, minimum: int = 1) -> bool:
    """True when the text holds at least `minimum` Arabic letters."""
    count = 0
    for _ in ARABIC_LETTER.finditer(text):
        count += 1
        if count >= minimum:
            return True
    return False


def fold_slow(text: str) -> str:
    """`fold` by one str.translate: the reference the fast version is tested against."""
    return text.translate(_TABLE)


def fold(text: str) -> str:
    """Fold hamza/alef forms, ى/ي, ة/ه, Arabic-Indic digits; drop tashkeel and tatweel."""
    if len(text) < SHORT:  # a word or a name: one lookup a character beats the passes
        return text.translate(_TABLE)
    return fold_letters(DROPPED.sub("", text))


def fold_letters(text: str) -> str:
    """`fold` without its deletions: the result is as long as `text` (tashkeel and tatweel stay)."""
    for old, new in _STEPS:
        if old in text:
            text = text.replace(old, new)
    return text


def fold_with_offsets(text: str) -> tuple[str, Callable[[int], int]]:
    """Fold `text`; also return a function from a folded offset to its offset in `text`.

    fold maps each character to one character or drops it, so a folded offset is
    the original one plus the characters dropped before it (a bisection).
    """
    kept = DROPPED.split(text)  # one pass finds both the folded text and where it drops
    if len(kept) == 1:
        return fold_letters(text), _identity
    marks = list(accumulate(map(len, kept[:-1])))  # folded offset of each dropped character
    return fold_letters("".join(kept)), lambda i: i + bisect_right(marks, i)


def _identity(i: int) -> int:
    return i


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold `text`; also return, for each folded character, its offset in `text`.

    The list has one extra entry, len(text), so a folded span [i, j) maps back
    to text[offsets[i]:offsets[j]].
    """
    folded, offset = fold_with_offsets(text)
    return folded, [offset(i) for i in range(len(folded))] + [len(text)]


@lru_cache(maxsize=1)
def spelling_variants() -> dict[str, str]:
    """Folded variant word -> folded canonical word (e.g. الاميركي -> الامريكي)."""
    table: dict[str, str] = {}
    with VARIANTS_FILE.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("variant,"):
                continue
            variant, canonical = (fold(part.strip()) for part in line.split(",", 1))
            table[variant] = canonical
    return table


@lru_cache(maxsize=1)
def _variant_pattern() -> re.Pattern[str]:
    """One alternation of the variant words, whole words only: only they call back into Python."""
    variants = spelling_variants()
    words = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{words})(?![\w])")


def normalise(text: str) -> str:
    """Fold the text and map known spelling variants to one form (for search and matching)."""
    folded = fold(text).lower()
    variants = spelling_variants()
    # Substring tests run at C speed; the word-bounded regex only where a variant may be.
    if not any(v in folded for v in variants):
        return folded
    return _variant_pattern().sub(lambda m: variants[m.group(0)], folded)


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text))

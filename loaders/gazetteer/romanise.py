"""English spellings for Arabic personal names the gazetteer does not know.

arabic-name-romanizer runs offline: a dictionary of attested spellings first,
a small bundled ONNX model for the rest. Its output is tidied to one style for
the article "al-" inside a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_ARTICLE = re.compile(r"(?<=\s)(?:Al|El|AL|EL|al|el)(?:-|\s+)(?=\w)")


@cache
def _transliterator():  # loading the dictionary and model takes most of a second
    from arabic_name_romanizer import Transliterator

    return Transliterator()


@lru_cache(maxsize=4096)
def romanise(name_ar: str, country: str | None = "IQ") -> str:
    """A Latin spelling of an Arabic personal name, e.g. "أحمد الصحاف" -> "Ahmed al-Sahhaf".

    `country` (ISO code) steers the choice between spellings; names here are
    mostly Iraqi.
    """
    plain = "".join(ch for ch in name_ar if unicodedata.category(ch) != "Mn").replace("\u0640", "")
    plain = " ".join(plain.split())
    if not plain:
        return ""
    latin = _transliterator().transliterate(plain, country=country)
    return _ARTICLE.sub("al-", " ".join(latin.split()))

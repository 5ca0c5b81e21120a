"""Expanding the compact surface-form notation of the data files.

"[a|b] x {adj_m}" stands for "a x <adj>" and "b x <adj>" for each masculine
adjective of the country; "{macro}" for a text from settings.yml. An empty
alternative ("[| الرسمي]") makes a part optional.
"""

from __future__ import annotations

import itertools
import re

_ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def expand(form: str, macros: dict[str, str], slots: dict[str, list[str]] | None = None) -> list[str]:
    """All the plain strings a form stands for (duplicates removed, order kept).

    `slots` fills {adj_m}, {adj_f} and {name}; a form naming a slot that is
    empty or missing stands for nothing.
    """
    for _ in range(5):  # macros may use macros; a few rounds are plenty
        substituted = _PLACEHOLDER.sub(lambda m: macros.get(m.group(1), m.group(0)), form)
        if substituted == form:
            break
        form = substituted
    out: dict[str, None] = {}
    for text in _alternatives(form):
        for filled in _fill(text, slots or {}):
            out[" ".join(filled.split())] = None
    return list(out)


def _alternatives(form: str) -> list[str]:
    parts = _ALTERNATIVES.split(form)  # literal, choices, literal, choices, ...
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]


def _fill(text: str, slots: dict[str, list[str]]) -> list[str]:
    names = _PLACEHOLDER.findall(text)
    if not names:
        return [text]
    values = [slots.get(name, []) for name in names]
    pieces = _PLACEHOLDER.split(text)  # literal, name, literal, name, ...
    out = []
    for combo in itertools.product(*values):
        filled = pieces[:]
        for i, value in enumerate(combo):
            filled[2 * i + 1] = value
        out.append("".join(filled))
    return out

"""Quoted speech: where the quotation marks of an article open and close.

Arabic wire copy mixes its marks (“...”, «...», "...", and ” used to open as
well as close); a region never runs past the end of its paragraph, so one
unbalanced mark spoils one paragraph at most.
"""

from __future__ import annotations

import re
from bisect import bisect_right

OPENERS = frozenset("“«„")
CLOSERS = frozenset("»″")
TOGGLES = frozenset('"”')
_MARK = re.compile('[\n“«„»″"”]')


class Quotes:
    """The quoted regions of one text, as sorted (start, end) offsets, marks excluded."""

    def __init__(self, text: str) -> None:
        regions: list[tuple[int, int]] = []
        opened: int | None = None
        for m in _MARK.finditer(text):
            i, ch = m.start(), m.group(0)
            if ch == "\n":
                if opened is not None:
                    regions.append((opened, i))
                    opened = None
            elif opened is None and ch not in CLOSERS:
                opened = i + 1
            elif opened is not None and ch not in OPENERS:
                regions.append((opened, i))
                opened = None
        if opened is not None:
            regions.append((opened, len(text)))
        self.text = text
        self.regions = regions
        self._starts = [r[0] for r in regions]

    def inside(self, offset: int) -> bool:
        """True when `offset` lies inside a quotation."""
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self.regions[i][1]

    def passage_at(self, offset: int) -> str | None:
        """The quoted passage that holds `offset`, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.regions[i][1]:
            return self.text[self.regions[i][0] : self.regions[i][1]]
        return None

    def within(self, start: int, end: int) -> list[str]:
        """The quoted passages that begin inside [start, end), stripped."""
        out = []
        i = bisect_right(self._starts, start - 1)
        while i < len(self.regions) and self.regions[i][0] < end:
            passage = self.text[self.regions[i][0] : self.regions[i][1]].strip(" ،,.:")
            if passage:
                out.append(passage)
            i += 1
        return out

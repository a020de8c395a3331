"""Pure-Python span arithmetic for the window (no Qt here; easy to test).

* :class:`Utf16Map` converts Python code-point offsets into Qt's UTF-16 positions and
  back. Qt counts a character outside the Basic Multilingual Plane (most emoji) as two
  positions; Python counts it as one. Without the conversion every highlight after an
  emoji would be shifted by one.
* :func:`nav_stops` merges adjacent edits of one rule into one navigation stop.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobdesk.core.result import Edit


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Code point ↔ UTF-16 offsets of one text, in O(log k) (k = astral characters)."""

    __slots__ = ("_astral_cp", "_astral_u16", "length_cp", "length_u16")

    def __init__(self, text: str) -> None:
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character (each earlier one adds one unit).
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length_cp = len(text)
        self.length_u16 = len(text) + len(self._astral_cp)

    @property
    def identity(self) -> bool:
        return not self._astral_cp

    def to_utf16(self, offset: int) -> int:
        if not self._astral_cp:
            return offset
        return offset + bisect.bisect_left(self._astral_cp, offset)

    def to_cp(self, pos: int) -> int:
        """UTF-16 position → code point offset (a position inside a surrogate pair
        maps to the character's start)."""
        if not self._astral_u16:
            return pos
        # Astral characters that end before pos (each one is two units, at a and a+1).
        i = bisect.bisect_right(self._astral_u16, pos - 2)
        if i < len(self._astral_u16) and self._astral_u16[i] == pos - 1:
            return self._astral_cp[i]  # pos points at a low surrogate
        return pos - i


@dataclass(frozen=True, slots=True)
class NavStop:
    start: int
    end: int
    rule: str
    count: int  # how many edits were merged into this stop


def nav_stops(edits: Sequence[Edit], skip_rules: frozenset[str] = frozenset()) -> list[NavStop]:
    """Edits → navigation stops; touching edits of one rule form one stop."""
    out: list[NavStop] = []
    for e in edits:
        if e.rule in skip_rules:
            continue
        if out and out[-1].rule == e.rule and out[-1].end >= e.start:
            last = out[-1]
            out[-1] = NavStop(last.start, max(last.end, e.end), e.rule, last.count + 1)
        else:
            out.append(NavStop(e.start, e.end, e.rule, 1))
    return out


def edit_at(edits: Sequence[Edit], starts: Sequence[int], offset: int) -> Edit | None:
    """The edit covering source offset ``offset`` (``starts`` = [e.start for e in edits])."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and edits[i].start <= offset < edits[i].end:
        return edits[i]
    return None


_WORD = re.compile(r"\w+")


def word_starts(text: str) -> array[int]:
    r"""Offsets where the words (``\w+``) of a text start, for O(log n) counting."""
    return array("q", (m.start() for m in _WORD.finditer(text)))


def words_removed(source: str, edits: Sequence[Edit], starts: Sequence[int] | None = None) -> int:
    """Words that start inside removed spans (replacements don't count).

    ``starts`` (from :func:`word_starts`) makes this O(edits · log words).
    """
    if starts is None:
        starts = word_starts(source)
    bl = bisect.bisect_left
    return sum(bl(starts, e.end) - bl(starts, e.start) for e in edits if e.is_removal)


def common_affixes(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix (non-overlapping) of two strings."""
    n = min(len(old), len(new))
    lo, hi = 0, n
    # Binary search on slice equality: each comparison is a C memcmp.
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    rest = n - prefix
    lo, hi = 0, rest
    lo_old, lo_new = len(old), len(new)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[lo_old - mid :] == new[lo_new - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return prefix, lo

"""The sentence around a span of a line, in time that does not grow with the line.

The facts look up the sentence around each match ("We do not sponsor visas."). Scanning
the line from its start for every match made a 10 MB line without breaks take minutes
(every match rescanned everything before it). Here each line is indexed once, on first
use, and every look-up after that is a binary search:

* A sentence ends at ``.``, ``!`` or ``?`` followed by a space (or, looking forward,
  a tab or the end of the line), not after an abbreviation ("e.g.", "Inc.", "J."),
  and not inside brackets.
* "Inside brackets" is the bracket depth a reader counting ``(`` and ``)`` from the
  scan's start would see (a ``)`` with nothing open is ignored). That depth is the
  number of ``(`` after the start whose matching ``)`` (stack matching, which does not
  depend on where the scan starts) lies beyond the point. So a full stop is outside
  the brackets of a scan from ``start`` when the innermost still-open ``(`` before it
  lies before ``start`` — one number per full stop, computed in one pass.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_EVENTS = re.compile(r"[()]|[.!?](?:(?=[ \t])|\Z)")


@dataclass(slots=True)
class _LineIndex:
    starts: list[int]  # sentence starts before which a backward scan stops (sorted)
    stops: list[int]  # positions of full stops a forward scan may end at (sorted)
    tree: list[int]  # segment tree: min over stops of the innermost open "(" (-1: none)
    size: int  # leaves of the tree (a power of two)

    def first_stop(self, at: int) -> int | None:
        """The first stop at or after ``at`` that no bracket opened at or after ``at``
        encloses."""
        k = bisect_left(self.stops, at)
        n = len(self.stops)
        if k >= n:
            return None
        tree, size = self.tree, self.size
        # Walk up from leaf k, looking at the right-hand blocks, for the first block
        # whose minimum is below ``at``; then walk down into it.
        node = k + size
        if tree[node] < at:
            return self.stops[k]
        while True:
            # move to the next block to the right at this level or above
            while node & 1:  # a right child: go up until we are a left child
                node >>= 1
                if node == 0:
                    return None
            node += 1  # the right sibling
            if tree[node] < at:
                break
        while node < size:
            node = 2 * node if tree[2 * node] < at else 2 * node + 1
        idx = node - size
        return self.stops[idx] if idx < n else None


def _index(text: str, ls: int, le: int, abbrev: re.Pattern[str]) -> _LineIndex:
    starts: list[int] = []
    stops: list[int] = []
    enclosing: list[int] = []
    open_at: list[int] = []
    for m in _EVENTS.finditer(text, ls, le):
        i = m.start()
        ch = text[i]
        if ch == "(":
            open_at.append(i)
            continue
        if ch == ")":
            if open_at:
                open_at.pop()
            continue
        if abbrev.search(text[max(ls, i - 5) : i + 1]):
            continue
        inner = open_at[-1] if open_at else -1
        if inner < 0 and i + 1 < le and text[i + 1] == " ":
            starts.append(i + 1)
        stops.append(i)
        enclosing.append(inner)
    size = 1
    while size < len(stops):
        size *= 2
    tree = [le + 1] * (2 * size)  # (padding leaves never fall below a position)
    tree[size : size + len(stops)] = enclosing
    for node in range(size - 1, 0, -1):
        tree[node] = min(tree[2 * node], tree[2 * node + 1])
    return _LineIndex(starts, stops, tree, size)


class SentenceFinder:
    """Sentences of one text; lines are indexed as they are first asked about."""

    def __init__(self, text: str, abbrev: re.Pattern[str]) -> None:
        self.text = text
        self.abbrev = abbrev
        self._lines: dict[tuple[int, int], _LineIndex] = {}
        self._breaks: list[int] | None = None

    def line_bounds(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) of the line(s) holding ``text[start:end]``, without the line
        break: a binary search in the text's line breaks (``str.rfind`` from a match on
        a 10 MB line looks at the whole line every time)."""
        breaks = self._breaks
        if breaks is None:
            text = self.text
            breaks = self._breaks = [m.start() for m in re.finditer("\n", text)]
        k = bisect_left(breaks, start)
        ls = breaks[k - 1] + 1 if k > 0 else 0
        k = bisect_left(breaks, end, k)
        le = breaks[k] if k < len(breaks) else len(self.text)
        return ls, le

    def sentence_at(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``text[start:end]``, within its line; brackets and "i.e."
        kept whole; leading spaces left out."""
        text = self.text
        ls, le = self.line_bounds(start, end)
        index = self._lines.get((ls, le))
        if index is None:
            index = self._lines[ls, le] = _index(text, ls, le, self.abbrev)
        k = bisect_right(index.starts, start) - 1
        s = index.starts[k] if k >= 0 else ls
        stop = index.first_stop(end)
        e = le if stop is None else stop + 1
        while s < e and text[s].isspace():
            s += 1
        return s, e


_local = threading.local()


def finder_of(text: str, abbrev: re.Pattern[str]) -> SentenceFinder:
    """The finder of ``text``: the one last asked about (per thread) when it is the
    same text, as the facts ask about one text many times."""
    finder: SentenceFinder | None = getattr(_local, "finder", None)
    if finder is None or finder.text is not text or finder.abbrev is not abbrev:
        finder = _local.finder = SentenceFinder(text, abbrev)
    return finder


def sentence_at(text: str, start: int, end: int, abbrev: re.Pattern[str]) -> tuple[int, int]:
    """:meth:`SentenceFinder.sentence_at` on ``text`` (see :func:`finder_of`)."""
    return finder_of(text, abbrev).sentence_at(start, end)

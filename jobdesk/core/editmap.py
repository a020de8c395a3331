"""Offsets between a source text and its cleaned text, through the edits.

A cleaned text is a sequence of segments: kept source text (which maps character for
character) and replacements (each standing for the whole source range it replaced).
Removals leave no segment. One map serves the engine's blank-line tidy-up, the facts'
source spans and the window's synced scrolling and jumps.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import NamedTuple, Protocol


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of ``(start, end)`` spans: sorted, disjoint, touching ones joined."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def subtract_span(
    s: int, e: int, cuts: list[tuple[int, int]], cut_starts: list[int]
) -> list[tuple[int, int]]:
    """``(s, e)`` minus ``cuts`` (sorted and disjoint; ``cut_starts`` their starts)."""
    if not cuts:
        return [(s, e)]
    pieces = []
    i = max(bisect.bisect_right(cut_starts, s) - 1, 0)
    cur = s
    while i < len(cuts) and cuts[i][0] < e:
        cs, ce = cuts[i]
        if ce > cur:
            if cs > cur:
                pieces.append((cur, cs))
            cur = max(cur, ce)
        i += 1
    if cur < e:
        pieces.append((cur, e))
    return pieces


def subtract_spans(
    spans: Iterable[tuple[int, int]], cuts: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``spans`` minus ``cuts`` (both sorted and disjoint)."""
    starts = [c[0] for c in cuts]
    return [p for s, e in spans for p in subtract_span(s, e, cuts, starts)]


class _Edit(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def replacement(self) -> str: ...


class Segment(NamedTuple):
    clean_start: int
    clean_end: int
    src_start: int
    src_end: int
    edit: _Edit | None  # the replacement this segment is; None for kept text


class EditMap:
    """``edits``: sorted, non-overlapping source ranges with their replacements (""
    for a removal); applying them to a source of ``src_len`` characters gives the
    cleaned text."""

    __slots__ = ("_clean_starts", "_src_starts", "clean_len", "segments", "src_len")

    def __init__(self, edits: Iterable[_Edit], src_len: int) -> None:
        segs: list[Segment] = []
        pos = out = 0
        for e in edits:
            if e.start > pos:
                segs.append(Segment(out, out + e.start - pos, pos, e.start, None))
                out += e.start - pos
            if e.replacement:
                segs.append(Segment(out, out + len(e.replacement), e.start, e.end, e))
                out += len(e.replacement)
            pos = max(pos, e.end)
        if pos < src_len:
            segs.append(Segment(out, out + src_len - pos, pos, src_len, None))
            out += src_len - pos
        self.segments = segs
        self.src_len = src_len
        self.clean_len = out
        self._clean_starts = [s.clean_start for s in segs]
        self._src_starts = [s.src_start for s in segs]

    def _at_clean(self, offset: int) -> Segment | None:
        k = bisect.bisect_right(self._clean_starts, offset) - 1
        return self.segments[max(k, 0)] if self.segments else None

    def to_source(self, offset: int) -> int:
        """Source offset of the cleaned character at ``offset`` (inside a replacement:
        the start of what it replaced)."""
        seg = self._at_clean(offset)
        if seg is None:
            return 0
        if seg.edit is not None:
            return seg.src_start
        return min(seg.src_start + max(offset - seg.clean_start, 0), seg.src_end)

    def to_source_end(self, offset: int) -> int:
        """Source offset just after the cleaned character before ``offset`` (inside a
        replacement: the end of what it replaced)."""
        if offset <= 0:
            return self.to_source(0)
        seg = self._at_clean(offset - 1)
        if seg is None:
            return 0
        if seg.edit is not None:
            return seg.src_end
        return min(seg.src_start + (offset - seg.clean_start), seg.src_end)

    def span(self, start: int, end: int) -> list[int]:
        """The source range a cleaned range came from (never cutting a repair)."""
        s = self.to_source(start)
        e = self.to_source_end(end) if end > start else s
        return [s, max(s, e)]

    def to_clean(self, offset: int) -> int:
        """Cleaned offset of the source character at ``offset`` (inside a removal:
        where the removed text was; inside a replacement: its start)."""
        k = bisect.bisect_right(self._src_starts, offset) - 1
        if k < 0:
            return 0
        seg = self.segments[k]
        if offset >= seg.src_end:  # in a removal after this segment
            return seg.clean_end
        if seg.edit is not None:
            return seg.clean_start
        return seg.clean_start + offset - seg.src_start

    def overlapping(self, start: int, end: int) -> Iterator[Segment]:
        """The segments that overlap the cleaned range [start, end)."""
        k = max(bisect.bisect_right(self._clean_starts, start) - 1, 0)
        while k < len(self.segments) and self.segments[k].clean_start < end:
            if self.segments[k].clean_end > start:
                yield self.segments[k]
            k += 1

"""A regex's matches, tried only where one can start: exactly ``rx.finditer(text)``, faster.

Python's ``re`` tries a pattern at every position of the text. A pattern that begins with
an alternation (``(?:^|[.!?]\\s+)…``) or a word (``\\b(?:join|work)…``) gets no fast
skip from it, and the fact readers run a dozen such patterns over every posting.
:func:`finditer_at` takes the positions where a match *can* start (a superset, found with
``str.find`` or a one-character scan) and calls ``rx.match`` there only, continuing after
each match as ``finditer`` does. ``rx.match(text, pos)`` sees the whole text: lookbehinds
and ``^`` behave as in a search. The patterns it is used on never match the empty string.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence

# Where a sentence or a line may start: the character after a line break, and each
# sentence or clause mark or line break itself (patterns written "(?:^|[.!?:]\s*|\n)…").
_MARK = re.compile(r"[.!?:\n]")


def finditer_at(rx: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, given every position (ascending) where a match can start."""
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = rx.match(text, s)
        if m is not None:
            yield m
            pos = m.end()


@functools.lru_cache(maxsize=8)  # several patterns start there, in the same text
def boundary_starts(text: str) -> tuple[int, ...]:
    """0, the start of every line, and every ``.``, ``!``, ``?``, ``:`` and line break."""
    out = [0]
    for m in _MARK.finditer(text):
        i = m.start()
        if i > out[-1]:
            out.append(i)
        if text[i] == "\n":
            out.append(i + 1)
    return tuple(out)


def before_last(
    starts: Sequence[int], text: str, anchor: re.Pattern[str], *, after_blank: bool = False
) -> list[int]:
    """The ``starts`` at or before the last place ``anchor`` matches (none if it never
    does): for a pattern whose every match holds a match of ``anchor`` at or after its
    start. With ``after_blank``, a place counts only after a blank, and the bound is that
    blank (for a pattern holding ``\\s`` + ``anchor``: an anchor that opens with a word
    is found much faster than one that opens with ``\\s``)."""
    last = -1
    m = anchor.search(text)
    while m is not None:  # every place, overlapping ones too
        at = m.start()
        if not after_blank:
            last = at
        elif at > 0 and text[at - 1].isspace():
            last = at - 1
        m = anchor.search(text, at + 1)
    return list(starts[: bisect.bisect_right(starts, last)])  # (starts ascend)


def _word_char(ch: str) -> bool:
    """``\\w`` of a ``str`` pattern."""
    return ch.isalnum() or ch == "_"


@functools.lru_cache(maxsize=64)
def _alternation(literals: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern finding the word-start places of ``literals`` in a single pass, when no
    literal can start a word inside another one (then a match never hides another word
    start: what it covers is the inside of one word); otherwise None."""
    firsts = {lit[0] for lit in literals}
    for lit in literals:
        for j in range(1, len(lit)):
            if not _word_char(lit[j - 1]) and lit[j] in firsts:
                return None
    return re.compile("|".join(re.escape(lit) for lit in literals))


def literal_starts(text: str, literals: Iterable[str], *, word_start: bool = False) -> list[int]:
    """Every position where one of ``literals`` is written (case as given), ascending;
    with ``word_start`` only those where a word starts (``\\b`` before a word character)."""
    if word_start:
        rx = _alternation(tuple(literals))
        if rx is not None:
            return [
                i
                for i in (m.start() for m in rx.finditer(text))
                if i == 0 or not _word_char(text[i - 1])
            ]
    found: set[int] = set()
    for lit in literals:
        i = text.find(lit)
        while i >= 0:
            found.add(i)
            i = text.find(lit, i + 1)
    if word_start:
        return sorted(i for i in found if i == 0 or not _word_char(text[i - 1]))
    return sorted(found)


def line_starts_with(text: str, literals: Iterable[str], first: re.Pattern[str]) -> list[int]:
    """The positions where ``first`` matches in the lines that hold one of ``literals``
    (for a pattern that never runs over a line break and needs one of them)."""
    spans: set[tuple[int, int]] = set()
    for lit in literals:
        i = text.find(lit)
        while i >= 0:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            spans.add((start, end))
            i = text.find(lit, end)
    return sorted({m.start() for s, e in spans for m in first.finditer(text, s, e)})

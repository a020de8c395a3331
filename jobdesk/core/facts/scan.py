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
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence

import ahocorasick_rs

# Where a sentence or a line may start: the character after a line break, and each
# sentence or clause mark or line break itself (patterns written "(?:^|[.!?:]\s*|\n)…").
_MARK = re.compile(r"[.!?:\n]")

# every character ``\\s`` matches (str.isspace; tests/core/test_facts_scan.py checks it)
BLANK_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def then_blank(words: Iterable[str]) -> tuple[str, ...]:
    """Each word followed by each blank: the literals to look for when a pattern's phrases
    all hold a blank after their first word (``word\\s``)."""
    return tuple(w + b for w in words for b in BLANK_CHARS)


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
    marks = {m.start() for m in _MARK.finditer(text)}
    marks.update([i + 1 for i in marks if text[i] == "\n"])
    marks.add(0)
    return tuple(sorted(marks))


def last_place(
    text: str, anchor: re.Pattern[str], *, after_blank: bool = False, firsts: tuple[str, ...] = ()
) -> int:
    """The last place ``anchor`` matches in ``text`` (overlapping places too), -1 if none;
    with ``after_blank`` the last one after a blank, and then the blank's place.
    ``firsts``: literals one of which every match of ``anchor`` starts with; then the
    places are tried from the last one back (a match near the end ends the search), not
    searched for through the text."""
    if firsts:
        for at in sorted(literal_places(text, firsts), reverse=True):
            if after_blank and not (at > 0 and text[at - 1].isspace()):
                continue
            if anchor.match(text, at) is not None:
                return at - 1 if after_blank else at
        return -1
    last = -1
    m = anchor.search(text)
    while m is not None:  # every place, overlapping ones too
        at = m.start()
        if not after_blank:
            last = at
        elif at > 0 and text[at - 1].isspace():
            last = at - 1
        m = anchor.search(text, at + 1)
    return last


def before_last(
    starts: Sequence[int] | Callable[[str], Sequence[int]],
    text: str,
    anchor: re.Pattern[str],
    *,
    after_blank: bool = False,
    firsts: tuple[str, ...] = (),
) -> list[int]:
    """The ``starts`` at or before the last place ``anchor`` matches (none if it never
    does): for a pattern whose every match holds a match of ``anchor`` at or after its
    start. With ``after_blank``, a place counts only after a blank, and the bound is that
    blank (for a pattern holding ``\\s`` + ``anchor``: an anchor that opens with a word
    is found much faster than one that opens with ``\\s``). ``starts`` may be the function
    that finds them in ``text``: it is not called when ``anchor`` never matches.
    ``firsts``: see :func:`last_place`."""
    last = last_place(text, anchor, after_blank=after_blank, firsts=firsts)
    if last < 0:
        return []
    found = starts(text) if callable(starts) else starts
    return list(found[: bisect.bisect_right(found, last)])  # (starts ascend)


def anchor_places(
    text: str, anchor: re.Pattern[str], firsts: tuple[str, ...], *, after_blank: bool = False
) -> list[int]:
    """Every place ``anchor`` matches (ascending; with ``after_blank`` only those after a
    blank), given ``firsts``: literals one of which every match starts with."""
    return [
        at
        for at in sorted(literal_places(text, firsts))
        if (not after_blank or (at > 0 and text[at - 1].isspace()))
        and anchor.match(text, at) is not None
    ]


def lines_back(text: str, pos: int, n: int) -> int:
    """The start of the ``n``-th non-blank line before the line holding ``pos`` (0 when
    there are fewer): lines are split at ``\\n``; a blank one holds only whitespace."""
    start = text.rfind("\n", 0, pos) + 1
    while start > 0 and n > 0:
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev : start - 1]
        if line and not line.isspace():
            n -= 1
        start = prev
    return start


def boundary_starts_in(text: str, lo: int, hi: int) -> list[int]:
    """``[s for s in boundary_starts(text) if lo <= s <= hi]``, looking at that range only."""
    out = {0} if lo <= 0 <= hi else set()
    for m in _MARK.finditer(text, max(0, lo - 1), hi + 1):
        i = m.start()
        if i >= lo:
            out.add(i)
        if text[i] == "\n" and lo <= i + 1 <= hi:
            out.add(i + 1)
    return sorted(out)


def starts_near_anchors(
    text: str,
    anchor: re.Pattern[str],
    firsts: tuple[str, ...],
    starts_in: Callable[[str, int, int], Iterable[int]],
    *,
    lines: int,
    after_blank: bool = False,
) -> list[int]:
    """Where a match can start, for a pattern whose every match ends with a match of
    ``anchor`` (after a blank, with ``after_blank``) and starts at most ``lines``
    non-blank lines above it: the places ``starts_in(text, lo, hi)`` gives in the
    stretch before each place of the anchor (up to it, or up to its blank)."""
    out: set[int] = set()
    for at in anchor_places(text, anchor, firsts, after_blank=after_blank):
        hi = at - 1 if after_blank else at
        out.update(starts_in(text, lines_back(text, at, lines), hi))
    return sorted(out)


_DIGIT_RUN = re.compile(r"\d+")
_ASCII = bytes(range(128))
_ASCII_DIGITS = ahocorasick_rs.AhoCorasick(
    list("0123456789"), implementation=ahocorasick_rs.Implementation.DFA
)


@functools.lru_cache(maxsize=8)  # the pay, the years and the lines read the same text
def digit_run_starts(text: str) -> tuple[int, ...]:
    """Where each run of digits starts: ``[m.start() for m in re.finditer(r"\\d+", text)]``.
    ``re`` tries ``\\d`` at every character; a text whose only decimal digits are ASCII
    ones (known from its few other characters) is scanned for 0-9 by an automaton."""
    try:
        others: str | None = text.encode("utf-8").translate(None, _ASCII).decode("utf-8")
    except UnicodeEncodeError:  # (a lone surrogate)
        others = None
    if others is None or any(ch.isdecimal() for ch in set(others)):
        return tuple(m.start() for m in _DIGIT_RUN.finditer(text))
    out: list[int] = []
    prev = -2
    for _k, at, _end in _ASCII_DIGITS.find_matches_as_indexes(text):
        if at != prev + 1:
            out.append(at)
        prev = at
    return tuple(out)


def _word_char(ch: str) -> bool:
    """``\\w`` of a ``str`` pattern."""
    return ch.isalnum() or ch == "_"


@functools.lru_cache(maxsize=64)
def _automaton(literals: tuple[str, ...]) -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(
        list(literals),
        matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.DFA,  # twice as fast as the default NFA
    )


_Group = tuple[frozenset[int], int, dict[int, tuple[int, ...]]]

# The literal tuples the readers look for, all in one automaton: the readers ask for
# ~20 tuples a posting, nearly all in the same two or three texts (the cleaned text, its
# folded copy, the source), and one pass of the shared automaton over a text finds the
# places of every tuple in it (a pass costs about what one tuple's own pass does).
_SHARED_LITS: list[str] = []  # every literal of every tuple asked for, each once
_SHARED_INDEX: dict[str, int] = {}  # a literal → its index in _SHARED_LITS
# a tuple → (its literals' indices, the highest + 1, each index → the places it has in the
# tuple: a literal written twice in a tuple is found as each of them)
_SHARED_GROUPS: dict[tuple[str, ...], _Group] = {}
# the automaton and how many of _SHARED_LITS it knows (it is rebuilt when a tuple adds
# literals: a few times, while the first posting is read)
_shared: tuple[ahocorasick_rs.AhoCorasick, int] | None = None
# the places of the shared literals in the last texts read: text → (how many of the
# literals the pass knew, literal index → its places ascending)
_SHARED_PLACES: dict[str, tuple[int, dict[int, list[int]]]] = {}
_SHARED_TEXTS = 8
_SHARED_MAX = 4096  # literals; a tuple beyond them gets a pass of its own
_SHARED_LOCK = threading.Lock()  # for adding a tuple and building (readers run in threads)


def _group(literals: tuple[str, ...]) -> _Group | None:
    got = _SHARED_GROUPS.get(literals)
    if got is not None:
        return got
    with _SHARED_LOCK:
        if len(_SHARED_LITS) + len(literals) > _SHARED_MAX:
            return None
        for lit in literals:
            if lit not in _SHARED_INDEX:
                _SHARED_INDEX[lit] = len(_SHARED_LITS)
                _SHARED_LITS.append(lit)
        local: dict[int, tuple[int, ...]] = {}
        for j, lit in enumerate(literals):
            k = _SHARED_INDEX[lit]
            local[k] = (*local.get(k, ()), j)
        members = frozenset(local)
        got = _SHARED_GROUPS[literals] = (members, max(members, default=-1) + 1, local)
        return got


def _build_shared() -> tuple[ahocorasick_rs.AhoCorasick, int]:
    global _shared
    with _SHARED_LOCK:
        lits = list(_SHARED_LITS)
        if _shared is None or _shared[1] < len(lits):
            _shared = (
                ahocorasick_rs.AhoCorasick(
                    lits,
                    matchkind=ahocorasick_rs.MatchKind.Standard,
                    implementation=ahocorasick_rs.Implementation.DFA,
                ),
                len(lits),
            )
        return _shared


def _shared_places(text: str, needed: int) -> dict[int, list[int]]:
    """Literal index → every place the literal is written in ``text`` (overlapping ones
    too), for at least the first ``needed`` shared literals. UnicodeEncodeError on a text
    with a lone surrogate."""
    known = _SHARED_PLACES.get(text)
    if known is not None and known[0] >= needed:
        return known[1]
    shared = _shared
    if shared is None or shared[1] < needed:
        shared = _build_shared()
    places: dict[int, list[int]] = {}
    for k, s, _e in shared[0].find_matches_as_indexes(text, overlapping=True):
        got = places.get(k)
        if got is None:
            places[k] = [s]
        else:
            got.append(s)
    if len(_SHARED_PLACES) >= _SHARED_TEXTS:
        _SHARED_PLACES.pop(next(iter(_SHARED_PLACES)), None)
    _SHARED_PLACES[text] = (shared[1], places)
    return places


def literal_places(text: str, literals: tuple[str, ...]) -> set[int]:
    """Every position where one of ``literals`` is written (case as given), overlapping
    ones too: read from one pass of the automaton of every tuple asked for (a
    ``str.find`` loop per literal on a text that holds a lone surrogate, which the
    automaton cannot take)."""
    group = _group(literals)
    try:
        if group is None:
            found_own = _automaton(literals).find_matches_as_indexes(text, overlapping=True)
            return {s for _k, s, _e in found_own}
        members, needed, _local = group
        places = _shared_places(text, needed)
    except UnicodeEncodeError:
        out: set[int] = set()
        for lit in literals:
            i = text.find(lit)
            while i >= 0:
                out.add(i)
                i = text.find(lit, i + 1)
        return out
    found: set[int] = set()
    if len(places) < len(members):
        for k, at in places.items():
            if k in members:
                found.update(at)
    else:
        for k in members:
            got = places.get(k)
            if got is not None:
                found.update(got)
    return found


def literal_spans(text: str, literals: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(the literal's index, start, end) of every place one of ``literals`` is written
    (case as given), overlapping ones too, in no set order (a pass of the tuple's own
    automaton: for literals as common as "in" and "is", which would make every shared
    pass long; see :func:`shared_spans` for rare ones)."""
    try:
        return list(_automaton(literals).find_matches_as_indexes(text, overlapping=True))
    except UnicodeEncodeError:  # (a lone surrogate)
        return [
            (k, i, i + len(lit)) for k, lit in enumerate(literals) for i in _find_each(text, lit)
        ]


def shared_spans(text: str, literals: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """:func:`literal_spans`, read from the shared pass (as :func:`literal_places`)."""
    group = _group(literals)
    try:
        if group is None:
            return list(_automaton(literals).find_matches_as_indexes(text, overlapping=True))
        places = _shared_places(text, group[1])
    except UnicodeEncodeError:  # (a lone surrogate)
        return [
            (k, i, i + len(lit)) for k, lit in enumerate(literals) for i in _find_each(text, lit)
        ]
    out: list[tuple[int, int, int]] = []
    for k, js in group[2].items():
        at = places.get(k)
        if at is not None:
            size = len(_SHARED_LITS[k])
            for j in js:
                out.extend([(j, i, i + size) for i in at])
    return out


def literal_starts(
    text: str, literals: Iterable[str], *, word_start: bool = False, end: int | None = None
) -> list[int]:
    """Every position where one of ``literals`` is written (case as given), ascending;
    with ``word_start`` only those where a word starts (``\b`` before a word character).
    With ``end``: those of ``text[:end]`` (read from the places in the whole text, which
    the shared pass has found already: a slice would be a text of its own)."""
    lits = tuple(literals)
    if end is None or end >= len(text):
        found = literal_places(text, lits)
    else:
        found = {i for _k, i, e in shared_spans(text, lits) if e <= end}
    if word_start:
        # (``_word_char`` written out: this runs for every place of "at", "in" …)
        before = [(i, text[i - 1]) for i in found if i]
        out = [i for i, ch in before if not (ch.isalnum() or ch == "_")]
        if 0 in found:
            out.append(0)
        return sorted(out)
    return sorted(found)


def starts_before_suffix(
    text: str, suffixes: Iterable[str], first: re.Pattern[str], *, blanks: str
) -> list[int]:
    """The positions where ``first`` matches on a line before one of ``suffixes`` written
    as a word of its own: right after one of the characters ``blanks`` and with no word
    character after it (``\\b``; each suffix ends with a word character). For a pattern
    that never runs over a line break and ends with ``[blanks](?:suffix|…)\\b``: it
    starts before that blank, on the same line."""
    ends: dict[int, int] = {}  # a line's start → the farthest blank before a suffix on it
    size = len(text)
    for _k, i, end in shared_spans(text, tuple(suffixes)):
        if i > 0 and text[i - 1] in blanks and (end == size or not _word_char(text[end])):
            line = text.rfind("\n", 0, i) + 1
            if ends.get(line, -1) < i - 1:
                ends[line] = i - 1
    return sorted({m.start() for s, e in ends.items() for m in first.finditer(text, s, e)})


def _find_each(text: str, lit: str) -> Iterator[int]:
    i = text.find(lit)
    while i >= 0:
        yield i
        i = text.find(lit, i + 1)

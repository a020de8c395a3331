"""Cheap tests that tell the engine where a pattern cannot match, so it runs the
(backtracking) Python regex only where it might.

This module knows patterns, not rules: what it is given is a regex (its source and
flags, or a compiled pattern) and the text; which pattern of which rule is searched
where is the engine's business (and which literals a rule keeps, the loader's).

* :func:`required_literals`: the lower-cased literals one of which every match of a
  pattern holds, looked for in text whose blank runs are squashed
  (:func:`squash_blanks`).
* :class:`LiteralIndex`: one Aho-Corasick pass (``ahocorasick_rs``) finds, for every
  literal that some pattern needs, the lines that hold it. A pattern none of whose
  literals occurs is not searched at all.
* :func:`superset_regex`: a pattern translated to an RE2 pattern (``re2``,
  linear time, no backtracking) that matches *at least* everywhere the Python pattern
  matches: look-arounds, ``\\b`` and back-references are dropped (a dropped condition
  only lets more through), big counted repeats are opened up, and character classes
  are computed as code-point ranges that contain the Python class. RE2 then rejects,
  line by line, the candidate lines on which the Python regex would fail — which is
  where nearly all of the matching time went (legal-boilerplate patterns trying big
  alternations at every position of long paragraphs that merely mention "data").
* :func:`line_pattern` (:func:`line_source`): the whole-line version of a pattern,
  and :func:`crosses_lines`: whether a match can hold a line break (then its literal
  may sit on a later line than the one it starts on).

All of them only ever narrow where the Python regex runs; they never decide a match.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

# The regex parser's tree (private, but stable since 3.11): read, never changed.
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]
from typing import Any

import ahocorasick_rs
import re2  # type: ignore[import-untyped]

from jobdesk.core.bounded import Matcher, like

# -------------------------------------------------------------------------- literals


def required_literals(source: str, *, case_sensitive: bool = False) -> tuple[str, ...]:
    """Lower-cased literals of which every match of the pattern ``source`` (as written,
    before blanks are made tolerant) contains at least one.

    Walks the parsed regex: a sequence needs its most selective literal run (or the
    alternatives of one of its groups); an alternation needs one literal of each
    branch. Blanks inside a literal stand for any run of blanks: test the literals
    against text whose blank runs are squashed to one space (:func:`squash_blanks`).
    Anything the walk does not understand just weakens the prefilter (an empty tuple
    means "always run the regex"); it never makes it wrong.
    """
    try:
        parsed = _P.parse(source, 0 if case_sensitive else re.IGNORECASE)
    except Exception:  # not a regex as written, or the private API changed
        return ()
    found = _required(list(parsed), _P)
    if not found:
        return ()
    found = {_BLANK_RUN.sub(" ", lit).strip(" ") for lit in found}
    if not all(_selective(lit) for lit in found):
        return ()
    # A literal whose lower-casing changes length (e.g. "İ") is not safe to use.
    if any(len(ch.lower()) != 1 for lit in found for ch in lit):
        return ()
    return tuple(sorted(found))


_BLANK_RUN = re.compile(r"[^\S\n]+")
_ODD_BLANKS = [chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in " \n"]
_ODD_BLANK = re.compile("[" + "".join(_ODD_BLANKS) + "]")
# Two spaces or more: a pattern that starts with a literal is searched for in C (a
# class such as _BLANK_RUN is tried at every character, ten times slower on a paste).
_SPACES = re.compile("  +")


def squash_blanks(lowered: str) -> str:
    """The text the literals of :func:`required_literals` are looked up in: each run of
    blanks (not line breaks) made one space. (Blanks other than the space are found in
    one search and each replaced, then runs of spaces are squashed: 20 KB of pasted
    postings in 0.06 ms, against 0.25 ms for a test and a replace of each blank and
    for halving the runs until none is left.)"""
    if _ODD_BLANK.search(lowered) is not None:
        for ch in _ODD_BLANKS:
            if ch in lowered:
                lowered = lowered.replace(ch, " ")
    # (most texts have no two spaces in a row: a find in C says so, not a regex scan)
    return _SPACES.sub(" ", lowered) if "  " in lowered else lowered


def _required(items: list[Any], p: Any) -> set[str] | None:
    runs: list[str] = []
    current: list[str] = []
    options: list[set[str]] = []
    for op, arg in items:
        if op is p.LITERAL:
            current.append(chr(arg).lower())
            continue
        if current and op is p.BRANCH and all(o is p.LITERAL for b in arg[1] for o, _ in b):
            # The parser factors a shared prefix out of an alternation ("EEO|EOE" →
            # "E" + ("EO"|"OE")): glue it back on, "eo" alone would be in every "people".
            prefix = "".join(current)
            options.append({prefix + "".join(chr(a).lower() for _o, a in b) for b in arg[1]})
        if current:
            runs.append("".join(current))
            current = []
        if op is p.SUBPATTERN:
            sub = _required(list(arg[-1]), p)
            if sub:
                options.append(sub)
        elif op is p.BRANCH:
            alts = [_required(list(branch), p) for branch in arg[1]]
            if all(alts):
                options.append(set().union(*alts))  # type: ignore[arg-type]
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT) and arg[0] >= 1:
            sub = _required(list(arg[2]), p)
            if sub:
                options.append(sub)
    if current:
        runs.append("".join(current))
    candidates = [{r} for r in runs if _selective(r)] + options
    if not candidates:
        return None
    # The most selective constraint: no literal that nearly every text holds, then the
    # one whose shortest literal is longest, then the fewest alternatives.
    return max(
        candidates,
        key=lambda c: (
            not (c & _COMMON),
            min(len(x.strip()) for x in c),
            -len(c),
            sum(map(len, c)),
        ),
    )


def _selective(literal: str) -> bool:
    """Worth a substring test: two characters or more, or one non-ASCII one (©, ★, Â)."""
    core = literal.strip()
    return len(core) >= 2 or (len(core) == 1 and not core.isascii())


# Words that nearly every posting holds: useless as a prefilter.
_COMMON = frozenset(
    "the and for you our with are will your this that from have all can not who job "
    "work team role we to of in is on at as or be an by".split()
)


# --------------------------------------------------------------------- literal index


class LiteralIndex:
    """Which lines of a text hold which literals, in one automaton pass per line."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals: list[str] = sorted(set(literals))
        self.ids = {lit: i for i, lit in enumerate(self.literals)}
        self._ac = (
            ahocorasick_rs.AhoCorasick(self.literals, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self.literals
            else None
        )
        # For an index made by :meth:`only`: its literals' ids in the index it came from.
        self._remap: list[int] | None = None

    def only(self, literals: Iterable[str]) -> LiteralIndex:
        """An index of those of ``literals`` that this one holds, which reports them
        by their ids here: a search that needs only some of the literals (the generic
        rules' of a site-blind clean) makes fewer matches to sort into lines."""
        sub = LiteralIndex(lit for lit in literals if lit in self.ids)
        sub._remap = [self.ids[lit] for lit in sub.literals]
        return sub

    def ids_of(self, literals: tuple[str, ...]) -> tuple[int, ...] | None:
        """The ids of a pattern's literals (all of them in the index); None when there
        are none it can look for line by line (a literal holding a line break spans
        lines)."""
        if not literals or any("\n" in lit for lit in literals):
            return None
        return tuple(self.ids[lit] for lit in literals)

    def lines_by_literal(self, lines: Sequence[str]) -> dict[int, list[int]]:
        """Literal id → the indices of the lines holding it (ascending). ``lines`` are
        lower-cased with blank runs squashed, like the literals."""
        found: dict[int, list[int]] = {}
        ac = self._ac
        if ac is None:
            return found
        find = ac.find_matches_as_indexes
        get = found.get
        # A line's matches as the automaton gives them (a literal may occur in it more
        # than once: a line is added to a literal's rows only when it is not the last
        # one there already, the lines coming in order), not made a set for each line.
        seen: dict[str, list[tuple[int, int, int]]] = {}  # pages repeat lines ("Apply")
        for i, line in enumerate(lines):
            if not line:
                continue
            matches = seen.get(line)
            if matches is None:
                matches = seen[line] = find(line, overlapping=True)
            for lit, _start, _end in matches:
                hits = get(lit)
                if hits is None:
                    found[lit] = [i]
                elif hits[-1] != i:
                    hits.append(i)
        remap = self._remap
        return found if remap is None else {remap[lit]: rows for lit, rows in found.items()}


# -------------------------------------------------------------- RE2 superset patterns


_MAX_CP = 0x10FFFF
_REPEAT_CAP = 16  # counted repeats beyond this become open-ended (smaller RE2 programs)

Ranges = list[tuple[int, int]]
# A character set as code-point ranges plus RE2 Unicode properties ("L" for \p{L}).
CharSet = tuple[Ranges, frozenset[str]]


def _ranges(codepoints: Iterable[int]) -> Ranges:
    out: Ranges = []
    for c in codepoints:
        if out and c == out[-1][1] + 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def _union(*sets: Ranges) -> Ranges:
    out: Ranges = []
    for lo, hi in sorted(r for s in sets for r in s):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _complement(ranges: Ranges) -> Ranges:
    out: Ranges = []
    pos = 0
    for lo, hi in _union(ranges):
        if lo > pos:
            out.append((pos, lo - 1))
        pos = hi + 1
    if pos <= _MAX_CP:
        out.append((pos, _MAX_CP))
    return out


_ASCII_WORD = _ranges(c for c in range(128) if chr(c).isalnum() or c == 95)
_SPACE = _ranges(c for c in range(0x3001) if chr(c).isspace())  # none above U+3000
_NOTHING: frozenset[str] = frozenset()


@functools.cache
def _category(name: str, over: bool) -> CharSet:
    """A set containing (``over``) or contained in (not ``over``) the Python category
    ``name``. Python's \\w is str.isalnum() or "_": inside letters, numbers and marks
    (RE2's Unicode tables are newer than Python's, so they only hold more)."""
    name = name.removeprefix("CATEGORY_").replace("UNI_", "").replace("LOC_", "")
    ascii_word, space, digit, newline = _ASCII_WORD, _SPACE, [(48, 57)], [(10, 10)]
    non_ascii = [(128, _MAX_CP)]
    table: dict[str, tuple[CharSet, CharSet]] = {  # name: (over, under)
        "WORD": ((ascii_word, frozenset("LNM")), (ascii_word, _NOTHING)),
        "NOT_WORD": (
            (_complement(ascii_word), _NOTHING),
            (_union(_complement(_union(ascii_word, non_ascii)), space), _NOTHING),
        ),
        "DIGIT": ((digit, frozenset("N")), (digit, _NOTHING)),
        "NOT_DIGIT": (
            (_complement(digit), _NOTHING),
            (_complement(_union(digit, non_ascii)), _NOTHING),
        ),
        "SPACE": ((space, _NOTHING), (space, _NOTHING)),
        "NOT_SPACE": ((_complement(space), _NOTHING), (_complement(space), _NOTHING)),
        "LINEBREAK": ((newline, _NOTHING), (newline, _NOTHING)),
        "NOT_LINEBREAK": ((_complement(newline), _NOTHING), (_complement(newline), _NOTHING)),
    }
    return table[name][0 if over else 1]


def _class(items: list[tuple[Any, Any]], over: bool) -> CharSet:
    """The characters of a class's items (over- or under-approximated)."""
    parts: list[Ranges] = []
    props: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            parts.append([(av, av)])
        elif op is _C.RANGE:
            parts.append([av])
        elif op is _C.CATEGORY:
            ranges, extra = _category(str(av), over)
            parts.append(ranges)
            props |= extra
        else:
            raise _Unsupported(op)
    return _union(*parts), frozenset(props)


def _cp(c: int) -> str:
    ch = chr(c)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{c:x}}}"


def _emit_class(ranges: Ranges, props: frozenset[str] = _NOTHING) -> str:
    pieces = [f"\\p{{{p}}}" for p in sorted(props)]
    for lo, hi in ranges:
        # RE2 works on UTF-8: surrogates cannot occur in its input.
        for a, b in ((lo, min(hi, 0xD7FF)), (max(lo, 0xE000), hi)):
            if a > b:
                continue
            pieces.append(_cp(a) if a == b else f"{_cp(a)}-{_cp(b)}")
    if not pieces:
        return "[^\\x{0}-\\x{10ffff}]"  # matches nothing
    return "[" + "".join(pieces) + "]"


class _Unsupported(Exception):
    pass


def _seq(items: Iterable[tuple[Any, Any]], flags: int) -> str:
    return "".join(_item(op, av, flags) for op, av in items)


_FOLDS: dict[int, frozenset[int]] = {}  # _odd_folds(), once worked out (or remembered)


def _odd_folds() -> dict[int, frozenset[int]]:
    """Characters that Python's case-insensitive matching equates beyond their own
    upper/lower case ("i" with "İ" and "ı", "k" with the Kelvin sign): RE2's Unicode
    folding does not know all of them, so these are spelled out."""
    if not _FOLDS:
        _FOLDS.update(_find_odd_folds())
    return _FOLDS


def _find_odd_folds() -> dict[int, frozenset[int]]:
    import _sre  # type: ignore[import-not-found]

    try:
        from re._casefix import _EXTRA_CASES as extra  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - older layouts
        extra = {}
    groups: dict[int, set[int]] = {}
    for x in range(0x3001):
        groups.setdefault(_sre.unicode_tolower(x), set()).add(x)
    out: dict[int, frozenset[int]] = {}
    for x in range(0x3001):
        low = _sre.unicode_tolower(x)
        same = set(groups[low]) | set(extra.get(low, ()))
        for e in extra.get(low, ()):
            same |= groups.get(e, set())
        plain = {ord(ch) for ch in (chr(x).lower(), chr(x).upper()) if len(ch) == 1} | {x}
        if same - plain:
            out[x] = frozenset(same | plain)
    return out


def _folded(ranges: Ranges) -> Ranges:
    """``ranges`` with the odd case partners of their characters."""
    odd = _odd_folds()
    keys = _odd_keys()
    extra = [
        (p, p)
        for lo, hi in ranges
        for c in keys[bisect.bisect_left(keys, lo) : bisect.bisect_right(keys, hi)]
        for p in odd[c]
    ]
    return _union(ranges, extra) if extra else ranges


@functools.cache
def _odd_keys() -> list[int]:
    return sorted(_odd_folds())


def _item(op: Any, av: Any, flags: int) -> str:
    c = _C
    if op is c.LITERAL:
        if flags & re.IGNORECASE and av in _odd_folds():
            return _emit_class(_folded([(av, av)]))
        return _cp(av)
    if op is c.NOT_LITERAL:
        return _emit_class(_complement([(av, av)]))
    if op is c.ANY:
        return "(?s:.)" if flags & re.DOTALL else "[^\\n]"
    if op is c.IN:
        if av and av[0][0] is c.NEGATE:
            ranges, _props = _class(av[1:], over=False)
            return _emit_class(_complement(ranges))
        ranges, props = _class(av, over=True)
        if flags & re.IGNORECASE:
            ranges = _folded(ranges)
        return _emit_class(ranges, props)
    if op is c.BRANCH:
        return "(?:" + "|".join(_seq(branch, flags) for branch in av[1]) + ")"
    if op is c.SUBPATTERN:
        _group, add, delete, sub = av
        inner_flags = (flags | add) & ~delete
        case = ""
        if (inner_flags ^ flags) & re.IGNORECASE:
            case = "i" if inner_flags & re.IGNORECASE else "-i"
        return f"(?{case}:" + _seq(sub, inner_flags) + ")"
    if op is c.ATOMIC_GROUP:
        return "(?:" + _seq(av, flags) + ")"
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        body = "(?:" + _seq(sub, flags) + ")"
        lo = min(lo, _REPEAT_CAP)
        if hi is c.MAXREPEAT or hi > _REPEAT_CAP:
            return body + ("*" if lo == 0 else "+" if lo == 1 else f"{{{lo},}}")
        return body + f"{{{lo},{hi}}}"
    if op is c.AT:
        # The engine searches line by line (the end of a search is a line's end) or
        # the whole text; at a line's end, RE2's multi-line "$" matches.
        if av is c.AT_BEGINNING_STRING or (av is c.AT_BEGINNING and not flags & re.MULTILINE):
            return "\\A"
        if av in (c.AT_BEGINNING, c.AT_BEGINNING_LINE):
            return "(?m:^)"
        if av in (c.AT_END, c.AT_END_LINE, c.AT_END_STRING):
            return "(?m:$)"
        return ""  # \b, \B: dropped (RE2's are ASCII-only; dropping only widens)
    if op in (c.ASSERT, c.ASSERT_NOT):
        return ""  # look-arounds: dropped
    if op is c.GROUPREF:
        return "(?s:.*)"
    if op is c.GROUPREF_EXISTS:
        _group, yes, no = av
        return "(?:" + _seq(yes, flags) + "|" + (_seq(no, flags) if no else "") + ")"
    raise _Unsupported(op)


# What the two translations below found for each (source, flags): pure functions of
# their input, parsing the pattern each time. The rule-set cache (rulecache.py) keeps
# them for the shipped rules, so a process does not parse their patterns again.
_SUPERSETS: dict[tuple[str, int], str | None] = {}
_CROSSES: dict[tuple[str, int], bool] = {}
# The supersets the cache keeps, read one by one when asked for (rulecache.Stored).
_KEPT_SUPERSETS: Mapping[tuple[str, int], str | None] = {}


def line_source(source: str) -> str:
    """The whole-line version of a pattern (leading and trailing blanks allowed); it is
    compiled with ``re.MULTILINE`` added to the pattern's flags."""
    return rf"^[^\S\n]*(?:{source})[^\S\n]*$"


def line_pattern(pattern: Matcher) -> Matcher:
    """The whole-line version of ``pattern`` (:func:`line_source`), compiled as the
    pattern is (a user's pattern keeps its time limit)."""
    return like(pattern, line_source(pattern.pattern), pattern.flags | re.MULTILINE)


def derivations() -> dict[str, dict[Any, Any]]:
    """Every translation made so far, and the case folds they use (to keep in the
    rule-set cache)."""
    return {"supersets": dict(_SUPERSETS), "crosses": dict(_CROSSES), "folds": _odd_folds()}


def remember(known: Mapping[str, Mapping[Any, Any]]) -> None:
    """Take translations made by an earlier process (:func:`derivations`; the
    supersets are looked up in their mapping when asked for, not copied)."""
    global _KEPT_SUPERSETS
    _KEPT_SUPERSETS = known.get("supersets", {})
    _CROSSES.update(known.get("crosses", {}))
    if not _FOLDS:
        _FOLDS.update(known.get("folds", {}))


def derive(source: str, flags: int) -> None:
    """Make every translation the engine asks of a rule pattern: its superset and its
    whole-line version's, and whether it crosses lines."""
    superset_source(source, flags)
    superset_source(line_source(source), flags | re.MULTILINE)
    crosses_lines(source, flags)


def superset_source(source: str, flags: int = 0) -> str | None:
    """An RE2 pattern matching wherever the Python pattern ``source`` (compiled with
    ``flags``) matches, and possibly more; None when it cannot be translated."""
    key = (source, flags)
    if key not in _SUPERSETS:
        try:
            _SUPERSETS[key] = _KEPT_SUPERSETS[key]
        except Exception:  # (not kept, or damaged in the cache)
            _SUPERSETS[key] = _superset_source(source, flags)
    return _SUPERSETS[key]


def _superset_source(source: str, flags: int) -> str | None:
    try:
        parsed = _P.parse(source, flags)
        flags = parsed.state.flags
        body = _seq(parsed, flags)
    except (_Unsupported, re.error, RecursionError, TypeError, ValueError):
        return None
    return ("(?i)" if flags & re.IGNORECASE else "") + body


def crosses_lines(source: str, flags: int = 0) -> bool:
    """Whether a match of the Python pattern can hold a line break (True when unsure)."""
    key = (source, flags)
    if key not in _CROSSES:
        _CROSSES[key] = _crosses_lines(source, flags)
    return _CROSSES[key]


def _crosses_lines(source: str, flags: int) -> bool:
    try:
        parsed = _P.parse(source, flags)
        return _consumes_newline(list(parsed), parsed.state.flags)
    except (_Unsupported, re.error, RecursionError, TypeError, ValueError):
        return True


def _consumes_newline(items: list[tuple[Any, Any]], flags: int) -> bool:
    c = _C
    for op, av in items:
        if op is c.LITERAL:
            hit = av == 10
        elif op is c.NOT_LITERAL or op is c.GROUPREF:
            hit = op is c.GROUPREF or av != 10
        elif op is c.ANY:
            hit = bool(flags & re.DOTALL)
        elif op is c.IN:
            if av and av[0][0] is c.NEGATE:
                ranges = _complement(_class(av[1:], over=False)[0])
            else:
                ranges = _class(av, over=True)[0]
            hit = any(lo <= 10 <= hi for lo, hi in ranges)
        elif op is c.BRANCH:
            hit = any(_consumes_newline(list(b), flags) for b in av[1])
        elif op is c.SUBPATTERN:
            hit = _consumes_newline(list(av[-1]), (flags | av[1]) & ~av[2])
        elif op is c.ATOMIC_GROUP:
            hit = _consumes_newline(list(av), flags)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            hit = _consumes_newline(list(av[2]), flags)
        elif op is c.GROUPREF_EXISTS:
            hit = _consumes_newline(list(av[1]), flags) or (
                av[2] is not None and _consumes_newline(list(av[2]), flags)
            )
        else:  # AT, ASSERT, ASSERT_NOT: consume nothing
            hit = False
        if hit:
            return True
    return False


class Superset:
    """A compiled RE2 superset pattern, searched in UTF-8 bytes.

    Calls RE2 through the extension module of ``google-re2`` (``re2._re2``): the
    module's Python wrapper builds a generator and a match object per call, which at
    a few hundred calls per posting cost more than the searching."""

    __slots__ = ("_match", "source")

    def __init__(self, source: str) -> None:
        options = re2.Options()
        options.log_errors = False
        options.never_capture = True
        options.max_mem = 64 << 20
        regexp = re2._re2.RE2(source.encode(), options)
        if not regexp.ok():
            raise ValueError(regexp.error())
        self.source = source
        self._match = regexp.Match

    def match(self, data: bytes, pos: int) -> bool:
        """Whether it matches at ``pos`` (it may run on to the end of ``data``)."""
        return bool(self._match(_ANCHOR_START, data, pos, len(data))[0][0] >= 0)

    def starting_at(self, data: bytes, starts: Sequence[int], rows: Iterable[int]) -> list[int]:
        """The ``rows`` at whose start (``starts[row]``, a byte offset) it matches: one
        :meth:`match` each, in one loop."""
        match, end = self._match, len(data)
        return [i for i in rows if match(_ANCHOR_START, data, starts[i], end)[0][0] >= 0]

    def first_row(
        self, data: bytes, starts: Sequence[int], rows: Iterable[int], *, at_start: bool = False
    ) -> int:
        """The first of ``rows`` (ascending) on which it matches (inside the row: from
        ``starts[row]`` to the next row's line break; ``at_start``: at the row's start,
        running on as far as it likes, as :meth:`starting_at`), or -1 when it matches on
        none."""
        match, n, size = self._match, len(starts), len(data)
        if at_start:
            for i in rows:
                if match(_ANCHOR_START, data, starts[i], size)[0][0] >= 0:
                    return i
            return -1
        for i in rows:
            end = starts[i + 1] - 1 if i + 1 < n else size
            if match(_UNANCHORED, data, starts[i], end)[0][0] >= 0:
                return i
        return -1

    def spans(self, data: bytes, pos: int, end: int) -> Iterator[tuple[int, int]]:
        """Its leftmost non-overlapping matches in ``data[pos:end]`` (byte offsets, each
        on a character boundary)."""
        match = self._match
        while True:
            start, stop = match(_UNANCHORED, data, pos, end)[0]
            if start < 0:
                return
            yield start, stop
            if stop >= end:
                return
            if stop > start:
                pos = stop
            else:  # an empty match: go on from the next character, not the next byte
                pos = stop + 1
                while pos < end and data[pos] & 0xC0 == 0x80:
                    pos += 1


_ANCHOR_START = re2._re2.RE2.Anchor.ANCHOR_START
_UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED


class SupersetSet:
    """Many superset patterns searched at once: which of them match somewhere in a text,
    in one pass of RE2's multi-pattern DFA (``re2.Set``) instead of one pass each.

    The DFA is built lazily, state by state, as texts are searched: the first searches
    cost tens of milliseconds, later ones a fraction of what the single patterns take.
    Worth it only in a process that searches many texts (the engine builds one only
    when it is not cleaning a single posting)."""

    __slots__ = ("_set", "size")

    def __init__(self, sources: Sequence[str], *, max_mem: int = 64 << 20) -> None:
        """Raises ValueError when RE2 refuses a pattern or cannot compile the set."""
        options = re2.Options()
        options.log_errors = False
        options.never_capture = True
        options.max_mem = max_mem
        self._set = re2._re2.Set(_UNANCHORED, options)
        # Pattern 0 matches every text: a search whose answer lacks it failed (RE2 ran
        # out of DFA memory and answers "nothing" rather than an error).
        self._set.Add(b"")
        for k, source in enumerate(sources, 1):
            if self._set.Add(source.encode()) != k:
                raise ValueError(f"RE2 refuses the pattern {source!r}")
        if not self._set.Compile():
            raise ValueError("RE2 cannot compile the set")
        self.size = len(sources)

    def matching(self, data: bytes) -> frozenset[int] | None:
        """The indices (into ``sources``) of the patterns that match somewhere in
        ``data``; None when the search failed (then any of them may match)."""
        found = self._set.Match(data)
        if 0 not in found:
            return None
        return frozenset(k - 1 for k in found if k)


def superset_regex(pattern: Matcher) -> Superset | None:
    """:func:`superset_source` of a compiled pattern, compiled with RE2 (None when it
    cannot be translated or RE2 refuses it)."""
    source = superset_source(pattern.pattern, pattern.flags)
    if source is None:
        return None
    try:
        return Superset(source)
    except ValueError:
        return None

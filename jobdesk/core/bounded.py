"""Regexes from a user's rule packs, run under a time budget.

A backtracking regex can take exponential time (``(a|a)+$`` on forty a's and a "!"), and
Python's ``re`` holds the GIL while it runs: one such pattern in a user's pack froze the
window and hung ``jobdesk clean``. The shipped rules are reviewed and tested on the
corpus, so they keep running in ``re`` behind the prefilters; a *user* pattern runs in
the ``regex`` module instead (the same syntax and matching rules as ``re``, which every
user pattern has already been compiled with), which

* stops a match after a ``timeout`` — each rule gets a budget per posting
  (:func:`time_budget`); a rule that runs out raises :class:`PatternTimeout`, and the
  engine skips that rule for that posting with a warning (the budget's deadline is
  wall-clock; ``regex`` counts each call's share in CPU time, so on a busy machine a
  call may take longer than its share in wall time); and
* releases the GIL while it matches (``concurrent=True``), so a slow pattern on a worker
  thread does not stall the window.

Why not RE2 for the patterns it can run? Its ``\\b``, ``\\w`` and ``\\d`` are ASCII-only
("Zürich" would hold a word boundary) and its case folding differs, so the same rule
would match differently depending on whether it holds a look-around. One engine with
``re``'s semantics and a bound on time keeps every user pattern meaning what it says;
the RE2 prefilter still narrows where it runs, as for the shipped rules.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# The regex parser's tree (private, but stable since 3.11), as in prefilter.py.
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]
from typing import Any, Protocol

from jobdesk.core.lazyre import LazyPattern


class MatchLike(Protocol):
    """What the engine uses of a match (``re.Match`` and ``regex.Match`` both fit)."""

    def start(self, group: int = 0, /) -> int: ...
    def end(self, group: int = 0, /) -> int: ...
    def expand(self, template: str, /) -> str: ...


class Matcher(Protocol):
    """What the engine uses of a compiled pattern: ``re.Pattern`` or
    :class:`BoundedPattern`."""

    @property
    def pattern(self) -> str: ...
    @property
    def flags(self) -> int: ...
    def search(self, string: str, pos: int = 0, endpos: int = ..., /) -> MatchLike | None: ...
    def match(self, string: str, pos: int = 0, endpos: int = ..., /) -> MatchLike | None: ...
    def fullmatch(self, string: str, pos: int = 0, endpos: int = ..., /) -> MatchLike | None: ...
    def finditer(self, string: str, pos: int = 0, endpos: int = ..., /) -> Iterator[MatchLike]: ...


class PatternTimeout(Exception):
    """A user pattern ran out of its time budget."""


# A call made outside any budget (e.g. a script matching a user rule by hand) still
# stops after this long.
CALL_SECONDS = 1.0

_local = threading.local()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Every bounded match made by this thread inside the block shares ``seconds``."""
    previous: float | None = getattr(_local, "deadline", None)
    _local.deadline = time.monotonic() + seconds
    try:
        yield
    finally:
        _local.deadline = previous


def _timeout() -> float:
    deadline: float | None = getattr(_local, "deadline", None)
    if deadline is None:
        return CALL_SECONDS
    left = deadline - time.monotonic()
    if left <= 0:
        raise PatternTimeout
    return left


class BoundedPattern:
    """A user's compiled pattern, run by ``regex`` with a timeout; quacks like the
    ``re.Pattern`` it was compiled from (``pattern`` and ``flags`` are that one's)."""

    __slots__ = ("_rx", "flags", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.pattern: str = compiled.pattern
        self.flags: int = compiled.flags
        # The re flags I, M, S, X, U, A have the same values in regex; VERSION0 is its
        # re-compatible mode.
        import regex  # (user patterns only: shipped ones never need it)

        self._rx = regex.compile(compiled.pattern, compiled.flags | regex.VERSION0)

    def __repr__(self) -> str:
        return f"BoundedPattern({self.pattern!r})"

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> MatchLike | None:
        try:
            return self._rx.search(string, pos, endpos, concurrent=True, timeout=_timeout())
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> MatchLike | None:
        try:
            return self._rx.match(string, pos, endpos, concurrent=True, timeout=_timeout())
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> MatchLike | None:
        try:
            return self._rx.fullmatch(string, pos, endpos, concurrent=True, timeout=_timeout())
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[MatchLike]:
        matches = self._rx.finditer(string, pos, endpos, concurrent=True, timeout=_timeout())
        try:
            yield from matches
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None


# ``regex`` unrolls counted repeats when it compiles: '(?:a{1000}){1000}' takes 250 MB
# and '(?:a{65535}){65535}' all the memory there is. A pattern of more items than this
# once unrolled is refused (the largest shipped rule has ~17,500; a list of phrases
# counts one item per character, so this allows ~100,000 characters of phrases).
MAX_UNROLLED = 100_000


def unrolled_size(compiled: re.Pattern[str]) -> int:
    """An upper bound of the items of ``compiled`` once its counted repeats are unrolled
    (an open-ended repeat counts its minimum)."""
    tree = _P.parse(compiled.pattern, compiled.flags)

    def size(items: Iterable[tuple[Any, Any]]) -> int:
        total = 0
        for op, av in items:
            if op in _REPEATS:
                lo, hi, sub = av
                total += size(sub) * max(1, lo if hi is _C.MAXREPEAT else hi)
            elif op is _C.SUBPATTERN:
                total += size(av[-1])
            elif op is _C.BRANCH:
                total += sum(size(branch) for branch in av[1])
            elif op in (_C.ASSERT, _C.ASSERT_NOT):
                total += size(av[1])
            elif op is _C.ATOMIC_GROUP:
                total += size(av)
            elif op is _C.GROUPREF_EXISTS:
                total += size(av[1]) + (size(av[2]) if av[2] else 0)
            else:
                total += 1
            if total > MAX_UNROLLED:
                return total  # enough to refuse it; no need to count on
        return total

    return size(tree)


_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT)


def bounded(compiled: re.Pattern[str]) -> BoundedPattern:
    """``compiled`` to be run under a time budget; raises ValueError when it cannot be
    (``regex`` refuses what ``re`` took, or it would unroll to a huge program)."""
    import regex

    try:
        n = unrolled_size(compiled)
        if n > MAX_UNROLLED:
            raise ValueError(
                f"too large: over {MAX_UNROLLED:,} items once its counted repeats are "
                "unrolled (nested {n} repeats multiply)"
            )
        return BoundedPattern(compiled)
    except (regex.error, re.error, ValueError, OverflowError, RecursionError, MemoryError) as exc:
        raise ValueError(f"cannot be run with a time limit: {exc}") from None


def like(model: Matcher, source: str, flags: int) -> Matcher:
    """``source`` for ``re``, bounded when ``model`` is: a pattern derived from a user
    pattern (its whole-line version) is as untrusted as the pattern itself. Otherwise it
    is compiled on first use (lazyre.py)."""
    if isinstance(model, BoundedPattern):
        return bounded(re.compile(source, flags))
    return LazyPattern(source, flags)

"""Regexes from a user's rule packs, run under a time budget.

A backtracking regex can take exponential time (``(a|a)+$`` on forty a's and a "!"), and
Python's ``re`` holds the GIL while it runs: one such pattern in a user's pack froze the
window and hung ``jobdesk clean``. The shipped rules are reviewed and tested on the
corpus, so they keep running in ``re`` behind the prefilters; a *user* pattern runs in
the ``regex`` module instead (the same syntax and matching rules as ``re``, which every
user pattern has already been compiled with), which

* stops a match after a ``timeout`` — each rule gets a budget per posting
  (:func:`time_budget`); a rule that runs out raises :class:`PatternTimeout`, and the
  engine skips that rule for that posting with a warning; and
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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import regex


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


def bounded(compiled: re.Pattern[str]) -> BoundedPattern:
    """``compiled`` to be run under a time budget; raises ValueError when ``regex``
    cannot compile what ``re`` did (it then cannot run bounded)."""
    try:
        return BoundedPattern(compiled)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise ValueError(f"cannot be run with a time limit: {exc}") from None


def like(model: Matcher, source: str, flags: int) -> Matcher:
    """``source`` compiled by ``re``, bounded when ``model`` is: a pattern derived from a
    user pattern (its whole-line version) is as untrusted as the pattern itself."""
    compiled = re.compile(source, flags)
    return bounded(compiled) if isinstance(model, BoundedPattern) else compiled

"""Shipped rule patterns compiled on first use.

Compiling every pattern of the shipped packs with ``re`` costs a few hundred
milliseconds, yet a posting wakes only the rules whose literals it holds. A
:class:`LazyPattern` is a pattern's source and flags; it compiles the first time it
matches, and then hands out the compiled pattern's own bound methods (stored on the
instance, so a later call costs what a call on an ``re.Pattern`` costs). It pickles as
its source and flags, which is what lets the rule-set cache (``rulecache.py``) keep a
rule set without keeping compiled patterns.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """An ``re`` pattern compiled on first use (a Matcher, see bounded.py)."""

    def __init__(self, pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None):
        self.pattern = pattern
        self.flags = flags
        if compiled is not None:
            self._bind(compiled)

    @property
    def compiled(self) -> re.Pattern[str]:
        got: re.Pattern[str] | None = self.__dict__.get("_compiled")
        if got is None:
            got = re.compile(self.pattern, self.flags)
            self._bind(got)
        return got

    def _bind(self, compiled: re.Pattern[str]) -> None:
        # Instance attributes come before the class's methods: from now on a call goes
        # straight to the compiled pattern.
        self.__dict__["_compiled"] = compiled
        for name in _METHODS:
            self.__dict__[name] = getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"

    def __getattr__(self, name: str) -> Any:  # groups, groupindex, scanner …
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    # The methods the engine uses; each compiles, then the instance's own bound methods
    # of the compiled pattern take over.
    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return self.compiled.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)

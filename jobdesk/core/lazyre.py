"""Shipped rule patterns compiled on first use.

Compiling every pattern of the shipped packs with ``re`` costs a few hundred
milliseconds, yet a posting wakes only the rules whose literals it holds. A
:class:`LazyPattern` is a pattern's source and flags; it compiles the first time it
matches, and then hands out the compiled pattern's own bound methods (stored on the
instance, so a later call costs what a call on an ``re.Pattern`` costs). It pickles as
its source and flags, which is what lets the rule-set cache (``rulecache.py``) keep a
rule set without keeping compiled patterns.

What the compile costs is ``re``'s parser and code generator, both written in Python
(about half a millisecond a rule pattern; a corpus page wakes some 80). Their output, the
program :func:`program` hands to ``_sre.compile``, is kept in the rule-set cache beside
the packs, and a pattern whose program is known (:func:`remember`) is made from it in a
few microseconds. A program is kept only when the pattern made from it equals what
``re.compile`` makes (``re.Pattern`` equality compares the source, the flags and the
whole program; the groups are compared too), so a pattern behaves exactly as compiled;
the cache key holds Python's version, whose ``re`` wrote the program.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

# What ``re`` passes ``_sre.compile`` for a pattern: its flags (the inline ones added),
# its code (``array("I")`` bytes), the number of groups, the group names and their
# reverse table.
Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

# Programs of (source, flags) known to this process (remember()): the rule-set
# cache's, read on demand (rulecache.Stored).
_KNOWN: Mapping[tuple[str, int], Program] = {}


def _from_program(source: str, prog: Program) -> re.Pattern[str]:
    import _sre  # type: ignore[import-not-found]

    flags, code, groups, groupindex, indexgroup = prog
    return _sre.compile(  # type: ignore[no-any-return]
        source, flags, array("I", code).tolist(), groups, groupindex, indexgroup
    )


def program(source: str, flags: int = 0, model: re.Pattern[str] | None = None) -> Program | None:
    """The program ``re.compile(source, flags)`` is made of, or None: an invalid
    pattern, or an ``re`` whose internals are not what this function expects (the
    program is checked against ``re.compile``'s pattern, or ``model`` when given, and
    dropped if it differs)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]  # (Python 3.11+)

        flags = int(flags)
        if flags & re.DEBUG:  # (re prints such a pattern's program and never caches it)
            return None
        parsed = _parser.parse(source, flags)
        code = _compiler._code(parsed, flags)
        codes = array("I", code)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        prog: Program = (
            flags | parsed.state.flags,
            codes.tobytes(),
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        made = _from_program(source, prog)
        if model is None:
            model = re.compile(source, flags)
        same = (
            made == model
            and made.flags == model.flags
            and made.groups == model.groups
            and made.groupindex == model.groupindex
        )
    except Exception:  # (re.error, RecursionError, OverflowError, another Python's re …)
        return None
    return prog if same else None


def programs(patterns: Iterable[tuple[str, int] | Any]) -> dict[tuple[str, int], Program]:
    """The programs of these patterns (those :func:`program` can make): (source, flags)
    pairs, or patterns (a compiled :class:`LazyPattern` or ``re.Pattern`` is the model
    its program is checked against; others are skipped)."""
    out: dict[tuple[str, int], Program] = {}
    for item in patterns:
        model: re.Pattern[str] | None = None
        if isinstance(item, tuple):
            key = (item[0], int(item[1]))
        elif isinstance(item, (LazyPattern, re.Pattern)):
            key = (item.pattern, int(item.flags))
            model = item if isinstance(item, re.Pattern) else item.__dict__.get("_compiled")
        else:
            continue  # (a user's pattern, run with a time limit: bounded.py)
        if key not in out and (prog := program(*key, model)) is not None:
            out[key] = prog
    return out


def remember(known: Mapping[tuple[str, int], Program]) -> None:
    """Make these patterns from their programs from now on (:func:`programs`, kept by
    an earlier process; the mapping is asked only for the patterns compiled). They
    replace those remembered before (the rule set loaded last)."""
    global _KNOWN
    _KNOWN = known


def module_patterns(prefix: str = "jobdesk.") -> list[tuple[str, int]]:
    """The compiled patterns the loaded modules named ``prefix…`` hold at their top
    level (most compiled as the module was imported), as the (source, flags) they were
    most likely compiled from: a pattern's flags hold those its source sets and, for a
    str, ``re.UNICODE``, which its module did not pass (a guess: :func:`prime` puts a
    pattern under the key given, and it is made from that key's own program)."""
    out: list[tuple[str, int]] = []
    for name, module in list(sys.modules.items()):
        if name.startswith(prefix) and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    try:
                        own = re.compile(value.pattern).flags  # (UNICODE, inline flags)
                    except re.error:  # (a source only valid with its flags: verbose)
                        own = re.UNICODE
                    out.append((value.pattern, value.flags & ~own))
    return out


def prime(known: Mapping[tuple[str, int], Program]) -> int:
    """Put the patterns of these programs in ``re``'s own cache, which ``re.compile``
    looks in first: a module that compiles one of them as it is imported gets it made
    (the very pattern ``re.compile`` would make: :func:`program`). Returns how many
    were put; none when ``re`` keeps no such cache, and never more than it holds."""
    cache = getattr(re, "_cache", None)
    room = getattr(re, "_MAXCACHE", 0)
    if not isinstance(cache, dict) or not isinstance(room, int):
        return 0
    put = 0
    for (source, flags), prog in known.items():
        key = (str, source, flags)
        if len(cache) >= room:
            break
        if key in cache:
            continue
        try:
            cache[key] = _from_program(source, prog)
        except Exception:  # (a damaged program: the module compiles its pattern)
            continue
        put += 1
    return put


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, made from its program when it is known."""
    try:
        prog = _KNOWN.get((source, flags))
        if prog is not None:
            return _from_program(source, prog)
    except Exception:  # (a program damaged in the cache: compiled as usual)
        pass
    return re.compile(source, flags)


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
            got = compile(self.pattern, self.flags)
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

"""What every fact reader shares: the cleaned text's lines, the way back to source
offsets, scored candidates and the sentence around a match."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jobdesk.core.editmap import EditMap
from jobdesk.core.facts.model import DatedFact, Fact, Span
from jobdesk.core.facts.vocab import fold
from jobdesk.core.sentences import sentence_at

if TYPE_CHECKING:
    from jobdesk.core.result import Edit


def frozen(value: Any) -> Any:
    """A list value (the employment types) as a tuple: facts are frozen."""
    return tuple(value) if isinstance(value, list) else value


# ---------------------------------------------------------------------------- helpers

_WS = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")


def _norm(s: str) -> str:
    return _WS.sub(" ", _NOT_WORD.sub(" ", s.casefold())).strip()


# the readers ask ~25 times a posting, mostly for the same few candidates and lines
_norm_cached = functools.lru_cache(maxsize=4096)(_norm)


def norm(s: str) -> str:
    """``s`` case-folded, its non-word characters and blank runs made single spaces,
    stripped (remembered for a short ``s``: a name, a candidate, a line)."""
    return _norm_cached(s) if len(s) <= 200 else _norm(s)


def squash(s: str) -> str:
    return _WS.sub(" ", s).strip()


@dataclass
class Line:
    text: str  # stripped
    start: int  # cleaned offsets of the stripped text
    end: int
    index: int


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(stripped, pos + lead, pos + lead + len(stripped), len(out)))
        pos += len(raw) + 1
    return out


class Context:
    def __init__(self, source: str, cleaned: str, edits: Sequence[Edit]) -> None:
        self.source = source
        self.cleaned = cleaned
        self.map = EditMap(edits, len(source))
        self.lines = split_lines(cleaned)
        self.removed = [(e.start, e.end) for e in edits if not e.replacement and e.end > e.start]
        self._removed_starts = [r[0] for r in self.removed]

    @functools.cached_property
    def folded(self) -> str:
        """The cleaned text as ``re.I`` compares it with lower-case ASCII words (same
        length, same offsets): where a word can be found with ``str.find``."""
        return fold(self.cleaned)

    def is_removed(self, pos: int) -> bool:
        """Whether source offset ``pos`` lies in text the cleaner removed."""
        k = bisect.bisect_right(self._removed_starts, pos) - 1
        return k >= 0 and self.removed[k][0] <= pos < self.removed[k][1]

    def span(self, start: int, end: int) -> Span:
        """The source span of cleaned ``[start, end)``, its blanks trimmed first."""
        while start < end and self.cleaned[start].isspace():
            start += 1
        while end > start and self.cleaned[end - 1].isspace():
            end -= 1
        s, e = self.map.span(start, end)
        return (s, e)

    def fact(self, value: Any, start: int, end: int) -> Fact:
        """A fact read from cleaned ``[start, end)``: its text is the source's words there."""
        span = self.span(start, end)
        return Fact(frozen(value), self.source[span[0] : span[1]], "text", span)

    def dated(self, value: str | None, start: int, end: int, age_days: int | None) -> DatedFact:
        span = self.span(start, end)
        return DatedFact(value, self.source[span[0] : span[1]], "text", span, age_days=age_days)

    def find(self, needle: str, lo: int = 0) -> tuple[int, int] | None:
        """A whitespace- and case-tolerant search of ``needle`` in the cleaned text."""
        words = needle.split()
        if not words:
            return None
        rx = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
        m = rx.search(self.cleaned, lo)
        return (m.start(), m.end()) if m else None


# ------------------------------------------------------------------------- candidates


@dataclass
class Cand:
    value: str
    start: int  # cleaned offsets; -1 when the value is not in the text
    end: int
    score: float
    source: str = "text"


def best_candidate(cands: list[Cand], *, absorb_prefixes: bool = False) -> Cand | None:
    """The best-supported value: equal values add up; with ``absorb_prefixes`` a name
    also counts as support for the longer names it starts ("Henrico County" backs
    "Henrico County Public Schools")."""
    if not cands:
        return None
    by_norm: dict[str, list[Cand]] = {}
    for c in cands:
        by_norm.setdefault(norm(c.value), []).append(c)
    totals: dict[str, float] = {}
    for key, group in by_norm.items():
        totals[key] = max(c.score for c in group) + 0.5 * min(len(group) - 1, 4)
    if absorb_prefixes:
        base = dict(totals)
        for short in base:
            for long in base:
                if long != short and long.startswith(short + " "):
                    totals[long] += 0.5 * base[short]
    best: tuple[float, int, Cand] | None = None
    for key, group in by_norm.items():
        top = max(group, key=lambda c: (c.score, c.start >= 0, -c.start))
        rep = top if top.start >= 0 else next((c for c in group if c.start >= 0), top)
        first = min((c.start for c in group if c.start >= 0), default=10**9)
        total = totals[key]
        if best is None or (total, -first) > (best[0], -best[1]):
            best = (total, first, Cand(rep.value, rep.start, rep.end, total, rep.source))
    return best[2] if best else None


def cand_fact(ctx: Context, c: Cand, value: Any = None) -> Fact:
    v = c.value if value is None else value
    if c.source == "removed":  # offsets are already source offsets
        return Fact(v, ctx.source[c.start : c.end], "text", (c.start, c.end))
    if c.start >= 0:
        return ctx.fact(v, c.start, c.end)
    return Fact(v, c.value, c.source, None)


# -------------------------------------------------------------------------- sentences

ABBREV = re.compile(
    r"(?:\b(?:i\.e|e\.g|etc|vs|inc|ltd|co|corp|no|sr|jr|mr|ms|mrs|dr|st|approx|incl|u\.s|u\.k)|\b[A-Z])\.$",
    re.I,
)


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, within its line; brackets and "i.e." kept whole."""
    return sentence_at(text, start, end, ABBREV)

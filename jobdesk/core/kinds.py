"""The kinds of rule, as data: what each one removes, whether it needs a pattern, and
the parameters it takes (with the type and range of each).

The loader (:mod:`jobdesk.core.rules`) checks every rule against its kind: a value of
the wrong type or out of range, or a parameter the kind does not take, skips the rule
with an error naming the file, the rule and the key. The README's table of kinds is
tested against :data:`KINDS` (``tests/core/test_kinds.py``); :func:`kinds_table` writes it.

Adding a kind: one :class:`Kind` here, and its matcher in the engine (a method of
:class:`jobdesk.core.engine.Cleaner` under ``@matcher("the-kind")``; the engine refuses to
load with a kind that has no matcher, or a matcher whose kind is not here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

# ------------------------------------------------------------------------ value checks
#
# A pack is data from a file anyone can write: a check takes a TOML value and returns it
# (normalised) or raises BadValue saying what the key takes.


class BadValue(Exception):
    """A value that does not fit its key; the message says what the key takes."""


Check = Callable[[Any], Any]


def shown(value: Any) -> str:
    """A value as a short, one-line quotation."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise BadValue(f"must be a string, not {shown(value)}")


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise BadValue(f"must be true or false, not {shown(value)}")


def whole(lo: int, hi: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
            return value
        raise BadValue(f"must be a whole number from {lo} to {hi}, not {shown(value)}")

    return check


def fraction(value: Any) -> float:
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= 1
    ):
        return float(value)
    raise BadValue(f"must be a number from 0 to 1, not {shown(value)}")


def one_of(what: str, names: Iterable[str]) -> Check:
    allowed = sorted(names)

    def check(value: Any) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        raise BadValue(f"unknown {what} {shown(value)} (one of {', '.join(allowed)})")

    return check


def texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise BadValue(f"must be a string or a list of strings, not {shown(value)}")


def regex_value(value: Any) -> str | tuple[str, ...]:
    """A regex, or a list of alternatives (one a line), joined by the loader as one."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise BadValue(f"must be a string (a regex) or a non-empty list of strings, not {shown(value)}")


# ------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Param:
    """A parameter some kinds take: its check and its value when a rule leaves it out
    (the same as :class:`jobdesk.core.rules.Rule`'s field default)."""

    name: str
    check: Check
    default: Any
    doc: str


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("until", regex_value, None, "a line pattern that ends the removal"),
        Param("between", regex_value, None, "lines that may sit inside a run without counting"),
        Param("paragraphs", whole(1, 10_000), 1, "paragraphs under the heading"),
        Param("max_lines", whole(0, 1_000_000), 0, "at most this many lines (0: no limit)"),
        Param("include_marker", flag, None, "whether the marker line goes too"),
        Param("occurrence", one_of("occurrence", ("first", "last")), "first", "which marker"),
        Param("min_offset", fraction, 0.0, "the marker lies this far into the text (0 to 1)"),
        Param("region", text, "", "the HTML region (nav, footer, cookie, …)"),
        Param("min_run", whole(1, 10_000), 3, "the fewest lines (or cards) of a run"),
        Param("replacement", text, "", "the text put in place of the match"),
    )
}

# Keys every rule may have, whatever its kind.
COMMON_KEYS = (
    "id", "name", "description", "category", "kind", "action", "default", "sites", "examples",
)  # fmt: skip
# Keys of the rules whose kind takes a pattern.
PATTERN_KEYS = ("pattern", "phrases", "lists", "case_sensitive")


# ------------------------------------------------------------------------------ kinds


@dataclass(frozen=True)
class Kind:
    """One kind of rule.

    ``pattern``: whether a rule of this kind must (``required``), may (``optional``) or
    may not (``none``) have a ``pattern`` or ``phrases``. ``params``: the parameters it
    takes (:data:`PARAMS`); ``needs``: those it cannot do without. ``code``: matched by
    code rather than by the pattern alone. ``internal``: used by the shipped packs for
    what ingest or the engine finds itself (not a kind one writes a pattern for).
    ``guard``: which content guards (:mod:`jobdesk.core.guard`) hold its removals —
    ``"line"``: a match inside a line, judged by its context (legal text, duty items,
    stated pay); ``"structural"``: a removal of many lines, cut short where it would
    run into the posting; ``"none"``: not judged (its matching knows what content
    looks like, or it only repairs). Every kind says it: there is no default.
    """

    name: str
    removes: str
    pattern: Literal["required", "optional", "none"]
    params: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    code: bool = False
    internal: bool = False
    guard: Literal["line", "structural", "none"] = field(kw_only=True)

    @property
    def keys(self) -> frozenset[str]:
        """Every key a rule of this kind may have."""
        pattern = PATTERN_KEYS if self.pattern != "none" else ()
        return frozenset((*COMMON_KEYS, *pattern, *self.params))


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("line", "a whole line matching the pattern", "required", guard="line"),
        Kind("phrase", "the matched span inside a line", "required", guard="line"),
        Kind(
            "sentence",
            "the sentence(s) around a match (legal text sharing a line with content)",
            "required",
            guard="line",
        ),
        Kind(
            "section",
            "a heading line and the paragraph(s) under it, or the lines up to an `until` line",
            "required",
            ("paragraphs", "until", "max_lines"),
            guard="structural",
        ),
        Kind(
            "block",
            "from a start line to an end line (`until`, inclusive)",
            "required",
            ("until", "max_lines"),
            needs=("until",),
            guard="structural",
        ),
        Kind(
            "tail",
            "from a marker line to the end",
            "required",
            ("min_offset", "occurrence", "include_marker"),
            guard="structural",
        ),
        Kind(
            "head",
            "everything before a marker line (and the marker with `include_marker`)",
            "required",
            ("occurrence", "include_marker"),
            guard="structural",
        ),
        Kind(
            "run",
            "a run of ≥ `min_run` lines that each match (lists of links, job cards); "
            "lines matching `between` may sit inside",
            "required",
            ("min_run", "between"),
            code=True,
            guard="none",
        ),
        Kind(
            "language-picker",
            "a run of ≥ `min_run` language names (or lines matching the pattern)",
            "optional",
            ("min_run", "between"),
            code=True,
            guard="none",
        ),
        Kind("duplicate-line", "a line repeating the one above", "none", code=True, guard="none"),
        Kind(
            "cards",
            "a run of other jobs' cards: ≥ `min_run` place lines and as many pay / type / "
            "age lines, short lines only",
            "none",
            ("min_run",),
            code=True,
            guard="none",
        ),
        Kind(
            "duplicate-block",
            "≥ `min_run` short lines (under nine words, no running text) repeating, in "
            "order, lines shown earlier (the first copy stays; list items never count)",
            "none",
            ("min_run",),
            code=True,
            guard="none",
        ),
        Kind(
            "replace",
            "the match, replaced by `replacement` (encoding repairs)",
            "required",
            ("replacement",),
            code=True,
            guard="none",
        ),
        Kind(
            "html-region",
            "an HTML page region that ingest marked (`region`: nav, footer, cookie, …)",
            "none",
            ("region",),
            needs=("region",),
            code=True,
            internal=True,
            guard="none",
        ),
        Kind(
            "mojibake", "mojibake, repaired by ftfy", "none", code=True, internal=True, guard="none"
        ),
        Kind(
            "blank-lines",
            "the blank lines removals leave behind (applied when resolving)",
            "none",
            code=True,
            internal=True,
            guard="none",
        ),
    )
}


def kinds_table() -> str:
    """The README's table of kinds, written from :data:`KINDS`."""
    rows = ["| kind | removes | parameters |", "|---|---|---|"]
    for kind in KINDS.values():
        params = [f"`{p}`" for p in kind.params]
        if kind.pattern == "required":
            params.insert(0, "`pattern`")
        elif kind.pattern == "optional":
            params.insert(0, "`pattern` (optional)")
        rows.append(f"| `{kind.name}` | {kind.removes} | {', '.join(params) or '—'} |")
    return "\n".join(rows) + "\n"

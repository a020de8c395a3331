"""A shipped pattern may put a look-ahead of first letters before a named list,
``(?=[abc])(?&name)``, so that Python's regex tries the list's alternatives only where
one of them can start (tried at every position of a long paragraph, a case-insensitive
alternation costs one step per alternative). Such a gate must let through every
character an alternative can start with, or the pattern would miss what the list says.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

# The regex parser's tree (private, but stable since 3.11), as prefilter.py reads it.
from re import _parser as _P  # type: ignore[attr-defined]

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document

RULES = Path(__file__).resolve().parents[2] / "jobdesk" / "rules"
GATE = re.compile(r"\(\?=(\[[^\]]+\])\)\(\?&(\w+)\)")


def first_chars(items: list[tuple[object, object]]) -> set[str] | None:
    """The characters a match of the parsed ``items`` can start with (case as written),
    or None when it can start with the empty string or the walk cannot tell."""
    out: set[str] = set()
    for op, arg in items:
        if op is _P.AT:  # \b, ^: no character
            continue
        if op is _P.LITERAL:
            return out | {chr(arg)}  # type: ignore[arg-type]
        if op is _P.IN:
            chars: set[str] = set()
            for kind, value in arg:  # type: ignore[attr-defined]
                if kind is _P.LITERAL:
                    chars.add(chr(value))
                elif kind is _P.RANGE:
                    chars |= {chr(c) for c in range(value[0], value[1] + 1)}
                else:
                    return None
            return out | chars
        if op is _P.SUBPATTERN:
            got = first_chars(list(arg[-1]))  # type: ignore[index]
        elif op is _P.BRANCH:
            alts = [first_chars(list(b)) for b in arg[1]]  # type: ignore[index]
            got = None if any(a is None for a in alts) else set().union(*alts)  # type: ignore[arg-type]
        elif op in (_P.MAX_REPEAT, _P.MIN_REPEAT):
            got = first_chars(list(arg[2]))  # type: ignore[index]
            if got is not None and arg[0] == 0:  # type: ignore[index]
                out |= got
                continue  # (optional: what follows may start the match too)
        else:
            return None
        return None if got is None else out | got
    return None


def gates() -> list[tuple[str, str, str, list[str]]]:
    """(file, rule id, gate class, the list's alternatives) of every gate."""
    found = []
    for path in sorted(RULES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for rule in data.get("rule", []):
            for key in ("pattern", "until", "between"):
                source = rule.get(key)
                for cls, name in GATE.findall(source if isinstance(source, str) else ""):
                    found.append((path.name, rule["id"], cls, rule["lists"][name]))
    return found


def test_there_is_a_gate_to_check() -> None:
    assert any(rid == "legal.eeo-paragraph" for _f, rid, _c, _l in gates())


@pytest.mark.parametrize("where, rid, cls, alternatives", gates())
def test_a_gate_lets_through_every_first_letter_of_its_list(
    where: str, rid: str, cls: str, alternatives: list[str]
) -> None:
    gate = re.compile(cls, re.IGNORECASE)
    for alt in alternatives:
        starts = first_chars(list(_P.parse(alt, re.IGNORECASE)))
        assert starts, f"{where} {rid}: cannot tell how {alt!r} starts"
        missed = sorted(ch for ch in starts if not gate.fullmatch(ch))
        assert not missed, f"{where} {rid}: {cls} misses {missed} of {alt!r}"


def test_first_chars_reads_optional_and_alternative_starts() -> None:
    assert first_chars(list(_P.parse(r"\b(?:is|are) an?", 0))) == {"i", "a"}
    assert first_chars(list(_P.parse(r"(?:un)?paid leave", 0))) == {"u", "p"}
    assert first_chars(list(_P.parse(r"[$€£] ?\d", 0))) == {"$", "€", "£"}
    assert first_chars(list(_P.parse(r"\w+ days", 0))) is None
    assert first_chars(list(_P.parse(r"(?:x)?", 0))) is None


def test_the_gated_eeo_paragraph_still_keeps_a_paragraph_that_names_a_content_word() -> None:
    from jobdesk.core.rules import load_rules

    cleaner = Cleaner(load_rules(user_dir=False))
    eeo = "Acme is an equal opportunity employer and considers all applicants equally"
    for tail in ("", " while offering PTO to all", " with 401(k) matching", " at €5 a day"):
        text = f"Data Engineer\n\n{eeo}{tail}.\n"
        hits = cleaner.match(Document(source=text)).hits_by_rule.get("legal.eeo-paragraph", [])
        assert bool(hits) is (tail == ""), tail

"""Whole-posting golden cases (tests/cases/, see its README): each raw input cleans to
exactly its ``.clean.txt``; a ``keep-`` case comes back untouched."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.core.result import CleanResult
from jobdesk.core.rules import load_rules

CASES = Path(__file__).resolve().parent / "cases"
RAW = sorted(p for p in CASES.iterdir() if ".raw." in p.name)


def name_of(raw: Path) -> str:
    return raw.name.split(".raw.", 1)[0]


@cache
def cleaner() -> Cleaner:
    rules = load_rules(user_dir=False)  # the shipped rules only: no user packs
    assert rules.errors == []
    return Cleaner(rules)


def clean(raw: Path) -> CleanResult:
    return cleaner().match(ingest_path(raw)).resolve()


def diff(expected: str, got: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(), got.splitlines(), "expected", "cleaned", lineterm=""
    )
    return "\n".join(lines)


def test_the_cases_are_all_there() -> None:
    names = [name_of(p) for p in RAW]
    assert len(names) == len(set(names)), "two raw inputs for one case"
    assert len(names) >= 12
    assert sum(n.startswith("keep-") for n in names) >= 4
    expected = {p.name.removesuffix(".clean.txt") for p in CASES.glob("*.clean.txt")}
    assert expected == {n for n in names if not n.startswith("keep-")}, (
        "every case but a keep- case has its .clean.txt, and every .clean.txt its raw input"
    )


@pytest.mark.parametrize("raw", [p for p in RAW if not name_of(p).startswith("keep-")], ids=name_of)
def test_a_posting_cleans_to_its_expected_text(raw: Path) -> None:
    expected = (CASES / f"{name_of(raw)}.clean.txt").read_text("utf-8").rstrip("\n")
    result = clean(raw)
    got = result.cleaned.rstrip("\n")
    assert got == expected, diff(expected, got)
    assert result.edits, "a case that removes nothing belongs under keep-"


@pytest.mark.parametrize("raw", [p for p in RAW if name_of(p).startswith("keep-")], ids=name_of)
def test_a_clean_posting_comes_back_untouched(raw: Path) -> None:
    result = clean(raw)
    original = result.source.rstrip("\n")
    assert result.cleaned.rstrip("\n") == original, diff(original, result.cleaned)
    # (only the blank lines at the very end may go: the text itself is untouched)
    assert {e.rule for e in result.edits} <= {"whitespace.blank-lines"}

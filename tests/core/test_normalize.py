"""Encoding repair: only lines holding a mojibake pair are looked at, and each repair
is the smallest edit."""

from __future__ import annotations

import pytest

from jobdesk.core.normalize import SUSPECT, mojibake_repairs
from jobdesk.core.result import Edit, apply_edits


def _repaired(text: str) -> str:
    return apply_edits(text, [Edit(s, e, "r", r) for s, e, r in mojibake_repairs(text)])


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [
        ("You‚Äôll lead it; we‚Äôre small ‚Ä¢ remote", "You’ll lead it; we’re small • remote"),
        ("donâ€™t â€” CafÃ© naÃ¯ve", "don’t — Café naïve"),
        ("Rom√¢nƒÉ (Romanian)", "Română (Romanian)"),  # "√¢" is only wrong in its word
        ("Boston ¬∑ 3 days ago ¬∑ 36 applicants", "Boston · 3 days ago · 36 applicants"),
    ],
)
def test_repairs(damaged: str, clean: str) -> None:
    assert _repaired(damaged) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Zürich café · Boston – “quoted” — naïve",
        "Straße Ärger Ørsted",
        "北京 · 東京",
        "role.·\xa0\xa0x",
    ],
)
def test_clean_unicode_is_not_suspect(text: str) -> None:
    assert not SUSPECT.search(text)
    assert list(mojibake_repairs(text)) == []


def test_repairs_are_minimal_and_repeat_consistently() -> None:
    line = "We‚Äôll ship. You‚Äôll own it. They‚Äôll help."
    edits = list(mojibake_repairs("\n".join([line] * 3)))
    assert len(edits) == 9
    assert {r for _s, _e, r in edits} == {"’"}
    assert all(e - s == 3 for s, e, _r in edits)

"""Encoding repair: only lines holding a mojibake pair are looked at, and each repair
is the smallest edit."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.normalize import _BADNESS_WIDTH, SUSPECT, looks_bad, mojibake_repairs
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


# Characters that ftfy's badness check looks at (mojibake pieces, accented letters,
# punctuation, box drawing) among plain ASCII.
_MOJIBAKE_ALPHABET = list("aZ .,!?-( )$\n\t0") + list(
    "âÃÂ€™œžŸ©®°·»«éèàÅ¸ÎÐ×²√±‚Äìвђ–—“”‘’…│┐¢£¥µØÙβΒΓΞΟ\xa0"
)


@given(st.lists(st.sampled_from(_MOJIBAKE_ALPHABET), max_size=200).map("".join))
@settings(max_examples=500, deadline=None)
def test_looking_around_non_ascii_characters_is_ftfys_badness_check(line: str) -> None:
    from ftfy.badness import is_bad

    assert looks_bad(line) == is_bad(line)
    assert looks_bad("x" * 70 + line) == is_bad("x" * 70 + line)


def test_the_badness_check_looks_for_short_sequences_holding_a_non_ascii_character() -> None:
    """What looks_bad relies on: ftfy's regex matches at most _BADNESS_WIDTH characters
    (checked on its parsed form), with no look-around, and no ASCII text."""
    from ftfy.badness import BADNESS_RE

    assert re._parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()[1] <= _BADNESS_WIDTH  # type: ignore[attr-defined]
    assert "(?" not in BADNESS_RE.pattern
    ascii_text = "".join(map(chr, range(128))) * 3
    assert BADNESS_RE.search(ascii_text) is None
    long_line = "Staff Matters is proud " * 100 + "You‚Äôll join us"
    assert looks_bad(long_line) and not looks_bad(long_line.replace("‚Äô", "'"))


def test_a_damaged_stretch_is_handed_to_ftfy_once_for_all_postings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobdesk.core import normalize

    real = normalize._ftfy()
    repairs: list[str] = []

    def fix_text(text: str, config: object) -> str:
        repairs.append(text)
        return real.fix_text(text, config)  # type: ignore[arg-type]

    monkeypatch.setattr(normalize, "_ftfy", lambda: real._replace(fix_text=fix_text))
    monkeypatch.setattr(normalize, "_FIXES", {})
    first = "You‚Äôll lead it; we‚Äôre small ‚Ä¢ remote"
    assert _repaired(first) == "You’ll lead it; we’re small • remote"
    assert sorted(set(repairs)) == ["‚Ä¢", "‚Äô"]
    repairs.clear()
    second = "Boston ‚Ä¢ We‚Äôll call you ‚Ä¢ They‚Äôre kind"
    assert _repaired(second) == "Boston • We’ll call you • They’re kind"
    assert repairs == []  # (the next posting's same stretches: repaired from memory)


def test_the_repairs_kept_across_postings_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobdesk.core import normalize

    monkeypatch.setattr(normalize, "_FIXES", {})
    monkeypatch.setattr(normalize, "_FIXES_MAX", 2)
    damaged = ["donâ€™t", "CafÃ©", "naÃ¯ve", "You‚Äôll", "Rom√¢nƒÉ"]
    fixed = ["don’t", "Café", "naïve", "You’ll", "Română"]
    for _ in range(2):
        for text, want in zip(damaged, fixed, strict=True):
            assert _repaired(text) == want
            assert len(normalize._FIXES) <= 2

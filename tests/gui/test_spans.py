"""The pure span arithmetic behind highlights, navigation and synced scrolling."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobdesk.core.result import Edit
from jobdesk.gui.spans import (
    Utf16Map,
    common_affixes,
    nav_stops,
    words_removed,
)


def test_utf16_map_counts_emoji_as_two_units() -> None:
    text = "a🚀b😀c"
    m = Utf16Map(text)
    assert not m.identity
    assert m.length_u16 == len(text.encode("utf-16-le")) // 2 == 7
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    for i in range(len(text) + 1):
        assert m.to_cp(m.to_utf16(i)) == i
    assert m.to_cp(2) == 1  # inside the surrogate pair of 🚀 → its start


def test_utf16_map_identity_without_astral_chars() -> None:
    m = Utf16Map("plain – text “quoted” ü")
    assert m.identity
    assert m.to_utf16(5) == 5 and m.to_cp(5) == 5


@given(st.text(alphabet=st.sampled_from("ab\n🚀é😀"), max_size=40))
def test_utf16_map_matches_encoding(text: str) -> None:
    m = Utf16Map(text)
    for i in range(len(text) + 1):
        assert m.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
        assert m.to_cp(m.to_utf16(i)) == i


@st.composite
def text_and_edits(draw):  # type: ignore[no-untyped-def]
    text = draw(st.text(alphabet="abc \n", min_size=0, max_size=60))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=10))))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        repl = draw(st.sampled_from(["", "", "X", "YZ"]))
        if a == b and not repl:
            continue
        edits.append(Edit(a, b, "r", repl))
    return text, edits


def test_nav_stops_merge_touching_edits_of_one_rule() -> None:
    edits = [
        Edit(0, 5, "a"),
        Edit(5, 9, "a"),
        Edit(9, 10, "b"),
        Edit(12, 14, "a"),
        Edit(20, 21, "ws"),
    ]
    stops = nav_stops(edits, frozenset({"ws"}))
    assert [(s.start, s.end, s.rule, s.count) for s in stops] == [
        (0, 9, "a", 2),
        (9, 10, "b", 1),
        (12, 14, "a", 1),
    ]


def test_common_affixes() -> None:
    assert common_affixes("abcXYdef", "abcZdef") == (3, 3)
    assert common_affixes("same", "same") == (4, 0)
    assert common_affixes("", "abc") == (0, 0)
    assert common_affixes("aaa", "aaaa") == (3, 0)
    p, s = common_affixes("abab", "ab")
    assert p + s <= 2


def test_words_removed_counts_only_removals() -> None:
    src = "one two three four"
    edits = [Edit(0, 8, "r"), Edit(14, 18, "fix", "FOUR")]
    assert words_removed(src, edits) == 2

"""The source ↔ cleaned offset map shared by the engine, the facts and the window."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.editmap import EditMap
from jobdesk.core.result import Edit, apply_edits


def test_editmap_identity() -> None:
    m = EditMap([], 10)
    assert m.span(2, 5) == [2, 5]
    assert m.span(0, 10) == [0, 10]


def test_editmap_removals_and_replacements() -> None:
    source = "AAA noise BBB Ã© CCC"
    edits = [Edit(4, 10, "r.noise"), Edit(14, 16, "enc", "é")]
    cleaned = apply_edits(source, edits)
    assert cleaned == "AAA BBB é CCC"
    m = EditMap(edits, len(source))
    s, e = m.span(cleaned.index("BBB"), cleaned.index("BBB") + 3)
    assert source[s:e] == "BBB"
    # a span over a repair covers the whole replaced source text
    i = cleaned.index("é")
    assert m.span(i, i + 1) == [14, 16]
    # a span across a removal covers the removed text too (it is one source range)
    s, e = m.span(0, cleaned.index("BBB") + 3)
    assert source[s:e] == "AAA noise BBB"
    j = cleaned.index("CCC")
    assert source[slice(*m.span(j, j + 3))] == "CCC"


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    source = draw(st.text(alphabet="abcAZ $€£0159,.-:|·()\n", min_size=0, max_size=80))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(source)), max_size=8))))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        repl = draw(st.sampled_from(["", "", "X", "YZ"]))
        if a < b or repl:
            edits.append(Edit(a, b, "r", repl))
    return source, edits


@settings(max_examples=200, deadline=None)
@given(text_and_edits())
def test_editmap_maps_kept_characters_home(data: tuple[str, list[Edit]]) -> None:
    source, edits = data
    cleaned = apply_edits(source, edits)
    m = EditMap(edits, len(source))
    kept = [ch for ch in range(len(cleaned))]
    for i in kept:
        s, e = m.span(i, i + 1)
        assert 0 <= s <= e <= len(source)
        piece = source[s:e]
        # a kept character maps onto itself; a replacement maps to what it replaced
        in_repl = any(ed.start <= s and e <= ed.end and ed.replacement for ed in edits)
        if not in_repl:
            assert piece == cleaned[i]


@given(text_and_edits())
def test_round_trips_kept_text(data: tuple[str, list[Edit]]) -> None:
    text, edits = data
    cleaned = apply_edits(text, edits)
    em = EditMap(edits, len(text))
    assert em.clean_len == len(cleaned)
    for i in range(len(text)):
        if not any(e.start <= i < e.end for e in edits):  # a kept character
            j = em.to_clean(i)
            assert cleaned[j] == text[i]
            assert em.to_source(j) == i
    for j in range(len(cleaned) + 1):
        assert 0 <= em.to_source(j) <= len(text)


def test_to_clean_inside_removals_and_replacements() -> None:
    source = "AAA noise BBB Ã© CCC"
    edits = [Edit(4, 10, "r.noise"), Edit(14, 16, "enc", "é")]
    cleaned = apply_edits(source, edits)
    m = EditMap(edits, len(source))
    assert m.clean_len == len(cleaned)
    assert m.to_clean(source.index("noise")) == cleaned.index("BBB")  # where it went
    assert m.to_clean(15) == cleaned.index("é")  # inside the repair: its start
    assert cleaned[m.to_clean(source.index("CCC"))] == "C"
    assert m.to_source(cleaned.index("é")) == 14
    assert m.to_source_end(cleaned.index("é") + 1) == 16


def test_overlapping_segments() -> None:
    source = "keep1 drop keep2 Ã© end"
    edits = [Edit(6, 11, "r"), Edit(17, 19, "enc", "é")]
    cleaned = apply_edits(source, edits)
    m = EditMap(edits, len(source))
    segs = list(m.overlapping(0, len(cleaned)))
    assert [(s.src_start, s.src_end, s.edit is not None) for s in segs] == [
        (0, 6, False), (11, 17, False), (17, 19, True), (19, len(source), False),
    ]  # fmt: skip
    assert [s.src_start for s in m.overlapping(cleaned.index("é"), cleaned.index("é") + 1)] == [17]

"""The overlap test behind shadowing (effects._overlaps): O(log n) per query, and the
same answer as intersecting with every span."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobdesk.core.editmap import merge_spans
from jobdesk.core.effects import _overlaps, intersect_spans

spans_st = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=30,
)


@given(spans_st, st.integers(0, 250), st.integers(0, 30))
def test_overlaps_agrees_with_intersecting(raw: list[tuple[int, int]], start: int, n: int) -> None:
    spans = merge_spans(raw)
    end = start + n
    assert _overlaps(spans, start, end) == bool(intersect_spans([(start, end)], spans))


def test_overlaps_edges() -> None:
    spans = [(10, 20), (30, 40)]
    assert not _overlaps(spans, 20, 30)  # touching is not sharing a character
    assert _overlaps(spans, 19, 21)
    assert _overlaps(spans, 0, 100)
    assert not _overlaps(spans, 15, 15)  # an empty span holds no character
    assert not _overlaps([], 0, 10)
    assert not _overlaps([(1, 1)], 0, 2)  # an empty kept span keeps nothing
    assert not _overlaps([(0, 5), (6, 6)], 5, 7)  # nor hides the span before it
    assert _overlaps([(0, 5), (6, 6)], 4, 7)

"""literal_places reads every tuple's places from one pass of a shared automaton: the same
places as a pass of the tuple's own automaton (the former formulation, kept as the
oracle) and as a plain scan of every position."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.facts import scan
from jobdesk.core.facts.scan import literal_places, literal_spans, literal_starts, shared_spans
from jobdesk.core.facts.vocab import fold
from tests.conftest import CORPUS


def _own_pass(text: str, literals: tuple[str, ...]) -> set[int]:
    """The former literal_places: a pass of the tuple's own automaton."""
    found = scan._automaton(literals).find_matches_as_indexes(text, overlapping=True)
    return {s for _k, s, _e in found}


def _plain(text: str, literals: tuple[str, ...]) -> set[int]:
    return {i for i in range(len(text)) for lit in literals if text.startswith(lit, i)}


@contextmanager
def _fresh_shared(limit: int = scan._SHARED_MAX) -> Iterator[None]:
    """An empty shared automaton for the test (the readers' one restored after)."""
    names = ("_SHARED_LITS", "_SHARED_INDEX", "_SHARED_GROUPS", "_SHARED_PLACES", "_shared")
    saved = {n: getattr(scan, n) for n in names}
    saved_max = scan._SHARED_MAX
    scan._SHARED_LITS, scan._SHARED_INDEX, scan._SHARED_GROUPS = [], {}, {}
    scan._SHARED_PLACES, scan._shared = {}, None
    scan._SHARED_MAX = limit
    try:
        yield
    finally:
        for n, v in saved.items():
            setattr(scan, n, v)
        scan._SHARED_MAX = saved_max


WORDS = ["at", "a", "t", "cat", "At", "ta", "é", "\U0001f600", " ", "\n", "join", "Join", "jo"]
LITS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(tuple)
TEXT_PIECES = [*WORDS, "x", "_", ".", "\u2003", "\udc80"]
TEXTS = st.lists(st.sampled_from(TEXT_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), LITS), min_size=1, max_size=12),
    st.lists(TEXTS, min_size=3, max_size=3),
    st.integers(1, 12),
)
def test_shared_places_are_each_tuples_own(
    asks: list[tuple[int, tuple[str, ...]]], texts: list[str], limit: int
) -> None:
    """Tuples asked in any order over a few texts (asked again after a new tuple joined
    the automaton; literals shared between tuples, repeated in one, prefixes of others;
    a lone surrogate; tuples beyond the automaton's size limit) get every place."""
    with _fresh_shared(limit):
        for k, lits in asks + asks:
            text = texts[k]
            assert literal_places(text, lits) == _own_pass_or_plain(text, lits)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), LITS), min_size=1, max_size=8),
       st.lists(TEXTS, min_size=2, max_size=2), st.integers(1, 12))  # fmt: skip
def test_shared_spans_are_each_tuples_own(
    asks: list[tuple[int, tuple[str, ...]]], texts: list[str], limit: int
) -> None:
    """Each place with the literal's index in the tuple (a literal written twice in a
    tuple is found as each) and its end, as the tuple's own pass gives them."""
    with _fresh_shared(limit):
        for k, lits in asks + asks:
            text = texts[k]
            got = sorted(shared_spans(text, lits))
            assert got == sorted(literal_spans(text, lits))
            plain = sorted(
                (j, i, i + len(lit))
                for j, lit in enumerate(lits)
                for i in range(len(text))
                if text.startswith(lit, i)
            )
            assert got == plain


@settings(max_examples=300, deadline=None)
@given(LITS, TEXTS, st.integers(0, 40), st.booleans())
def test_starts_before_an_end_are_those_of_the_slice(
    lits: tuple[str, ...], text: str, end: int, word: bool
) -> None:
    """A literal running past ``end`` is not in the slice; a word start is judged by the
    character before it, which the slice holds too."""
    with _fresh_shared():
        assert literal_starts(text, lits, word_start=word, end=end) == literal_starts(
            text[:end], lits, word_start=word
        )


def test_the_readers_heads_are_read_in_the_whole_text() -> None:
    """The title's and the location's phrasings in the first 6,000 / 8,000 characters of a
    long text: found by the whole text's pass (no pass over a slice), none past the head."""
    from jobdesk.core.facts.context import Context
    from jobdesk.core.facts.location import location_cands
    from jobdesk.core.facts.title import title_cands

    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20
    seek = "Acme is seeking a Senior Data Engineer to join us. "
    based = "The role is based in Austin, TX. "
    text = (
        seek
        + based
        + filler * 8
        + seek.replace("Senior", "Staff")
        + based.replace("Austin, TX", "Denver, CO")
    )
    assert 8000 < text.index("Staff") < text.index("Denver") < len(text)
    with _fresh_shared():
        ctx = Context(text, text, [])
        titles = {(c.value, c.start) for c in title_cands(ctx, [], [], {})}
        places = {(c.value, c.start) for c in location_cands(ctx, [], [], {}, None)}
        assert all(len(t) == len(text) for t in scan._SHARED_PLACES)
    assert titles == {("Senior Data Engineer", 18)}
    assert places == {("Austin, TX", len(seek) + 21)}


def _own_pass_or_plain(text: str, lits: tuple[str, ...]) -> set[int]:
    want = _plain(text, lits)
    with suppress(UnicodeEncodeError):  # (a lone surrogate: the automaton cannot take it)
        assert _own_pass(text, lits) == want
    return want


def test_a_text_read_before_a_tuple_joined_is_read_again_for_it() -> None:
    with _fresh_shared():
        text = "Join us at Acme. Join the team."
        assert literal_places(text, ("at",)) == {8}
        assert scan._SHARED_PLACES[text][0] == 1
        assert literal_places(text, ("Join", "team")) == {0, 17, 26}
        assert scan._SHARED_PLACES[text][0] == 3  # read again, by the grown automaton
        assert literal_places(text, ("at", "Acme")) == {8, 11}
        assert len(scan._SHARED_PLACES) == 1


def test_the_shared_automaton_keeps_a_few_texts_and_a_bounded_size() -> None:
    with _fresh_shared(limit=4):
        for i in range(scan._SHARED_TEXTS + 5):
            n = len(str(i))
            assert literal_places(f"{i} at a cat", ("at",)) == {n + 1, n + 7}
        assert len(scan._SHARED_PLACES) == scan._SHARED_TEXTS
        # 1 + 4 literals: beyond the limit, a pass of its own; 1 + 2: shared
        assert literal_places("a cat", ("c", "ca", "cat", "t")) == {2, 4}
        assert literal_places("a cat", ("a", "x")) == {0, 3}
        assert list(scan._SHARED_GROUPS) == [("at",), ("a", "x")]
        assert scan._SHARED_LITS == ["at", "a", "x"]


def test_threads_adding_tuples_at_once_get_every_place() -> None:
    text = " ".join(f"w{i}" for i in range(400))
    tuples = [(f"w{i}", f"w{i + 1}") for i in range(0, 400, 2)]
    errors: list[str] = []

    def ask(part: list[tuple[str, ...]]) -> None:
        for lits in part:
            if literal_places(text, lits) != _plain(text, lits):
                errors.append(repr(lits))

    with _fresh_shared():
        threads = [threading.Thread(target=ask, args=(tuples[k::4],)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(set(scan._SHARED_LITS)) == len(scan._SHARED_LITS) == 200 * 2
    assert errors == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_the_readers_tuples_on_the_corpus() -> None:
    """Every tuple the readers ask for, on every corpus input and gold (as written and
    folded), through the readers' own shared automaton: the tuple's own pass."""
    from jobdesk.core.facts import extract

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    for t in texts[:5]:
        extract(t, t, [])  # the readers ask for their tuples
    tuples = list(scan._SHARED_GROUPS)
    assert len(tuples) >= 10
    for t in texts:
        for text in (t, fold(t)):
            for lits in tuples:
                assert literal_places(text, lits) == _own_pass(text, lits), lits


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=260))
def test_norm_is_the_formula(s: str) -> None:
    from jobdesk.core.facts import context

    want = context._WS.sub(" ", context._NOT_WORD.sub(" ", s.casefold())).strip()
    assert context.norm(s) == want
    assert context.norm(s) == want  # (remembered or not)


def test_norm_is_remembered_for_short_texts_only() -> None:
    """A name's or a line's value is worked out once (the same string back); a long
    text's is not kept."""
    from jobdesk.core.facts import context

    first = context.norm("Acme Robotics, Inc.")
    assert first == "acme robotics inc"
    assert context.norm("Acme Robotics, Inc.") is first
    long = "Acme Robotics, Inc. " * 20
    before = context._norm_cached.cache_info().currsize
    assert context.norm(long) == ("acme robotics inc " * 20).strip()
    assert context._norm_cached.cache_info().currsize == before

"""The sentence finder of the facts: the same sentences as a scan of the line, in time
that does not grow with the line."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core import sentences
from jobdesk.core.facts.context import ABBREV as _ABBREV
from jobdesk.core.facts.context import sentence_of as _sentence_at


def scan_sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The reference: walk the line from its start, counting brackets (the finder's
    first version, quadratic on a long line with many matches)."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    s = ls
    depth = 0
    for i in range(ls, start):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif (
            ch in ".!?"
            and depth == 0
            and i + 1 < le
            and text[i + 1] == " "
            and not _ABBREV.search(text[max(ls, i - 5) : i + 1])
        ):
            s = i + 1
    e = le
    depth = 0
    for i in range(end, le):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif (
            ch in ".!?"
            and depth == 0
            and (i + 1 == le or text[i + 1] in " \t")
            and not _ABBREV.search(text[max(ls, i - 5) : i + 1])
        ):
            e = i + 1
            break
    while s < e and text[s].isspace():
        s += 1
    return s, e


_PIECES = st.sampled_from(
    ["We", " sponsor", " visas", ".", "!", "?", " ", "\t", "(", ")", "\n", "e.g.", " Inc.",
     " J.", "x", "…", "etc."]
)  # fmt: skip


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(_PIECES, min_size=1, max_size=40), st.data())
def test_same_sentence_as_a_scan_of_the_line(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    finder = sentences.SentenceFinder(text, _ABBREV)
    for _ in range(4):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        assert finder.sentence_at(start, end) == scan_sentence_at(text, start, end)
        le = text.find("\n", end)
        assert finder.line_bounds(start, end) == (
            text.rfind("\n", 0, start) + 1,
            len(text) if le < 0 else le,
        )


def test_sentences_in_brackets_and_after_abbreviations() -> None:
    text = "Intro. We sponsor (e.g. H-1B. Also TN.) visas. Next one.\nOther line."
    at = text.index("sponsor")
    s, e = _sentence_at(text, at, at + 7)
    assert text[s:e] == "We sponsor (e.g. H-1B. Also TN.) visas."


def _scan_steps(text: str, spans: list[tuple[int, int]]) -> int:
    """Characters the reference scan looks at for these look-ups."""
    steps = 0
    for start, end in spans:
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        e = scan_sentence_at(text, start, end)[1]
        steps += (start - ls) + (e - end)
    return steps


def _finder_events(text: str, spans: list[tuple[int, int]]) -> int:
    """Bracket and stop events the finder indexes for these look-ups (each line once)."""
    seen: set[tuple[int, int]] = set()
    events = 0
    for start, end in spans:
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        if (ls, le) not in seen:
            seen.add((ls, le))
            events += sum(1 for _ in sentences._EVENTS.finditer(text, ls, le))
    return events


def test_work_on_one_long_line_grows_linearly() -> None:
    # One line, no break, a match in every sentence: the scan looked at the whole line
    # before every match (quadratic); the index is built once per line.
    def shape(n: int) -> tuple[str, list[tuple[int, int]]]:
        text = "We pay well and sponsor visas. " * n
        return text, [(m.start(), m.end()) for m in re.finditer("sponsor", text)]

    small, big = shape(200), shape(800)
    assert _finder_events(*big) <= 4 * _finder_events(*small)
    assert _scan_steps(*big) > 12 * _scan_steps(*small)  # (what the old scan did)

"""Encoding repair as edits: ftfy on the lines a cheap check flags.

ftfy over a whole 15 KB paste costs milliseconds; almost every line of a posting is
either ASCII or clean Unicode, so only non-ASCII lines that ftfy's own badness check
flags are repaired, and each repair is diffed down to the characters that changed so
the raw pane highlights just the damage (``‚Äô`` → ``’``), not the whole line.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import ftfy


class _Ftfy(NamedTuple):
    is_bad: Callable[[str], bool]
    fix_text: Callable[[str, ftfy.TextFixerConfig], str]
    config: ftfy.TextFixerConfig
    badness: re.Pattern[str]  # what is_bad searches for


@functools.cache
def _ftfy() -> _Ftfy:
    """ftfy's badness check, its repair and the settings it repairs with, imported when a
    posting first needs them (most never do, and the import is a tenth of a CLI clean)."""
    import ftfy
    from ftfy.badness import BADNESS_RE, is_bad

    config = ftfy.TextFixerConfig(
        uncurl_quotes=False,  # curly quotes are not damage (DESIGN.md §7)
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=False,
        remove_terminal_escapes=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return _Ftfy(is_bad, ftfy.fix_text, config, BADNESS_RE)


# The longest sequence ftfy's badness check matches (its regex's greatest width), and a
# length of line under which the check runs on the whole line.
_BADNESS_WIDTH = 7
_WHOLE_LINE = 64


def looks_bad(line: str) -> bool:
    """``ftfy.badness.is_bad(line)``, searching only around the line's non-ASCII
    characters: every sequence it looks for holds one and is at most
    :data:`_BADNESS_WIDTH` characters long (and none looks past its ends), so a long
    line of mostly ASCII text is not read in full (a 2,400-character line took 0.3 ms)."""
    fix = _ftfy()
    if len(line) <= _WHOLE_LINE:
        return fix.is_bad(line)
    search, reach = fix.badness.search, _BADNESS_WIDTH
    for run in _NON_ASCII.finditer(line):
        if search(line, max(run.start() - reach, 0), run.end() + reach) is not None:
            return True
    return False


def _chars(first: int, last: int, *codecs: str) -> str:
    """What the bytes first..last become when read with the codecs (escaped for a
    regex character class)."""
    chars: set[str] = set()
    for codec in codecs:
        chars |= set(bytes(range(first, last + 1)).decode(codec, errors="ignore"))
    return re.escape("".join(sorted(chars)))


def _pair(*codecs: str) -> str:
    return f"[{_chars(0xC2, 0xF4, *codecs)}][{_chars(0x80, 0xBF, *codecs)}]"


# UTF-8 read as cp1252 (or Latin-1) or as MacRoman always leaves a lead byte's
# character (bytes C2-F4) followed by a continuation byte's (80-BF) of the same
# codec: "â€", "Ã©", "‚Ä"; or, once a copy turned its no-break space into a space,
# "Â " or "Ã ". Clean text almost never has such a pair, so only the lines that do
# are handed to ftfy.
SUSPECT = re.compile(f"{_pair('cp1252', 'latin-1')}|{_pair('mac_roman')}|[ÂÃ] ")
# A run: non-ASCII words (with the ASCII words glued to them) and the blanks between.
_RUNS = re.compile(r"\S*[^\x00-\x7f]\S*(?:[ \t]+\S*[^\x00-\x7f]\S*)*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


def _diff(run: str, fixed: str, base: int) -> Iterator[tuple[int, int, str]]:
    """The changed spans of ``run``: touching changes merged, never a bare insertion."""
    matcher = difflib.SequenceMatcher(None, run, fixed, autojunk=False)
    groups: list[list[int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if groups and groups[-1][1] == i1 and groups[-1][3] == j1:
            groups[-1][1], groups[-1][3] = i2, j2
        else:
            groups.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in groups:
        repl = fixed[j1:j2]
        if i1 == i2:  # an insertion: take a neighbouring character along
            if i1 < len(run):
                i2, repl = i1 + 1, repl + run[i1]
            else:
                i1, repl = i1 - 1, run[i1 - 1] + repl
        yield base + i1, base + i2, repl


def suspect_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` that holds a :data:`SUSPECT` pair."""
    pos = 0
    while (m := SUSPECT.search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        pos = end + 1
        yield start, end


# ftfy's repairs of the stretches and runs handed to it, kept across postings: the same
# few damaged stretches ("â€™", "Ã©", "‚Äô") recur in posting after posting of a site,
# and ftfy's repair of a string depends on that string only. Emptied when full.
_FIXES: dict[str, tuple[tuple[int, int, str], ...]] = {}
_FIXES_MAX = 4096


def _fixes(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """ftfy's repairs of ``chunk`` as (start, end, replacement) within it."""
    got = _FIXES.get(chunk)
    if got is None:
        got = ()
        fix = _ftfy()
        if fix.is_bad(chunk):
            source = chunk
            fixed = fix.fix_text(source, fix.config)
            if fixed == source:
                source = chunk.translate(_PLAIN_SPACES)
                fixed = fix.fix_text(source, fix.config)
            if fixed != source:
                got = tuple(_diff(source, fixed, 0))
        if len(_FIXES) >= _FIXES_MAX:
            _FIXES.clear()
        _FIXES[chunk] = got
    return got


def mojibake_repairs(
    text: str, lines: Iterable[tuple[int, int]] | None = None
) -> Iterator[tuple[int, int, str]]:
    """(start, end, replacement) for every mojibake repair ftfy makes in ``text``.

    Looks at the lines (``lines``: their spans; by default :func:`suspect_lines`) that
    ftfy's badness check flags. In each run of non-ASCII words, ftfy repairs each
    stretch of non-ASCII characters ("‚Äô" of "You‚Äôll"): few distinct stretches per
    posting, each repaired once. When a suspect stretch is left as it was, the whole
    run is handed over instead (some damage needs its word around it: "Rom√¢nƒÉ").
    """
    if text.isascii():
        return
    for base, end in suspect_lines(text) if lines is None else lines:
        line = text[base:end]
        if not looks_bad(line):
            continue
        for run in _RUNS.finditer(line):
            chunk = run.group()
            edits: list[tuple[int, int, str]] = []
            for core in _NON_ASCII.finditer(chunk):
                fixes = _fixes(core.group())
                if not fixes and SUSPECT.search(core.group()):
                    edits = []
                    break
                edits += [(core.start() + s, core.start() + e, r) for s, e, r in fixes]
            at = base + run.start()
            for s, e, r in edits or _fixes(chunk):
                yield at + s, at + e, r

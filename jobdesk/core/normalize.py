"""Encoding repair as edits: ftfy on the lines a cheap check flags.

ftfy over a whole 15 KB paste costs milliseconds; almost every line of a posting is
either ASCII or clean Unicode, so only non-ASCII lines that ftfy's own badness check
flags are repaired, and each repair is diffed down to the characters that changed so
the raw pane highlights just the damage (``‚Äô`` → ``’``), not the whole line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

import ftfy
from ftfy.badness import is_bad

_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # curly quotes are not damage (DESIGN.md §7)
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    remove_terminal_escapes=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
_LINES = re.compile(r"[^\n]+")
# Mojibake of UTF-8 read as cp1252, Latin-1 or MacRoman always leaves one of these; a
# line whose only non-ASCII characters are curly quotes, dashes or emoji is left alone.
_SUSPECT = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u201a\u201e\u2020\u2021\u2030\u2122\u221a\u2211\u2202\u2248\u25ca]"
)
# A run: non-ASCII words (with the ASCII words glued to them) and the blanks between.
_RUNS = re.compile(r"\S*[^\x00-\x7f]\S*(?:[ \t]+\S*[^\x00-\x7f]\S*)*")
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


def mojibake_repairs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, replacement) for every mojibake repair ftfy makes in ``text``.

    Works on runs of adjacent non-ASCII words of the lines ftfy's badness check flags:
    a repair needs only its neighbourhood, and short runs keep both ftfy and the
    character diff cheap on long lines.
    """
    if text.isascii():
        return
    for m in _LINES.finditer(text):
        line = m.group()
        if line.isascii() or not _SUSPECT.search(line) or not is_bad(line):
            continue
        base = m.start()
        for run in _RUNS.finditer(line):
            chunk = run.group()
            if not is_bad(chunk):
                continue
            plain = chunk.translate(_PLAIN_SPACES)
            fixed = ftfy.fix_text(chunk, _CONFIG)
            if fixed == chunk:
                fixed = ftfy.fix_text(plain, _CONFIG)
                if fixed == plain:
                    continue
                chunk = plain
            yield from _diff(chunk, fixed, base + run.start())

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


def mojibake_repairs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, replacement) for every mojibake repair ftfy makes in ``text``."""
    if text.isascii():
        return
    for m in _LINES.finditer(text):
        line = m.group()
        if line.isascii() or not is_bad(line):
            continue
        fixed = ftfy.fix_text(line, _CONFIG)
        if fixed == line:
            continue
        base = m.start()
        matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                yield base + i1, base + i2, fixed[j1:j2]

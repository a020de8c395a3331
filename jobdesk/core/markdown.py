"""Cleaned posting text → Markdown (for "Copy as Markdown" and ``--format markdown``).

The cleaned text is block text: one paragraph, heading or bullet per line. Bullets
("•", "·", "*", "-", "◦", "▪", "–") become Markdown list items; a short line that stands
on its own (a blank line or a list after it) and ends without sentence punctuation
becomes a heading; characters that Markdown would read as markup are escaped.
"""

from __future__ import annotations

import re

_BULLET = re.compile(r"^\s*(?:[•·*◦▪▫‣⁃●○■□–—-]|\d{1,2}[.)])\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_MD_SPECIAL = re.compile(r"^([#>+=|]|-{3,}|\d+\.\s)")


def _is_heading(line: str, prev_blank: bool, next_line: str | None) -> bool:
    s = line.strip()
    if not s or len(s) > 70 or _BULLET.match(s):
        return False
    if s[-1] in ".,;!?)" or s.count(" ") > 8:
        return False
    if not prev_blank:
        return False
    return (
        next_line is None
        or not next_line.strip()
        or bool(_BULLET.match(next_line))
        or (s.endswith(":"))
    )


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
    m = _MD_SPECIAL.match(text)
    return "\\" + text if m else text


def to_markdown(cleaned: str, title: str | None = None) -> str:
    lines = cleaned.split("\n")
    blocks: list[tuple[str, str]] = []  # (kind, markdown line); kind: list | text
    prev_blank = True
    first_text = True
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        stripped = line.strip()
        if not stripped:
            prev_blank = True
            continue
        num = _NUMBERED.match(line)
        bullet = _BULLET.match(line)
        if first_text and (title is None or stripped == title.strip()) and len(stripped) <= 120:
            blocks.append(("text", "# " + _escape(stripped)))
        elif num:
            blocks.append(("list", f"{num.group(1)}. " + _escape(line[num.end() :].strip())))
        elif bullet:
            blocks.append(("list", "- " + _escape(line[bullet.end() :].strip())))
        elif _is_heading(line, prev_blank, nxt):
            blocks.append(("text", "## " + _escape(stripped.rstrip(":"))))
        else:
            blocks.append(("text", _escape(stripped)))
        first_text = False
        prev_blank = False
    out: list[str] = []
    prev_kind = ""
    for kind, md in blocks:
        if out and not (kind == "list" and prev_kind == "list"):
            out.append("")
        out.append(md)
        prev_kind = kind
    return "\n".join(out) + "\n" if out else ""

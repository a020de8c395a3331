"""The layout of a posting's text: labelled values ("Location: Berlin", or a label on its
own line above its value) and the header block of short lines before the body."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jobdesk.core.facts.context import Context, Line
from jobdesk.core.facts.scan import finditer_at
from jobdesk.core.facts.vocab import fold

# ------------------------------------------------------------------ labelled fields

_LABELS: dict[str, str] = {
    "job title": "title", "title": "title", "position title": "title", "position": "title",
    "role": "title", "job role": "title", "working title": "title", "job name": "title",
    "company": "company", "company name": "company", "employer": "company",
    "organization": "company", "organisation": "company", "hiring organization": "company",
    "advertiser": "company", "agency": "company", "organization name": "company:weak",
    "location": "location", "job location": "location", "work location": "location",
    "locations": "location", "primary location": "location", "office location": "location",
    "city": "location", "based in": "location", "location type": "workplace",
    "workplace type": "workplace", "workplace": "workplace", "remote": "workplace",
    "work arrangement": "workplace", "work model": "workplace",
    "employment type": "employment_type", "job type": "employment_type",
    "employment status": "employment_type", "type": "employment_type",
    "contract type": "employment_type", "duration": "employment_type",
    "schedule": "employment_type", "position type": "employment_type",
    "employee type": "employment_type", "work type": "employment_type",
    "seniority level": "seniority", "seniority": "seniority", "experience level": "seniority",
    "career level": "seniority", "level": "seniority",
    "posted": "posted", "date posted": "posted", "posted on": "posted",
    "posting date": "posted", "published": "posted", "posted date": "posted",
    "deadline": "deadline", "application deadline": "deadline", "closing date": "deadline",
    "apply by": "deadline", "deadline to apply": "deadline", "closes": "deadline",
    "posting close date": "deadline", "application close date": "deadline",
    "visa sponsorship": "sponsorship", "sponsorship": "sponsorship",
    "clearance": "clearance", "security clearance": "clearance",
    "security requirements": "clearance",
}  # fmt: skip
_LABEL_ALT = "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
# "Label: value" (value may run up to a glued next label: "…HANA)Duration: Full-Time")
_LABEL_INLINE = re.compile(
    rf"(?:^|(?<=\s{{2}})|(?<=[a-z)\]]))(?P<label>{_LABEL_ALT})\s*[:：]\s*", re.I
)
# The labels by length: a label ends where the blanks before its colon start.
_LABELS_OF_LEN: dict[int, frozenset[str]] = {
    n: frozenset(k for k in _LABELS if len(k) == n) for n in {len(k) for k in _LABELS}
}
_COLON = re.compile(r"[:：]")


def label_starts(text: str) -> list[int]:
    """Where a match of ``_LABEL_INLINE`` can start in ``text``: a label ends right before
    the blanks before a colon, and reads as one of the labels (the labels are lower-case
    ASCII letters and spaces: ``re.I`` matches the text to one exactly when the folded
    text equals it)."""
    folded = fold(text)
    out: set[int] = set()
    for m in _COLON.finditer(text):
        end = m.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        for n, labels in _LABELS_OF_LEN.items():
            if n <= end and folded[end - n : end] in labels:
                out.add(end - n)
    return sorted(out)


_GLUED_NEXT = re.compile(
    r"(?<=[a-z0-9)\].])(?=[A-Z][A-Za-z ]{1,25}\s?:)|(?<=[A-Z]{2})(?=[A-Z][a-z]+\s?:)|\s{3,}"
)


@dataclass
class Labelled:
    field: str
    value: str
    start: int  # cleaned offsets of the value
    end: int
    label: str


def labelled_values(ctx: Context) -> list[Labelled]:
    out: list[Labelled] = []
    lines = ctx.lines
    for i, ln in enumerate(lines):
        text = ln.text
        # "Label" on its own line, the value on the next (LinkedIn, Indeed job details)
        bare = text.rstrip(" :").casefold()
        if bare in _LABELS and i + 1 < len(lines):
            j = i + 1
            while j < len(lines) and lines[j].text in ("•", "-", "·"):
                j += 1
            if j < len(lines) and j - i <= 3:
                nxt = lines[j]
                value = nxt.text
                if len(value) > 120:  # "LOCATION" / "Remote/… anywhere in the world. Must have…"
                    first = re.match(r"(.{2,120}?)[.!?](?:\s|$)", value)
                    value = first.group(1) if first and _LABELS[bare] == "location" else ""
                if value and value.rstrip(" :").casefold() not in _LABELS:
                    out.append(
                        Labelled(_LABELS[bare], value, nxt.start, nxt.start + len(value), bare)
                    )
            continue
        if ":" not in text and "：" not in text:
            continue
        for m in finditer_at(_LABEL_INLINE, text, label_starts(text)):
            if m.start() > 0 and text[m.start() - 1].isalpha() and text[m.start() - 1].islower():
                # glued label "…successful.Position:" is fine; "Disposition:" is not
                prev = text[max(0, m.start() - 2) : m.start()]
                if not re.search(r"[).\]]", prev) and m.group("label")[0].islower():
                    continue
            vstart = m.end()
            rest = text[vstart:]
            g = _GLUED_NEXT.search(rest)
            value = rest[: g.start()] if g else rest
            value = value.strip(" \t|·•-–")
            if not value or len(value) > 160:
                continue
            label = m.group("label").casefold()
            s = ln.start + vstart + (len(rest) - len(rest.lstrip(" \t|·•-–")))
            out.append(Labelled(_LABELS[label], value, s, s + len(value), label))
    return out


# ----------------------------------------------------------------------------- header


@dataclass
class Piece:
    text: str
    start: int  # cleaned offsets
    end: int
    line: int  # index into ctx.lines
    glued: bool = False  # cut out of a run-together line: weaker evidence


_GLUE = re.compile(
    r"(?<=[a-z]{3})(?=[A-Z][a-z])|(?<=[)\]])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})|\s{3,}|\t+|\s+[|·]\s+"
)


def pieces_of(ln: Line) -> list[Piece]:
    """A header line split at glue points and column gaps ("OpenAI    San Francisco, CA")."""
    return [
        Piece(seg, ln.start + a, ln.start + a + len(seg), ln.index) for seg, a in _pieces(ln.text)
    ]


@functools.lru_cache(maxsize=4096)  # the readers split the same header lines again
def _pieces(text: str) -> tuple[tuple[str, int], ...]:
    """(piece, its offset in ``text``) of each piece of a line."""
    out = []
    pos = 0
    for m in _GLUE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    res = []
    for a, b in out:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg:
            res.append((seg, a + lead))
    return tuple(res)


def is_body_line(text: str) -> bool:
    words = len(text.split())
    return len(text) > 160 or (words >= 14 and bool(re.search(r"[.!?](?:\s|$)", text)))


def header_pieces(ctx: Context, limit: int = 30) -> list[Piece]:
    """The short lines (and glued pieces) before the body starts."""
    out: list[Piece] = []
    body = 0
    for ln in ctx.lines[:limit]:
        if is_body_line(ln.text):
            if body == 0:
                # a glued first line: "Selenium TesterSalt Lake City , UT…Quality assurance…"
                # (the first after the page's chrome lines: "Sign in", "Apply now" …)
                for p in pieces_of(ln)[:6]:
                    if is_body_line(p.text):
                        break
                    p.glued = True
                    out.append(p)
            body += 1
            if body >= 3:
                break
            continue
        out.append(Piece(ln.text, ln.start, ln.end, ln.index))
    return out


_DOT_SPLIT = re.compile(r"(\s+·\s+)")
_DOT_SEP = re.compile(r"\s+·\s+")


def dot_pieces(p: Piece) -> list[Piece]:
    if "·" not in p.text:  # (what the split below gives a line without a dot)
        text = p.text.strip()
        return [Piece(text, p.start, p.start + len(text), p.line)] if text else []
    out = []
    pos = 0
    for part in _DOT_SPLIT.split(p.text):
        if part.strip() and not _DOT_SEP.fullmatch(part):
            out.append(
                Piece(part.strip(), p.start + pos, p.start + pos + len(part.strip()), p.line)
            )
        pos += len(part)
    return out

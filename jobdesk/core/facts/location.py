"""Places: the shapes a location is written in, and the location candidates."""

from __future__ import annotations

import bisect
import functools
import re

from jobdesk.core.facts.context import ABBREV, Cand, Context, norm
from jobdesk.core.facts.dates import DATE_RE
from jobdesk.core.facts.layout import Labelled, Piece, dot_pieces, pieces_of
from jobdesk.core.facts.scan import finditer_at, literal_starts
from jobdesk.core.facts.terms import emp_types
from jobdesk.core.facts.vocab import NOT_HEADER, SENTENCE_LIKE, names_role

# -------------------------------------------------------------------------- location

_US_STATE = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_AU_STATE = "NSW|VIC|QLD|WA|SA|TAS|ACT|NT"
_PLACE = r"[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}"
_LOC_ONE = re.compile(
    rf"(?:\d{{1,6}}\s+{_PLACE},\s*)?"
    rf"(?:{_PLACE}\s*,\s*(?:{_US_STATE})\b(?:\s+\d{{5}})?(?:,\s*(?:US|USA|United States))?"
    rf"|{_PLACE}\s+(?:{_AU_STATE})\b(?:\s+\d{{4}})?"
    rf"|{_PLACE}\s*,\s*{_PLACE}(?:\s*,\s*{_PLACE})?"
    r"|\d{4,5}\s+[A-ZÆØÅÄÖÜ][\wæøåäöü]+(?:\s+[A-Z][\w]+)?"
    r"|(?:Remote|Hybrid|On-?site)(?:\s*[(/–-]\s*[^)\n]{1,60}\)?)?)"
    r"(?:\s*\((?:Remote|Hybrid|On-?site)[^)\n]{0,40}\))?"
)
COMPANY_SUFFIX = re.compile(
    r"\b(?:Inc|LLC|Ltd|Corp|Corporation|GmbH|A/S|ApS|plc|PLC|Co|Group|Company)\b\.?$"
)
WEEKDAY = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
WORKPLACE_WORD = re.compile(r"^(?:remote|hybrid|on-?site|in[- ]person)\b", re.I)


@functools.lru_cache(maxsize=8192)  # a pure test of a string; the readers ask it again and again
def looks_like_location(s: str) -> bool:
    s = s.strip()
    if not s or len(s) > 90 or SENTENCE_LIKE.search(s) or names_role(s):
        return False
    if COMPANY_SUFFIX.search(s) or DATE_RE.search(s) or WEEKDAY.match(s):
        return False
    pieces = [p for p in re.split(r"\s*(?:\||;|·| or | & |\n)\s*", s) if p.strip()]
    return bool(pieces) and all(_LOC_ONE.fullmatch(p.strip()) for p in pieces)


def split_locations(value: str) -> list[tuple[int, int]]:
    """Offsets of each place in a multi-location value ("A, CA | B, NY; C")."""
    out = []
    pos = 0
    for m in re.finditer(r"\s*(?:\||;|·|\n)\s*|\s+or\s+|\s+&\s+(?=[A-Z])", value):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(value):
        out.append((pos, len(value)))
    return [(a, b) for a, b in out if value[a:b].strip()]


# --------------------------------------------------------------------------- location


_BASED_IN = re.compile(r"\b(?:located|based|position)\s+(?:in|at)\s+(?P<l>[^.;:\n()]{3,60})")
_BASED_FIRST = ("located", "based", "position")


def location_cands(
    ctx: Context,
    header: list[Piece],
    labelled: list[Labelled],
    page: dict[str, str],
    title: Cand | None,
) -> list[Cand]:
    cands: list[Cand] = []
    for lab in labelled:
        if lab.field != "location":
            continue
        value = lab.value
        if re.fullmatch(r"(?:in[- ]person|on[- ]?site|in office|office)\W*", value, re.I):
            continue  # a workplace, not a place
        m = re.match(r"^(.{2,120}?)[.!?](?:\s|$)", value)
        if m and not ABBREV.search(m.group(0).rstrip()):
            value = m.group(1)
        if len(value) <= 120 and not SENTENCE_LIKE.search(value):
            cands.append(Cand(value, lab.start, lab.start + len(value), 10.0))
    if page.get("location"):
        where = ctx.find(page["location"])
        if where:
            ln = ctx.lines[bisect.bisect_right([x.start for x in ctx.lines], where[0]) - 1]
            if ln.start <= where[0] and ln.end >= where[1] and looks_like_location(ln.text):
                where = (ln.start, ln.end)  # "Melbourne VIC" → "Melbourne VIC (Remote)"
            cands.append(Cand(ctx.cleaned[where[0] : where[1]], where[0], where[1], 8.0))
    tline = None
    if title is not None and title.start >= 0:
        tline = bisect.bisect_right([ln.start for ln in ctx.lines], title.start) - 1
    near_lines: list[Piece] = list(header)
    if tline is not None:
        near_lines += [
            Piece(ln.text, ln.start, ln.end, ln.index)
            for ln in ctx.lines[tline : tline + 5]
            if not any(h.start == ln.start for h in header)
        ]
    for p in near_lines:
        pieces = (
            [p]
            if looks_like_location(p.text)
            else [q for q in pieces_of(ctx.lines[p.line]) if p.line < len(ctx.lines)]
            + dot_pieces(p)
        )
        for q in pieces:
            if looks_like_location(q.text):
                dist = abs(q.line - tline) if tline is not None else 3
                cands.append(Cand(q.text, q.start, q.end, 7.0 - 0.3 * dist))
                break
    # a short capitalised line right under the title that the title names too
    # ("International Export Manager, Distributor Sales - Copenhagen" / "Copenhagen")
    if tline is not None and title is not None:
        for ln in ctx.lines[tline + 1 : tline + 3]:
            t = ln.text
            if (
                1 <= len(t.split()) <= 3
                and norm(t) in norm(title.value + " " + page.get("whole", ""))
                and re.fullmatch(r"[A-ZÆØÅÄÖÜ][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}", t)
                and not NOT_HEADER.match(t)
                and not names_role(t)
                and not emp_types(t)
            ):
                cands.append(Cand(t, ln.start, ln.end, 2.5))
    # "… located in Raynham, MA", "based in Copenhagen"
    head = ctx.cleaned[:8000]
    starts = literal_starts(ctx.cleaned, _BASED_FIRST, word_start=True, end=len(head))
    for m in finditer_at(_BASED_IN, head, starts):
        loc = m.group("l").strip()
        mm = _LOC_ONE.match(loc)
        if mm and mm.group() and "," in mm.group():
            cands.append(Cand(mm.group(), m.start("l"), m.start("l") + len(mm.group()), 3.0))
    return cands

"""Dates: written dates and ages ("3 days ago"), the posted date and the deadline."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from jobdesk.core.facts.context import Context, sentence_of
from jobdesk.core.facts.layout import Labelled
from jobdesk.core.facts.model import DatedFact, Fact
from jobdesk.core.facts.scan import finditer_at, literal_starts

AGE = re.compile(
    r"\b(?:(?:re)?posted\s+)?(?:(?P<n>\d+)\+?\s*(?P<u>minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|"
    r"months?|mos?|years?|yrs?|y)\s+ago|(?P<word>today|yesterday|just posted|just now))\b",
    re.I,
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_RE = re.compile(
    rf"\b(?:(?P<y1>\d{{4}})-(?P<m1>\d{{1,2}})-(?P<d1>\d{{1,2}})"
    rf"|(?P<mon2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon3>{_MONTH_RE}),?\s+(?P<y3>\d{{4}})"
    rf"|(?P<m4>\d{{1,2}})/(?P<d4>\d{{1,2}})/(?P<y4>\d{{4}}))\b",
    re.I,
)


def _parse_date(m: re.Match[str]) -> str | None:
    try:
        if m.group("y1"):
            d = date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
        elif m.group("y2"):
            mon = _MONTHS[m.group("mon2").lower().rstrip(".")]
            d = date(int(m.group("y2")), mon, int(m.group("d2")))
        elif m.group("y3"):
            mon = _MONTHS[m.group("mon3").lower().rstrip(".")]
            d = date(int(m.group("y3")), mon, int(m.group("d3")))
        else:
            # M/D/YYYY is read US-style only when it cannot be D/M
            a, b = int(m.group("m4")), int(m.group("d4"))
            if a <= 12 and b <= 12 and a != b:
                return None
            mo, da = (a, b) if a <= 12 else (b, a)
            d = date(int(m.group("y4")), mo, da)
    except (ValueError, KeyError):
        return None
    return d.isoformat()


def iso_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


# ------------------------------------------------------------------ posted / deadline


def _age_days(n: int, unit: str) -> int:
    u = unit.lower()
    if u.startswith(("min", "h")):
        return 0
    if u.startswith("d"):
        return n
    if u.startswith("w"):
        return 7 * n
    if u.startswith("mo"):
        return 30 * n
    if u.startswith("y"):
        return 365 * n
    return 0


_ACTIVITY = re.compile(r"(?:updated|active|responds?|reviewed)\W*$", re.I)
_POSTED = re.compile(r"\b(?:posted|published|date posted)\s*(?:on|:)?\s*", re.I)
_ANY_DIGIT = re.compile(r"\d")


def read_posted(ctx: Context, labelled: list[Labelled], reference: date | None) -> DatedFact | None:
    for lab in labelled:
        if lab.field == "posted":
            m = DATE_RE.search(lab.value)
            if m:
                return ctx.dated(_parse_date(m), lab.start + m.start(), lab.start + m.end(), None)
    folded = ctx.folded
    for ln in ctx.lines[:60]:
        if len(ln.text) > 120:
            continue
        # (AGE needs a digit or "today", "yesterday", "just"; _POSTED "posted" or
        # "published": the line's folded copy holds them as re.I finds them (same
        # offsets); most lines hold none)
        fl = folded[ln.start : ln.end]
        posted = "posted" in fl or "published" in fl
        if not (
            posted or _ANY_DIGIT.search(fl) or "today" in fl or "yesterday" in fl or "just" in fl
        ):
            continue
        m = AGE.search(ln.text)
        if m and not _ACTIVITY.search(ln.text[: m.start()]):
            if m.group("word"):
                days = 1 if m.group("word").lower() == "yesterday" else 0
            else:
                days = _age_days(int(m.group("n")), m.group("u"))
            value = (reference - timedelta(days=days)).isoformat() if reference else None
            return ctx.dated(value, ln.start + m.start(), ln.start + m.end(), days)
        m2 = _POSTED.search(ln.text) if posted else None
        if m2:
            d = DATE_RE.search(ln.text, m2.end())
            if d:
                return ctx.dated(_parse_date(d), ln.start + m2.start(), ln.start + d.end(), None)
    return None


_DEADLINE = re.compile(
    r"\b(?:deadline|closing date|apply by|applications? (?:close|closes|are due|must be received)|"
    r"posting (?:close|end)s?(?: date)?|open until|until filled|rolling basis|"
    r"minimum posting period|"
    r"posted for a minimum|accepting applications (?:through|until))\b",
    re.I,
)


def deadline_starts(folded: str) -> list[int]:
    """Where a match of ``_DEADLINE`` can start: the words that open its phrases."""
    return literal_starts(folded, _DEADLINE_FIRST, word_start=True)


_DEADLINE_FIRST = (
    "deadline", "closing", "apply", "application", "posting", "open", "until", "rolling",
    "minimum", "posted", "accepting",
)  # fmt: skip


def read_deadline(ctx: Context, labelled: list[Labelled]) -> Fact | None:
    for lab in labelled:
        if lab.field == "deadline":
            m = DATE_RE.search(lab.value)
            ln_s, ln_e = sentence_of(ctx.cleaned, lab.start, lab.end)
            return ctx.fact(_parse_date(m) if m else None, ln_s, ln_e)
    for m in finditer_at(_DEADLINE, ctx.cleaned, deadline_starts(ctx.folded)):
        s, e = sentence_of(ctx.cleaned, m.start(), m.end())
        d = DATE_RE.search(ctx.cleaned, s, e)
        # "Deadline to apply: None. Applications will be reviewed on a rolling basis."
        line_s = ctx.cleaned.rfind("\n", 0, s) + 1
        line_e = ctx.cleaned.find("\n", e)
        line_e = len(ctx.cleaned) if line_e < 0 else line_e
        if line_e - line_s <= 200:
            s, e = line_s, line_e
        return ctx.fact(_parse_date(d) if d else None, s, e)
    return None

"""How a posting's facts read, and the user's edits of them (plain Python, no Qt).

The facts card (:mod:`jobdesk.gui.facts`) shows :func:`fact_view` of each fact; the
session (:mod:`jobdesk.session`) applies the user's edits with :func:`apply_fact_edits`
before a posting is saved, and reads them back with :func:`fact_view` when a saved
posting is opened again.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: (key, label) of every fact the card shows, in reading order.
FACTS: list[tuple[str, str]] = [
    ("title", "Title"),
    ("company", "Company"),
    ("location", "Location"),
    ("pay", "Pay"),
    ("workplace", "Workplace"),
    ("employment_type", "Type"),
    ("seniority", "Seniority"),
    ("years_experience", "Experience"),
    ("sponsorship", "Sponsorship"),
    ("clearance", "Clearance"),
    ("posted", "Posted"),
    ("deadline", "Deadline"),
]
LABELS = dict(FACTS)
#: The card's grid: one or two facts per row.
LAYOUT: list[list[str]] = [
    ["title"],
    ["company", "location"],
    ["pay", "workplace"],
    ["employment_type", "seniority"],
    ["sponsorship"],
    ["years_experience", "clearance"],
    ["posted", "deadline"],
]
UNKNOWN = "—"
EDITED = "edited"

_SPONSOR = {"yes": "Yes", "no": "No", "unknown": "Unclear"}


@dataclass(frozen=True)
class FactView:
    """One fact as the card shows it."""

    key: str
    text: str  # "" = unknown
    span: tuple[int, int] | None
    source: str  # "text" | "JSON-LD" | "page title" | "edited" | ""
    tooltip: str
    conflict: str = ""  # what the other source says ("" = no disagreement)
    conflict_span: tuple[int, int] | None = None


def _span(fact: Mapping[str, Any] | None) -> tuple[int, int] | None:
    sp = fact.get("span") if fact else None
    if isinstance(sp, (list, tuple)) and len(sp) == 2:
        a, b = sp
        if isinstance(a, int) and isinstance(b, int) and 0 <= a <= b:
            return (a, b)
    return None


def _strip_bullet(s: str) -> str:
    s = " ".join(s.split())
    return s[2:] if s[:2] in ("• ", "- ", "* ") else s


def _num(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{v:,.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def pay_summary(p: Mapping[str, Any]) -> str:
    """A parsed pay range in words: "$142,000–168,000 per year" (unknowns left out)."""
    lo, hi = p.get("min"), p.get("max")
    cur = p.get("currency") or ""
    if lo is None and hi is None:
        return ""
    amount = _num(lo) if hi is None or lo == hi else f"{_num(lo)}–{_num(hi)}"
    if lo is None:
        amount = f"up to {_num(hi)}"
    money = f"{cur}{amount}" if len(cur) == 1 else f"{amount} {cur}".strip()
    period = p.get("period")
    out = money + (f" per {period}" if period else " (period not stated)")
    return out + (" — the job site's estimate" if p.get("estimate") else "")


def _value_text(key: str, fact: Mapping[str, Any]) -> str:
    v = fact.get("value")
    text = str(fact.get("text") or "")
    if key == "workplace" and isinstance(v, str):
        return v[:1].upper() + v[1:]
    if key == "employment_type":
        if isinstance(v, list) and v:
            return ", ".join(str(x)[:1].upper() + str(x)[1:] for x in v)
        return text
    if key == "sponsorship":
        reading = _SPONSOR.get(str(v), str(v or ""))
        return f"{reading} — {_strip_bullet(text)}" if text else reading
    if key == "years_experience" and isinstance(v, int):
        return f"{v}+ years"
    if key == "posted":
        if v and text and text != v:
            return f"{v} ({text})"
        return str(v or text)
    if key == "deadline":
        return str(v) if v else _strip_bullet(text)
    if key == "seniority" and isinstance(v, str):
        return v[:1].upper() + v[1:]
    if v is None or v == "":
        return _strip_bullet(text)
    return str(v)


def _source_words(source: str) -> str:
    return {
        "text": "found in the text",
        "JSON-LD": "from the page's JSON-LD data",
        "page title": "from the page title",
        EDITED: "edited by you",
    }.get(source, source)


def fact_view(key: str, fields: Mapping[str, Any] | None, edits: Mapping[str, str]) -> FactView:
    """How the card shows fact ``key`` (the user's edit wins over what was found)."""
    fields = fields or {}
    raw = fields.get(key)
    conflicts = [c for c in fields.get("conflicts") or [] if c.get("field") == key]
    if key in ("location", "pay"):
        facts = [f for f in raw or [] if isinstance(f, Mapping)]
        first = facts[0] if facts else None
    else:
        first = raw if isinstance(raw, Mapping) else None
        facts = [first] if first else []
    found = ""
    tips: list[str] = []
    if key == "location":
        found = "; ".join(_value_text(key, f) for f in facts)
    elif key == "pay" and first is not None:
        found = _strip_bullet(str(first.get("text") or ""))
        if first.get("estimate"):
            found += " (the site's estimate)"
        if len(facts) > 1:
            found += f"  (+{len(facts) - 1})"
        for f in facts:
            summary = pay_summary(f)
            line = f"“{_strip_bullet(str(f.get('text') or ''))}”"
            if summary:
                line += f" → {summary}"
            if f.get("location"):
                line += f" · {f['location']}"
            tips.append(f"{line} · {_source_words(str(f.get('source') or ''))}")
    elif first is not None:
        found = _value_text(key, first)
    source = str(first.get("source") or "") if first else ""
    span = _span(first)
    if key != "pay" and first is not None:
        written = _strip_bullet(str(first.get("text") or ""))
        tips.append(f"{_source_words(source)}: “{written}”" if written else _source_words(source))
        over = first.get("overrules")
        if isinstance(over, Mapping):
            tips.append(f"overrules “{_strip_bullet(str(over.get('text') or ''))}” from the header")
    conflict = ""
    conflict_span: tuple[int, int] | None = None
    other = first.get("conflict") if first else None
    if isinstance(other, Mapping):
        conflict = _value_text(key, other)
        conflict_span = _span(other)
    elif conflicts:
        c = conflicts[0]
        conflict = f"JSON-LD: {_plain(c.get('jsonld'))}; text: {_plain(c.get('text'))}"
        if key == "pay":
            conflict_span = next(
                (_span(f) for f in facts if f.get("source") == "text" and _span(f)), None
            )
    if conflict:
        tips.append(f"⚠ the sources disagree — the other reading: {conflict}")
    if key in edits:
        text = edits[key]
        tips.insert(0, f"edited by you (found: {found or UNKNOWN})")
        return FactView(key, text, span, EDITED, "\n".join(tips), conflict, conflict_span)
    if not found:
        return FactView(key, "", None, "", f"{LABELS.get(key, key)}: not stated", "", None)
    if span is None and source == "JSON-LD":
        tips.append("(not found in the visible text)")
    tips.append("click to show it in the raw text" if span else "")
    return FactView(
        key, found, span, source, "\n".join(t for t in tips if t), conflict, conflict_span
    )


def _plain(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_plain(x) for x in v)
    if isinstance(v, float):
        return _num(v)
    return str(v)


def apply_fact_edits(fields: Mapping[str, Any], edits: Mapping[str, str]) -> dict[str, Any]:
    """The facts with the user's edits in place (``"source": "edited"``; the value that
    was found is kept under ``"found"``). An empty edit means "unknown"."""
    from jobdesk.core.facts import canonical_employment_types, sponsorship_reading
    from jobdesk.core.facts.pay import find_pay

    out = copy.deepcopy(dict(fields))
    for key, text in edits.items():
        text = " ".join(text.split())
        found = out.get(key)

        def fact(value: Any, text: str = text) -> dict[str, Any]:
            return {"value": value, "text": text, "source": EDITED, "span": None}

        new: Any
        if not text:
            new = [] if key in ("location", "pay") else None
        elif key == "location":
            new = [fact(p.strip(), p.strip()) for p in text.split(";") if p.strip()]
        elif key == "pay":
            ranges = find_pay(text)
            if ranges:
                new = [
                    {
                        "text": r.text,
                        "source": EDITED,
                        "span": None,
                        "min": r.min,
                        "max": r.max,
                        "currency": r.currency,
                        "period": r.period,
                        "location": r.location,
                    }
                    for r in ranges
                ]
            else:
                new = [
                    {
                        "text": text,
                        "source": EDITED,
                        "span": None,
                        "min": None,
                        "max": None,
                        "currency": None,
                        "period": None,
                        "location": None,
                    }
                ]
        elif key == "employment_type":
            new = fact(canonical_employment_types(text) or [text])
        elif key == "workplace":
            low = text.lower().replace("onsite", "on-site").replace("on site", "on-site")
            value = next((w for w in ("remote", "hybrid", "on-site") if w in low), low)
            new = fact(value)
        elif key == "sponsorship":
            low = text.lower()
            first = low.split()[0].strip(",.:;—-") if low.split() else ""
            value = first if first in ("yes", "no") else sponsorship_reading(text)
            new = fact(value)
        elif key == "years_experience":
            digits = "".join(c for c in text if c.isdigit())
            new = fact(int(digits) if digits and len(digits) < 4 else text)
        else:
            new = fact(text)
        if isinstance(new, dict):
            new["found"] = found
        elif isinstance(new, list):
            for f in new:
                f["found"] = found
        out[key] = new
    return out

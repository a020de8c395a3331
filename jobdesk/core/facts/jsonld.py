"""schema.org JobPosting JSON-LD: what the page states about itself, field by field.

Each ``jsonld_*`` reader returns the JSON-LD's statement of one fact (source
"JSON-LD"), with the span of the same words in the text when they are there, or None
when the JSON-LD says nothing about it. :func:`settle` is the one place a JSON-LD
statement is weighed against the text's reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from jobdesk.core.facts.chrome import company_name
from jobdesk.core.facts.context import Context, frozen, norm, squash
from jobdesk.core.facts.dates import iso_date
from jobdesk.core.facts.model import Conflict, DatedFact, Fact

JSONLD_EMP = {
    "FULL_TIME": "full-time", "PART_TIME": "part-time", "CONTRACTOR": "contract",
    "TEMPORARY": "temporary", "INTERN": "internship", "PER_DIEM": "temporary",
    "VOLUNTEER": "volunteer", "OTHER": "other",
}  # fmt: skip


def jsonld_fact(value: Any, text: str, ctx: Context) -> Fact:
    """A JSON-LD fact; its span is where the same words are in the text, if anywhere."""
    return Fact(frozen(value), text, "JSON-LD", _span_in_text(text, ctx))


def _span_in_text(text: str, ctx: Context) -> tuple[int, int] | None:
    where = ctx.find(text) if text else None
    if where is None:
        return None
    s, e = ctx.map.span(*where)
    return (s, e)


def jsonld_str(v: Any) -> str | None:
    if isinstance(v, str) and v.strip():
        return squash(v)
    if isinstance(v, dict):
        return jsonld_str(v.get("name"))
    if isinstance(v, list) and v:
        return jsonld_str(v[0])
    return None


def jsonld_locations(jsonld: dict[str, Any]) -> list[str]:
    locs = jsonld.get("jobLocation")
    if isinstance(locs, dict):
        locs = [locs]
    out = []
    for loc in locs if isinstance(locs, list) else []:
        addr = loc.get("address") if isinstance(loc, dict) else None
        if isinstance(addr, str) and addr.strip():
            out.append(squash(addr))
        elif isinstance(addr, dict):
            parts = [addr.get(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
            words = [squash(p) for p in parts if isinstance(p, str) and p.strip()]
            if words:
                out.append(", ".join(dict.fromkeys(words)))
    return out


def agree(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    return bool(na and nb) and (na == nb or na in nb or nb in na)


# ------------------------------------------------------------------ field by field


def jsonld_title(jl: dict[str, Any], ctx: Context, text: Fact | None) -> Fact | None:
    title = jsonld_str(jl.get("title"))
    return jsonld_fact(title, title, ctx) if title else None


def jsonld_company(jl: dict[str, Any], ctx: Context, text: Fact | None) -> Fact | None:
    org = jsonld_str(jl.get("hiringOrganization"))
    if not org:
        return None
    org = company_name(org) or org  # "Acme Careers" → "Acme"
    return jsonld_fact(org, org, ctx)


def jsonld_workplace(jl: dict[str, Any], ctx: Context, text: Fact | None) -> Fact | None:
    """JSON-LD says only "TELECOMMUTE"."""
    jlt = jl.get("jobLocationType")
    if isinstance(jlt, str) and "telecommute" in jlt.lower():
        return jsonld_fact("remote", jlt, ctx)
    return None


def jsonld_employment_type(jl: dict[str, Any], ctx: Context, text: Fact | None) -> Fact | None:
    """The types, spanning the text's reading when that names them all."""
    raw = jl.get("employmentType")
    types = (
        [raw]
        if isinstance(raw, str)
        else [x for x in raw if isinstance(x, str)]
        if isinstance(raw, list)
        else []
    )
    if not types:
        return None
    vals = [JSONLD_EMP.get(t.upper().replace("-", "_").replace(" ", "_"), t.lower()) for t in types]
    jf = jsonld_fact(vals, ", ".join(types), ctx)
    if text is not None and text.span and isinstance(text.value, tuple):
        jf = replace(jf, span=text.span if set(vals) <= set(text.value) else None)
    return jf


def jsonld_posted(jl: dict[str, Any], ctx: Context, text: Fact | None) -> Fact | None:
    posted = iso_date(jl.get("datePosted"))
    if not posted:
        return None
    written = str(jl.get("datePosted"))
    return DatedFact(posted, written, "JSON-LD", _span_in_text(written, ctx), age_days=None)


def jsonld_deadline(jl: dict[str, Any], ctx: Context, text: Fact | None) -> Fact | None:
    until = iso_date(jl.get("validThrough"))
    return jsonld_fact(until, str(jl.get("validThrough")), ctx) if until else None


# ------------------------------------------------------------------ text against JSON-LD

Agree = Callable[[Fact, Fact], bool]


def same_words(jl: Fact, text: Fact) -> bool:
    """title, company: the same name, or one inside the other."""
    return agree(str(jl.value), str(text.value))


def same_value(jl: Fact, text: Fact) -> bool:
    return bool(jl.value == text.value)


def same_date(jl: Fact, text: Fact) -> bool:
    """A text date that is only an age (no reference date) cannot disagree."""
    return text.value is None or text.value == jl.value


def shared_type(jl: Fact, text: Fact) -> bool:
    """employment type: one type in common is agreement."""
    a = jl.value if isinstance(jl.value, tuple) else ()
    b = text.value if isinstance(text.value, tuple) else ()
    return bool(set(a) & set(b))


def settle(
    field: str, jl: Fact | None, text: Fact | None, agrees: Agree, conflicts: list[Conflict]
) -> Fact | None:
    """JSON-LD's statement when the page has one, else the text's reading; a text reading
    that disagrees is kept in the fact's ``conflict`` and reported in ``conflicts``."""
    if jl is None:
        return text
    if text is not None and not agrees(jl, text):
        conflicts.append(Conflict(field, jl.value, text.value))
        return replace(jl, conflict=text.plain())
    return jl

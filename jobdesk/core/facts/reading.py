"""The facts of a posting: a loop over a table of fields.

Each field of :class:`~jobdesk.core.facts.model.Facts` has one entry in :data:`FIELDS`, in
the order they are read (a later field may use an earlier one: the location leaves out
the company's name, the seniority reads the title). A single fact is the text's reading
weighed against the JSON-LD's statement by :func:`~jobdesk.core.facts.jsonld.settle`; the
list fields (location, pay) combine both their own way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from jobdesk.core.facts.chrome import page_title_parts
from jobdesk.core.facts.company import company_cands
from jobdesk.core.facts.context import Cand, Context, best_candidate, cand_fact, norm, squash
from jobdesk.core.facts.dates import read_deadline, read_posted
from jobdesk.core.facts.jsonld import (
    Agree,
    agree,
    jsonld_company,
    jsonld_deadline,
    jsonld_employment_type,
    jsonld_fact,
    jsonld_locations,
    jsonld_posted,
    jsonld_title,
    jsonld_workplace,
    same_date,
    same_value,
    same_words,
    settle,
    shared_type,
)
from jobdesk.core.facts.layout import Labelled, Piece, header_pieces, labelled_values
from jobdesk.core.facts.location import location_cands, looks_like_location, split_locations
from jobdesk.core.facts.model import Conflict, Fact, Facts, PayFact
from jobdesk.core.facts.pay import PayRange, find_pay, jsonld_pay, pay_fact
from jobdesk.core.facts.terms import (
    emp_types_only,
    read_clearance,
    read_employment_type,
    read_seniority,
    read_sponsorship,
    read_years,
)
from jobdesk.core.facts.title import title_cands
from jobdesk.core.facts.workplace import read_workplace

if TYPE_CHECKING:
    from jobdesk.core.result import CleanResult, Edit

__all__ = ["FIELDS", "FactField", "Reading", "extract", "extract_facts"]


@dataclass
class Reading:
    """One posting being read: what every field reader shares, and what a field leaves
    for the later ones."""

    ctx: Context
    jsonld: dict[str, Any]
    labelled: list[Labelled]
    header: list[Piece]
    pay: list[PayRange]
    page: dict[str, str]
    reference_date: date | None
    found: dict[str, Any] = field(default_factory=dict)  # the settled fields, by name
    conflicts: list[Conflict] = field(default_factory=list)
    title_cand: Cand | None = None  # where the title is in the cleaned text
    workplace_head: list[Fact] = field(default_factory=list)  # header statements


class FactField(Protocol):
    name: str

    def read(self, r: Reading) -> object:
        """The field's value (what goes into :class:`Facts` under ``name``)."""
        ...


JsonldReader = Callable[[dict[str, Any], Context, Fact | None], Fact | None]


@dataclass(frozen=True)
class OneFact:
    """A field of one fact: the text's reading, then the JSON-LD's statement (if the field
    has one) and the rule for when the two agree; ``then`` adjusts the settled fact or
    notes what later fields need."""

    name: str
    text: Callable[[Reading], Fact | None]
    jsonld: JsonldReader | None = None
    agrees: Agree = same_value
    then: Callable[[Reading, Fact | None], Fact | None] | None = None

    def read(self, r: Reading) -> Fact | None:
        found = self.text(r)
        if self.jsonld is not None:
            stated = self.jsonld(r.jsonld, r.ctx, found)
            found = settle(self.name, stated, found, self.agrees, r.conflicts)
        return self.then(r, found) if self.then is not None else found


@dataclass(frozen=True)
class ManyFacts:
    """A list field (location, pay): its reader weighs text and JSON-LD itself."""

    name: str
    facts: Callable[[Reading], tuple[Any, ...]]

    def read(self, r: Reading) -> tuple[Any, ...]:
        return self.facts(r)


# ------------------------------------------------------------------ title, company


def _text_title(r: Reading) -> Fact | None:
    r.title_cand = best_candidate(title_cands(r.ctx, r.header, r.labelled, r.page))
    return cand_fact(r.ctx, r.title_cand) if r.title_cand else None


def _title_in_text(r: Reading, title: Fact | None) -> Fact | None:
    """JSON-LD's title, found in the text, is where the title is (for the readers of the
    company, the location and the seniority)."""
    if title is not None and title.source == "JSON-LD" and title.span is not None:
        where = r.ctx.find(str(title.value)) or (-1, -1)
        r.title_cand = Cand(str(title.value), *where, 10.0)
    return title


def _text_company(r: Reading) -> Fact | None:
    cands = company_cands(r.ctx, r.header, r.labelled, r.page, r.title_cand)
    cc = best_candidate(cands, absorb_prefixes=True)
    return cand_fact(r.ctx, cc) if cc and cc.score >= 1.2 else None


# ------------------------------------------------------------------------ location


def _locations(r: Reading) -> tuple[Fact, ...]:
    """The text first (JSON-LD addresses are often ATS codes), the places of the pay tiers
    next, JSON-LD's last; JSON-LD naming none of the text's places is a conflict."""
    ctx = r.ctx
    out: list[Fact] = []
    lcands = location_cands(ctx, r.header, r.labelled, r.page, r.title_cand)
    company = r.found.get("company")
    cvalue = str(company.value) if company is not None and company.value else None
    if cvalue:
        lcands = [c for c in lcands if norm(c.value) != norm(cvalue)]
        for c in lcands:  # "OpenAI San Francisco, CA": the company and the place on one line
            if c.value.startswith(cvalue + " ") and c.start >= 0:
                c.value, c.start = c.value[len(cvalue) + 1 :].lstrip(), c.start + len(cvalue) + 1
    lc = best_candidate(lcands)
    if lc is not None and lc.start >= 0:
        value = lc.value
        # "Remote (Full Time)": the type is not part of the place
        m = re.search(r"\s*\(([^()]*)\)\s*$", value)
        if m and emp_types_only(m.group(1)):
            value = value[: m.start()]
        for a, b in split_locations(value):
            while b > a and value[b - 1] in " ,;":
                b -= 1
            lead = len(value[a:b]) - len(value[a:b].lstrip())
            out.append(ctx.fact(squash(value[a:b]), lc.start + a + lead, lc.start + b))
    if not out:
        # the places of the pay tiers ("Plano, TX: $204,900 - $233,800")
        seen: set[str] = set()
        for p in r.pay:
            if p.location and looks_like_location(p.location) and p.location not in seen:
                seen.add(p.location)
                where = ctx.cleaned.rfind(p.location, 0, p.start)
                if where >= 0:
                    out.append(ctx.fact(p.location, where, where + len(p.location)))
    stated = jsonld_locations(r.jsonld)
    if not out:
        return tuple(jsonld_fact(v, v, ctx) for v in stated)
    if stated and not any(agree(v.split(",")[0], str(f.value)) for v in stated for f in out):
        r.conflicts.append(Conflict("location", tuple(stated), tuple(f.value for f in out)))
    return tuple(out)


# ----------------------------------------------------------------- workplace, terms


def _text_workplace(r: Reading) -> Fact | None:
    found, r.workplace_head = read_workplace(r.ctx, r.header, r.labelled)
    return found


def _overrules(r: Reading, workplace: Fact | None) -> Fact | None:
    """The body beats the header: the first header statement it overruled is kept."""
    if workplace is None:
        return None
    overruled = [h for h in r.workplace_head if h.value != workplace.value]
    return replace(workplace, overrules=overruled[0]) if overruled else workplace


# ----------------------------------------------------------------------------- pay


def _pay(r: Reading) -> tuple[PayFact, ...]:
    """Every range in the text; JSON-LD's first when it has one. A job site's salary
    estimate only when the posting states no pay of its own."""
    pays = [pay_fact(r.ctx, p) for p in r.pay]
    jp = jsonld_pay(r.jsonld) if r.jsonld else None
    if jp is not None:
        match = [p for p in pays if p.min == jp.min and p.max == jp.max]
        if match:
            jp = replace(jp, span=match[0].span)
        elif pays and not jp.estimate:
            text = tuple((p.min, p.max) for p in pays)
            r.conflicts.append(Conflict("pay", (jp.min, jp.max), text))
        pays = [jp, *pays]
    own = [p for p in pays if not p.estimate]
    return tuple(own or pays)


# ----------------------------------------------------------------------------- table

FIELDS: tuple[OneFact | ManyFacts, ...] = (
    OneFact("title", _text_title, jsonld_title, same_words, then=_title_in_text),
    OneFact("company", _text_company, jsonld_company, same_words),
    ManyFacts("location", _locations),
    OneFact("workplace", _text_workplace, jsonld_workplace, same_value, then=_overrules),
    OneFact(
        "employment_type",
        lambda r: read_employment_type(r.ctx, r.header, r.labelled),
        jsonld_employment_type,
        shared_type,
    ),
    OneFact(
        "seniority",
        lambda r: read_seniority(r.ctx, r.found["title"], r.title_cand, r.labelled),
    ),
    OneFact(
        "posted",
        lambda r: read_posted(r.ctx, r.labelled, r.reference_date),
        jsonld_posted,
        same_date,
    ),
    OneFact("deadline", lambda r: read_deadline(r.ctx, r.labelled), jsonld_deadline, same_date),
    ManyFacts("pay", _pay),
    OneFact("sponsorship", lambda r: read_sponsorship(r.ctx)),
    OneFact("clearance", lambda r: read_clearance(r.ctx, r.labelled)),
    OneFact("years_experience", lambda r: read_years(r.ctx)),
)


def extract(
    source: str,
    cleaned: str,
    edits: Sequence[Edit],
    jsonld: dict[str, Any] | None = None,
    *,
    page_title: str | None = None,
    reference_date: date | None = None,
) -> Facts:
    """The facts of a posting, read from ``cleaned`` (``source`` with ``edits`` applied)
    and the page's JSON-LD; spans refer to ``source``."""
    jl = jsonld if isinstance(jsonld, dict) else {}
    if not cleaned.strip() and not jl:
        return Facts()
    ctx = Context(source, cleaned, edits)
    r = Reading(
        ctx=ctx,
        jsonld=jl,
        labelled=labelled_values(ctx),
        header=header_pieces(ctx),
        pay=find_pay(cleaned),
        page=page_title_parts(page_title),
        reference_date=reference_date,
    )
    for f in FIELDS:
        r.found[f.name] = f.read(r)
    return Facts(**r.found, conflicts=tuple(r.conflicts))


def extract_facts(result: CleanResult, *, reference_date: date | None = None) -> Facts:
    """The facts of a clean's result (its cleaned text, edits, JSON-LD and page title)."""
    doc = result.document
    return extract(
        result.source,
        result.cleaned,
        result.edits,
        result.jsonld,
        page_title=doc.title if doc is not None else None,
        reference_date=reference_date,
    )

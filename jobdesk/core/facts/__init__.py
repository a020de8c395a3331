"""Posting facts: title, company, location, pay … each linked to the source text it came from.

Entry points::

    extract_facts(result: CleanResult, *, reference_date: date | None = None) -> Facts
    extract(source, cleaned, edits, jsonld=None, *, page_title=None, reference_date=None) -> Facts

``Facts.to_json()`` is the plain JSON the library stores and ``clean --format json``
prints (shape in :mod:`jobdesk.core.facts.model`); ``Facts.from_json`` reads it back.

Facts are read from the *cleaned* text (the noise is gone) and their spans are mapped
back through the edits to offsets in the *source* text, which is what the window shows.
schema.org JobPosting JSON-LD, when present, is used first for the facts it states well
(title, hiringOrganization, baseSalary, employmentType, jobLocationType, datePosted,
validThrough); a text reading that disagrees is reported, never hidden. Location comes
from the text first (JSON-LD addresses are often ATS codes), JSON-LD as a fallback.

The fields (``value`` of each fact)::

    title, company       str
    location             one fact per place; () when unknown
    workplace            "remote" | "hybrid" | "on-site"; "overrules": a header or label
                         statement ("Remote") that the body overruled ("hybrid, 3 days …")
    employment_type      ("full-time", "part-time", "contract", "temporary",
                         "internship", "permanent", "freelance") — one or more
    seniority            "intern" | "entry" | "junior" | "mid" | "senior" | "staff" |
                         "principal" | "lead" | "manager" | "director" | "executive"
    posted               "YYYY-MM-DD" | None (None when only an age is written and no
                         reference date was given); "age_days": int | None
    deadline             "YYYY-MM-DD" | None (text: the sentence, e.g. "Applications will
                         be reviewed on a rolling basis")
    pay                  every range as written, in text order; a JSON-LD baseSalary comes
                         first (source "JSON-LD", span: the text range with the same
                         min/max, if any); a job site's salary estimate ("Glassdoor est.",
                         JSON-LD estimatedSalary) only when the posting states no pay
    sponsorship          "yes" | "no" | "unknown"; text: the sentence
    clearance            the clearance named ("TS/SCI", "Secret" …) or "required"
    years_experience     int (the smallest stated minimum)
    conflicts            every disagreement between JSON-LD and the text, in one list

Unknown stays unknown: a field the posting does not state is ``None`` (or empty), a pay
range without a written period has ``period: None``, a bare ``$`` is currency ``"$"``.
The heuristics read the shapes postings share (a header block of short lines, labelled
fields such as ``Location:``, page titles like "X hiring Y in Z", common phrasings such
as "is seeking a … to join"), never the content of particular postings.

Modules: :mod:`.model` (the dataclasses and their JSON), :mod:`.reading` (the table of
fields), :mod:`.title`, :mod:`.company`, :mod:`.location`, :mod:`.workplace`,
:mod:`.dates`, :mod:`.terms` (employment type, seniority, sponsorship, clearance, years),
:mod:`.pay`, :mod:`.jsonld`; shared: :mod:`.context`, :mod:`.layout` (labelled values,
the header block), :mod:`.chrome` (page chrome that is neither a title nor a company),
:mod:`.vocab`.
"""

from jobdesk.core.facts.model import Conflict, DatedFact, Fact, Facts, PayFact
from jobdesk.core.facts.reading import FIELDS, extract, extract_facts
from jobdesk.core.facts.terms import canonical_employment_types, sponsorship_reading

__all__ = [
    "FIELDS",
    "Conflict",
    "DatedFact",
    "Fact",
    "Facts",
    "PayFact",
    "canonical_employment_types",
    "extract",
    "extract_facts",
    "sponsorship_reading",
]

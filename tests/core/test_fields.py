"""Posting facts (issue 5): extraction from the cleaned text, provenance in the source."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.engine import clean
from jobdesk.core.facts import extract, extract_facts, sponsorship_reading
from jobdesk.core.result import Edit, apply_edits
from tests.core.test_editmap import text_and_edits

# ------------------------------------------------------------------------- helpers


def facts(text: str, **kw: Any) -> dict[str, Any]:
    out = extract(text, text, [], **kw).to_json()
    json.dumps(out)  # always plain JSON
    for value in out.values():
        for f in value if isinstance(value, list) else [value]:
            if isinstance(f, dict) and f.get("source") == "text" and f.get("span"):
                s, e = f["span"]
                assert text[s:e] == f["text"]
    return out


def v(out: dict[str, Any], key: str) -> Any:
    return out[key]["value"] if out[key] else None


POSTING = """\
Senior Data Engineer
Acme Analytics
Berlin, Germany
Full-time · Posted 3 days ago

About the job
Acme Analytics is hiring a Senior Data Engineer to join our platform team.
You have 5+ years of experience with Python and at least 3 years with Spark.
This role is hybrid, 3 days in office.

Salary: €70,000 - €85,000 per year

Visa sponsorship is not available for this position.
Applications close on 30 November 2025.
About Acme Analytics
At Acme Analytics, we build data tools.
"""


def test_a_plain_posting() -> None:
    out = facts(POSTING, reference_date=date(2025, 11, 10))
    assert v(out, "title") == "Senior Data Engineer"
    assert v(out, "company") == "Acme Analytics"
    assert [f["value"] for f in out["location"]] == ["Berlin, Germany"]
    assert v(out, "employment_type") == ["full-time"]
    assert v(out, "workplace") == "hybrid"
    assert v(out, "seniority") == "senior"
    assert out["posted"]["value"] == "2025-11-07" and out["posted"]["age_days"] == 3
    assert v(out, "deadline") == "2025-11-30"
    assert [(p["min"], p["max"], p["currency"], p["period"]) for p in out["pay"]] == [
        (70_000, 85_000, "EUR", "year")
    ]
    assert v(out, "sponsorship") == "no"
    assert "not available" in out["sponsorship"]["text"]
    assert v(out, "years_experience") == 3
    assert out["clearance"] is None
    assert out["conflicts"] == []


def test_unknown_stays_unknown() -> None:
    out = facts("We build tools.\nYou will write code and review code with the team every day.")
    for key in ("title", "workplace", "employment_type", "posted", "deadline", "sponsorship",
                "clearance", "years_experience"):  # fmt: skip
        assert out[key] is None, key
    assert out["pay"] == [] and out["location"] == []


def test_empty_input() -> None:
    out = extract("", "", []).to_json()
    assert out["title"] is None and out["pay"] == []


def test_posted_age_without_reference_date_has_no_date() -> None:
    out = facts("Data Analyst\nGlobex\nAustin, TX · 2 weeks ago\n\nWe are hiring.")
    assert out["posted"]["text"] == "2 weeks ago"
    assert out["posted"]["value"] is None and out["posted"]["age_days"] == 14


def test_labelled_fields() -> None:
    text = (
        "Job Title: Laboratory Technician\nCompany: Initech Labs\nLocation: Dayton, OH\n"
        "Employment Type: Part-time\n\nThe technician runs the assays and keeps the lab in order."
    )
    out = facts(text)
    assert v(out, "title") == "Laboratory Technician"
    assert v(out, "company") == "Initech Labs"
    assert [f["value"] for f in out["location"]] == ["Dayton, OH"]
    assert v(out, "employment_type") == ["part-time"]


def test_glued_labels() -> None:
    text = (
        "Position: SAP Technical Lead (ERP)Duration: Full-Time Permanent "
        "position (no remote)Location: Melville, NYSalary: Excellent"
    )
    out = facts(text)
    assert v(out, "title") == "SAP Technical Lead (ERP)"
    assert v(out, "employment_type") == ["full-time", "permanent"]
    assert v(out, "workplace") == "on-site"
    assert [f["value"] for f in out["location"]] == ["Melville, NY"]


def test_several_locations() -> None:
    out = facts(
        "Research Engineer\nat Initrode\nSan Francisco, CA | New York City, NY "
        "| Seattle, WA\n\nBody text here."
    )
    assert [f["value"] for f in out["location"]] == [
        "San Francisco, CA",
        "New York City, NY",
        "Seattle, WA",
    ]
    assert v(out, "company") == "Initrode"


def test_body_beats_header_for_workplace() -> None:
    text = (
        "Product Designer\nUmbrella Corp\nRemote\n\n"
        "The role is hybrid, 3 days in office in Boston; we value time together.\n"
    )
    out = facts(text)
    assert v(out, "workplace") == "hybrid"
    assert out["workplace"]["overrules"]["value"] == "remote"


def test_remote_not_from_unrelated_words() -> None:
    out = facts(
        "Imagery Analyst\n\nYou will work with remote sensing data and Remote Desktop tools."
    )
    assert out["workplace"] is None


def test_title_from_a_sentence() -> None:
    out = facts(
        "Our analytics group is looking for an Associate Data Analyst to join "
        "our team in Worcester."
    )
    assert v(out, "title") == "Associate Data Analyst"


def test_page_title_shapes() -> None:
    text = (
        "Lihine Learning Engineer\nOpenAI    San Francisco, CA\nAMachine "
        "Learning Engineer, Applied AI\n\nAbout the team and the work we do "
        "here."
    )
    out = facts(
        text,
        page_title=(
            "OpenAI hiring Machine Learning Engineer, Applied AI in San Francisco, CA | LinkedIn"
        ),
    )
    assert v(out, "title") == "Machine Learning Engineer, Applied AI"
    assert v(out, "company") == "OpenAI"
    assert [f["value"] for f in out["location"]] == ["San Francisco, CA"]


JSONLD = {
    "@type": "JobPosting",
    "title": "Senior DevOps Engineer",
    "hiringOrganization": {"@type": "Organization", "name": "PaperCut Software"},
    "employmentType": ["FULL_TIME"],
    "datePosted": "2026-08-06T07:39:35.941Z",
    "validThrough": "2026-12-12T09:37:46.463Z",
    "jobLocationType": "TELECOMMUTE",
    "baseSalary": {"@type": "MonetaryAmount", "currency": "AUD",
                   "value": {"minValue": 130000, "maxValue": 160000, "unitText": "YEAR"}},
}  # fmt: skip


def test_jsonld_first() -> None:
    text = (
        "Senior DevOps Engineer\nPaperCut Software\n\n$130,000 - $160,000 a "
        "year\nWe build print software."
    )
    out = facts(text, jsonld=JSONLD)
    assert out["title"]["source"] == "JSON-LD" and v(out, "title") == "Senior DevOps Engineer"
    assert out["title"]["span"] is not None  # found in the text as well
    assert v(out, "company") == "PaperCut Software"
    assert v(out, "employment_type") == ["full-time"]
    assert v(out, "posted") == "2026-08-06"
    assert v(out, "deadline") == "2026-12-12"
    assert v(out, "workplace") == "remote"
    jp = out["pay"][0]
    assert (jp["source"], jp["min"], jp["max"], jp["currency"], jp["period"]) == (
        "JSON-LD",
        130000,
        160000,
        "AUD",
        "year",
    )
    assert out["pay"][1]["source"] == "text" and out["pay"][1]["currency"] == "$"
    assert out["conflicts"] == []


def test_jsonld_disagreement_is_flagged() -> None:
    text = (
        "Staff DevOps Engineer\nPaperCut Software\n\nThis is a part-time "
        "role.\nSalary: $90,000 - $100,000 a year"
    )
    out = facts(text, jsonld=JSONLD)
    fields = {c["field"] for c in out["conflicts"]}
    assert {"title", "employment_type", "pay"} <= fields
    assert out["title"]["conflict"]["value"] == "Staff DevOps Engineer"
    assert out["employment_type"]["conflict"]["value"] == ["part-time"]


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        (
            (
                "Visa sponsorship: We do sponsor visas! However, we aren't able to "
                "sponsor for every role."
            ),
            "yes",
        ),
        (
            (
                "Capital One will consider sponsoring a new qualified applicant for "
                "employment authorization for this position."
            ),
            "yes",
        ),
        (
            (
                "At this time, Capital One will not sponsor a new applicant for "
                "employment authorization."
            ),
            "no",
        ),
        (
            (
                "Therefore, the college does not have funding to sponsor potential "
                "employees on a work visa."
            ),
            "no",
        ),
        ("Applicants must be authorized to work in the US without sponsorship.", "no"),
        ("We are unable to provide visa sponsorship.", "no"),
        ("Sponsorship is available for exceptional candidates.", "yes"),
        ("Please tell us whether you will require visa sponsorship.", "unknown"),
    ],
)
def test_sponsorship_reading(sentence: str, reading: str) -> None:
    assert sponsorship_reading(sentence) == reading
    out = facts("Engineer\n\n" + sentence)
    assert out["sponsorship"] is not None and v(out, "sponsorship") == reading


def test_sponsorship_sentence_keeps_brackets_whole() -> None:
    s = (
        "At this time, Acme will not sponsor a new applicant for employment authorization for this "
        "position (i.e. H1B, F-1 OPT, J-1, or any EADs)."
    )
    out = facts("Engineer\n\nWe like tests. " + s + " Apply today.")
    assert out["sponsorship"]["text"] == s


def test_clearance_and_years() -> None:
    out = facts(
        "Spectral Scientist\n\nSecurity Requirements: Active TS/SCI security "
        "clearance required.\nFive plus years’ experience with Python."
    )
    assert v(out, "clearance") == "TS/SCI"
    assert v(out, "years_experience") == 5


def test_extract_fields_on_a_clean_result() -> None:
    raw = (
        "Senior Backend Engineer\nHooli\nPalo Alto, CA\n\nHooli is hiring. Pay: "
        "$150,000 - $180,000 per year.\n"
    )
    result = clean(raw)
    out = extract_facts(result).to_json()
    json.dumps(out)
    assert v(out, "title") == "Senior Backend Engineer"
    s, e = out["pay"][0]["span"]
    assert result.source[s:e] == "$150,000 - $180,000 per year"


def test_spans_point_into_the_source_after_cleaning() -> None:
    source = (
        "Skip to main content\nApply now\nData Scientist\nVandelay Industries\n"
        "New York, NY\n\nSalary: $120k - $140k a year\n"
    )
    cleaned_start = source.index("Data Scientist")
    edits = [Edit(0, cleaned_start, "site.chrome")]
    cleaned = apply_edits(source, edits)
    out = extract(source, cleaned, edits).to_json()
    t = out["title"]
    assert source[t["span"][0] : t["span"][1]] == "Data Scientist"
    p = out["pay"][0]
    assert source[p["span"][0] : p["span"][1]] == "$120k - $140k a year"
    assert (p["min"], p["max"]) == (120_000, 140_000)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_extract_never_crashes(text: str) -> None:
    out = extract(text, text, []).to_json()
    json.dumps(out)


@pytest.mark.parametrize(
    ("line", "age"),
    [
        ("Posted 30+ days ago", 30),
        ("Reposted 2 weeks ago", 14),
        ("Posted 4d ago", 4),
        ("Cambridge, MA · 1 week ago · 36 people clicked apply", 7),
        ("Posted today", 0),
    ],
)
def test_posted_ages(line: str, age: int) -> None:
    out = facts(f"Data Analyst\n{line}\n\nWe analyse data.", reference_date=date(2025, 1, 31))
    assert out["posted"]["age_days"] == age
    assert out["posted"]["value"] == (date(2025, 1, 31) - timedelta(days=age)).isoformat()


def test_activity_ages_are_not_posting_dates() -> None:
    out = facts("Data Analyst\nEmployerActive 3 days ago\nUpdated 2 days ago\n\nWe analyse data.")
    assert out["posted"] is None


def test_posted_absolute_date() -> None:
    out = facts("Data Analyst\nPosted on Oct 2, 2025\n\nWe analyse data.")
    assert out["posted"]["value"] == "2025-10-02"


def test_company_named_only_in_removed_boilerplate() -> None:
    source = (
        "Spectral Scientist\n\nYou will analyse imagery for our customers.\n"
        "Centauri is an Equal Opportunity / Affirmative Action employer.\n"
    )
    start = source.index("Centauri is")
    edits = [Edit(start, len(source), "legal.eeo-statement")]
    out = extract(source, apply_edits(source, edits), edits).to_json()
    assert out["company"]["value"] == "Centauri"
    s, e = out["company"]["span"]
    assert source[s:e] == "Centauri"


def test_job_board_blurb_is_not_the_employer() -> None:
    source = (
        "Platform Engineer\n\nYou will run our clusters.\n"
        "At SEEK, we help people live more fulfilling lives.\n"
    )
    start = source.index("At SEEK")
    edits = [Edit(start, len(source), "seek.footer")]
    out = extract(source, apply_edits(source, edits), edits).to_json()
    assert out["company"] is None


@settings(max_examples=100, deadline=None)
@given(text_and_edits())
def test_extract_never_crashes_with_edits(data: tuple[str, list[Edit]]) -> None:
    source, edits = data
    out = extract(source, apply_edits(source, edits), edits).to_json()
    json.dumps(out)
    for value in out.values():
        for f in value if isinstance(value, list) else [value]:
            if isinstance(f, dict) and f.get("span"):
                s, e = f["span"]
                assert 0 <= s <= e <= len(source)

"""Facts that hold on pages from sites without a pack (issue 9, item 4).

With no site pack, the page's chrome is still in the text the facts are read from: logo
captions, career-site banners, UI strings, breadcrumbs, the board's name, its salary
estimate. None of them is a title, a company or the posting's pay.
"""

from __future__ import annotations

import json
from typing import Any

from jobdesk.core.fields import extract

PAY_KEYS = {"text", "source", "span", "min", "max", "currency", "period", "location"}


def facts(text: str, **kw: Any) -> dict[str, Any]:
    out = extract(text, text, [], **kw)
    json.dumps(out)
    return out


# ------------------------------------------------------------------------------- pay


def test_the_site_estimate_gives_way_to_the_posting_pay() -> None:
    text = (
        "Data Analyst\nAcme\n\nSalary estimate\n$60,000 - $75,000 a year\n\n"
        "We analyse data.\nThe base salary for this role is $70,000 - $80,000 per year.\n"
    )
    out = facts(text)
    assert [(p["min"], p["max"]) for p in out["pay"]] == [(70_000, 80_000)]
    assert set(out["pay"][0]) == PAY_KEYS  # the shape of a pay fact is unchanged


def test_an_estimate_alone_is_reported_as_one() -> None:
    text = "Data Analyst\nAcme\n\n$60K - $75K (Glassdoor est.)\n\nWe analyse data.\n"
    out = facts(text)
    (p,) = out["pay"]
    assert (p["min"], p["max"], p["estimate"]) == (60_000, 75_000, True)
    assert set(p) == PAY_KEYS | {"estimate"}


def test_the_employer_estimate_is_the_pay() -> None:
    text = "Data Analyst\nAcme\n\n$60K - $75K (Employer est.)\n\nWe analyse data.\n"
    (p,) = facts(text)["pay"]
    assert "estimate" not in p and (p["min"], p["max"]) == (60_000, 75_000)


def test_jsonld_estimated_salary_is_an_estimate() -> None:
    est = {
        "@type": "JobPosting",
        "title": "Data Analyst",
        "estimatedSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"minValue": 50000, "maxValue": 60000, "unitText": "YEAR"},
        },
    }
    out = facts("Data Analyst\n\nWe analyse data.\n", jsonld=est)
    assert out["pay"][0]["estimate"] is True
    out = facts("Data Analyst\n\nWe analyse data.\nSalary: $55,000 - $65,000 a year\n", jsonld=est)
    assert [(p["min"], p["max"]) for p in out["pay"]] == [(55_000, 65_000)]
    assert out["conflicts"] == []  # an estimate that differs is no disagreement
    base = dict(est, baseSalary=est["estimatedSalary"])
    del base["estimatedSalary"]
    assert "estimate" not in facts("Data Analyst\n", jsonld=base)["pay"][0]


def test_bonus_and_stipend_are_not_the_pay() -> None:
    text = (
        "Data Analyst\nAcme\n\nWe analyse data.\n"
        "Salary: $90,000 - $110,000, plus a $10,000 sign-on bonus.\n"
        "A $1,500 home-office stipend every year.\n"
    )
    assert [(p["min"], p["max"]) for p in facts(text)["pay"]] == [(90_000, 110_000)]


def test_both_ends_of_a_french_range() -> None:
    text = "Data Analyst\nAcme\n\nSalaire : 42K à 48K € brut par an\n"
    (p,) = facts(text)["pay"]
    assert (p["min"], p["max"], p["currency"], p["period"]) == (42_000, 48_000, "EUR", "year")

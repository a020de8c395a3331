"""The pay parser: every format of issue 5, and unknown stays unknown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.facts.pay import PayRange, find_pay, parse_amount


def one(text: str) -> PayRange:
    found = find_pay(text)
    assert len(found) == 1, found
    r = found[0]
    assert text[r.start : r.end] == r.text
    return r


@pytest.mark.parametrize(
    ("text", "written", "lo", "hi", "currency", "period"),
    [
        ("$22–$26 an hour", "$22–$26 an hour", 22, 26, "$", "hour"),
        ("USD 158,600-181k / year", "USD 158,600-181k / year", 158_600, 181_000, "USD", "year"),
        ("£45,000 - £55,000 a year", "£45,000 - £55,000 a year", 45_000, 55_000, "GBP", "year"),
        ("Salary: €60k", "€60k", 60_000, 60_000, "EUR", None),
        ("Up to $95K", "Up to $95K", None, 95_000, "$", None),
        ("400 - 400 USD per week (Remote)", "400 - 400 USD per week", 400, 400, "USD", "week"),
        (
            "$300,000.00/yr - $425,000.00/yr",
            "$300,000.00/yr - $425,000.00/yr",
            300_000,
            425_000,
            "$",
            "year",
        ),
        ("$300,000—$425,000 USD", "$300,000—$425,000 USD", 300_000, 425_000, "USD", None),
        ("Gehalt: 60.000 € pro Jahr", "60.000 € pro Jahr", 60_000, 60_000, "EUR", "year"),
        ("Salary 1.234,50 € per month", "1.234,50 € per month", 1234.5, 1234.5, "EUR", "month"),
        ("Pay: 60\u00a0000\u00a0€", "60\u00a0000\u00a0€", 60_000, 60_000, "EUR", None),
        (
            "$130\u00a0000 - $160\u00a0000 a year",
            "$130\u00a0000 - $160\u00a0000 a year",
            130_000,
            160_000,
            "$",
            "year",
        ),
        ("From $22.38 an hour", "From $22.38 an hour", 22.38, None, "$", "hour"),
        ("This position starts at $30 per hour", "starts at $30 per hour", 30, None, "$", "hour"),
        ("Compensation: $25 - $27 (per hour)", "$25 - $27 (per hour)", 25, 27, "$", "hour"),
        ("The base salary range is $60-80k.", "$60-80k", 60_000, 80_000, "$", None),
        (
            "The range is between $148,200 and $239,800.",
            "between $148,200 and $239,800",
            148_200,
            239_800,
            "$",
            None,
        ),
        ("Salary: CA$120,000–140,000", "CA$120,000–140,000", 120_000, 140_000, "CAD", None),
        ("Løn: 45.000 kr. om måneden", "45.000 kr. om måneden", 45_000, 45_000, "kr", "month"),
        ("Competitive hourly rate of $35.00, paid monthly", "$35.00", 35, 35, "$", "hour"),
        (
            "Salary: 60,000 - 70,000 per year",
            "60,000 - 70,000 per year",
            60_000,
            70_000,
            None,
            "year",
        ),
    ],
)
def test_formats(
    text: str,
    written: str,
    lo: float | None,
    hi: float | None,
    currency: str | None,
    period: str | None,
) -> None:
    r = one(text)
    assert (r.text, r.min, r.max, r.currency, r.period) == (written, lo, hi, currency, period)


@pytest.mark.parametrize(
    ("text", "lo", "currency"),
    [
        ("€60k", 60_000, "EUR"),
        ("60.000 €", 60_000, "EUR"),
        ("We offer €60k plus bonus", 60_000, "EUR"),
    ],
)
def test_bare_amounts(text: str, lo: float, currency: str) -> None:
    r = one(text)
    assert (r.min, r.max, r.currency, r.period) == (lo, lo, currency, None)


def test_location_tiers() -> None:
    text = (
        "The minimum and maximum full-time annual salaries for this role are "
        "listed below, by location.\n"
        "Cambridge, MA: $158,600 - $181,000 for Senior Machine Learning Engineer\n"
        "Richmond, VA: $144,200 - $164,600 for Senior Machine Learning Engineer\n"
    )
    found = find_pay(text)
    assert [(r.location, r.min, r.max) for r in found] == [
        ("Cambridge, MA", 158_600, 181_000),
        ("Richmond, VA", 144_200, 164_600),
    ]
    assert all(r.period is None for r in found)  # "annual" is a sentence away: not invented


def test_several_amounts_on_lines() -> None:
    found = find_pay("Salary schedule:\n$55,897.48 (Bachelors)\n$58,580.71 (Masters)")
    assert [(r.min, r.max) for r in found] == [(55_897.48, 55_897.48), (58_580.71, 58_580.71)]


@pytest.mark.parametrize(
    "text",
    [
        "Backed by nearly $100 million in funding, we are growing.",
        "To date, our charitable giving committee has donated over $100,000!",
        "We raised a $40M Series B last year.",
        "Applicants should be available from 11:30-4:00pm, Monday-Thursday.",
        "The 2025-26 school year; 80 - 100% workload.",
        "A 401(k) plan with a $2,000 match.",
        "We have 5,000 customers in 40 countries.",
        "",
    ],
)
def test_not_pay(text: str) -> None:
    assert find_pay(text) == []


def test_unknown_stays_unknown() -> None:
    # no period written: none invented; a bare "$" is not assumed to be US dollars
    r = one("Pay range: $245,900 - $280,600")
    assert r.period is None
    assert r.currency == "$"
    # no currency written on a labelled line: the range is kept, its currency unknown
    r = one("Salary: 50,000 - 60,000")
    assert r.currency is None and r.period is None
    # a number with no currency and no pay label is not pay at all
    assert find_pay("We ship 50,000 - 60,000 parcels a year") == []
    # "per credit hour" is not an hourly wage
    assert all(r.period != "hour" for r in find_pay("Pay: $500 per credit hour"))


def test_no_conversion() -> None:
    r = one("Salary: £45,000 - £55,000 a year")
    assert (r.min, r.max, r.currency) == (45_000, 55_000, "GBP")


@pytest.mark.parametrize(
    ("num", "mult", "value"),
    [
        ("158,600", None, 158_600),
        ("60.000", None, 60_000),
        ("1.234,50", None, 1234.5),
        ("1,234.50", None, 1234.5),
        ("22.38", None, 22.38),
        ("22,50", None, 22.5),
        ("95", "K", 95_000),
        ("1.5", "M", 1_500_000),
        ("60\u00a0000", None, 60_000),
        ("1'234'567", None, 1_234_567),
        ("12,34,567", None, None),
        ("1.2345", None, None),
    ],
)
def test_parse_amount(num: str, mult: str | None, value: float | None) -> None:
    assert parse_amount(num, mult) == value


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes(text: str) -> None:
    for r in find_pay(text):
        assert 0 <= r.start <= r.end <= len(text)
        assert text[r.start : r.end] == r.text
        assert r.min is None or r.max is None or r.min <= r.max


money = st.from_regex(
    r"(?:Salary: |Up to |From |)(?:[$£€]|USD |)\d{1,3}(?:[,.\u00a0]\d{3})?(?:\.\d\d)?[kK]?"
    r"(?: ?[-–—] ?(?:[$£€]|)\d{1,3}(?:[,.\u00a0]\d{3})?[kK]?)?"
    r"(?: (?:an hour|per year|/yr|a week|USD|€))?",
    fullmatch=True,
)


@settings(max_examples=300, deadline=None)
@given(money, st.text(max_size=30), st.text(max_size=30))
def test_never_crashes_on_money_like_text(m: str, before: str, after: str) -> None:
    text = before + m + after
    for r in find_pay(text):
        assert text[r.start : r.end] == r.text


# ------------------------------------------------------------- European formats (issue 9)


@pytest.mark.parametrize(
    ("text", "lo", "hi", "currency", "period"),
    [
        ("Salaire : 42K à 48K €", 42_000, 48_000, "EUR", None),
        ("Salaire : 42 000 € - 48 000 €", 42_000, 48_000, "EUR", None),
        ("Gehalt: 42.000–48.000 € brutto/Jahr", 42_000, 48_000, "EUR", "year"),
        ("Salary: €42.000 - €48.000", 42_000, 48_000, "EUR", None),
        ("Rémunération de 30 000 à 35 000 € par an", 30_000, 35_000, "EUR", "year"),
        ("Salario entre 25.000 y 30.000 €", 25_000, 30_000, "EUR", None),
        ("RAL 35.000 - 40.000", 35_000, 40_000, None, "year"),
        ("Salaris € 3.500 - € 4.200 bruto per maand", 3_500, 4_200, "EUR", "month"),
        ("Salary CHF 90'000 – 110'000", 90_000, 110_000, "CHF", None),
        ("Gehalt 1.800,50 € brutto im Monat", 1800.5, 1800.5, "EUR", "month"),
        ("£35k-£40k", 35_000, 40_000, "GBP", None),
        ("Gehalt 50.000 bis 60.000 € pro Jahr", 50_000, 60_000, "EUR", "year"),
        ("Retribuzione da 30.000 a 35.000 € annui", 30_000, 35_000, "EUR", "year"),
        ("Salaris 3.000 tot 4.000 euro per maand", 3_000, 4_000, "EUR", "month"),
        ("Salário de R$ 5.000 até R$ 7.000 por mês", 5_000, 7_000, "BRL", "month"),
        ("Salaire : 3 200 € brut par mois", 3_200, 3_200, "EUR", "month"),
        ("45 000 € brut annuel", 45_000, 45_000, "EUR", "year"),
        ("Sueldo: 2.000 € al mes", 2_000, 2_000, "EUR", "month"),
        ("Retribuzione annua lorda 35.000 €", 35_000, 35_000, "EUR", "year"),
        ("Vergütung zwischen 55.000 und 65.000 EUR", 55_000, 65_000, "EUR", None),
        ("Jaarsalaris tussen €50.000 en €60.000", 50_000, 60_000, "EUR", "year"),
        ("Gehalt: ab 55.000 € p.a.", 55_000, None, "EUR", "year"),
        ("Gehalt: bis zu 70.000 €", None, 70_000, "EUR", None),
        ("Salaire : jusqu'à 60 000 €", None, 60_000, "EUR", None),
        ("Salario: desde 28.000 €", 28_000, None, "EUR", None),
    ],
)
def test_european_formats(
    text: str, lo: float | None, hi: float | None, currency: str | None, period: str | None
) -> None:
    r = one(text)
    assert (r.min, r.max, r.currency, r.period) == (lo, hi, currency, period)


@pytest.mark.parametrize(
    "text",
    [
        "We have 3 000 customers and 40 000 users.",  # spaced thousands, but no money
        "Paint it RAL 9010 - 9016 white.",  # a colour code, not a salary
        "Der Zeitraum: 2024 bis 2025",
    ],
)
def test_european_not_pay(text: str) -> None:
    assert find_pay(text) == []


# ------------------------------------------- the posting's own pay, not other money (issue 9)


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        (
            "Salary: $120,000 - $140,000 plus a $10,000 sign-on bonus",
            [(120_000, 140_000)],
        ),
        ("Base pay $90k–$110k, plus an annual bonus of up to $15,000.", [(90_000, 110_000)]),
        ("Salary: €60.000 - €70.000 + €2.000 referral bonus", [(60_000, 70_000)]),
        ("Compensation: $150k – $180k • Equity: $50,000 in RSUs", [(150_000, 180_000)]),
        ("$150k – $180k • 0.1% – 0.5%", [(150_000, 180_000)]),  # pay and an equity line
        ("Gehalt: 55.000 € brutto, Bonus bis zu 5.000 €", [(55_000, 55_000)]),
        # a pay label that names the bonus too is the pay
        ("Salary + bonus: $100,000 - $120,000", [(100_000, 120_000)]),
        ("Base salary and bonus: €60.000 - €70.000", [(60_000, 70_000)]),
        ("Total compensation incl. bonus: $150,000 - $180,000", [(150_000, 180_000)]),
        ("OTE (base + commission + bonus): $150,000", [(150_000, 150_000)]),
        ("Salary: $90k plus bonus", [(90_000, 90_000)]),
        ("$100k – $120k (bonus eligible)", [(100_000, 120_000)]),
        ("We offer $60,000 a year with a bonus on top.", [(60_000, 60_000)]),
    ],
)
def test_other_money_beside_pay(text: str, ranges: list[tuple[float, float]]) -> None:
    assert [(r.min, r.max) for r in find_pay(text)] == ranges


@pytest.mark.parametrize(
    "text",
    [
        "Monthly stipend of $2,000 for your home office",
        "A $1,500 learning stipend every year.",
        "Annual bonus of up to $15,000.",
        "Sign-on bonus: $5,000",
        "Equity: $50,000 in RSUs vesting over four years",
        "Stock options worth $20,000 at grant",
    ],
)
def test_not_the_posting_pay(text: str) -> None:
    assert find_pay(text) == []


def test_an_internship_stipend_is_the_pay() -> None:
    r = one("Internship stipend: €1.200 per month")
    assert (r.min, r.max, r.currency, r.period) == (1_200, 1_200, "EUR", "month")


@pytest.mark.parametrize(
    "text",
    [
        "Estimated salary: $80,000 - $95,000 a year",
        "Salary estimate\n$80,000 - $95,000 a year",
        "$80K - $100K (Glassdoor est.)",
        "$40,000 - $50,000 a year is Indeed's estimated salary for this role in Savannah, GA.",
        "$40,000 - $50,000 a year\nIndeed's salary guide",
        "Gehaltsschätzung: 45.000 € - 55.000 €",
        "Salaire estimé : 40 000 € - 45 000 € par an",
        "Salario estimado\n25.000 € - 30.000 €",
    ],
)
def test_site_estimates_are_flagged(text: str) -> None:
    r = one(text)
    assert r.estimate


@pytest.mark.parametrize(
    "text",
    [
        "$80K - $100K (Employer est.)",  # the employer's own figure
        "Our good faith estimate of the base salary is $120,000 - $140,000 per year.",
        "The estimated salary range for this role is $90,000 - $110,000.",
    ],
)
def test_employer_estimates_are_pay(text: str) -> None:
    r = one(text)
    assert not r.estimate


def test_a_number_of_hours_is_not_the_other_end() -> None:
    r = one("Pay: $20 a 40-hour week")
    assert (r.min, r.max) == (20, 20)


def test_a_stipend_named_after_a_programme_is_not_the_pay() -> None:
    text = (
        "Salary schedule:\n$55,897.48 (Bachelors)\n"
        "This assignment comes with a $3,500 Opportunity School stipend."
    )
    assert [r.min for r in find_pay(text)] == [55_897.48]

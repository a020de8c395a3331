"""Runs of other jobs' cards, told by their shape (jobdesk/core/cards.py)."""

from __future__ import annotations

from jobdesk.core.cards import card_runs

RESULTS = """Sort by: relevance

Georgia Sound Communications
Savannah, GA 31408
•
$18 - $25 an hour
•
Full-time
EmployerActive 3 days ago

PlumbPro
Savannah, GA 31408
•
$38,880 - $43,200 a year
•
Full-time

Speros
Savannah, GA 31404
•
$55,000 - $57,000 a year
•
Monday to Friday +2
EmployerActive 3 days ago

Job Post Details
"""

GERMAN = """Ähnliche Jobs
Data Engineer (m/w/d)
80331 München
Vollzeit
vor 3 Tagen
Backend Developer
10115 Berlin
Teilzeit
vor 5 Tagen
Analyst
20095 Hamburg
Festanstellung
vor 1 Woche
"""

POSTING_HEADER = """Laboratory Analyst
US Sugar Savannah Refinery
Port Wentworth, GA 31407
$22.38 an hour
Full-time

You will prepare samples and operate the laboratory's instruments on every shift.
"""

BENEFITS = """Benefits
• 401(k)
• Dental insurance
• Health insurance
• Paid time off
• Vision insurance
"""


def test_a_run_of_search_results_is_found() -> None:
    lines = RESULTS.splitlines()
    runs = list(card_runs(RESULTS))
    assert len(runs) == 1
    first, last = runs[0]
    assert lines[first] == "Georgia Sound Communications"  # the card's company comes along
    assert lines[last] == "EmployerActive 3 days ago"
    assert "Job Post Details" not in lines[first : last + 1]


def test_cards_in_german() -> None:
    lines = GERMAN.splitlines()
    # (the two short lines above the first place are the first card: here its title
    # and the list's heading)
    assert [(lines[a], lines[b]) for a, b in card_runs(GERMAN)] == [
        ("Ähnliche Jobs", "vor 1 Woche")
    ]


def test_a_posting_header_states_each_fact_once() -> None:
    assert list(card_runs(POSTING_HEADER)) == []


def test_a_benefits_list_is_no_card_run() -> None:
    assert list(card_runs(BENEFITS)) == []


def test_prose_breaks_a_run() -> None:
    text = RESULTS.replace("PlumbPro", "We are hiring plumbers for our new office in the city.")
    assert list(card_runs(text, min_cards=3)) == []

"""Runs of other jobs' cards, told by their shape (jobdesk/core/cards.py)."""

from __future__ import annotations

import pytest

from jobdesk.core import cards
from jobdesk.core.cards import card_runs
from jobdesk.core.engine import Cleaner, Scan, _fact_line_superset
from jobdesk.core.ingest import Document
from jobdesk.core.rules import RuleSet

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


FACT_LINES = [
    "$18 - $25 an hour",
    "  • $38,880 - $43,200 a year  ",
    "€45.000 – €55.000",
    "60.000 € brutto/Jahr",
    "Full-time",
    "\u00a0Vollzeit\u00a0",
    "vor 3 Tagen",
    "il y a 2 jours",
    "hace 5 días",
    "há 3 dias",
    "EmployerActive 3 days ago",
    "Monday to Friday +2",
    "· Temps plein",
]


def test_the_engine_finds_every_fact_line_in_one_pass() -> None:
    """The RE2 pass that picks the lines card runs are built from misses none of them,
    in any script, with any blanks around them (and passes over prose)."""
    rx = _fact_line_superset()
    assert rx is not None
    filler = ["Über uns: wir bauen Brücken.", "", "We build data pipelines for millions."]
    text = "\n".join(line for fact in FACT_LINES for line in (*filler, fact)) + "\n" + RESULTS
    scan = Scan(Document(source=text))
    possible = Cleaner._possible_lines(rx, scan, None)
    lines = text.split("\n")
    facts = [i for i, line in enumerate(lines) if cards._is_fact(line.strip())]
    assert all(cards._is_fact(line.strip()) for line in FACT_LINES)
    assert len(facts) == len(FACT_LINES) + 8  # (and eight in RESULTS)
    assert set(facts) <= set(possible)
    assert lines.index(filler[2]) not in possible


def test_only_candidate_lines_are_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []
    is_fact = cards._is_fact
    monkeypatch.setattr(cards, "_is_fact", lambda s: judged.append(s) or is_fact(s))
    lines = RESULTS.split("\n")
    facts = [i for i, line in enumerate(lines) if is_fact(line.strip())]
    assert list(card_runs(RESULTS, 3, facts)) == list(card_runs(RESULTS))
    judged.clear()
    assert list(card_runs(RESULTS, 3, [])) == []
    assert judged == []


def test_the_cards_rule_gives_the_same_runs_through_the_engine() -> None:
    from jobdesk.core.rules import load_rules

    rules = load_rules(user_dir=False)
    packs = [p for p in rules.packs if any(r.kind == "cards" for r in p.rules)]
    rule = next(r for p in packs for r in p.rules if r.kind == "cards")
    cleaner = Cleaner(RuleSet(packs))
    text = "Intro line of the page\n\n" + RESULTS
    scan = cleaner.scan(Document(source=text))
    hits = cleaner.match_rule(rule, scan)
    expected = [
        (scan.lines.starts[a], scan.lines.full_end(b)) for a, b in card_runs(text, rule.min_run)
    ]
    assert [(h.start, h.end) for h in hits] == expected != []

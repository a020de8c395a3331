"""The structural chrome regions on the corpus's HTML pages, site-blind (no site pack:
what jobdesk does on a site it has no pack for)."""

from __future__ import annotations

import re

import pytest

from jobdesk.core.engine import Cleaner, Matched
from jobdesk.core.ingest import ingest_path
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import score
from tests.corpus.corpus import Case, cases

HTML = [c for c in cases() if c.is_html]
pytestmark = pytest.mark.skipif(not HTML, reason="../shared/corpus is not present")
OFF = {"html.link-dense": False, "html.cards": False}


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def matched() -> dict[str, Matched]:
    cleaner = Cleaner(load_rules(user_dir=False))
    return {c.name: cleaner.match(ingest_path(c.raw), site="") for c in HTML}


@pytest.mark.parametrize("case", HTML, ids=[c.name for c in HTML])
def test_no_page_gets_worse(case: Case, matched: dict[str, Matched]) -> None:
    gold = case.gold.read_text("utf-8")
    on = score(matched[case.name].resolve().cleaned, gold)
    off = score(matched[case.name].resolve(OFF).cleaned, gold)
    assert on.f1 >= off.f1 - 1e-9


@pytest.mark.parametrize("case", HTML, ids=[c.name for c in HTML])
def test_no_line_of_the_posting_is_lost(case: Case, matched: dict[str, Matched]) -> None:
    # A gold line of four words or more that survives without the structural regions
    # survives with them. (Shorter lines can survive by chance: "Published:" in a
    # recommended job's card stands in for the posting's own, which html.aside takes.)
    off = words(matched[case.name].resolve(OFF).cleaned)
    on = words(matched[case.name].resolve().cleaned)
    lost = [
        line
        for line in case.gold.read_text("utf-8").split("\n")
        if len(words(line).split()) >= 4 and words(line) in off and words(line) not in on
    ]
    assert lost == []


def test_the_structural_regions_find_something(matched: dict[str, Matched]) -> None:
    # Not a no-op: on the corpus they mark job cards and link lists on some pages.
    hit = {name for name, m in matched.items() if m.hits_by_rule.get("html.cards")}
    assert hit
    assert any(m.hits_by_rule.get("html.link-dense") for m in matched.values())

"""A small rule set and a library in a temp dir for the session tests (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import RuleSet, parse_pack
from jobdesk.storage import Library

PACK = r"""
[pack]
id = "test"
name = "Test rules"

[[rule]]
id = "test.apply"
name = "Apply buttons"
category = "site-chrome"
kind = "line"
pattern = '(?:Apply now|Save job)'

[[rule]]
id = "test.applicants"
name = "Applicant count"
category = "applicant-insights"
kind = "phrase"
pattern = '\s*·\s*\d+ applicants'

[[rule]]
id = "test.similar"
name = "Similar jobs"
category = "recommendations"
kind = "tail"
pattern = 'Similar jobs'

[[rule]]
id = "test.perks"
name = "Perks blurb"
category = "company-marketing"
kind = "line"
pattern = 'We are an award-winning .*'
default = false
"""

POSTING = """Apply now
Senior Widget Engineer · 12 applicants
Acme Widgets · Springfield

About the job
We build widgets for everyone.
• Design widgets
• Test widgets
We are an award-winning team.
Pay: $100,000 – $120,000 a year.
Save job

Similar jobs
Widget Tester
Other Corp
"""


def small_ruleset() -> RuleSet:
    text_pack = (resources.files("jobdesk") / "rules" / "00-text.toml").read_text("utf-8")
    p1, e1 = parse_pack(text_pack, "00-text.toml")
    p2, e2 = parse_pack(PACK, "test.toml")
    assert not e1 and not e2
    return RuleSet(packs=[p1, p2])


@pytest.fixture
def cleaner() -> Cleaner:
    return Cleaner(small_ruleset())


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "library.sqlite3")
    yield lib
    lib.close()

"""Fixtures for the window tests: a small rule set, isolated settings, a synchronous
executor (so loading is deterministic), and helpers to feed inputs."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from jobdesk.core.rules import RuleSet, load_rules, parse_pack
from jobdesk.gui.loading import SyncExecutor
from jobdesk.gui.window import MainWindow

TEST_PACK = r"""
[pack]
id = "test"
name = "Test rules"

[[rule]]
id = "test.apply"
name = "Apply buttons"
description = "Apply and Save buttons copied with the page."
category = "site-chrome"
kind = "line"
pattern = '(?:Apply now|Save job)'

[[rule]]
id = "test.applicants"
name = "Applicant count"
description = "How many people applied."
category = "applicant-insights"
kind = "phrase"
pattern = '\s*·\s*\d+ applicants'

[[rule]]
id = "test.eeo"
name = "EEO statement"
description = "Equal opportunity boilerplate."
category = "legal-boilerplate"
kind = "sentence"
pattern = 'equal opportunity employer'

[[rule]]
id = "test.similar"
name = "Similar jobs"
description = "The list of other jobs at the end."
category = "recommendations"
kind = "tail"
pattern = 'Similar jobs'

[[rule]]
id = "test.perks"
name = "Perks blurb"
description = "Company marketing (off by default)."
category = "company-marketing"
kind = "line"
pattern = 'We are an award-winning .*'
default = false

[[rule]]
id = "test.keep-visa"
name = "Keep: visa sponsorship"
description = "Lines about visa sponsorship are content, never boilerplate."
category = "keep"
kind = "phrase"
pattern = 'sponsor visas'
"""

SAMPLE = """Apply now
Senior Widget Engineer 🚀 · 12 applicants
Acme Widgets · Springfield

About the job
We build widgets 🎉 for everyone.
• Design widgets
• Test widgets
We are an award-winning team.
Pay: $100,000 – $120,000. We sponsor visas.
Acme is an equal opportunity employer. We welcome you.
Save job

Similar jobs
Widget Tester
Other Corp
"""


def small_ruleset() -> RuleSet:
    text_pack = (resources.files("jobdesk") / "rules" / "00-text.toml").read_text("utf-8")
    p1, e1 = parse_pack(text_pack, "00-text.toml")
    p2, e2 = parse_pack(TEST_PACK, "test.toml")
    assert not e1 and not e2
    return RuleSet(packs=[p1, p2])


@pytest.fixture(autouse=True)
def _app(qapp):  # type: ignore[no-untyped-def]
    """Every GUI test needs the QApplication (pixmaps, fonts, palettes)."""
    return qapp


@pytest.fixture
def rules() -> RuleSet:
    return small_ruleset()


@pytest.fixture
def shipped_rules() -> RuleSet:
    return load_rules(user_dir=False)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings: QSettings):  # type: ignore[no-untyped-def]
    def make(rules: RuleSet | None = None, **kw: object) -> MainWindow:
        kw.setdefault("settings", settings)
        kw.setdefault("executor", SyncExecutor())
        w = MainWindow(rules if rules is not None else small_ruleset(), **kw)  # type: ignore[arg-type]
        qtbot.addWidget(w)
        w.resize(1200, 700)
        w.show()
        return w

    return make


@pytest.fixture
def window(make_window) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    yield make_window()


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    p = tmp_path / "posting.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    return p

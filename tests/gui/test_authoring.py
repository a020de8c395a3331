"""Acting on a removal, rules from a selection, presets in the window (gui/authoring/).

The user's exceptions apply in the window as in ``jobdesk clean`` (keep this text and
switch this rule off, at three scopes, each tried on the next paste of the posting, of
another posting of its site and of a posting elsewhere); the raw pane marks kept text as
kept; the context menus, the Exceptions… dialog, "Show the Rule"; Remove Text Like This
from a selection to a rule saved, loaded and applied; the presets.
"""

from __future__ import annotations

import json
import textwrap
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QMenu

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import RuleSet, load_rules, parse_pack
from jobdesk.gui.authoring.menus import KEPT_BY_EXCEPTION, removal_menu
from jobdesk.gui.authoring.proposals import LibraryScanJob
from jobdesk.gui.loading import Input, Job
from jobdesk.gui.window import MainWindow
from jobdesk.paths import config_dir, library_path
from jobdesk.session import posting_of, resolve, user_exemptions
from jobdesk.storage import Library

GENERIC = textwrap.dedent(
    r"""
    [pack]
    id = "g"
    name = "Generic"

    [[rule]]
    id = "g.cookies"
    name = "Cookie banner"
    description = "The site's cookie notice."
    category = "site-chrome"
    kind = "line"
    pattern = 'We use cookies.*'

    [[rule]]
    id = "g.eeo"
    name = "EEO line"
    category = "legal-boilerplate"
    kind = "line"
    pattern = 'We are an equal opportunity employer\.'

    [[rule]]
    id = "g.perks"
    name = "Perks blurb"
    category = "company-marketing"
    kind = "line"
    pattern = 'We are an award-winning team\.'
    default = false
    """
)
SITE = textwrap.dedent(
    r"""
    [pack]
    id = "board"
    name = "Board"
    detect = ['Powered by Board']

    [[rule]]
    id = "board.powered"
    name = "Powered by"
    category = "site-chrome"
    kind = "line"
    pattern = 'Powered by Board'
    """
)

COOKIES = "We use cookies to improve the site."
EEO = "We are an equal opportunity employer."
PERKS = "We are an award-winning team."
ONE = (
    f"Backend Engineer\n{COOKIES}\nBuild APIs for our customers.\n{PERKS}\n{EEO}\n"
    "Promoted 3 days ago · 41 applicants\nPowered by Board\n"
)
TWO = (
    f"Data Engineer\n{COOKIES}\nBuild data pipelines every day.\n{EEO}\n"
    "Promoted 12 days ago · 7 applicants\nPowered by Board\n"
)
ELSEWHERE = f"Product Designer\n{COOKIES}\nDraw useful things.\n{EEO}\n"


def rules() -> RuleSet:
    text = (resources.files("jobdesk") / "rules" / "00-text.toml").read_text("utf-8")
    packs = []
    for src, name in ((text, "00-text.toml"), (GENERIC, "g.toml"), (SITE, "board.toml")):
        pack, errors = parse_pack(src, name)
        assert not errors
        packs.append(pack)
    return RuleSet(packs=packs)


@pytest.fixture
def win(make_window) -> MainWindow:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(rules())
    # A reload reads the user's packs again beside these (not the shipped ones).
    w.rule_editor.load = lambda: RuleSet(packs=[*rules().packs, *load_rules(builtin=False).packs])
    return w


def paste(w: MainWindow, text: str) -> str:
    """Paste ``text`` (a new opened posting) and return its cleaned text."""
    w.load_inputs([Input("Pasted", text=text, html=False)])
    assert w.result is not None and w.result.source == text
    return w.result.cleaned


def span_of(w: MainWindow, text: str) -> tuple[int, int]:
    assert w.result is not None
    start = w.result.source.index(text)
    return start, start + len(text)


def menu_action(menu: QMenu, name: str) -> QAction:
    act = menu.findChild(QAction, name)
    assert act is not None, [a.objectName() for a in menu.findChildren(QAction)]
    return act


def point_of(w: MainWindow, offset: int) -> QPoint:
    """The raw pane's viewport point over the character at ``offset``."""
    cur = QTextCursor(w.raw.document())
    cur.setPosition(w.raw.u16.to_utf16(offset) + 1)
    rect = w.raw.cursorRect(cur)
    return QPoint(rect.left() - 2, rect.center().y())


# ---------------------------------------------------------------- keep this text

KEEP_CASES = {
    # scope: kept in (the same posting pasted again, another posting of its site,
    # a posting of no known site)
    "posting": (True, False, False),
    "site": (True, True, False),
    "everywhere": (True, True, True),
}


@pytest.mark.parametrize("scope", list(KEEP_CASES))
def test_keep_this_text_at_each_scope(win: MainWindow, scope: str) -> None:
    assert COOKIES not in paste(win, ONE)
    menu = removal_menu(win.authoring, "g.cookies", span_of(win, COOKIES))
    menu_action(menu, f"keep-{scope}").trigger()
    assert win.result is not None
    assert COOKIES in win.result.cleaned  # re-cleaned at once
    # The raw pane shows the kept line as kept, not as removed.
    start, end = span_of(win, COOKIES)
    assert not any(e.start < end and start < e.end for e in win.raw.edits)
    assert any(k.rule == KEPT_BY_EXCEPTION and k.start <= start and end <= k.end
               for k in win.raw.keeps)  # fmt: skip
    same, site, elsewhere = KEEP_CASES[scope]
    assert (COOKIES in paste(win, ONE)) is same
    assert (COOKIES in paste(win, TWO)) is site
    assert (COOKIES in paste(win, ELSEWHERE)) is elsewhere
    # Saved where `jobdesk clean` reads it, and cleaned the same way there.
    saved = json.loads((config_dir() / "exceptions.json").read_text("utf-8"))
    assert [(e["action"], e["scope"]) for e in saved["exceptions"]] == [("keep", scope)]
    for text in (ONE, TWO, ELSEWHERE):
        cli, _applied = resolve(Cleaner(rules()).match(text), {}, user_exemptions())
        assert (COOKIES in cli.cleaned) is (COOKIES in paste(win, text))


def test_the_raw_panes_menu_on_a_removal_keeps_its_text(win: MainWindow) -> None:
    paste(win, ONE)
    start, _end = span_of(win, COOKIES)
    menu = win.authoring.raw_menu(point_of(win, start + 3))
    keep = menu.findChild(QMenu, "keep-menu")
    assert keep is not None and keep.isEnabled()
    assert menu_action(menu, "keep-site").text().replace("&", "") == "On Board"
    menu_action(menu, "keep-everywhere").trigger()
    assert COOKIES in win.cleaned_text()
    # A kept text's own menu removes the exception again.
    menu = win.authoring.raw_menu(point_of(win, start + 3))
    menu_action(menu, "remove-exception").trigger()
    assert COOKIES not in win.cleaned_text()
    assert len(win.authoring.exemptions) == 0


def test_the_facts_are_read_again_from_what_an_exception_keeps(win: MainWindow) -> None:
    paste(win, ONE)
    win.flush_facts()
    entry, result = win.current_entry, win.result
    assert entry is not None and result is not None
    assert entry.found_facts(result.enabled) is not None
    seen: list[int] = []
    win.factsChanged.connect(lambda: seen.append(1))
    win.authoring.keep_text([COOKIES], "posting")  # the same rules on, another text
    assert entry.found_facts(result.enabled) is None  # not the facts of the old text
    win.flush_facts()
    assert seen and entry.found_facts(result.enabled) is not None


def test_the_saved_posting_is_the_one_shown(win: MainWindow) -> None:
    paste(win, ONE)
    win.authoring.keep_text([COOKIES], "posting")
    (draft,) = win.drafts()
    assert COOKIES in draft.cleaned
    assert COOKIES in posting_of(draft.result).cleaned


# ---------------------------------------------------------------- switch a rule off

OFF_CASES = KEEP_CASES  # rule off in: the same posting, its site, elsewhere


@pytest.mark.parametrize("scope", list(OFF_CASES))
def test_switch_a_rule_off_at_each_scope(win: MainWindow, scope: str) -> None:
    assert EEO not in paste(win, ONE)
    rows = win.rules_panel.proxy
    assert rows.rowCount() > 0
    menu = removal_menu(win.authoring, "g.eeo", None)  # as from a rules-tree row
    menu_action(menu, f"off-{scope}").trigger()
    assert EEO in win.cleaned_text()
    assert COOKIES not in win.cleaned_text()  # only that rule
    same, site, elsewhere = OFF_CASES[scope]
    assert (EEO in paste(win, ONE)) is same
    assert (EEO in paste(win, TWO)) is site
    assert (EEO in paste(win, ELSEWHERE)) is elsewhere
    assert win.rules_model.is_enabled("g.eeo")  # the usual choices are not rewritten


def test_the_rules_tree_has_the_menu(win: MainWindow) -> None:
    paste(win, ONE)
    win.act_hide_empty.setChecked(False)
    win.select_rule("g.eeo", quiet=True)
    view = win.rules_view
    rect = view.visualRect(view.currentIndex())
    assert win.authoring.rule_at(rect.center()) == "g.eeo"


def test_ticking_on_a_rule_an_exception_switches_off_says_so(win: MainWindow) -> None:
    paste(win, ONE)
    win.authoring.rule_off("g.eeo", "site")
    assert not win.notice.isVisible() or "stays off" not in win.notice.label.text()
    win.rules_model.set_enabled(["g.eeo"], False)
    win.rules_model.set_enabled(["g.eeo"], True)
    assert win.notice.isVisible() and "stays off" in win.notice.label.text()
    assert EEO in win.cleaned_text()  # the exception wins, as in jobdesk clean


def test_exceptions_dialog_lists_and_removes(win: MainWindow) -> None:
    paste(win, ONE)
    win.authoring.keep_text([COOKIES], "site")
    win.authoring.rule_off("g.eeo", "posting")
    assert win.authoring.status_button.isVisible()
    dlg = win.authoring.show_exceptions()
    cells = [
        [dlg.table.item(r, c).text() for c in range(dlg.table.columnCount())]
        for r in range(dlg.table.rowCount())
    ]
    assert cells[0][:4] == ["Keep this text", COOKIES, "This site", "board"]
    assert cells[1][:3] == ["Rule off", "EEO line", "This posting"]
    dlg.table.selectRow(0)
    dlg.remove_selected()
    assert dlg.table.rowCount() == 1
    assert COOKIES not in win.cleaned_text() and EEO in win.cleaned_text()
    assert len(user_exemptions()) == 1  # the file too


def test_show_the_rule(win: MainWindow) -> None:
    paste(win, ONE)
    menu = removal_menu(win.authoring, "g.cookies", span_of(win, COOKIES))
    menu_action(menu, "show-rule").trigger()
    assert win.rules_panel.current_rule_id() == "g.cookies"
    dialog = win.authoring.rule_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.label.text()
    assert "cookies.*" in text and "Generic" in text and "cookie notice" in text


# ---------------------------------------------------------------- rules from a selection

PROMO = "Promoted 3 days ago · 41 applicants"


def saved_library(texts: list[str]) -> Path:
    path = library_path()
    cleaner = Cleaner(rules())
    with Library.open(path) as lib:
        for i, text in enumerate(texts):
            np = posting_of(cleaner.match(text).resolve(), title=f"Posting {i}")
            lib.add(np)
    return path


def test_remove_text_like_this(win: MainWindow) -> None:
    saved_library([TWO, ELSEWHERE, ONE.replace("3 days", "5 days")])
    assert PROMO in paste(win, ONE)
    win.raw.select_span(*span_of(win, PROMO))
    dlg = win.authoring.remove_text_like_this()
    assert dlg is not None
    labels = [p.label for p in dlg.proposals]
    assert labels[:3] == ["This exact line", "This line, any numbers and dates",
                          "This phrase anywhere"]  # fmt: skip
    # The exact line: here once, in no saved posting (they differ in their numbers).
    assert dlg.list.currentRow() == 0
    start, end = span_of(win, PROMO)
    assert dlg.here == [(start, end + 1)]  # the whole line, its line break too
    assert [(e.start, e.end) for e in dlg.view.edits] == dlg.here  # struck through
    assert dlg.library_preview is not None
    assert (dlg.library_preview.postings, dlg.library_preview.scanned) == (0, 3)
    # Any numbers and dates: the two saved postings of the site.
    dlg.list.setCurrentRow(1)
    preview = dlg.library_preview
    assert preview is not None and (preview.postings, preview.scanned) == (2, 3)
    assert sorted(label for label, _s in preview.examples) == ["Posting 0", "Posting 2"]
    assert dlg.examples.count() == 2
    assert "removes text from 2 of 3" in dlg.library_label.text()
    rule_id = dlg.current.id if dlg.current else ""
    shown = dlg.rule_text.toPlainText()  # the rule as it is saved
    assert shown.startswith("[[rule]]") and rule_id in shown and 'kind = "line"' in shown
    dlg.add_rule()
    # Saved to the user's pack with the selection as its example …
    pack = (config_dir() / "rules" / "my-rules.toml").read_text("utf-8")
    assert rule_id in pack and PROMO in pack and 'sites = ["board"]' in pack
    # … loaded, and applied to this posting and the next paste.
    assert win.ruleset.get(rule_id) is not None
    assert PROMO not in win.cleaned_text()
    assert "Promoted 12 days ago" not in paste(win, TWO)
    assert "Promoted 8 days ago" in paste(win, "Promoted 8 days ago · 2 applicants\nElsewhere\n")


class Held:
    """An executor that keeps the jobs it is given (they never run)."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def start(self, job: Job) -> None:
        self.jobs.append(job)


def test_closing_the_dialog_cancels_the_library_scan(win: MainWindow) -> None:
    saved_library([TWO])
    paste(win, ONE)
    held = Held()
    win.executor = held
    win.raw.select_span(*span_of(win, PROMO))
    dlg = win.authoring.remove_text_like_this()
    assert dlg is not None and dlg.scanning
    job = held.jobs[-1]
    assert isinstance(job, LibraryScanJob) and not job.cancelled
    dlg.list.setCurrentRow(1)  # a newer choice cancels the older scan
    assert job.cancelled
    newer = held.jobs[-1]
    dlg.reject()
    assert isinstance(newer, LibraryScanJob) and newer.cancelled


def test_the_raw_panes_menu_proposes_from_its_selection(win: MainWindow) -> None:
    paste(win, ONE)
    start, end = span_of(win, "Build APIs")
    assert not menu_action(
        win.authoring.raw_menu(point_of(win, start)), "remove-like-here"
    ).isEnabled()
    win.raw.select_span(start, end)
    menu = win.authoring.raw_menu(point_of(win, start))
    menu_action(menu, "remove-like-here").trigger()
    dlg = win.authoring.dialog
    assert dlg is not None and dlg.isVisible()
    assert dlg.proposals[0].rule["examples"]["remove"] == ["Build APIs for our customers."]
    assert win.authoring.act_remove_like.isEnabled()  # the key still works


def test_nothing_selected_proposes_nothing(win: MainWindow) -> None:
    paste(win, ONE)
    assert win.authoring.remove_text_like_this() is None
    assert "Select" in win.statusBar().currentMessage()


# ---------------------------------------------------------------- presets


def test_presets_switch_the_choices_and_show_which(win: MainWindow) -> None:
    assert PERKS in paste(win, ONE) and EEO not in win.cleaned_text()
    menu = win.authoring.preset_menu
    assert menu.current == "balanced"
    menu.by_id["aggressive"].trigger()
    assert menu.current == "aggressive"
    assert PERKS not in win.cleaned_text()  # a rule off by default is on
    menu.by_id["conservative"].trigger()
    assert menu.current == "conservative"
    assert EEO in win.cleaned_text() and PERKS in win.cleaned_text()
    assert COOKIES not in win.cleaned_text()  # page furniture still goes
    win.rules_model.set_enabled(["g.cookies"], False)  # by hand
    assert menu.current == "custom"
    menu.by_id["balanced"].trigger()
    assert menu.current == "balanced" and win.rules_model.overrides() == {}
    assert win.choices.usual == {}  # the usual choices follow, as a tick would

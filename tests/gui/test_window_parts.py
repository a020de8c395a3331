"""The window's parts on their own, without a MainWindow: built and wired here as the
window wires them (``MainWindow._build_parts`` / ``_wire_parts``), so each part's
interface — its methods and its signals — is what is tested."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QWidget

from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.rules import PackError, RuleSet
from jobdesk.gui import layout
from jobdesk.gui.action_state import NEED_A_POSTING, WindowState, enable_actions
from jobdesk.gui.actions import ACTIONS, ActionSpec, build_actions
from jobdesk.gui.batches import Batches
from jobdesk.gui.chrome import add_menus, add_toolbar, central_area
from jobdesk.gui.compare import ComparePane
from jobdesk.gui.facts import FactsCard
from jobdesk.gui.feedback import Feedback
from jobdesk.gui.help import window_keys
from jobdesk.gui.inputs import EMPTY_CLIPBOARD, InputFlow, accepts
from jobdesk.gui.loading import Input, Loaded, LoadJob, SyncExecutor
from jobdesk.gui.opened import OpenedPostings
from jobdesk.gui.output import NOTHING_TO_COPY, Output
from jobdesk.gui.rule_choices import KEY, RuleChoices
from jobdesk.gui.rules_control import RulesControl
from jobdesk.gui.rules_model import RulesFilterProxy, RulesModel
from jobdesk.gui.rules_panel import RulesPanel
from jobdesk.gui.shown import ShownPosting
from jobdesk.gui.site_menu import SiteChooser
from jobdesk.gui.startup import NO_RULES
from jobdesk.gui.window_settings import WindowSettings, as_bool, restore_frame
from jobdesk.session import Draft

from .conftest import SAMPLE, small_ruleset

CHECK = Qt.ItemDataRole.CheckStateRole


@dataclass
class Parts:
    host: QMainWindow
    settings: QSettings
    opened: OpenedPostings
    choices: RuleChoices
    model: RulesModel
    panel: RulesPanel
    compare: ComparePane
    stack: QStackedWidget
    empty: QWidget
    shown: ShownPosting
    rules: RulesControl
    output: Output
    inputs: InputFlow
    site: SiteChooser
    said: list[tuple[Any, ...]] = field(default_factory=list)  # every signal, in order

    def toggle(self, rule_id: str, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        assert self.model.setData(self.model.index_for_rule(rule_id), state, CHECK)

    def heard(self, kind: str) -> list[tuple[Any, ...]]:
        return [s[1:] for s in self.said if s[0] == kind]


def _record(said: list[tuple[Any, ...]], kind: str) -> Callable[..., None]:
    return lambda *args: said.append((kind, *args))


@pytest.fixture
def parts(qtbot, settings: QSettings) -> Parts:  # type: ignore[no-untyped-def]
    host = QMainWindow()
    qtbot.addWidget(host)
    ruleset = small_ruleset()
    hide_empty, reset, discard = QAction("Hide", host), QAction("Reset", host), QAction(host)
    hide_empty.setCheckable(True)
    discard.setShortcut("Ctrl+Alt+Z")
    choices = RuleChoices(settings)
    opened = OpenedPostings(host)
    model = RulesModel(ruleset, host)
    proxy = RulesFilterProxy(host)
    proxy.setSourceModel(model)
    panel = RulesPanel(ruleset, model, proxy, hide_empty, reset)
    compare = ComparePane(ruleset, discard, FactsCard())
    empty = QWidget()
    stack = QStackedWidget()
    stack.addWidget(empty)
    stack.addWidget(compare)
    split = QSplitter()
    split.addWidget(panel)
    split.addWidget(stack)
    host.setCentralWidget(split)
    executor = SyncExecutor()
    cleaner = Cleaner(ruleset)
    shown = ShownPosting(
        ruleset, opened, choices, (model, panel), compare, (stack, empty), discard,
        executor, host.palette, host,
    )  # fmt: skip
    rules = RulesControl(shown, choices, panel, discard, host)
    output = Output(shown, opened, choices, host)
    inputs = InputFlow(
        host, settings, lambda: cleaner, Batches(host, executor), opened, choices,
        executor.start,
    )  # fmt: skip
    site = SiteChooser(ruleset, host, lambda: shown.current, "Choose the site")
    p = Parts(host, settings, opened, choices, model, panel, compare, stack, empty, shown,
              rules, output, inputs, site)  # fmt: skip
    # The window's wiring, recorded.
    opened.rowChosen.connect(shown.show_row)
    model.overridesChanged.connect(rules.on_overrides_changed)
    inputs.rowChosen.connect(shown.select_row)
    inputs.rematched.connect(shown.reshow)
    site.reload.connect(lambda inp: inputs.load([inp]))
    for part in (shown, rules, output, inputs, site):
        part.message.connect(_record(p.said, "message"))
    for part in (inputs, output, site):
        part.notice.connect(_record(p.said, "notice"))
    shown.shown.connect(_record(p.said, "shown"))
    shown.changed.connect(_record(p.said, "changed"))
    inputs.finished.connect(_record(p.said, "finished"))
    host.resize(1200, 700)
    host.show()
    return p


def posting(tmp_path: Path, name: str = "posting.txt", text: str = SAMPLE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------- the input flow


def test_inputs_list_what_they_read_and_choose_a_batchs_first_row(
    parts: Parts, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    parts.inputs.open_paths([posting(tmp_path), bad])
    assert parts.opened.count() == 1  # the bad file is not listed
    assert parts.heard("shown")[0][0] is parts.opened.entry(0)  # the first row shows
    ((text, level, _details),) = parts.heard("notice")
    assert "bad.txt" in text and level == "warning"
    assert parts.heard("finished") == [()] and not parts.inputs.busy
    assert parts.heard("message")[0] == ("Reading…", 0)


def test_inputs_route_batches_and_items_through_the_hooks_given(
    parts: Parts, tmp_path: Path
) -> None:
    started: list[int] = []
    items: list[str] = []

    def through(inputs: Any, notes: Any) -> LoadJob:
        started.append(len(inputs))
        return parts.inputs.load(inputs, notes)

    def on_item(job: LoadJob, loaded: Loaded, done: int, total: int) -> None:
        items.append(loaded.input.label)
        parts.inputs.item_loaded(job, loaded, done, total)

    parts.inputs.through = through
    parts.inputs.on_item = on_item
    parts.inputs.open_paths([posting(tmp_path, "a.txt"), posting(tmp_path, "b.txt")])
    md = QMimeData()
    md.setText(SAMPLE)
    assert parts.inputs.handle_mime(md, "Dropped text")
    assert started == [2, 1] and items == ["a.txt", "b.txt", "Dropped text"]
    assert parts.opened.count() == 3
    assert parts.heard("message")[-1] == ("", 0)  # nothing to report: the bar clears


def test_inputs_say_when_there_is_nothing_to_open(parts: Parts) -> None:
    parts.inputs.open_paths([])
    assert not parts.inputs.handle_mime(QMimeData(), "Dropped text")
    QGuiApplication.clipboard().clear()
    parts.inputs.paste()
    assert [n[0] for n in parts.heard("notice")] == [
        "Nothing to open.",
        "Nothing to open in what was dropped.",
        EMPTY_CLIPBOARD,
    ]
    assert parts.opened.count() == 0
    assert not accepts(QMimeData())
    md = QMimeData()
    md.setHtml("<p>Engineer</p>")
    assert accepts(md)


def test_a_cancelled_batch_lists_nothing_more_and_says_so(parts: Parts, tmp_path: Path) -> None:
    def on_item(job: LoadJob, loaded: Loaded, done: int, total: int) -> None:
        parts.inputs.item_loaded(job, loaded, done, total)
        if done == 1:
            parts.inputs.cancel(job)

    parts.inputs.on_item = on_item
    parts.inputs.open_paths([posting(tmp_path, f"p{i}.txt") for i in range(4)])
    assert parts.opened.count() == 1
    assert parts.heard("notice")[-1][0].startswith("Stopped: 1 of 4 postings opened.")


# ------------------------------------------------------------------- the posting on show


def test_the_shown_posting_is_resolved_again_when_a_rule_switches(
    parts: Parts, tmp_path: Path
) -> None:
    parts.inputs.open_paths([posting(tmp_path)])
    shown = parts.shown
    assert shown.current is parts.opened.entry(0) and shown.result is not None
    assert parts.stack.currentWidget() is parts.compare
    assert "Apply now" not in shown.cleaned_text()
    assert shown.cleaned_text() == parts.compare.cleaned.toPlainText()
    parts.toggle("test.apply", False)  # the rules part resolves the shown posting again
    assert "Apply now" in shown.cleaned_text()
    assert parts.choices.usual == {"test.apply": False}
    assert '"test.apply": false' in str(parts.settings.value(KEY))  # the usual rules, saved
    parts.rules.reset_rules()
    assert "Apply now" not in shown.cleaned_text()
    assert parts.heard("message")[-1] == ("Every rule is back to its default", 4000)
    assert shown.pair() == (shown.current, shown.result)


def test_a_hand_edit_freezes_the_cleaned_text_until_discarded(
    parts: Parts, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    parts.inputs.open_paths([posting(tmp_path)])
    cleaned = parts.compare.cleaned
    cleaned.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(cleaned, " My note.")
    entry = parts.shown.current
    assert entry is not None and entry.hand_text is not None
    assert "Discard Hand Edits" in parts.heard("message")[-1][0]
    assert parts.heard("changed")
    parts.toggle("test.eeo", False)
    assert parts.shown.cleaned_text().endswith("My note.")  # frozen
    assert "Ctrl+Alt+Z" in parts.heard("message")[-1][0]  # the rules part says how
    parts.shown.discard_hand_edits()
    assert entry.hand_text is None and "equal opportunity" in parts.shown.cleaned_text()
    assert parts.heard("message")[-1] == ("Hand edits discarded", 4000)


def test_stepping_and_closing_postings(parts: Parts, tmp_path: Path) -> None:
    parts.inputs.open_paths([posting(tmp_path, "a.txt"), posting(tmp_path, "b.txt")])
    first, second = parts.opened.entries
    assert parts.shown.current is first
    parts.shown.next_file()
    assert parts.shown.current is second
    parts.shown.next_file()  # wraps
    assert parts.shown.current is first
    parts.shown.close_current()
    assert parts.shown.current is second and parts.opened.count() == 1
    parts.shown.close_current()
    assert parts.shown.current is None and parts.shown.result is None
    assert parts.heard("shown")[-1] == (None,)
    assert parts.stack.currentWidget() is parts.empty
    assert parts.shown.cleaned_text() == ""


def test_show_opened_finds_a_posting_by_its_library_id(parts: Parts, tmp_path: Path) -> None:
    parts.inputs.open_paths([posting(tmp_path, "a.txt"), posting(tmp_path, "b.txt")])
    assert not parts.shown.show_opened(7)
    parts.opened.entries[1].library_id = 7
    assert parts.shown.show_opened(7) and parts.shown.current is parts.opened.entries[1]


# ------------------------------------------------------------------- output


def test_output_copies_what_shows_and_saves_through_the_saver(parts: Parts, tmp_path: Path) -> None:
    parts.output.copy_cleaned()
    parts.output.save_to_library()
    assert [n[0] for n in parts.heard("notice")] == [
        NOTHING_TO_COPY,
        "The library is not available in this version yet.",
    ]
    parts.inputs.open_paths([posting(tmp_path, "a.txt"), posting(tmp_path, "b.txt")])
    parts.output.copy_cleaned()
    assert QGuiApplication.clipboard().text() == parts.shown.cleaned_text()
    parts.output.copy_markdown()
    assert QGuiApplication.clipboard().mimeData().hasFormat("text/markdown")
    saved: list[list[Draft]] = []
    changed: list[bool] = []
    parts.output.saverChanged.connect(lambda: changed.append(True))
    parts.output.set_library_saver(lambda drafts: saved.append(drafts) or "Saved.")
    assert changed == [True]
    parts.output.save_to_library()
    parts.output.save_all_to_library()
    assert [len(d) for d in saved] == [1, 2]
    assert parts.heard("message")[-1] == ("Saved.", 6000)

    def broken(_drafts: list[Draft]) -> str:
        raise OSError("disk full")

    parts.output.set_library_saver(broken)
    parts.output.save_to_library()
    assert parts.heard("notice")[-1] == ("Could not save to the library: disk full", "error", "")


def test_output_drafts_carry_the_rules_that_are_on(parts: Parts, tmp_path: Path) -> None:
    parts.inputs.open_paths([posting(tmp_path)])
    parts.toggle("test.apply", False)
    (draft,) = parts.output.drafts()
    assert "Apply now" in draft.cleaned
    assert parts.output.drafts(all_entries=True)[0].cleaned == draft.cleaned


# ------------------------------------------------------------------- the site


def test_the_site_chooser_reads_the_shown_posting_again(parts: Parts, tmp_path: Path) -> None:
    parts.site.force(NO_SITE)
    assert parts.heard("message")[-1] == ("Open a posting first", 3000)
    assert parts.site.act_auto.isChecked()
    parts.inputs.open_paths([posting(tmp_path)])
    entry = parts.shown.current
    parts.site.show(entry)
    assert parts.site.label.text() == "site: generic"
    parts.site.force("no-such-site")
    assert parts.heard("notice")[-1] == ("Unknown site 'no-such-site'.", "error", "")
    replaced: list[Input] = []
    parts.site.reload.connect(replaced.append)
    parts.site.force(NO_SITE)
    assert replaced[0].replaces is entry and replaced[0].site == NO_SITE
    assert parts.opened.count() == 1 and parts.shown.current is entry  # matched again
    # (then the batch's end clears the bar, as the window always did)
    assert ("Cleaned again (site detected)", 4000) in parts.heard("message")
    parts.site.show(entry)
    assert parts.site.label.text() == "site: unknown (chosen)"
    assert parts.site.act_none.isChecked()
    parts.site.show(None)
    assert parts.site.label.text() == ""


# ------------------------------------------------------------------- the rules arrive


def test_the_parts_built_before_the_rules_take_them_when_they_arrive(
    qtbot, settings: QSettings, shipped_rules: RuleSet
) -> None:  # type: ignore[no-untyped-def]
    # The window paints with the stand-in (no packs); the rules come after (startup.py).
    host = QMainWindow()
    qtbot.addWidget(host)
    hide_empty, reset, discard = QAction("Hide", host), QAction("Reset", host), QAction(host)
    ruleset = small_ruleset()
    eeo, perks = ruleset.get("test.eeo"), ruleset.get("test.perks")
    assert eeo is not None and perks is not None
    choices = RuleChoices(settings)
    # Saved before: a real choice, and one that is now the rule's default.
    choices.usual = {"test.eeo": not eeo.default, "test.perks": perks.default}
    model = RulesModel(NO_RULES, host)
    proxy = RulesFilterProxy(host)
    proxy.setSourceModel(model)
    panel = RulesPanel(NO_RULES, model, proxy, hide_empty, reset)
    compare = ComparePane(NO_RULES, discard, FactsCard())
    empty, stack = QWidget(), QStackedWidget()
    stack.addWidget(empty)
    stack.addWidget(compare)
    shown = ShownPosting(
        NO_RULES, OpenedPostings(host), choices, (model, panel), compare, (stack, empty),
        discard, SyncExecutor(), host.palette, host,
    )  # fmt: skip
    shown.show_without_document()
    assert model.rules() == []
    shown.set_rules(ruleset)
    assert shown.ruleset is ruleset and panel.ruleset is ruleset and compare.ruleset is ruleset
    assert model.ruleset is ruleset
    generic = [r.id for p in ruleset.packs if not p.is_site for r in p.rules]
    assert [r.id for r in model.rules()] == generic  # no posting: the generic rules
    assert choices.usual == {"test.eeo": not eeo.default}  # checked against the rules
    assert model.is_enabled("test.eeo") is not eeo.default

    site = SiteChooser(NO_RULES, host, lambda: None)
    assert [a.data() for a in site.group.actions()] == [None, None]  # detect, unknown
    site.set_rules(shipped_rules)
    sites = [p.id for p in shipped_rules.packs if p.is_site]
    assert len(sites) > 3
    assert [a.data() for a in site.group.actions()] == [None, NO_SITE, *sites]
    site.set_rules(shipped_rules)  # loaded again (the rule editor): listed once
    assert len(site.group.actions()) == 2 + len(sites)
    assert site.ruleset is shipped_rules


# ------------------------------------------------------------------- feedback, settings


def test_feedback_says_notices_and_status_messages(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    fb = Feedback(window)
    window.setCentralWidget(fb.notice)
    window.show()
    fb.notify("Could not open x. It is binary.", "error", "details")
    assert fb.notice.isVisible() and fb.notice.level == "error"
    assert window.statusBar().currentMessage() == "Could not open x"
    fb.status("Copied", 0)
    assert window.statusBar().currentMessage() == "Copied"
    fb.status("", 0)
    assert window.statusBar().currentMessage() == ""
    fb.dismiss()
    assert not fb.notice.isVisible()
    ruleset = small_ruleset()
    fb.add_status_widgets(QWidget(), QWidget(), QAction("Problems", window))
    assert fb.pack_errors_button.isHidden()  # until the rules say
    fb.show_pack_errors(ruleset)
    assert fb.pack_errors_button.isHidden()  # no problems: no button
    assert not fb.notice.isVisible()
    problems = [PackError("a.toml", "bad TOML"), PackError("b.toml", "bad key", "b.x", key="y")]
    broken = RuleSet(packs=[], errors=problems)
    fb.show_pack_errors(broken)
    assert not fb.pack_errors_button.isHidden()
    assert fb.pack_errors_button.text() == "⚠ 2 rule-pack problems"
    assert fb.notice.isVisible() and fb.notice.level == "warning"
    assert fb.notice.label.text() == "2 problems in the rule packs; the other rules work."


def test_window_settings_restore_what_was_saved_and_reset_the_layout(
    qtbot, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    def build() -> tuple[WindowSettings, QWidget, tuple[QAction, QAction, QAction], FactsCard]:
        w = QWidget()
        qtbot.addWidget(w)
        main, panes = QSplitter(w), QSplitter()
        main.addWidget(QWidget())
        main.addWidget(panes)
        panes.addWidget(QWidget())
        panes.addWidget(QWidget())
        toggles = (QAction(w), QAction(w), QAction(w))
        for t in toggles:
            t.setCheckable(True)
        card = FactsCard()
        qtbot.addWidget(card)
        ws = WindowSettings(
            settings, w, (main, panes), RulesModel(small_ruleset(), w), RuleChoices(settings),
            card, toggles, lambda text, ms: said.append((text, ms)),
        )  # fmt: skip
        return ws, w, toggles, card

    said: list[tuple[str, int]] = []
    ws, w, (hide, pack, sync), card = build()
    restore_frame(settings, w, ws.main_split, hide)  # nothing saved yet: the defaults
    ws.restore()
    assert (w.width(), w.height()) == layout.DEFAULT_SIZE
    assert hide.isChecked() and not pack.isChecked() and sync.isChecked() and card.expanded
    hide.setChecked(False)
    sync.setChecked(False)
    card.set_expanded(False)
    ws.save()
    assert as_bool(settings.value("rules/hide_empty")) is False
    ws2, w2, (hide2, _pack2, sync2), card2 = build()
    restore_frame(settings, w2, ws2.main_split, hide2)
    ws2.restore()
    assert not hide2.isChecked() and not sync2.isChecked() and not card2.expanded
    ws2.reset_layout()
    assert hide2.isChecked() and sync2.isChecked() and card2.expanded
    assert said == [("The layout is back to its defaults", 4000)]
    assert as_bool(settings.value("view/sync_scroll")) is True  # the reset is saved


# ------------------------------------------------------------------- actions, frame, keys


def test_actions_are_enabled_by_what_the_window_shows(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    acts = build_actions(owner, _plain_specs())
    enable_actions(acts, WindowState())  # the empty window, no library
    assert acts["paste-empty"].isEnabled()
    assert not any(acts[n].isEnabled() for n in (*NEED_A_POSTING, "reset-edits", "save"))
    assert not acts["next-file"].isEnabled() and not acts["pack-errors"].isEnabled()
    assert acts["save"].toolTip() == "Save to library — the library is not available"
    enable_actions(acts, WindowState(posting=True, empty=False, opened=2, library=True))
    assert not acts["paste-empty"].isEnabled()
    assert all(acts[n].isEnabled() for n in (*NEED_A_POSTING, "save", "save-all", "next-file"))
    assert not acts["reset-edits"].isEnabled()
    assert acts["save"].toolTip().startswith("Save this posting to your library (")
    enable_actions(acts, WindowState(posting=True, empty=False, hand_edited=True, opened=1,
                                     pack_errors=True))  # fmt: skip
    assert acts["reset-edits"].isEnabled() and acts["pack-errors"].isEnabled()
    assert not acts["save"].isEnabled() and not acts["save-all"].isEnabled()
    assert not acts["prev-file"].isEnabled()
    assert not acts["edit-rules"].isEnabled()  # until the rule editor is made
    enable_actions(acts, WindowState(rule_editor=True))
    assert acts["edit-rules"].isEnabled()


def _plain_specs() -> list[ActionSpec]:
    """The window's action table with a slot every QWidget has."""
    return [replace(spec, slot="update") for spec in ACTIONS]


def test_the_frame_is_built_from_the_tables(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    acts = build_actions(window, _plain_specs())
    add_menus(window, acts, [("&One", ("paste", None, "open")), ("&Two", ("about",))])
    menus = [a.menu() for a in window.menuBar().actions()]
    assert [m.title() for m in menus] == ["&One", "&Two"]
    assert [a.objectName() or None for a in menus[0].actions()] == ["paste", None, "open"]
    label = QWidget()
    tb = add_toolbar(window, acts, [label], names=("paste", None, "open"))
    items = tb.actions()
    assert [a.objectName() for a in items[:3]] == ["paste", "", "open"]
    assert tb.widgetForAction(items[-1]) is label  # the trailing widget ends the toolbar
    notice, left, page1, page2 = QWidget(), QWidget(), QWidget(), QWidget()
    central, split, stack = central_area(notice, left, [page1, page2])
    qtbot.addWidget(central)
    assert split.widget(0) is left and split.widget(1) is stack
    assert stack.count() == 2 and stack.currentWidget() is page1
    assert notice.parentWidget() is central


def test_window_keys_lists_the_windows_keys_then_a_parts(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    own = QAction("&Paste", window)
    own.setShortcut("Ctrl+V")
    window.addAction(own)
    part = QObjectWithAction(window)
    stray = QAction("Other", window)  # the window's child, not added to it, not the part's
    stray.setShortcut("Ctrl+9")
    rows = window_keys(window, part, {own: "Paste (empty window)"})
    assert rows == [("Paste (empty window)", "Ctrl+V"), ("Library: Find", "Ctrl+F")]


class QObjectWithAction(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        act = QAction("&Find", self)
        act.setShortcut("Ctrl+F")  # found among the window's children: the part's

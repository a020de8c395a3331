"""Rules ▸ Edit My Rules…: the rule editor (gui/authoring/editor.py) — validation as
you type with the loader's reasons, examples run live (a catastrophic pattern reported
too slow, off the GUI thread), save → reload → the next paste, shipped rules read-only,
and packs imported, exported and switched off as a whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from jobdesk.core.rules import RuleSet, load_rules
from jobdesk.gui.authoring import editor as editor_module
from jobdesk.gui.authoring.editor import RuleEditorDialog
from jobdesk.gui.loading import Input, ThreadExecutor
from jobdesk.gui.window import MainWindow
from jobdesk.paths import user_rules_dir
from tests.gui.conftest import SAMPLE, TEST_PACK

EXPONENTIAL = "(a|a)+(?=b)"  # backtracks through 2^n paths on a run of a's

TEAM = """\
[pack]
id = "team"
name = "Team rules"

# shared by the team
[[rule]]
id = "team.refer"
name = "Referral line"
kind = "line"
pattern = 'Refer a friend'
examples.remove = ["Refer a friend"]
"""


@pytest.fixture
def loader(tmp_path: Path) -> Callable[[], RuleSet]:
    pack = tmp_path / "test.toml"
    pack.write_text(TEST_PACK, encoding="utf-8")
    return lambda: load_rules(builtin=False, extra=[pack])  # + the user's packs


@pytest.fixture
def win(make_window, loader: Callable[[], RuleSet]) -> MainWindow:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(loader())
    w.rule_editor.load = loader
    return w


def open_editor(w: MainWindow) -> RuleEditorDialog:
    w.actions_by_name["edit-rules"].trigger()  # Rules ▸ Edit My Rules…
    d = w.rule_editor.dialog
    assert d is not None and d.isVisible()
    d.delay_ms = 0
    d.confirm = lambda _text: True
    return d


def paste(w: MainWindow, text: str) -> None:
    w.load_inputs([Input(label="Pasted", text=text, html=False)])


def fill(d: RuleEditorDialog, *, kind: str = "line", pattern: str = "", remove: str = "",
         keep: str = "", rid: str = "user.acme") -> None:  # fmt: skip
    d.id_edit.setText(rid)
    d.kind_box.setCurrentIndex(d.kind_box.findData(kind))
    d.pattern_edit.setPlainText(pattern)
    d.remove_edit.setPlainText(remove)
    d.keep_edit.setPlainText(keep)


def settle(qtbot, d: RuleEditorDialog) -> None:  # type: ignore[no-untyped-def]
    """Wait out the debounce (the examples run inline: the window's SyncExecutor)."""
    qtbot.waitUntil(lambda: not d._timer.isActive(), timeout=3000)


def results(d: RuleEditorDialog) -> list[str]:
    return [d.results_list.item(k).text() for k in range(d.results_list.count())]


def test_the_rules_menu_opens_the_editor_on_the_users_packs(win: MainWindow) -> None:
    rules_menu = next(m for m in win.menuBar().actions() if m.text() == "&Rules").menu()
    assert win.actions_by_name["edit-rules"] in rules_menu.actions()
    d = open_editor(win)
    assert d.item_for("my-rules.toml") is not None  # where a new rule goes (not made yet)
    assert not d.save_button.isEnabled()


def test_a_bad_pattern_is_rejected_as_you_type_with_the_reason(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    d = open_editor(win)
    d.new_rule()
    fill(d, pattern="Apply now\n(unclosed", remove="Apply now")
    assert d._timer.isActive() and not d.save_button.isEnabled()  # debounced
    settle(qtbot, d)
    assert d.error_for("pattern").startswith("line 2: invalid regex: missing ), unterminated")
    # shown next to the field it is about
    assert d.error_labels["pattern"].parent() is d.fields["pattern"]
    assert d.error_labels["pattern"].isVisible()
    assert not d.save_button.isEnabled()
    assert "problem" in d.status.currentMessage()
    d.pattern_edit.setPlainText("Apply now")
    settle(qtbot, d)
    assert d.error_for("pattern") == "" and not d.error_labels["pattern"].isVisible()
    assert d.save_button.isEnabled()


def test_the_form_shows_the_kinds_parameters_and_rejects_one_it_does_not_take(  # type: ignore[no-untyped-def]
    qtbot, win: MainWindow
) -> None:
    d = open_editor(win)
    d.new_rule()
    visible = lambda name: d.form.isRowVisible(d.fields[name])  # noqa: E731
    fill(d, kind="tail", pattern="Similar jobs")
    settle(qtbot, d)
    assert [p for p in ("until", "min_offset", "occurrence", "include_marker", "paragraphs")
            if visible(p)] == ["min_offset", "occurrence", "include_marker"]  # fmt: skip
    fill(d, kind="block", pattern="Similar jobs")
    settle(qtbot, d)
    assert visible("until") and d.error_for("until") == "a 'block' rule needs it"
    assert not d.save_button.isEnabled()
    d.param_widgets["until"].setPlainText("Other Corp")  # type: ignore[attr-defined]
    settle(qtbot, d)
    assert d.errors == [] and d.save_button.isEnabled()
    # A kind that does not take the value typed: the field stays, with the loader's reason.
    d.kind_box.setCurrentIndex(d.kind_box.findData("line"))
    settle(qtbot, d)
    assert visible("until")
    assert d.error_for("until") == (
        "a 'line' rule does not take this key (it takes pattern or phrases)"
    )
    assert not d.save_button.isEnabled()
    d.param_widgets["until"].setPlainText("")  # type: ignore[attr-defined]
    settle(qtbot, d)
    assert not visible("until") and d.save_button.isEnabled()


def test_the_examples_run_as_you_edit(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    d = open_editor(win)
    d.new_rule()
    fill(d, kind="phrase", pattern=r"\s*·\s*\d+ applicants",
         remove="Engineer · 12 applicants", keep="We read all applicants")  # fmt: skip
    settle(qtbot, d)
    assert results(d) == [
        "✓ remove “Engineer · 12 applicants”: matched “· 12 applicants”",
        "✓ keep “We read all applicants”: no match",
    ]
    assert d.status.currentMessage() == "2 of 2 examples pass"
    d.pattern_edit.setPlainText(r"\d+ applicants|all applicants")
    settle(qtbot, d)
    assert results(d) == [
        "✓ remove “Engineer · 12 applicants”: matched “12 applicants”",
        "✗ keep “We read all applicants”: matched “all applicants” (should not match)",
    ]
    assert d.status.currentMessage() == "1 of 2 examples pass; 1 fails"


def test_a_catastrophic_pattern_is_too_slow_and_never_blocks_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, win: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editor_module, "EXAMPLE_SECONDS", 0.05)
    d = open_editor(win)
    d.executor = ThreadExecutor()  # as in the app: a worker thread
    d.new_rule()
    fill(d, kind="phrase", pattern="Apply now", remove="Apply now")
    settle(qtbot, d)
    d.pattern_edit.setPlainText(EXPONENTIAL)
    d.remove_edit.setPlainText("a" * 40 + "!")
    with qtbot.waitSignal(d.examplesRan, timeout=20000):
        d.validate_now()
        # validate_now returned at once: the examples run off the GUI thread.
        assert results(d) == ["Running the examples…"]
    (line,) = results(d)
    assert line.startswith("⏱ remove “" + "a" * 40 + "!”: too slow")
    assert d.status.currentMessage() == "0 of 1 examples pass; 1 fails"


def test_a_stale_run_of_the_examples_is_dropped(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    d = open_editor(win)
    d.new_rule()
    jobs: list[editor_module.ExamplesJob] = []

    class Later:
        def start(self, job: editor_module.ExamplesJob) -> None:
            jobs.append(job)

    d.executor = Later()
    fill(d, pattern="Apply now", remove="Apply now")
    d.validate_now()
    d.pattern_edit.setPlainText("Save job")
    d.validate_now()
    jobs[-1].run()
    jobs[0].run()  # the older run reports last: dropped
    assert results(d) == ["✗ remove “Apply now”: no match (should match)"]


def test_save_reloads_the_rules_and_the_next_paste_uses_them(  # type: ignore[no-untyped-def]
    qtbot, win: MainWindow
) -> None:
    paste(win, SAMPLE)
    assert "Acme Widgets · Springfield" in win.cleaned_text()
    d = open_editor(win)
    d.new_rule()
    fill(d, pattern=r"Acme Widgets · \w+", remove="Acme Widgets · Springfield")
    settle(qtbot, d)
    with qtbot.waitSignal(win.rule_editor.reloaded):
        d.save_button.click()
    path = user_rules_dir() / "my-rules.toml"
    assert 'id = "user.acme"' in path.read_text("utf-8")
    assert win.ruleset.get("user.acme") is not None
    assert win.rules_model.index_for_rule("user.acme").isValid()  # in the rules panel
    # The posting shown was cleaned again …
    assert "Acme Widgets · Springfield" not in win.cleaned_text()
    assert "Senior Widget Engineer" in win.cleaned_text()
    # … and the next paste uses the rule.
    paste(win, "Data Engineer\nAcme Widgets · Remote\nWe build pipelines.\n")
    assert win.cleaned_text() == "Data Engineer\nWe build pipelines.\n"
    assert d.item_for("my-rules.toml", "user.acme") is d.tree.currentItem()
    assert not d.save_button.isEnabled()  # saved as shown
    # Edited and saved again: in place (one rule), the window follows.
    d.pattern_edit.setPlainText(r"Acme Widgets · Springfield")
    settle(qtbot, d)
    d.save_button.click()
    assert path.read_text("utf-8").count("[[rule]]") == 1
    paste(win, "Data Engineer\nAcme Widgets · Remote\n")
    assert "Acme Widgets · Remote" in win.cleaned_text()


def test_delete_removes_the_rule_from_the_pack_and_the_window(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    d = open_editor(win)
    d.new_rule()
    fill(d, pattern="Refer a friend", remove="Refer a friend")
    settle(qtbot, d)
    d.save()
    assert win.ruleset.get("user.acme") is not None
    assert d.delete_button.isEnabled()
    d.delete_button.click()
    assert win.ruleset.get("user.acme") is None
    assert "user.acme" not in (user_rules_dir() / "my-rules.toml").read_text("utf-8")


def test_shipped_rules_are_read_only_and_can_be_duplicated(  # type: ignore[no-untyped-def]
    qtbot, make_window, shipped_rules: RuleSet
) -> None:
    w: MainWindow = make_window(shipped_rules)
    d = open_editor(w)
    rule = next(r for r in shipped_rules.rules if r.kind == "line" and r.examples_remove)
    assert d.select_shipped(rule.id)
    assert d.id_edit.text() == rule.id
    assert not d.fields["id"].isEnabled() and not d.fields["pattern"].isEnabled()
    assert not d.save_button.isEnabled() and not d.delete_button.isEnabled()
    assert "read-only" in d.where.text()
    d.duplicate_button.click()
    settle(qtbot, d)
    assert d.id_edit.text() == f"user.{rule.id}" and d.fields["id"].isEnabled()
    assert "my-rules.toml" in d.where.text()
    assert d.errors == [] and all(r.ok for r in d.results)  # its examples come along
    assert d.save()
    assert w.ruleset.get(f"user.{rule.id}") is not None
    assert w.ruleset.get(rule.id) is not None  # the shipped one as it was


def test_a_bad_pack_is_refused_on_import_and_a_good_one_loads(  # type: ignore[no-untyped-def]
    qtbot, win: MainWindow, tmp_path: Path
) -> None:
    d = open_editor(win)
    bad = tmp_path / "bad.toml"
    bad.write_text(TEAM + '\n[[rule]]\nid = "team.broken"\nkind = "line"\npattern = "(x"\n',
                   encoding="utf-8")  # fmt: skip
    assert d.import_file(bad) is None
    assert d.problems == [
        f"{bad}: rule 'team.broken': pattern: invalid regex: missing ), unterminated "
        "subpattern at position 0"
    ]
    box = d.findChild(QMessageBox, "editorProblem")
    assert box is not None and "bad.toml was not imported." in box.text()
    box.close()
    assert not user_rules_dir().exists() or list(user_rules_dir().iterdir()) == []
    good = tmp_path / "team.toml"
    good.write_text(TEAM, encoding="utf-8")
    target = d.import_file(good)
    assert target == user_rules_dir() / "team.toml"
    assert win.ruleset.get("team.refer") is not None
    assert d.item_for("team.toml", "team.refer") is not None
    paste(win, "Data Engineer\nRefer a friend\n")
    assert win.cleaned_text() == "Data Engineer\n"


def test_a_pack_exported_and_imported_again_is_the_same(  # type: ignore[no-untyped-def]
    qtbot, win: MainWindow, tmp_path: Path
) -> None:
    d = open_editor(win)
    source = tmp_path / "team.toml"
    source.write_text(TEAM, encoding="utf-8")
    d.import_file(source)
    assert d.select("team.toml")
    assert d.export_button.isEnabled()
    dest = tmp_path / "out" / "shared.toml"
    dest.parent.mkdir()
    assert d.export_to(dest) == dest
    assert dest.read_text("utf-8") == TEAM  # comments and all
    assert d.export_to(dest) is None and "already exists" in d.problems[0]
    d.findChild(QMessageBox, "editorProblem").close()
    other = tmp_path / "elsewhere"
    back = load_rules(builtin=False, user_dir=other, extra=[dest])
    assert [r.id for r in back.rules] == ["team.refer"]


def test_an_imported_pack_is_switched_off_as_a_whole_and_stays_off(  # type: ignore[no-untyped-def]
    qtbot, win: MainWindow, make_window, tmp_path: Path, loader: Callable[[], RuleSet]
) -> None:
    d = open_editor(win)
    source = tmp_path / "team.toml"
    source.write_text(TEAM, encoding="utf-8")
    d.import_file(source)
    assert not win.rule_editor.off_label.isVisible()
    assert d.select("team.toml") and d.off_button.text() == "Switch &Off"
    d.off_button.click()
    assert (user_rules_dir() / "team.toml.off").is_file()
    assert win.ruleset.get("team.refer") is None
    label = win.rule_editor.off_label
    assert label.isVisible() and label.text().startswith("Switched off: Team rules")
    assert label.parent() is win.rules_panel  # the rules panel says so
    assert d.item_for("team.toml.off") is not None
    assert d.off_button.text() == "Switch &On"
    paste(win, "Data Engineer\nRefer a friend\n")
    assert win.cleaned_text() == "Data Engineer\nRefer a friend\n"
    # Persisted: the next window has it off too.
    again: MainWindow = make_window(loader())
    assert again.ruleset.get("team.refer") is None
    assert again.rule_editor.off_label.text().startswith("Switched off: Team rules")
    # And on again.
    d.off_button.click()
    assert win.ruleset.get("team.refer") is not None
    assert not win.rule_editor.off_label.isVisible()
    paste(win, "Data Engineer\nRefer a friend\n")
    assert win.cleaned_text() == "Data Engineer\n"


def test_closing_with_an_unsaved_rule_asks_first(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    d = open_editor(win)
    d.new_rule()
    asked: list[str] = []
    d.confirm = lambda text: asked.append(text) or False  # type: ignore[func-returns-value]
    d.close()  # (Esc and the Close button go the same way)
    assert asked == ["Close without saving your changes to this rule?"] and d.isVisible()
    d.confirm = lambda _text: True
    d.close_button.click()
    assert not d.isVisible()


def test_a_pack_switched_on_with_a_problem_is_counted_in_the_status_bar(  # type: ignore[no-untyped-def]
    qtbot, win: MainWindow
) -> None:
    d = open_editor(win)
    folder = user_rules_dir()
    folder.mkdir(parents=True)
    # Switched off, then fixed by hand badly: switching it on reports its problem.
    (folder / "team.toml.off").write_text(TEAM + 'priority = "high"\n', encoding="utf-8")
    d.refresh()
    assert not win.pack_errors_button.isVisible()
    assert d.select("team.toml.off")
    d.off_button.click()
    assert win.pack_errors_button.isVisible()
    assert win.pack_errors_button.text() == "⚠ 1 rule-pack problem"
    assert win.act_pack_errors.isEnabled()


def test_the_check_runs_on_the_worker_and_save_waits_for_it(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    d = open_editor(win)
    d.new_rule()
    jobs: list[editor_module.ExamplesJob] = []

    class Later:
        def start(self, job: editor_module.ExamplesJob) -> None:
            jobs.append(job)

    d.executor = Later()
    fill(d, pattern="(unclosed", remove="Apply now")
    d.validate_now()
    assert d.checking and not d.save_button.isEnabled()
    assert "invalid regex" not in d.error_for("pattern")  # not checked on the GUI thread
    jobs[-1].run()
    assert d.error_for("pattern").startswith("invalid regex")
    assert not d.checking and not d.save_button.isEnabled()
    d.pattern_edit.setPlainText("Apply now")
    d.validate_now()
    assert not d.save_button.isEnabled()  # the old answer is not taken for the new text
    jobs[-1].run()
    assert d.errors == [] and d.save_button.isEnabled()


def test_markup_in_a_pack_or_rule_shows_as_written(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    folder = user_rules_dir()
    folder.mkdir(parents=True)
    name = '<img src="/dev/zero"><b>Team</b>'
    (folder / "team.toml.off").write_text(
        TEAM.replace('name = "Team rules"', f"name = '{name}'").replace(
            'name = "Referral line"', "name = '<a href=\"x\">Refer</a>'"
        ),
        encoding="utf-8",
    )
    win.rule_editor.show_packs_off()
    assert win.rule_editor.off_label.text() == f"Switched off: {name} (Rules ▸ Edit My Rules…)"
    assert win.rule_editor.off_label.textFormat().name == "PlainText"
    d = open_editor(win)
    head = d.item_for("team.toml.off")
    assert head is not None and head.text(0) == f"{name} (off) — team.toml.off"
    assert head.child(0).text(0) == '<a href="x">Refer</a>'
    assert d.select("team.toml.off")
    assert d.where.text().startswith(f"{name} — team.toml.off: 1 rule; switched off")
    assert d.where.textFormat().name == "PlainText"


def test_the_filter_finds_rules_by_name_or_id(qtbot, win: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = open_editor(win)
    source = tmp_path / "team.toml"
    source.write_text(TEAM, encoding="utf-8")
    d.import_file(source)
    rule = d.item_for("team.toml", "team.refer")
    assert rule is not None
    d.filter.setText("referral")  # its name
    assert not rule.isHidden() and not rule.parent().isHidden()
    assert d.item_for("my-rules.toml").isHidden()  # a pack with nothing that matches
    d.filter.setText("team.ref")  # its id
    assert not rule.isHidden()
    d.filter.setText("no such rule")
    assert rule.isHidden()
    d.filter.clear()
    assert not rule.isHidden() and not d.item_for("my-rules.toml").isHidden()

"""The window's traps (issue 12): Tab never edits, an open from the library never
rewrites the usual rules, F8 never moves the layout, labels never go stale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from jobdesk.gui.library import LibraryController, install_library
from jobdesk.gui.loading import SyncExecutor
from jobdesk.gui.window import MainWindow

from .test_window import toggle


def test_tab_leaves_the_cleaned_pane_without_editing(
    window: MainWindow, sample_file: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    before = window.cleaned.toPlainText()
    window.cleaned.setFocus()
    qtbot.waitUntil(window.cleaned.hasFocus)
    qtbot.keyClick(window.cleaned, Qt.Key.Key_Tab)
    assert not window.cleaned.hasFocus()
    assert window.cleaned.toPlainText() == before
    assert "\t" not in window.cleaned.toPlainText()
    assert window.current_entry is not None and window.current_entry.hand_text is None
    assert window.hand_banner.isHidden()


def test_tab_order_runs_through_rules_raw_and_cleaned(
    window: MainWindow, sample_file: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    window.rule_filter.setFocus()
    qtbot.waitUntil(window.rule_filter.hasFocus)
    order: list[QWidget] = [window.rule_filter]
    for _ in range(30):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        order.append(now)
    # Tab reaches both panes and leaves each of them again.
    assert window.raw in order and window.cleaned in order
    raw_at, clean_at = order.index(window.raw), order.index(window.cleaned)
    assert order[raw_at + 1] is not window.raw
    assert order[clean_at + 1] is not window.cleaned
    # The panes come after the rules, the raw text before the cleaned posting.
    assert order.index(window.rules_view) < raw_at < clean_at
    assert window.current_entry is not None and window.current_entry.hand_text is None


def test_shift_tab_leaves_the_raw_pane(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    window.raw.setFocus()
    qtbot.waitUntil(window.raw.hasFocus)
    qtbot.keyClick(window.raw, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not window.raw.hasFocus()


# ------------------------------------------------------------------ rule choices of an open


def _saved_with_eeo_off(w: MainWindow, ctl: LibraryController, sample_file: Path) -> None:
    w.open_paths([sample_file])
    toggle(w, "test.eeo", False)
    w.save_to_library()
    toggle(w, "test.eeo", True)  # the usual rules: EEO removed again
    w.close_current()


def test_an_open_never_rewrites_the_usual_rules(
    make_window, sample_file: Path, tmp_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    ctl = install_library(w, tmp_path / "lib.sqlite3", executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    _saved_with_eeo_off(w, ctl, sample_file)
    usual = w.rule_overrides()
    stored = settings.value("rules/overrides")

    ctl.open_posting(1)
    # The posting shows the rules it was saved with, marked as its own …
    assert not w.rules_model.is_enabled("test.eeo")
    assert "equal opportunity" in w.cleaned_text()
    assert not w.rules_panel.posting_rules.isHidden()
    assert "#1" in w.rules_panel.posting_rules_label.text()
    # … and the usual rules are what they were, in the window and in the settings.
    assert w.rule_overrides() == usual
    w.save_settings()
    assert settings.value("rules/overrides") == stored

    # A toggle on the opened posting stays with it.
    toggle(w, "test.apply", False)
    assert w.rule_overrides() == usual

    # The next paste is cleaned with the usual rules, and shows them unmarked.
    other = tmp_path / "other.txt"
    other.write_text(sample_file.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    w.open_paths([other])
    assert w.rules_model.is_enabled("test.eeo") and w.rules_model.is_enabled("test.apply")
    assert "equal opportunity" not in w.cleaned_text()
    assert w.rules_panel.posting_rules.isHidden()
    # Back to the opened posting: its own choices again.
    w.previous_file()
    assert not w.rules_model.is_enabled("test.eeo")
    assert not w.rules_model.is_enabled("test.apply")
    w.close()


def test_the_usual_rules_survive_a_restart_after_an_open(
    make_window, sample_file: Path, tmp_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    ctl = install_library(w, tmp_path / "lib.sqlite3", executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    _saved_with_eeo_off(w, ctl, sample_file)
    ctl.open_posting(1)
    assert not w.rules_model.is_enabled("test.eeo")
    w.close()

    again = make_window()
    assert again.rule_overrides() == {}
    assert again.rules_model.is_enabled("test.eeo")
    again.open_paths([sample_file])
    assert "equal opportunity" not in again.cleaned_text()


def test_use_usual_rules_and_make_them_usual(
    make_window, sample_file: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    ctl = install_library(w, tmp_path / "lib.sqlite3", executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    _saved_with_eeo_off(w, ctl, sample_file)
    ctl.open_posting(1)
    w.rules_panel.use_usual_button.click()
    assert w.rules_model.is_enabled("test.eeo")
    assert w.rules_panel.posting_rules.isHidden()
    assert w.rule_overrides() == {}

    w.close_current()
    ctl.open_posting(1)
    w.rules_panel.keep_usual_button.click()
    assert w.rule_overrides() == {"test.eeo": False}
    assert w.rules_panel.posting_rules.isHidden()
    w.close()


# ------------------------------------------------------------------ nothing jumps


def test_f8_moves_neither_splitter_nor_pane_titles(
    window: MainWindow, sample_file: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    main, panes = window.main_split.sizes(), window.pane_split.sizes()
    titles = (window.compare.raw_title.text(), window.compare.clean_title.text())
    window.raw.setFocus()
    for _ in range(25):
        qtbot.keyClick(window.raw, Qt.Key.Key_F8)
        QApplication.processEvents()
        assert window.main_split.sizes() == main
        assert window.pane_split.sizes() == panes
        assert (window.compare.raw_title.text(), window.compare.clean_title.text()) == titles
    assert "Removal" in window.statusBar().currentMessage()


def test_a_long_title_does_not_widen_its_pane(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    qtbot.waitExposed(window)
    QApplication.processEvents()
    panes = window.pane_split.sizes()
    window.compare.raw_title.setText("<b>Raw text</b> — " + "a very long title " * 40)
    QApplication.processEvents()
    assert window.pane_split.sizes() == panes


def test_rule_details_follow_a_toggle_and_a_reset(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    window.select_rule("test.eeo")
    assert "on (default on)" in window.rule_details.text()
    toggle(window, "test.eeo", False)
    assert "off (default on)" in window.rule_details.text()
    window.reset_rules()
    assert "on (default on)" in window.rule_details.text()


def test_removal_count_follows_a_toggle(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    n = len(window.stops)
    window.next_removal()
    toggle(window, "test.apply", False)
    m = len(window.stops)
    assert m < n
    assert f"{m} removal" in window.compare.raw_title.text()
    assert "Removal 1 of" not in window.compare.raw_title.text()

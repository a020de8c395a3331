"""The library window (issue 12): hidden until it has postings, a preview beside the
table, a column chooser that is remembered, export, backup and statistics, bulk status
and tag changes that undo in one step, and Save refusing a page with no posting or
asking for a missing title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtWidgets import QInputDialog

from jobdesk.gui.library import LibraryController, install_library
from jobdesk.gui.library.model import (
    COL_COMPANY,
    COL_SITE,
    COL_SPONSORSHIP,
    COL_TITLE,
    COL_TYPE,
    COL_WORKPLACE,
    COLUMNS,
)
from jobdesk.gui.loading import SyncExecutor
from jobdesk.gui.window import MainWindow
from jobdesk.storage import Library, NewPosting

from .conftest import SAMPLE

WALL = "Sign in\nEmail or phone\nPassword\nForgot password?\nWelcome back\nor\n"


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "library.sqlite3"


def fill(lib_path: Path, n: int) -> None:
    lib_path.parent.mkdir(parents=True, exist_ok=True)
    with Library.open(lib_path) as lib:
        lib.add_many(
            NewPosting(
                cleaned=f"Role {i}\nCompany {i}\nWe need role {i} for the team, {i * 7} days.",
                title=f"Role {i}",
                company=f"Company {i}",
                status=("saved", "applied", "interviewing")[i % 3],
                tags=["remote"] if i % 2 else [],
            )
            for i in range(n)
        )


def install(w: MainWindow, lib_path: Path) -> LibraryController:
    ctl = install_library(w, lib_path, executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    return ctl


def select(ctl: LibraryController, *rows: int) -> None:
    table = ctl.panel.table
    table.clearSelection()
    for r in rows:
        table.selectionModel().select(
            ctl.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def statuses(ctl: LibraryController) -> dict[str, str]:
    return {r.title: r.status for r in ctl.library.rows(ctl.model.all_ids())}


def tags(ctl: LibraryController) -> dict[str, list[str]]:
    return {r.title: list(r.tags) for r in ctl.library.rows(ctl.model.all_ids())}


# ------------------------------------------------------------------ showing


def test_the_library_is_hidden_until_it_has_postings(
    make_window, lib_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    ctl = install(w, lib_path)
    assert not ctl.libwin.isVisible() and not ctl.act_show.isChecked()
    assert not any(d.isVisible() for d in w.findChildren(type(ctl.libwin)))
    posting = tmp_path / "posting.txt"
    posting.write_text(SAMPLE, encoding="utf-8")
    w.open_paths([posting])
    w.act_save.trigger()
    assert ctl.model.total == 1 and not ctl.libwin.isVisible()  # never pops up on a save
    ctl.act_show.trigger()  # Ctrl+L, View ▸ Library, Library ▸ Library
    assert ctl.libwin.isVisible() and ctl.act_show.isChecked()
    assert ctl.libwin.isWindow() and ctl.libwin.parent() is w
    handle = ctl.libwin.windowHandle()
    assert handle is not None and handle.transientParent() is None  # not kept above w
    ctl.act_close.trigger()
    assert not ctl.libwin.isVisible() and not ctl.act_show.isChecked()
    ctl.act_show.trigger()
    w.close()  # remembered: open


def test_a_library_with_postings_opens_as_it_was_left(
    make_window, lib_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 2)
    w = make_window()
    ctl = install(w, lib_path)
    assert ctl.libwin.isVisible() and ctl.act_show.isChecked()
    ctl.show_window(False)
    ctl.close()  # what the window's closing does
    assert settings.value("library/visible") in (False, "false")
    w2 = make_window()
    ctl2 = install(w2, lib_path)
    assert not ctl2.libwin.isVisible()


# ------------------------------------------------------------------ preview, columns


def test_the_preview_shows_the_cleaned_posting_beside_the_table(
    make_window, lib_path: Path
) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 3)
    ctl = install(make_window(), lib_path)
    p = ctl.panel
    assert p.split.indexOf(p.table) == 0 and p.split.widget(1).isAncestorOf(p.preview)
    select(ctl, 0)
    pid = ctl.selected_ids()[0]
    assert p.preview.toPlainText() == ctl.library.require(pid).cleaned
    assert p.preview.isReadOnly()
    select(ctl, 0, 1)
    assert p.preview.toPlainText() == "" and "2 postings selected." in p.details.text()


def test_columns_fit_and_the_chooser_is_remembered(
    make_window, lib_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 2)
    w = make_window()
    ctl = install(w, lib_path)
    table = ctl.panel.table
    hidden = {c for c in range(len(COLUMNS)) if table.isColumnHidden(c)}
    assert hidden == {COL_WORKPLACE, COL_TYPE, COL_SPONSORSHIP, COL_SITE}
    ctl.libwin.resize(1024, 640)
    ctl.panel.split.setSizes([600, 424])
    # what shows fits the table: no horizontal scrolling at 1024 px
    assert table.horizontalScrollBar().maximum() == 0
    acts = {a.text(): a for a in ctl.panel.column_actions}
    assert not acts["Title"].isEnabled()  # the title always shows
    acts["Company"].setChecked(False)
    acts["Site"].setChecked(True)
    assert table.isColumnHidden(COL_COMPANY) and not table.isColumnHidden(COL_SITE)
    # the same actions in the header's menu and View ▸ Columns
    ctl.panel._header_menu(table.horizontalHeader().rect().center())
    menu = ctl.panel.last_header_menu
    assert menu is not None and menu.actions() == ctl.panel.column_actions
    assert ctl.libwin.columns_menu.actions() == ctl.panel.column_actions
    ctl.close()
    ctl2 = install(make_window(), lib_path)
    t2 = ctl2.panel.table
    assert t2.isColumnHidden(COL_COMPANY) and not t2.isColumnHidden(COL_SITE)
    assert not {a.text(): a for a in ctl2.panel.column_actions}["Company"].isChecked()
    ctl2.act_reset_columns.trigger()
    assert not t2.isColumnHidden(COL_COMPANY) and t2.isColumnHidden(COL_SITE)
    assert not t2.isColumnHidden(COL_TITLE)


# ------------------------------------------------------------------ bulk edits


def test_bulk_status_change_undoes_in_one_step(make_window, lib_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 4)
    ctl = install(make_window(), lib_path)
    before = statuses(ctl)
    assert len(set(before.values())) == 3
    select(ctl, 0, 1, 2)
    chosen = {r.title for r in ctl.library.rows(ctl.selected_ids())}
    changed = ctl.set_status_selected("rejected")
    assert changed == sum(1 for t in chosen if before[t] != "rejected") == 3
    after = statuses(ctl)
    assert {t: s for t, s in after.items() if t in chosen} == dict.fromkeys(chosen, "rejected")
    assert {t: s for t, s in after.items() if t not in chosen} == {
        t: s for t, s in before.items() if t not in chosen
    }
    assert ctl.undo_stack.count() == 1 and "3 postings" in ctl.undo_stack.undoText()
    ctl.act_undo.trigger()
    assert statuses(ctl) == before
    ctl.act_redo.trigger()
    assert statuses(ctl) == after
    # the status menu offers the library's statuses for the selection
    ctl._fill_status_menu(ctl.libwin.status_menu)
    names = [a.text() for a in ctl.libwin.status_menu.actions()]
    assert names == ctl.library.statuses()


def test_bulk_tags_add_and_remove_and_undo(make_window, lib_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 3)
    ctl = install(make_window(), lib_path)
    before = tags(ctl)
    select(ctl, 0, 1, 2)
    assert ctl.add_tag_selected("Remote, dream") == 3
    after = tags(ctl)
    for title, had in before.items():  # "remote" is not added twice, whatever its case
        assert sorted(t.casefold() for t in after[title]) == ["dream", "remote"], had
    assert {t.casefold() for t in ctl.selected_tags()} == {"dream", "remote"}
    assert ctl.remove_tag_selected("REMOTE") == 3
    assert all(t == ["dream"] for t in tags(ctl).values())
    ctl.act_undo.trigger()
    assert tags(ctl) == after
    ctl.act_undo.trigger()
    assert tags(ctl) == before
    assert ctl.add_tag_selected("  ,  ") == 0  # nothing to add: no step on the stack
    assert ctl.undo_stack.index() == 0


# ------------------------------------------------------------------ export, backup, stats


def test_export_from_the_window(make_window, lib_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 3)
    w = make_window()
    ctl = install(w, lib_path)
    out = tmp_path / "all.json"
    assert ctl.export_to(ctl.export_ids(), out, "json") == 3
    assert len(json.loads(out.read_text(encoding="utf-8"))["postings"]) == 3
    assert str(out) in w.statusBar().currentMessage()
    ctl.panel.search.setText('"role 1 for"')
    ctl.apply_search()
    assert ctl.export_ids() == ctl.model.all_ids() and len(ctl.export_ids()) == 1
    select(ctl, 0)
    md = tmp_path / "one.md"
    assert ctl.export_to(ctl.export_ids(selected=True), md, "md") == 1
    assert md.read_text(encoding="utf-8").startswith("# Role 1")
    assert ctl.export_to([1], md, "md") == 0  # exists: refused, said, untouched
    assert "Nothing was exported" in w.notice.text() and "Role 1" in md.read_text("utf-8")


def test_backup_and_stats_from_the_window(make_window, lib_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 2)
    w = make_window()
    ctl = install(w, lib_path)
    dest = tmp_path / "copy.sqlite3"
    assert ctl.backup_to(dest)
    with Library.open(dest) as copy:
        assert copy.count() == 2
    assert "Backed up 2 postings" in w.statusBar().currentMessage()
    assert not ctl.backup_to(lib_path, force=True)
    assert "library itself" in w.notice.text()
    ctl.act_stats.trigger()
    dlg = ctl.last_stats
    assert dlg is not None and dlg.isVisible()
    rows = dict(dlg.rows())
    assert rows["Postings"] == "2" and rows["Library file"] == str(lib_path)
    assert "Check" not in rows
    dlg.check_button.click()
    assert dict(dlg.rows())["Check"] == "ok"


# ------------------------------------------------------------------ what Save takes


def test_save_refuses_a_sign_in_wall(make_window, lib_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    ctl = install(w, lib_path)
    wall = tmp_path / "wall.txt"
    wall.write_text(WALL, encoding="utf-8")
    w.open_paths([wall])
    w.act_save.trigger()
    assert ctl.library.count() == 0
    assert "Not saved to the library. This looks like a sign-in page" in w.notice.text()


def test_save_asks_for_a_missing_title(
    make_window, lib_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    ctl = install(w, lib_path)
    page = tmp_path / "untitled.txt"
    page.write_text("Overview\n\n2024-05-01\n", encoding="utf-8")
    w.open_paths([page])
    asked: list[str] = []

    def cancel(d: object) -> str:
        asked.append("cancel")
        return ""

    monkeypatch.setattr(ctl, "ask_title", cancel)
    w.act_save.trigger()
    assert asked == ["cancel"] and ctl.library.count() == 0
    assert "No title could be found" in w.notice.text()
    monkeypatch.setattr(ctl, "ask_title", lambda d: "Night porter")
    w.act_save.trigger()
    (row,) = ctl.library.rows(ctl.library.ids())
    assert row.title == "Night porter"


def test_widths_set_by_hand_are_kept(make_window, lib_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 2)
    ctl = install(make_window(), lib_path)
    hdr = ctl.panel.table.horizontalHeader()
    ctl.libwin.resize(1280, 800)
    assert ctl.panel.auto_fit
    hdr.resizeSection(COL_COMPANY, 333)  # as a drag of the header does
    assert not ctl.panel.auto_fit
    ctl.libwin.resize(1024, 640)
    assert hdr.sectionSize(COL_COMPANY) == 333
    ctl.close()
    ctl2 = install(make_window(), lib_path)
    assert not ctl2.panel.auto_fit
    assert ctl2.panel.table.horizontalHeader().sectionSize(COL_COMPANY) == 333
    ctl2.act_reset_columns.trigger()
    assert ctl2.panel.auto_fit


def test_the_library_window_says_what_happened_and_opens_into_the_main_window(
    make_window, lib_path: Path, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 2)
    w = make_window()
    ctl = install(w, lib_path)
    ctl.show_window()
    qtbot.waitUntil(ctl.libwin.isActiveWindow)
    assert ctl.export_to([1], lib_path, "json", force=True) == 0  # the library itself
    assert ctl.libwin.statusBar().currentMessage().startswith("⚠ Nothing was exported")
    assert "Nothing was exported" in w.notice.text()
    select(ctl, 0)
    assert ctl.set_status_selected("rejected") == 1
    assert ctl.libwin.statusBar().currentMessage() == "1 posting updated"
    ctl.act_open.trigger()
    assert w.current_entry is not None and w.current_entry.library_id == ctl.selected_ids()[0]
    qtbot.waitUntil(w.isActiveWindow)  # the posting's window comes forward


def test_the_library_window_keys(make_window, lib_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 3)
    w = make_window()
    ctl = install(w, lib_path)
    ctl.show_window(False)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L opens
    assert ctl.libwin.isVisible()
    qtbot.waitUntil(ctl.libwin.isActiveWindow)
    assert ctl.panel.search.hasFocus()  # ready to search
    table = ctl.panel.table
    table.setFocus()
    select(ctl, 0, 1)
    answered: list[str] = []

    def answer() -> None:  # the modal "Add Tag" box: type a tag, press OK
        (dlg,) = [d for d in ctl.libwin.findChildren(QInputDialog) if d.isVisible()]
        answered.append(dlg.labelText())
        dlg.setTextValue("urgent")
        dlg.accept()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Add Tag…
    assert answered and "selected postings" in answered[0]
    assert [t for ts in tags(ctl).values() for t in ts].count("urgent") == 2
    ctl.libwin.activateWindow()  # offscreen, no window manager gives it back after the box
    qtbot.waitUntil(ctl.libwin.isActiveWindow)
    qtbot.keyClick(table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # Ctrl+W closes
    assert not ctl.libwin.isVisible() and not ctl.act_show.isChecked()


def test_the_first_window_fits_the_screen_and_later_ones_come_back_where_they_were(
    make_window, lib_path: Path
) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 1)
    ctl = install(make_window(), lib_path)
    screen = ctl.libwin.screen().availableGeometry()
    assert ctl.libwin.width() <= screen.width() and ctl.libwin.height() <= screen.height()
    ctl.libwin.resize(700, 500)
    ctl.close()
    ctl2 = install(make_window(), lib_path)
    assert ctl2.libwin.placed and (ctl2.libwin.width(), ctl2.libwin.height()) == (700, 500)

"""Small things of the window (issue 12): About, the icon, the title, the empty
window's buttons, the shortcut list, notices' wording."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from jobdesk.about import about_text
from jobdesk.assets import ICON_SIZES
from jobdesk.core.rules import RuleSet
from jobdesk.gui.help import APPLICATION_KEYS
from jobdesk.gui.library import install_library
from jobdesk.gui.loading import SyncExecutor
from jobdesk.gui.rules_model import COL_NAME, COL_PACK
from jobdesk.gui.window import MainWindow


def test_about_shows_the_about_text_as_plain_text(window: MainWindow) -> None:
    box = window.show_about()
    assert isinstance(box, QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == about_text()
    box.close()


def test_the_window_icon_has_every_size(window: MainWindow) -> None:
    sizes = window.windowIcon().availableSizes()
    for n in ICON_SIZES:
        assert QSize(n, n) in sizes


def test_the_title_names_the_posting(window: MainWindow, sample_file: Path) -> None:
    assert window.windowTitle() == "jobdesk"
    window.open_paths([sample_file])
    assert window.windowTitle() == "posting.txt — jobdesk"


def test_the_empty_windows_buttons_have_real_mnemonics(window: MainWindow) -> None:
    paste = window.empty.buttons["paste"]
    assert paste.text() == "&Paste && Clean"  # shown "Paste & Clean", Alt+P
    assert QKeySequence.mnemonic(paste.text()).toString() == "Alt+P"
    assert "_" not in paste.text()
    for b in window.empty.buttons.values():
        assert QKeySequence.mnemonic(b.text()).count() == 1, b.text()


def test_the_shortcut_list_is_complete_and_clean(window: MainWindow, tmp_path: Path) -> None:
    ctl = install_library(window, tmp_path / "lib.sqlite3", executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    rows = window.shortcut_table()
    names = [n for n, _k in rows]
    keys = ", ".join(k for _n, k in rows).split(", ")
    assert len(names) == len(set(names))
    # No special-keyboard keys ("Open", "Help") beside the real ones …
    for odd in ("Open", "Save", "Close", "Find", "Help"):
        assert odd not in keys
    # … every key of the window, the empty window's Ctrl+V and the library's keys.
    assert ("Paste & Clean (empty window)", "Ctrl+V") in rows
    assert dict(rows)["Keyboard Shortcuts"] == "F1"
    library = {n: k for n, k in rows if n.startswith("Library: ")}
    assert {"Library: Re-clean…", "Library: Delete", "Library: Undo"} <= set(library)
    assert library["Library: Re-clean…"] == "Ctrl+R"
    for act in window.findChildren(QAction):
        for seq in act.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.NativeText)
            if seq.count() == 1 and seq[0].key() in APPLICATION_KEYS:
                continue
            assert text in keys, (act.text(), text)


def test_a_long_fact_shows_whole_in_its_tooltip(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    window.flush_facts()
    long = "Acme Widgets International Holdings, Springfield Division (North America)"
    window.facts_card.factEdited.emit("company", long)
    edit = window.facts_card.edits["company"]
    assert edit.text() == long
    assert long in edit.toolTip()
    assert edit.cursorPosition() == 0


def test_the_pack_column_fits_without_eating_the_names(make_window, shipped_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    for width in (1920, 1024):
        w: MainWindow = make_window(shipped_rules)
        w.resize(width, 700)
        w.open_sample()
        QApplication.processEvents()
        view = w.rules_view
        hdr = view.header()
        tree = view.viewport().width()
        pack, name = hdr.sectionSize(COL_PACK), hdr.sectionSize(COL_NAME)
        # Whole names when there is room; never more than a third of the tree.
        if width == 1920:  # whole pack names, the rule names keep most of the room
            assert not view.isColumnHidden(COL_PACK)
            assert pack >= view.sizeHintForColumn(COL_PACK) and pack <= tree * 0.34 + 1
            assert name >= tree * 0.4, (width, name, tree)
        else:  # too narrow for both: the names
            assert view.isColumnHidden(COL_PACK)
            assert name >= tree * 0.6, (width, name, tree)
        w.close()

"""Small things of the window (issue 12): About, the icon, the title, the empty
window's buttons, the shortcut list, notices' wording."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QMessageBox

from jobdesk.about import about_text
from jobdesk.desktop import ICON_SIZES
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

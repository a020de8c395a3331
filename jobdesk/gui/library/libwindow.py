"""The library window (as Zotero's or Calibre's): the library panel in a window of its
own, with its menus, and the statistics dialog.

The window is owned by the main window (closed with it, never keeping the program
alive) but not kept above it; the controller's *Library* action opens and closes it
(Ctrl+L, in the main window's View and Library menus and here). Its menus:

* **Library**: Open, Re-clean…, Export Shown…, Export Selected…, Back Up Library…,
  Statistics…, Import Folder…, Close Window (Ctrl+W);
* **Edit**: Undo, Redo, Set Status ▸, Add Tag…, Remove Tag…, Delete, Find (Ctrl+F);
* **View**: Columns ▸ (the column chooser), Reset Columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import plain_label

TITLE = "Library — jobdesk"


class LibraryWindow(QMainWindow):
    """The library panel in a window of its own (see the module docstring)."""

    #: Shown (True) or hidden (False): the Library action follows it.
    visibilityChanged = Signal(bool)
    #: The user closed the window (Ctrl+W, the title bar): notes are saved first.
    closing = Signal()

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("libraryWindow")
        self.setWindowTitle(TITLE)
        self.setCentralWidget(panel)
        self.resize(1100, 700)
        #: False until a remembered geometry is restored: the first show then fits the
        #: window to the screen it opens on.
        self.placed = False
        self.library_menu = self.menuBar().addMenu("&Library")
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.view_menu = self.menuBar().addMenu("&View")
        self.status_menu = QMenu("Set &Status", self)
        self.columns_menu = QMenu("&Columns", self)
        for menu in (self.library_menu, self.edit_menu, self.view_menu, self.columns_menu):
            menu.setToolTipsVisible(True)

    def showEvent(self, event: QShowEvent) -> None:
        # A window of its own, not a dialog of the main one: Qt makes a child window
        # transient for its parent (kept above it by window managers); undone before
        # the window is mapped, so the main window can come in front when a posting
        # is opened. The parent still owns it (closed and freed with it).
        if not self.placed:
            self.placed = True
            screen = self.screen().availableGeometry() if self.screen() else None
            if screen is not None and screen.width() > 0:
                self.resize(
                    min(self.width(), int(screen.width() * 0.9)),
                    min(self.height(), int(screen.height() * 0.9)),
                )
        handle = self.windowHandle()
        if handle is not None and handle.transientParent() is not None:
            handle.setTransientParent(None)  # type: ignore[arg-type]  # None: no parent
        super().showEvent(event)
        emit(self.visibilityChanged, True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        emit(self.visibilityChanged, False)

    def closeEvent(self, event: QCloseEvent) -> None:
        emit(self.closing)
        super().closeEvent(event)


class StatsDialog(QDialog):
    """The library's statistics (``jobdesk library stats``), with an integrity check."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Library Statistics")
        lay = QVBoxLayout(self)
        self.form = QFormLayout()
        lay.addLayout(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = QPushButton("&Check Integrity")
        self.check_button.setToolTip("Run SQLite's integrity check and the full-text index check")
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.set_rows(rows)

    def set_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, text in rows:
            value = plain_label(text)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(plain_label(label + ":"), value)

    def rows(self) -> list[tuple[str, str]]:
        """What the dialog shows, as (label, text) (for tests and screen readers)."""
        out: list[tuple[str, str]] = []
        for r in range(self.form.rowCount()):
            label = self.form.itemAt(r, QFormLayout.ItemRole.LabelRole)
            field = self.form.itemAt(r, QFormLayout.ItemRole.FieldRole)
            lw: Any = label.widget() if label is not None else None
            fw: Any = field.widget() if field is not None else None
            if lw is not None and fw is not None:
                out.append((lw.text().rstrip(":"), fw.text()))
        return out

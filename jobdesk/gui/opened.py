"""The opened postings: their list (a model and its box above the rules), adding,
choosing, stepping through and closing them.

The window shows the posting this part says is current (``rowChosen``) and decides
what an input becomes; this part owns the list and keeps its box in step: hidden with
one posting, "Postings (n)" with several (it scrolls past a few rows; see
:func:`jobdesk.gui.layout.fit_files`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from jobdesk.gui.files_model import FilesModel
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import rich_label

if TYPE_CHECKING:
    from jobdesk.gui.files_model import Entry


class OpenedPostings(QObject):
    """The list of opened postings and its box."""

    rowChosen = Signal(int)  # this row became the current one (a click, a key, the program)
    countChanged = Signal(int)  # how many postings are open

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = FilesModel(self)
        self.box = QWidget()
        lay = QVBoxLayout(self.box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = rich_label("<b>Postings</b>")
        lay.addWidget(self.label)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setAccessibleName("Opened postings")
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: emit(self.rowChosen, cur.row())
        )
        lay.addWidget(self.view)
        self.box.hide()

    # ------------------------------------------------------------ reading

    @property
    def entries(self) -> list[Entry]:
        return self.model.entries

    def count(self) -> int:
        return self.model.rowCount()

    def entry(self, row: int) -> Entry | None:
        return self.model.entry(row)

    def row_of(self, entry: Entry | None) -> int:
        return self.model.row_of(entry) if entry is not None else -1

    def row_of_library_id(self, library_id: int) -> int:
        """The row of the opened posting saved as ``library_id`` (-1: none is open)."""
        for row, entry in enumerate(self.model.entries):
            if entry.library_id == library_id:
                return row
        return -1

    def step_from(self, entry: Entry | None, step: int) -> int:
        """The row ``step`` rows from ``entry``'s, wrapping (-1: fewer than two open)."""
        n = self.count()
        if n < 2:
            return -1
        return (self.row_of(entry) + step) % n

    # ------------------------------------------------------------ changing

    def add(self, entry: Entry) -> int:
        """List ``entry`` (a file already listed is not listed twice); its row."""
        row = self.model.add(entry)
        self._update()
        return row

    def choose(self, row: int) -> None:
        """Make ``row`` the list's current row (``rowChosen`` when it changes)."""
        idx = self.model.index(row)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def refresh(self, entry: Entry) -> None:
        """Show ``entry`` again (its label, its hand-edit mark)."""
        row = self.row_of(entry)
        if row >= 0:
            self.model.refresh(row)

    def remove(self, entry: Entry) -> int:
        """Close ``entry``; the row to show next (-1: none is left)."""
        row = self.row_of(entry)
        if row < 0:
            return -1
        self.model.remove(row)
        self._update()
        n = self.count()
        return min(row, n - 1) if n else -1

    def _update(self) -> None:
        n = self.count()
        self.box.setVisible(n > 1)
        self.label.setText(f"<b>Postings</b> ({n})")
        emit(self.countChanged, n)

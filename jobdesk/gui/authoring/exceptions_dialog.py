"""Rules ▸ Exceptions…: every exception the user made (keep this text, rule off), its
scope and site; the selected ones can be removed (the posting re-cleans at once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui.safe import plain_label

if TYPE_CHECKING:
    from jobdesk.core.exemptions import Exemption, Exemptions

HEADERS = ("Exception", "Text or rule", "Scope", "Site", "Posting")
SCOPE_LABELS = {"posting": "This posting", "site": "This site", "everywhere": "Everywhere"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def row_of(e: Exemption, rule_name: Callable[[str], str]) -> tuple[str, ...]:
    """The cells of one exception."""
    what = "Keep this text" if e.action == "keep" else "Rule off"
    target = " ".join(e.text.split()) if e.action == "keep" else rule_name(e.rule)
    site = (e.site or "no known site") if e.scope == "site" else ""
    posting = (e.label or e.posting[:8]) if e.scope == "posting" else ""
    return what, target, SCOPE_LABELS.get(e.scope, e.scope), site, posting


class ExceptionsDialog(QDialog):
    """The list of exceptions; "Remove" calls ``remove(ids)`` with the selected ones."""

    def __init__(
        self,
        exemptions: Exemptions,
        rule_name: Callable[[str], str],
        remove: Callable[[list[str]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Exceptions")
        self._exemptions = exemptions
        self._rule_name = rule_name
        self._remove = remove
        lay = QVBoxLayout(self)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        hdr = self.table.horizontalHeader()
        hdr.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Remove the selected exceptions (Del)")
        self.remove_button.setShortcut("Del")
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.resize(760, 360)
        self.reload()

    def reload(self) -> None:
        """Show the exceptions as they are now."""
        items = list(self._exemptions)
        self.table.setRowCount(len(items))
        for r, e in enumerate(items):
            for c, text in enumerate(row_of(e, self._rule_name)):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, e.id)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        n = len(items)
        self.summary.setText(
            f"{n} exception{'s' if n != 1 else ''}. Exceptions apply in this window, to "
            "`jobdesk clean` and to `jobdesk rules diff`."
            if n
            else "No exceptions yet. Right-click a removal in the raw text to keep its "
            "text or switch its rule off."
        )
        self._update_button()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        out = []
        for r in rows:
            item = self.table.item(r, 0)
            if item is not None:
                out.append(str(item.data(ID_ROLE)))
        return out

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._remove(ids)
            self.reload()

    def _update_button(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectedIndexes()))

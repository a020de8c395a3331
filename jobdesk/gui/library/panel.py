"""The library dock's widgets: search box, filters, table, details with notes, buttons.

The panel is only widgets; :class:`~jobdesk.gui.library.controller.LibraryController`
fills it and handles what the user does in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from jobdesk.gui.library.model import COL_SAVED, COL_STATUS, LibraryModel
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import plain_label, rich_label


class PanelOwner(Protocol):
    """What the panel is wired to (the library controller)."""

    model: LibraryModel
    act_open: QAction
    act_reclean: QAction
    act_delete: QAction
    act_undo: QAction
    act_redo: QAction
    act_import: QAction

    def statuses(self) -> list[str]: ...

    def open_posting(self, pid: int | None) -> None: ...

    def id_at(self, row: int) -> int | None: ...

    def open_link(self, link: str) -> None: ...

    def save_notes(self) -> None: ...


class StatusDelegate(QStyledItemDelegate):
    """A combo box of the library's statuses for the Status column."""

    def __init__(self, statuses: Callable[[], Sequence[str]], parent: QObject | None = None):
        super().__init__(parent)
        self.statuses = statuses

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        box.addItems(list(self.statuses()))
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(
        self,
        editor: QWidget,
        model: Any,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class LibraryPanel(QWidget):
    """Search box, filters, table, details with notes; buttons for the commands."""

    def __init__(self, ctl: PanelOwner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        model = ctl.model
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            'Search the library: words, "a phrase", prefix*, company:acme, -word'
        )
        self.search.setToolTip(
            'words, "a phrase", prefix*, -word, a OR b, company: title: site: status: tag:\n'
            "workplace:remote|hybrid|on-site  type:full-time|part-time|contract|…\n"
            "sponsorship:yes|no|unknown  pay>=120000  pay<=90k"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the library")
        top.addWidget(self.search, 3)
        self.status_filter = QComboBox()
        self.tag_filter = QComboBox()
        self.site_filter = QComboBox()
        for box, name in (
            (self.status_filter, "status"),
            (self.tag_filter, "tag"),
            (self.site_filter, "site"),
        ):
            box.setAccessibleName(f"Filter by {name}")
            box.setToolTip(f"Show only postings with this {name}")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            top.addWidget(box)
        self.count_label = plain_label()
        top.addWidget(self.count_label)
        lay.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COL_SAVED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        hdr = self.table.horizontalHeader()
        hdr.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hdr.setStretchLastSection(True)
        for col, width in enumerate((200, 120, 110, 120, 80, 80, 85, 70, 80, 80, 85)):
            hdr.resizeSection(col, width)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(ctl.statuses, self))
        self.table.setAccessibleName("Library postings")
        self.table.doubleClicked.connect(lambda idx: ctl.open_posting(ctl.id_at(idx.row())))
        split.addWidget(self.table)

        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        # Our markup around escaped library text; its link opens through open_link.
        self.details = rich_label("<i>Select a posting.</i>")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.details.linkActivated.connect(ctl.open_link)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        sl.addWidget(self.details)
        sl.addWidget(QLabel("Notes"))
        self.notes = NotesEdit()
        self.notes.setPlaceholderText("Your notes on this posting (saved when you leave the box)")
        self.notes.setAccessibleName("Notes")
        self.notes.setEnabled(False)
        self.notes.left.connect(ctl.save_notes)
        sl.addWidget(self.notes, 1)
        buttons = QHBoxLayout()
        for act in (ctl.act_open, ctl.act_reclean, ctl.act_delete, ctl.act_undo, ctl.act_import):
            buttons.addWidget(ActionButton(act))
        sl.addLayout(buttons)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 280])
        self.split = split
        lay.addWidget(split, 1)
        # The table's own keys (Enter, Del, Ctrl+R, Ctrl+Z): the search box and the notes
        # keep theirs (Enter, Del and Ctrl+Z edit text there).
        for act in (ctl.act_open, ctl.act_reclean, ctl.act_delete, ctl.act_undo, ctl.act_redo):
            self.table.addAction(act)


class ActionButton(QPushButton):
    """A push button that mirrors an action (text, tooltip, enabled) and triggers it."""

    def __init__(self, act: QAction, parent: QWidget | None = None) -> None:
        super().__init__(act.text().replace("&", ""), parent)
        self._act = act
        self.setToolTip(act.toolTip())
        self.setEnabled(act.isEnabled())
        self.clicked.connect(self._trigger)
        act.changed.connect(self._sync)

    def _trigger(self) -> None:
        if isValid(self._act):
            self._act.trigger()

    def _sync(self) -> None:
        if isValid(self._act) and isValid(self):
            self.setEnabled(self._act.isEnabled())
            self.setToolTip(self._act.toolTip() or self._act.text().replace("&", ""))


class NotesEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, e: Any) -> None:
        super().focusOutEvent(e)
        emit(self.left)

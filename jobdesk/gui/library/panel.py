"""The library window's widgets: search box, filters, the table, and beside it the
details, a preview of the cleaned posting and the notes; buttons for the commands.

The panel is only widgets; :class:`~jobdesk.gui.library.controller.LibraryController`
fills it and handles what the user does in it.

**Columns that fit**: Title stretches, the others start at a width measured from the
font for what they usually hold; Workplace, Type, Sponsorship and Site start hidden.
The column chooser (right-click the header, or View ▸ Columns in the library window)
shows or hides any column but Title; the choice, order and widths are remembered
(:meth:`LibraryPanel.header_state`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
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

from jobdesk.gui.library.model import (
    COL_COMPANY,
    COL_LOCATION,
    COL_PAY,
    COL_SAVED,
    COL_SITE,
    COL_SPONSORSHIP,
    COL_STATUS,
    COL_TAGS,
    COL_TITLE,
    COL_TYPE,
    COL_WORKPLACE,
    COLUMNS,
    LibraryModel,
)
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


#: Columns hidden until the user shows them (View ▸ Columns, or right-click the header).
HIDDEN_BY_DEFAULT = frozenset({COL_WORKPLACE, COL_TYPE, COL_SPONSORSHIP, COL_SITE})
#: What a column usually holds: its starting width is this text's in the table's font.
COLUMN_SAMPLES = (
    "Senior Machine Learning Engineer, Platform",
    "Northline Grid Ltd",
    "Austin, TX (Hybrid)",
    "$150,000 – $170,000",
    "Workplace",
    "full-time",
    "Sponsorship",
    "greenhouse",
    "interviewing",
    "remote, dream",
    "2026-12-31",
)
#: The least room Title keeps when the columns are fitted to the table: this many
#: average characters, and this share of the table's width.
TITLE_MIN_CHARS = 24
TITLE_MIN_SHARE = 0.3
#: The columns that give way first when the table is narrow (their text is long).
SHRINK_FIRST = frozenset({COL_COMPANY, COL_LOCATION, COL_PAY, COL_TAGS, COL_SPONSORSHIP})


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
        hdr.setSectionsMovable(True)
        hdr.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hdr.customContextMenuRequested.connect(self._header_menu)
        self.column_actions: list[QAction] = []
        for col, (name, _key, _attr) in enumerate(COLUMNS):
            a = QAction(name, self)
            a.setCheckable(True)
            a.setEnabled(col != COL_TITLE)  # the title always shows
            a.setToolTip(f"Show the {name} column")
            a.toggled.connect(lambda on, c=col: self._show_column(c, on))
            self.column_actions.append(a)
        self._fitting = False
        self.auto_fit = True
        hdr.sectionResized.connect(self._on_section_resized)
        self.table.viewport().installEventFilter(self)
        self.reset_columns()
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
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Cleaned posting")
        self.preview.setPlaceholderText("The cleaned posting you select shows here.")
        self.preview.setTabChangesFocus(True)
        self.notes = NotesEdit()
        self.notes.setPlaceholderText("Your notes on this posting (saved when you leave the box)")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setEnabled(False)
        self.notes.left.connect(ctl.save_notes)
        notes_box = QWidget()
        nl = QVBoxLayout(notes_box)
        nl.setContentsMargins(0, 0, 0, 0)
        nl.addWidget(QLabel("Notes"))
        nl.addWidget(self.notes, 1)
        self.side_split = QSplitter(Qt.Orientation.Vertical)
        self.side_split.addWidget(self.preview)
        self.side_split.addWidget(notes_box)
        self.side_split.setStretchFactor(0, 4)
        self.side_split.setStretchFactor(1, 1)
        self.side_split.setChildrenCollapsible(False)
        sl.addWidget(self.side_split, 1)
        buttons = QHBoxLayout()
        for act in (ctl.act_open, ctl.act_reclean, ctl.act_delete):  # the rest: the menus
            buttons.addWidget(ActionButton(act))
        sl.addLayout(buttons)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([660, 360])
        split.setChildrenCollapsible(False)
        self.split = split
        lay.addWidget(split, 1)
        # The table's own keys (Enter, Del, Ctrl+R, Ctrl+Z): the search box and the notes
        # keep theirs (Enter, Del and Ctrl+Z edit text there).
        for act in (ctl.act_open, ctl.act_reclean, ctl.act_delete, ctl.act_undo, ctl.act_redo):
            self.table.addAction(act)

    # ------------------------------------------------------------ columns

    def reset_columns(self) -> None:
        """The columns as they start: Title stretching, the rest sized for what they
        usually hold, the rarely needed ones hidden, in their first order."""
        hdr = self.table.horizontalHeader()
        for visual in range(hdr.count()):  # back to the first order
            logical = hdr.logicalIndex(visual)
            if logical != visual:
                hdr.moveSection(hdr.visualIndex(visual), visual)
        hdr.setStretchLastSection(False)
        for col in range(len(COLUMN_SAMPLES)):
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            hdr.resizeSection(col, self._natural_width(col))
        hdr.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col, a in enumerate(self.column_actions):
            a.setChecked(col not in HIDDEN_BY_DEFAULT)
            self.table.setColumnHidden(col, col in HIDDEN_BY_DEFAULT)
        self.auto_fit = True
        self.fit_columns()

    def _show_column(self, col: int, on: bool) -> None:
        self.table.setColumnHidden(col, not on)
        if self.auto_fit:
            self.fit_columns()

    def _natural_width(self, col: int) -> int:
        """The width for what column ``col`` usually holds, or its header."""
        sample = self.table.fontMetrics().horizontalAdvance(COLUMN_SAMPLES[col]) + 14
        return max(sample, self._header_width(col))

    def _header_width(self, col: int) -> int:
        """The width that shows column ``col``'s header whole (and the sort arrow)."""
        fm = self.table.horizontalHeader().fontMetrics()
        return fm.horizontalAdvance(COLUMNS[col][0]) + 32

    def fit_columns(self) -> None:
        """Shrink the columns beside Title, in proportion, so that every shown column
        fits the table's width (no horizontal scrolling); Title keeps at least
        :data:`TITLE_MIN_CHARS`. Done until the user sizes a column by hand."""
        width = self.table.viewport().width()
        if width <= 0:
            return
        hdr = self.table.horizontalHeader()
        avg = max(self.table.fontMetrics().averageCharWidth(), 4)
        shown = [c for c in range(hdr.count()) if c != COL_TITLE and not hdr.isSectionHidden(c)]
        want = {c: self._natural_width(c) for c in shown}
        floor = {c: min(want[c], self._header_width(c)) for c in shown}
        room = width - max(TITLE_MIN_CHARS * avg, int(TITLE_MIN_SHARE * width))
        # The long-text columns give way first, down to their header's width; then the
        # short ones (status, date); what still does not fit scrolls.
        size = dict(want)
        deficit = sum(size.values()) - room
        for group in (SHRINK_FIRST, None):
            cols = [c for c in shown if (c in SHRINK_FIRST) == (group is not None)]
            slack = sum(size[c] - floor[c] for c in cols)
            if deficit <= 0 or slack <= 0:
                continue
            take = min(1.0, deficit / slack)
            for c in cols:
                size[c] = size[c] - int((size[c] - floor[c]) * take + 0.999)
            deficit -= sum(want[c] - size[c] for c in cols)
        self._fitting = True
        try:
            for c in shown:
                hdr.resizeSection(c, max(hdr.minimumSectionSize(), size[c]))
        finally:
            self._fitting = False

    def _on_section_resized(self, col: int, _old: int, _new: int) -> None:
        if not self._fitting and col != COL_TITLE and self.table.isVisible():
            self.auto_fit = False  # the user's widths from now on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.auto_fit:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def hidden_columns(self) -> list[str]:
        """The names of the hidden columns (what is remembered)."""
        return [
            name for col, (name, _k, _a) in enumerate(COLUMNS) if self.table.isColumnHidden(col)
        ]

    def set_hidden_columns(self, names: Sequence[str]) -> None:
        hidden = set(names) - {COLUMNS[COL_TITLE][0]}
        for col, (name, _k, _a) in enumerate(COLUMNS):
            self.column_actions[col].setChecked(name not in hidden)
            self.table.setColumnHidden(col, name in hidden)

    def _header_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        for a in self.column_actions:
            menu.addAction(a)
        self.last_header_menu = menu
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    last_header_menu: QMenu | None = None


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

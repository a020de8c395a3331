"""The list of opened postings (files, pastes, drops) the user can step through."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import tooltip

if TYPE_CHECKING:
    from jobdesk.session import PostingSession

    #: One opened posting: the session (matched result, hand edits, fact edits …).
    Entry = PostingSession
else:

    def __getattr__(name: str) -> object:
        """``Entry`` is :class:`jobdesk.session.PostingSession`, imported when first
        asked for (the window's first frame needs none of the session)."""
        if name == "Entry":
            from jobdesk.session import PostingSession

            return PostingSession
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Index = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class FilesModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries)

    def entry(self, row: int) -> Entry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, entry: Entry) -> int:
        for i, e in enumerate(self._entries):
            if e is entry:
                return i
        return -1

    def find_path(self, path: Path) -> int:
        for i, e in enumerate(self._entries):
            if e.path is not None and e.path == path:
                return i
        return -1

    def add(self, entry: Entry) -> int:
        """Append an entry (or replace the one with the same path); returns its row."""
        if entry.path is not None:
            row = self.find_path(entry.path)
            if row >= 0:
                self._entries[row] = entry
                emit(self.dataChanged, self.index(row), self.index(row))
                return row
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(entry)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._entries):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()

    def clear(self) -> None:
        if self._entries:
            self.beginResetModel()
            self._entries.clear()
            self.endResetModel()

    def refresh(self, row: int) -> None:
        if 0 <= row < len(self._entries):
            emit(self.dataChanged, self.index(row), self.index(row))

    # ---------------------------------------------------------------- Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return e.label + (" ✎" if e.hand_text is not None else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [str(e.path) if e.path else e.label]
            if e.error:
                lines.append(e.error)
            elif e.matched is not None:
                site = e.matched.site_pack.name if e.matched.site_pack else "no site detected"
                lines.append(f"{len(e.matched.source):,} characters · {site}")
            if e.hand_text is not None:
                lines.append("edited by hand")
            return tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.DecorationRole:
            style = QApplication.style() if QApplication.instance() else None
            if style is None:
                return None
            pix = (
                QStyle.StandardPixmap.SP_MessageBoxWarning
                if e.error
                else QStyle.StandardPixmap.SP_FileIcon
            )
            return style.standardIcon(pix)
        if role == Qt.ItemDataRole.ForegroundRole and e.error:
            return QGuiApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == ENTRY_ROLE:
            return e
        return None

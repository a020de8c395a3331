"""The library table: a Qt model over the posting library that loads rows lazily.

* The matching ids of a search (in the chosen sort order) come from an :class:`IdsJob`
  that runs off the GUI thread on its own SQLite connection (one connection per
  thread); results of stale searches are dropped (a generation number).
* ``rowCount`` grows by :data:`PAGE` rows through ``canFetchMore``/``fetchMore``; the
  light rows (:class:`~jobdesk.storage.library.PostingRow`) of a page are read on
  demand, :data:`PAGE` at a time, on the GUI thread's connection (an ``IN (…)`` query of
  a few hundred ids: well under a millisecond per page).
* Sorting is done by SQLite (``Library.ids(sort=…)``): a sort proxy would have to read
  every row. The filters (status, tag, site) are part of the query string, in the
  search box's own language (``status:applied tag:"dream job" site:linkedin``), as are
  the posting facts (``workplace:remote type:contract sponsorship:no pay>=120000``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from jobdesk.gui.loading import CancellableJob, Executor
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import tooltip
from jobdesk.storage import Library, LibraryError, PostingRow

Index = QModelIndex | QPersistentModelIndex

PAGE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

#: (header, sort key of Library.ids, PostingRow attribute)
COLUMNS: list[tuple[str, str, str]] = [
    ("Title", "title", "title"),
    ("Company", "company", "company"),
    ("Location", "location", "location"),
    ("Pay", "pay", "pay"),
    ("Workplace", "workplace", "workplace"),
    ("Type", "type", "employment_type"),
    ("Sponsorship", "sponsorship", "sponsorship"),
    ("Site", "site", "site"),
    ("Status", "status", "status"),
    ("Tags", "", "tags"),
    ("Saved", "created", "created_at"),
]
(
    COL_TITLE,
    COL_COMPANY,
    COL_LOCATION,
    COL_PAY,
    COL_WORKPLACE,
    COL_TYPE,
    COL_SPONSORSHIP,
    COL_SITE,
    COL_STATUS,
    COL_TAGS,
    COL_SAVED,
) = range(len(COLUMNS))
EDITABLE = frozenset({COL_STATUS, COL_TAGS})


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


class IdsJob(CancellableJob):
    """The ids matching a search, in order; run in a worker thread (own connection)."""

    done = Signal(object, object, str)  # job, list[int] | None, error

    def __init__(self, gen: int, path: Path, query: str, sort: str, descending: bool) -> None:
        super().__init__()
        self.gen = gen
        self.path = path
        self.query = query
        self.sort = sort
        self.descending = descending

    def run(self) -> None:
        if self._cancel.is_set():
            return
        try:
            with Library.open(self.path) as lib:
                ids = lib.ids(self.query, self.sort, self.descending, prefix_last=True)
        except LibraryError as exc:
            emit(self.done, self, None, str(exc))
            return
        except Exception as exc:  # never let a worker take the window down
            emit(self.done, self, None, f"{type(exc).__name__}: {exc}")
            return
        if not self._cancel.is_set():
            emit(self.done, self, ids, "")


class LibraryModel(QAbstractTableModel):
    """Rows of the library for the current search, sort and filters (see module doc)."""

    searchDone = Signal(int, str)  # number of matches, error ("" when fine)
    editRequested = Signal(int, str, object)  # posting id, field ("status"/"tags"), value

    def __init__(
        self,
        library: Library,
        executor: Executor,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.executor = executor
        self._ids: list[int] = []
        self._loaded = 0
        self._rows: dict[int, PostingRow] = {}
        self._gen = 0
        self._jobs: dict[int, IdsJob] = {}
        self.query = ""
        self.sort_column = COL_SAVED
        self.descending = True
        self.error = ""
        self.status_names: Callable[[], Sequence[str]] = library.statuses

    # ------------------------------------------------------------ searching

    @property
    def total(self) -> int:
        """How many postings match (rows not fetched yet included)."""
        return len(self._ids)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def set_query(self, query: str) -> None:
        self.query = query
        self.refresh()

    def refresh(self) -> None:
        """Search again (after a change); the new ids replace the old when they arrive."""
        self._gen += 1
        for job in self._jobs.values():
            job.cancel()  # a cancelled job reports nothing (the runnable keeps it alive)
        self._jobs.clear()
        key = COLUMNS[self.sort_column][1] or "created"
        job = IdsJob(self._gen, self.library.path, self.query, key, self.descending)
        job.done.connect(self._on_ids)
        self._jobs[id(job)] = job
        self.executor.start(job)

    def _on_ids(self, job: IdsJob, ids: list[int] | None, error: str) -> None:
        self._jobs.pop(id(job), None)
        if job.gen != self._gen:
            return  # a newer search has started: drop this one
        self.error = error
        keep = self._loaded
        self.beginResetModel()
        self._ids = list(ids or [])
        self._rows.clear()
        self._loaded = min(len(self._ids), max(PAGE, keep))
        self.endResetModel()
        emit(self.searchDone, len(self._ids), error)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or not COLUMNS[column][1]:
            return
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    # ------------------------------------------------------------ lazy rows

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        n = min(PAGE, len(self._ids) - self._loaded)
        if n <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + n - 1)
        self._loaded += n
        self.endInsertRows()

    def row(self, r: int) -> PostingRow | None:
        """The light row at table row ``r`` (its page is read on first use)."""
        if not 0 <= r < self._loaded:
            return None
        pid = self._ids[r]
        got = self._rows.get(pid)
        if got is None:
            start = (r // PAGE) * PAGE
            page = self._ids[start : start + PAGE]
            try:
                for row in self.library.rows(page):
                    self._rows[row.id] = row
            except LibraryError as exc:
                self.error = str(exc)
                return None
            got = self._rows.get(pid)
        return got

    def all_ids(self) -> list[int]:
        """Every posting the search matched, in the table's order (rows not loaded yet
        included)."""
        return list(self._ids)

    def posting_id(self, r: int) -> int | None:
        return self._ids[r] if 0 <= r < self._loaded else None

    def row_of(self, posting_id: int) -> int:
        try:
            r = self._ids.index(posting_id)
        except ValueError:
            return -1
        return r if r < self._loaded else -1

    def reload_row(self, posting_id: int) -> None:
        """Read one posting's row again (after an edit) and repaint it."""
        self._rows.pop(posting_id, None)
        r = self.row_of(posting_id)
        if r >= 0:
            emit(self.dataChanged, self.index(r, 0), self.index(r, len(COLUMNS) - 1))

    # ------------------------------------------------------------ Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in EDITABLE:
                return f"{COLUMNS[section][0]} (double-click to edit)"
            return "Click to sort" if COLUMNS[section][1] else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
            ROW_ROLE,
        ):
            return None
        row = self.row(index.row())
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        col = index.column()
        if col == COL_TAGS:
            text = ", ".join(row.tags)
        elif col == COL_SAVED:
            text = row.saved_date
        elif col == COL_TITLE:
            text = row.title
            if role == Qt.ItemDataRole.DisplayRole:
                marks = ("≈ " if row.near_duplicate_of is not None else "") + (
                    "✎ " if row.hand_edited else ""
                )
                text = marks + text
        else:
            text = str(getattr(row, COLUMNS[col][2]) or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TITLE:
                tips = [row.title, f"#{row.id} · saved {row.created_at[:16].replace('T', ' ')}"]
                if row.near_duplicate_of is not None:
                    tips.append(f"≈ looks like a repost of #{row.near_duplicate_of}")
                if row.hand_edited:
                    tips.append("✎ the cleaned text was edited by hand")
                if row.url:
                    tips.append(row.url)
                return tooltip("\n".join(tips))
            return tooltip(text) or None
        return text

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = index.column()
        pid = self.posting_id(index.row())
        if col not in EDITABLE or pid is None:
            return False
        row = self.row(index.row())
        if col == COL_STATUS:
            new = " ".join(str(value).split())
            if not new or (row is not None and new == row.status):
                return False
            emit(self.editRequested, pid, "status", new)
        else:
            tags = split_tags(str(value))
            if row is not None and tags == list(row.tags):
                return False
            emit(self.editRequested, pid, "tags", tags)
        return True

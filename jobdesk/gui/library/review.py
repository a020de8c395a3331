"""Review a rule change across the library (issue 11 item 7; issue 15's re-clean in the
window): the "Review changes" view, and the bar that offers it.

* **The view** (:class:`ReviewView`, Library ▸ *Re-clean Library / Review Changes…* in
  the main window and the library window): every saved posting is cleaned again with
  today's rules, the usual choices and the user's exceptions on a worker thread
  (:class:`ReviewJob` over :func:`jobdesk.review.scan`), with a progress bar and
  Cancel. The postings whose cleaned text would change are listed — title, site, each
  rule's edits added (+) and gone (−), ✎ for a hand-edited one — with a box to tick
  each; the selected one's diff shows beside them (side by side, or the changed lines
  only: :func:`~jobdesk.gui.library.dialogs.diff_html`). *Apply to Checked*, *Apply to
  All* and *Apply to None*. A hand-edited posting starts unticked and is overwritten
  only when ticked ("All" means every posting that is not hand-edited, and the ticked
  hand-edited ones). Applying is one undoable step in the library (Ctrl+Z there); a
  posting changed or deleted since the scan is skipped and said so. Cancel, or closing
  the view or the window during the run, writes nothing.
* **The offer** (:class:`ReviewBar`, above the panes): when the rules change in a way
  that may touch saved postings — the usual rule choices are changed in the main
  window, a rule pack or an exception is saved (the user's rules folder and
  exceptions file are watched; :meth:`ReviewController.rules_saved` for the code that
  saves them), or this jobdesk is another version than the one the library was last
  reviewed with — the library is scanned on a worker thread and, when postings would
  change, a bar says "Rules changed: N saved postings may clean differently" with a
  *Review* button. Nothing is counted on the GUI thread.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QFileSystemWatcher,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QAction, QCloseEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from jobdesk import __version__
from jobdesk import review as rv
from jobdesk.core.engine import Cleaner
from jobdesk.core.exemptions import FILE_NAME as EXCEPTIONS_FILE
from jobdesk.core.exemptions import ExemptionError, Exemptions
from jobdesk.gui.library.dialogs import diff_html
from jobdesk.gui.library.libwindow import LibraryWindow
from jobdesk.gui.loading import CancellableJob, Executor
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import esc, plain_label, rich_label, tooltip
from jobdesk.gui.safe_dialogs import SafeTextBrowser
from jobdesk.paths import config_dir, user_rules_dir
from jobdesk.review import Change, Progress, Review
from jobdesk.storage import Library, LibraryError


class ReviewHost(Protocol):
    """What the review needs of the window (a :class:`.controller.ReviewHost`)."""

    cleaner: Cleaner
    closing: SignalInstance

    def rule_overrides(self) -> dict[str, bool]: ...


class ReviewLibrary(Protocol):
    """What the review needs of the library's window side (a
    :class:`.controller.ReviewLibrary`; not imported: it installs the review)."""

    library: Library
    path: Path
    executor: Executor
    undo_stack: QUndoStack
    libwin: LibraryWindow
    act_reclean: QAction

    def run(self, fn: Callable[[Library], Any]) -> Any: ...

    def notify(self, text: str, level: str = "info", details: str = "") -> None: ...

    def status(self, text: str, ms: int = 0) -> None: ...

    def apply_updates(self, changes: Sequence[tuple[int, dict[str, Any]]]) -> None: ...

    def changed(self) -> None: ...


class ApplyCommand(QUndoCommand):
    """Re-clean postings with today's rules (one step); undo puts each back as it was."""

    def __init__(self, ctl: ReviewLibrary, changes: Sequence[Change]) -> None:
        n = len(changes)
        super().__init__(f"Re-clean {n} posting{'s' if n != 1 else ''} with today's rules")
        self.ctl = ctl
        self.changes = list(changes)

    def redo(self) -> None:
        self.ctl.apply_updates([(c.id, dict(c.update)) for c in self.changes])
        self.ctl.changed()

    def undo(self) -> None:
        self.ctl.apply_updates([(c.id, dict(c.before)) for c in self.changes])
        self.ctl.changed()


TITLE = "Review Changes — jobdesk"
#: How long after the last rule toggle the library is scanned for the bar.
CHECK_DELAY_MS = 1500
#: How long after start-up the library's jobdesk version is compared.
VERSION_CHECK_MS = 4000

COL_TITLE, COL_SITE, COL_EDITS, COL_RULES, COL_HAND = range(5)
HEADERS = ("Posting", "Site", "Edits", "Rules", "✎")
HEADER_TIPS = (
    "The saved posting (tick it to re-clean it)",
    "The site it was saved from",
    "Edits today's rules make that the saved rules did not (+), and those they no longer make (−)",
    "The rules whose edits change, with how many",
    "✎: you edited its text by hand (never replaced unless you tick it)",
)


def load_exemptions() -> tuple[Exemptions, str]:
    """The user's exceptions, and a note when their file could not be read (none then)."""
    try:
        return Exemptions.load(), ""
    except ExemptionError as exc:
        return Exemptions(), f"Your exceptions were not applied: {exc}"


class ReviewJob(CancellableJob):
    """Scan the library on a worker thread (its own connection); nothing is written."""

    progressed = Signal(object, object)  # job, review.Progress
    done = Signal(object, object, str)  # job, Review | None, error

    def __init__(
        self,
        path: Path,
        make_cleaner: Callable[[], Cleaner],
        overrides: Mapping[str, bool],
        *,
        chunk: int = rv.CHUNK,
    ) -> None:
        super().__init__()
        self.path = path
        self.make_cleaner = make_cleaner
        self.overrides = dict(overrides)
        self.chunk = chunk
        self.note = ""
        self.stamp: tuple[Any, ...] = ()

    def run(self) -> None:
        if self._cancel.is_set():
            emit(self.done, self, Review(cancelled=True), "")
            return
        try:
            cleaner = self.make_cleaner()
            exemptions, self.note = load_exemptions()
            with Library.open(self.path) as lib:
                self.stamp = library_stamp(lib)
                found = rv.scan(
                    lib, cleaner, self.overrides, exemptions,
                    chunk=self.chunk, progress=self._progress, cancelled=self._cancel.is_set,
                )  # fmt: skip
        except Exception as exc:
            emit(self.done, self, None, f"{type(exc).__name__}: {exc}")
            return
        emit(self.done, self, found, "")

    def _progress(self, p: Progress) -> None:
        if not self._cancel.is_set():
            emit(self.progressed, self, p)


def library_stamp(lib: Library) -> tuple[Any, ...]:
    """What changes when any posting is added, edited or deleted (a scan's freshness)."""
    row = lib.conn.execute("SELECT count(*), max(id), max(updated_at) FROM posting").fetchone()
    return tuple(row)


# ------------------------------------------------------------------ the table


class ChangesModel(QAbstractTableModel):
    """The changed postings, one row each, with a box to tick (hand-edited: unticked)."""

    checksChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.changes: list[Change] = []
        self.checked: set[int] = set()
        #: rule id → its name (the rules column names rules as the rules panel does)
        self.names: dict[str, str] = {}

    def set_changes(self, changes: Sequence[Change]) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self.checked = {c.id for c in self.changes if not c.hand_edited}
        self.endResetModel()
        emit(self.checksChanged)

    def remove(self, ids: set[int]) -> None:
        """Rows of postings applied (they are no longer changes)."""
        self.beginResetModel()
        self.changes = [c for c in self.changes if c.id not in ids]
        self.checked -= ids
        self.endResetModel()
        emit(self.checksChanged)

    def change(self, row: int) -> Change | None:
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def set_checked(self, pid: int, on: bool) -> None:
        for row, c in enumerate(self.changes):
            if c.id == pid:
                self.setData(
                    self.index(row, COL_TITLE),
                    Qt.CheckState.Checked.value if on else Qt.CheckState.Unchecked.value,
                    Qt.ItemDataRole.CheckStateRole,
                )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_TITLE:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        c = self.change(index.row()) if index.isValid() else None
        if c is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return f"#{c.id}  {' '.join(c.title.split())}"
            if col == COL_SITE:
                return c.site or "—"
            if col == COL_EDITS:
                return f"+{c.hits_added} −{c.hits_removed}"
            if col == COL_RULES:
                return c.summary(names=self.names)
            if col == COL_HAND:
                return "✎" if c.hand_edited else ""
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_TITLE:
            return Qt.CheckState.Checked if c.id in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (COL_EDITS, COL_RULES):
                lines = [
                    f"{self.names.get(rid, rid)} ({rid}): {b} → {a} edit(s)"
                    for rid, (b, a) in c.rules.items()
                ]
                return tooltip("\n".join(lines) or c.summary())
            if col == COL_HAND and c.hand_edited:
                return tooltip(
                    "You edited this posting's text by hand. Applying replaces your edit "
                    "with today's rules' text: it is done only when you tick it."
                )
            return tooltip(c.title)
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        c = self.change(index.row()) if index.isValid() else None
        if c is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_TITLE:
            return False
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        if on:
            self.checked.add(c.id)
        else:
            self.checked.discard(c.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        emit(self.checksChanged)
        return True


def side_by_side_html(old: str, new: str) -> str:
    """The saved text and today's, line against line (removed lines struck through and
    marked "−", added ones "+": not colour alone); unchanged stretches folded."""
    a, b = old.splitlines(), new.splitlines()
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    rows: list[str] = []
    cell = "<td width='50%' style='padding:1px 4px;{}'>{}</td>"
    gone = "background:#f8d7da;color:#58151c"
    came = "background:#d1e7dd;color:#0a3622"

    def text(x: str, mark: str) -> str:
        body = esc(x) if x.strip() else "<i>(blank line)</i>"
        return f"{mark}&nbsp;{'<s>' + body + '</s>' if mark == '−' else body}"

    for n, group in enumerate(sm.get_grouped_opcodes(2)):
        if n or group[0][1] > 0:
            rows.append("<tr><td colspan='2' style='color:gray'>⋯</td></tr>")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for x in a[i1:i2]:
                    same = f"&nbsp;&nbsp;{esc(x) or '&nbsp;'}"
                    rows.append("<tr>" + cell.format("", same) * 2 + "</tr>")
                continue
            left, right = a[i1:i2], b[j1:j2]
            for k in range(max(len(left), len(right))):
                blank = cell.format("", "")
                lc = cell.format(gone, text(left[k], "−")) if k < len(left) else blank
                rc = cell.format(came, text(right[k], "+")) if k < len(right) else blank
                rows.append(f"<tr>{lc}{rc}</tr>")
    if not rows:
        return "<p><i>No change: today's rules give the same cleaned text.</i></p>"
    head = "<tr><th align='left'>Saved</th><th align='left'>With today's rules</th></tr>"
    return (
        "<table width='100%' cellspacing='0' style='font-family:monospace;white-space:pre-wrap'>"
        + head
        + "".join(rows)
        + "</table>"
    )


# ------------------------------------------------------------------ the view


class ReviewView(QMainWindow):
    """The "Review changes" window (see the module docstring). Non-modal."""

    #: The user chose: the changes to apply ([] for "Apply to None").
    applyRequested = Signal(object)
    #: Cancel during the run, or the view was closed.
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self.setWindowTitle(TITLE)
        self.resize(1100, 680)
        central = QWidget()
        lay = QVBoxLayout(central)
        self.summary = rich_label("")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        run_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m postings")
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setToolTip("Stop re-cleaning; nothing is written")
        self.cancel_button.clicked.connect(lambda: emit(self.cancelRequested))
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)
        lay.addLayout(run_row)

        self.model = ChangesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_RULES, QHeaderView.ResizeMode.Stretch)
        for col in (COL_SITE, COL_EDITS, COL_HAND):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.checksChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        self.tabs = QTabWidget()
        self.side = SafeTextBrowser()
        self.lines = SafeTextBrowser()
        self.tabs.addTab(self.side, "Side by Side")
        self.tabs.addTab(self.lines, "Changed Lines")
        self.diff_label = plain_label("")
        self.diff_label.setWordWrap(True)
        diff_box = QWidget()
        dl = QVBoxLayout(diff_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.diff_label)
        dl.addWidget(self.tabs, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.table)
        self.split.addWidget(diff_box)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        lay.addWidget(self.split, 1)

        buttons = QHBoxLayout()
        self.check_all = QPushButton("Tick All")
        self.check_all.setToolTip("Tick every posting that is not hand-edited")
        self.check_all.clicked.connect(self._tick_all)
        self.check_none = QPushButton("Untick All")
        self.check_none.clicked.connect(lambda: self._tick(set()))
        self.apply_checked = QPushButton("Apply to C&hecked")
        self.apply_checked.setToolTip("Re-clean the ticked postings with today's rules")
        self.apply_checked.clicked.connect(lambda: self._request(self.chosen(all_=False)))
        self.apply_all = QPushButton("Apply to &All")
        self.apply_all.setToolTip(
            "Re-clean every posting listed with today's rules — hand-edited ones only "
            "where you ticked them: your own text is never replaced without your choice"
        )
        self.apply_all.clicked.connect(lambda: self._request(self.chosen(all_=True)))
        self.apply_none = QPushButton("Apply to &None")
        self.apply_none.setToolTip("Keep every saved posting as it is (this review is done)")
        self.apply_none.clicked.connect(lambda: self._request([]))
        buttons.addWidget(self.check_all)
        buttons.addWidget(self.check_none)
        buttons.addStretch(1)
        for b in (self.apply_checked, self.apply_all, self.apply_none):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.setCentralWidget(central)
        self.running = False
        self.review: Review | None = None
        self.set_running(0)

    # -- state

    def set_running(self, total: int) -> None:
        """The scan started (``total`` postings)."""
        self.running = True
        self.review = None
        self.model.set_changes([])
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.summary.setText("Re-cleaning your saved postings with today's rules…")
        self.show_diff(None)
        self._update_buttons()

    def set_progress(self, p: Progress) -> None:
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)
        self.summary.setText(
            f"Re-cleaning your saved postings with today's rules… {p.done:,} of "
            f"{p.total:,} done; {p.changed:,} would change so far."
        )

    def set_review(self, found: Review, note: str = "") -> None:
        """The scan ended (or was cancelled: nothing is listed then)."""
        self.running = False
        self.review = found
        self.progress.hide()
        self.cancel_button.hide()
        if found.cancelled:
            self.summary.setText(
                "<b>Stopped.</b> Nothing was changed. Re-clean Library / Review Changes… "
                "starts again."
            )
            self.model.set_changes([])
            return
        self.model.set_changes(found.changes)
        self._summarise(note)
        if found.changes:
            self.table.selectRow(0)

    def _summarise(self, note: str = "") -> None:
        found = self.review
        if found is None:
            return
        n, hand = len(self.model.changes), sum(c.hand_edited for c in self.model.changes)
        if not n:
            text = (
                f"<b>Nothing to review:</b> today's rules clean all {found.total:,} saved "
                "postings as they are saved."
            )
        else:
            text = (
                f"<b>{n:,} of {found.total:,} saved postings would change</b> with "
                "today's rules. Tick the ones to re-clean; the diff of the selected one "
                "is on the right."
            )
            if hand:
                text += (
                    f" <b>✎ {hand:,} {'is' if hand == 1 else 'are'} hand-edited</b>: left "
                    "unticked, never overwritten unless you tick them."
                )
        if found.failed:
            text += f" {len(found.failed):,} could not be cleaned."
        if note:
            text += f"<br>⚠ {esc(note)}"
        self.summary.setText(text)

    def chosen(self, *, all_: bool) -> list[Change]:
        """The changes "Apply to All" (``all_``) or "Apply to Checked" would write."""
        checked = self.model.checked
        return rv.pick(self.model.changes, None if all_ else checked, hand_edited=checked)

    def applied(self, ids: set[int]) -> None:
        """These were written: they leave the list."""
        self.model.remove(ids)
        self._summarise()
        if self.model.changes:
            self.table.selectRow(0)
        else:
            self.show_diff(None)

    def _request(self, changes: list[Change]) -> None:
        emit(self.applyRequested, changes)

    def _tick(self, ids: set[int]) -> None:
        for c in self.model.changes:
            self.model.set_checked(c.id, c.id in ids)

    def _tick_all(self) -> None:
        self._tick({c.id for c in self.model.changes if not c.hand_edited} | self.model.checked)

    def _update_buttons(self) -> None:
        done = not self.running and self.review is not None and not self.review.cancelled
        some = bool(self.model.changes)
        self.apply_checked.setEnabled(done and bool(self.model.checked))
        self.apply_all.setEnabled(done and bool(self.chosen(all_=True)))
        self.apply_none.setEnabled(done and some)
        self.check_all.setEnabled(done and some)
        self.check_none.setEnabled(done and some)
        n = len(self.model.checked)
        self.apply_checked.setText(f"Apply to C&hecked ({n:,})" if done else "Apply to C&hecked")

    # -- the diff

    def _on_selection(self, _sel: QItemSelection, _old: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.show_diff(self.model.change(rows[0].row()) if rows else None)

    def show_diff(self, c: Change | None) -> None:
        if c is None:
            self.side.setHtml("")
            self.lines.setHtml("")
            self.diff_label.setText("")
            return
        html, removed, added = diff_html(c.old, c.new)
        self.side.setHtml(side_by_side_html(c.old, c.new))
        self.lines.setHtml(html)
        what = f"#{c.id} {' '.join(c.title.split())}: {removed} line"
        what += f"{'s' if removed != 1 else ''} would go, {added} would come"
        if c.hand_edited:
            what += " — ✎ your hand edit would be replaced"
        self.diff_label.setText(what + ".")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            emit(self.cancelRequested)
        super().closeEvent(event)


# ------------------------------------------------------------------ the offer


class ReviewBar(QFrame):
    """ "Rules changed: N saved postings may clean differently — Review" (non-modal)."""

    reviewRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        self.label = plain_label("")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.button = QPushButton("&Review…")
        self.button.setToolTip("See which saved postings would change, and choose")
        self.button.clicked.connect(self._review)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setText("✕")
        close.setToolTip("Not now (Library ▸ Re-clean Library / Review Changes… later)")
        close.clicked.connect(self.hide)
        lay.addWidget(QLabel("↻"))
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        lay.addWidget(close)
        self.count = 0
        self.hide()

    def offer(self, n: int, reason: str) -> None:
        self.count = n
        postings = f"{n:,} saved posting{'s' if n != 1 else ''}"
        head = {
            "version": f"jobdesk was updated (now {__version__})",
        }.get(reason, "Rules changed")
        self.label.setText(f"{head}: {postings} may clean differently —")
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _review(self) -> None:
        self.hide()
        emit(self.reviewRequested)


class ReviewController(QObject):
    """The review's action, view, bar and triggers for one library (see the module)."""

    #: A review ended: the ids written ([] for "Apply to None").
    reviewed = Signal(object)
    #: A background scan for the bar ended: how many postings would change.
    checked = Signal(int)

    def __init__(self, ctl: ReviewLibrary, host: ReviewHost, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctl = ctl
        self.host = host
        self.window = window
        self.executor: Executor = ctl.executor
        #: The cleaner a review uses: the window's, or rules read again from disk once a
        #: rule pack was saved (:meth:`rules_saved`).
        self.make_cleaner: Callable[[], Cleaner] = lambda: self.host.cleaner
        self.job: ReviewJob | None = None
        self._job_shows = False  # the running job fills the view (else: the bar's count)
        self._reason = ""
        self.view: ReviewView | None = None
        self._cached: tuple[tuple[Any, ...], Review] | None = None
        self._usual = dict(host.rule_overrides())
        self._closed = False
        #: Postings per chunk of a run (progress and Cancel are per chunk and posting).
        self.chunk = rv.CHUNK

        self.act_review = QAction("Re-clean Library / Review &Changes…", self)
        self.act_review.setToolTip(
            "Clean every saved posting again with today's rules, see which would change, "
            "and choose (hand-edited ones are kept unless you tick them)"
        )
        self.act_review.triggered.connect(lambda _c=False: self.start_review())
        self._install_menus()

        self.bar = ReviewBar()
        self.bar.reviewRequested.connect(self.start_review)
        notice = getattr(window, "notice", None)
        box = notice.parentWidget() if isinstance(notice, QWidget) else None
        layout = box.layout() if box is not None else None
        if isinstance(layout, QVBoxLayout) and notice is not None:
            layout.insertWidget(layout.indexOf(notice) + 1, self.bar)
        else:  # a window without a notice bar: the bar shows in a window of its own
            self.bar.setParent(window, Qt.WindowType.Tool)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._pending: str = ""
        self._timer.timeout.connect(lambda: self.check(self._pending or "rules"))
        model = getattr(window, "rules_model", None)
        if model is not None and hasattr(model, "overridesChanged"):
            model.overridesChanged.connect(self._on_overrides_changed)
        self.watcher = QFileSystemWatcher(self)
        self._files = self._snapshot()
        self._watch()
        self.watcher.directoryChanged.connect(lambda _p: self._on_files_changed())
        self.watcher.fileChanged.connect(lambda _p: self._on_files_changed())
        host.closing.connect(self.close)
        self._version_timer = QTimer(self)  # (a child: gone with the controller)
        self._version_timer.setSingleShot(True)
        self._version_timer.timeout.connect(self.check_version)
        self._version_timer.start(VERSION_CHECK_MS)

    def _install_menus(self) -> None:
        for a in self.window.menuBar().actions():
            m = a.menu()
            if a.text().replace("&", "") == "Library" and isinstance(m, QMenu):
                self._add_after(m, self.ctl.act_reclean)
        self._add_after(self.ctl.libwin.library_menu, self.ctl.act_reclean)

    def _add_after(self, menu: QMenu, anchor: QAction) -> None:
        acts = menu.actions()
        if anchor in acts and acts.index(anchor) + 1 < len(acts):
            menu.insertAction(acts[acts.index(anchor) + 1], self.act_review)
        else:
            menu.addAction(self.act_review)

    # -- triggers

    def _on_overrides_changed(self) -> None:
        usual = dict(self.host.rule_overrides())
        if usual == self._usual:
            return  # a posting's own choices changed, or nothing did
        self._usual = usual
        self.later("rules")

    def _watch(self) -> None:
        rules = user_rules_dir()
        paths = [p for p in (config_dir(), rules) if p.is_dir()]
        paths += list(self._snapshot())
        have = set(self.watcher.directories()) | set(self.watcher.files())
        new = [str(p) for p in paths if str(p) not in have]
        if new:
            self.watcher.addPaths(new)

    @staticmethod
    def _snapshot() -> dict[Path, tuple[float, int]]:
        """The user's rule packs and exceptions file, with their times and sizes (the
        config folder also holds the settings: their writes are no rule change)."""
        rules = user_rules_dir()
        files = [config_dir() / EXCEPTIONS_FILE]
        if rules.is_dir():
            files += sorted(rules.glob("*.toml"))
        out: dict[Path, tuple[float, int]] = {}
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            out[f] = (st.st_mtime, st.st_size)
        return out

    def _on_files_changed(self) -> None:
        self._watch()  # a new file, or one replaced by a rename: watched again
        now = self._snapshot()
        if now != self._files:
            self._files = now
            self.rules_saved(reload=True)

    def rules_saved(self, *, reload: bool = True) -> None:
        """A rule pack or an exception was saved: offer the review (reviews read the
        rules from disk from now on when ``reload``)."""
        if reload:
            self.make_cleaner = _fresh_cleaner
        self.later("pack")

    def later(self, reason: str) -> None:
        """Scan for the bar soon (several changes in a row: once)."""
        self._pending = reason
        self._cached = None
        self._timer.start(CHECK_DELAY_MS)

    def check_version(self) -> None:
        """Offer the review when another jobdesk last reviewed the library."""
        if self._closed or not isValid(self.ctl.libwin):
            return
        lib = self.ctl.library
        try:
            if not rv.version_changed(lib):
                return
        except Exception:
            return
        self.check("version")

    def check(self, reason: str) -> ReviewJob | None:
        """Scan the library on a worker thread; the bar offers the review when postings
        would change."""
        if self._closed or (self.job is not None and self._job_shows):
            return None  # the view's run will tell
        self._pending = ""
        return self._start(reason, show=False)

    # -- the run

    def start_review(self) -> ReviewView:
        """Open the view and re-clean the library in the background (or show the scan
        just made for the bar, when nothing changed since)."""
        view = self.view
        if view is None or not isValid(view):
            view = ReviewView(self.window)
            view.applyRequested.connect(self.apply)
            view.cancelRequested.connect(self.cancel)
            self.view = view
        view.model.names = {r.id: r.name for r in self.host.cleaner.rules.rules}
        self.bar.hide()
        view.show()
        view.raise_()
        view.activateWindow()
        if self.job is not None and self._job_shows:
            return view  # already running for the view
        cached = self._cached
        stamp = self._stamp()
        if cached is not None and cached[0] == stamp and stamp:
            view.set_review(cached[1])
            return view
        self._start("review", show=True)
        return view

    def _stamp(self) -> tuple[Any, ...]:
        try:
            return (*library_stamp(self.ctl.library), id(self.host.cleaner))
        except Exception:
            return ()

    def _start(self, reason: str, *, show: bool) -> ReviewJob:
        if self.job is not None:
            self.job.cancel()
        job = ReviewJob(
            self.ctl.path, self.make_cleaner, self.host.rule_overrides(), chunk=self.chunk
        )
        self.job = job
        self._job_shows = show
        self._reason = reason
        if show and self.view is not None:
            total = self.ctl.run(lambda lib: lib.count()) or 0
            self.view.set_running(total)
        job.progressed.connect(self._on_progress)
        job.done.connect(self._on_done)
        self.executor.start(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_progress(self, job: ReviewJob, p: Progress) -> None:
        if job is not self.job or not self._job_shows:
            return
        view = self.view
        if view is not None and isValid(view):
            view.set_progress(p)

    def _on_done(self, job: ReviewJob, found: Review | None, error: str) -> None:
        if job is not self.job:
            return  # replaced by a newer run
        self.job = None
        shows = self._job_shows
        self._job_shows = False
        if self._closed:
            return
        if found is None:
            if shows:
                self.ctl.notify(f"The library could not be re-cleaned: {error}", "error")
                view = self.view
                if view is not None and isValid(view):
                    view.set_review(Review(cancelled=True))
            return
        if not found.cancelled:
            self._cached = ((*job.stamp, id(self.host.cleaner)), found)
            if not found.changes and not found.failed:
                rv.mark_cleaned_with(self.ctl.library)  # nothing to review
        if shows:
            view = self.view
            if view is not None and isValid(view):
                view.set_review(found, job.note)
            return
        if found.cancelled:
            return
        n = len(found.changes)
        emit(self.checked, n)
        if n:
            self.bar.offer(n, self._reason)
        else:
            self.bar.hide()

    # -- applying

    def apply(self, changes: list[Change]) -> list[int]:
        """Write the chosen changes (one undoable step); [] is "Apply to None"."""
        lib = self.ctl.library
        if changes and lib.read_only is not None:
            self.ctl.notify(f"Nothing was changed: {lib.read_only}", "error")
            return []
        ok: list[Change] = []
        skipped: list[tuple[int, str]] = []
        for c in changes:
            try:
                why = rv.still_as_scanned(lib, c)
            except LibraryError as exc:
                why = str(exc)
            if why is None:
                ok.append(c)
            else:
                skipped.append((c.id, why))
        if ok:
            self.ctl.undo_stack.push(ApplyCommand(self.ctl, ok))
        rv.mark_cleaned_with(lib)
        self._cached = None
        ids = [c.id for c in ok]
        view = self.view
        if view is not None and isValid(view):
            if changes:
                view.applied(set(ids) | {pid for pid, _why in skipped})
            else:
                view.close()
        if changes:
            n = len(ids)
            msg = f"Re-cleaned {n:,} posting{'s' if n != 1 else ''} with today's rules"
            msg += " (undo: Ctrl+Z in the library)." if ids else "."
            if skipped:
                msg += f" {len(skipped):,} skipped: changed or deleted since the review."
                self.ctl.notify(msg, "warning", "\n".join(f"#{i}: {w}" for i, w in skipped))
            else:
                self.ctl.status(msg, 8000)
        else:
            self.ctl.status("Your saved postings are kept as they are.", 6000)
        self.bar.hide()
        emit(self.reviewed, ids)
        return ids

    def close(self) -> None:
        """The window is closing: stop the run, close the view; nothing is written."""
        self._closed = True
        self._timer.stop()
        self._version_timer.stop()
        if self.job is not None:
            self.job.cancel()
        view = self.view
        if view is not None and isValid(view):
            view.close()


def _fresh_cleaner() -> Cleaner:
    """Today's rules as saved on disk (the shipped packs and the user's)."""
    from jobdesk.core.rules import load_rules

    return Cleaner(load_rules())


def install_review(ctl: ReviewLibrary, host: ReviewHost, window: QMainWindow) -> ReviewController:
    """The review for the library of ``ctl`` in ``window`` (menus, bar, triggers)."""
    return ReviewController(ctl, host, window)

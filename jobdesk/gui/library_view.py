"""The library in the window: Save (Ctrl+S) / Save All, and the library dock.

:func:`install_library` opens the library (``JOBDESK_DATA_DIR`` or the platform data dir)
and plugs it into a :class:`~jobdesk.gui.window.MainWindow`:

* **Save** stores the current posting as the user sees it (hand edits, edited facts,
  the rules that are on). An exact duplicate is not saved again: the window says
  "already in your library (saved DATE)"; a near duplicate (a repost) is saved and
  flagged ("≈" in the table). **Save All** saves every opened posting on a worker
  thread with its own connection (facts extracted there too), one transaction.
* **The dock** (View ▸ Library, Ctrl+L): a search box with live results (debounced, the
  last word a prefix), filters by status, tag and site, a lazily loaded table
  (:mod:`library_model`) sorted by SQLite, and a details pane with the notes (saved when
  the editor loses focus). Double-click (or Enter) opens a posting back into the
  side-by-side view with the rules it was saved with; "Re-clean…" cleans it with today's
  rules and shows the line diff before anything changes; status and tags are edited in
  the table; Delete removes with undo (Ctrl+Z in the table, the Undo button, or
  Library ▸ Undo); every edit is an undoable command. The keys (Enter, Del, Ctrl+R,
  Ctrl+Z) belong to the table, so the search box and the notes keep their own.
* **Import Folder…** reads a folder in the background (the storage importer: batches,
  progress, Cancel keeps what was committed).
* Changes made elsewhere (the CLI, another window) show up: the dock polls SQLite's
  ``data_version`` every two seconds.

Work-arounds for the storage API (which the GUI does not edit): ``Library`` has no
"list sites" call, so the site filter is filled from ``stats()["by_site"]``; the notes
are not part of the light rows, so they are read with ``get()`` for the selected
posting only.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from jobdesk.core.engine import Cleaner
from jobdesk.core.facts import extract_facts
from jobdesk.core.ingest import Document, ingest_text
from jobdesk.gui.facts import FACTS, fact_view
from jobdesk.gui.library_model import (
    COL_SAVED,
    COL_STATUS,
    LibraryModel,
)
from jobdesk.gui.loading import CancellableJob, Executor, Input
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import (
    LinkDialog,
    SafeTextBrowser,
    esc,
    menu_text,
    open_link,
    plain_label,
    plain_text,
    progress_dialog,
    rich_label,
    tooltip,
)
from jobdesk.storage import Library, LibraryError, NewPosting, Posting, PostingRow
from jobdesk.storage.importer import ImportProgress, ImportReport, import_paths
from jobdesk.storage.paths import library_path
from jobdesk.storage.text import display_value

if TYPE_CHECKING:
    from jobdesk.gui.window import Draft, MainWindow

SEARCH_DELAY_MS = 200
#: The href of the details pane's URL link (see LibraryController.open_link).
DETAILS_LINK = "jobdesk:posting-url"
POLL_MS = 2000


# ------------------------------------------------------------------ saving


def new_posting(d: Draft) -> NewPosting:
    """What the library stores for a draft: the text as shown, edited facts included."""
    facts = d.facts()
    name = d.path.name if d.path is not None else d.label
    np = NewPosting.from_result(
        d.result,
        cleaned=d.cleaned if d.hand_edited else None,
        url=d.url,
        source_name=name,
    )
    np.fields = facts
    title = display_value(facts.get("title"))
    company = display_value(facts.get("company"))
    if title:
        np.title = title
    if company:
        np.company = company
    return np


@dataclass
class SaveOutcome:
    label: str
    id: int | None
    duplicate: PostingRow | None
    similar: tuple[PostingRow, float] | None
    error: str = ""


def save_message(outcomes: Sequence[SaveOutcome]) -> tuple[str, str, str]:
    """(message, level, details) for the notice bar."""
    saved = [o for o in outcomes if o.id is not None]
    dups = [o for o in outcomes if o.duplicate is not None]
    near = [o for o in saved if o.similar is not None]
    errors = [o for o in outcomes if o.error]
    details = []
    for o in dups:
        assert o.duplicate is not None
        details.append(
            f"{o.label}: already in your library as #{o.duplicate.id} "
            f"“{o.duplicate.title}” (saved {o.duplicate.saved_date})"
        )
    for o in near:
        assert o.similar is not None
        row, sim = o.similar
        details.append(
            f"{o.label}: looks like a repost of #{row.id} “{row.title}” "
            f"(saved {row.saved_date}, {sim:.0%} alike) — saved and flagged"
        )
    details.extend(f"{o.label}: {o.error}" for o in errors)
    if len(outcomes) == 1:
        o = outcomes[0]
        if o.error:
            return f"Could not save to the library: {o.error}", "error", ""
        if o.duplicate is not None:
            return (
                f"This posting is already in your library (saved {o.duplicate.saved_date}) "
                f"as #{o.duplicate.id} “{o.duplicate.title}”; it was not saved again.",
                "info",
                "",
            )
        if o.similar is not None:
            row, sim = o.similar
            return (
                f"Saved as #{o.id}. It looks like a repost of #{row.id} “{row.title}” "
                f"(saved {row.saved_date}, {sim:.0%} alike): flagged ≈ in the library.",
                "warning",
                "",
            )
        return f"Saved to your library as #{o.id}.", "", ""
    parts = [f"Saved {len(saved)} of {len(outcomes)} postings to your library."]
    if dups:
        parts.append(f"{len(dups)} already there (not saved again).")
    if near:
        parts.append(f"{len(near)} look like reposts (flagged ≈).")
    if errors:
        parts.append(f"{len(errors)} failed.")
    level = "error" if errors else ("warning" if dups or near else "")
    return " ".join(parts), level, "\n".join(details)


def _outcomes(lib: Library, drafts: Sequence[Draft]) -> list[SaveOutcome]:
    news = [new_posting(d) for d in drafts]
    results = lib.add_many(news)
    out = []
    for d, r in zip(drafts, results, strict=True):
        out.append(
            SaveOutcome(d.label, r.id, r.duplicate, r.similar_to[0] if r.similar_to else None)
        )
    return out


class SaveJob(QObject):
    """Save a batch on a worker thread (its own connection, facts extracted there)."""

    done = Signal(object, object, str)  # job, list[SaveOutcome] | None, error

    def __init__(self, path: Path, drafts: Sequence[Draft]) -> None:
        super().__init__()
        self.path = path
        self.drafts = list(drafts)

    def run(self) -> None:
        try:
            with Library.open(self.path) as lib:
                outcomes = _outcomes(lib, self.drafts)
        except LibraryError as exc:
            emit(self.done, self, None, str(exc))
            return
        except Exception as exc:
            emit(self.done, self, None, f"{type(exc).__name__}: {exc}")
            return
        emit(self.done, self, outcomes, "")


class FiltersJob(CancellableJob):
    """Statuses, tags and sites with their counts, for the filter boxes (worker)."""

    done = Signal(object, object, str)  # job, {"statuses", "tags", "sites"} | None, error

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def run(self) -> None:
        if self._cancel.is_set():
            return
        try:
            with Library.open(self.path) as lib:
                stats = lib.stats()  # no "list sites" call: by_site of the stats
                found = {
                    "statuses": list(stats.get("by_status", {}).items()),
                    "tags": lib.tags(),
                    "sites": list(stats.get("by_site", {}).items()),
                }
        except Exception as exc:
            emit(self.done, self, None, str(exc))
            return
        emit(self.done, self, found, "")


class ImportJob(CancellableJob):
    """Import files/folders with the storage importer, on a worker thread."""

    progress = Signal(object, object)  # job, ImportProgress
    done = Signal(object, object, str)  # job, ImportReport | None, error

    def __init__(self, path: Path, sources: Sequence[Path], cleaner: Cleaner) -> None:
        super().__init__()
        self.path = path
        self.sources = list(sources)
        self.cleaner = cleaner
        #: Postings per transaction: progress is reported (and survives a crash) per batch.
        self.batch_size = 20

    def run(self) -> None:
        try:
            report = import_paths(
                self.path,
                self.sources,
                batch_size=self.batch_size,
                progress=lambda p: emit(self.progress, self, p),
                cancel=self._cancel,
                cleaner=self.cleaner,
            )
        except LibraryError as exc:
            emit(self.done, self, None, str(exc))
            return
        except Exception as exc:
            emit(self.done, self, None, f"{type(exc).__name__}: {exc}")
            return
        emit(self.done, self, report, "")


# ------------------------------------------------------------------ undo commands


class EditCommand(QUndoCommand):
    """Change one posting's status, tags or notes (or re-clean it); undo puts it back."""

    def __init__(
        self, ctl: LibraryController, pid: int, text: str, new: dict[str, Any], old: dict[str, Any]
    ) -> None:
        super().__init__(text)
        self.ctl, self.pid, self.new, self.old = ctl, pid, new, old

    def redo(self) -> None:
        self.ctl.apply_update(self.pid, self.new)

    def undo(self) -> None:
        self.ctl.apply_update(self.pid, self.old)


class DeleteCommand(QUndoCommand):
    def __init__(self, ctl: LibraryController, ids: Sequence[int]) -> None:
        n = len(ids)
        super().__init__(f"Delete {n} posting{'s' if n != 1 else ''}")
        self.ctl = ctl
        self.ids = list(ids)
        self.gone: list[Posting] = []

    def redo(self) -> None:
        self.gone = self.ctl.run(lambda lib: lib.delete(self.ids)) or []
        self.ctl.changed()

    def undo(self) -> None:
        self.ctl.run(lambda lib: lib.restore(self.gone))
        self.ctl.changed()


# ------------------------------------------------------------------ re-clean dialog


def diff_html(old: str, new: str, context: int = 2) -> tuple[str, int, int]:
    """A line diff as HTML ("−" removed, "+" added: not colour alone); (html, -n, +n)."""
    a, b = old.splitlines(), new.splitlines()
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out: list[str] = []
    removed = added = 0
    for group in sm.get_grouped_opcodes(context):
        out.append("<div style='color:gray'>⋯</div>")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(f"<div>&nbsp;&nbsp;{esc(x) or '&nbsp;'}</div>" for x in a[i1:i2])
                continue
            for x in a[i1:i2]:
                removed += 1
                body = f"<s>{esc(x)}</s>" if x.strip() else "<i>(blank line)</i>"
                out.append(f"<div style='background:#f8d7da;color:#58151c'>−&nbsp;{body}</div>")
            for x in b[j1:j2]:
                added += 1
                body = esc(x) if x.strip() else "<i>(blank line)</i>"
                out.append(f"<div style='background:#d1e7dd;color:#0a3622'>+&nbsp;{body}</div>")
    if not out:
        return "<p><i>No change: today's rules give the same cleaned text.</i></p>", 0, 0
    return (
        "<div style='font-family:monospace;white-space:pre-wrap'>" + "".join(out) + "</div>",
        (removed),
        added,
    )


@dataclass
class Reclean:
    posting: Posting
    cleaned: str
    rules: list[str]
    fields: dict[str, Any]


class RecleanDialog(QDialog):
    def __init__(self, rc: Reclean, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Re-clean #{rc.posting.id} with today's rules")
        self.resize(760, 560)
        lay = QVBoxLayout(self)
        html, removed, added = diff_html(rc.posting.cleaned, rc.cleaned)
        old_rules, new_rules = set(rc.posting.rules), set(rc.rules)
        summary = (
            f"<b>{esc(rc.posting.display_title)}</b><br>"
            f"{removed} line{'s' if removed != 1 else ''} would go, "
            f"{added} line{'s' if added != 1 else ''} would come. "
            f"Rules: {len(new_rules - old_rules)} on now that were off, "
            f"{len(old_rules - new_rules)} off now that were on."
        )
        if rc.posting.hand_edited:
            summary += "<br><b>⚠ This posting was edited by hand; accepting replaces the edits.</b>"
        self.summary = rich_label(summary)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.view = SafeTextBrowser()
        self.view.setHtml(html)
        lay.addWidget(self.view, 1)
        self.changes = (removed, added)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(
            "Accept the New Text", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button.setEnabled(removed + added > 0 or old_rules != new_rules)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


# ------------------------------------------------------------------ the dock


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

    def __init__(self, ctl: LibraryController, parent: QWidget | None = None) -> None:
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


class LibraryController(QObject):
    """The library's window side: saver, dock, commands (see the module docstring)."""

    changedSignal = Signal()

    def __init__(self, window: MainWindow, library: Library, executor: Executor) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.path = library.path
        self.executor = executor
        self._jobs: dict[int, QObject] = {}
        self.model = LibraryModel(library, executor, self)
        self.model.status_names = self.statuses
        self.model.editRequested.connect(self._on_edit_requested)
        self.undo_stack = QUndoStack(self)
        self._notes_for: int | None = None
        self._details_url = ""  # the URL of the posting the details show
        self._filters_job: FiltersJob | None = None
        self._make_actions()
        self.panel = LibraryPanel(self)
        self.model.searchDone.connect(self._on_search_done)
        self.model.modelReset.connect(self._on_selection)
        self.dock = QDockWidget("Library", window)
        self.dock.setObjectName("libraryDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.act_show = self.dock.toggleViewAction()
        self.act_show.setText("&Library")
        self.act_show.setShortcut(QKeySequence("Ctrl+L"))
        self.act_show.setToolTip("Show or hide the library (Ctrl+L)")
        window.addAction(self.act_show)
        self.act_show.triggered.connect(self._on_show_toggled)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.timeout.connect(self.apply_search)
        self.panel.search.textChanged.connect(lambda _t: self._search_timer.start(SEARCH_DELAY_MS))
        self.panel.search.returnPressed.connect(self.apply_search)
        for box in (self.panel.status_filter, self.panel.tag_filter, self.panel.site_filter):
            box.activated.connect(lambda _i: self.apply_search())
        self.panel.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection())
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        self.poll.start()
        self._install_menu()
        self.fill_filters()
        self.apply_search()

    # ------------------------------------------------------------ setup

    def _make_actions(self) -> None:
        w = self.window

        def act(text: str, slot: Callable[[], object], keys: str = "", tip: str = "") -> QAction:
            a = QAction(text, self)
            if keys:
                a.setShortcut(QKeySequence(keys))
                a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            a.setToolTip(tip or text.replace("&", "").rstrip("…"))
            a.triggered.connect(lambda _c=False: slot())
            return a

        self.act_open = act(
            "&Open", self.open_selected, "Return",
            "Open the posting in the side-by-side view, with the rules it was saved with",
        )  # fmt: skip
        self.act_reclean = act(
            "&Re-clean…", self.reclean_selected, "Ctrl+R",
            "Clean the posting again with today's rules; see what changes first",
        )  # fmt: skip
        self.act_delete = act(
            "&Delete", self.delete_selected, "Del", "Delete the selected postings (undo: Ctrl+Z)"
        )
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_undo.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.act_redo.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        # Command texts quote statuses and titles: the actions' tooltips are made safe.
        self.undo_stack.undoTextChanged.connect(self._undo_tooltips)
        self.undo_stack.redoTextChanged.connect(self._undo_tooltips)
        self.act_import = QAction("&Import Folder…", self)
        self.act_import.setToolTip(
            "Import a folder of postings into the library (in the background)"
        )
        self.act_import.triggered.connect(lambda _c=False: self.import_dialog())
        w.addAction(self.act_import)

    def _undo_tooltips(self, _text: str = "") -> None:
        """Undo/Redo tooltips name the command ("Set status to …"), safely."""
        for act, verb, text in (
            (self.act_undo, "Undo", self.undo_stack.undoText()),
            (self.act_redo, "Redo", self.undo_stack.redoText()),
        ):
            if isValid(act):
                act.setToolTip(tooltip(plain_text(f"{verb} {text}".strip())))

    def _install_menu(self) -> None:
        mb = self.window.menuBar()
        menu = None
        for a in mb.actions():
            if a.text().replace("&", "") == "View":
                m = a.menu()
                menu = m if isinstance(m, QMenu) else None
        if menu is not None:
            menu.addSeparator()
            menu.addAction(self.act_show)
        lib_menu = mb.addMenu("&Library")
        for a in (self.act_show, self.act_open, self.act_reclean, self.act_delete):
            lib_menu.addAction(a)
        lib_menu.addSeparator()
        lib_menu.addAction(self.act_undo)
        lib_menu.addAction(self.act_redo)
        lib_menu.addSeparator()
        lib_menu.addAction(self.act_import)
        # the Help menu stays last
        help_action = next((a for a in mb.actions() if a.text().replace("&", "") == "Help"), None)
        if help_action is not None:
            mb.removeAction(help_action)
            mb.addAction(help_action)

    def _on_show_toggled(self, on: bool) -> None:
        if on:
            self.panel.search.setFocus()
            self.panel.search.selectAll()

    def statuses(self) -> list[str]:
        return self.run(lambda lib: lib.statuses()) or []

    # ------------------------------------------------------------ plumbing

    def run(self, fn: Callable[[Library], Any]) -> Any:
        """Call the library on the GUI thread's connection; errors go to the notice bar."""
        try:
            return fn(self.library)
        except LibraryError as exc:
            self.window.notify(str(exc), "error")
            return None

    def changed(self) -> None:
        """Our own write: refresh the table and filters."""
        self.library.changed_elsewhere()  # our commit is not "elsewhere"
        self.fill_filters()
        self.model.refresh()
        emit(self.changedSignal)

    def _poll(self) -> None:
        try:
            elsewhere = self.library.changed_elsewhere()
        except Exception:
            return
        if elsewhere:
            self.fill_filters()
            self.model.refresh()

    def id_at(self, row: int) -> int | None:
        return self.model.posting_id(row)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.panel.table.selectionModel().selectedRows()})
        if not rows:
            cur = self.panel.table.currentIndex()
            rows = [cur.row()] if cur.isValid() else []
        return [pid for r in rows if (pid := self.model.posting_id(r)) is not None]

    # ------------------------------------------------------------ searching

    def fill_filters(self) -> None:
        """Refill the status/tag/site filters (with counts) from a worker: the counts
        scan the whole library (~200 ms at 100k postings)."""
        if self._filters_job is not None:
            self._filters_job.cancel()
        job = FiltersJob(self.path)
        job.done.connect(self._on_filters)
        self._filters_job = job
        self.executor.start(job)

    def _on_filters(self, job: FiltersJob, found: dict[str, Any] | None, error: str) -> None:
        if job is not self._filters_job:
            return  # a newer refill is on its way
        self._filters_job = None
        if found is None:
            return  # the table reports library errors; the filters keep their items
        p = self.panel
        for box, label, items in (
            (p.status_filter, "Any status", found["statuses"]),
            (p.tag_filter, "Any tag", found["tags"]),
            (p.site_filter, "Any site", found["sites"]),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(label, None)
            for name, n in items:
                box.addItem(f"{name} ({n})", "" if name == "(none)" else name)
            i = box.findData(current) if current is not None else 0
            box.setCurrentIndex(max(i, 0))
            box.blockSignals(False)

    def query(self) -> str:
        parts = [self.panel.search.text().strip()]
        for key, box in (
            ("status", self.panel.status_filter),
            ("tag", self.panel.tag_filter),
            ("site", self.panel.site_filter),
        ):
            value = box.currentData()
            if value is None:
                continue
            value = str(value) or "none"
            parts.append(f'{key}:"{value}"' if " " in value else f"{key}:{value}")
        return " ".join(p for p in parts if p)

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.query())

    def _on_search_done(self, n: int, error: str) -> None:
        if error:
            self.panel.count_label.setText("⚠ search failed")
            self.panel.count_label.setToolTip(tooltip(error))
            return
        total = self.run(lambda lib: lib.count()) or 0
        noun = "posting" if total == 1 else "postings"
        text = f"{n:,} of {total:,}" if self.query() else f"{total:,} {noun}"
        self.panel.count_label.setText(text)
        self.panel.count_label.setToolTip("")

    # ------------------------------------------------------------ details and notes

    def _on_selection(self) -> None:
        self.save_notes()
        self._details_url = ""
        ids = self.selected_ids()
        p = self.panel
        self.act_open.setEnabled(len(ids) == 1)
        self.act_reclean.setEnabled(len(ids) == 1)
        self.act_delete.setEnabled(bool(ids))
        if len(ids) != 1:
            self._notes_for = None
            p.notes.setEnabled(False)
            p.notes.setPlainText("")
            p.details.setText(
                f"{len(ids)} postings selected." if ids else "<i>Select a posting.</i>"
            )
            return
        posting = self.run(lambda lib: lib.get(ids[0]))
        if posting is None:
            return
        self._notes_for = posting.id
        p.notes.setEnabled(True)
        p.notes.setPlainText(posting.notes)
        p.notes.document().setModified(False)
        lines = [f"<b>{esc(posting.display_title)}</b>"]
        meta = [m for m in (posting.company, posting.location, posting.pay) if m]
        if meta:
            lines.append(esc(" · ".join(meta)))
        lines.append(
            f"#{posting.id} · {esc(posting.status)} · saved {posting.saved_date}"
            + (f" · {esc(posting.site)}" if posting.site else "")
        )
        if posting.near_duplicate_of is not None:
            sim = f", {posting.similarity:.0%} alike" if posting.similarity else ""
            lines.append(f"≈ looks like a repost of #{posting.near_duplicate_of}{sim}")
        if posting.hand_edited:
            lines.append("✎ edited by hand")
        self._details_url = posting.url
        if posting.url:
            # The link names no URL (Qt would hand back its HTML-escaped form): a click
            # opens the posting's URL, after a confirmation that shows all of it.
            shown = posting.url[:60] + ("…" if len(posting.url) > 60 else "")
            lines.append(f"<a href='{DETAILS_LINK}'>{esc(shown)}</a>")
        snippet = self.run(lambda lib: lib.snippet(posting.id, self.panel.search.text()))
        if snippet:
            lines.append("<i>" + esc(snippet).replace("«", "<b>").replace("»", "</b>") + "</i>")
        p.details.setText("<br>".join(lines))

    def open_link(self, link: str) -> None:
        """A link in the details: http(s) and mailto after a confirmation, nothing else."""
        url = self._details_url if link == DETAILS_LINK else link
        self.last_link_box = open_link(self.window, url)

    def save_notes(self) -> None:
        pid = self._notes_for
        notes = self.panel.notes
        if pid is None or not notes.document().isModified():
            return
        notes.document().setModified(False)
        new = notes.toPlainText()
        old = self.run(lambda lib: lib.get(pid))
        if old is None or old.notes == new:
            return
        self.undo_stack.push(
            EditCommand(self, pid, "Edit notes", {"notes": new}, {"notes": old.notes})
        )

    # ------------------------------------------------------------ editing

    def _on_edit_requested(self, pid: int, key: str, value: object) -> None:
        old = self.run(lambda lib: lib.get(pid))
        if old is None:
            return
        if key == "status":
            text = f"Set status to {menu_text(str(value))}"  # "&" is no mnemonic
            cmd = EditCommand(self, pid, text, {"status": value}, {"status": old.status})
        else:
            cmd = EditCommand(self, pid, "Edit tags", {"tags": value}, {"tags": old.tags})
        self.undo_stack.push(cmd)

    def apply_update(self, pid: int, changes: dict[str, Any]) -> None:
        done = self.run(lambda lib: lib.update(pid, **changes))
        if done is None:
            return
        if "tags" in changes or "status" in changes:
            self.library.changed_elsewhere()
            self.fill_filters()
        self.model.reload_row(pid)
        notes = changes.get("notes")
        if notes is not None and self._notes_for == pid and self.panel.notes.toPlainText() != notes:
            self.panel.notes.setPlainText(notes)
            self.panel.notes.document().setModified(False)
        if "cleaned" in changes:
            self.model.refresh()
        self.window.statusBar().showMessage(f"#{pid} updated", 3000)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if self.library.read_only is not None:
            self.window.notify(f"Nothing was deleted: {self.library.read_only}", "error")
            return
        self.undo_stack.push(DeleteCommand(self, ids))
        n = len(ids)
        self.window.notify(
            f"Deleted {n} posting{'s' if n != 1 else ''} from the library. "
            "Undo with Ctrl+Z in the library (or Library ▸ Undo).",
            "info",
        )

    def undo(self) -> None:
        self.undo_stack.undo()

    # ------------------------------------------------------------ open, re-clean

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_posting(ids[0])

    def open_posting(self, pid: int | None) -> None:
        if pid is None:
            return
        for row, entry in enumerate(self.window.files_model.entries):
            if entry.extra.get("library_id") == pid:  # already open: show it
                self.window._select_row(row)
                self.window.statusBar().showMessage(f"#{pid} is already open", 4000)
                return
        posting = self.run(lambda lib: lib.get(pid))
        if posting is None:
            return
        doc = document_of(posting)
        edits: dict[str, str] = {}
        for key, _label in FACTS:
            view = fact_view(key, posting.fields, {})
            if view.source == "edited":
                edits[key] = view.text
        extra: dict[str, object] = {
            "library_id": posting.id,
            "saved_rules": list(posting.rules),
            "fact_edits": edits,
        }
        if posting.hand_edited:
            extra["hand_text"] = posting.cleaned
        label = f"#{posting.id} {posting.display_title}"
        if len(label) > 56:
            label = label[:55] + "…"
        self.window.load_inputs(
            [Input(label=label, document=doc, site=posting.site or None, extra=extra)]
        )

    def prepare_reclean(self, pid: int) -> Reclean | None:
        posting = self.run(lambda lib: lib.get(pid))
        if posting is None:
            return None
        doc = document_of(posting)
        m = self.window.cleaner.match(doc, site=posting.site or None)
        result = m.resolve(self.window.rules_model.overrides())
        return Reclean(
            posting, result.cleaned, sorted(result.enabled), extract_facts(result).to_json()
        )

    def reclean_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        rc = self.prepare_reclean(ids[0])
        if rc is None:
            return
        dlg = RecleanDialog(rc, self.window)
        self.last_dialog = dlg
        dlg.accepted.connect(lambda: self.accept_reclean(rc))
        dlg.open()

    def accept_reclean(self, rc: Reclean) -> None:
        p = rc.posting
        new = {"cleaned": rc.cleaned, "rules": rc.rules, "fields": rc.fields, "hand_edited": False}
        old = {"cleaned": p.cleaned, "rules": p.rules, "fields": p.fields,
               "hand_edited": p.hand_edited}  # fmt: skip
        self.undo_stack.push(EditCommand(self, p.id, f"Re-clean #{p.id}", new, old))

    # ------------------------------------------------------------ saving

    def save(self, drafts: list[Draft]) -> str | None:
        """The window's saver: one posting here and now; a batch on a worker thread."""
        if len(drafts) == 1 and (msg := self._update_opened(drafts[0])):
            return msg
        if len(drafts) == 1:
            try:
                outcomes = _outcomes(self.library, drafts)
            except LibraryError as exc:
                self.window.notify(f"Could not save to the library: {exc}", "error")
                return "Not saved"
            return self._after_save(drafts, outcomes)
        self.window.statusBar().showMessage(f"Saving {len(drafts)} postings to the library…")
        job = SaveJob(self.path, drafts)
        # a bound method (not a lambda): the slot then runs in the GUI thread (queued)
        job.done.connect(self._on_saved)
        self._jobs[id(job)] = job
        self.executor.start(job)
        return None

    def _update_opened(self, d: Draft) -> str:
        """Save on a posting opened from the library updates that posting (undoable);
        "" when the draft is not one (or the posting was deleted meanwhile)."""
        pid = d.entry.extra.get("library_id") if d.entry is not None else None
        if not isinstance(pid, int):
            return ""
        old = self.run(lambda lib: lib.get(pid))
        if old is None:
            return ""
        np = new_posting(d)
        new = {
            "cleaned": np.cleaned,
            "rules": list(np.rules),
            "fields": dict(np.fields),
            "hand_edited": np.hand_edited,
            "title": np.title or old.title,
            "company": np.company or old.company,
        }
        same = (
            old.cleaned == np.cleaned
            and sorted(old.rules) == sorted(np.rules)
            and old.fields == _json_roundtrip(np.fields)
            and old.hand_edited == np.hand_edited
        )
        if same:
            msg = (
                f"This posting is already in your library (saved {old.saved_date}) "
                f"as #{pid}; nothing changed since."
            )
            self.window.statusBar().showMessage(msg, 6000)
            return msg
        before = {
            "cleaned": old.cleaned,
            "rules": old.rules,
            "fields": old.fields,
            "hand_edited": old.hand_edited,
            "title": old.title,
            "company": old.company,
        }
        self.undo_stack.push(EditCommand(self, pid, f"Update #{pid}", new, before))
        msg = f"Updated #{pid} in your library (undo in the library: Ctrl+Z)."
        self.last_save_message = msg
        return msg

    def _on_saved(self, job: SaveJob, outcomes: list[SaveOutcome] | None, error: str) -> None:
        self._jobs.pop(id(job), None)
        if outcomes is None:
            self.window.notify(f"Could not save to the library: {error}", "error")
            return
        self._after_save(job.drafts, outcomes)

    def _after_save(self, drafts: Sequence[Draft], outcomes: list[SaveOutcome]) -> str:
        for d, o in zip(drafts, outcomes, strict=True):
            pid = o.id if o.id is not None else (o.duplicate.id if o.duplicate else None)
            if d.entry is not None and pid is not None:
                d.entry.extra["library_id"] = pid
        msg, level, details = save_message(outcomes)
        if any(o.id is not None for o in outcomes):
            self.changed()
        if level:
            self.window.notify(msg, level, details)
        else:
            self.window.statusBar().showMessage(msg, 6000)
        self.last_save_message = msg
        return msg

    # ------------------------------------------------------------ import

    def import_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of postings")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> ImportJob:
        job = ImportJob(self.path, paths, self.window.cleaner)
        dlg = progress_dialog(self.window, "Looking for postings…", "Cancel", 0, 0)
        dlg.setWindowTitle("Import into the library")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(job.cancel)
        self.import_progress = dlg
        job.progress.connect(self._on_import_progress)
        job.done.connect(self._on_import_done)
        self._jobs[id(job)] = job
        self.executor.start(job)
        return job

    def _on_import_progress(self, job: ImportJob, p: ImportProgress) -> None:
        self.last_progress = p
        dlg = self.import_progress
        if dlg is None or job.cancelled:
            return
        dlg.setMaximum(max(p.total, 1))
        name = p.current.name if p.current else ""
        dlg.setLabelText(
            f"Imported {p.done:,} of {p.total:,} files — {p.saved:,} saved, "
            f"{p.duplicates:,} already there, {p.failed:,} failed\n{name}"
        )
        dlg.setValue(min(p.done, max(p.total, 1)))

    def _on_import_done(self, job: ImportJob, report: ImportReport | None, error: str) -> None:
        self._jobs.pop(id(job), None)
        dlg = self.import_progress
        self.import_progress = None
        if dlg is not None:
            dlg.close()
            dlg.deleteLater()
        self.changed()
        if report is None:
            self.window.notify(f"The import failed: {error}", "error")
            return
        self.last_report = report
        parts = [
            ("Import stopped: " if report.cancelled else "Imported: ")
            + f"{len(report.saved):,} saved"
        ]
        if report.duplicates:
            parts.append(f"{len(report.duplicates):,} already in your library")
        if report.similar:
            parts.append(f"{len(report.similar):,} look like reposts (flagged ≈)")
        if report.failed:
            parts.append(f"{len(report.failed):,} could not be read")
        if report.cancelled:
            parts.append("what was saved before Cancel is kept")
        details = [msg for _p, msg in report.failed] + [
            f"{p.name}: already saved as #{row.id} ({row.saved_date})"
            for p, row in report.duplicates
        ]
        level = "warning" if report.cancelled or report.failed else "info"
        self.window.notify(", ".join(parts) + ".", level, "\n".join(details))

    import_progress: QProgressDialog | None = None
    last_save_message = ""
    last_progress: ImportProgress | None = None
    last_report: ImportReport | None = None
    last_dialog: RecleanDialog | None = None
    last_link_box: LinkDialog | None = None

    def close(self) -> None:
        self.window.settings.setValue("library/visible", self.dock.isVisible())
        self.window.settings.setValue("library/split", self.panel.split.saveState())
        self.poll.stop()
        self.save_notes()
        for job in self._jobs.values():
            if isinstance(job, ImportJob):
                job.cancel()


def _json_roundtrip(value: Any) -> Any:
    """``value`` as the library gives it back (JSON: tuples become lists …)."""
    import json

    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def document_of(posting: Posting) -> Document:
    """The document a saved posting came from: re-read from the raw input when that
    gives the stored source text (HTML regions and JSON-LD come back too), else the
    stored source text as it is."""
    if posting.raw:
        try:
            doc = ingest_text(posting.raw, url=posting.url or None, html=None)
            if doc.source == posting.source:
                return doc
        except Exception:
            pass
    return Document(
        source=posting.source,
        raw=posting.raw or posting.source,
        kind=posting.kind or "text",
        url=posting.url or None,
        name=posting.source_name or None,
    )


def install_library(
    window: MainWindow, path: Path | None = None, executor: Executor | None = None
) -> LibraryController | None:
    """Open the library (default: ``JOBDESK_DATA_DIR`` or the platform data dir) and
    plug it into the window. A library that cannot be opened is reported in the
    window's notice bar; the window works without it."""
    p = path if path is not None else library_path()
    try:
        lib = Library.open(p)
    except LibraryError as exc:
        window.notify(f"The library could not be opened: {exc}", "error")
        return None
    except OSError as exc:
        window.notify(f"The library could not be opened: {p}: {exc.strerror or exc}", "error")
        return None
    ctl = LibraryController(window, lib, executor or window.executor)
    window.resizeDocks([ctl.dock], [240], Qt.Orientation.Vertical)
    s = window.settings
    visible = s.value("library/visible", True)
    ctl.dock.setVisible(visible not in (False, "false", "0"))
    state = s.value("library/split")
    if isinstance(state, QByteArray) and not state.isEmpty():
        ctl.panel.split.restoreState(state)
    window.set_library_saver(ctl.save)
    window.library = ctl
    window.destroyed.connect(lambda *_a: lib.close())
    if lib.read_only is not None:  # damaged or not writable: readable, never written
        ctl.dock.setWindowTitle(f"{ctl.dock.windowTitle()} (read-only)")
        ctl.dock.setToolTip(lib.read_only)
        window.notify(lib.read_only, "warning")
    return ctl

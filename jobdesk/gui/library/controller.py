"""The library's window side: the saver, the library window, the commands (see the
package docs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressDialog,
)
from shiboken6 import isValid

from jobdesk import session
from jobdesk.core.engine import Cleaner
from jobdesk.gui.library.dialogs import RecleanDialog
from jobdesk.gui.library.jobs import FiltersJob, ImportJob, SaveJob
from jobdesk.gui.library.libwindow import TITLE, LibraryWindow, StatsDialog
from jobdesk.gui.library.model import LibraryModel, split_tags
from jobdesk.gui.library.panel import LibraryPanel
from jobdesk.gui.loading import Executor, Input
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import (
    esc,
    menu_text,
    plain_text,
    progress_dialog,
    tooltip,
)
from jobdesk.gui.safe_dialogs import LinkDialog, open_link
from jobdesk.paths import library_path
from jobdesk.session import EXPORT_FORMATS, Draft, NotSaveable, Reclean, SaveOutcome
from jobdesk.storage import Library, LibraryError, Posting
from jobdesk.storage.importer import ImportProgress, ImportReport

if TYPE_CHECKING:
    from jobdesk.gui.library.review import ReviewController

SEARCH_DELAY_MS = 200
#: The href of the details pane's URL link (see LibraryController.open_link).
DETAILS_LINK = "jobdesk:posting-url"
POLL_MS = 2000


class LibraryHost(Protocol):
    """What the library asks of the window it is installed in (no import either way:
    the window is any ``QMainWindow`` with these; commands go the other way by the
    controller's signals)."""

    cleaner: Cleaner
    settings: QSettings
    executor: Executor
    library: object | None
    closing: SignalInstance  # the window is closing: save and stop

    def rule_overrides(self) -> dict[str, bool]: ...

    def show_opened(self, library_id: int) -> bool: ...

    def set_library_saver(self, saver: Callable[[list[Draft]], str | None] | None) -> None: ...

    def notify(self, text: str, level: str = "info", details: str = "") -> None: ...

    def open_from_library(self, inp: Input) -> None: ...


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


class BulkEditCommand(QUndoCommand):
    """Change the status or tags of several postings at once; undo puts each back."""

    def __init__(
        self,
        ctl: LibraryController,
        text: str,
        changes: Sequence[tuple[int, dict[str, Any], dict[str, Any]]],
    ) -> None:
        super().__init__(text)
        self.ctl = ctl
        self.changes = list(changes)

    def redo(self) -> None:
        self.ctl.apply_updates([(pid, new) for pid, new, _old in self.changes])

    def undo(self) -> None:
        self.ctl.apply_updates([(pid, old) for pid, _new, old in self.changes])


class LibraryController(QObject):
    """The library's window side: saver, dock, commands (see the module docstring)."""

    changedSignal = Signal()
    #: A posting to open in the window (an :class:`~jobdesk.session.Input`).
    openRequested = Signal(object)
    #: For the window's notice bar: text, level, details.
    noticeRequested = Signal(str, str, str)
    #: For the status bar: text, milliseconds (0: until replaced).
    statusRequested = Signal(str, int)

    def __init__(
        self, window: QMainWindow, host: LibraryHost, library: Library, executor: Executor
    ) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
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
        self.libwin = LibraryWindow(self.panel, window)
        self.libwin.closing.connect(self.save_notes)
        self.act_show = QAction("&Library", self)
        self.act_show.setCheckable(True)
        self.act_show.setShortcut(QKeySequence("Ctrl+L"))
        self.act_show.setToolTip("Open or close the library window (Ctrl+L)")
        window.addAction(self.act_show)
        self.libwin.addAction(self.act_show)
        self.act_show.triggered.connect(self._on_show_toggled)
        self.libwin.visibilityChanged.connect(self._on_visibility)
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
        self._install_window_menus()
        self.panel.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.panel.table.customContextMenuRequested.connect(self._table_menu)
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

        def win_act(text: str, slot: Callable[[], object], keys: str, tip: str) -> QAction:
            a = QAction(text, self)
            if keys:
                a.setShortcut(QKeySequence(keys))
            a.setToolTip(tip)
            a.triggered.connect(lambda _c=False: slot())
            return a

        self.act_export = win_act(
            "&Export Shown…", self.export_dialog, "Ctrl+E",
            "Export the postings the table shows (the whole search) as Markdown, text or JSON",
        )  # fmt: skip
        self.act_export_selected = win_act(
            "Export Se&lected…", lambda: self.export_dialog(selected=True), "Ctrl+Shift+E",
            "Export the selected postings as Markdown, text or JSON",
        )  # fmt: skip
        self.act_backup = win_act(
            "&Back Up Library…", self.backup_dialog, "",
            "Copy the whole library to a file (safe while jobdesk runs)",
        )  # fmt: skip
        self.act_stats = win_act(
            "S&tatistics…", self.show_stats, "Ctrl+I",
            "How many postings, by status and site; the library's file, size and format",
        )  # fmt: skip
        self.act_add_tag = win_act(
            "&Add Tag…", self.add_tag_dialog, "Ctrl+T", "Add a tag to the selected postings"
        )
        self.act_remove_tag = win_act(
            "Re&move Tag…", self.remove_tag_dialog, "Ctrl+Shift+T",
            "Remove a tag from the selected postings",
        )  # fmt: skip
        self.act_find = win_act(
            "&Find", self._focus_search, "Ctrl+F", "Search the library (Ctrl+F)"
        )
        self.act_close = win_act(
            "&Close Window", lambda: self.libwin.close(), "Ctrl+W", "Close the library window"
        )
        self.act_reset_columns = win_act(
            "&Reset Columns", lambda: self.panel.reset_columns(), "",
            "Show the columns as they first were: their order, widths and which are shown",
        )  # fmt: skip

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

    def _install_window_menus(self) -> None:
        """The library window's own menus (see :mod:`.libwindow`)."""
        w = self.libwin
        lib = w.library_menu
        for a in (self.act_open, self.act_reclean):
            lib.addAction(a)
        lib.addSeparator()
        for a in (self.act_export, self.act_export_selected, self.act_backup, self.act_stats):
            lib.addAction(a)
        lib.addSeparator()
        lib.addAction(self.act_import)
        lib.addSeparator()
        lib.addAction(self.act_show)
        lib.addAction(self.act_close)
        edit = w.edit_menu
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        edit.addMenu(w.status_menu)
        w.status_menu.aboutToShow.connect(lambda: self._fill_status_menu(w.status_menu))
        edit.addAction(self.act_add_tag)
        edit.addAction(self.act_remove_tag)
        edit.addSeparator()
        edit.addAction(self.act_delete)
        edit.addSeparator()
        edit.addAction(self.act_find)
        for a in self.panel.column_actions:
            w.columns_menu.addAction(a)
        w.view_menu.addMenu(w.columns_menu)
        w.view_menu.addAction(self.act_reset_columns)
        for a in (
            self.act_export, self.act_export_selected, self.act_stats, self.act_add_tag,
            self.act_remove_tag, self.act_find, self.act_close, self.act_import,
        ):  # fmt: skip
            w.addAction(a)  # their keys work in the library window, not in the main one

    def _fill_status_menu(self, menu: QMenu) -> None:
        menu.clear()
        ids = self.selected_ids()
        for name in self.statuses():
            a = menu.addAction(menu_text(name))
            a.setEnabled(bool(ids))
            a.triggered.connect(lambda _c=False, n=name: self.set_status_selected(n))

    def _table_menu(self, pos: Any) -> None:
        menu = QMenu(self.panel.table)
        menu.setToolTipsVisible(True)
        for a in (self.act_open, self.act_reclean):
            menu.addAction(a)
        menu.addSeparator()
        status = menu.addMenu("Set &Status")
        self._fill_status_menu(status)
        menu.addAction(self.act_add_tag)
        menu.addAction(self.act_remove_tag)
        menu.addSeparator()
        menu.addAction(self.act_export_selected)
        menu.addAction(self.act_delete)
        self.last_table_menu = menu
        menu.popup(self.panel.table.viewport().mapToGlobal(pos))

    def _on_show_toggled(self, on: bool) -> None:
        self.show_window(on)

    def show_window(self, on: bool = True) -> None:
        """Open (raised, the search box focused) or close the library window."""
        if not on:
            self.libwin.close()
            return
        self.libwin.show()
        self.libwin.raise_()
        self.libwin.activateWindow()
        self._focus_search()

    def _focus_search(self) -> None:
        self.panel.search.setFocus()
        self.panel.search.selectAll()

    def _on_visibility(self, shown: bool) -> None:
        if self.act_show.isChecked() != shown:
            self.act_show.setChecked(shown)

    def statuses(self) -> list[str]:
        return self.run(lambda lib: lib.statuses()) or []

    # ------------------------------------------------------------ plumbing

    def notify(self, text: str, level: str = "info", details: str = "") -> None:
        emit(self.noticeRequested, text, level, details)
        mark = {"error": "⚠ ", "warning": "⚠ "}.get(level, "")
        self._own_status(mark + text, 15000)

    def status(self, text: str, ms: int = 0) -> None:
        emit(self.statusRequested, text, ms)
        self._own_status(text, ms)

    def _own_status(self, text: str, ms: int) -> None:
        """The library window says it too, when open: the main window may be behind it."""
        win = getattr(self, "libwin", None)  # None while the controller is being built
        if win is not None and isValid(win) and win.isVisible():
            win.statusBar().showMessage(" ".join(text.split()), ms)

    def run(self, fn: Callable[[Library], Any]) -> Any:
        """Call the library on the GUI thread's connection; errors go to the notice bar."""
        try:
            return fn(self.library)
        except LibraryError as exc:
            self.notify(str(exc), "error")
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
        for a in (self.act_add_tag, self.act_remove_tag, self.act_export_selected):
            a.setEnabled(bool(ids))
        if len(ids) != 1:
            self._notes_for = None
            p.notes.setEnabled(False)
            p.notes.setPlainText("")
            p.preview.setPlainText("")
            p.details.setText(
                f"{len(ids)} postings selected." if ids else "<i>Select a posting.</i>"
            )
            return
        posting = self.run(lambda lib: lib.get(ids[0]))
        if posting is None:
            return
        self._notes_for = posting.id
        p.preview.setPlainText(posting.cleaned)
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
        if self.library.read_only is not None:  # refused: nothing to undo either
            self.notify(f"Nothing was changed: {self.library.read_only}", "error")
            return
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
        self.status(f"#{pid} updated", 3000)

    def apply_updates(self, changes: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Several postings' changes (a bulk edit), then one refresh of filters and rows."""
        for pid, chg in changes:
            try:
                self.library.update(pid, **chg)
            except LibraryError as exc:
                self.notify(str(exc), "error")
                break  # the notice bar says why; the rest is not tried
        self.library.changed_elsewhere()
        self.fill_filters()
        for pid, _chg in changes:
            self.model.reload_row(pid)
        n = len(changes)
        self.status(f"{n} posting{'s' if n != 1 else ''} updated", 3000)

    def _bulk(self, text: str, make: Callable[[Any], dict[str, Any] | None]) -> int:
        """Push one undoable command changing the selected postings (``make(row)``:
        the row's new values, None to leave it); returns how many it changes."""
        ids = self.selected_ids()
        if not ids:
            return 0
        if self.library.read_only is not None:
            self.notify(f"Nothing was changed: {self.library.read_only}", "error")
            return 0
        rows = self.run(lambda lib: lib.rows(ids)) or []
        changes = []
        for row in rows:
            new = make(row)
            if new is None:
                continue
            old = {k: (list(row.tags) if k == "tags" else getattr(row, k)) for k in new}
            changes.append((row.id, new, old))
        if changes:
            n = len(changes)
            self.undo_stack.push(
                BulkEditCommand(self, f"{text} ({n} posting{'s' if n != 1 else ''})", changes)
            )
        return len(changes)

    def set_status_selected(self, status: str) -> int:
        """Give every selected posting this status (one undoable step)."""
        return self._bulk(
            f"Set status to {menu_text(status)}",
            lambda row: {"status": status} if row.status != status else None,
        )

    def add_tag_selected(self, text: str) -> int:
        """Add the tags in ``text`` ("remote, dream") to every selected posting."""
        tags = split_tags(text)

        def make(row: Any) -> dict[str, Any] | None:
            have = {t.casefold() for t in row.tags}
            more = [t for t in tags if t.casefold() not in have]
            return {"tags": [*row.tags, *more]} if more else None

        return self._bulk(f"Add tag {menu_text(', '.join(tags))}", make) if tags else 0

    def remove_tag_selected(self, tag: str) -> int:
        """Remove ``tag`` from every selected posting that has it."""
        gone = tag.strip().casefold()

        def make(row: Any) -> dict[str, Any] | None:
            kept = [t for t in row.tags if t.casefold() != gone]
            return {"tags": kept} if len(kept) != len(row.tags) else None

        return self._bulk(f"Remove tag {menu_text(tag.strip())}", make)

    def selected_tags(self) -> list[str]:
        ids = self.selected_ids()
        rows = self.run(lambda lib: lib.rows(ids)) or [] if ids else []
        return sorted({t for r in rows for t in r.tags}, key=str.casefold)

    def add_tag_dialog(self) -> None:
        if not self.selected_ids():
            return
        known = [name for name, _n in (self.run(lambda lib: lib.tags()) or [])]
        text, ok = QInputDialog.getItem(
            self.libwin, "Add Tag", "Tag to add to the selected postings (commas: several):",
            known, -1, True,
        )  # fmt: skip
        if ok and text.strip():
            self.add_tag_selected(text)

    def remove_tag_dialog(self) -> None:
        tags = self.selected_tags()
        if not tags:
            self.status("The selected postings have no tags.", 4000)
            return
        tag, ok = QInputDialog.getItem(
            self.libwin, "Remove Tag", "Tag to remove from the selected postings:", tags, 0, False
        )
        if ok and tag:
            self.remove_tag_selected(tag)

    # ------------------------------------------------------------ export, backup, stats

    def export_ids(self, *, selected: bool = False) -> list[int]:
        """What an export writes: the selected postings, or every one the search shows
        (rows not loaded yet included), in the table's order."""
        return self.selected_ids() if selected else self.model.all_ids()

    def export_dialog(self, *, selected: bool = False) -> None:
        ids = self.export_ids(selected=selected)
        if not ids:
            self.status("Nothing to export.", 4000)
            return
        filters = [f"{name} (*.{ext})" for ext, name in EXPORT_FORMATS.items()]
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        path, chosen = QFileDialog.getSaveFileName(
            self.libwin, f"Export {len(ids):,} posting{'s' if len(ids) != 1 else ''}",
            f"jobdesk-export-{stamp}.md", ";;".join(filters),
        )  # fmt: skip
        if not path:
            return
        target = Path(path)
        fmt = target.suffix.lstrip(".").lower()
        if fmt not in EXPORT_FORMATS:
            fmt = next((e for e in EXPORT_FORMATS if chosen.endswith(f"(*.{e})")), "md")
            target = target.with_name(target.name + f".{fmt}")
        # the file dialog has asked before replacing a file
        self.export_to(ids, target, fmt, force=target.exists())

    def export_to(self, ids: Sequence[int], target: Path, fmt: str, *, force: bool = False) -> int:
        try:
            n = session.export_postings(self.library, ids, target, fmt, force=force)
        except LibraryError as exc:
            self.notify(f"Nothing was exported: {exc}", "error")
            return 0
        self.status(f"Exported {n:,} posting{'s' if n != 1 else ''} to {target}", 8000)
        return n

    def backup_dialog(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path, _f = QFileDialog.getSaveFileName(
            self.libwin, "Back up the library", f"library-{stamp}.sqlite3",
            "SQLite library (*.sqlite3)",
        )  # fmt: skip
        if path:
            self.backup_to(Path(path), force=Path(path).exists())

    def backup_to(self, target: Path, *, force: bool = False) -> bool:
        try:
            size = session.backup_library(self.library, target, force=force)
        except LibraryError as exc:
            self.notify(f"The library was not backed up: {exc}", "error")
            return False
        n = self.run(lambda lib: lib.count()) or 0
        self.status(
            f"Backed up {n:,} posting{'s' if n != 1 else ''} to {target} ({size / 1e6:.1f} MB)",
            8000,
        )
        return True

    def show_stats(self) -> StatsDialog | None:
        stats = self.run(lambda lib: lib.stats())
        if stats is None:
            return None
        dlg = StatsDialog(session.stats_rows(stats), self.libwin)
        dlg.check_button.clicked.connect(lambda: self._check_integrity(dlg))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_stats = dlg
        dlg.open()
        return dlg

    def _check_integrity(self, dlg: StatsDialog) -> None:
        stats = self.run(lambda lib: lib.stats())
        problems = self.run(lambda lib: lib.integrity_check())
        if stats is not None and problems is not None:
            dlg.set_rows(session.stats_rows(stats, problems))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if self.library.read_only is not None:
            self.notify(f"Nothing was deleted: {self.library.read_only}", "error")
            return
        self.undo_stack.push(DeleteCommand(self, ids))
        n = len(ids)
        self.notify(
            f"Deleted {n} posting{'s' if n != 1 else ''} from the library. "
            "Undo with Ctrl+Z in the library (or Edit ▸ Undo there).",
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
        if self.host.show_opened(pid):  # already open: shown
            self.status(f"#{pid} is already open", 4000)
            return
        posting = self.run(lambda lib: lib.get(pid))
        if posting is None:
            return
        emit(self.openRequested, session.open_input(posting))
        self.window.raise_()  # the posting shows in the main window: bring it forward
        self.window.activateWindow()

    def prepare_reclean(self, pid: int) -> Reclean | None:
        posting: Posting | None = self.run(lambda lib: lib.get(pid))
        if posting is None:
            return None
        return session.prepare_reclean(
            posting, self.host.cleaner, self.host.rule_overrides(), session.user_exemptions()
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
        new, old = session.reclean_changes(rc)
        self.undo_stack.push(EditCommand(self, p.id, f"Re-clean #{p.id}", new, old))

    # ------------------------------------------------------------ saving

    def save(self, drafts: list[Draft]) -> str | None:
        """The window's saver: one posting here and now; a batch on a worker thread."""
        if len(drafts) == 1 and (msg := self._update_opened(drafts[0])):
            return msg
        if len(drafts) == 1:
            try:
                outcomes = session.save_drafts(self.library, drafts)
                if outcomes[0].needs_title and (title := self.ask_title(drafts[0])):
                    drafts[0].title = title
                    outcomes = session.save_drafts(self.library, drafts)
            except LibraryError as exc:
                self.notify(f"Could not save to the library: {exc}", "error")
                return "Not saved"
            return self._after_save(drafts, outcomes)
        self.status(f"Saving {len(drafts)} postings to the library…")
        job = SaveJob(self.path, drafts)
        # a bound method (not a lambda): the slot then runs in the GUI thread (queued)
        job.done.connect(self._on_saved)
        self._jobs[id(job)] = job
        self.executor.start(job)
        return None

    def ask_title(self, d: Draft) -> str:
        """Ask for the title of a posting that nothing in it names ("" when cancelled)."""
        text, ok = QInputDialog.getText(
            self.window, "Name this posting",
            "No title could be found in this posting. What should the library call it?",
            QLineEdit.EchoMode.Normal, "",
        )  # fmt: skip
        return " ".join(text.split()) if ok else ""

    def _update_opened(self, d: Draft) -> str:
        """Save on a posting opened from the library updates that posting (undoable);
        "" when the draft is not one (or the posting was deleted meanwhile)."""
        pid = d.entry.library_id if d.entry is not None else None
        if pid is None:
            return ""
        old = self.run(lambda lib: lib.get(pid))
        if old is None:
            return ""
        try:
            changes = session.opened_update(old, d)
        except NotSaveable as exc:
            msg = f"#{pid} was not updated. {exc}"
            self.notify(msg, "warning")
            return msg
        if changes is None:
            msg = (
                f"This posting is already in your library (saved {old.saved_date}) "
                f"as #{pid}; nothing changed since."
            )
            self.status(msg, 6000)
            return msg
        new, before = changes
        self.undo_stack.push(EditCommand(self, pid, f"Update #{pid}", new, before))
        msg = f"Updated #{pid} in your library (undo in the library: Ctrl+Z)."
        self.last_save_message = msg
        return msg

    def _on_saved(self, job: SaveJob, outcomes: list[SaveOutcome] | None, error: str) -> None:
        self._jobs.pop(id(job), None)
        if outcomes is None:
            self.notify(f"Could not save to the library: {error}", "error")
            return
        self._after_save(job.drafts, outcomes)

    def _after_save(self, drafts: Sequence[Draft], outcomes: list[SaveOutcome]) -> str:
        session.remember_saved(drafts, outcomes)
        msg, level, details = session.save_message(outcomes)
        if any(o.id is not None for o in outcomes):
            self.changed()
        if level:
            self.notify(msg, level, details)
        else:
            self.status(msg, 6000)
        self.last_save_message = msg
        return msg

    # ------------------------------------------------------------ import

    def import_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of postings")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> ImportJob:
        job = ImportJob(self.path, paths, self.host.cleaner)
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
            self.notify(f"The import failed: {error}", "error")
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
        self.notify(", ".join(parts) + ".", level, "\n".join(details))

    import_progress: QProgressDialog | None = None
    last_save_message = ""
    last_progress: ImportProgress | None = None
    last_report: ImportReport | None = None
    last_dialog: RecleanDialog | None = None
    last_link_box: LinkDialog | None = None
    last_stats: StatsDialog | None = None
    last_table_menu: QMenu | None = None
    #: "Review changes" across the library (:mod:`.review`), once installed.
    review: ReviewController | None = None

    def close(self) -> None:
        s = self.host.settings
        s.setValue("library/visible", self.libwin.isVisible())
        s.setValue("library/split", self.panel.split.saveState())
        s.setValue("library/side-split", self.panel.side_split.saveState())
        s.setValue("library/geometry", self.libwin.saveGeometry())
        s.setValue("library/header", self.panel.table.horizontalHeader().saveState())
        s.setValue("library/hidden-columns", self.panel.hidden_columns() or ["-"])
        s.setValue("library/fit-columns", self.panel.auto_fit)
        self.poll.stop()
        self.save_notes()
        for job in self._jobs.values():
            if isinstance(job, ImportJob):
                job.cancel()


def install_library(
    window: QMainWindow, path: Path | None = None, executor: Executor | None = None
) -> LibraryController | None:
    """Open the library (default: ``JOBDESK_DATA_DIR`` or the platform data dir) and
    plug it into the window. A library that cannot be opened is reported in the
    window's notice bar; the window works without it.

    ``window`` is a ``QMainWindow`` with what :class:`LibraryHost` names; the library
    talks to it by signals (open a posting, a notice, a status message)."""
    host: LibraryHost = window  # type: ignore[assignment]
    p = path if path is not None else library_path()
    try:
        lib = Library.open(p)
    except LibraryError as exc:
        host.notify(f"The library could not be opened: {exc}", "error")
        return None
    except OSError as exc:
        host.notify(f"The library could not be opened: {p}: {exc.strerror or exc}", "error")
        return None
    ctl = LibraryController(window, host, lib, executor or host.executor)
    from jobdesk.gui.library.review import install_review  # (it imports this module)

    ctl.review = install_review(ctl, host, window)
    ctl.noticeRequested.connect(host.notify)
    ctl.statusRequested.connect(window.statusBar().showMessage)
    ctl.openRequested.connect(host.open_from_library)
    host.closing.connect(ctl.close)
    restore_layout(ctl, host.settings)
    host.set_library_saver(ctl.save)
    host.library = ctl
    window.destroyed.connect(lambda *_a: lib.close())
    if lib.read_only is not None:  # damaged or not writable: readable, never written
        ctl.libwin.setWindowTitle(f"{TITLE} (read-only)")
        ctl.libwin.setToolTip(lib.read_only)
        host.notify(lib.read_only, "warning")
    # Hidden until it has postings; then open as the user left it (open by default).
    visible = host.settings.value("library/visible", True) not in (False, "false", "0")
    if visible and (ctl.run(lambda lib: lib.count()) or 0) > 0:
        ctl.libwin.show()
    return ctl


def restore_layout(ctl: LibraryController, s: QSettings) -> None:
    """The library window's remembered layout: geometry, splitters, columns."""
    p = ctl.panel
    geometry = s.value("library/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        ctl.libwin.placed = ctl.libwin.restoreGeometry(geometry)
    for key, restore in (
        ("library/split", p.split.restoreState),
        ("library/side-split", p.side_split.restoreState),
        ("library/header", p.table.horizontalHeader().restoreState),
    ):
        state = s.value(key)
        if isinstance(state, QByteArray) and not state.isEmpty():
            restore(state)
    hidden = s.value("library/hidden-columns")
    if isinstance(hidden, str):
        hidden = [hidden]
    if isinstance(hidden, list):
        p.set_hidden_columns([str(h) for h in hidden])
    # widths the user set by hand stay; fitted ones keep fitting the window
    p.auto_fit = s.value("library/fit-columns", True) not in (False, "false", "0")
    if p.auto_fit:
        p.fit_columns()

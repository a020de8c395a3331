"""The input flow: what the user pastes, drops or opens becomes opened postings.

Paste (the clipboard's HTML when a browser put some there; files on the clipboard are
opened), Open…, the sample posting, a drop, a file the desktop hands over, a posting
opened from the library, a posting read again with another site's rules: each is a
batch (:mod:`batches`) read and matched off the GUI thread (:mod:`loading`). As items
arrive they are listed in the opened postings and the first of a batch is chosen
(``rowChosen``); a posting opened from the library brings its hand edits, fact edits and
the rules it was saved with (:mod:`rule_choices`). Inputs that fail (binary,
unreadable, empty, too long) are not listed; when the batch ends, its report goes to
the notice bar (``notice``) or the status bar (``message``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from jobdesk.gui.batches import Batch, Batches, batch_report
from jobdesk.gui.files_model import Entry
from jobdesk.gui.loading import Input, Loaded, LoadJob, expand_paths, input_from_mime, local_paths
from jobdesk.gui.opened import OpenedPostings
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.resources import sample_posting
from jobdesk.gui.rule_choices import RuleChoices
from jobdesk.session import paste_label

if TYPE_CHECKING:  # the engine loads with the rules, after the first paint (startup.py)
    from jobdesk.core.engine import Cleaner

#: What receives each item a batch delivers: (job, loaded, done, total).
ItemHook = Callable[[LoadJob, Loaded, int, int], None]
#: What starts a batch: (inputs, notes) → its job.
LoadHook = Callable[[Sequence[Input], Sequence[str]], LoadJob]

EMPTY_CLIPBOARD = (
    "The clipboard holds no text. Copy a job posting in your browser "
    "(Ctrl+A, then Ctrl+C) and paste again."
)
FILE_FILTER = "Job postings (*.html *.htm *.txt *.md *.eml);;All files (*)"


def accepts(md: QMimeData) -> bool:
    """A drag the window takes: files, folders, HTML or text."""
    return bool(md.hasUrls() or md.hasHtml() or md.hasText())


class InputFlow(QObject):
    """Reads what comes in and lists it as opened postings."""

    message = Signal(str, int)  # text for the status bar ("" clears it), milliseconds
    notice = Signal(str, str, str)  # text, level, details
    rowChosen = Signal(int)  # the first posting of a batch is listed in this row: show it
    rematched = Signal(object)  # this posting was matched again (its row shows it anew)
    finished = Signal()  # a batch ended and was reported

    def __init__(
        self,
        parent: QWidget,
        settings: QSettings,
        cleaner: Callable[[], Cleaner | None],
        batches: Batches,
        opened: OpenedPostings,
        choices: RuleChoices,
        run: Callable[[LoadJob], None],
        on_item: ItemHook | None = None,
        through: LoadHook | None = None,
    ) -> None:
        """``cleaner``: the engine as it is now (None while the rules load: ``run``
        gives the job one when it starts it). ``run`` starts a job (the window's
        executor, or :meth:`startup.RulesArrival.run`, which queues it until the rules
        are there). Each batch is started by
        ``through`` (default :meth:`load`) and each item it delivers is received by
        ``on_item`` (default :meth:`item_loaded`): the window routes both through
        methods of its own, as it always did (tests watch and wrap them there)."""
        super().__init__(parent)
        self.parent_widget = parent
        self.settings = settings
        self.cleaner = cleaner
        self.batches = batches
        self.opened = opened
        self.choices = choices
        self.run = run
        self.on_item: ItemHook = on_item or self.item_loaded
        self.through: LoadHook = through or self.load

    # ------------------------------------------------------------ ways in

    def paste(self) -> None:
        """Clean what is on the clipboard (its HTML when it has some)."""
        md = QGuiApplication.clipboard().mimeData()
        label = f"Pasted {time.strftime('%H:%M')}"
        if md is None:
            emit(self.notice, EMPTY_CLIPBOARD, "warning", "")
            return
        paths = local_paths(md)
        if paths:
            self.open_paths(paths)
            return
        inp = input_from_mime(md, label)
        if inp is None:
            emit(self.notice, EMPTY_CLIPBOARD, "warning", "")
            return
        self.through([inp], ())

    def open_dialog(self) -> None:
        start = str(self.settings.value("files/last_dir", "") or Path.home())
        names, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, "Open job postings", start, FILE_FILTER
        )
        if names:
            self.settings.setValue("files/last_dir", str(Path(names[0]).parent))
            self.open_paths([Path(n) for n in names])

    def open_sample(self) -> None:
        path = sample_posting()
        if path is None:
            emit(self.notice, "The sample posting is missing from this installation.", "error", "")
            return
        self.open_paths([path])

    def open_paths(self, paths: Iterable[Path | str]) -> None:
        """Open files and folders (a folder: the postings inside it)."""
        files, notes = expand_paths(Path(p) for p in paths)
        inputs = [Input(label=p.name, path=p) for p in files]
        if not inputs:
            emit(self.notice, " ".join(notes) or "Nothing to open.", "warning", "")
            return
        self.through(inputs, notes)

    def open_from_library(self, inp: Input) -> None:
        """A saved posting to open (the library's ``openRequested``)."""
        self.through([inp], ())

    def handle_mime(self, md: QMimeData, label: str) -> bool:
        """Open what a drop carries: local files/folders, else its HTML or text."""
        paths = local_paths(md)
        if paths:
            self.open_paths(paths)
            return True
        inp = input_from_mime(md, label)
        if inp is None:
            emit(self.notice, "Nothing to open in what was dropped.", "warning", "")
            return False
        self.through([inp], ())
        return True

    # ------------------------------------------------------------ batches

    def load(self, inputs: Sequence[Input], notes: Sequence[str] = ()) -> LoadJob:
        """Read and match inputs off the GUI thread; each one is listed when ready."""
        job = self.batches.start(
            inputs, notes, self.cleaner(), on_item=self.on_item,
            on_finished=self._on_finished, on_cancel=self.cancel,
        )  # fmt: skip
        emit(self.message, "Reading…", 0)
        self.run(job)
        return job

    @property
    def busy(self) -> bool:
        return bool(self.batches.by_job)

    def cancel(self, job: LoadJob) -> None:
        job.cancel()
        batch = self.batches.end(job)
        if batch is not None:
            self._report(batch, cancelled=True)

    def item_loaded(self, job: LoadJob, loaded: Loaded, done: int, total: int) -> None:
        batch = self.batches.get(job)
        if batch is None or job.cancelled:
            return  # a cancelled (stale) job: drop its results
        self._add(batch, loaded)
        # Last: a shown modal progress dialog processes events in setValue(), which can
        # deliver the next item re-entrantly; this one is already listed by then.
        if batch.progress is not None and total > 1:
            batch.progress.setLabelText(f"Cleaned {done} of {total} postings…")
            batch.progress.setValue(done)

    def _add(self, batch: Batch, loaded: Loaded) -> None:
        if loaded.error is not None or loaded.matched is None:
            batch.errors.append(loaded.error or f"{loaded.input.label}: could not be read")
            return
        inp = loaded.input
        batch.skipped.extend(f"{inp.label}: {w}" for w in loaded.matched.warnings)
        if inp.replaces is not None:
            self._replace(inp.replaces, loaded)
            return
        label = inp.label
        if inp.path is None:
            label = paste_label(loaded.matched, inp.label)
        entry = Entry(label=label, path=inp.path, matched=loaded.matched)
        if inp.opened is not None:
            batch.status = self._adopt(entry, inp)
        row = self.opened.add(entry)
        batch.added += 1
        if batch.first_row < 0:
            batch.first_row = row
            emit(self.rowChosen, row)

    def _adopt(self, entry: Entry, inp: Input) -> str:
        """A posting opened from the library: its hand edits, fact edits and the rules
        it was saved with come along."""
        assert inp.opened is not None
        entry.adopt(inp.opened)
        self.choices.adopt(entry)  # its own choices; the usual rules stay as they are
        note = entry.rules_note
        return f"Opened #{entry.library_id} from the library" + (f" — {note}" if note else "")

    def _replace(self, entry: Entry, loaded: Loaded) -> None:
        """A posting matched again (another site pack): re-show it; hand edits stay."""
        if self.opened.row_of(entry) < 0:
            return  # closed meanwhile
        entry.rematched(loaded.matched)  # facts depend on the match
        self.opened.refresh(entry)
        emit(self.rematched, entry)
        site = loaded.matched.site_pack if loaded.matched else None
        text = f"with the {site.name} rules" if site else "(site detected)"
        emit(self.message, f"Cleaned again {text}", 4000)

    def _on_finished(self, job: LoadJob, cancelled: bool) -> None:
        batch = self.batches.end(job)
        if batch is not None:
            self._report(batch, cancelled=cancelled)

    def _report(self, batch: Batch, *, cancelled: bool) -> None:
        report = batch_report(batch, cancelled=cancelled)
        if report.message:
            emit(self.notice, report.message, report.level, report.details)
        else:
            emit(self.message, report.status, report.ms)  # "" clears the status bar
        emit(self.finished)

"""Batches of inputs the window is reading: their jobs, progress dialogs and reports.

A batch is one :class:`~jobdesk.gui.loading.LoadJob` (a paste, a drop, the files of an
Open… dialog). Every batch gets a progress dialog that shows only when the work takes
longer than its minimum duration (a busy indicator for a single input); Cancel stops
the job and drops whatever it still delivers. When a batch ends, :func:`batch_report`
words what happened: the inputs that could not be read, the notes (a folder without
postings), the user rules that ran out of time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from jobdesk.gui.loading import Executor, Input, Loaded, LoadJob
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import progress_dialog

if TYPE_CHECKING:
    from jobdesk.core.engine import Cleaner

#: Batches at least this big (files, or bytes) show their progress dialog sooner.
PROGRESS_MIN_FILES = 2
PROGRESS_MIN_BYTES = 2_000_000


@dataclass
class Batch:
    job: LoadJob
    errors: list[str]
    notes: list[str]
    added: int = 0
    first_row: int = -1
    status: str = ""  # for the status bar when the batch is done
    progress: QProgressDialog | None = None
    # User rules skipped on a posting (they ran out of time), one line each.
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """How a finished batch is told: a notice (``message`` with ``level`` and
    ``details``), else a status-bar message (``status`` for ``ms``; "" clears it)."""

    message: str = ""
    level: str = "info"
    details: str = ""
    status: str = ""
    ms: int = 0


def batch_report(batch: Batch, *, cancelled: bool) -> Report:
    total = batch.job.total
    msgs: list[str] = []
    level = "info"
    details = list(batch.notes)
    if cancelled:
        msgs.append(f"Stopped: {batch.added} of {total} postings opened.")
        level = "warning"
    if batch.errors:
        level = "error" if not batch.added else "warning"
        if len(batch.errors) == 1 and total == 1:
            msgs.append(batch.errors[0])
        else:
            n = len(batch.errors)
            msgs.append(
                f"{n} of {total} files could not be opened"
                f"{':' if n <= 2 else ' (see Details).'} "
                + ("; ".join(batch.errors) if n <= 2 else "")
            )
            details.extend(batch.errors)
    elif batch.notes:
        msgs.append(" ".join(batch.notes))
        level = "warning"
    if batch.skipped:
        n = len(batch.skipped)
        msgs.append(
            f"{n} of your rules took too long and {'was' if n == 1 else 'were'} "
            "skipped; the rest of the cleaning is done (see Details)."
        )
        details.extend(batch.skipped)
        level = "warning" if level == "info" else level
    if msgs:
        return Report(" ".join(m.strip() for m in msgs), level, "\n".join(details))
    if batch.added > 1:
        return Report(status=f"Opened {batch.added} postings", ms=5000)
    if batch.status:
        return Report(status=batch.status, ms=8000)
    return Report()


class Batches(QObject):
    """The batches being read, by job. While any runs, the window shows a busy cursor
    (it still takes clicks: Cancel, the other postings)."""

    progressed = Signal(int)  # a single input's progress dialog got this value (percent)

    def __init__(self, parent: QWidget, executor: Executor) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.executor = executor
        self.by_job: dict[int, Batch] = {}

    def start(
        self,
        inputs: Sequence[Input],
        notes: Sequence[str],
        cleaner: Cleaner | None,
        *,
        on_item: Callable[[LoadJob, Loaded, int, int], None],
        on_finished: Callable[[LoadJob, bool], None],
        on_cancel: Callable[[LoadJob], None],
    ) -> LoadJob:
        """Read and match ``inputs`` off the GUI thread, with a progress dialog."""
        job = LoadJob(inputs, cleaner)
        batch = Batch(job, [], list(notes))
        self.by_job[id(job)] = batch
        job.itemLoaded.connect(on_item)
        job.finished.connect(on_finished)
        total_bytes = job.total_bytes
        # A progress dialog for every batch; it only appears when the work takes
        # longer than its minimum duration (a busy indicator for a single input).
        many = len(inputs) > 1
        text = (
            f"Cleaning {len(inputs)} postings…"
            if many
            else f"Reading {inputs[0].label} ({size_text(total_bytes)})…"
        )
        # One input: percent, as it is read and matched (never an idle bar).
        dlg = progress_dialog(self.parent_widget, text, "Cancel", 0, len(inputs) if many else 100)
        dlg.setWindowTitle("jobdesk")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        quick = len(inputs) < PROGRESS_MIN_FILES and total_bytes < PROGRESS_MIN_BYTES
        dlg.setMinimumDuration(800 if quick else 300)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(lambda: on_cancel(job))
        batch.progress = dlg
        if not many:
            job.progressed.connect(self._on_progress)
        self.parent_widget.setCursor(Qt.CursorShape.BusyCursor)
        return job

    def _on_progress(self, job: LoadJob, percent: int) -> None:
        batch = self.by_job.get(id(job))
        if batch is None or batch.progress is None or job.cancelled:
            return
        batch.progress.setValue(percent)
        emit(self.progressed, percent)

    def get(self, job: LoadJob) -> Batch | None:
        return self.by_job.get(id(job))

    def end(self, job: LoadJob) -> Batch | None:
        """The batch of ``job``, no longer running (its dialog closed); None when it
        was over already."""
        batch = self.by_job.pop(id(job), None)
        if batch is not None and batch.progress is not None:
            batch.progress.close()
            batch.progress.deleteLater()
        if not self.by_job:
            self.parent_widget.unsetCursor()
        return batch

    def cancel_all(self) -> None:
        """The window closes: stop every job and close its dialog now (a progress dialog
        left showing kept the application from quitting with its last window)."""
        for batch in list(self.by_job.values()):
            batch.job.cancel()
            self.end(batch.job)


def size_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} MB"
    if n >= 1000:
        return f"{n / 1e3:.0f} KB"
    return f"{n} bytes"

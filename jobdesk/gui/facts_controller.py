"""The facts controller: keeps the facts card in step with the posting shown.

Facts cost tens of milliseconds to extract, so after a load or a rule toggle the
controller waits a little (debounced), extracts them in a :class:`FieldsJob` off the
GUI thread and drops the results of stale jobs (another posting or another rule set
showing by then). Results are kept per posting and set of enabled rules in the
posting's session; the user's edits of facts are kept there too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from jobdesk.factview import LABELS as FACT_LABELS
from jobdesk.gui.facts import FactsCard, FieldsJob
from jobdesk.gui.loading import Executor
from jobdesk.gui.qtcompat import emit
from jobdesk.session import FactsJSON, PostingSession

if TYPE_CHECKING:
    from jobdesk.core.result import CleanResult

#: What the controller shows: the current posting and its result (None, None: nothing).
Current = Callable[[], "tuple[PostingSession | None, CleanResult | None]"]


class FactsController(QObject):
    """Fills the facts card for the current posting; keeps the user's fact edits."""

    changed = Signal()  # the card shows the current posting's facts
    message = Signal(str, int)  # text for the status bar, milliseconds

    def __init__(
        self, card: FactsCard, executor: Executor, current: Current, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.card = card
        self.executor = executor
        self.current = current
        self._gen = 0
        self._jobs: dict[int, FieldsJob] = {}
        #: Debounce between a load/toggle and extracting the facts (ms).
        self.delay_ms = 150
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start_job)
        card.factEdited.connect(self._on_fact_edited)

    def schedule(self) -> None:
        """Show the facts of the current result: from the cache, else extract them
        (debounced, off the GUI thread); results of stale jobs are dropped."""
        entry, result = self.current()
        self._gen += 1
        if entry is None or result is None:
            self._timer.stop()
            self.card.clear()
            return
        cached = entry.found_facts(result.enabled)
        if cached is not None:
            self._timer.stop()
            self.card.set_fields(cached, entry.fact_edits)
            emit(self.changed)
            return
        self.card.set_pending(True)
        self._timer.start(max(0, self.delay_ms))

    def _start_job(self) -> None:
        entry, result = self.current()
        if entry is None or result is None:
            return
        for old in self._jobs.values():
            old.cancel()
        job = FieldsJob(self._gen, entry, result)
        job.done.connect(self._on_done)
        self._jobs[id(job)] = job
        self.executor.start(job)

    def flush(self) -> None:
        """Extract the pending facts now (tests; before saving)."""
        if self._timer.isActive():
            self._timer.stop()
            self._start_job()

    def clear(self) -> None:
        """Nothing shows: stop waiting, drop what is on its way."""
        self._timer.stop()
        self._gen += 1
        self.card.clear()

    def stop(self) -> None:
        """The window closes: cancel every job."""
        for job in list(self._jobs.values()):
            job.cancel()
        self._timer.stop()

    def _on_done(self, job: FieldsJob, fields: FactsJSON | None, error: str) -> None:
        self._jobs.pop(id(job), None)
        entry = job.entry
        if fields is not None and isinstance(entry, PostingSession):
            entry.remember_facts(job.enabled, fields)
        current, _result = self.current()
        if job.gen != self._gen or entry is not current or entry is None:
            return  # stale: another posting or another rule set is showing by now
        if fields is None:
            self.card.clear(f"Could not read the facts ({error})" if error else "")
            return
        assert isinstance(entry, PostingSession)
        self.card.set_fields(fields, entry.fact_edits)
        emit(self.changed)

    def facts(self) -> FactsJSON | None:
        """The current posting's facts with the user's edits (None: not read yet)."""
        entry, result = self.current()
        if entry is None or result is None:
            return None
        return entry.facts(result.enabled)

    def _on_fact_edited(self, key: str, text: str | None) -> None:
        entry, result = self.current()
        if entry is None or result is None:
            return
        found = entry.found_facts(result.enabled)
        entry.edit_fact(key, text, found)
        if text is None:
            msg = f"{FACT_LABELS.get(key, key)}: back to the value found in the posting"
        else:
            msg = f"{FACT_LABELS.get(key, key)}: your edit is kept for this posting"
        if found is not None:
            self.card.set_fields(found, entry.fact_edits)
        emit(self.message, msg, 4000)
        emit(self.changed)

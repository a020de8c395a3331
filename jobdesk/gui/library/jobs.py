"""The library's work on worker threads: saving a batch, the filter counts, imports.

Each job opens its own connection (one per thread) and reports by a signal that
arrives in the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from jobdesk.core.engine import Cleaner
from jobdesk.gui.loading import CancellableJob
from jobdesk.gui.qtcompat import emit
from jobdesk.session import Draft, save_drafts
from jobdesk.storage import Library, LibraryError
from jobdesk.storage.importer import import_paths


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
                outcomes = save_drafts(lib, self.drafts)
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

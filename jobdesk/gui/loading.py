"""Reading and matching inputs off the GUI thread.

A :class:`LoadJob` reads a batch of inputs (files, a paste, a drop), runs
``Cleaner.match`` on each one (the expensive part) and reports every item as soon as
it is ready. Jobs run on ``QThreadPool``; tests use :class:`SyncExecutor`, which runs
them in the calling thread so they stay deterministic (Picard's trick).

A job can be cancelled: it stops before the next item, and results that arrive from a
cancelled job are dropped by the window.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from jobdesk.core.engine import Cleaner, Matched
from jobdesk.core.ingest import Document, IngestError, ingest_path, ingest_text
from jobdesk.gui.qtcompat import emit

#: File name endings the window looks for inside a dropped or opened folder.
POSTING_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".md", ".markdown", ".eml")
#: The most characters of source text the window will show; bigger inputs are refused
#: with a message (``jobdesk clean`` handles them).
MAX_WINDOW_CHARS = 3_000_000
#: The most files one folder drop may add.
MAX_FOLDER_FILES = 5_000


@dataclass
class Input:
    """One thing to load: a file, or text from the clipboard or a drop."""

    label: str
    path: Path | None = None
    text: str | None = None
    html: bool | None = None  # for text: True = HTML, None = sniff
    fallback_text: str | None = None  # plain text to use when the HTML holds nothing
    url: str | None = None
    document: Document | None = None  # already ingested: only match again
    site: str | None = None  # force this site pack (None: detect)
    replaces: object | None = None  # the window's entry this result replaces
    #: Carried to the window's entry (e.g. a library posting's id, rules and hand edits).
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def size(self) -> int:
        if self.path is not None:
            try:
                return self.path.stat().st_size
            except OSError:
                return 0
        return len(self.text or "")


@dataclass
class Loaded:
    input: Input
    matched: Matched | None = None
    error: str | None = None


def load_one(inp: Input, cleaner: Cleaner) -> Loaded:
    """Ingest and match one input; every failure becomes a readable message."""
    try:
        if inp.document is not None:
            return Loaded(inp, matched=cleaner.match(inp.document, site=inp.site))
        if inp.path is not None:
            doc = ingest_path(inp.path, url=inp.url)
        else:
            doc = ingest_text(inp.text or "", url=inp.url, html=inp.html)
            if not doc.source.strip() and inp.fallback_text and inp.fallback_text.strip():
                doc = ingest_text(inp.fallback_text, url=inp.url, html=False)
        if not doc.source.strip():
            what = inp.path.name if inp.path else "the pasted text"
            return Loaded(inp, error=f"{what}: there is no text in it")
        if len(doc.source) > MAX_WINDOW_CHARS:
            what = inp.path.name if inp.path else "the pasted text"
            return Loaded(
                inp,
                error=(
                    f"{what} is too long for the window ({len(doc.source) / 1e6:.1f} million "
                    f"characters; the limit is {MAX_WINDOW_CHARS / 1e6:.0f} million). "
                    "Clean it with `jobdesk clean FILE` instead."
                ),
            )
        return Loaded(inp, matched=cleaner.match(doc, site=inp.site))
    except IngestError as exc:
        return Loaded(inp, error=str(exc))
    except MemoryError:
        return Loaded(inp, error=f"{inp.label}: not enough memory to read it")
    except Exception as exc:  # a bug in a rule or the core must not kill the window
        return Loaded(inp, error=f"{inp.label}: could not be cleaned ({type(exc).__name__}: {exc})")


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files stay; folders become the posting files inside them (recursively).

    Returns the files and notes about what was skipped.
    """
    files: list[Path] = []
    notes: list[str] = []
    for p in paths:
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and name.lower().endswith(POSTING_SUFFIXES):
                        found.append(Path(root) / name)
            if not found:
                notes.append(f"{p.name}: no .txt, .html, .md or .eml files in this folder")
            if len(found) > MAX_FOLDER_FILES:
                notes.append(
                    f"{p.name}: {len(found)} files; only the first {MAX_FOLDER_FILES} were opened"
                )
                found = found[:MAX_FOLDER_FILES]
            files.extend(found)
        else:
            files.append(p)
    return files, notes


class CancellableJob(QObject):
    """A job for a worker thread that the GUI thread may cancel at any time."""

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class LoadJob(CancellableJob):
    """A batch of inputs to read and match. Signals arrive in the GUI thread."""

    itemLoaded = Signal(object, object, int, int)  # job, Loaded, number done, total
    started = Signal(object, int, str)  # job, index, label of the item being read
    finished = Signal(object, bool)  # job, True when cancelled

    def __init__(self, inputs: Sequence[Input], cleaner: Cleaner) -> None:
        super().__init__()
        self.inputs = list(inputs)
        self.cleaner = cleaner

    @property
    def total(self) -> int:
        return len(self.inputs)

    @property
    def total_bytes(self) -> int:
        return sum(i.size for i in self.inputs)

    def run(self) -> None:
        """Runs in a worker thread (or inline with :class:`SyncExecutor`)."""
        n = len(self.inputs)
        for i, inp in enumerate(self.inputs):
            if self._cancel.is_set():
                break
            emit(self.started, self, i, inp.label)
            loaded = load_one(inp, self.cleaner)
            if self._cancel.is_set():
                break
            emit(self.itemLoaded, self, loaded, i + 1, n)
        emit(self.finished, self, self._cancel.is_set())


class Job(Protocol):
    """Anything with a ``run()`` to call in a worker thread (a LoadJob, a FieldsJob …)."""

    def run(self) -> None: ...


class Executor(Protocol):
    def start(self, job: Job) -> None: ...


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        self.job.run()


class ThreadExecutor:
    """Runs jobs on a thread pool (the application's global one by default)."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()

    def start(self, job: Job) -> None:
        self.pool.start(_Runnable(job))


class SyncExecutor:
    """Runs jobs at once in the calling thread (tests)."""

    def start(self, job: Job) -> None:
        job.run()

"""Reading and matching inputs off the GUI thread.

A :class:`LoadJob` reads a batch of inputs (files, a paste, a drop), runs
``Cleaner.match`` on each one (the expensive part) and reports every item as soon as
it is ready. Jobs run on ``QThreadPool``; tests use :class:`SyncExecutor`, which runs
them in the calling thread so they stay deterministic (Picard's trick).

What an input is and how it is read lives in :mod:`jobdesk.session` (no Qt).

A job can be cancelled: it stops before the next item, and results that arrive from a
cancelled job are dropped by the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from jobdesk.gui.qtcompat import emit

if TYPE_CHECKING:  # (QUrl: its Python type, five enum types, not made before the paint)
    from PySide6.QtCore import QMimeData, QUrl

    from jobdesk.core.engine import Cleaner
    from jobdesk.session import POSTING_SUFFIXES as POSTING_SUFFIXES
    from jobdesk.session import Input as Input
    from jobdesk.session import Loaded as Loaded

#: What this module hands on from :mod:`jobdesk.session`, which it imports when first
#: asked (an input is read, an Input made): the window's first frame needs none of it.
FROM_SESSION = ("Input", "Loaded", "POSTING_SUFFIXES")

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        if name in FROM_SESSION:
            from jobdesk import session

            return getattr(session, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The most characters of source text the window will show; bigger inputs are refused
#: with a message (``jobdesk clean`` handles them).
MAX_WINDOW_CHARS = 3_000_000
#: The most files one folder drop may add (:data:`jobdesk.session.MAX_FOLDER_FILES`).
MAX_FOLDER_FILES = 5_000


def load_one(
    inp: Input, cleaner: Cleaner, progress: Callable[[float], None] | None = None
) -> Loaded:
    """Ingest and match one input (:func:`jobdesk.session.load_input`, with the
    window's size limit); ``progress(fraction)`` as it goes."""
    from jobdesk.session import load_input

    return load_input(inp, cleaner, max_chars=MAX_WINDOW_CHARS, progress=progress)


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Folders become the posting files inside them (:func:`jobdesk.session.expand_paths`)."""
    from jobdesk import session

    return session.expand_paths(paths, max_files=MAX_FOLDER_FILES)


def local_paths(md: QMimeData) -> list[Path]:
    """The local files and folders a clipboard or drop names."""
    if not md.hasUrls():
        return []
    urls: list[QUrl] = md.urls()
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile()]


def input_from_mime(md: QMimeData, label: str) -> Input | None:
    """Clipboard or drop data → one input; HTML is preferred when it holds text."""
    from jobdesk.session import Input

    text = md.text() if md.hasText() else ""
    if md.hasHtml():
        html = md.html()
        if html.strip():
            return Input(label=label, text=html, html=True, fallback_text=text or None)
    if text.strip():
        return Input(label=label, text=text, html=None)
    return None


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
    #: job, percent done (a single input: reading, then matching rule by rule)
    progressed = Signal(object, int)
    started = Signal(object, int, str)  # job, index, label of the item being read
    finished = Signal(object, bool)  # job, True when cancelled

    def __init__(self, inputs: Sequence[Input], cleaner: Cleaner | None) -> None:
        """``cleaner`` None: the rules are still loading; the window sets it before it
        starts the job (:mod:`jobdesk.gui.startup`)."""
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
        cleaner = self.cleaner
        if cleaner is None:
            raise RuntimeError("a load job started before the rules were loaded")
        for i, inp in enumerate(self.inputs):
            if self._cancel.is_set():
                break
            emit(self.started, self, i, inp.label)
            loaded = load_one(inp, cleaner, self._reporter() if n == 1 else None)
            if self._cancel.is_set():
                break
            emit(self.itemLoaded, self, loaded, i + 1, n)
        emit(self.finished, self, self._cancel.is_set())

    def _reporter(self) -> Callable[[float], None]:
        """``progressed`` for each whole percent (a hundred signals at most)."""
        last = -1

        def report(fraction: float) -> None:
            nonlocal last
            percent = min(100, int(fraction * 100))
            if percent != last and not self._cancel.is_set():
                last = percent
                emit(self.progressed, self, percent)

        return report


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
        try:
            self.job.run()
        except RuntimeError:
            if job_alive(self.job):
                raise
            # The window quit while the job ran: its signals' source is deleted and
            # nobody is left to report to (no traceback on quit).


def job_alive(job: object) -> bool:
    """False once a job that is a QObject has been deleted on the C++ side."""
    return not isinstance(job, QObject) or shiboken6.isValid(job)


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

"""Crash logs: what went wrong is written to a file the user can find and send.

:meth:`CrashLog.install` (called by the window, :mod:`jobdesk.gui.app`) sets up:

* ``sys.excepthook`` and ``threading.excepthook``: an uncaught exception — in the
  window's code too, where PySide6 reports it through ``sys.excepthook`` — is written to
  ``crash-YYYYMMDD-HHMMSS-PID.log`` (version, Python, platform, the traceback), and the
  ``notify`` callback is told the file's path (the window shows it in a dialog);
* :mod:`faulthandler` on ``fatal-PID.log``: a hard crash (a segfault in Qt, an abort)
  cannot run Python code, but faulthandler writes the Python stacks there. A clean exit
  removes the empty file; the next start finds one that is not empty
  (:meth:`CrashLog.take_fatal_reports`), renames it to ``crash-…-fatal.log`` and tells
  the user where it is.

The folder is ``platformdirs.user_log_path("jobdesk")`` (on Linux
``~/.local/state/jobdesk/log``), or ``JOBDESK_LOG_DIR``. No Qt here.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from jobdesk.paths import log_dir

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class CrashLog:
    """The crash-log folder of one running jobdesk."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else log_dir()
        self.notify: Callable[[Path], object] | None = None
        self._fault_file: IO[str] | None = None
        self._fault_path: Path | None = None
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[..., object] | None = None

    # -- uncaught exceptions --------------------------------------------------------

    def write_exception(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        where: str = "",
    ) -> Path:
        """Write one exception's report; returns the file."""
        from jobdesk import __version__

        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"crash-{stamp}-{os.getpid()}.log"
        n = 1
        while path.exists():
            n += 1
            path = self.directory / f"crash-{stamp}-{os.getpid()}-{n}.log"
        import platform

        lines = [
            f"jobdesk {__version__} crashed at {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
            f"Python {sys.version.split()[0]} on {platform.platform()}",
        ]
        if where:
            lines.append(f"in {where}")
        text = "\n".join(lines) + "\n\n" + "".join(traceback.format_exception(exc_type, exc, tb))
        path.write_text(text, encoding="utf-8")
        return path

    def _report(self, info: ExcInfo, where: str = "") -> Path | None:
        try:
            path = self.write_exception(*info, where=where)
        except OSError as err:  # a full disk must not hide the original error
            print(f"jobdesk: could not write the crash log: {err}", file=sys.stderr)
            return None
        print(f"jobdesk: the crash log is {path}", file=sys.stderr)
        if self.notify is not None:
            try:
                self.notify(path)
            except Exception as err:  # the dialog failing must not loop back here
                print(f"jobdesk: could not show the crash dialog: {err}", file=sys.stderr)
        return path

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            self._report((exc_type, exc, tb))
        if self._previous_hook is not None:
            # The traceback on stderr, as before (after the log: a windowed app on
            # Windows has no stderr, and the hook may fail there).
            with contextlib.suppress(Exception):
                self._previous_hook(exc_type, exc, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            name = args.thread.name if args.thread is not None else "a thread"
            self._report((args.exc_type, args.exc_value, args.exc_traceback), where=name)
        if self._previous_thread_hook is not None:
            with contextlib.suppress(Exception):
                self._previous_thread_hook(args)

    # -- set-up ---------------------------------------------------------------------

    def install(self, notify: Callable[[Path], object] | None = None) -> None:
        """Route uncaught exceptions and fatal errors into this folder."""
        self.notify = notify
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._fault_path = self.directory / f"fatal-{os.getpid()}.log"
            self._fault_file = open(self._fault_path, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as err:
            print(f"jobdesk: no crash log for fatal errors: {err}", file=sys.stderr)
            self._fault_file = self._fault_path = None
            return
        faulthandler.enable(file=self._fault_file, all_threads=True)

    def uninstall(self) -> None:
        """Restore the hooks; remove this run's fatal-error file if nothing was written."""
        if self._previous_hook is not None and sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None and threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None
            if self._fault_path is not None:
                try:
                    if self._fault_path.stat().st_size == 0:
                        self._fault_path.unlink()
                except OSError:
                    pass

    # -- the crash of an earlier run ------------------------------------------------

    def take_fatal_reports(self) -> list[Path]:
        """Fatal-error reports left by earlier runs, renamed ``crash-…-fatal.log`` so each
        is reported once; empty leftovers (a run that was killed) are removed."""
        if not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.glob("fatal-*.log")):
            if path == self._fault_path:
                continue
            try:
                if path.stat().st_size == 0:
                    path.unlink()
                    continue
                stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(path.stat().st_mtime))
                target = self.directory / f"crash-{stamp}-{path.stem.split('-', 1)[1]}-fatal.log"
                path.rename(target)
            except OSError:
                continue
            found.append(target)
        return found

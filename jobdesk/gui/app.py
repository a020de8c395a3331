"""``jobdesk [FILE…]``: start the window (and open the files given).

Also the parts of a first run outside the window: the app icon (every size), the
desktop file id (so Wayland and the task bar match the window to its launcher), crash
logs (:mod:`jobdesk.crashlog`, with a dialog saying where the log is), files opened
from macOS Finder while jobdesk runs (``QFileOpenEvent``), and
``JOBDESK_QUIT_AFTER_PAINT=1``, which quits once the window has painted (the smoke tests
of the wheel and the packaged app).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDeadlineTimer,
    QEvent,
    QLibraryInfo,
    QObject,
    QThreadPool,
    QTimer,
)
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QWidget

from jobdesk.assets import APP_ID
from jobdesk.gui.resources import app_icon as app_icon  # (the window's icon too)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from jobdesk.crashlog import CrashLog
    from jobdesk.gui.window import MainWindow

USAGE = "usage: jobdesk [FILE…]   (or jobdesk clean|rules … — see jobdesk --help)"
#: Set to 1: print "jobdesk: window ready: TITLE" and quit with status 0 right after the
#: window's first paint.
QUIT_AFTER_PAINT = "JOBDESK_QUIT_AFTER_PAINT"


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "jobdesk", *(argv or [])])
    app.setOrganizationName("jobdesk")
    app.setApplicationName("jobdesk")
    app.setApplicationDisplayName("jobdesk")
    app.setDesktopFileName(APP_ID)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def crash_dialog(
    paths: Sequence[Path], parent: QWidget | None = None, *, earlier: bool = False
) -> QMessageBox:
    """A non-modal box saying that something went wrong and where the log is."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if earlier else QMessageBox.Icon.Critical)
    box.setWindowTitle("jobdesk")
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path is text, never markup
    if earlier:
        head = "jobdesk stopped unexpectedly the last time it ran."
    else:
        head = (
            "jobdesk ran into an error it did not expect. Your library is safe; what you "
            "were doing may not have finished."
        )
    where = "\n".join(str(p) for p in paths)
    box.setText(f"{head}\n\nThe details are in (please attach to a bug report):\n{where}")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing owns it on the C++ side: keep it alive until closed
        _open_dialogs.append(box)
        box.finished.connect(lambda _result: _open_dialogs.remove(box))
    box.show()
    return box


#: Crash dialogs without a parent window, kept from the garbage collector while open.
_open_dialogs: list[QMessageBox] = []


def install_crash_log(parent: Callable[[], QWidget | None] = lambda: None) -> CrashLog:
    """Crash logs on, a dialog for each uncaught exception, and one for the fatal crash
    of an earlier run (if any). (The crash log's module, and the platform folders it
    asks for, are imported here: not by the window's start, which makes no crash log.)"""
    from jobdesk.crashlog import CrashLog

    log = CrashLog()
    log.install(notify=lambda path: crash_dialog([path], parent()))
    earlier = log.take_fatal_reports()
    if earlier:
        crash_dialog(earlier, parent(), earlier=True)
    return log


#: Whether Qt sends files opened from the desktop as QFileOpenEvent (macOS: Finder, the
#: Dock; elsewhere they come as arguments). Only then is :class:`FileOpenFilter`
#: installed: an application-wide event filter in Python is called for every event of
#: every widget (20 ms of CPU before the window's first paint, and on every repaint).
FILE_OPEN_EVENTS = sys.platform == "darwin"


class FileOpenFilter(QObject):
    """Files opened from Finder (macOS) while jobdesk runs arrive as QFileOpenEvent."""

    def __init__(self, open_paths: Callable[[list[Path]], None], parent: QObject) -> None:
        super().__init__(parent)
        self._open_paths = open_paths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            name = event.file()
            if name:
                self._open_paths([Path(name)])
                return True
        return super().eventFilter(watched, event)


class QuitAfterPaint(QObject):
    """Quits the application after the watched widget's first paint, printing its title.

    With ``wait_for_title`` (files were given) it first waits, up to ``timeout_ms``, for
    the window title to change (the first file is shown); background jobs are let finish
    before quitting, so none reports to a window that is gone.
    """

    def __init__(
        self, widget: QWidget, *, wait_for_title: bool = False, timeout_ms: int = 30_000
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._initial_title = widget.windowTitle()
        self._wait_for_title = wait_for_title
        self._deadline = QDeadlineTimer(timeout_ms)
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, self._quit)
        return False

    def _quit(self) -> None:
        waiting = self._wait_for_title and self._widget.windowTitle() == self._initial_title
        if waiting and not self._deadline.hasExpired():
            QTimer.singleShot(50, self._quit)
            return
        QThreadPool.globalInstance().waitForDone()
        print(f"jobdesk: window ready: {self._widget.windowTitle()}", flush=True)
        QApplication.quit()


#: Where the window cannot open, the way out (one line on stderr; Qt would abort).
NO_DISPLAY_HINT = "`jobdesk clean FILE` cleans postings without a window (see jobdesk --help)"


def display_problem(
    env: Mapping[str, str] | None = None, load: Callable[[str], bool] | None = None
) -> str | None:
    """Why the window cannot open here, before Qt tries (and aborts the process with a
    message that blames the wrong library); None when it may.

    Looked at: the platform plugin asked for (``QT_QPA_PLATFORM``) must be one Qt has;
    on Linux and the BSDs the X11 or Wayland display it needs must be set, and for X11
    the system libraries of Qt's plugin must load (``load(name)``: dlopen)."""
    env = os.environ if env is None else env
    load = _dlopen if load is None else load
    asked = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        names = platform_plugins()
        if names and not any(asked == n or asked.startswith(f"{n}-") for n in names):
            have = ", ".join(sorted(names))
            return f"Qt has no platform plugin {asked!r} (QT_QPA_PLATFORM; it has {have})"
    if sys.platform in ("win32", "darwin"):
        return None
    x11, wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if not asked:
        if not (x11 or wayland):
            return "no display to open the window on"
        return missing_x11_libraries(load) if x11 and not wayland else None
    if asked == "xcb" and not x11:
        return "no X11 display to open the window on (DISPLAY is not set)"
    if asked.startswith("wayland") and not wayland:
        return "no Wayland display to open the window on (WAYLAND_DISPLAY is not set)"
    return missing_x11_libraries(load) if asked == "xcb" else None


#: What Qt's X11 plugin loads that a minimal Debian/Ubuntu system may lack: the library
#: and its Debian package (``ldd`` of PySide6's libqxcb.so and libQt6XcbQpa.so).
X11_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _dlopen(name: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_x11_libraries(load: Callable[[str], bool] = _dlopen) -> str | None:
    """None when Qt's X11 plugin library loads (with whatever a packaged app bundles
    beside it); else the system libraries it lacks, every one with its package (Qt
    itself aborts naming one, often not the one to install)."""
    qpa = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath)) / "libQt6XcbQpa.so.6"
    if not qpa.is_file() or load(str(qpa)):
        return None  # a Qt of the system's own (not ours to judge), or all is there
    missing = [pkg for lib, pkg in X11_LIBRARIES.items() if not load(lib)]
    how = f"sudo apt install {' '.join(missing)}" if missing else "see the README"
    return f"Qt's X11 plugin cannot load its system libraries (Debian/Ubuntu: {how})"


def platform_plugins() -> set[str]:
    """The platform plugins this Qt has ("xcb", "wayland", "offscreen" …)."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    if not folder.is_dir():
        return set()
    return {p.name.split(".")[0].removeprefix("lib").removeprefix("q") for p in folder.iterdir()}


def run_gui(args: list[str]) -> int:
    """Open the window; ``args`` are files (or folders) to open in it."""
    paths: list[Path] = []
    for a in args:
        if a.startswith("-") and a != "-":
            print(f"jobdesk: unknown option {a!r}\n{USAGE}", file=sys.stderr)
            return 2
        if a == "-":
            print("jobdesk: the window cannot read stdin; use `jobdesk clean -`", file=sys.stderr)
            return 2
        paths.append(Path(a))
    problem = display_problem() if QApplication.instance() is None else None
    if problem:
        print(f"jobdesk: {problem}; {NO_DISPLAY_HINT}", file=sys.stderr)
        return 1
    app = create_app()
    window = open_window()
    crash_log = install_crash_log(lambda: window)
    if FILE_OPEN_EVENTS:  # (an application-wide filter sees every event: only there)
        # (called through: the window's input part is built after its first paint)
        app.installEventFilter(FileOpenFilter(lambda paths: window.open_paths(paths), window))
    if os.environ.get(QUIT_AFTER_PAINT) == "1":
        QuitAfterPaint(window, wait_for_title=bool(paths))
    window.show()
    if paths:
        window.open_paths(paths)
    try:
        code = int(app.exec())
        # The window cancelled its jobs when it closed; let the one still reading
        # finish its item before the interpreter goes (a worker must not outlive it).
        QThreadPool.globalInstance().waitForDone()
        hand_clipboard_to_qt(app)
    finally:
        crash_log.uninstall()
    return code


def open_window() -> MainWindow:
    """The main window as ``jobdesk`` opens it (not shown yet): built without rules and
    with only what its first frame shows, it paints first; then the rest of it is built
    while the rules load, the library is installed (``JOBDESK_DATA_DIR`` or the platform
    data dir) and the engine warmed (:mod:`jobdesk.gui.startup`)."""
    from jobdesk.gui.window import MainWindow

    window = MainWindow(defer=True)
    window.startup.then.append(lambda: _install_library(window))
    return window


def _install_library(window: MainWindow) -> None:
    from jobdesk.gui.library import install_library

    install_library(window)


def hand_clipboard_to_qt(app: QApplication) -> None:
    """Before the interpreter exits, replace mime data that Python put on the clipboard
    (Copy as Markdown) by a plain-text copy Qt owns: PySide6 crashes at exit (SIGSEGV)
    when the clipboard still holds a Python-made QMimeData. The text stays copied."""
    clipboard = app.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.formats():
        text = data.text()
        if text:
            clipboard.setText(text)
        else:
            clipboard.clear()

"""``jobdesk [FILE…]``: start the window (and open the files given)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from jobdesk.gui.resources import app_icon_path

USAGE = "usage: jobdesk [FILE…]   (or jobdesk clean|rules … — see jobdesk --help)"


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "jobdesk", *(argv or [])])
    app.setOrganizationName("jobdesk")
    app.setApplicationName("jobdesk")
    app.setApplicationDisplayName("jobdesk")
    app.setDesktopFileName("jobdesk")
    icon = app_icon_path()
    if icon:
        app.setWindowIcon(QIcon(str(icon)))
    return app


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
    app = create_app()
    from jobdesk.gui.library import install_library
    from jobdesk.gui.window import MainWindow

    window = MainWindow()
    install_library(window)  # JOBDESK_DATA_DIR or the platform data dir
    window.show()
    if paths:
        window.open_paths(paths)
    code = int(app.exec())
    hand_clipboard_to_qt(app)
    return code


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

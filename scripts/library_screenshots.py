"""Render the library window offscreen: ``uv run python scripts/library_screenshots.py``.

Writes ``library-window-1280x800.png``, ``library-window-1024x640.png`` and their
``-dark`` twins into ``docs/screenshots/`` (``--out`` to change): the library window
with made-up postings (those of ``scripts/screenshots.py``), one selected so that the
preview shows it. Settings and the library go to a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from jobdesk.gui.library import install_library  # noqa: E402
from jobdesk.gui.loading import SyncExecutor  # noqa: E402
from jobdesk.gui.window import MainWindow  # noqa: E402
from scripts.screenshots import _save, dark_palette, fill_library, settle  # noqa: E402

SIZES = ((1280, 800), (1024, 640))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    from jobdesk.core.rules import load_rules

    rules = load_rules(user_dir=False)
    written = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for theme in ("light", "dark"):
            if theme == "dark":
                app.setPalette(dark_palette())
            for width, height in SIZES:
                name = f"{theme}-{width}"
                settings = QSettings(str(tmp / f"{name}.ini"), QSettings.Format.IniFormat)
                w = MainWindow(rules, settings=settings, executor=SyncExecutor())
                ctl = install_library(w, tmp / name / "library.sqlite3", executor=SyncExecutor())
                assert ctl is not None
                ctl.poll.stop()
                fill_library(ctl.library)
                ctl.changed()
                ctl.libwin.placed = True  # this size, whatever the offscreen screen's
                ctl.libwin.resize(width, height)
                ctl.show_window()
                ctl.panel.table.selectRow(1)
                settle(app)
                suffix = "" if theme == "light" else "-dark"
                path = args.out / f"library-window-{width}x{height}{suffix}.png"
                written.append(_save(ctl.libwin, path))
                w.close()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())

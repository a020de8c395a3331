"""Render the README screenshots offscreen: ``uv run python scripts/screenshots.py``.

Writes PNGs into ``docs/screenshots/`` using ``QWidget.grab()``: the empty window, the
window on the sample posting (light and dark), and the same after stepping to a
removal with F8. Settings go to a temporary file, so a real configuration is never
touched.
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
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from jobdesk.core.rules import load_rules  # noqa: E402
from jobdesk.gui.loading import SyncExecutor  # noqa: E402
from jobdesk.gui.resources import sample_posting  # noqa: E402
from jobdesk.gui.window import MainWindow  # noqa: E402

SIZE = (1400, 860)


def dark_palette() -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#34363a",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#34363a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Link: "#7aa7e8",
    }
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return pal


def make_window(tmp: Path, name: str) -> MainWindow:
    settings = QSettings(str(tmp / f"{name}.ini"), QSettings.Format.IniFormat)
    w = MainWindow(load_rules(user_dir=False), settings=settings, executor=SyncExecutor())
    w.resize(*SIZE)
    w.main_split.setSizes([400, SIZE[0] - 400])
    w.show()
    return w


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    sample = sample_posting()
    if sample is None:
        print("screenshots: the sample posting is missing", file=sys.stderr)
        return 1
    written = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)

        w = make_window(tmp, "empty")
        settle(app)
        written.append(_save(w, args.out / "empty.png"))
        w.close()

        for theme in ("light", "dark"):
            if theme == "dark":
                app.setPalette(dark_palette())
            w = make_window(tmp, theme)
            w.open_paths([sample])
            w.act_hide_empty.setChecked(True)
            settle(app)
            suffix = "" if theme == "light" else "-dark"
            written.append(_save(w, args.out / f"window{suffix}.png"))
            if theme == "light":
                w.raw.setFocus()
                for _ in range(3):
                    w.act_next.trigger()
                settle(app)
                written.append(_save(w, args.out / "navigate.png"))
            w.close()
    for p in written:
        print(p)
    return 0


def _save(w: MainWindow, path: Path) -> Path:
    if not w.grab().save(str(path)):
        raise SystemExit(f"screenshots: could not write {path}")
    return path


if __name__ == "__main__":
    sys.exit(main())

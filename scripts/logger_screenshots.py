"""Render the removals-list (logger) screenshots offscreen:
``uv run python scripts/logger_screenshots.py``.

Writes ``docs/screenshots/logger.png`` (1280×800, light) and
``docs/screenshots/logger-1024-dark.png`` (1024×640, dark): the window on the sample
posting with the removals list shown (F9), a removal chosen in it, the diff map beside
the raw pane's scroll bar, and the rules panel's Matches and Effect columns. Settings go
to a temporary directory (a real configuration is never touched); the default layout
for each size.
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

from PySide6.QtWidgets import QApplication  # noqa: E402

from jobdesk.gui.resources import sample_posting  # noqa: E402
from scripts.screenshots import SIZE, SMALL, _save, dark_palette, make_window, settle  # noqa: E402


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
        print("logger screenshots: the sample posting is missing", file=sys.stderr)
        return 1
    written = []
    light = app.palette()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name, size, dark in (("logger", SIZE, False), ("logger-1024-dark", SMALL, True)):
            app.setPalette(dark_palette() if dark else light)
            w = make_window(tmp, name, library=False, size=size)
            w.act_removals.setChecked(True)
            w.open_paths([sample])
            w.flush_facts()
            w.compare.effects()
            settle(app)
            pane = w.removals.pane
            # A removal that more than one rule makes, chosen in the list.
            row = next(
                (r for r in range(pane.proxy.rowCount()) if pane.model.also(r)),
                min(3, pane.proxy.rowCount() - 1),
            )
            pane.view.selectRow(row)
            pane.view.scrollTo(pane.proxy.index(row, 0))
            w.statusBar().clearMessage()
            settle(app)
            written.append(_save(w, args.out / f"{name}.png"))
            w.close()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())

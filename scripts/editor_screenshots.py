"""Render the rule editor's screenshots offscreen:
``uv run python scripts/editor_screenshots.py``.

Writes ``editor-1280x800.png`` (light: a rule of the user's with its examples run, an
imported pack switched off) and ``editor-1024x640-dark.png`` (dark, a laptop's screen:
a bad pattern rejected with the loader's reason, Save disabled) into
``docs/screenshots/``. The config folder is a temporary one: a real configuration is
never touched. The dialog is shown over the window at each size.
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

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from jobdesk.gui.resources import sample_posting  # noqa: E402
from scripts.screenshots import dark_palette, make_window, settle  # noqa: E402

MY_RULES = """\
# My rules for the job boards I use.
[pack]
id = "user"
name = "My rules"

[[rule]]
id = "user.apply-buttons"
name = "Apply and save buttons"
description = "The buttons a select-all copies with the posting."
category = "site-chrome"
kind = "line"
pattern = [
  "Apply now",
  "Easy Apply",
  "Save (?:job|for later)",
]
examples.remove = ["Apply now", "Save for later"]
examples.keep = ["How to apply: send us your CV", "Apply your skills to real problems"]

[[rule]]
id = "user.similar-tail"
name = "Similar jobs, to the end"
category = "recommendations"
kind = "tail"
pattern = "(?:Similar|More) jobs"
min_offset = 0.5
examples.remove = ["Similar jobs\\nWidget Tester\\nOther Corp"]
"""

TEAM = """\
[pack]
id = "team"
name = "Team rules"

[[rule]]
id = "team.referral"
name = "Referral banner"
kind = "line"
pattern = "Refer a friend.*"
examples.remove = ["Refer a friend and earn $500"]
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    written = []
    light = app.palette()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["JOBDESK_CONFIG_DIR"] = str(tmp / "config")
        rules = tmp / "config" / "rules"
        rules.mkdir(parents=True)
        (rules / "my-rules.toml").write_text(MY_RULES, encoding="utf-8")
        (rules / "team.toml.off").write_text(TEAM, encoding="utf-8")
        for theme, size, name in (
            ("light", (1280, 800), "editor-1280x800.png"),
            ("dark", (1024, 640), "editor-1024x640-dark.png"),
        ):
            app.setPalette(dark_palette() if theme == "dark" else light)
            w = make_window(tmp, f"editor-{theme}", library=False, size=size)
            d = w.rule_editor.open_dialog()
            sample = sample_posting()
            if sample is not None:
                w.open_paths([sample])
            d.resize(int(size[0] * 0.86), int(size[1] * 0.88))
            d.delay_ms = 0
            d.select("my-rules.toml", "user.apply-buttons")
            if theme == "dark":
                d.pattern_edit.setPlainText("Apply now\nEasy Apply\nSave (?:job|for later")
            d.validate_now()
            settle(app)
            written.append(_over(w, d, args.out / name))
            d.confirm = lambda _text: True
            d.close()
            w.close()
    for p in written:
        print(p)
    return 0


def _over(window: QWidget, dialog: QWidget, path: Path) -> Path:
    """The window with the dialog over its middle, as the screen shows them."""
    shot = window.grab()
    painter = QPainter(shot)
    at = QPoint((shot.width() - dialog.width()) // 2, (shot.height() - dialog.height()) // 2)
    painter.drawPixmap(at, dialog.grab())
    painter.end()
    if not shot.save(str(path)):
        raise SystemExit(f"editor_screenshots: could not write {path}")
    return path


if __name__ == "__main__":
    sys.exit(main())

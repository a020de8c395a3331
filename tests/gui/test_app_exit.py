"""Copy as Markdown puts Python-made mime data on the clipboard; exiting must not crash."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QMimeData
from jobdesk.gui.app import create_app, hand_clipboard_to_qt
app = create_app()
md = QMimeData()
md.setText("# Senior Engineer")
md.setData("text/markdown", b"# Senior Engineer")
app.clipboard().setMimeData(md)
del md
hand_clipboard_to_qt(app)
assert app.clipboard().text() == "# Senior Engineer"
"""


def test_exit_with_copied_markdown_is_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr

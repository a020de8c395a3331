"""Render "Remove Text Like This" offscreen: ``uv run python scripts/propose_screenshots.py``.

Writes ``propose-1280x800.png`` (light) and ``propose-1024x640-dark.png`` into
``docs/screenshots/`` (``--out`` to change): the proposal dialog for a line of the
sample posting, its "any numbers and dates" proposal chosen, with the preview of this
posting and of a library of made-up postings. Settings, rules and the library go to a
temporary directory.
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

from jobdesk.gui.loading import SyncExecutor  # noqa: E402
from jobdesk.gui.resources import sample_posting  # noqa: E402
from jobdesk.gui.window import MainWindow  # noqa: E402
from jobdesk.storage import Library, NewPosting  # noqa: E402
from scripts.screenshots import LIBRARY, _save, dark_palette, settle  # noqa: E402

LINE = "51-200 employees · Software Development"
#: The line as other postings of the library have it (the company size varies).
VARIANTS = ("11-50 employees · Software Development",
            "1,001-5,000 employees · Software Development",
            "201-500 employees · Software Development")  # fmt: skip
SHOTS = (((1280, 800), "light"), ((1024, 640), "dark"))


def fill(lib: Library) -> None:
    for i, (title, company, place, pay, site, status, tags) in enumerate(LIBRARY):
        extra = f"{VARIANTS[i]}\n" if i < len(VARIANTS) else ""
        text = (
            f"{title}\n{company} · {place}\n{extra}\nAbout the job\nWe are hiring a "
            f"{title.lower()} to build reliable systems with a small team.\nPay: {pay}.\n"
        )
        site = "linkedin" if extra else site
        lib.add(NewPosting(cleaned=text, source=text, title=title, company=company, site=site,
                           status=status, tags=tags))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    light = app.palette()
    written = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["JOBDESK_CONFIG_DIR"] = str(tmp / "config")
        os.environ["JOBDESK_DATA_DIR"] = str(tmp / "data")
        from jobdesk.core.rules import load_rules
        from jobdesk.paths import library_path

        with Library.open(library_path()) as lib:
            fill(lib)
        for (width, height), theme in SHOTS:
            app.setPalette(dark_palette() if theme == "dark" else light)
            settings = QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat)
            w = MainWindow(load_rules(user_dir=False), settings=settings, executor=SyncExecutor())
            w.resize(width, height)
            w.show()
            path = sample_posting()
            assert path is not None
            w.open_paths([path])
            source = w.raw.source
            start = source.index(LINE)
            w.raw.select_span(start, start + len(LINE))
            dlg = w.authoring.remove_text_like_this()
            assert dlg is not None
            dlg.list.setCurrentRow(1)  # this line, any numbers and dates
            dlg.resize(width, height)
            settle(app)
            dlg.view.select_span(start, start)
            dlg.view.centerCursor()
            settle(app)
            suffix = "-dark" if theme == "dark" else ""
            written.append(_save(dlg, args.out / f"propose-{width}x{height}{suffix}.png"))
            dlg.close()
            w.close()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())

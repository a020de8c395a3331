"""Render the README screenshots offscreen: ``uv run python scripts/screenshots.py``.

Writes PNGs into ``docs/screenshots/`` using ``QWidget.grab()``: the empty window (and
as it first shows, a paste waiting for the rules to load), the
window on the sample posting at 1280×800 with the library dock and at 1024×640 without
(light and dark; the default layout for each size) with its facts card,
the same after stepping to a removal with F8, the library searched and filtered, and
the re-clean preview. Settings and the library go to a temporary directory, so a real
configuration or library is never touched; the library holds made-up postings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QMimeData, QSettings, QThreadPool  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from jobdesk.core.engine import Cleaner  # noqa: E402
from jobdesk.core.rules import RuleSet, load_rules  # noqa: E402
from jobdesk.gui.library import install_library  # noqa: E402
from jobdesk.gui.loading import SyncExecutor, ThreadExecutor  # noqa: E402
from jobdesk.gui.resources import sample_posting  # noqa: E402
from jobdesk.gui.startup import load_rule_set  # noqa: E402
from jobdesk.gui.window import MainWindow  # noqa: E402
from jobdesk.storage import Library, NewPosting  # noqa: E402

SIZE = (1280, 800)
#: The small screen the window must stay readable on (issue 12).
SMALL = (1024, 640)

#: Made-up postings for the library screenshots (title, company, place, pay, site,
#: status, tags).
LIBRARY = [
    ("Backend Engineer, Payments", "Tallow & Finch", "Remote (EU)", "€70,000 – €85,000 a year",
     "greenhouse", "applied", ["remote"]),
    ("Staff Data Engineer", "Northline Grid", "Denver, CO", "$175,000 - $205,000/yr",
     "linkedin", "interviewing", ["dream", "energy"]),
    ("Platform Engineer (Kubernetes)", "Cobble Labs", "Austin, TX (Hybrid)", "$150k - $170k",
     "lever", "saved", []),
    ("Analytics Engineer", "Harbor & Kite", "Portland, OR", "$120,000 – $140,000 a year",
     "indeed", "saved", ["energy"]),
    ("Senior Python Developer", "Quillwork", "Toronto, ON", "CA$130,000 – CA$150,000",
     "workday", "rejected", []),
    ("Data Platform Lead", "Marrow Health", "Boston, MA", "$190,000 - $220,000",
     "ashby", "offer", ["dream"]),
]  # fmt: skip


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


def make_window(
    tmp: Path, name: str, library: bool = True, size: tuple[int, int] = SIZE
) -> MainWindow:
    """A window with the default layout at ``size`` (a new settings file each)."""
    settings = QSettings(str(tmp / f"{name}.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/geometry", None)
    w = MainWindow(load_rules(user_dir=False), settings=settings, executor=SyncExecutor())
    w.resize(*size)
    w.act_reset_layout.trigger()  # the defaults, for this size
    w.statusBar().clearMessage()
    if library:
        ctl = install_library(w, tmp / name / "library.sqlite3")
        assert ctl is not None
        fill_library(ctl.library)
        ctl.changed()
    w.show()
    return w


def loading_shot(app: QApplication, tmp: Path, sample: Path, path: Path) -> Path:
    """The window as it first shows: painted, its rules still loading (held back here)
    and a paste waiting for them."""
    gate = threading.Event()

    def held() -> tuple[RuleSet, Cleaner]:
        gate.wait(60)
        return load_rule_set()

    settings = QSettings(str(tmp / "loading.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, executor=ThreadExecutor(), warm_up=False)
    w.startup.load = held
    w.resize(*SIZE)
    w.show()
    while w.startup.loader is None:
        app.processEvents()
        time.sleep(0.01)
    md = QMimeData()
    md.setText(sample.read_text(encoding="utf-8"))
    QGuiApplication.clipboard().setMimeData(md)
    w.paste_and_clean()
    settle(app)
    saved = _save(w, path)
    gate.set()
    w.close()
    QThreadPool.globalInstance().waitForDone()
    return saved


def fill_library(lib: Library) -> None:
    for title, company, place, pay, site, status, tags in LIBRARY:
        text = (
            f"{title}\n{company} · {place}\n\nAbout the job\nWe are hiring a {title.lower()} "
            f"to build reliable systems with a small team.\nPay: {pay}.\n"
        )
        lib.add(
            NewPosting(
                cleaned=text,
                source=text,
                title=title,
                company=company,
                fields={
                    "location": [{"value": place, "text": place, "source": "text"}],
                    "pay": [{"text": pay, "source": "text"}],
                },
                site=site,
                status=status,
                tags=tags,
            )
        )


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

        w = make_window(tmp, "empty", library=False)
        settle(app)
        written.append(_save(w, args.out / "empty.png"))
        w.close()
        written.append(loading_shot(app, tmp, sample, args.out / "loading-rules.png"))

        light = app.palette()
        for theme in ("light", "dark"):
            app.setPalette(dark_palette() if theme == "dark" else light)
            suffix = "" if theme == "light" else "-dark"
            # The small screen first: the window as a laptop shows it.
            w = make_window(tmp, f"small-{theme}", library=False, size=SMALL)
            w.open_paths([sample])
            w.flush_facts()
            settle(app)
            written.append(_save(w, args.out / f"window-1024{suffix}.png"))
            w.close()
            w = make_window(tmp, theme)
            w.open_paths([sample])
            w.flush_facts()
            settle(app)
            written.append(_save(w, args.out / f"window{suffix}.png"))
            if theme == "light":
                w.raw.setFocus()
                for _ in range(3):
                    w.act_next.trigger()
                settle(app)
                written.append(_save(w, args.out / "navigate.png"))
                # a fact clicked: its source is selected on the left
                w.facts_card.activate("sponsorship")
                settle(app)
                written.append(_save(w, args.out / "facts.png"))
                # the library: save the sample, search and filter, re-clean preview
                ctl = w.library
                assert ctl is not None
                w.save_to_library()
                ctl.panel.search.setText("engineer")
                box = ctl.panel.tag_filter
                box.setCurrentIndex(box.findData("dream"))
                ctl.apply_search()
                ctl.panel.table.selectRow(0)
                ctl.libwin.placed = True
                ctl.libwin.resize(*SIZE)
                settle(app)
                written.append(_save(ctl.libwin, args.out / "library.png"))
                ctl.panel.search.clear()
                box.setCurrentIndex(0)
                ctl.apply_search()
                w.act_reset_rules.trigger()
                entry = w.current_entry
                assert entry is not None and entry.matched is not None
                legal = {
                    rid: False
                    for rid, hits in entry.matched.hits_by_rule.items()
                    if hits and (r := w.ruleset.get(rid)) and r.category == "legal-boilerplate"
                }
                w.rules_model.set_enabled(list(legal), False)
                w.save_to_library()  # saved with the EEO rule off …
                w.reset_rules()  # … the usual rules remove it
                ctl.apply_search()
                ctl.panel.table.selectRow(0)
                ctl.reclean_selected()
                dlg = ctl.last_dialog
                assert dlg is not None
                settle(app)
                written.append(_save(dlg, args.out / "reclean.png"))
                dlg.reject()
            w.close()
    for p in written:
        print(p)
    return 0


def _save(w: QWidget, path: Path) -> Path:
    if not w.grab().save(str(path)):
        raise SystemExit(f"screenshots: could not write {path}")
    return path


if __name__ == "__main__":
    sys.exit(main())

"""The window paints before the rules load (issues 12 and 13): nothing of the engine,
the library, ftfy or bs4 is imported before its first paint; inputs that arrive while
the rules load wait for them and are then cleaned; quitting meanwhile is clean."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QSettings, Qt, QThreadPool
from PySide6.QtGui import QGuiApplication

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import RuleSet
from jobdesk.gui.loading import SyncExecutor, ThreadExecutor
from jobdesk.gui.rules_panel import RulesPanel
from jobdesk.gui.startup import LOADING_RULES, NO_RULES
from jobdesk.gui.window import MainWindow

from .conftest import SAMPLE, small_ruleset

ROOT = Path(__file__).resolve().parents[2]

#: What the window must not have imported when it first paints (the crash log and the
#: platform folders: the ``jobdesk`` command makes a crash log, the window does not).
HEAVY = ("jobdesk.core", "jobdesk.storage", "ftfy", "bs4", "jobdesk.crashlog", "jobdesk.paths",
         "platformdirs", "jobdesk.desktop")  # fmt: skip

FIRST_PAINT = r"""
import sys, time
HEAVY = tuple(sys.argv[1].split(","))

def heavy():
    found = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    return " ".join(found) or "-"

from PySide6.QtCore import QEvent, QObject
import jobdesk.gui.window
print("after import:", heavy(), flush=True)
from jobdesk.gui.app import create_app, open_window
app = create_app()
w = open_window()

class Probe(QObject):
    seen = False
    def eventFilter(self, obj, ev):
        if obj is w and ev.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            print("at first paint:", heavy(), flush=True)
            import PySide6.QtCore
            print("Qt made:", "Qt" in PySide6.QtCore.__dict__, flush=True)
        return False

probe = Probe()
w.installEventFilter(probe)
w.show()
deadline = time.time() + 120
while not (w.ready and w.library is not None) and time.time() < deadline:
    app.processEvents()
    time.sleep(0.01)
print("rules:", sum(1 for _ in w.ruleset.rules), "library:", w.library is not None, flush=True)
w.close()
"""

QUIT_WHILE_LOADING = r"""
import sys, threading
from PySide6.QtCore import QTimer
from jobdesk.gui import app as appmod
from jobdesk.gui import startup

closed, running = threading.Event(), threading.Event()
load = startup.load_rule_set

def slow_load():
    running.set()
    closed.wait(60)  # the rules are still loading when the window closes
    print("loader: window closed while loading" if closed.is_set() else "loader: no close")
    return load()

startup.load_rule_set = slow_load
start_loading, close = startup.RulesArrival.start_loading, startup.RulesArrival.close

def closing_start(self):
    start_loading(self)
    poll = QTimer(self._window)  # the loader runs: quit now (polled: no start signal to miss)
    poll.timeout.connect(lambda: running.is_set() and self._window.close())
    poll.start(10)

def closing(self):
    close(self)
    closed.set()

startup.RulesArrival.start_loading = closing_start
startup.RulesArrival.close = closing
appmod.create_app()
sys.exit(appmod.run_gui([sys.argv[1]]))  # a file to open: queued behind the rules
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "JOBDESK_CONFIG_DIR": str(tmp_path / "config"),
        "JOBDESK_DATA_DIR": str(tmp_path / "data"),
        "JOBDESK_LOG_DIR": str(tmp_path / "logs"),
    }


def run_script(
    script: str, *args: str, tmp_path: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -c script args…`` offscreen with its own folders; it must exit 0."""
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env={**_env(tmp_path), **(env or {})},
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def test_nothing_heavy_is_imported_before_the_first_paint(tmp_path: Path) -> None:
    proc = run_script(FIRST_PAINT, ",".join(HEAVY), tmp_path=tmp_path)
    lines = proc.stdout.splitlines()
    assert "after import: -" in lines, proc.stdout
    assert "at first paint: -" in lines, proc.stdout
    # … nor the ``Qt`` namespace's enum types made (~11 ms: jobdesk.gui.qtenums).
    assert "Qt made: False" in lines, proc.stdout
    # … and the rules, the engine and the library do arrive after it.
    (last,) = [ln for ln in lines if ln.startswith("rules:")]
    n_rules = int(last.split()[1])
    assert n_rules > 100 and last.endswith("library: True"), proc.stdout


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds the rules back until set (set at the end in any case: no thread hangs)."""
    event = threading.Event()
    yield event
    event.set()


def _window(qtbot, settings: QSettings, load, executor=None) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(settings=settings, executor=executor or ThreadExecutor(), warm_up=False)
    w.startup.load = load
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    return w


def _set_clipboard(text: str) -> None:
    md = QMimeData()
    md.setText(text)
    QGuiApplication.clipboard().setMimeData(md)


def test_inputs_wait_for_the_rules_then_are_cleaned(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    gate: threading.Event,
    sample_file: Path,
) -> None:
    def slow_load() -> tuple[RuleSet, Cleaner]:
        assert gate.wait(60)
        rules = small_ruleset()
        return rules, Cleaner(rules)

    w = _window(qtbot, settings, slow_load)
    qtbot.waitUntil(lambda: w.startup.loader is not None)  # painted; the rules load
    assert w.ruleset is NO_RULES and w.rules_model.rowCount() == 0
    assert w.statusBar().currentMessage() == LOADING_RULES

    _set_clipboard(SAMPLE)
    w.paste_and_clean()  # a paste …
    drop = QMimeData()
    drop.setText(SAMPLE.replace("Widget", "Gadget"))
    assert w.handle_mime(drop, "Dropped text")  # … a drop …
    w.open_paths([sample_file])  # … and an open, all before the rules are there
    assert len(w.startup.queued) == 3
    assert w.files_model.rowCount() == 0 and w.result is None  # nothing cleaned yet
    assert w.cursor().shape() == Qt.CursorShape.BusyCursor
    assert w.statusBar().currentMessage() == LOADING_RULES

    gate.set()
    qtbot.waitUntil(lambda: w.files_model.rowCount() == 3 and not w.busy, timeout=60_000)
    assert not w.startup.queued
    labels = set()
    for row in range(3):
        entry = w.opened.entry(row)
        assert entry is not None and entry.matched is not None
        # Cleaned with the rules: the test pack's Apply line and applicant count hit.
        assert entry.matched.hits_by_rule.get("test.apply")
        assert entry.matched.hits_by_rule.get("test.applicants")
        labels.add(entry.label)
    assert any("pasted" in label.lower() for label in labels)
    assert any("dropped" in label.lower() for label in labels)
    assert sample_file.name in labels
    assert w.result is not None and "Apply now" not in w.cleaned_text()
    assert w.rules_model.rowCount() > 0 and w.ruleset.get("test.apply") is not None
    assert w.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_rules_fill_the_panel_and_the_site_menu_when_they_arrive(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    shipped_rules: RuleSet,
) -> None:
    w = _window(qtbot, settings, lambda: (shipped_rules, Cleaner(shipped_rules)), SyncExecutor())
    sites_before = [a for a in w.site_group.actions() if a.data() not in (None, "none")]
    assert sites_before == [] and w.rules_model.rowCount() == 0
    qtbot.waitUntil(lambda: w.startup.has_rules)
    sites = {a.data() for a in w.site_group.actions()}
    assert {"linkedin", "indeed"} <= sites and w.act_site_none.data() == "none"
    assert w.rules_model.rowCount() > 0  # the generic rules, grouped, without hits
    assert w.statusBar().currentMessage() != LOADING_RULES


def test_rules_that_fail_to_load_are_reported_and_no_input_hangs(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    gate: threading.Event,
) -> None:
    def broken() -> tuple[RuleSet, Cleaner]:
        assert gate.wait(60)
        raise OSError("the rule cache is unreadable")

    w = _window(qtbot, settings, broken)
    qtbot.waitUntil(lambda: w.startup.loader is not None)
    _set_clipboard(SAMPLE)
    w.paste_and_clean()
    assert w.cursor().shape() == Qt.CursorShape.BusyCursor
    gate.set()
    qtbot.waitUntil(lambda: w.startup.error is not None)
    qtbot.waitUntil(lambda: not w.busy)
    assert "rules could not be loaded" in w.notice.text()
    assert w.files_model.rowCount() == 0
    assert w.cursor().shape() == Qt.CursorShape.ArrowCursor
    w.paste_and_clean()  # a later paste says so too, and does not wait for ever
    assert not w.busy and not w.startup.queued


def test_closing_while_the_rules_load_drops_what_waits(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    gate: threading.Event,
) -> None:
    def slow_load() -> tuple[RuleSet, Cleaner]:
        assert gate.wait(60)
        rules = small_ruleset()
        return rules, Cleaner(rules)

    w = _window(qtbot, settings, slow_load)
    qtbot.waitUntil(lambda: w.startup.loader is not None)
    _set_clipboard(SAMPLE)
    w.paste_and_clean()
    (job,) = w.startup.queued
    w.close()
    assert job.cancelled and not w.startup.queued
    gate.set()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)  # the loader's signal, had it been sent, would be delivered now
    assert not w.startup.has_rules and w.files_model.rowCount() == 0


def test_quitting_while_the_rules_load_prints_no_traceback(
    tmp_path: Path, sample_file: Path
) -> None:
    proc = run_script(QUIT_WHILE_LOADING, str(sample_file), tmp_path=tmp_path)
    assert "loader: window closed while loading" in proc.stdout, proc.stdout
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr, proc.stderr
    assert not list((tmp_path / "logs").glob("crash-*.log"))


def test_the_plain_enum_values_are_qts() -> None:
    from jobdesk.gui import qtenums

    assert (
        Qt.TextFormat.PlainText.value, Qt.TextFormat.RichText.value,
    ) == (qtenums.PLAIN_TEXT, qtenums.RICH_TEXT)  # fmt: skip
    align = Qt.AlignmentFlag
    assert (
        align.AlignLeft.value, align.AlignRight.value, align.AlignTop.value,
    ) == (qtenums.ALIGN_LEFT, qtenums.ALIGN_RIGHT, qtenums.ALIGN_TOP)  # fmt: skip
    assert (
        align.AlignVCenter.value, align.AlignCenter.value,
    ) == (qtenums.ALIGN_VCENTER, qtenums.ALIGN_CENTER)  # fmt: skip
    assert Qt.TextInteractionFlag.TextSelectableByMouse.value == qtenums.TEXT_SELECTABLE_BY_MOUSE
    assert Qt.ToolButtonStyle.ToolButtonTextBesideIcon.value == qtenums.TOOL_BUTTON_TEXT_BESIDE_ICON
    role = Qt.ItemDataRole
    assert [
        role.DisplayRole, role.DecorationRole, role.EditRole, role.ToolTipRole, role.FontRole,
        role.TextAlignmentRole, role.ForegroundRole, role.CheckStateRole, role.UserRole,
    ] == [
        qtenums.DISPLAY_ROLE, qtenums.DECORATION_ROLE, qtenums.EDIT_ROLE, qtenums.TOOLTIP_ROLE,
        qtenums.FONT_ROLE, qtenums.TEXT_ALIGNMENT_ROLE, qtenums.FOREGROUND_ROLE,
        qtenums.CHECK_STATE_ROLE, qtenums.USER_ROLE,
    ]  # fmt: skip


def test_set_enum_sets_the_property_and_refuses_an_unknown_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from jobdesk.gui.qtenums import ALIGN_CENTER, RICH_TEXT, set_enum

    label = QLabel()
    qtbot.addWidget(label)
    set_enum(label, "textFormat", RICH_TEXT)
    set_enum(label, "alignment", ALIGN_CENTER)
    assert label.textFormat() == Qt.TextFormat.RichText
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    with pytest.raises(AttributeError):
        set_enum(label, "noSuchProperty", 1)


def test_the_rules_header_shows_the_models_header_data_once_the_parts_are_built(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def window() -> MainWindow:
        w = MainWindow(settings=settings, executor=SyncExecutor(), warm_up=False, defer=True)
        qtbot.addWidget(w)
        return w

    w = window()
    hdr = w.rules_panel.view.header()
    labels = [hdr.model().headerData(c, Qt.Orientation.Horizontal) for c in range(hdr.count())]
    w.build_rest()
    assert hdr.model() is w.rules_proxy
    assert hdr.selectionModel() is w.rules_panel.view.selectionModel()
    assert [w.rules_proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == labels
    # … its sections as they are without the header's stand-in.
    monkeypatch.setattr(RulesPanel, "attach_header", lambda self: None)
    kept = window()
    kept.rules_panel.view.header().setModel(kept.rules_proxy)
    kept.build_rest()
    other = kept.rules_panel.view.header()
    assert [hdr.sectionSize(c) for c in range(4)] == [other.sectionSize(c) for c in range(4)]
    modes = [hdr.sectionResizeMode(c) for c in range(4)]
    assert modes == [other.sectionResizeMode(c) for c in range(4)]

"""The parts of a first run outside the window (jobdesk/gui/app.py): the icon, the
desktop file id, crash logs with a dialog saying where they are, files opened from
Finder, and the start that quits after the first paint."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from jobdesk.assets import APP_ID, ICON_SIZES
from jobdesk.gui.app import FileOpenFilter, create_app, install_crash_log

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plain_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)


def message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_app_icon_has_every_size_and_the_desktop_id() -> None:
    app = create_app()
    assert app.desktopFileName() == APP_ID
    sizes = app.windowIcon().availableSizes()
    for n in ICON_SIZES:
        assert QSize(n, n) in sizes
    assert not app.windowIcon().pixmap(16, 16).isNull()


def raise_in_slot() -> None:
    raise ValueError("a slot failed")


@pytest.mark.qt_no_exception_capture
@pytest.mark.usefixtures("plain_hooks")
def test_an_exception_in_the_window_writes_a_log_and_says_where(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_dir = Path(os.environ["JOBDESK_LOG_DIR"])
    log = install_crash_log()
    try:
        QTimer.singleShot(0, raise_in_slot)  # PySide6 hands it to sys.excepthook
        qtbot.waitUntil(lambda: bool(message_boxes()), timeout=5000)
    finally:
        log.uninstall()
    (path,) = log_dir.glob("crash-*.log")
    assert "ValueError: a slot failed" in path.read_text(encoding="utf-8")
    (box,) = message_boxes()
    assert str(path) in box.text()
    assert box.icon() == QMessageBox.Icon.Critical
    box.close()


@pytest.mark.usefixtures("plain_hooks")
def test_the_fatal_crash_of_the_last_run_is_reported_at_start(qtbot) -> None:  # type: ignore[no-untyped-def]
    log_dir = Path(os.environ["JOBDESK_LOG_DIR"])
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "fatal-4242.log").write_text("Fatal Python error: Segmentation fault\n")
    log = install_crash_log()
    try:
        (box,) = message_boxes()
        (report,) = log_dir.glob("crash-*-fatal.log")
        assert "stopped unexpectedly" in box.text() and str(report) in box.text()
        box.close()
    finally:
        log.uninstall()


def test_files_opened_from_finder_reach_the_window() -> None:
    app = create_app()
    opened: list[list[Path]] = []
    owner = QObject()
    flt = FileOpenFilter(opened.append, owner)
    app.installEventFilter(flt)
    try:
        QApplication.sendEvent(app, QFileOpenEvent("/tmp/posting.html"))
    finally:
        app.removeEventFilter(flt)
    assert opened == [[Path("/tmp/posting.html")]]


def test_the_window_start_reports_an_earlier_crash_and_quits_after_painting(
    tmp_path: Path,
) -> None:
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    (log_dir / "fatal-4242.log").write_text("Fatal Python error: Aborted\n")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "JOBDESK_QUIT_AFTER_PAINT": "1",
        "JOBDESK_LOG_DIR": str(log_dir),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "jobdesk"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "jobdesk: window ready: jobdesk" in proc.stdout
    assert [p.name.endswith("-fatal.log") for p in log_dir.iterdir()] == [True]


def _start_without(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return subprocess.run(
        [sys.executable, "-m", "jobdesk"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env=env,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays")
@pytest.mark.parametrize(
    "changes",
    [
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": None, "WAYLAND_DISPLAY": None},
        {"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None},
        {"QT_QPA_PLATFORM": "wayland", "DISPLAY": None, "WAYLAND_DISPLAY": None},
        {"QT_QPA_PLATFORM": "no-such-platform"},
    ],
)
def test_without_a_display_one_line_names_the_cli(changes: dict[str, str | None]) -> None:
    proc = _start_without(changes)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("jobdesk: ") and "jobdesk clean FILE" in lines[0]


def test_display_problem_reads_the_environment() -> None:
    from jobdesk.gui.app import display_problem, platform_plugins

    assert "offscreen" in platform_plugins()
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "nope"}) is not None
    if sys.platform.startswith("linux"):
        assert display_problem({"DISPLAY": ":0"}, load=lambda _lib: True) is None
        assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
        assert display_problem({"QT_QPA_PLATFORM": "wayland-egl", "WAYLAND_DISPLAY": "w"}) is None
        assert display_problem({}) is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 libraries")
def test_missing_x11_libraries_are_named_with_their_packages() -> None:
    from jobdesk.gui.app import display_problem

    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}

    def load(lib: str) -> bool:  # Qt's plugin library fails to load as they are absent
        return lib not in absent and "XcbQpa" not in lib

    problem = display_problem({"DISPLAY": ":0"}, load=load)
    assert problem is not None
    assert "apt install libxcb-icccm4 libxcb-keysyms1" in problem
    assert "libxcb-cursor0" not in problem  # only what is missing
    # Wayland needs none of them; offscreen neither.
    assert display_problem({"WAYLAND_DISPLAY": "w"}, load=lambda _lib: False) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, load=lambda _lib: False) is None
    assert display_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, load=lambda _l: False)
    # What loads beside Qt's plugin (a packaged app's own copies) is enough.
    assert display_problem({"DISPLAY": ":0"}, load=lambda lib: "XcbQpa" in lib) is None

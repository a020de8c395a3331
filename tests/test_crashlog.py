"""Crash logs (jobdesk/crashlog.py): an uncaught exception or a fatal error leaves a
file in the log folder, and the user is told where it is."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from jobdesk import __version__
from jobdesk.crashlog import CrashLog
from jobdesk.paths import log_dir


def boom() -> None:
    raise ValueError("the posting had no text")


@pytest.fixture(autouse=True)
def _plain_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interpreter's own hooks as the ones CrashLog chains to (not pytest-qt's and
    pytest's, which would fail the test for the exceptions these tests raise)."""
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)


def test_log_dir_is_the_platform_log_folder_or_the_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    monkeypatch.setenv("JOBDESK_LOG_DIR", str(tmp_path))
    assert log_dir() == tmp_path
    monkeypatch.delenv("JOBDESK_LOG_DIR")
    assert log_dir() == platformdirs.user_log_path("jobdesk")
    assert CrashLog().directory == log_dir()


def test_uncaught_exception_is_written_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[Path] = []
    log = CrashLog(tmp_path / "log")
    previous = sys.excepthook
    log.install(notify=seen.append)
    try:
        assert sys.excepthook != previous
        try:
            boom()
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        log.uninstall()
    assert sys.excepthook == previous
    (path,) = seen
    assert path.parent == tmp_path / "log" and path.name.startswith("crash-")
    text = path.read_text(encoding="utf-8")
    assert f"jobdesk {__version__}" in text
    assert "ValueError: the posting had no text" in text and "in boom" in text
    err = capsys.readouterr().err
    assert "ValueError" in err  # the previous hook still printed the traceback
    assert str(path) in err
    # A clean exit leaves no fatal-error file behind.
    assert not list((tmp_path / "log").glob("fatal-*"))


def test_exception_in_a_thread_is_written(tmp_path: Path) -> None:
    seen: list[Path] = []
    log = CrashLog(tmp_path)
    log.install(notify=seen.append)
    try:
        t = threading.Thread(target=boom, name="import-worker")
        t.start()
        t.join()
    finally:
        log.uninstall()
    (path,) = seen
    text = path.read_text(encoding="utf-8")
    assert "in import-worker" in text and "ValueError" in text


def test_a_failing_dialog_does_not_hide_the_log(tmp_path: Path) -> None:
    def broken(path: Path) -> None:
        raise RuntimeError("no display")

    log = CrashLog(tmp_path)
    log.install(notify=broken)
    try:
        try:
            boom()
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        log.uninstall()
    assert len(list(tmp_path.glob("crash-*.log"))) == 1


FATAL = """
import faulthandler, sys
from pathlib import Path
from jobdesk.crashlog import CrashLog
CrashLog(Path(sys.argv[1])).install()
faulthandler._sigsegv()
"""


def test_a_fatal_crash_is_reported_on_the_next_start(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", FATAL, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode != 0
    log = CrashLog(tmp_path)
    (report,) = log.take_fatal_reports()
    assert report.name.startswith("crash-") and report.name.endswith("-fatal.log")
    text = report.read_text(encoding="utf-8")
    assert "Fatal Python error" in text and "Segmentation fault" in text
    assert log.take_fatal_reports() == []  # reported once


def test_an_empty_leftover_is_removed_not_reported(tmp_path: Path) -> None:
    (tmp_path / "fatal-99999.log").write_text("")  # a run that was killed
    own = CrashLog(tmp_path)
    own.install()
    try:
        assert own.take_fatal_reports() == []
        # This run's own (empty) file is not a report either.
        assert (tmp_path / f"fatal-{os.getpid()}.log").exists()
    finally:
        own.uninstall()
    assert list(tmp_path.iterdir()) == []


def test_the_log_is_written_when_the_previous_hook_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A windowed app on Windows has no stderr: the default hook fails there."""

    def no_stderr(*args: object) -> None:
        raise RuntimeError("lost sys.stderr")

    monkeypatch.setattr(sys, "excepthook", no_stderr)
    monkeypatch.setattr(threading, "excepthook", no_stderr)
    log = CrashLog(tmp_path)
    log.install()
    try:
        try:
            boom()
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        t = threading.Thread(target=boom)
        t.start()
        t.join()
    finally:
        log.uninstall()
    assert len(list(tmp_path.glob("crash-*.log"))) == 2

"""Quitting while work runs in the background prints no traceback (issue 12).

Each case starts the real window (``run_gui``, a thread pool, not the synchronous
executor of the other tests) in a subprocess and closes it from the moment its
background job has started: no timing involved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOAD = r"""
import sys, threading
from PySide6.QtCore import QTimer
from jobdesk.gui import app as appmod
from jobdesk.gui import loading
from jobdesk.gui.window import MainWindow

reading = threading.Event()
run_job, load_inputs = loading.LoadJob.run, MainWindow.load_inputs

def marked_run(self):
    reading.set()  # the read has begun
    run_job(self)

def closing_load(self, inputs, notes=()):
    job = load_inputs(self, inputs, notes)
    poll = QTimer(self)  # quit once the read has begun (polled: no signal to miss)
    poll.timeout.connect(lambda: reading.is_set() and self.close())
    poll.start(5)
    return job

loading.LoadJob.run = marked_run
MainWindow.load_inputs = closing_load
appmod.create_app()
sys.exit(appmod.run_gui([sys.argv[1]]))
"""

FACTS = r"""
import sys
from jobdesk.gui import app as appmod
from jobdesk.gui import facts_controller
from jobdesk.gui.window import MainWindow

start_job = facts_controller.FactsController._start_job

def closing_start(self):
    start_job(self)  # the facts job is on its way: quit now
    self.parent().close()

facts_controller.FactsController._start_job = closing_start
appmod.create_app()
sys.exit(appmod.run_gui([sys.argv[1]]))
"""


def run(script: str, posting: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "JOBDESK_CONFIG_DIR": str(tmp_path / "config"),
        "JOBDESK_DATA_DIR": str(tmp_path / "data"),
        "JOBDESK_LOG_DIR": str(tmp_path / "logs"),
    }
    return subprocess.run(
        [sys.executable, "-c", script, str(posting)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env=env,
    )


def big_posting(tmp_path: Path, lines: int) -> Path:
    line = "Apply now\nSenior Engineer\nWe build things for people and more. " * 3 + "\n"
    p = tmp_path / "big.txt"
    p.write_text(line * lines, encoding="utf-8")
    return p


def test_quit_during_a_load_is_clean(tmp_path: Path) -> None:
    proc = run(LOAD, big_posting(tmp_path, 12_000), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "RuntimeError" not in proc.stderr, proc.stderr
    assert not list((tmp_path / "logs").glob("crash-*.log"))


def test_quit_during_a_facts_job_is_clean(tmp_path: Path) -> None:
    proc = run(FACTS, big_posting(tmp_path, 2_000), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "RuntimeError" not in proc.stderr, proc.stderr
    assert not list((tmp_path / "logs").glob("crash-*.log"))

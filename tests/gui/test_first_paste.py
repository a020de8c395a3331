"""The first paste costs what a later one does (issue 13): what a shown posting needs
once — its rules' effects, the presets menu, the user's exceptions and the modules
behind them — is done while the empty window shows, by the warm-up (worker thread) and
when the rules arrive (GUI thread)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from jobdesk.gui.loading import ThreadExecutor
from jobdesk.gui.window import MainWindow

from .test_startup import ROOT, _env

#: A real window, warmed, then a corpus-like paste: which modules of jobdesk does the
#: first paste (and what it starts after showing) import?
FIRST_PASTE = r"""
import sys, time
from jobdesk.gui.app import create_app
from jobdesk.gui.loading import Input
app = create_app()
from jobdesk.gui.window import MainWindow
w = MainWindow(warm_up=True)
w.show()
deadline = time.time() + 120
while not w.ready and time.time() < deadline:
    app.processEvents()
    time.sleep(0.01)
print("warmed:", w.ready, flush=True)
text = open(sys.argv[1], encoding="utf-8").read()
before = set(sys.modules)
w.load_inputs([Input("paste", text=text)])
until = time.time() + 1.0  # the facts and the rules' effects come after both panes
while (w.result is None or time.time() < until) and time.time() < deadline:
    app.processEvents()
    time.sleep(0.005)
new = sorted(m for m in set(sys.modules) - before if m.startswith("jobdesk"))
print("shown:", w.result is not None, "effects:", w.compare.ready_effects() is not None)
print("imported by the first paste:", " ".join(new) or "-", flush=True)
w.close()
"""


def test_the_first_paste_imports_nothing_of_jobdesk(tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "Senior Data Engineer\nAcme Corp · Berlin (Hybrid)\nApply\nSave\n"
        "About the job\nWe build data pipelines for climate research. You will design "
        "and run them with us.\n\nRequirements\n- Python, SQL\n- 5+ years of experience\n"
        "\nSalary: €70,000 – €85,000 a year\n\nSimilar jobs\nData Analyst\nAcme Corp\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-c", FIRST_PASTE, str(posting)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env=_env(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "warmed: True" in lines, proc.stdout
    assert "shown: True effects: True" in lines, proc.stdout
    assert "imported by the first paste: -" in lines, proc.stdout


def test_the_warm_up_works_out_effects_and_the_arrival_fills_presets_and_exceptions(
    make_window,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    w: MainWindow = make_window(executor=ThreadExecutor(), warm_up=True)
    # The rules are there: the presets menu is filled and the exceptions read, before
    # any posting shows (they were filled and read at the first result).
    assert w.result is None
    assert len(w.authoring.preset_menu.by_id) > 1
    assert w.authoring._exemptions is not None
    qtbot.waitUntil(lambda: w.ready, timeout=60_000)
    job = w.startup.warm_job
    assert job is not None and job.sample_effects > 0  # the effects' code has run

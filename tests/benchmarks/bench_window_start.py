"""Time to the window's first paint, beside a bare PySide6 window with two text panes
(issue 13: the floor), and the first paste beside later ones.

    uv run python -m tests.benchmarks.bench_window_start [--runs N] [--against NAME=TREE]

Each run is a fresh process (offscreen unless QT_QPA_PLATFORM says otherwise); the bare
window and jobdesk's alternate, so load on the machine hits both alike. Each child prints,
at its first paint, the wall time since the parent started it and the CPU time it has used
(every thread: the rules loading and the engine warming in the background count too),
then leaves at once. Reported: medians, and jobdesk's ratio to the floor; and the whole
``jobdesk`` command (entry point, display check, crash log) to its first paint. The
children run with byte-code files written and read (PYTHONDONTWRITEBYTECODE unset), as
an installed jobdesk does.

The paste part runs in one process per mode: the window is shown, the warm-up is waited
out (a user reads the empty window meanwhile; "cold": no warm-up), then a corpus posting
is pasted six times, each time after another corpus posting of 3–12 KB (A, O1, A, O2 …:
each paste changes the rules panel's hit counts, as a user's next paste does; a paste of
the same text again would find them unchanged), the window idling 0.3 s after each (a
paste's facts and rule effects, done after both panes show, are not timed in the next).
Reported: the first paste's CPU time (until both panes show) beside the median of its
later ones, and beside the median of the other postings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAINT_PROBE = r"""
import os, sys, time
T0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer

class Probe(QObject):
    def __init__(self, w):
        super().__init__(w)
        w.installEventFilter(self)
        self.w = w
    def eventFilter(self, obj, ev):
        if obj is self.w and ev.type() == QEvent.Type.Paint:
            print(f"{time.time() - T0:.4f} {time.process_time():.4f}", flush=True)
            os._exit(0)
        return False
"""

BARE = (
    PAINT_PROBE
    + r"""
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter
app = QApplication([])
w = QMainWindow()
split = QSplitter()
split.addWidget(QPlainTextEdit())
split.addWidget(QPlainTextEdit())
w.setCentralWidget(split)
w.resize(1280, 800)
Probe(w)
w.show()
app.exec()
"""
)

JOBDESK = (
    PAINT_PROBE
    + r"""
from jobdesk.gui.app import create_app, open_window
app = create_app()
w = open_window()  # as `jobdesk` opens it: rules, library and warm-up after the paint
Probe(w)
w.show()
app.exec()
"""
)

#: The whole ``jobdesk`` command (its entry point, the display check, the crash log).
COMMAND = (
    PAINT_PROBE
    + r"""
from jobdesk.gui import app as appmod
open_window = appmod.open_window

def probed():
    w = open_window()
    Probe(w)
    return w

appmod.open_window = probed
from jobdesk.__main__ import main
main([])
"""
)

PASTE = r"""
import statistics, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from jobdesk.gui.app import create_app
from jobdesk.gui.loading import Input
app = create_app()
from jobdesk.gui.window import MainWindow
w = MainWindow(warm_up=sys.argv[2] == "warm")
w.show()
deadline = time.time() + 60
while not w.ready and time.time() < deadline:  # the user reads the empty window
    app.processEvents()
    time.sleep(0.01)


def settle():  # the window idles (the user reads): a paste's facts and effects are done
    until = time.time() + 0.3
    while time.time() < until:
        app.processEvents()
        time.sleep(0.005)


settle()
text = Path(sys.argv[1]).read_text(encoding="utf-8", errors="replace")


def paste(inp):
    done = []
    w.resultChanged.connect(lambda: done.append(1))
    t = time.process_time()
    w.load_inputs([inp])
    while not done:
        app.processEvents()
        time.sleep(0.0005)
    spent = time.process_time() - t
    w.resultChanged.disconnect()
    settle()
    return spent


cpu, other = [], []
names = sys.argv[3].split(",")
for i in range(6):
    name = names[i % len(names)]
    cpu.append(paste(Input(f"paste {i}", text=text + f"\n{i}\n")))
    other.append(paste(Input(f"other {i}", path=Path(name))))
print(f"{cpu[0]:.4f} {statistics.median(cpu[1:]):.4f} {statistics.median(other):.4f}", flush=True)
"""


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install has its .pyc files
    env["JOBDESK_CONFIG_DIR"] = str(tmp / "config")
    env["JOBDESK_DATA_DIR"] = str(tmp / "data")
    env["JOBDESK_LOG_DIR"] = str(tmp / "logs")
    return env


def _python(tree: Path) -> str:
    """The interpreter of a checkout: its own virtual environment's (this one's: ours)."""
    if tree == ROOT:
        return sys.executable
    return str(tree / ".venv" / "bin" / "python")


def _first_paint(script: str, env: dict[str, str], tree: Path = ROOT) -> tuple[float, float]:
    t0 = time.time()
    out = subprocess.run(
        [_python(tree), "-c", script, repr(t0)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
        check=True,
        timeout=120,
    ).stdout.split()
    return float(out[0]), float(out[1])


def _pastes() -> list[Path]:
    corpus = ROOT.parent / "shared" / "corpus"
    found = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    return [p for p in found if ".gold" not in p.name and 3000 < p.stat().st_size < 12_000]


def _posting() -> Path:
    pastes = _pastes()
    if pastes:
        return pastes[0]
    sample = ROOT / "jobdesk" / "assets" / "sample-posting.txt"
    return sample


def _others(posting: Path) -> list[Path]:
    """Six other postings, spread over the corpus (the first posting when there is none)."""
    others = [p for p in _pastes() if p != posting]
    step = max(1, len(others) // 6)
    return others[::step][:6] or [posting]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--against",
        action="append",
        default=[],
        metavar="NAME=TREE",
        help="also time another checkout (with its own .venv), alternating in the same run",
    )
    args = ap.parse_args()
    peers = {name: Path(tree).resolve() for name, tree in (a.split("=", 1) for a in args.against)}
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp))
        _first_paint(JOBDESK, env)  # the rule cache written, the OS's file cache warm
        for tree in peers.values():
            _first_paint(JOBDESK, env, tree)
        bare: list[tuple[float, float]] = []
        mine: list[tuple[float, float]] = []
        command: list[tuple[float, float]] = []
        theirs: dict[str, list[tuple[float, float]]] = {name: [] for name in peers}
        their_command: dict[str, list[tuple[float, float]]] = {name: [] for name in peers}
        for _ in range(args.runs):
            bare.append(_first_paint(BARE, env))
            mine.append(_first_paint(JOBDESK, env))
            for name, tree in peers.items():
                theirs[name].append(_first_paint(JOBDESK, env, tree))
            command.append(_first_paint(COMMAND, env))
            for name, tree in peers.items():
                their_command[name].append(_first_paint(COMMAND, env, tree))
        posting = _posting()
        others = ",".join(str(p) for p in _others(posting))

        def paste(mode: str, tree: Path = ROOT) -> list[str]:
            return subprocess.run(
                [_python(tree), "-c", PASTE, str(posting), mode, others],
                capture_output=True,
                text=True,
                env=env,
                cwd=tree,
                check=True,
                timeout=300,
            ).stdout.split()

        pastes = {mode: paste(mode) for mode in ("cold", "warm")}
        peer_pastes = {name: paste("warm", tree) for name, tree in peers.items()}

    def med(xs: list[tuple[float, float]], i: int) -> float:
        return statistics.median(x[i] for x in xs)

    print(f"first paint, medians of {args.runs} runs (platform {env['QT_QPA_PLATFORM']}):")
    print(f"{'':28} {'wall s':>8} {'CPU s':>8}")
    print(f"{'bare PySide6, two panes':28} {med(bare, 0):8.3f} {med(bare, 1):8.3f}")
    print(f"{'jobdesk window':28} {med(mine, 0):8.3f} {med(mine, 1):8.3f}")
    print(f"{'ratio':28} {med(mine, 0) / med(bare, 0):8.2f} {med(mine, 1) / med(bare, 1):8.2f}")
    for name, runs in theirs.items():
        print(f"{'jobdesk window, ' + name:28} {med(runs, 0):8.3f} {med(runs, 1):8.3f}")
        print(f"{'ratio':28} {med(runs, 0) / med(bare, 0):8.2f} {med(runs, 1) / med(bare, 1):8.2f}")
    print(f"{'the jobdesk command':28} {med(command, 0):8.3f} {med(command, 1):8.3f}")
    for name, runs in their_command.items():
        print(f"{'the jobdesk command, ' + name:28} {med(runs, 0):8.3f} {med(runs, 1):8.3f}")
    print(f"paste of {posting.name} ({posting.stat().st_size:,} bytes), CPU s:")
    for mode, result in pastes.items():
        first, later, other = (float(x) for x in result[:3])
        what = "engine warmed first" if mode == "warm" else "no warm-up"
        print(f"  {what:20} first {first:.4f}, later A (median of 5) {later:.4f}", end="")
        print(f", ratio {first / later:.2f}; other postings (median) {other:.4f}", end="")
        print(f", ratio {first / other:.2f}")
    for name, peer in peer_pastes.items():
        first, later, other = (float(x) for x in peer[:3])
        label = f"{name}, warmed"
        print(f"  {label:20} first {first:.4f}, later A (median of 5) {later:.4f}", end="")
        print(f", ratio {first / later:.2f}; other postings (median) {other:.4f}", end="")
        print(f", ratio {first / other:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

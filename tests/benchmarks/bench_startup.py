"""CPU time of whole processes: jobdesk's start-up and one-shot cleans beside Python's
floor and trafilatura (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_startup [--rounds 7] [--against NAME=TREE …]

Each command runs as its own process, round after round, the commands alternating so a
busy machine slows them alike. The figure is the child's user + system CPU time
(``resource.getrusage(RUSAGE_CHILDREN)``), median over the rounds, and its ratio to
``python -c pass`` and to ``trafilatura < page.html`` on the same page. Byte-code
writing is on (a user's install has its .pyc files), and a first round warms them up (and
fills jobdesk's rule cache, as a user's first run does). ``--against`` adds the same
jobdesk commands from other checkouts (each with its own ``.venv``). Each checkout keeps
its rule cache in a folder of its own (a cache made by other code is replaced, not kept
beside it: two checkouts sharing one folder would rebuild it in turn).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("JOBDESK_CORPUS", ROOT.parent / "shared" / "corpus")) / "cases"


def _pages() -> tuple[Path, Path]:
    """A pasted posting of about 3 KB and a corpus HTML page of middle size."""
    texts = sorted(CORPUS.glob("*.raw.txt"), key=lambda p: abs(p.stat().st_size - 3000))
    pages = sorted(CORPUS.glob("*.raw.html"), key=lambda p: p.stat().st_size)
    return texts[0], pages[len(pages) // 2]


def _cpu(cmd: list[str], stdin: Path | None, env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin or os.devnull, "rb") as feed:
        subprocess.run(cmd, stdin=feed, stdout=subprocess.DEVNULL, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--against", nargs="*", default=[], metavar="NAME=TREE")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    bindir = Path(sys.executable).parent
    jobdesk = str(bindir / "jobdesk")
    trafilatura = shutil.which("trafilatura", path=str(bindir))
    text, page = _pages()
    trees = [("", jobdesk)] + [
        (f"{name}: ", str(Path(tree) / ".venv" / "bin" / "jobdesk"))
        for name, _, tree in (a.partition("=") for a in args.against)
    ]
    caches = tempfile.TemporaryDirectory(prefix="bench-startup-")
    commands: dict[str, tuple[list[str], Path | None, dict[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], None, env)
    }
    for i, (label, exe) in enumerate(trees):
        tree_env = {**env, "JOBDESK_CACHE_DIR": str(Path(caches.name) / str(i))}
        commands[f"{label}jobdesk --version"] = ([exe, "--version"], None, tree_env)
        for path in (text, page):
            name = f"{label}jobdesk clean {path.name} ({path.stat().st_size // 1024} KB)"
            commands[name] = ([exe, "clean", str(path)], None, tree_env)
    if trafilatura:
        commands[f"trafilatura < {page.name}"] = ([trafilatura], page, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    with caches:
        for round_ in range(args.rounds + 1):
            for name, (cmd, stdin, cmd_env) in commands.items():
                cpu = _cpu(cmd, stdin, cmd_env)
                if round_:  # (round 0 writes the byte code and fills the rule cache)
                    times[name].append(cpu)
    floor = statistics.median(times["python -c pass"])
    peer = statistics.median(times[f"trafilatura < {page.name}"]) if trafilatura else None
    print(f"CPU time of whole processes, median of {args.rounds} rounds (ms):")
    for name, got in times.items():
        ms = statistics.median(got)
        line = f"  {name:58s} {ms * 1000:7.0f}   ×{ms / floor:5.1f} python"
        if peer:
            line += f"   ×{ms / peer:4.2f} trafilatura"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

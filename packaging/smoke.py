"""Smoke-test the app built by ``packaging/build.py``, and time its start.

    uv run python packaging/smoke.py [--app dist/jobdesk] [--runs 5] [--no-timing]

Checks (exit status 1 if one fails): ``jobdesk --version``; ``jobdesk clean`` on the
sample posting removes LinkedIn's furniture and repairs its mojibake (the rule packs are
in the bundle) and keeps the pay; the window starts offscreen on the sample, paints and
quits with status 0 (``JOBDESK_QUIT_AFTER_PAINT=1``); no crash log is written.

Then it times the window's start (to the first paint, then quit) and a ``clean`` of the
sample, the packaged app against ``uv run jobdesk`` from this checkout, alternating
runs, and prints medians of the wall time and of the CPU time the run used (its
process and children). Everything runs with temporary data, config and log folders.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "sample-posting.txt"


def default_app() -> Path:
    if sys.platform == "darwin":
        return ROOT / "dist" / "jobdesk.app"
    return ROOT / "dist" / "jobdesk"


def executables(app: Path) -> tuple[Path, Path]:
    """(the window's executable, the CLI's) inside the built app."""
    if sys.platform == "darwin":
        exe = app / "Contents" / "MacOS" / "jobdesk"
        return exe, exe
    if sys.platform == "win32":
        # jobdesk.exe is a windowed program: it has no stdout to say "window ready" on.
        # jobdesk-cli.exe is the same program with a console.
        return app / "jobdesk-cli.exe", app / "jobdesk-cli.exe"
    return app / "jobdesk", app / "jobdesk"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


class Runner:
    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "JOBDESK_DATA_DIR": str(scratch / "data"),
            "JOBDESK_CONFIG_DIR": str(scratch / "config"),
            "JOBDESK_LOG_DIR": str(scratch / "log"),
        }

    def run(
        self, cmd: list[str], **env: str
    ) -> tuple[subprocess.CompletedProcess[str], float, float]:
        """Run ``cmd``; returns the process, its wall time and its CPU time (s)."""
        before = os.times()
        start = time.perf_counter()
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            cwd=self.scratch,
            env={**self.env, **env},
        )
        wall = time.perf_counter() - start
        after = os.times()  # children's CPU time: Unix only (0 on Windows)
        cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        return proc, wall, cpu


def check(app: Path, runner: Runner) -> list[str]:
    """The smoke checks; returns the failures."""
    window_exe, cli_exe = executables(app)
    failures = []
    version = subprocess.run(
        [sys.executable, "-c", "import jobdesk; print(jobdesk.__version__)"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    ).stdout.strip()  # fmt: skip

    proc, _, _ = runner.run([str(cli_exe), "--version"])
    if proc.returncode != 0 or proc.stdout.strip() != f"jobdesk {version}":
        failures.append(f"--version: status {proc.returncode}, {proc.stdout!r} {proc.stderr!r}")
    else:
        print(f"ok   --version: {proc.stdout.strip()}")

    proc, _, _ = runner.run([str(cli_exe), "clean", "--format", "json", str(SAMPLE)])
    try:
        result = json.loads(proc.stdout) if proc.returncode == 0 else None
    except ValueError:
        result = None
    if result is None:
        failures.append(f"clean: status {proc.returncode}: {proc.stdout[:200]!r} {proc.stderr}")
    else:
        cleaned = result["cleaned"]
        kept = ["$142,000/yr - $168,000/yr", "We’re a team of 40 engineers"]
        gone = ["Easy Apply", "Over 100 applicants", "Meet the hiring team", "Weâ€™re"]
        bad = [f"lost {k!r}" for k in kept if k not in cleaned]
        bad += [f"kept {g!r}" for g in gone if g in cleaned]
        if result["site"] != "linkedin" or bad:
            failures.append(f"clean: site {result['site']!r}; {', '.join(bad)}")
        else:
            removed = sum(result["rules"].values())
            print(f"ok   clean: site linkedin, {removed} edits by {len(result['rules'])} rules")

    proc, _, _ = runner.run([str(window_exe), str(SAMPLE)], JOBDESK_QUIT_AFTER_PAINT="1")
    ready = "jobdesk: window ready: sample-posting.txt — jobdesk"
    if proc.returncode != 0 or ready not in proc.stdout:
        failures.append(f"window: status {proc.returncode}: {proc.stdout} {proc.stderr}")
    else:
        print("ok   window: started offscreen, showed the sample, painted, quit with 0")

    logs = list((runner.scratch / "log").glob("*"))
    if logs:
        failures.append(f"crash logs written: {logs}")
    return failures


def timing(app: Path, runner: Runner, runs: int) -> None:
    window_exe, cli_exe = executables(app)
    uv = ["uv", "run", "--project", str(ROOT), "jobdesk"]
    cases = {
        ("window start", "packaged"): ([str(window_exe)], {"JOBDESK_QUIT_AFTER_PAINT": "1"}),
        ("window start", "uv run"): (uv, {"JOBDESK_QUIT_AFTER_PAINT": "1"}),
        ("clean sample", "packaged"): ([str(cli_exe), "clean", str(SAMPLE)], {}),
        ("clean sample", "uv run"): ([*uv, "clean", str(SAMPLE)], {}),
    }
    walls: dict[tuple[str, str], list[float]] = {k: [] for k in cases}
    cpus: dict[tuple[str, str], list[float]] = {k: [] for k in cases}
    for cmd, env in cases.values():  # warm the page cache and uv's environment once
        runner.run(cmd, **env)
    for _ in range(runs):  # alternate, so load on the machine hits both alike
        for key, (cmd, env) in cases.items():
            proc, wall, cpu = runner.run(cmd, **env)
            if proc.returncode != 0:
                raise SystemExit(f"{key}: status {proc.returncode}: {proc.stderr}")
            walls[key].append(wall)
            cpus[key].append(cpu)
    print(f"\nmedians of {runs} alternating runs (wall s / CPU s):")
    print("| what | packaged app | uv run jobdesk | ratio (CPU) |")
    print("|---|---|---|---|")
    for what in ("window start", "clean sample"):
        p, u = (what, "packaged"), (what, "uv run")
        pw, pc = statistics.median(walls[p]), statistics.median(cpus[p])
        uw, uc = statistics.median(walls[u]), statistics.median(cpus[u])
        ratio = f"{pc / uc:.2f}" if uc else "—"
        print(f"| {what} | {pw:.2f} / {pc:.2f} | {uw:.2f} / {uc:.2f} | {ratio} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", type=Path, default=default_app())
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args(argv)
    if not args.app.exists():
        print(f"{args.app}: not built (uv run --group packaging python packaging/build.py)")
        return 1
    with tempfile.TemporaryDirectory(prefix="jobdesk-smoke-") as tmp:
        runner = Runner(Path(tmp))
        failures = check(args.app, runner)
        for f in failures:
            print(f"FAIL {f}")
        print(f"size of {args.app.name}: {folder_size(args.app) / 1e6:.1f} MB")
        if failures:
            return 1
        if not args.no_timing:
            timing(args.app, runner, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

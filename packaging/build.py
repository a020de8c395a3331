"""Build the one-folder jobdesk app with PyInstaller (on the system it runs on).

    uv run --group packaging python packaging/build.py
    uv run python packaging/smoke.py          # then: start it, clean a posting, time it

Writes ``dist/jobdesk/`` (Linux, Windows: ``jobdesk`` / ``jobdesk.exe`` and, on Windows,
``jobdesk-cli.exe`` for the terminal) or ``dist/jobdesk.app`` (macOS). Steps: render the
.ico/.icns into ``build/icons/`` (:mod:`icons`), run PyInstaller on
``packaging/jobdesk.spec``, then on Linux check with ``ldd`` that no library the bundle
kept needs one the spec dropped, and print the folder's size.

PyInstaller comes from the ``packaging`` dependency group (pyproject.toml), so every
system builds with the version pinned in uv.lock.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import icons  # noqa: E402


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def missing_libraries(bundle: Path) -> list[str]:
    """``ldd`` lines "X => not found" for bundled Qt libraries and plugins, where X is a
    Qt library (one the spec may have dropped). System libraries the user's desktop
    provides (libxcb-cursor, GTK …) are not reported."""
    if not shutil.which("ldd"):
        return []
    problems = []
    for lib in sorted(bundle.rglob("*.so*")):
        if not lib.is_file():
            continue
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, check=False)
        for line in out.stdout.splitlines():
            name = line.strip().split(" ", 1)[0]
            if "not found" in line and name.startswith(("libQt6", "libicu", "libpyside")):
                problems.append(f"{lib.relative_to(bundle)}: {line.strip()}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # rendering the icons
    for p in icons.write_platform_icons(ROOT / "build" / "icons"):
        print(f"icon: {p.relative_to(ROOT)}")

    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(HERE / "jobdesk.spec"),
        "--noconfirm",
        "--distpath",
        str(ROOT / "dist"),
        "--workpath",
        str(ROOT / "build" / "pyinstaller"),
        "--log-level",
        "WARN",
    ]
    if args.clean:
        cmd.append("--clean")
    print("$", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=ROOT, check=False)
    if result.returncode != 0:
        return result.returncode

    bundle = ROOT / "dist" / ("jobdesk.app" if sys.platform == "darwin" else "jobdesk")
    if sys.platform.startswith("linux"):
        problems = missing_libraries(bundle)
        if problems:
            print("a kept library needs one the spec dropped:", *problems, sep="\n  ")
            return 1
    size = folder_size(bundle)
    print(f"built {bundle.relative_to(ROOT)}: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

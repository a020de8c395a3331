"""The wheel works once installed: ``uv build`` it, install it into a fresh virtual
environment (uv's cache makes that quick), and run the installed ``jobdesk`` — its
version, a clean that needs the rule packs, the window offscreen, and every file of
``jobdesk/rules`` and ``resources/`` found inside the installed package. A package-data
file missing from the wheel fails here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobdesk import __version__

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-posting.txt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed"),
]

CHECK_INSIDE = """
import json, sys
from importlib import resources
from pathlib import Path
import jobdesk
from jobdesk.assets import resource_path
from jobdesk.gui.resources import app_icon_paths, sample_posting
pkg = Path(jobdesk.__file__).parent
rules = sorted(p.name for p in (resources.files("jobdesk") / "rules").iterdir())
shipped = sorted(
    str(p.relative_to(pkg / "resources")) for p in (pkg / "resources").rglob("*") if p.is_file()
)
print(json.dumps({
    "package": str(pkg), "rules": rules, "resources": shipped,
    "sample": str(sample_posting()), "icons": [str(p) for p in app_icon_paths()],
    "desktop": str(resource_path("io.github.jobdesk.jobdesk.desktop")),
}))
"""


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this tree installed."""
    base = tmp_path_factory.mktemp("wheel")
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")
    }
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(base / "dist"), str(ROOT)],
        check=True, capture_output=True, env=env, timeout=600,
    )  # fmt: skip
    (wheel,) = (base / "dist").glob("jobdesk-*.whl")
    venv = base / "venv"
    subprocess.run(
        ["uv", "venv", "--quiet", "--python", sys.executable, str(venv)],
        check=True, capture_output=True, env=env, timeout=600,
    )  # fmt: skip
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        ["uv", "pip", "install", "--quiet", "--python", str(python), str(wheel)],
        check=True, capture_output=True, env=env, timeout=600,
    )  # fmt: skip
    return venv


def run(venv: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    exe = args[0] if Path(args[0]).is_absolute() else str(bindir / args[0])
    return subprocess.run(
        [exe, *args[1:]],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        # Run from a folder without a source tree, so only the installed package is seen.
        cwd=venv,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def test_installed_version(venv: Path) -> None:
    proc = run(venv, "jobdesk", "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"jobdesk {__version__}"


def test_installed_clean_uses_the_shipped_rule_packs(venv: Path) -> None:
    proc = run(venv, "jobdesk", "clean", "--format", "json", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["site"] == "linkedin"
    cleaned = result["cleaned"]
    for noise in ("Easy Apply", "Over 100 applicants", "Meet the hiring team", "Weâ€™re"):
        assert noise not in cleaned
    for content in ("$142,000/yr - $168,000/yr", "We’re a team of 40 engineers"):
        assert content in cleaned
    assert any(rule.startswith("linkedin.") for rule in result["rules"])


def test_installed_package_carries_every_rule_pack_and_resource(venv: Path) -> None:
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    proc = run(venv, str(python), "-c", CHECK_INSIDE)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    package = found["package"]
    assert package.startswith(str(venv)), package  # not the source tree
    assert found["rules"] == sorted(p.name for p in (ROOT / "jobdesk" / "rules").glob("*.toml"))
    assert found["resources"] == sorted(
        str(p.relative_to(ROOT / "resources"))
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
    )
    for path in (found["sample"], found["desktop"], *found["icons"]):
        assert path.startswith(package), path
    assert len(found["icons"]) == 9


def test_installed_window_starts_offscreen(venv: Path, tmp_path: Path) -> None:
    proc = run(
        venv,
        "jobdesk",
        str(SAMPLE),
        JOBDESK_QUIT_AFTER_PAINT="1",
        JOBDESK_DATA_DIR=str(tmp_path / "data"),
        JOBDESK_CONFIG_DIR=str(tmp_path / "config"),
        JOBDESK_LOG_DIR=str(tmp_path / "log"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "jobdesk: window ready: sample-posting.txt — jobdesk" in proc.stdout
    assert (tmp_path / "data" / "library.sqlite3").is_file()  # the empty library opened
    assert "Traceback" not in proc.stderr, proc.stderr
    assert not list((tmp_path / "log").glob("*"))  # no crash, no leftover


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bin/ layout of Linux")
def test_the_packaged_app_smoke_checks_pass_on_the_installed_wheel(
    venv: Path, tmp_path: Path
) -> None:
    """packaging/smoke.py's checks, run on the wheel's bin/ folder (the same layout as
    the one-folder app: an executable named jobdesk), so they are known to work."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("jobdesk_smoke", ROOT / "packaging" / "smoke.py")
    assert spec is not None and spec.loader is not None
    smoke = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(smoke)
    assert smoke.check(venv / "bin", smoke.Runner(tmp_path)) == []
    # … and they fail on an app that cannot clean.
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "jobdesk").symlink_to("/bin/true")
    assert len(smoke.check(broken, smoke.Runner(tmp_path))) == 3

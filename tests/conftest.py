from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The parsed rule packs are cached (core/rulecache.py) in a folder of this test run, not
# the user's: every test shares it, as every process of a user does.
_CACHE = tempfile.mkdtemp(prefix="jobdesk-test-cache-")
os.environ["JOBDESK_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cases"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never touch the real config or data dirs."""
    base = tmp_path_factory.mktemp("jobdesk-home")
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("JOBDESK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("JOBDESK_LOG_DIR", str(base / "log"))


@pytest.fixture(autouse=True)
def _release_clipboard() -> Iterator[None]:
    """Leave the clipboard empty after a test that used Qt: mime data still owned by the
    clipboard when the interpreter exits crashes PySide6's teardown (exit code 139)."""
    yield
    qtgui = sys.modules.get("PySide6.QtGui")
    if qtgui is not None and qtgui.QGuiApplication.instance() is not None:
        qtgui.QGuiApplication.clipboard().clear()

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cases"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never touch the real config or data dirs."""
    base = tmp_path_factory.mktemp("jobdesk-home")
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("JOBDESK_DATA_DIR", str(base / "data"))

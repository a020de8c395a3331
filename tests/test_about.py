"""jobdesk/about.py: the About text names the version, every folder and the no-network
promise, following the environment overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobdesk import __version__
from jobdesk.about import NO_NETWORK, about_text


def test_about_names_version_folders_and_no_network(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JOBDESK_DATA_DIR", str(tmp_path / "data <b>x</b>"))
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JOBDESK_LOG_DIR", str(tmp_path / "log"))
    text = about_text()
    assert text.startswith(f"jobdesk {__version__}\n")
    assert NO_NETWORK in text and "stays on this machine" in text
    assert f"Library: {tmp_path / 'data <b>x</b>' / 'library.sqlite3'}" in text
    assert f"Your rule packs: {tmp_path / 'config' / 'rules'}" in text
    assert f"Crash logs: {tmp_path / 'log'}" in text
    assert f"Back up {tmp_path / 'data <b>x</b>'}" in text

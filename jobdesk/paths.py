"""Where jobdesk keeps things (platformdirs), with environment overrides.

A leaf module: it imports nothing of jobdesk, so every layer (core, storage, cli, gui)
may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "jobdesk"


def config_dir() -> Path:
    """User config dir (user rule packs live in ``rules/`` below it).

    ``JOBDESK_CONFIG_DIR`` overrides the platform default.
    """
    override = os.environ.get("JOBDESK_CONFIG_DIR")
    return Path(override) if override else platformdirs.user_config_path(APP)


def user_rules_dir() -> Path:
    """The user's own rule packs: ``rules/`` in :func:`config_dir`."""
    return config_dir() / "rules"


def data_dir() -> Path:
    """User data dir (the library database). ``JOBDESK_DATA_DIR`` overrides it."""
    override = os.environ.get("JOBDESK_DATA_DIR")
    return Path(override) if override else platformdirs.user_data_path(APP)


def cache_dir() -> Path:
    """User cache dir (the compiled rule set: core/rulecache.py); anything in it can be
    deleted at any time. ``JOBDESK_CACHE_DIR`` overrides it."""
    override = os.environ.get("JOBDESK_CACHE_DIR")
    return Path(override) if override else platformdirs.user_cache_path(APP)


LIBRARY_FILE = "library.sqlite3"


def library_path(data: Path | str | None = None) -> Path:
    """The library database: ``library.sqlite3`` in ``data`` (default :func:`data_dir`)."""
    return Path(data if data is not None else data_dir()) / LIBRARY_FILE


def log_dir() -> Path:
    """Crash logs (:mod:`jobdesk.crashlog`). ``JOBDESK_LOG_DIR`` overrides the platform
    default (on Linux ``~/.local/state/jobdesk/log``)."""
    override = os.environ.get("JOBDESK_LOG_DIR")
    return Path(override) if override else platformdirs.user_log_path(APP)

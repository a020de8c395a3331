"""What Help ▸ About says (no Qt here: the window shows it as plain text).

The version, where the library, the rule packs and the crash logs live, and that
jobdesk opens no network connection (``tests/test_no_network.py`` holds it to that).
"""

from __future__ import annotations

from jobdesk import __version__
from jobdesk.paths import config_dir, data_dir, library_path, log_dir

NO_NETWORK = "No network: jobdesk opens no connection, and your data stays on this machine."


def about_text() -> str:
    """Plain text for the About box (paths are shown as they are, never as markup)."""
    return "\n".join(
        [
            f"jobdesk {__version__}",
            "Paste a job posting, get the clean posting: every removal explained and switchable.",
            "",
            NO_NETWORK,
            "",
            f"Library: {library_path()}",
            f"Your rule packs: {config_dir() / 'rules'}",
            f"Crash logs: {log_dir()}",
            "",
            f"Back up {data_dir()} (or use `jobdesk library backup DIR`) and your rule packs.",
        ]
    )

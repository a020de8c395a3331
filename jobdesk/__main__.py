"""Entry point: ``jobdesk COMMAND …`` runs the CLI; ``jobdesk [FILE…]`` opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

COMMANDS = {"clean", "rules", "library"}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # (at once: no rules, no Qt, no argparse)
        from jobdesk import __version__

        print(f"jobdesk {__version__}")
        return 0
    if args and args[0] in ("--install-desktop", "--uninstall-desktop"):
        from jobdesk.desktop import main as desktop_main

        return desktop_main(args)
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        from jobdesk.cli import run

        return run(args)
    from jobdesk.gui.app import run_gui

    return int(run_gui(args))


if __name__ == "__main__":
    sys.exit(main())

"""Exit statuses and the one-line error every ``jobdesk`` command reports."""

from __future__ import annotations

import sys

EXIT_INPUT = 1  # a file could not be read or cleaned
EXIT_USAGE = 2  # bad arguments (argparse uses 2 as well)


class CliError(Exception):
    """A problem a command reports as one line on stderr, exiting with ``code``."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


def err(message: str) -> None:
    """One line on stderr, prefixed ``jobdesk:``."""
    print(f"jobdesk: {message}", file=sys.stderr)

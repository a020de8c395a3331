"""The ``jobdesk`` command line: the parser and :func:`run` (the window without a command).

Errors (a missing file, a binary file, a bad rule pack) are one clear line on stderr and
a non-zero exit status; never a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from jobdesk import __version__
from jobdesk.cli import clean, library
from jobdesk.cli.errors import EXIT_USAGE, CliError, err


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobdesk",
        description="Clean copied job postings. Without a command, opens the window "
        "(with any FILEs given).",
    )
    parser.add_argument("--version", action="version", version=f"jobdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    clean.register(sub)
    library.register(sub)
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except CliError as exc:
        err(str(exc))
        return exc.code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130

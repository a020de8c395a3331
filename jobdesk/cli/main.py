"""The ``jobdesk`` command line: the parser and :func:`run` (the window without a command).

Errors (a missing file, a binary file, a bad rule pack) are one clear line on stderr and
a non-zero exit status; never a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from jobdesk import __version__
from jobdesk.cli import clean
from jobdesk.cli import rules as rules_cli
from jobdesk.cli.errors import EXIT_USAGE, CliError, err


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``command`` (the first word of the arguments,
    ``clean`` or ``rules``), only of ``clean`` and ``rules``: arguments starting with
    either go to its own sub-parser alone, so they parse (and fail, and print their
    help) as with every command, and ``jobdesk clean`` does not import the library's
    modules (storage, sqlite3)."""
    parser = argparse.ArgumentParser(
        prog="jobdesk",
        description="Clean copied job postings. Without a command, opens the window "
        "(with any FILEs given).",
    )
    parser.add_argument("--version", action="version", version=f"jobdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    clean.register(sub)
    if command not in ("clean", "rules"):
        from jobdesk.cli import library

        library.register(sub)
    sub.choices["rules"].epilog = rules_cli.EPILOG  # `rules test` / `rules diff`
    return parser


def run(argv: Sequence[str]) -> int:
    argv = list(argv)
    if rules_cli.is_subcommand(argv):  # `rules test …`, `rules diff …` (cli/rules.py)
        parser, argv = rules_cli.build_parser(), argv[1:]
    else:
        parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
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

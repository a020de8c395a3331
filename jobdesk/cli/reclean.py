"""``jobdesk library reclean``: every saved posting (or those named) cleaned again with
today's rules, as a batch (:func:`jobdesk.batch.reclean_postings`).

Hand-edited postings are kept as they are unless ``--include-hand-edited`` is given; the
user's own fact edits are kept either way. ``--dry-run`` (with ``--diff``) is the review:
it says what would change and writes nothing.
"""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from jobdesk.cli.errors import EXIT_INPUT, EXIT_USAGE
from jobdesk.cli.errors import err as _warn

#: Below this many postings a re-clean runs in this process (a pool costs more to start).
POOL_FROM = 200


@dataclass(frozen=True)
class LibraryCli:
    """What ``jobdesk library``'s module lends its commands (given at registration, so
    this module does not import it back): open the library for a command, read an id,
    print, and make the error a command reports."""

    open: Callable[..., AbstractContextManager[Any]]
    posting_id: Callable[[str], int]
    out: Callable[[str], None]
    fail: Callable[..., Exception]


def cmd_reclean(args: argparse.Namespace) -> int:
    from jobdesk import batch

    cli: LibraryCli = args.library_cli
    _open, _id, _out, _fail = cli.open, cli.posting_id, cli.out, cli.fail
    from jobdesk.cli.rules import user_exemptions

    options = batch.BatchOptions(
        enable=tuple(args.enable),
        disable=tuple(args.disable),
        exemptions=tuple(user_exemptions()),  # as `jobdesk clean` and the window apply them
    )
    try:
        batch.prepare(options)
    except batch.BatchError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    with _open(args, write=not args.dry_run) as lib:
        if args.ids:
            ids = [_id(v) for v in args.ids]
            for pid in ids:
                lib.require(pid)
        else:
            ids = lib.ids(sort="id", descending=False)
        hand = {r.id for r in lib.rows(ids) if r.hand_edited}
        kept = [i for i in ids if i in hand] if not args.include_hand_edited else []
        todo = [i for i in ids if i not in set(kept)]
        jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
        if args.jobs is None and len(todo) < POOL_FROM:
            jobs = 1
        changed = updated = same = 0
        failed: list[tuple[int, str]] = []
        verb = "would re-clean" if args.dry_run else "re-cleaned"
        for r in batch.reclean_postings(lib.iter_postings(todo), options, jobs=max(1, jobs)):
            p = r.posting
            if r.error is not None:
                failed.append((p.id, r.error))
                continue
            new = r.changes()
            if new is None:
                same += 1
                continue
            assert r.reclean is not None
            if r.text_changed or p.hand_edited:
                changed += 1
                old_lines = p.cleaned.splitlines()
                new_lines = r.reclean.cleaned.splitlines()
                minus, plus = _counts(old_lines, new_lines)
                hand_note = " (hand edit replaced)" if p.hand_edited else ""
                _out(f"#{p.id}  {verb}: -{minus} +{plus} lines{hand_note}  {p.display_title}\n")
                if args.diff:
                    _out(_diff(p.id, old_lines, new_lines))
            else:
                updated += 1
            if not args.dry_run:
                lib.update(p.id, **new)
        parts = [
            f"{changed} {'would change' if args.dry_run else 'changed'}",
            f"{updated} with new facts or rule list only",
            f"{same} unchanged",
        ]
        if kept:
            parts.append(f"{len(kept)} hand-edited kept (--include-hand-edited to re-clean them)")
        if failed:
            parts.append(f"{len(failed)} failed")
        _warn(", ".join(parts) + (" (dry run: nothing written)" if args.dry_run else ""))
        for pid, reason in failed:
            _warn(f"failed: #{pid}: {reason}")
    return EXIT_INPUT if failed else 0


def _counts(old: list[str], new: list[str]) -> tuple[int, int]:
    minus = plus = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag in ("replace", "delete"):
            minus += i2 - i1
        if tag in ("replace", "insert"):
            plus += j2 - j1
    return minus, plus


def _diff(pid: int, old: list[str], new: list[str]) -> str:
    lines = difflib.unified_diff(old, new, f"#{pid} saved", f"#{pid} today's rules", lineterm="")
    return "".join(line + "\n" for line in lines)


def register(add: Callable[..., Any], cli: LibraryCli) -> None:
    """Add ``reclean`` through the library's ``add(name, help, func)``."""
    p = add(
        "reclean",
        "clean saved postings again with today's rules (hand-edited ones are kept)",
        cmd_reclean,
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="only these postings (default: all)")
    p.add_argument(
        "--include-hand-edited",
        action="store_true",
        help="also re-clean postings whose cleaned text you edited (the edit is replaced)",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    p.add_argument("--diff", action="store_true", help="show each change as a unified diff")
    p.add_argument("--enable", action="append", default=[], metavar="RULE")
    p.add_argument("--disable", action="append", default=[], metavar="RULE")
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: every core)")
    p.set_defaults(library_cli=cli)

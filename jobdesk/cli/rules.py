"""``jobdesk rules test`` and ``jobdesk rules diff`` (beside ``jobdesk rules [FILE]``,
which lists the rules: :mod:`jobdesk.cli.clean`).

* ``rules test PACK.toml …`` loads each pack with the shipped ones and runs its rules'
  examples: one line per failure (or per rule that did not load), exit status 1 if any.
* ``rules diff [--enable/--disable RULE …] [--preset NAME]`` re-cleans the library's
  postings with today's rules and those choices and says which would change and how:
  each rule's edits before and after, and a short diff of the cleaned text. It never
  writes: the library is opened read-only (a missing one is not created). The user's
  exceptions (core/exemptions.py) apply.
* ``rules exceptions [--remove ID …]`` lists the user's exceptions, or removes some.

:func:`is_subcommand` tells :func:`jobdesk.cli.main.run` when ``rules`` is followed by
one of these (``jobdesk rules FILE`` keeps listing the rules with FILE's hits; a file
named ``test`` or ``diff`` is ``./test``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobdesk.cli.errors import EXIT_INPUT, EXIT_USAGE, CliError, err
from jobdesk.paths import LIBRARY_FILE, library_path

if TYPE_CHECKING:
    from jobdesk.core.exemptions import Exemptions
    from jobdesk.core.rules import RuleSet

# (The core is imported by the commands themselves: `jobdesk clean` imports this module
# and should not pay for them.)

COMMANDS = ("test", "diff", "exceptions")


def is_subcommand(argv: Sequence[str]) -> bool:
    return len(argv) >= 2 and argv[0] == "rules" and argv[1] in COMMANDS


# -- rules test -------------------------------------------------------------------------


def cmd_test(args: argparse.Namespace) -> int:
    from jobdesk.core.engine import Cleaner
    from jobdesk.core.propose import example_failures
    from jobdesk.core.rules import load_rules

    paths = [Path(p) for p in args.packs]
    for p in paths:
        if not p.exists():
            raise CliError(f"rule pack {p}: no such file", EXIT_USAGE)
    # A shipped pack is tested as it loads (given again, it would be a second copy).
    shipped_dir = Path(__file__).resolve().parents[1] / "rules"
    names = {
        f"jobdesk/rules/{p.name}" if p.resolve().parent == shipped_dir else str(p) for p in paths
    }
    extra = [p for p in paths if p.resolve().parent != shipped_dir]
    rules = load_rules(user_dir=False, extra=extra)
    failures = [str(e) for e in rules.errors if e.path in names]
    cleaner = Cleaner(rules)
    checked = 0
    for pack in rules.packs:
        if pack.path in names:
            failures.extend(example_failures(pack, cleaner))
            checked += sum(len(r.examples_remove) + len(r.examples_keep) for r in pack.rules)
    for line in failures:
        print(line)
    if failures:
        err(f"{len(failures)} failure(s); {checked} example(s) run")
        return EXIT_INPUT
    print(f"ok: {checked} example(s) of {len(paths)} pack(s) pass")
    return 0


# -- rules diff -------------------------------------------------------------------------


def _choices(rules: RuleSet, args: argparse.Namespace) -> dict[str, bool]:
    """The preset, then --enable/--disable glob patterns (later flags win)."""
    from jobdesk.core.presets import PRESETS
    from jobdesk.core.rules import rule_choices

    out = PRESETS[args.preset].overrides(rules.rules) if args.preset else {}
    flags: list[tuple[int, bool, str]] = [
        *((i, True, p) for i, p in args.enable),
        *((i, False, p) for i, p in args.disable),
    ]
    try:
        out.update(rule_choices(rules, [(on, p) for _i, on, p in sorted(flags)]))
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    return out


def _short_diff(old: str, new: str, lines: int, width: int = 100) -> list[str]:
    out = []
    import difflib

    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm=""):
        if line.startswith(("---", "+++", "@@")):
            continue
        out.append(line if len(line) <= width else line[: width - 1] + "…")
    if len(out) > lines:
        out = [*out[:lines], f"… {len(out) - lines} more changed line(s)"]
    return out


def _open_read_only(args: argparse.Namespace) -> Any:
    from jobdesk.storage.db import open_read_only
    from jobdesk.storage.library import Library

    path = library_path(Path(args.data_dir).expanduser() if args.data_dir else None)
    if not path.is_file():
        raise CliError(f"no library at {path} (nothing to compare)")
    try:
        return Library(open_read_only(path), path, "opened read-only")
    except Exception as exc:
        raise CliError(f"{path}: cannot read the library: {exc}") from None


def cmd_diff(args: argparse.Namespace) -> int:
    from jobdesk.core.engine import Cleaner
    from jobdesk.core.rules import load_rules
    from jobdesk.session import document_of, resolve

    extra = [Path(p) for p in args.pack or []]
    for p in extra:
        if not p.exists():
            raise CliError(f"rule pack {p}: no such file", EXIT_USAGE)
    rules = load_rules(extra=extra)
    for error in rules.errors:
        err(f"warning: {error}")
    choices = _choices(rules, args)
    exemptions = user_exemptions()
    cleaner = Cleaner(rules)
    lib = _open_read_only(args)
    report: list[dict[str, Any]] = []
    total = 0
    per_rule: Counter[str] = Counter()
    try:
        for posting in lib.iter_postings(lib.ids(args.query or "", sort="id", descending=False)):
            total += 1
            m = cleaner.match(document_of(posting), site=posting.site or None)
            new = resolve(m, choices, exemptions)[0]
            if new.cleaned == posting.cleaned:
                continue
            saved = set(posting.rules)
            old = resolve(m, {rid: rid in saved for rid in m.rules} if saved else None, exemptions)[
                0
            ]
            before, after = Counter(old.rule_counts()), Counter(new.rule_counts())
            rules_changed = {
                rid: [before[rid], after[rid]]
                for rid in sorted(set(before) | set(after))
                if before[rid] != after[rid]
            }
            per_rule.update(rules_changed.keys())
            report.append(
                {
                    "id": posting.id,
                    "title": posting.display_title,
                    "site": posting.site,
                    "hand_edited": posting.hand_edited,
                    "rules": rules_changed,
                    "removed_chars": [
                        len(posting.source) - len(posting.cleaned),
                        len(posting.source) - len(new.cleaned),
                    ],
                    "diff": _short_diff(posting.cleaned, new.cleaned, args.lines),
                }
            )
    finally:
        lib.close()
    if args.format == "json":
        json.dump(
            {"postings": total, "changed": report, "rules": dict(per_rule.most_common())},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    for row in report:
        flag = (
            "  (hand-edited: never overwritten without your choice)" if row["hand_edited"] else ""
        )
        print(f"#{row['id']}  {' '.join(str(row['title']).split())[:70]}{flag}")
        for rid, (b, a) in row["rules"].items():
            print(f"    {rid}: {b} → {a} edit(s)")
        for line in row["diff"]:
            print(f"    {line}")
    hand = sum(1 for row in report if row["hand_edited"])
    print(
        f"{len(report)} of {total} posting(s) would change"
        + (f" ({hand} hand-edited)" if hand else "")
        + "; nothing was written"
    )
    if per_rule:
        print("postings changed per rule: "
              + ", ".join(f"{rid} {n}" for rid, n in per_rule.most_common()))  # fmt: skip
    return 0


# -- rules exceptions -------------------------------------------------------------------


def user_exemptions() -> Exemptions:
    """The user's exceptions (none, with a warning, when the file is damaged): the
    window reads them the same way (:func:`jobdesk.session.user_exemptions`)."""
    from jobdesk.session import user_exemptions as load

    return load(lambda message: err(f"warning: {message}"))


def cmd_exceptions(args: argparse.Namespace) -> int:
    from jobdesk.core.exemptions import ExemptionError, Exemptions

    try:
        ex = Exemptions.load()
        for eid in args.remove:
            gone = ex.remove(eid)
            print(f"removed {gone.describe()}")
        if args.remove:
            ex.save()
    except ExemptionError as exc:
        raise CliError(str(exc)) from None
    if args.remove:
        return 0
    if args.format == "json":
        json.dump([e.__dict__ for e in ex], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for e in ex:
        print(e.describe())
    if not len(ex):
        print("no exceptions (make them from a removal in the window)")
    return 0


# -- the parser -------------------------------------------------------------------------


class _Ordered(argparse.Action):
    """Collect (position, value) so --enable and --disable apply in the order given."""

    count = 0

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        _Ordered.count += 1
        getattr(namespace, self.dest).append((_Ordered.count, values))


def build_parser() -> argparse.ArgumentParser:
    from jobdesk.core.presets import PRESETS

    parser = argparse.ArgumentParser(prog="jobdesk rules", description="Test and review rules.")
    sub = parser.add_subparsers(dest="rules_command", metavar="COMMAND", required=True)
    p = sub.add_parser("test", help="run the examples of rule packs (exit 1 on a failure)")
    p.add_argument("packs", nargs="+", metavar="PACK", help="a rule pack (.toml)")
    p.set_defaults(func=cmd_test)
    p = sub.add_parser(
        "diff",
        help="which library postings today's rules (and these choices) would change; never writes",
    )
    for flag, help_ in (("--enable", "switch a rule on"), ("--disable", "switch a rule off")):
        p.add_argument(
            flag,
            action=_Ordered,
            default=[],
            metavar="RULE",
            help=f"{help_} (glob patterns allowed; repeatable)",
        )
    p.add_argument("--preset", choices=sorted(PRESETS), help="start from a preset's choices")
    p.add_argument("--query", help="only the postings this library search finds")
    p.add_argument("--lines", type=int, default=6, help="diff lines shown per posting")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--pack", action="append", metavar="TOML", help="also load this rule pack")
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"the library in DIR ({LIBRARY_FILE}) instead of the default",
    )
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("exceptions", help="list your keep and rule-off exceptions (or remove some)")
    p.add_argument("--remove", action="append", default=[], metavar="ID", help="remove one")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_exceptions)
    return parser


EPILOG = (
    "Also: `jobdesk rules test PACK.toml` runs a pack's examples; `jobdesk rules diff "
    "[--enable/--disable RULE]` says which library postings would change; `jobdesk rules "
    "exceptions [--remove ID]` lists your exceptions."
)

"""``jobdesk clean`` and ``jobdesk rules``: clean files, list the rules."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from jobdesk.cli.errors import EXIT_INPUT, EXIT_USAGE, CliError, err
from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.ingest import Document, IngestError, ingest_path, ingest_stream
from jobdesk.core.markdown import to_markdown
from jobdesk.core.result import CleanResult
from jobdesk.core.rules import RuleSet, load_rules, rule_choices
from jobdesk.paths import config_dir

if TYPE_CHECKING:
    from jobdesk.core.exemptions import Exemptions

# The file of the user's exceptions in the config folder (exemptions.FILE_NAME; not
# imported from there: a clean without exceptions does not import that module).
EXCEPTIONS_FILE = "exceptions.json"


def _load_rules(args: argparse.Namespace) -> RuleSet:
    extra = [Path(p) for p in getattr(args, "pack", None) or []]
    for p in extra:
        if not p.exists():  # (a FIFO or folder exists: the loader says what it is)
            raise CliError(f"rule pack {p}: no such file", EXIT_USAGE)
    rules = load_rules(extra=extra)
    for error in rules.errors:
        err(f"warning: {error}")
    if any(str(e.path) in {str(p) for p in extra} for e in rules.errors):
        raise CliError("a rule pack given with --pack has errors (see above)", EXIT_USAGE)
    return rules


def _overrides(rules: RuleSet, enable: Sequence[str], disable: Sequence[str]) -> dict[str, bool]:
    """--enable/--disable glob patterns → {rule_id: on}; --disable wins."""
    try:
        return rule_choices(rules, [*((True, p) for p in enable), *((False, p) for p in disable)])
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


def _read(path: str, url: str | None) -> Document:
    if path == "-":
        return ingest_stream(sys.stdin.buffer, url=url)
    return ingest_path(path, url=url)


def _facts(result: CleanResult) -> dict[str, object]:
    # (imported here: only --format json needs facts, and their module takes a while)
    from jobdesk.core.facts import extract_facts

    return extract_facts(result).to_json()


def result_json(result: CleanResult) -> dict[str, object]:
    return {
        "source": result.source,
        "cleaned": result.cleaned,
        "site": result.site,
        "edits": [
            {"start": e.start, "end": e.end, "rule": e.rule, "replacement": e.replacement}
            for e in result.edits
        ],
        "rules": dict(sorted(Counter(e.rule for e in result.edits).items())),
        "fields": _facts(result),
    }


def _explain(result: CleanResult, label: str, out: TextIO) -> None:
    for e in result.edits:
        snippet = result.source[e.start : e.end].strip().replace("\n", " ⏎ ")
        if len(snippet) > 70:
            snippet = snippet[:67] + "…"
        action = f"→ {e.replacement!r}" if e.replacement else "removed"
        print(f"{label}{e.start}-{e.end} {e.rule}: {action}: {snippet!r}", file=out)


def _batch_input(args: argparse.Namespace) -> Path | None:
    """The folder, JSONL, CSV or Parquet file of a batch run, or None for today's file
    cleaning."""
    batch_flags = args.out or args.resume or args.jobs is not None
    if len(args.paths) == 1 and args.paths[0] != "-":
        path = Path(args.paths[0])
        # (as jobdesk.batch.input_kind, without importing it for a single file)
        if path.is_dir() or path.suffix.lower() in (".jsonl", ".csv", ".parquet"):
            return path
        if batch_flags:
            raise CliError(
                f"{path}: --out, --jobs and --resume take a folder, a .jsonl, a .csv or a "
                ".parquet file",
                EXIT_USAGE,
            )
    elif batch_flags:
        raise CliError(
            "--out, --jobs and --resume take one folder, .jsonl, .csv or .parquet", EXIT_USAGE
        )
    return None


def cmd_batch(args: argparse.Namespace, path: Path) -> int:
    """``jobdesk clean FOLDER|FILE.jsonl|FILE.csv|FILE.parquet``: see :mod:`jobdesk.batch`."""
    from jobdesk import batch

    given = [f for f, on in (("--format", args.format != "text"), ("--explain", args.explain),
                             ("--url", args.url)) if on]  # fmt: skip
    if given:
        raise CliError(f"{', '.join(given)}: for single files, not a batch", EXIT_USAGE)
    rules = _load_rules(args)
    from jobdesk.cli.rules import user_exemptions

    options = batch.BatchOptions(
        site=args.site,
        enable=tuple(args.enable),
        disable=tuple(args.disable),
        packs=tuple(args.pack or ()),
        facts=not args.no_facts,
        exemptions=tuple(user_exemptions()),  # as the single-file clean applies them
    )
    try:
        batch.prepare(options, rules)
    except batch.BatchError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    out = Path(args.out) if args.out else None
    if args.resume and out is None:
        raise CliError("--resume needs --out (the output to resume)", EXIT_USAGE)
    if out is not None and out.resolve() == path.resolve():
        raise CliError(f"--out {out} is the input", EXIT_USAGE)
    sink: batch.JsonlSink | batch.TreeSink | batch.ParquetSink
    try:
        if out is None:
            sink = batch.JsonlSink(Path("-"), stream=sys.stdout)
        elif out.suffix.lower() == ".parquet" and not out.is_dir():
            sink = _parquet_sink(args, path, out)
        elif out.suffix.lower() == ".jsonl" and not out.is_dir():
            if out.exists() and not args.resume and not args.force:
                raise CliError(f"{out} exists (add --resume to go on, --force to replace it)")
            sink = batch.JsonlSink(out, resume=args.resume)
        else:
            if out.exists() and any(out.iterdir()) and not args.resume and not args.force:
                raise CliError(
                    f"{out} is not empty (add --resume to go on, --force to write into it)"
                )
            sink = batch.TreeSink(out, resume=args.resume)
    except OSError as exc:
        raise CliError(f"{out}: cannot write ({exc.strerror or exc})") from None
    records = batch.read_records(path, field=args.field, column=args.column)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    progress = batch.stderr_progress if sys.stderr.isatty() else None
    try:
        summary = batch.run(
            records, sink, options, jobs=max(1, jobs), resume=args.resume, progress=progress
        )
    except batch.BatchError as exc:
        raise CliError(str(exc)) from None
    if progress is not None:
        sys.stderr.write("\n")
    for line in summary.lines():
        err(line)
    return EXIT_INPUT if summary.failures else 0


def _parquet_sink(args: argparse.Namespace, path: Path, out: Path) -> Any:
    """``--out FILE.parquet``: the fields of a JSONL record as columns (a Parquet input's
    other columns with their types)."""
    from jobdesk import batch

    if args.resume:
        raise CliError("--resume: a Parquet output cannot be resumed (write .jsonl)", EXIT_USAGE)
    if out.exists() and not args.force:
        raise CliError(f"{out} exists (add --force to replace it)")
    try:
        carried = batch.parquet_schema(path) if batch.input_kind(path) == "parquet" else None
        if carried is not None:
            carried = carried.remove(carried.get_field_index(args.column))
        return batch.ParquetSink(out, carried=carried)
    except batch.BatchError as exc:
        raise CliError(str(exc)) from None


def _user_exemptions() -> Exemptions | None:
    """The user's exceptions; None when they have none because their file does not
    exist (then neither the exceptions' module nor the session's is imported)."""
    if not os.path.exists(config_dir() / EXCEPTIONS_FILE):
        return None
    from jobdesk.cli.rules import user_exemptions

    return user_exemptions()


def cmd_clean(args: argparse.Namespace) -> int:
    path = _batch_input(args)
    if path is not None:
        return cmd_batch(args, path)
    rules = _load_rules(args)
    overrides = _overrides(rules, args.enable, args.disable)
    cleaner = Cleaner(rules, one_off=len(args.paths) == 1)
    exemptions = _user_exemptions()  # the user's "keep this" and "rule off" exceptions
    if args.site and args.site != NO_SITE and rules.pack(args.site) is None:
        raise CliError(f"unknown site {args.site!r}", EXIT_USAGE)
    status = 0
    many = len(args.paths) > 1
    payload: list[dict[str, object]] = []
    for i, path in enumerate(args.paths):
        try:
            doc = _read(path, args.url)
        except IngestError as exc:
            err(str(exc))
            status = EXIT_INPUT
            continue
        if not doc.source.strip():
            # (an empty file, blanks only, or a page that shows nothing: no output would
            # look like a posting cleaned away to nothing)
            err(f"{'stdin' if path == '-' else path}: holds no text; nothing to clean")
            status = EXIT_INPUT
            continue
        matched = cleaner.match(doc, site=args.site)
        if exemptions is None:
            result = matched.resolve(overrides)
        else:
            from jobdesk.session import resolve

            result, _applied = resolve(matched, overrides, exemptions)
        for warning in result.warnings:  # a user rule skipped: it ran out of time
            err(f"warning: {path}: {warning}" if many else f"warning: {warning}")
        if args.explain:
            _explain(result, f"{path}: " if many else "", sys.stderr)
        if args.format == "json":
            data = result_json(result)
            if many:
                data = {"path": path, **data}
            payload.append(data)
            continue
        text = to_markdown(result.cleaned) if args.format == "markdown" else result.cleaned
        if many:
            print(("\n" if i else "") + f"==> {path} <==")
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
    if args.format == "json" and payload:
        json.dump(payload if many else payload[0], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return status


def cmd_rules(args: argparse.Namespace) -> int:
    rules = _load_rules(args)
    counts: Counter[str] = Counter()
    if args.file:
        try:
            doc = _read(args.file, None)
        except IngestError as exc:
            raise CliError(str(exc)) from None
        matched = Cleaner(rules).match(doc)
        for warning in matched.warnings:
            err(f"warning: {warning}")
        counts.update({rid: len(h) for rid, h in matched.hits_by_rule.items()})
    rows: list[dict[str, object]] = []
    for pack in rules.packs:
        for r in pack.rules:
            rows.append(
                {
                    "id": r.id,
                    "name": r.name,
                    "category": r.category,
                    "kind": r.kind,
                    "default": r.default,
                    "site": pack.id if pack.is_site else "",
                    "pack": pack.id,
                    "hits": counts.get(r.id, 0),
                    "description": r.description,
                }
            )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    id_w = max((len(str(r["id"])) for r in rows), default=2)
    header = f"{'id':{id_w}}  {'category':20}  {'on':3}  {'site':14}"
    header += "  hits" if args.file else ""
    print(header)
    for row in rows:
        if args.file and args.hits_only and not row["hits"]:
            continue
        on = "on" if row["default"] else "off"
        line = f"{row['id']!s:{id_w}}  {row['category']!s:20}  {on:3}  {row['site'] or '-'!s:14}"
        line += f"  {row['hits']}" if args.file else ""
        print(line)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``clean`` and ``rules`` to the sub-parsers of :func:`jobdesk.cli.main.build_parser`."""
    p = sub.add_parser("clean", help="print the cleaned posting of each file (or - for stdin)")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .txt/.html/.md/.eml file, or -; or one folder, .jsonl, .csv or .parquet file "
        "(a batch)",
    )
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar="RULE",
        help="switch a rule on (glob patterns allowed; repeatable)",
    )
    p.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="switch a rule off (glob patterns allowed; repeatable)",
    )
    p.add_argument("--explain", action="store_true", help="list every edit and its rule on stderr")
    p.add_argument("--url", help="the page's URL (helps site detection)")
    p.add_argument(
        "--site",
        help="force a site pack (e.g. linkedin) instead of detecting it; "
        "'none': the generic packs only (site-blind)",
    )
    p.add_argument("--pack", action="append", metavar="TOML", help="also load this rule pack")
    b = p.add_argument_group(
        "batch (PATH is a folder, a .jsonl, a .csv or a .parquet file)",
        "Without --out, one JSON record per posting on stdout.",
    )
    b.add_argument(
        "--out",
        metavar="DIR|FILE.jsonl|FILE.parquet",
        help="write one JSON record per posting to FILE.jsonl, the same fields as the rows "
        "of FILE.parquet (facts and rules as JSON text), or the cleaned texts to DIR (the "
        "input's tree mirrored)",
    )
    b.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: every core)")
    b.add_argument("--resume", action="store_true", help="skip what --out already holds")
    b.add_argument(
        "--no-facts",
        action="store_true",
        help="leave the facts (title, pay, …) out of the records: about twice as fast",
    )
    b.add_argument("--force", action="store_true", help="replace an existing --out")
    b.add_argument("--field", default="description", help="JSONL: the field holding the posting")
    b.add_argument(
        "--column", default="description", help="CSV, Parquet: the column holding the posting"
    )
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("rules", help="list every rule (and its hits in FILE)")
    p.add_argument("file", nargs="?", metavar="FILE", help="count each rule's hits in this file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--hits-only", action="store_true", help="with FILE: only rules that hit")
    p.add_argument("--pack", action="append", metavar="TOML", help="also load this rule pack")
    p.set_defaults(func=cmd_rules)

"""``jobdesk library …``: the library on the command line.

``register(sub)`` adds the ``library`` command to the sub-parsers of :mod:`jobdesk.cli.main`::

    jobdesk library [--data-dir DIR] add PATH... [--tag T] [--status S] [--notes N]
                                             [--title T] [--force]
    jobdesk library list [--status S] [--tag T] [--sort KEY] [--asc] [--limit N] [--format]
    jobdesk library search QUERY...           (company: site: status: tag: title: is:)
    jobdesk library show ID [--format text|md|txt|json] [--part cleaned|source|raw]
    jobdesk library export [--format md|txt|json] [--out PATH] [--id ID]... [QUERY...]
    jobdesk library import PATH... [--tag T] [--status S] [--batch-size N]
    jobdesk library backup PATH [--force]
    jobdesk library stats [--check] [--format text|json]
    jobdesk library set ID... [--status S] [--tag T] [--untag T] [--notes N] [--title T]
    jobdesk library delete ID... --yes

Errors follow ``jobdesk clean``: one line on stderr, a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from jobdesk.cli import reclean  # (a batch command, in a module of its own)
from jobdesk.cli.errors import EXIT_INPUT, EXIT_USAGE, CliError
from jobdesk.cli.errors import err as _warn
from jobdesk.paths import LIBRARY_FILE, library_path
from jobdesk.storage import safefile
from jobdesk.storage.db import LibraryError, describe
from jobdesk.storage.library import SORTS, Library, Posting, PostingRow


def _fail(message: str, code: int = EXIT_INPUT) -> Exception:
    return CliError(message, code)


def _out(text: str, stream: IO[str] | None = None) -> None:
    stream = stream or sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show some character
        enc = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(enc, "replace").decode(enc, "replace"))


# ------------------------------------------------------------------------------ setup


def _path(args: argparse.Namespace) -> Path:
    data = getattr(args, "data_dir", None)
    return library_path(Path(data).expanduser() if data else None)


@contextlib.contextmanager
def _open(args: argparse.Namespace, *, write: bool = False) -> Iterator[Library]:
    """The library, opened for a command. A damaged or unwritable library opens
    read-only: a reading command says so in one line on stderr and goes on; a writing
    command (``write``) is refused with that line and exit status 1."""
    path = _path(args)
    try:
        lib = Library.open(path)
    except LibraryError as exc:
        raise _fail(str(exc)) from None
    if lib.read_only is not None:
        if write:
            lib.close()
            raise _fail(f"{lib.read_only.rstrip('.')}; nothing was changed")
        _warn(lib.read_only)
    try:
        yield lib
    except LibraryError as exc:
        raise _fail(str(exc)) from None
    except sqlite3.Error as exc:
        raise _fail(str(describe(exc, path))) from None
    finally:
        lib.close()


def _id(value: str) -> int:
    v = value.strip().lstrip("#")
    if not v.isdigit() or int(v) == 0:
        raise _fail(
            f"{value!r} is not a posting id (a number, as `jobdesk library list` shows)", EXIT_USAGE
        )
    return int(v)


def _short(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: max(1, width - 1)] + "…"


def _row_json(r: PostingRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "company": r.company,
        "location": r.location,
        "pay": r.pay,
        "workplace": r.workplace,
        "type": r.employment_type,
        "sponsorship": r.sponsorship,
        "site": r.site,
        "status": r.status,
        "tags": list(r.tags),
        "saved": r.created_at,
        "updated": r.updated_at,
        "url": r.url,
        "hand_edited": r.hand_edited,
        "near_duplicate_of": r.near_duplicate_of,
    }


def _print_rows(rows: Sequence[PostingRow], snippets: dict[int, str] | None = None) -> None:
    if not rows:
        return
    width = shutil.get_terminal_size((120, 24)).columns
    id_w = max(len(str(r.id)) for r in rows) + 1
    status_w = max(6, *(len(r.status) for r in rows))
    wp_w = max(9, *(len(r.workplace) for r in rows))
    type_w = max(4, *(len(r.employment_type) for r in rows))
    fixed = id_w + 2 + 10 + 2 + status_w + 2 + 2 + wp_w + 2 + type_w + 2 + 11
    rest = max(30, width - fixed)
    title_w = max(16, rest * 3 // 5)
    company_w = max(10, rest - title_w - 2)
    print(
        f"{'#':>{id_w}}  {'saved':10}  {'status':{status_w}}  {'title':{title_w}}  "
        f"{'company':{company_w}}  {'workplace':{wp_w}}  {'type':{type_w}}  sponsorship"
    )
    for r in rows:
        mark = "≈" if r.near_duplicate_of else " "
        title = _short(r.title or "(untitled)", title_w - 1)
        line = (
            f"{'#' + str(r.id):>{id_w}}  {r.saved_date:10}  {r.status:{status_w}}  "
            f"{title}{mark}{' ' * (title_w - len(title) - 1)}  "
            f"{_short(r.company, company_w):{company_w}}  {r.workplace or '-':{wp_w}}  "
            f"{r.employment_type or '-':{type_w}}  {r.sponsorship or '-'}"
        )
        _out(line.rstrip() + "\n")
        if snippets and snippets.get(r.id):
            _out(" " * (id_w + 2) + _short(snippets[r.id], width - id_w - 4) + "\n")


# ----------------------------------------------------------------------------- commands


def _describe_add(res_id: int | None, lib: Library, label: str) -> str:
    row = lib.rows([res_id])[0] if res_id else None
    if row is None:
        return label
    who = f" — {row.company}" if row.company else ""
    return f"#{row.id}  {row.title}{who}"


def cmd_add(args: argparse.Namespace) -> int:
    from jobdesk.core.engine import default_cleaner
    from jobdesk.core.ingest import IngestError, ingest_path, ingest_stream
    from jobdesk.session import NoTitle, NotSaveable, posting_of

    status = 0
    with _open(args, write=True) as lib:
        if args.status:
            _check_status(lib, args.status)
        cleaner = default_cleaner()
        for path in args.paths:
            try:
                if path == "-":
                    doc = ingest_stream(sys.stdin.buffer, url=args.url)
                else:
                    doc = ingest_path(path, url=args.url)
            except IngestError as exc:
                _warn(str(exc))
                status = EXIT_INPUT
                continue
            label = "stdin" if path == "-" else path
            if not doc.source.strip():
                _warn(f"no text in {label}; not saved")
                status = EXIT_INPUT
                continue
            try:
                result = cleaner.clean(doc)
            except Exception as exc:  # an engine bug: report it, go on with the next file
                _warn(f"{path}: could not be cleaned ({exc!r})")
                status = EXIT_INPUT
                continue
            try:
                new = posting_of(  # what the window's Save stores, without hand edits
                    result,
                    tags=args.tag,
                    status=args.status or "saved",
                    notes=args.notes or "",
                    url=args.url,
                    source_name="" if path == "-" else Path(path).name,
                    title=args.title,
                )
            except NotSaveable as exc:  # no posting in the page, or nothing to call it
                hint = " Name it with --title." if isinstance(exc, NoTitle) else ""
                _warn(f"{label}: not saved. {exc}{hint}")
                status = EXIT_INPUT
                continue
            res = lib.add(new, allow_duplicate=args.force)
            if res.id is None and res.duplicate is not None:
                d = res.duplicate
                _out(
                    f"{label}: already in your library (saved {d.saved_date}) as "
                    f"#{d.id}  {d.title}\n"
                )
                continue
            line = f"saved {_describe_add(res.id, lib, label)}"
            if res.similar_to:
                row, sim = res.similar_to[0]
                line += (
                    f"  (looks like a repost of #{row.id}, saved {row.saved_date}: "
                    f"{sim:.0%} the same)"
                )
            _out(line + "\n")
    return status


def _check_status(lib: Library, status: str) -> None:
    if status.casefold() not in {s.casefold() for s in lib.statuses()}:
        raise _fail(
            f"unknown status {status!r} (statuses: {', '.join(lib.statuses())})", EXIT_USAGE
        )


def _query(args: argparse.Namespace) -> str:
    parts = [" ".join(getattr(args, "query", None) or [])]
    for t in getattr(args, "tag", None) or []:
        parts.append(f'tag:"{t}"')
    if getattr(args, "status", None):
        parts.append(f'status:"{args.status}"')
    if getattr(args, "site", None):
        parts.append(f'site:"{args.site}"')
    return " ".join(p for p in parts if p)


def cmd_list(args: argparse.Namespace) -> int:
    query = _query(args)
    with _open(args) as lib:
        sort = args.sort or ("relevance" if args.command_name == "search" else "created")
        total = lib.count(query)
        rows = lib.page(query, 0, args.limit, sort=sort, descending=not args.asc)
        if args.format == "json":
            json.dump([_row_json(r) for r in rows], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return 0
        snippets = None
        if args.command_name == "search" and query:
            snippets = {r.id: lib.snippet(r.id, query) for r in rows}
        if not rows:
            _warn(
                "no postings match"
                if query
                else "the library is empty (add postings with `jobdesk library add FILE`)"
            )
            return 0
        _print_rows(rows, snippets)
        if total > len(rows):
            _warn(f"showing {len(rows)} of {total} (use --limit)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from jobdesk.storage.export import render_one

    with _open(args) as lib:
        p = lib.require(_id(args.id))
        if args.part:
            text = {"cleaned": p.cleaned, "source": p.source, "raw": p.raw}[args.part]
            _out(text if text.endswith("\n") or not text else text + "\n")
            return 0
        if args.format in ("md", "txt", "json"):
            _out(render_one(p, args.format))
            return 0
        _out(_show_text(lib, p))
    return 0


def _show_text(lib: Library, p: Posting) -> str:
    lines = [f"#{p.id}  {p.display_title}"]
    where = " · ".join(x for x in (p.company, p.location, p.pay) if x)
    if where:
        lines.append(where)
    meta = [
        ("status", p.status),
        ("tags", ", ".join(p.tags)),
        ("site", p.site),
        ("url", p.url),
        ("saved", p.created_at),
        ("updated", p.updated_at if p.updated_at != p.created_at else ""),
        ("file", p.source_name),
        (
            "cleaned with",
            f"{len(p.rules)} rules" + (", then edited by hand" if p.hand_edited else ""),
        ),
    ]
    if p.near_duplicate_of:
        sim = f" ({p.similarity:.0%} the same)" if p.similarity is not None else ""
        meta.append(("repost of", f"#{p.near_duplicate_of}{sim}"))
    width = max(len(k) for k, _ in meta)
    lines += [f"{k + ':':{width + 1}} {v}" for k, v in meta if v]
    if p.notes.strip():
        lines += ["notes:", *("  " + ln for ln in p.notes.strip().splitlines())]
    lines += ["", p.cleaned.strip("\n")]
    return "\n".join(lines) + "\n"


def _selection(lib: Library, args: argparse.Namespace) -> list[int]:
    ids = [_id(v) for v in args.id or []]
    query = _query(args)
    if ids:
        found = {r.id for r in lib.rows(ids)}
        for i in ids:
            if i not in found:
                raise _fail(f"no posting #{i} in the library")
        if query:
            matching = set(lib.ids(query))
            ids = [i for i in ids if i in matching]
        return ids
    return lib.ids(query, sort="id", descending=False)


def _slug(s: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in s.casefold())
    return "-".join(filter(None, out.split("-")))[:50] or "posting"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def cmd_export(args: argparse.Namespace) -> int:
    from jobdesk.storage.export import write_json, write_text

    fmt = args.format
    with _open(args) as lib:
        ids = _selection(lib, args)
        out = Path(args.out) if args.out and args.out != "-" else None
        if out is not None:
            for name in (lib.path, lib.path.with_name(lib.path.name + "-wal")):
                if _same_file(out, name):
                    raise _fail(
                        f"{out}: that is the library itself; choose another file", EXIT_USAGE
                    )
        postings = lib.iter_postings(ids)
        force = bool(args.force)
        if out is not None and out.is_dir() and not out.is_symlink():
            if fmt == "json":
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                target = out / f"jobdesk-export-{stamp}.json"
                n = _write_file(
                    target,
                    lambda fh: write_json(postings, fh, statuses=lib.statuses(), uid_of=_uids(lib)),
                    force,
                )
            else:
                names = {r.id: _file_name(r.id, r.title, fmt) for r in lib.rows(ids)}
                for file_name in names.values():  # refuse before writing any of them
                    _check_target(out / file_name, force)
                n = _write_each(out, postings, fmt, names, force)
                target = out
        elif out is not None:
            target = out
            _check_target(out, force)
            if fmt == "json":
                n = _write_file(
                    out,
                    lambda fh: write_json(postings, fh, statuses=lib.statuses(), uid_of=_uids(lib)),
                    force,
                )
            else:
                n = _write_file(out, lambda fh: write_text(postings, fh, fmt), force)
        else:
            target = None
            if fmt == "json":
                n = write_json(postings, sys.stdout, statuses=lib.statuses(), uid_of=_uids(lib))
            else:
                n = write_text(postings, sys.stdout, fmt)
        if target is not None:
            _warn(f"exported {n} posting{'s' if n != 1 else ''} to {target}")
        elif n == 0:
            _warn("nothing to export (no postings match)")
    return 0


def _file_name(pid: int, title: str, fmt: str) -> str:
    return f"{pid:05d}-{_slug(title or f'posting {pid}')}.{fmt}"


def _write_each(
    folder: Path, postings: Iterator[Posting], fmt: str, names: dict[int, str], force: bool
) -> int:
    """One file per posting in ``folder`` (``00012-senior-rust-engineer.md``)."""
    from jobdesk.storage.export import render_one

    written = [
        _write_file(
            folder / names.get(p.id, _file_name(p.id, p.title, fmt)),
            lambda fh, p=p: fh.write(render_one(p, fmt)),
            force,
        )
        for p in postings
    ]
    return len(written)


def _uids(lib: Library) -> dict[int, str]:
    return {
        r[0]: r[1]
        for r in lib.conn.execute(
            "SELECT id, uid FROM posting WHERE id IN "
            "(SELECT near_duplicate_of FROM posting WHERE near_duplicate_of IS NOT NULL)"
        )
    }


def _check_target(target: Path, force: bool) -> None:
    try:
        safefile.check_target(target, force=force)
    except safefile.TargetError as exc:
        raise _fail(str(exc), EXIT_USAGE if exc.exists else EXIT_INPUT) from None


def _write_file(target: Path, write: Any, force: bool) -> int:
    """Write via a temporary file and rename (see safefile): a failed export never leaves
    half a file, an existing file is replaced only with --force, and a link, device or
    FIFO at the path is never written to."""
    try:
        n = safefile.write_text(target, write, force=force)
    except safefile.TargetError as exc:
        raise _fail(str(exc), EXIT_USAGE if exc.exists else EXIT_INPUT) from None
    except OSError as exc:
        raise _fail(f"{target}: cannot write ({exc.strerror or exc})") from None
    return int(n) if isinstance(n, int) else 1


def cmd_import(args: argparse.Namespace) -> int:
    from jobdesk.storage.importer import ImportProgress, import_paths

    tty = sys.stderr.isatty()

    def progress(p: ImportProgress) -> None:
        if tty and p.total:
            sys.stderr.write(f"\rimporting {p.done}/{p.total} …")
            sys.stderr.flush()

    with _open(args, write=True) as lib:
        if args.status:
            _check_status(lib, args.status)
        try:
            report = import_paths(
                lib,
                args.paths,
                batch_size=args.batch_size,
                progress=progress,
                tags=args.tag,
                status=args.status or "saved",
            )
        except KeyboardInterrupt:
            if tty:
                sys.stderr.write("\n")
            _warn("import interrupted; the postings committed so far are kept")
            raise
        if tty:
            sys.stderr.write("\r\033[K")
        for path, reason in report.failed:
            _warn(reason if str(path) in reason else f"{path}: {reason}")
        for path, row in report.duplicates:
            _out(f"{path}: already in your library (saved {row.saved_date}) as #{row.id}\n")
        for path, pid, row, sim in report.similar:
            _out(
                f"{path}: saved as #{pid}; looks like a repost of #{row.id} ({sim:.0%} the same)\n"
            )
        n = len(report.saved)
        summary = f"imported {n} posting{'s' if n != 1 else ''}"
        extra = []
        if report.duplicates:
            extra.append(f"{len(report.duplicates)} already in the library")
        if report.similar:
            extra.append(f"{len(report.similar)} flagged as reposts")
        if report.failed:
            extra.append(f"{len(report.failed)} failed")
        _out(summary + (f" ({', '.join(extra)})" if extra else "") + "\n")
    return EXIT_INPUT if report.failed else 0


def cmd_backup(args: argparse.Namespace) -> int:
    dest = Path(args.path).expanduser()
    with _open(args) as lib:
        if dest.is_dir():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            dest = dest / f"library-{stamp}.sqlite3"
        if _same_file(dest, lib.path):
            raise _fail(f"{dest}: that is the library itself; choose another file", EXIT_USAGE)
        _check_target(dest, args.force)
        if not dest.parent.is_dir():
            raise _fail(f"{dest.parent}: no such folder")
        lib.backup(dest, force=args.force)
        n = lib.count()
        size = dest.stat().st_size
    _warn(f"backed up {n} posting{'s' if n != 1 else ''} to {dest} ({size / 1e6:.1f} MB)")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        st = lib.stats()
        problems = lib.integrity_check() if args.check else None
    if args.format == "json":
        if problems is not None:
            st["problems"] = problems
        json.dump(st, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        lines = [
            f"library:     {st['path']}",
            f"format:      {st['format']}",
            f"postings:    {st['postings']}",
            f"size:        {st['size_bytes'] / 1e6:.1f} MB",
        ]
        if st["postings"]:
            lines.append(f"saved:       {st['first_saved'][:10]} … {st['last_saved'][:10]}")
            lines.append(
                "by status:   " + ", ".join(f"{k} {v}" for k, v in st["by_status"].items() if v)
            )
            lines.append("by site:     " + ", ".join(f"{k} {v}" for k, v in st["by_site"].items()))
            lines.append(f"tags:        {st['tags']}")
            lines.append(f"hand-edited: {st['hand_edited']}")
            lines.append(f"reposts:     {st['near_duplicates']}")
        if problems is not None:
            lines.append("check:       " + ("ok" if not problems else f"{len(problems)} problems"))
            lines += ["  " + p for p in problems[:20]]
        _out("\n".join(lines) + "\n")
    return EXIT_INPUT if problems else 0


def cmd_set(args: argparse.Namespace) -> int:
    with _open(args, write=True) as lib:
        if args.status:
            _check_status(lib, args.status)
        for raw in args.ids:
            pid = _id(raw)
            lib.require(pid)
            p = lib.update(
                pid,
                status=args.status,
                notes=args.notes,
                title=args.title,
                company=args.company,
                add_tags=args.tag,
                remove_tags=args.untag,
            )
            tags = f"  [{', '.join(p.tags)}]" if p.tags else ""
            _out(f"#{p.id}  {p.status}  {p.display_title}{tags}\n")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    if not args.yes:
        raise _fail(
            "deleting cannot be undone from the command line; add --yes to confirm", EXIT_USAGE
        )
    with _open(args, write=True) as lib:
        ids = [_id(v) for v in args.ids]
        for pid in ids:
            lib.require(pid)
        for p in lib.delete(ids):
            _out(f"deleted #{p.id}  {p.display_title}\n")
    return 0


# ----------------------------------------------------------------------------- parser


def _data_dir_parent(default: Any) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"use the library in DIR ({LIBRARY_FILE}) instead of the default "
        "(also: the JOBDESK_DATA_DIR environment variable)",
    )
    return parent


def _with_name(func: Any, name: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        args.command_name = name
        return int(func(args))

    return run


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``library`` and its commands to the sub-parsers of :mod:`jobdesk.cli.main`."""
    lib = sub.add_parser(
        "library",
        parents=[_data_dir_parent(None)],
        help="the local library of saved postings (add, list, search, export …)",
        description="The local library of saved, cleaned postings.",
    )
    lib.set_defaults(func=lambda args: (lib.print_help(), EXIT_USAGE)[1])
    cmds = lib.add_subparsers(dest="library_command", metavar="COMMAND")
    common = [_data_dir_parent(argparse.SUPPRESS)]

    def add(name: str, help_: str, func: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = cmds.add_parser(
            name, parents=common, help=help_, description=help_
        )
        p.set_defaults(func=_with_name(func, name))
        return p

    p = add("add", "clean files (or - for stdin) and save them to the library", cmd_add)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--tag", action="append", default=[], help="tag to add (repeatable)")
    p.add_argument("--status", help="status to save with (default: saved)")
    p.add_argument("--notes", help="a note to keep with the posting")
    p.add_argument("--url", help="the page's URL")
    p.add_argument(
        "--title",
        help="the title to save under (default: the posting's own, else its first sensible line)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="save even if the same posting is already in the library",
    )

    for name, help_ in (
        ("list", "list saved postings, newest first"),
        (
            "search",
            'full-text search (words, "phrases", prefix*, -word, OR, '
            "company: title: site: status: tag: is:repost, "
            "workplace:remote|hybrid|on-site, type:full-time|part-time|contract|…, "
            "sponsorship:yes|no|unknown, pay>=N pay<=N)",
        ),
    ):
        p = add(name, help_, cmd_list)
        if name == "search":
            p.add_argument("query", nargs="+", metavar="QUERY")
        else:
            p.add_argument("query", nargs="*", metavar="QUERY", help=argparse.SUPPRESS)
        p.add_argument("--status", help="only postings with this status")
        p.add_argument("--tag", action="append", default=[], help="only postings with this tag")
        p.add_argument("--site", help="only postings from this site")
        p.add_argument("--sort", choices=sorted(SORTS))
        p.add_argument("--asc", action="store_true", help="ascending order")
        p.add_argument("--limit", type=int, default=50 if name == "list" else 20)
        p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("show", "print one saved posting", cmd_show)
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=("text", "md", "txt", "json"), default="text")
    p.add_argument(
        "--part",
        choices=("cleaned", "source", "raw"),
        help="print only this text (raw: the input as it was received)",
    )

    p = add(
        "export", "export postings (all, a search, or --id …) as Markdown, text or JSON", cmd_export
    )
    p.add_argument("query", nargs="*", metavar="QUERY", help="only postings matching this search")
    p.add_argument("--format", choices=("md", "txt", "json"), default="md")
    p.add_argument(
        "--out",
        metavar="PATH",
        help="file to write (a folder: one file per posting); default stdout",
    )
    p.add_argument("--id", action="append", metavar="ID", help="export this posting (repeatable)")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace existing files (regular files only: never a link, device or FIFO)",
    )

    p = add(
        "import", "import files and folders (.txt .html .md .eml, jobdesk JSON exports)", cmd_import
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--tag", action="append", default=[], help="tag every imported posting")
    p.add_argument("--status", help="status for the imported postings")
    p.add_argument("--batch-size", type=int, default=50, help=argparse.SUPPRESS)

    p = add(
        "backup", "copy the library to PATH (a file or folder), safely while in use", cmd_backup
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace PATH if it is an existing regular file (never a link, device or FIFO)",
    )

    p = add("stats", "counts, size and format of the library", cmd_stats)
    p.add_argument("--check", action="store_true", help="also run an integrity check")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("set", "change status, tags, notes, title or company of postings", cmd_set)
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--status")
    p.add_argument("--tag", action="append", default=[], help="add a tag (repeatable)")
    p.add_argument("--untag", action="append", default=[], help="remove a tag (repeatable)")
    p.add_argument("--notes")
    p.add_argument("--title")
    p.add_argument("--company")

    p = add("delete", "delete postings", cmd_delete)
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--yes", action="store_true", help="really delete")

    reclean.register(add, reclean.LibraryCli(_open, _id, _out, _fail))

"""Import files and folders into the library: in batches, with progress and Cancel.

* Folders are walked recursively for ``.txt .html .htm .md .eml`` files and jobdesk JSON
  exports (hidden files and folders, and other JSON files, skipped), in a stable order.
* Each file is read and cleaned *outside* the write lock; then a batch (``batch_size``
  postings) is written in one short transaction. Only after that COMMIT are its postings
  reported (``on_saved`` and ``progress``): whatever was reported saved survives a crash,
  a kill or a Cancel.
* ``cancel`` is a ``threading.Event`` (or any callable returning True to stop); it is
  checked after every file is read (and every posting of an export): a cancelled import
  cleans the files it has read (a group of at most ``batch_size`` files and
  ``GROUP_CHARS`` characters), commits the batch in hand and stops.
* A jobdesk JSON export among the files is restored posting by posting (ids, uids, times).
* Nothing bad in one input stops the others. A file that cannot be read (binary, missing,
  too large, not UTF-ish), a file with no text, a folder that cannot be listed, and each
  posting of an export that cannot be restored (id out of range, wrong types, missing
  text, huge numbers, deep nesting) is listed in ``failed`` with the file, the posting
  and the reason. Each posting is written under a SAVEPOINT of its own inside the batch
  transaction, so a posting the library refuses is rolled back alone and the rest of the
  batch is saved.

Run it on a worker thread with a path (it opens its own connection there) — never pass a
:class:`Library` opened on another thread.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from jobdesk.core.engine import Cleaner, default_cleaner
from jobdesk.core.ingest import IngestError, ingest_path, open_input
from jobdesk.core.saveable import NoTitle, NotSaveable, check_saveable
from jobdesk.storage.db import ReadOnlyLibraryError
from jobdesk.storage.export import BadRecord, ExportFormatError, looks_like_export, open_export
from jobdesk.storage.library import AddResult, Library, LibraryError, NewPosting, PostingRow

if TYPE_CHECKING:
    from jobdesk.core.ingest import Document
    from jobdesk.core.result import CleanResult

SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ".eml", ".json"})

Cancel = threading.Event | Callable[[], bool] | None


@dataclass(frozen=True)
class ImportProgress:
    done: int  # inputs handled so far (files, or postings of an export)
    total: int  # files found (an export counts its postings once it is read)
    saved: int
    duplicates: int
    failed: int
    current: Path | None = None


@dataclass
class ImportReport:
    saved: list[tuple[Path, int]] = field(default_factory=list)
    duplicates: list[tuple[Path, PostingRow]] = field(default_factory=list)
    similar: list[tuple[Path, int, PostingRow, float]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    cancelled: bool = False
    total: int = 0


def collect(paths: Iterable[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to import (folders expanded) and the paths that cannot be (no such file, a
    folder that cannot be listed), each with the reason. A file reached twice (named
    twice, through a link) is taken once, where it comes first."""
    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    seen: set[str] = set()  # each file's real path
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found: list[tuple[Path, str]] = []

            def unreadable(exc: OSError, top: Path = p) -> None:
                where = Path(exc.filename) if exc.filename else top
                missing.append(
                    (where, f"{where}: cannot read this folder ({exc.strerror or exc}); skipped")
                )

            for root, dirs, names in os.walk(p, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                folder, real = Path(root), ""
                for name in names:
                    if name.startswith(".") or _suffix(name) not in SUFFIXES:
                        continue
                    path = folder / name
                    if _suffix(name) == ".json" and not _is_export(path):
                        continue  # other programs' JSON lying in the folder
                    # its real path: the folder's, resolved once, and its name (a link
                    # is resolved on its own)
                    if os.path.islink(path):
                        key = str(path.resolve())
                    else:
                        real = real or os.path.realpath(root)
                        key = os.path.join(real, name)
                    found.append((path, key))
            found.sort(key=lambda item: item[0])
            candidates = found
        elif p.exists():
            candidates = [(p, str(p.resolve()))]
        else:
            missing.append((p, f"{p}: no such file or folder"))
            continue
        for c, key in candidates:
            if key not in seen:
                seen.add(key)
                files.append(c)
    return files, missing


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()`` of a file name, without making a Path."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _is_cancelled(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def _is_export(path: Path) -> bool:
    try:
        with open_input(path) as fh:
            return looks_like_export(fh.read(400))
    except (OSError, IngestError):
        return False


def _open_export(
    path: Path,
) -> tuple[IO[str], list[str], Iterator[NewPosting | BadRecord]] | None:
    """(open file, statuses, postings) of a JSON export file; None when it is not one."""
    if path.suffix.lower() != ".json":
        return None
    with open_input(path) as fh:
        head = fh.read(400)
    if not looks_like_export(head):
        raise ExportFormatError("a JSON file that is not a jobdesk library export")
    fh2 = io.TextIOWrapper(open_input(path), encoding="utf-8-sig")
    try:
        statuses, postings = open_export(fh2)
    except BaseException:
        fh2.close()
        raise
    return fh2, statuses, postings


def import_paths(
    library: Library | Path | str,
    paths: Sequence[Path | str],
    *,
    batch_size: int = 50,
    progress: Callable[[ImportProgress], None] | None = None,
    on_saved: Callable[[Path, int], None] | None = None,
    cancel: Cancel = None,
    tags: Sequence[str] = (),
    status: str = "saved",
    allow_duplicates: bool = False,
    cleaner: Cleaner | None = None,
) -> ImportReport:
    """Import files/folders; see the module docstring. ``library``: a Library or a path."""
    args = (paths, batch_size, progress, on_saved, cancel, tags, status, allow_duplicates, cleaner)
    if isinstance(library, Library):
        return _run(library, *args)
    with Library.open(library) as lib:
        return _run(lib, *args)


Item = tuple[Path, str, NewPosting | None]  # (file, which posting of it, posting)

#: the most characters of text a group of plain files holds at once (see _inputs): a
#: Cancel is seen after the group is cleaned, so a group of big pages stays short
GROUP_CHARS = 2_000_000


def _inputs(
    lib: Library,
    files: list[Path],
    report: ImportReport,
    tags: Sequence[str],
    status: str,
    cleaner: Cleaner,
    cancel: Cancel,
    room: Callable[[], int],
) -> Iterator[Item]:
    """(path, label, posting) per input, in order; posting None for an input that failed
    (reported in ``report.failed`` just before it is yielded). ``label`` names the posting
    inside an export ("" for a plain file).

    ``cancel`` is checked after every input, as the caller handles it: when set, the
    inputs handled so far are yielded, ``report.cancelled`` is set and nothing more is
    read. Plain files are handled in groups of up to ``room()`` files (what the caller's
    batch has room for), each stage for the whole group: every file read, then cleaned,
    then every posting's facts read and its title checked. The same work on the same
    files, in the same order, reported the same way; but one stage's code and tables stay
    in the processor's caches across the group (a file at a time, each stage pushed the
    others out: the import took ~11 % more CPU time).
    """
    i = 0
    while i < len(files):
        path = files[i]
        if path.suffix.lower() == ".json":
            i += 1
            with contextlib.closing(_export_inputs(lib, path, report, tags)) as postings:
                for item in postings:
                    yield item
                    if _is_cancelled(cancel):
                        report.cancelled = True
                        return
            continue
        read: list[tuple[Path, Document | str]] = []
        held, limit, stop = 0, max(1, room()), False
        while i < len(files) and len(read) < limit and held < GROUP_CHARS:
            path = files[i]
            if path.suffix.lower() == ".json":
                break
            i += 1
            doc = _read_file(path)
            if not isinstance(doc, str):
                held += len(doc.source) + len(doc.raw)
            read.append((path, doc))
            if _is_cancelled(cancel):
                stop = True
                break
        group = [(path, _clean_doc(path, doc, cleaner)) for path, doc in read]
        read.clear()
        for path, done in group:
            if isinstance(done, str):
                report.failed.append((path, done))
                yield path, "", None
                continue
            new = _posting_of(path, done, tags, status)
            if isinstance(new, str):
                report.failed.append((path, new))
                yield path, "", None
                continue
            yield path, "", new
        if stop or _is_cancelled(cancel):
            report.cancelled = True
            return


def _read_file(path: Path) -> Document | str:
    """The first stage for a plain file: its text read; else why not."""
    try:
        doc = ingest_path(path)
    except Exception as exc:
        return _why(path, exc)
    return doc if doc.source.strip() else f"no text in {path}; not saved"


def _clean_doc(path: Path, doc: Document | str, cleaner: Cleaner) -> CleanResult | str:
    """The second stage: the text cleaned; else why not."""
    if isinstance(doc, str):
        return doc
    try:
        return cleaner.clean(doc)
    except Exception as exc:
        return _why(path, exc)


def _posting_of(
    path: Path, result: CleanResult, tags: Sequence[str], status: str
) -> NewPosting | str:
    """The third stage: the posting to save (its facts read), checked as the window's
    Save and `library add` check it: no page without a posting, no posting without a
    title; else why it is not saved."""
    try:
        new = NewPosting.from_result(result, tags=tags, status=status, source_name=path.name)
        new.title = check_saveable(new.source, new.cleaned, new.title)
    except Exception as exc:
        return _why(path, exc)
    return new


def _why(path: Path, exc: Exception) -> str:
    """What the report says of a plain file that could not be saved."""
    if isinstance(exc, NotSaveable):
        hint = " Add it with `jobdesk library add --title`." if isinstance(exc, NoTitle) else ""
        return f"{path}: not saved. {exc}{hint}"
    if isinstance(exc, IngestError):
        return str(exc)
    # an engine bug must not abort a 10 000-file import
    return f"{path}: could not be cleaned ({exc!r})"


def _export_inputs(
    lib: Library, path: Path, report: ImportReport, tags: Sequence[str]
) -> Generator[Item, None, None]:
    """The postings of a jobdesk JSON export (a .json file that is not one fails)."""
    try:
        restored = _open_export(path)
    except IngestError as exc:
        report.failed.append((path, str(exc)))
        yield path, "", None
        return
    except (OSError, UnicodeDecodeError, ExportFormatError) as exc:
        report.failed.append((path, f"{path}: {exc}"))
        yield path, "", None
        return
    assert restored is not None  # (a .json file)
    fh, statuses, postings = restored
    with fh:
        _take_statuses(lib, statuses, path, report)
        report.total -= 1  # the file stands for its postings
        number = 0
        try:
            for n in postings:
                report.total += 1
                number += 1
                if isinstance(n, BadRecord):
                    report.failed.append((path, f"{path}: {n}"))
                    yield path, "", None
                    continue
                if tags:
                    n.tags = [*n.tags, *tags]
                yield path, f"posting {number} of the export", n
        except (OSError, UnicodeDecodeError, ExportFormatError) as exc:
            report.failed.append((path, f"{path}: {exc}"))
            report.total += 1


def _take_statuses(lib: Library, statuses: list[str], path: Path, report: ImportReport) -> None:
    """An empty library takes the export's status list as it was; otherwise the statuses
    it lacks are added after its own. A status the library refuses is reported."""
    if not statuses:
        return
    try:
        if lib.count() == 0:
            lib.set_statuses(statuses)
            return
    except LibraryError:
        pass  # one bad name: add them one by one below, so it alone is reported
    for name in statuses:
        try:
            lib.add_status(name)
        except LibraryError as exc:
            report.failed.append((path, f"{path}: status {name[:60]!r} not added ({exc})"))


def _run(
    lib: Library,
    paths: Sequence[Path | str],
    batch_size: int,
    progress: Callable[[ImportProgress], None] | None,
    on_saved: Callable[[Path, int], None] | None,
    cancel: Cancel,
    tags: Sequence[str],
    status: str,
    allow_duplicates: bool,
    cleaner: Cleaner | None,
) -> ImportReport:
    if lib.read_only is not None:
        raise ReadOnlyLibraryError(f"{lib.read_only.rstrip('.')}; nothing was imported")
    files, missing = collect(paths)
    report = ImportReport(failed=list(missing), total=len(files) + len(missing))
    cl = cleaner or default_cleaner()
    batch: list[tuple[Path, str, NewPosting]] = []
    links: list[tuple[int, str, float | None]] = []  # restored reposts → their original

    def tell(current: Path | None) -> None:
        if progress is not None:
            progress(
                ImportProgress(
                    done=len(report.saved) + len(report.duplicates) + len(report.failed),
                    total=report.total,
                    saved=len(report.saved),
                    duplicates=len(report.duplicates),
                    failed=len(report.failed),
                    current=current,
                )
            )

    def flush() -> None:
        if not batch:
            return
        results: list[AddResult] = lib.add_many(
            [n for _p, _label, n in batch], allow_duplicates=allow_duplicates, skip_bad=True
        )
        # committed: from here on these postings survive anything
        for (path, label, new), res in zip(batch, results, strict=True):
            if res.id is None:
                if res.duplicate is not None:
                    report.duplicates.append((path, res.duplicate))
                else:
                    where = f"{path}: {label}" if label else str(path)
                    report.failed.append((path, f"{where}: not saved: {res.error}"))
            else:
                report.saved.append((path, res.id))
                if new.near_duplicate_uid:
                    links.append((res.id, new.near_duplicate_uid, new.similarity))
                if res.similar_to:
                    row, sim = res.similar_to[0]
                    report.similar.append((path, res.id, row, sim))
                if on_saved is not None:
                    on_saved(path, res.id)
        last = batch[-1][0]
        batch.clear()
        tell(last)

    tell(None)
    if _is_cancelled(cancel):
        report.cancelled = True
        return report

    def room() -> int:
        return max(1, batch_size) - len(batch)

    for path, label, new in _inputs(lib, files, report, tags, status, cl, cancel, room):
        if new is not None:
            batch.append((path, label, new))
            if len(batch) >= max(1, batch_size):
                flush()
    flush()
    if links:
        lib.link_near_duplicates(links)
    return report

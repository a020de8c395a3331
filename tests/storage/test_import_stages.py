"""The import handles plain files a group at a time, stage by stage (read, clean, facts,
save): the same postings saved, refused and reported, in the same order, as the import
that took one file through every stage before the next (kept here as the oracle)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import pytest

from jobdesk.core.engine import Cleaner, default_cleaner
from jobdesk.core.ingest import IngestError
from jobdesk.core.saveable import NoTitle, NotSaveable, check_saveable
from jobdesk.storage import importer
from jobdesk.storage.export import BadRecord, ExportFormatError
from jobdesk.storage.importer import Cancel, ImportProgress, ImportReport, import_paths
from jobdesk.storage.library import AddResult, Library, NewPosting
from tests.storage.conftest import OTHER, POSTING

# ------------------------------------------------------------------ the oracle


def _one_at_a_time(
    lib: Library,
    files: list[Path],
    report: ImportReport,
    tags: Sequence[str],
    status: str,
    cleaner: Cleaner,
) -> Iterator[tuple[Path, str, NewPosting | None]]:
    """importer._inputs as it was: each file read, cleaned and made a posting in turn."""
    for path in files:
        try:
            restored = importer._open_export(path)
        except IngestError as exc:
            report.failed.append((path, str(exc)))
            yield path, "", None
            continue
        except (OSError, UnicodeDecodeError, ExportFormatError) as exc:
            report.failed.append((path, f"{path}: {exc}"))
            yield path, "", None
            continue
        if restored is not None:
            fh, statuses, postings = restored
            with fh:
                importer._take_statuses(lib, statuses, path, report)
                report.total -= 1
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
            continue
        try:
            doc = _ingest(path)
            if not doc.source.strip():
                report.failed.append((path, f"no text in {path}; not saved"))
                yield path, "", None
                continue
            result = cleaner.clean(doc)
            new = NewPosting.from_result(result, tags=tags, status=status, source_name=path.name)
            new.title = check_saveable(new.source, new.cleaned, new.title)
        except NotSaveable as exc:
            hint = " Add it with `jobdesk library add --title`." if isinstance(exc, NoTitle) else ""
            report.failed.append((path, f"{path}: not saved. {exc}{hint}"))
            yield path, "", None
            continue
        except IngestError as exc:
            report.failed.append((path, str(exc)))
            yield path, "", None
            continue
        except Exception as exc:
            report.failed.append((path, f"{path}: could not be cleaned ({exc!r})"))
            yield path, "", None
            continue
        yield path, "", new


def _ingest(path: Path) -> Any:
    """What the importer reads a file with (patched by the tests to see what is read)."""
    return vars(importer)["ingest_path"](path)


def reference_import(
    lib: Library,
    paths: Sequence[Path],
    *,
    batch_size: int,
    progress: Callable[[ImportProgress], None],
    cancel: Cancel,
    cleaner: Cleaner,
    tags: Sequence[str] = (),
) -> ImportReport:
    """importer._run as it was (one file at a time, cancel checked after every input)."""
    files, missing = importer.collect(paths)
    report = ImportReport(failed=list(missing), total=len(files) + len(missing))
    batch: list[tuple[Path, str, NewPosting]] = []
    links: list[tuple[int, str, float | None]] = []

    def tell(current: Path | None) -> None:
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
        results: list[AddResult] = lib.add_many([n for _p, _l, n in batch], skip_bad=True)
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
        last = batch[-1][0]
        batch.clear()
        tell(last)

    tell(None)
    if importer._is_cancelled(cancel):
        report.cancelled = True
        return report
    for path, label, new in _one_at_a_time(lib, files, report, tags, "saved", cleaner):
        if new is not None:
            batch.append((path, label, new))
            if len(batch) >= max(1, batch_size):
                flush()
        if importer._is_cancelled(cancel):
            report.cancelled = True
            break
    flush()
    if links:
        lib.link_near_duplicates(links)
    return report


# ------------------------------------------------------------------ the inputs


class Wrapped:
    """The default cleaner, each clean noted in ``events``; "crash" in a text is an
    engine bug."""

    def __init__(self, events: list[str] | None = None) -> None:
        self.events = events

    def clean(self, doc: Any) -> Any:
        if self.events is not None:
            self.events.append("clean")
        if "crash" in doc.source:
            raise RuntimeError("engine bug")
        return default_cleaner().clean(doc)


def wrapped(events: list[str] | None = None) -> Cleaner:
    return cast(Cleaner, Wrapped(events))


WALL = "Sign in\nEmail or phone\nPassword\nForgot password?\nSign in\n"


def _export_file(good: int, bad: int, rng: random.Random) -> str:
    items: list[Any] = [{"cleaned": f"Restored posting {rng.random()}\n\n{OTHER}"}] * good
    items += [{"cleaned": 5}] * bad  # a value of the wrong type
    rng.shuffle(items)
    return json.dumps(
        {"format": "jobdesk-library", "version": 1, "statuses": ["saved"], "postings": items}
    )


def _inputs(folder: Path, seed: int) -> list[Path]:
    """A random folder: postings (some the same, some near), empty, binary and sign-in
    pages, a file the engine crashes on, HTML, exports, a .json that is not one."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    made: list[Path] = []
    for i in range(rng.randint(3, 28)):
        kind = rng.choice(
            ["post", "post", "post", "post", "same", "near", "empty", "binary", "wall",
             "crash", "html", "export", "notexport"]
        )  # fmt: skip
        name = f"{i:02d}-{kind}"
        if kind == "post":
            body = f"Senior Engineer {i}\nAcme {rng.randint(1, 99)} Inc\n\n{POSTING}\nRef {i}\n"
            made.append(folder / f"{name}.txt")
            made[-1].write_text(body)
        elif kind == "same":
            made.append(folder / f"{name}.txt")
            made[-1].write_text(POSTING)
        elif kind == "near":
            made.append(folder / f"{name}.md")
            made[-1].write_text(f"Posted {i} days ago\n{POSTING}")
        elif kind == "empty":
            made.append(folder / f"{name}.txt")
            made[-1].write_text(" \n\n")
        elif kind == "binary":
            made.append(folder / f"{name}.txt")
            made[-1].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        elif kind == "wall":
            made.append(folder / f"{name}.txt")
            made[-1].write_text(WALL)
        elif kind == "crash":
            made.append(folder / f"{name}.txt")
            made[-1].write_text(f"crash\n{OTHER}")
        elif kind == "html":
            made.append(folder / f"{name}.html")
            made[-1].write_text(
                f"<html><body><h1>Data Analyst {i}</h1><p>{OTHER}</p></body></html>"
            )
        elif kind == "export":
            made.append(folder / f"{name}.json")
            made[-1].write_text(_export_file(rng.randint(0, 4), rng.randint(0, 2), rng))
        else:
            made.append(folder / f"{name}.json")
            made[-1].write_text('{"format": "jobdesk-library", "version": 1, "postings": [')
    return made


def _library(lib: Library) -> list[tuple[Any, ...]]:
    rows = lib.conn.execute(
        "SELECT p.id, p.title, p.company, p.location, p.fields, p.source_name, "
        "p.content_hash, p.minhash, p.near_duplicate_of, p.similarity, t.raw, t.source, "
        "t.cleaned FROM posting p JOIN posting_text t ON t.posting_id = p.id ORDER BY p.id"
    ).fetchall()
    return [tuple(r) for r in rows]


def _report(rep: ImportReport, root: Path) -> Any:
    def rel(p: Path) -> str:
        return str(p.relative_to(root))

    return (
        [(rel(p), i) for p, i in rep.saved],
        [(rel(p), r.id) for p, r in rep.duplicates],
        [(rel(p), i, r.id, s) for p, i, r, s in rep.similar],
        [(rel(p), m.replace(str(root), "ROOT")) for p, m in rep.failed],
        rep.cancelled,
        rep.total,
    )


def _both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    batch_size: int,
    stop_at: int | None,
    stop_after: str | None,
) -> tuple[Any, Any]:
    """The import and the oracle on the same folder, each into its own library."""
    cleaner = wrapped()
    outs = []
    real = vars(importer)["ingest_path"]
    for name, run in (("new", None), ("old", reference_import)):
        root = tmp_path / name
        made = _inputs(root / "in", seed)
        seen: list[ImportProgress] = []
        read: list[str] = []

        def reading(path: Path, *a: Any, _read: list[str] = read, **k: Any) -> Any:
            _read.append(path.name)
            return real(path, *a, **k)

        def cancel(_read: list[str] = read, _seen: list[ImportProgress] = seen) -> bool:
            saved = _seen[-1].saved if _seen else 0
            return (stop_at is not None and saved >= stop_at) or (
                stop_after is not None and stop_after in _read
            )

        monkeypatch.setattr(importer, "ingest_path", reading)
        with Library.open(root / "lib.sqlite3") as lib:
            paths = [root / "in", *[p for p in made if p.name.endswith("notexport.json")]]
            if run is None:
                rep = import_paths(
                    lib, paths, batch_size=batch_size, progress=seen.append,
                    cancel=cancel, cleaner=cleaner,
                )  # fmt: skip
            else:
                rep = run(
                    lib, paths, batch_size=batch_size, progress=seen.append,
                    cancel=cancel, cleaner=cleaner,
                )  # fmt: skip
            stored = _library(lib)
        progress = [(p.done, p.total, p.saved, p.duplicates, p.failed) for p in seen]
        outs.append((_report(rep, root), progress, stored, read))
    return outs[0], outs[1]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("batch_size", [1, 3, 50])
def test_the_staged_import_is_the_one_at_a_time_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, batch_size: int
) -> None:
    new, old = _both(tmp_path, monkeypatch, seed, batch_size, None, None)
    assert new == old
    assert new[0][0] or new[0][3]  # something was saved or refused


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("batch_size", [2, 5])
def test_a_cancel_stops_the_staged_import_where_it_stopped_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, batch_size: int
) -> None:
    """Cancelled from the progress callback after a batch, or once a file was read: the
    same postings saved, the same files read."""
    rng = random.Random(seed)
    files = sorted(p.name for p in _inputs(tmp_path / "probe", seed))
    plain = [f for f in files if not f.endswith(".json")]
    for stop_at, stop_after in ((rng.randint(1, 6), None), (None, rng.choice(plain))):
        new, old = _both(
            tmp_path / f"{stop_at}-{stop_after}", monkeypatch, seed, batch_size, stop_at, stop_after
        )
        assert new == old


def test_plain_files_go_through_each_stage_a_group_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(7):
        (folder / f"{i}.txt").write_text(f"Role {i}\n\n{POSTING}\nRef {i}\n")
    events: list[str] = []
    real_read, real_from = vars(importer)["ingest_path"], NewPosting.from_result.__func__  # type: ignore[attr-defined]

    def read(path: Path, *a: Any, **k: Any) -> Any:
        events.append("read")
        return real_read(path, *a, **k)

    def facts(cls: type[NewPosting], *a: Any, **k: Any) -> NewPosting:
        events.append("facts")
        return real_from(cls, *a, **k)  # type: ignore[no-any-return]

    monkeypatch.setattr(importer, "ingest_path", read)
    monkeypatch.setattr(NewPosting, "from_result", classmethod(facts))
    with Library.open(tmp_path / "lib.sqlite3") as lib:
        real_add = lib.add_many

        def add_many(*a: Any, **k: Any) -> Any:
            events.append("save")
            return real_add(*a, **k)

        monkeypatch.setattr(lib, "add_many", add_many)
        report = import_paths(lib, [folder], batch_size=3, cleaner=wrapped(events))
    assert len(report.saved) == 7
    group = ["read"] * 3 + ["clean"] * 3 + ["facts"] * 3 + ["save"]
    last = ["read", "clean", "facts", "save"]
    assert events == group + group + last


def test_a_group_holds_a_bounded_amount_of_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Role {i}\n\n{POSTING}\nRef {i}\n")
    monkeypatch.setattr(importer, "GROUP_CHARS", 2 * len(POSTING))
    events: list[str] = []
    real_read = vars(importer)["ingest_path"]

    def read(path: Path, *a: Any, **k: Any) -> Any:
        events.append("read")
        return real_read(path, *a, **k)

    monkeypatch.setattr(importer, "ingest_path", read)
    with Library.open(tmp_path / "lib.sqlite3") as lib:
        report = import_paths(lib, [folder], batch_size=50, cleaner=wrapped(events))
    assert len(report.saved) == 5
    # each file's source and raw count (a pasted text is both): one file a group
    assert events == ["read", "clean"] * 5


# ------------------------------------------------------------------ the files found


def collect_as_it_was(paths: Sequence[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """importer.collect as it was: a Path made for every name, every file resolved."""
    import os

    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found: list[Path] = []

            def unreadable(exc: OSError, top: Path = p) -> None:
                where = Path(exc.filename) if exc.filename else top
                missing.append(
                    (where, f"{where}: cannot read this folder ({exc.strerror or exc}); skipped")
                )

            for root, dirs, names in os.walk(p, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    suffix = Path(name).suffix.lower()
                    if name.startswith(".") or suffix not in importer.SUFFIXES:
                        continue
                    if suffix == ".json" and not importer._is_export(Path(root) / name):
                        continue
                    found.append(Path(root) / name)
            candidates = sorted(found)
        elif p.exists():
            candidates = [p]
        else:
            missing.append((p, f"{p}: no such file or folder"))
            continue
        for c in candidates:
            key = c.resolve()
            if key not in seen:
                seen.add(key)
                files.append(c)
    return files, missing


def _tree(root: Path) -> None:
    """Folders with odd names, hidden ones, links to files and folders, broken links."""
    export = '{"format": "jobdesk-library", "version": 1, "postings": []}'
    for rel, text in {
        "in/a.txt": "x", "in/B.TXT": "x", "in/c.Md": "x", "in/d.htm": "x", "in/e.eml": "x",
        "in/f.tar.txt": "x", "in/g.": "x", "in/noext": "x", "in/.hidden.txt": "x",
        "in/h.json": export, "in/i.json": "{}", "in/J.JSON": export, "in/k.pdf": "x",
        "in/sub/l.txt": "x", "in/sub-a/m.html": "x", "in/sub/deeper/n.txt": "x",
        "in/.git/o.txt": "x", "in/a b/p q.txt": "x", "in/ünï/ç.txt": "x",
        "outside/r.txt": "x", "outside/s.txt": "x",
    }.items():  # fmt: skip
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "in" / "link-to-a.txt").symlink_to(root / "in" / "a.txt")
    (root / "in" / "link-out.txt").symlink_to(root / "outside" / "r.txt")
    (root / "in" / "broken.txt").symlink_to(root / "nowhere.txt")
    (root / "in" / "sub" / "up.txt").symlink_to(Path("..") / "B.TXT")
    (root / "in" / "linked-folder").symlink_to(root / "outside", target_is_directory=True)
    (root / "folder-link").symlink_to(root / "in", target_is_directory=True)


@pytest.mark.parametrize(
    "given",
    [
        ["in"],
        ["in", "in/a.txt", "outside", "outside/r.txt"],
        ["folder-link", "in", "in/sub/../a.txt"],
        ["in/sub/..", "folder-link/sub", "nope", "in/i.json", "in/link-out.txt"],
        ["outside", "in/linked-folder", "in/broken.txt", "in"],
    ],
)
def test_the_files_found_are_those_found_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str]
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    for paths in (given, [tmp_path / g for g in given]):  # relative and absolute
        assert importer.collect(paths) == collect_as_it_was(paths)
    files, _missing = importer.collect(given)
    assert files


def test_file_suffixes_as_pathlib_reads_them() -> None:
    for name in ("a.txt", "B.TXT", "f.tar.txt", "g.", "noext", "x..", "..y", "a.b.c", "é.HTML"):
        assert importer._suffix(name) == Path(name).suffix.lower(), name

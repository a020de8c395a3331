"""Damaged and read-only libraries: readable, never written (issue 16, item 10).

The tests run as root, whom file permissions (chmod) do not stop; a library without write
permission is simulated by monkeypatching ``jobdesk.storage.db.not_writable`` (the one
writability check), and an unreadable ``-shm`` by refusing ``mode=ro`` connections.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from jobdesk.storage import db
from jobdesk.storage.db import CorruptLibraryError, ReadOnlyLibraryError
from jobdesk.storage.importer import import_paths
from jobdesk.storage.library import Library
from tests.storage.conftest import OTHER, POSTING, CliRun, posting

Run = Callable[..., CliRun]

WRITES: list[tuple[str, ...]] = [
    ("set", "1", "--status", "applied"),
    ("delete", "1", "--yes"),
]


def _fill(path: Path) -> None:
    with Library.open(path) as lib:
        lib.add(posting(tags=["dream"]))
        lib.add(posting(OTHER))
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _damage_similarity_index(path: Path) -> None:
    """Smash the root page of the near-duplicate index table (minhash_band): a page the
    list, search, show and export never read, so those still work on the damaged file."""
    conn = sqlite3.connect(path)
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'minhash_band'"
    ).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size] = 0x42  # not a valid b-tree page type
    path.write_bytes(bytes(data))


def _files(folder: Path) -> dict[str, bytes]:
    """The library's bytes, and its write-ahead log's. (A ``mode=ro`` reader of a WAL
    library may create an empty ``-wal`` and the ``-shm`` index beside it: no data.)"""
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    files.pop("library.sqlite3-shm", None)
    if files.get("library.sqlite3-wal") == b"":
        del files["library.sqlite3-wal"]
    return files


@pytest.fixture
def damaged(cli: Run, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "library.sqlite3"
    _fill(path)
    _damage_similarity_index(path)
    return path


def test_a_damaged_library_opens_read_only(damaged: Path) -> None:
    before = _files(damaged.parent)
    with Library.open(damaged) as lib:
        assert lib.read_only is not None and "damaged" in lib.read_only
        assert lib.count() == 2 and lib.count("rust") == 1
        assert lib.require(1).title == "Senior Rust Engineer"
        for write in (
            lambda: lib.add(posting("New posting\n\nwith text")),
            lambda: lib.update(1, status="applied"),
            lambda: lib.delete([1]),
            lambda: lib.add_status("ghosted"),
        ):
            with pytest.raises(ReadOnlyLibraryError, match="nothing was changed"):
                write()
        with pytest.raises(ReadOnlyLibraryError):
            import_paths(lib, [])
        assert lib.count() == 2
        with pytest.raises(CorruptLibraryError):  # the check reports the damage
            lib.integrity_check()
    assert _files(damaged.parent) == before  # not a byte written


def test_cli_reads_a_damaged_library_and_refuses_writes(
    cli: Run, damaged: Path, tmp_path: Path
) -> None:
    before = _files(damaged.parent)
    r = cli("list")
    assert r.code == 0 and "Senior Rust Engineer" in r.out
    assert r.err.count("\n") == 1 and "damaged" in r.err and "read-only" in r.err
    assert "Data Analyst" in cli("search", "sql").out
    assert "Senior Rust Engineer" in cli("show", "1").out
    exported = cli("export", "--format", "json")
    assert exported.code == 0 and exported.out.count('"uid"') == 2
    new = tmp_path / "new.txt"
    new.write_text("Brand new posting\n\nwith words in it")
    for argv in [("add", str(new)), ("import", str(new)), *WRITES]:
        r = cli(*argv)
        assert r.code == 1, argv
        assert r.err.count("\n") == 1 and "nothing was changed" in r.err, argv
    assert _files(damaged.parent) == before
    # a backup would copy the damage: it fails its check, and leaves nothing behind
    r = cli("backup", str(tmp_path / "copy.sqlite3"))
    assert r.code == 1 and r.err.count("\n") == 2  # the read-only line, then the failure
    assert "malformed" in r.err.splitlines()[1]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("copy", ".copy"))]


@pytest.fixture
def no_write_permission(monkeypatch: pytest.MonkeyPatch) -> None:
    # as root chmod stops nothing: pretend the writability check found no permission
    monkeypatch.setattr(db, "not_writable", lambda path: "you have no permission to write")


def test_a_read_only_library_lists_searches_exports(
    cli: Run, tmp_path: Path, no_write_permission: None
) -> None:
    path = tmp_path / "data" / "library.sqlite3"
    path.parent.mkdir()
    _fill(path)
    before = _files(path.parent)
    r = cli("list")
    assert r.code == 0 and "Data Analyst" in r.out
    assert r.err.strip() == (
        f"jobdesk: {path}: the library is read-only (you have no permission to write); "
        "it can be read but not changed"
    )
    assert "Senior Rust Engineer" in cli("search", "rust").out
    r = cli("stats", "--check")
    assert r.code == 0 and "check:       ok" in r.out
    assert cli("export", "--format", "md").out.count("# ") >= 2
    r = cli("set", "2", "--tag", "x")
    assert r.code == 1 and "read-only" in r.err and r.err.count("\n") == 1
    assert _files(path.parent) == before


def test_read_only_falls_back_to_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_write_permission: None
) -> None:
    """A WAL library in a folder where the -shm file cannot be made: ``mode=ro`` cannot
    read it (simulated: refused), ``immutable=1`` can."""
    path = tmp_path / "library.sqlite3"
    _fill(path)
    real = sqlite3.connect
    tried: list[str] = []

    def connect(database: object, *a: object, **kw: object) -> sqlite3.Connection:
        if kw.get("uri") and "immutable=1" not in str(database):
            tried.append("ro")
            raise sqlite3.OperationalError("unable to open database file")
        return real(database, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(db.sqlite3, "connect", connect)
    with Library.open(path) as lib:
        assert lib.read_only is not None
        assert lib.count("rust") == 1
    assert tried  # mode=ro was tried first


def test_a_sound_writable_library_is_not_read_only(lib: Library) -> None:
    assert lib.read_only is None
    assert lib.add(posting(POSTING)).saved


def test_immutable_is_not_used_to_read_past_a_busy_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_write_permission: None
) -> None:
    """immutable=1 skips locking: it must never be the answer to "busy"."""
    path = tmp_path / "library.sqlite3"
    _fill(path)
    real = sqlite3.connect
    tried: list[str] = []

    def connect(database: object, *a: object, **kw: object) -> sqlite3.Connection:
        if kw.get("uri"):
            tried.append(str(database))
            raise sqlite3.OperationalError("database is locked")
        return real(database, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(db.sqlite3, "connect", connect)
    with pytest.raises(db.BusyLibraryError):
        Library.open(path)
    assert tried and not [u for u in tried if "immutable=1" in u]

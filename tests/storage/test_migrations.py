"""Opening old, new, foreign and damaged databases."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jobdesk.storage import text as textmod
from jobdesk.storage.db import (
    CorruptLibraryError,
    LibraryError,
    NewerLibraryError,
    backup_path_for,
)
from jobdesk.storage.library import Library
from jobdesk.storage.migrations import APPLICATION_ID, LATEST, MIGRATIONS, Migration, migrate
from tests.storage.conftest import OTHER, POSTING
from tests.storage.schema_history import dump, history, versions


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {
        (name, " ".join(sql.split()))
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    }


def _old_library(path: Path, version: int) -> None:
    """A library as jobdesk format ``version`` left it, with postings in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(history(version))
        conn.execute("PRAGMA journal_mode = WAL")
        for i, (text, title, fields) in enumerate(
            [
                (POSTING, "Senior Rust Engineer", '{"location": "Berlin", "pay": "€90k"}'),
                (OTHER, "Data Analyst", "{}"),
                ("Posted 1 day ago\n" + POSTING, "Senior Rust Engineer", "not json"),
            ],
            start=1,
        ):
            conn.execute(
                "INSERT INTO posting (id, uid, created_at, updated_at, title, company, site, "
                "status, rules, fields, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    i,
                    f"uid{i}",
                    f"2026-01-0{i}T00:00:00.000Z",
                    f"2026-01-0{i}T00:00:00.000Z",
                    title,
                    "Acme",
                    "linkedin",
                    "applied" if i == 2 else "saved",
                    '["r.a"]',
                    fields,
                    textmod.content_hash(text),
                ),
            )
            conn.execute(
                "INSERT INTO posting_text (posting_id, raw, source, cleaned) VALUES (?, ?, ?, ?)",
                (i, text, text, text),
            )
            if version >= 4:  # what that jobdesk stored with each posting
                f = json.loads(fields) if fields.startswith("{") else {}
                conn.execute(
                    "UPDATE posting SET location = ?, pay = ? WHERE id = ?",
                    (f.get("location", ""), f.get("pay", ""), i),
                )
            if version >= 3:
                _sh, blob, keys = textmod.sketch(text)
                conn.execute("UPDATE posting SET minhash = ? WHERE id = ?", (blob, i))
                conn.executemany("INSERT INTO minhash_band VALUES (?, ?)", [(k, i) for k in keys])
        conn.execute("INSERT INTO tag (id, name) VALUES (1, 'dream')")
        conn.execute("INSERT INTO posting_tag VALUES (2, 1)")
    finally:
        conn.close()


def test_history_covers_every_version() -> None:
    assert versions() == list(range(1, LATEST + 1))
    assert len({m.name for m in MIGRATIONS}) == len(MIGRATIONS)


@pytest.mark.parametrize("version", range(1, LATEST + 1))
def test_released_migrations_are_unchanged(version: int) -> None:
    """Running the migrations up to N today gives exactly the frozen schema N."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, target=version)
        assert dump(conn) == history(version)
    finally:
        conn.close()


@pytest.mark.parametrize("version", range(1, LATEST))
def test_migrating_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "library.sqlite3"
    _old_library(path, version)
    with Library.open(path) as lib:
        assert lib.schema_version == LATEST
        assert lib.count() == 3
        p = lib.require(1)
        assert (p.title, p.company, p.location, p.pay) == (
            "Senior Rust Engineer",
            "Acme",
            "Berlin",
            "€90k",
        )
        assert lib.require(3).location == ""  # bad fields JSON: no crash
        assert lib.require(2).tags == ["dream"] and lib.require(2).status == "applied"
        assert lib.count("warehouse") == 2 and lib.count("company:acme tag:dream") == 1
        assert lib.find_duplicate(OTHER) is not None
        assert [r.id for r, _ in lib.find_similar("Posted 9 days ago\n" + POSTING)] in (
            [1, 3],
            [3, 1],
        )
        assert lib.add(_new("Reposted\n" + OTHER)).similar_to[0][0].id == 2
        assert lib.integrity_check() == []
        conn = sqlite3.connect(":memory:", isolation_level=None)
        try:
            migrate(conn)
            assert _schema(lib.conn) == _schema(conn)
        finally:
            conn.close()
    # the old library was copied aside before the migration, and still opens as it was
    saved = backup_path_for(path, version)
    assert saved.exists()
    conn = sqlite3.connect(saved)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("SELECT count(*) FROM posting").fetchone()[0] == 3
    finally:
        conn.close()


def _new(text: str):  # type: ignore[no-untyped-def]
    from tests.storage.conftest import posting

    return posting(text)


def test_migrations_are_rerunnable() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        before = _schema(conn)
        conn.execute("PRAGMA user_version = 0")
        migrate(conn)  # every step again, on a database that already has it
        assert _schema(conn) == before
        assert conn.execute("SELECT count(*) FROM status").fetchone()[0] == 6
    finally:
        conn.close()


def test_a_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "library.sqlite3"
    _old_library(path, 1)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    patched = list(MIGRATIONS)
    patched[2] = Migration("near duplicates", broken)
    monkeypatch.setattr("jobdesk.storage.migrations.MIGRATIONS", patched)
    with pytest.raises(RuntimeError):
        Library.open(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    finally:
        conn.close()


def test_new_library_settings(lib: Library) -> None:
    c = lib.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert c.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_newer_library_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LATEST + 3}")
    conn.commit()
    conn.close()
    before = _bytes(path)
    with pytest.raises(NewerLibraryError, match="newer jobdesk") as info:
        Library.open(path)
    assert f"format {LATEST + 3}" in str(info.value)
    assert _bytes(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite3"]


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database at all\n" * 10,
        b"SQLite format 3\x00" + b"\xff" * 84 + b"\x00" * 4000,
        b"SQLite format 3\x00",
    ],
    ids=["text", "garbage-header", "truncated"],
)
def test_corrupt_file_is_reported_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(content)
    with pytest.raises(CorruptLibraryError, match="left as it is"):
        Library.open(path)
    assert path.read_bytes() == content


def test_damaged_pages_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Library.open(path) as lib:
        for i in range(30):
            lib.add(_new(f"Posting {i}\n\n" + "text " * 500 + str(i)))
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for off in range(4096 * 3, len(data), 4096):  # smash page headers after the schema
        data[off : off + 16] = b"\xde\xad\xbe\xef" * 4
    path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    with pytest.raises(LibraryError, match=r"damaged|malformed"), Library.open(path) as lib:
        lib.page("text")
        lib.count("text")
        assert lib.integrity_check() == []
    assert path.read_bytes() == damaged


def test_other_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.commit()
    conn.close()
    before = _bytes(path)
    with pytest.raises(LibraryError, match="other program"):
        Library.open(path)
    assert _bytes(path) == before


def test_empty_file_becomes_a_library(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"")
    with Library.open(path) as lib:
        assert lib.count() == 0


def test_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="cannot create"):
        Library.open(blocker / "sub" / "library.sqlite3")

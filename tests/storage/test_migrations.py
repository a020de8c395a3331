"""Opening old, new, foreign and damaged databases."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
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
from tests.storage.conftest import OTHER, POSTING, CliRun, posting
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


# ------------------------------------------------------- format 7: compact storage

_V6_POSTING_COLUMNS = (
    "id, uid, created_at, updated_at, title, company, site, url, status, notes, hand_edited, "
    "fields, kind, source_name, content_hash, minhash, near_duplicate_of, similarity, "
    "location, pay, workplace, employment_type, sponsorship, pay_min, pay_max, "
    "pay_currency, pay_period"
)


def _as_format_6(lib: Library, path: Path) -> None:
    """The postings of ``lib`` in a library of format 6, stored as format 6 stored them:
    every text whole, every posting's rule ids as a JSON list of its own."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(history(6))
        conn.execute("DELETE FROM status")
        conn.executemany(
            "INSERT INTO status (name, position) VALUES (?, ?)",
            [(s, i) for i, s in enumerate(lib.statuses())],
        )
        conn.execute("ATTACH DATABASE ? AS new", (str(lib.path),))
        conn.execute(
            f"INSERT INTO posting ({_V6_POSTING_COLUMNS}, rules) "
            f"SELECT {_V6_POSTING_COLUMNS}, coalesce("
            "(SELECT rs.rules FROM new.rule_set rs WHERE rs.id = p.rule_set), '[]') "
            "FROM new.posting p ORDER BY p.id"
        )
        for table in ("tag", "posting_tag", "minhash_band"):
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM new.{table}")
        conn.execute("UPDATE library_meta SET value = (SELECT value FROM new.library_meta)")
        conn.execute("DETACH DATABASE new")
        for pid in lib.ids(sort="id"):
            p = lib.require(pid)
            conn.execute(
                "INSERT INTO posting_text (posting_id, raw, source, cleaned) VALUES (?, ?, ?, ?)",
                (pid, p.raw, p.source, p.cleaned),
            )
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    finally:
        conn.close()


def _fill(lib: Library) -> None:
    """Postings of every shape the new format stores differently."""
    from jobdesk.storage.library import NewPosting

    furniture = "Skip to main content\nSign in\nEasy Apply\n"
    rules = [f"site.rule-{i}" for i in range(258)]
    lib.add_status("ghosted")
    a = lib.add(
        NewPosting(
            cleaned=POSTING,
            source=furniture + POSTING + "Similar jobs\n",
            raw="<html><body><h1>Senior Rust Engineer</h1>" + POSTING + "</body></html>",
            rules=rules,
            site="linkedin",
            url="https://l.test/1",
            fields={"title": "Senior Rust Engineer", "company": "Acme", "pay": "€90k"},
            tags=["dream", "rust"],
            notes="call Tue",
            kind="html",
            source_name="page.html",
        )
    ).id
    paste = furniture + "Posted today\n" + POSTING
    lib.add(NewPosting(cleaned="Posted today\n" + POSTING, source=paste, raw=paste, rules=rules))
    lib.add(posting(OTHER + "\x00nul, \ud800 surrogate, 😀", status="ghosted", rules=rules[:5]))
    lib.add(NewPosting(cleaned="Only a cleaned text\n\nwith no source or raw input"))
    lib.update(a or 0, cleaned=POSTING + "\nmy edit", status="applied")


def test_an_export_is_the_same_before_and_after_the_migration(
    tmp_path: Path, cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `library export` writes (JSON, Markdown, text) and what the window's table,
    posting view and search show are the same after the migration to format 7 as before
    it: the format-6 library is written, as format 6 stored postings, from a library
    whose postings were saved today; both are exported and read."""
    exports: dict[str, dict[str, str]] = {}
    views: dict[str, list[object]] = {}
    data = tmp_path / "data"
    data.mkdir()
    with Library.open(tmp_path / "made-now.sqlite3") as lib:
        _fill(lib)
        _as_format_6(lib, data / "library.sqlite3")
    for when in ("before", "after"):
        if when == "before":  # the postings the format-6 library was written from
            (tmp_path / "made-now.sqlite3").rename(tmp_path / "library.sqlite3")
            monkeypatch.setenv("JOBDESK_DATA_DIR", str(tmp_path))
            path = tmp_path / "library.sqlite3"
        else:
            monkeypatch.setenv("JOBDESK_DATA_DIR", str(data))
            path = data / "library.sqlite3"
        exports[when] = {}
        for fmt in ("json", "md", "txt"):
            run = cli("export", "--format", fmt)
            assert run.code == 0, run.err
            exports[when][fmt] = "\n".join(
                line for line in run.out.splitlines() if '"exported_at"' not in line
            )
        with Library.open(path) as lib:
            assert lib.schema_version == LATEST
            ids = lib.ids(sort="id")
            views[when] = [
                lib.rows(ids),
                [lib.require(i) for i in ids],
                [lib.ids(q) for q in ("warehouse", "globex", "tag:dream", "status:applied")],
                [lib.snippet(i, "rust") for i in ids],
                lib.integrity_check(),
            ]
    assert json.loads(exports["after"]["json"])["postings"][0]["rules"][:2] == [
        "site.rule-0",
        "site.rule-1",
    ]
    assert exports["after"] == exports["before"]
    assert views["after"] == views["before"]
    assert views["after"][-1] == []
    assert backup_path_for(data / "library.sqlite3", 6).exists()


def test_the_migration_stores_texts_and_rule_lists_once(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    _old_library(path, 6)
    conn = sqlite3.connect(path, isolation_level=None)
    try:  # what a format-6 library may hold: a rule list that is not one, an HTML page
        conn.execute("UPDATE posting SET rules = 'not json' WHERE id = 2")
        conn.execute("UPDATE posting SET rules = '{\"a\": 1}' WHERE id = 3")
        conn.execute("UPDATE posting_text SET raw = '<p>' || raw || '</p>' WHERE posting_id = 3")
    finally:
        conn.close()
    with Library.open(path) as lib:
        assert [lib.require(i).rules for i in (1, 2, 3)] == [["r.a"], [], []]
        assert lib.require(3).raw == "<p>Posted 1 day ago\n" + POSTING + "</p>"
        assert lib.require(1).raw == lib.require(1).source == lib.require(1).cleaned == POSTING
        stored = lib.conn.execute(
            "SELECT raw IS NULL, source IS NULL FROM posting_text ORDER BY posting_id"
        ).fetchall()
        assert stored == [(1, 1), (1, 1), (0, 1)]
        assert lib.conn.execute("SELECT count(*) FROM rule_set").fetchone()[0] == 1
        assert "rules" not in {r[1] for r in lib.conn.execute("PRAGMA table_info(posting)")}


def test_the_migrated_library_gives_the_space_back(tmp_path: Path) -> None:
    from jobdesk.storage.library import NewPosting

    rules = [f"site.rule-{i}" for i in range(258)]
    with Library.open(tmp_path / "made-now.sqlite3") as lib:
        for i in range(40):
            text = f"Posting {i}\n\n" + POSTING * 8
            lib.add(NewPosting(cleaned=text, source=text, raw=text, rules=rules))
        _as_format_6(lib, tmp_path / "library.sqlite3")
    before = (tmp_path / "library.sqlite3").stat().st_size
    with Library.open(tmp_path / "library.sqlite3") as lib:
        assert lib.count("warehouse") == 40
    after = (tmp_path / "library.sqlite3").stat().st_size
    assert after < before * 0.6, (before, after)

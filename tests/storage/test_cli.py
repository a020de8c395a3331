from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from jobdesk.storage.library import Library
from jobdesk.storage.migrations import LATEST
from tests.storage.conftest import OTHER, POSTING, CliRun

Run = Callable[..., CliRun]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    a = tmp_path / "rust.txt"
    a.write_text(POSTING, encoding="utf-8")
    b = tmp_path / "data.txt"
    b.write_text(OTHER, encoding="utf-8")
    return [a, b]


def test_add_list_search_show(cli: Run, files: list[Path], tmp_path: Path) -> None:
    r = cli("add", *map(str, files), "--tag", "dream")
    assert r.code == 0, r.err
    assert r.out.count("saved #") == 2
    r = cli("add", str(files[0]))
    assert r.code == 0 and "already in your library (saved " in r.out and "#1" in r.out
    repost = tmp_path / "repost.txt"
    repost.write_text("Reposted 2 days ago\n" + POSTING, encoding="utf-8")
    r = cli("add", str(repost))
    assert "looks like a repost of #1" in r.out

    r = cli("list")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].split()[:3] == ["#", "saved", "status"]
    assert [ln.split()[0] for ln in lines[1:]] == ["#3", "#2", "#1"]
    r = cli("list", "--format", "json", "--tag", "dream")
    assert [row["id"] for row in json.loads(r.out)] == [2, 1]

    r = cli("search", "warehouse", "robots")
    assert r.code == 0 and "«warehouse»" in r.out
    r = cli("search", "zzzzz")
    assert r.code == 0 and r.out == "" and "no postings match" in r.err
    for hostile in ('"', "NEAR(", "'; DROP TABLE posting; --", "*"):
        assert cli("search", hostile).code == 0

    r = cli("show", "1")
    assert r.code == 0 and r.out.startswith("#1  ") and "tags:" in r.out and "dream" in r.out
    assert POSTING.strip() in r.out
    assert cli("show", "#1", "--part", "raw").out == POSTING
    assert json.loads(cli("show", "1", "--format", "json").out)["cleaned"] == POSTING.strip()
    assert cli("show", "1", "--format", "md").out.startswith("# ")


def test_add_from_stdin(cli: Run) -> None:
    r = cli("add", "-", "--status", "applied", "--notes", "from a paste", stdin=POSTING.encode())
    assert r.code == 0 and "saved #1" in r.out
    assert json.loads(cli("list", "--format", "json").out)[0]["status"] == "applied"


def test_errors_are_one_line(cli: Run, files: list[Path], tmp_path: Path) -> None:
    cases = [
        (("show", "42"), "no posting #42"),
        (("show", "abc"), "not a posting id"),
        (("add", str(tmp_path / "missing.txt")), "no such file"),
        (("add", str(files[0]), "--status", "hired"), "unknown status"),
        (("export", "--id", "7"), "no posting #7"),
        (("delete", "1"), "--yes"),
        (("set", "9", "--status", "applied"), "no posting #9"),
    ]
    cli("add", str(files[0]))
    for argv, message in cases:
        r = cli(*argv)
        assert r.code != 0, argv
        assert message in r.err, (argv, r.err)
        assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_newer_and_corrupt_library_messages(cli: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lib = data / "library.sqlite3"
    conn = sqlite3.connect(lib)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    before = lib.read_bytes()
    r = cli("list")
    assert r.code == 1 and "newer jobdesk" in r.err and r.err.count("\n") == 1
    assert lib.read_bytes() == before
    other = tmp_path / "broken"
    other.mkdir()
    (other / "library.sqlite3").write_bytes(b"garbage" * 100)
    r = cli("--data-dir", str(other), "stats")
    assert r.code == 1 and "not a jobdesk library" in r.err
    assert (other / "library.sqlite3").read_bytes() == b"garbage" * 100


def test_data_dir_flag_either_side(cli: Run, files: list[Path], tmp_path: Path) -> None:
    d = tmp_path / "elsewhere"
    assert cli("--data-dir", str(d), "add", str(files[0])).code == 0
    assert cli("stats", "--data-dir", str(d), "--format", "json").out.count('"postings": 1') == 1
    assert (d / "library.sqlite3").exists()
    assert json.loads(cli("stats", "--format", "json").out)["postings"] == 0  # env default


def test_export_import_round_trip(cli: Run, files: list[Path], tmp_path: Path) -> None:
    cli("add", *map(str, files), "--tag", "x")
    cli("set", "2", "--status", "interviewing", "--notes", "Tuesday 3pm", "--untag", "x")
    out = tmp_path / "all.json"
    r = cli("export", "--format", "json", "--out", str(out))
    assert r.code == 0 and "exported 2 postings" in r.err
    other = tmp_path / "other"
    r = cli("--data-dir", str(other), "import", str(out))
    assert r.code == 0 and "imported 2 postings" in r.out
    a = json.loads(out.read_text())
    out2 = tmp_path / "again.json"
    cli("--data-dir", str(other), "export", "--format", "json", "--out", str(out2))
    b = json.loads(out2.read_text())
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b

    md = cli("export", "--id", "1").out
    assert md.startswith("# Senior Rust Engineer") and "Globex" not in md
    txt = cli("export", "--format", "txt", "status:interviewing").out
    assert txt.startswith("Data Analyst") and "Notes: Tuesday 3pm" in txt
    folder = tmp_path / "each"
    folder.mkdir()
    assert cli("export", "--out", str(folder)).code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "00001-senior-rust-engineer.md",
        "00002-data-analyst.md",
    ]
    r = cli("export", "--out", str(tmp_path / "data" / "library.sqlite3"))
    assert r.code == 2 and "library itself" in r.err


def test_import_folder_reports_failures(cli: Run, files: list[Path], tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01" * 200)
    r = cli("import", str(tmp_path))
    assert r.code == 1
    assert "imported 2 postings (1 failed)" in r.out
    assert "bad.txt" in r.err and "Traceback" not in r.err


def test_backup_stats_set_delete(cli: Run, files: list[Path], tmp_path: Path) -> None:
    cli("add", *map(str, files))
    dest = tmp_path / "backup.sqlite3"
    r = cli("backup", str(dest))
    assert r.code == 0 and "backed up 2 postings" in r.err
    with Library.open(dest) as copy:
        assert copy.count() == 2
    assert cli("backup", str(dest)).code == 2  # exists
    assert cli("backup", str(dest), "--force").code == 0
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli("backup", str(folder)).code == 0 and len(list(folder.iterdir())) == 1

    r = cli("stats", "--check")
    assert r.code == 0 and "postings:    2" in r.out and "check:       ok" in r.out

    r = cli("set", "1", "2", "--status", "applied", "--tag", "remote")
    assert r.code == 0 and r.out.count("applied") == 2
    assert json.loads(cli("stats", "--format", "json").out)["by_status"]["applied"] == 2

    r = cli("delete", "1", "--yes")
    assert r.code == 0 and "deleted #1" in r.out
    assert cli("show", "1").code == 1


def test_library_without_command_prints_help(cli: Run) -> None:
    r = cli()
    assert r.code == 2 and "add" in r.out and "search" in r.out


def test_add_refuses_a_sign_in_wall_and_asks_for_a_missing_title(cli: Run, tmp_path: Path) -> None:
    wall = "Sign in\nEmail or phone\nPassword\nForgot password?\nWelcome back\nor\n"
    r = cli("add", "-", stdin=wall.encode())
    assert r.code == 1 and "stdin: not saved. This looks like a sign-in page" in r.err
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("Overview\n\n2024-05-01\n", encoding="utf-8")
    r = cli("add", str(untitled))
    assert r.code == 1 and "No title could be found in it. Name it with --title." in r.err
    assert "the library is empty" in cli("list").err
    r = cli("add", str(untitled), "--title", "Night porter")
    assert r.code == 0 and "Night porter" in r.out
    shown = json.loads(cli("list", "--format", "json").out)
    assert [row["title"] for row in shown] == ["Night porter"]

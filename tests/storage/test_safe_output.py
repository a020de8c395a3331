"""`export --out` and `backup` never clobber what they should not (issue 16, item 9)."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from jobdesk.storage import safefile
from jobdesk.storage.library import Library, LibraryError
from tests.storage.conftest import OTHER, POSTING, CliRun, posting

Run = Callable[..., CliRun]

posix_only = pytest.mark.skipif(os.name != "posix", reason="links, FIFOs and devices")


@pytest.fixture
def saved(cli: Run, tmp_path: Path) -> Path:
    a = tmp_path / "a.txt"
    a.write_text(POSTING)
    b = tmp_path / "b.txt"
    b.write_text(OTHER)
    assert cli("add", str(a), str(b)).code == 0
    return tmp_path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial" in p.name)


def test_export_refuses_an_existing_file_without_force(cli: Run, saved: Path) -> None:
    out = saved / "mine.md"
    out.write_text("my own notes")
    r = cli("export", "--out", str(out))
    assert r.code == 2 and r.err.strip().count("\n") == 0
    assert "exists; use --force" in r.err
    assert out.read_text() == "my own notes"
    r = cli("export", "--out", str(out), "--force")
    assert r.code == 0, r.err
    assert "Senior Rust Engineer" in out.read_text()
    assert _leftovers(saved) == []


@posix_only
def test_export_keeps_the_mode_of_the_file_it_replaces(cli: Run, saved: Path) -> None:
    out = saved / "shared.json"
    out.write_text("{}")
    out.chmod(0o640)
    assert cli("export", "--format", "json", "--out", str(out), "--force").code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert '"jobdesk-library"' in out.read_text()


@posix_only
@pytest.mark.parametrize("dangling", [False, True])
def test_export_never_follows_a_symlink(cli: Run, saved: Path, dangling: bool) -> None:
    victim = saved / "victim.txt"
    if not dangling:
        victim.write_text("precious")
    link = saved / "out.md"
    link.symlink_to(victim)
    for extra in ((), ("--force",)):
        r = cli("export", "--out", str(link), *extra)
        assert r.code == 1 and "symbolic link" in r.err
    assert link.is_symlink() and os.readlink(link) == str(victim)
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "precious"


@posix_only
def test_export_never_writes_to_a_fifo(cli: Run, saved: Path) -> None:
    fifo = saved / "pipe"
    os.mkfifo(fifo)
    r = cli("export", "--out", str(fifo), "--force")  # would block forever if opened
    assert r.code == 1 and "not a regular file" in r.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix_only
def test_export_never_replaces_a_device(cli: Run, saved: Path) -> None:
    dev = saved / "null"
    try:  # a private /dev/null twin (as root); the real one is never put at risk
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here")
    for fmt in ("md", "json"):
        r = cli("export", "--format", fmt, "--out", str(dev), "--force")
        assert r.code == 1 and "not a regular file" in r.err
        assert stat.S_ISCHR(os.lstat(dev).st_mode)
    r = cli("backup", str(dev), "--force")
    assert r.code == 1 and "not a regular file" in r.err
    assert stat.S_ISCHR(os.lstat(dev).st_mode)
    assert _leftovers(saved) == []


def test_export_to_a_folder_refuses_before_writing_any_file(cli: Run, saved: Path) -> None:
    folder = saved / "out"
    folder.mkdir()
    assert cli("export", "--out", str(folder)).code == 0
    first = sorted(p.name for p in folder.iterdir())
    assert len(first) == 2
    (folder / first[1]).write_text("edited by me")
    (folder / first[0]).unlink()
    r = cli("export", "--out", str(folder))
    assert r.code == 2 and "exists; use --force" in r.err
    assert sorted(p.name for p in folder.iterdir()) == [first[1]]  # nothing written
    assert (folder / first[1]).read_text() == "edited by me"
    assert cli("export", "--out", str(folder), "--force").code == 0
    assert sorted(p.name for p in folder.iterdir()) == first
    assert "edited by me" not in (folder / first[1]).read_text()


def test_a_failed_export_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    out.write_text("old")

    def boom(fh: IO[str]) -> int:
        fh.write("half of it")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        safefile.write_text(out, boom, force=True)
    assert out.read_text() == "old" and _leftovers(tmp_path) == []


@posix_only
def test_backup_targets_follow_the_same_rules(cli: Run, saved: Path) -> None:
    dest = saved / "copy.sqlite3"
    assert cli("backup", str(dest)).code == 0
    r = cli("backup", str(dest))
    assert r.code == 2 and "use --force" in r.err
    assert cli("backup", str(dest), "--force").code == 0
    with Library.open(dest) as lib:
        assert lib.count() == 2
    link = saved / "link.sqlite3"
    link.symlink_to(saved / "elsewhere.sqlite3")
    r = cli("backup", str(link), "--force")
    assert r.code == 1 and "symbolic link" in r.err
    assert not (saved / "elsewhere.sqlite3").exists()
    fifo = saved / "fifo.sqlite3"
    os.mkfifo(fifo)
    r = cli("backup", str(fifo), "--force")
    assert r.code == 1 and "not a regular file" in r.err
    assert _leftovers(saved) == []


def test_a_failed_backup_leaves_no_partial_file(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib.add(posting())
    folder = tmp_path / "backups"
    folder.mkdir()
    real = lib.conn
    seen: list[Path] = []

    def copy_then_disk_full(target: sqlite3.Connection, **kw: object) -> None:
        real.backup(target)  # the temporary copy is really written …
        seen.extend(p for p in folder.iterdir() if p.stat().st_size > 0)
        raise sqlite3.OperationalError("database or disk is full")  # … then the disk fills

    # sqlite3.Connection's methods are read-only: the library gets a stand-in connection
    monkeypatch.setattr(lib, "conn", _Proxy(real, copy_then_disk_full))
    with pytest.raises(LibraryError, match="disk is full"):
        lib.backup(folder / "copy.sqlite3")
    assert [p.name.endswith(".partial") for p in seen] == [True]
    assert list(folder.iterdir()) == []  # the partial copy is gone


class _Proxy:
    def __init__(self, conn: sqlite3.Connection, backup: Callable[..., None]) -> None:
        self._conn = conn
        self.backup = backup

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


def test_add_reports_an_empty_file_and_saves_the_rest(cli: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n\t")
    good = tmp_path / "good.txt"
    good.write_text(POSTING)
    r = cli("add", str(empty), str(good))
    assert r.code == 1
    assert f"no text in {empty}" in r.err
    assert cli("list", "--format", "json").out.count('"id"') == 1
    r = cli("add", str(empty))
    assert "already in your library" not in r.out and f"no text in {empty}" in r.err


def test_add_refuses_a_page_with_nothing_left_after_cleaning(cli: Run, tmp_path: Path) -> None:
    page = tmp_path / "chrome.html"
    page.write_text(
        '<html><body><nav><a href="/">Home</a> <a href="/jobs">Jobs</a></nav>'
        "<footer>© 2024 Example Inc. All rights reserved.</footer></body></html>"
    )
    r = cli("add", str(page))
    assert r.code == 1
    assert "chrome.html: not saved. There is no posting in it: nothing is left" in r.err
    assert "the library is empty" in cli("list").err

"""Opening the library database safely.

:func:`connect` is the only way jobdesk opens ``library.sqlite3``:

* a file that is not SQLite (or is damaged) is reported with :class:`CorruptLibraryError`
  and never written to; an SQLite file of some other program is refused as well;
* a library from a newer jobdesk (``user_version`` above :data:`LATEST`) is refused with
  :class:`NewerLibraryError` *before* anything is written (not even the WAL switch);
* an older library is copied aside (``library.sqlite3.v2-backup``) and migrated in one
  transaction (then VACUUMed, once, when the migration stored its texts compactly);
* connections are in autocommit mode; writes go through :func:`transaction`
  (``BEGIN IMMEDIATE``, so a writer waits for the lock up front instead of failing on
  upgrade); WAL, ``busy_timeout``, ``foreign_keys`` are on;
* a library that fails ``PRAGMA quick_check`` (damaged pages) or that cannot be written
  (no write permission on the file or its folder, a read-only mount) is opened READ-ONLY
  by :func:`open_library`: a ``mode=ro`` URI (``immutable=1`` when even that cannot read
  it, e.g. a WAL library in a folder where the ``-shm`` file cannot be made) with
  ``query_only`` on, so nothing can be written to it; the reason comes back with the
  connection, to be shown once, and every write is refused with
  :class:`ReadOnlyLibraryError`.

One connection per thread: a connection refuses use from another thread (the sqlite3
default); a worker opens its own.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from jobdesk.storage import safefile
from jobdesk.storage.migrations import APPLICATION_ID, COMPACT_STORAGE, LATEST, migrate

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


class LibraryError(Exception):
    """A library problem to show the user as one clear line."""


class CorruptLibraryError(LibraryError):
    pass


class NewerLibraryError(LibraryError):
    pass


class BusyLibraryError(LibraryError):
    pass


class ReadOnlyLibraryError(LibraryError):
    """A write to a library that was opened read-only (damaged, or not writable)."""


def describe(exc: sqlite3.Error, path: Path | str) -> LibraryError:
    """A user-facing LibraryError for an sqlite3 error raised while using ``path``."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return BusyLibraryError(
            f"{path}: the library is busy (another jobdesk is writing to it); try again"
        )
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return CorruptLibraryError(
            f"{path}: the library file is damaged ({msg}); it was left as it is — "
            "restore a backup or start a new library with --data-dir"
        )
    if "readonly" in low or "read-only" in low:
        return LibraryError(f"{path}: the library is read-only ({msg})")
    if "disk" in low and "full" in low:
        return LibraryError(f"{path}: the disk is full")
    return LibraryError(f"{path}: {msg}")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read the library ({exc.strerror or exc})") from None
    if not head:
        return  # an empty file is an empty database
    if not head.startswith(SQLITE_HEADER) or len(head) < 100:
        raise CorruptLibraryError(
            f"{path}: not a jobdesk library (not an SQLite database, or damaged); "
            "it was left as it is"
        )


def _raw_connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # e.g. a network file system; still safe, just slower
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")  # 32 MB page cache per connection


def inspect(path: Path) -> tuple[int, int, bool]:
    """(user_version, application_id, has_tables) of an existing file, read-only."""
    _check_header(path)
    conn = open_read_only(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            > 0
        )
        return int(version), int(app_id), bool(has_tables)
    except sqlite3.Error as exc:
        raise describe(exc, path) from None
    finally:
        conn.close()


def backup_path_for(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}-backup")


#: (st_dev, st_ino, size, mtime) of library files that passed quick_check in this process
#: (checked again once the file changes) …
_CHECKED: set[tuple[int, int, int, int]] = set()
#: … and of damaged ones, with the problem found
_DAMAGED: dict[tuple[int, int, int, int], str] = {}


def not_writable(path: Path) -> str | None:
    """Why the existing library at ``path`` cannot be written; None when it can.

    (Tests monkeypatch this: they run as root, whom file permissions do not stop.)
    """
    try:
        if os.statvfs(path).f_flag & getattr(os, "ST_RDONLY", 1):
            return "it is on a read-only file system"
    except (OSError, AttributeError):
        pass
    if not os.access(path, os.W_OK):
        return "you have no permission to write the file"
    if not os.access(path.parent, os.W_OK):
        return "you have no permission to write in its folder"
    return None


def damaged(path: Path) -> str | None:
    """The first problem ``PRAGMA quick_check`` finds in the library; None when it is
    sound (read-only; checked once per file per process)."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if key in _CHECKED:  # the window opens the library once per background job
        return None
    if key in _DAMAGED:
        return _DAMAGED[key]
    conn = open_read_only(path)
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
        problems = [str(r[0]) for r in rows if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    finally:
        conn.close()
    if problems:
        _DAMAGED[key] = problems[0]
        return problems[0]
    _CHECKED.add(key)
    return None


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: ``mode=ro``; ``immutable=1`` when ``mode=ro``
    cannot read (a WAL file whose ``-shm`` cannot be created). ``query_only`` on."""
    last: sqlite3.Error | None = None
    for extra in ("", "&immutable=1"):
        uri = path.resolve().as_uri() + "?mode=ro" + extra
        try:
            conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            last = exc
            if not _cannot_open(exc):
                break
            continue
        try:
            conn.execute("PRAGMA query_only = 1")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            last = exc
            if not _cannot_open(exc):
                break  # busy or damaged: immutable=1 would only hide that
            continue
        return conn
    assert last is not None
    raise describe(last, path)


def _cannot_open(exc: sqlite3.Error) -> bool:
    low = str(exc).lower()
    return "unable to open" in low or "readonly" in low or "read-only" in low


def open_library(path: Path | str) -> tuple[sqlite3.Connection, str | None]:
    """(connection, why it is read-only or None) for the library at ``path``.

    Like :func:`connect`, but a damaged or unwritable library is opened read-only
    instead of refused (the reason is one line to show the user); a file that is not a
    database at all, a newer library or another program's database is still refused.
    """
    path = Path(path)
    if not (path.exists() and path.stat().st_size > 0):
        return connect(path), None
    version, _app_id, _tables = inspect(path)
    if version > LATEST:
        return connect(path), None  # refused there, with its message
    problem = damaged(path)
    if problem is not None:
        reason = (
            f"{path}: the library is damaged ({problem}); it is opened read-only and never "
            "written to — export what can be read, then restore a backup"
        )
    elif (why := not_writable(path)) is not None:
        reason = f"{path}: the library is read-only ({why}); it can be read but not changed"
    else:
        return connect(path), None
    if 0 < version < LATEST:
        raise LibraryError(
            reason.split(";")[0] + f", and it needs an upgrade (format {version} → {LATEST}) "
            "that cannot be written; it was left untouched"
        )
    conn = open_read_only(path)
    try:
        _check_foreign(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn, reason


def _check_foreign(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id not in (0, APPLICATION_ID) or version == 0:
        raise LibraryError(
            f"{path} is an SQLite database of some other program, not a jobdesk "
            "library; it was left untouched"
        )


def connect(path: Path | str, *, migrate_ok: bool = True) -> sqlite3.Connection:
    """Open (creating or migrating if needed) the library at ``path``."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        version, app_id, has_tables = inspect(path)
        if version > LATEST:
            raise NewerLibraryError(
                f"{path} was written by a newer jobdesk (library format {version}; this "
                f"jobdesk reads up to {LATEST}). Update jobdesk to open it; the file was "
                "left untouched."
            )
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and version == 0 and has_tables):
            raise LibraryError(
                f"{path} is an SQLite database of some other program, not a jobdesk "
                "library; it was left untouched"
            )
        if 0 < version < LATEST:
            if not migrate_ok:
                raise LibraryError(f"{path} needs an upgrade (format {version} → {LATEST})")
            _copy_aside(path, version)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"{path.parent}: cannot create the library folder ({exc.strerror or exc})"
            ) from None
    try:
        conn = _raw_connect(path)
    except sqlite3.Error as exc:
        raise describe(exc, path) from None
    try:
        _configure(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:  # another process upgraded it between inspect and here
            raise NewerLibraryError(f"{path} was written by a newer jobdesk (format {version})")
        if version < LATEST:
            old = migrate(conn)
            if 0 < old < COMPACT_STORAGE:
                _vacuum(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise describe(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _vacuum(conn: sqlite3.Connection) -> None:
    """Give back the space a migration freed (format 7 stores each text once): without
    it the file would keep its old size, the freed pages waiting for new postings. The
    old library was copied aside first; a library busy elsewhere is left as it is."""
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("VACUUM")


def _copy_aside(path: Path, version: int) -> None:
    """Before migrating, keep a copy of the old library (online backup API)."""
    dest = backup_path_for(path, version)
    if dest.exists():
        return
    src = _raw_connect(path, readonly=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise describe(exc, path) from None
    finally:
        src.close()


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any exception). Not re-entrant."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def backup(
    conn: sqlite3.Connection, dest: Path | str, *, pages: int = 1024, force: bool = False
) -> None:
    """Copy the live library to ``dest`` with SQLite's online backup API.

    Readers and writers may keep working meanwhile; the copy is a consistent snapshot.
    ``dest`` follows the rules of :mod:`jobdesk.storage.safefile`: an existing file only
    with ``force``, never a link, device or FIFO. The copy is written to a temporary file
    beside it, checked, and renamed; on any failure (disk full …) nothing is left behind.
    """
    dest = Path(dest)
    try:
        with safefile.replacing(dest, force=force) as tmp:
            out = sqlite3.connect(tmp)
            try:
                conn.backup(out, pages=pages)
                out.execute("PRAGMA journal_mode = DELETE")
                ok = out.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                out.close()
            if ok != "ok":
                raise LibraryError(f"{dest}: the backup failed its check ({ok})")
    except safefile.TargetError as exc:
        raise LibraryError(str(exc)) from None

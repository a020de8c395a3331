"""Opening the library database safely.

:func:`connect` is the only way jobdesk opens ``library.sqlite3``:

* a file that is not SQLite (or is damaged) is reported with :class:`CorruptLibraryError`
  and never written to; an SQLite file of some other program is refused as well;
* a library from a newer jobdesk (``user_version`` above :data:`LATEST`) is refused with
  :class:`NewerLibraryError` *before* anything is written (not even the WAL switch);
* an older library is copied aside (``library.sqlite3.v2-backup``) and migrated in one
  transaction;
* connections are in autocommit mode; writes go through :func:`transaction`
  (``BEGIN IMMEDIATE``, so a writer waits for the lock up front instead of failing on
  upgrade); WAL, ``busy_timeout``, ``foreign_keys`` are on.

One connection per thread: a connection refuses use from another thread (the sqlite3
default); a worker opens its own.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from jobdesk.storage import safefile
from jobdesk.storage.migrations import APPLICATION_ID, LATEST, migrate

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
    conn = _raw_connect(path, readonly=True)
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
            migrate(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise describe(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


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

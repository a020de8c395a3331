"""Writing a user-named output file (an export, a backup) without harm.

* A path that exists is refused unless ``force`` is given; even then only a *regular
  file* is replaced. A symbolic link is never followed (nor replaced), and a device, FIFO,
  socket or folder is never written to — run as root, ``--out /dev/null --force`` must not
  turn ``/dev/null`` into a regular file.
* The new content goes to a temporary file in the same folder (created exclusively, never
  through a link), and takes the target's name only once complete: ``os.replace`` when
  replacing, a hard link (which fails if the name was taken meanwhile) when the target
  did not exist. A failure at any point removes the temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

T = TypeVar("T")

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class TargetError(Exception):
    """The output path may not be written (one clear line for the user)."""

    def __init__(self, message: str, *, exists: bool = False) -> None:
        super().__init__(message)
        self.exists = exists  # True: only --force was missing


def check_target(path: Path, *, force: bool) -> bool:
    """Raise TargetError unless ``path`` may be written; True when it exists (a regular
    file that ``force`` allows replacing)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise TargetError(f"{path}: cannot check it ({exc.strerror or exc})") from None
    if stat.S_ISLNK(st.st_mode):
        raise TargetError(f"{path} is a symbolic link; jobdesk never writes through one")
    if stat.S_ISDIR(st.st_mode):
        raise TargetError(f"{path} is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise TargetError(
            f"{path} is not a regular file (a device, FIFO or socket); it is never written to"
        )
    if not force:
        raise TargetError(f"{path} exists; use --force to replace it", exists=True)
    return True


def temp_path(path: Path) -> Path:
    """A fresh, exclusively created, empty temporary file beside ``path``."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise OSError(errno.EEXIST, "cannot create a temporary file", str(path.parent))


def remove(tmp: Path) -> None:
    for p in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            os.unlink(p)


def put_in_place(tmp: Path, path: Path, *, force: bool) -> None:
    """Give the finished ``tmp`` the name ``path`` (checked again just before)."""
    if check_target(path, force=force):
        with contextlib.suppress(OSError):  # keep the permissions of the file replaced
            os.chmod(tmp, stat.S_IMODE(os.lstat(path).st_mode))
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the name was taken meanwhile
    except FileExistsError:
        raise TargetError(f"{path} exists; use --force to replace it", exists=True) from None
    except OSError:
        # no hard links here (some file systems): a rename, checked just before
        check_target(path, force=False)
        os.replace(tmp, path)
        return
    os.unlink(tmp)


@contextlib.contextmanager
def replacing(path: Path, *, force: bool) -> Iterator[Path]:
    """``with replacing(path, force=f) as tmp:`` write ``tmp``; on a clean exit it becomes
    ``path``; on any exception it is removed and ``path`` is left as it was."""
    check_target(path, force=force)
    tmp = temp_path(path)
    try:
        yield tmp
        put_in_place(tmp, path, force=force)
    except BaseException:
        remove(tmp)
        raise


def write_text(path: Path, write: Callable[[IO[str]], T], *, force: bool) -> T:
    """Write a text file (UTF-8, ``\\n``) through :func:`replacing`."""
    with replacing(path, force=force) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | _NOFOLLOW)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
    return result

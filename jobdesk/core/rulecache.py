"""The shipped rule packs, parsed once and kept in the user's cache folder.

Parsing the shipped packs (TOML, checking every key, compiling every pattern to validate
it, finding each rule's literals) takes most of a CLI process's time, for a result that
only changes when the packs or jobdesk do. So the parsed packs are pickled, under a key
hashing the packs' text, the modules that parse them, jobdesk's version and Python's, in
:func:`jobdesk.paths.cache_dir`. Their patterns pickle as source and flags and compile
on first use (lazyre.py), so a process compiles only what its postings wake.

Only packs that parsed without a single error are kept, and only the shipped ones: a
user's pack is read and checked afresh every time. A cache that cannot be read (stale,
cut short, from another version, unreadable) is ignored and written again; a cache that
cannot be written is no error. The cache holds jobdesk's own objects, written by jobdesk
into a folder only the user can write to (like the config folder, whose packs run as
rules).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from jobdesk import __version__
from jobdesk.paths import cache_dir

try:  # (hashlib's blake2b, without hashlib's start-up of OpenSSL: 1.5 ms a process)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (a Python built without it)
    from hashlib import blake2b

FORMAT = 3  # bumped when what is cached changes shape
_PREFIX = "rules-"
# The modules whose code decides what a parsed pack holds.
_CODE = ("rules.py", "kinds.py", "lazyre.py", "bounded.py", "prefilter.py")


def key(sources: Sequence[tuple[str, str]]) -> str:
    """A hash of the packs ((path, text) pairs) and of everything that parses them."""
    h = blake2b(digest_size=16)
    h.update(f"{FORMAT}\0{__version__}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    here = Path(__file__).parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    for path, text in sources:
        h.update(f"\0{path}\0{len(text)}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _file(digest: str) -> Path:
    return cache_dir() / f"{_PREFIX}{digest}.pickle"


class Stored(Mapping[Any, Any]):
    """A mapping kept after the cache's pickle (:func:`write`'s ``stored``): each value
    is read and unpickled when asked for, so a process pays only for the few it uses
    (a one-off clean makes some 80 of the 1,100 patterns). A damaged value raises."""

    def __init__(self, data: mmap.mmap, base: int, index: dict[Any, tuple[int, int]]) -> None:
        self._data, self._base, self._index = data, base, index

    def __getitem__(self, key: Any) -> Any:
        start, size = self._index[key]
        start += self._base
        return pickle.loads(self._data[start : start + size])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def read(sources: Sequence[tuple[str, str]]) -> Any | None:
    """What :func:`write` kept for these sources, or None. The ``stored`` mappings are
    in the value, under their names, as :class:`Stored` mappings."""
    try:
        with open(_file(key(sources)), "rb") as f:
            got = pickle.load(f)
            if not (isinstance(got, dict) and got.get("format") == FORMAT):
                return None
            value = got["value"]
            if got["stored"]:
                base = f.tell()
                data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                for name, index in got["stored"].items():
                    value[name] = Stored(data, base, index)
    except Exception:  # missing, cut short, another version's classes …: rebuilt
        return None
    return value


def write(
    sources: Sequence[tuple[str, str]],
    value: dict[str, Any],
    stored: Mapping[str, Mapping[Any, Any]] | None = None,
) -> None:
    """Keep ``value`` for these sources (atomically; older caches are removed), with
    the ``stored`` mappings after it, each value pickled on its own (:class:`Stored`)."""
    digest = key(sources)
    try:
        blobs: list[bytes] = []
        offset = 0
        indexes: dict[str, dict[Any, tuple[int, int]]] = {}
        for name, mapping in (stored or {}).items():
            index = indexes[name] = {}
            for k, v in mapping.items():
                blob = pickle.dumps(v, pickle.HIGHEST_PROTOCOL)
                index[k] = (offset, len(blob))
                blobs.append(blob)
                offset += len(blob)
        head = {"format": FORMAT, "value": value, "stored": indexes}
        _replace(_file(digest), pickle.dumps(head, pickle.HIGHEST_PROTOCOL), *blobs)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only or full disk: the next process parses the packs again


def _replace(path: Path, *chunks: bytes) -> None:
    """Write ``path`` atomically and remove the files it replaces (same prefix)."""
    import tempfile  # (only a process that parsed the packs writes)

    prefix = path.name.partition("-")[0] + "-"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{prefix}", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    for old in path.parent.glob(f"{prefix}*.pickle"):
        if old.name != path.name:
            old.unlink(missing_ok=True)


# -- the patterns jobdesk's modules compile as they are imported ------------------------
#
# Their programs (lazyre.py) depend on nothing but the pattern and Python's re, so they
# are kept under a key of Python's version (and jobdesk's, whose modules they come from)
# alone: a process reads them before it imports those modules (lazyre.prime).


def _patterns_file() -> Path:
    h = blake2b(f"{FORMAT}\0{__version__}\0{sys.version}".encode(), digest_size=16)
    return cache_dir() / f"patterns-{h.hexdigest()}.pickle"


def read_patterns() -> dict[Any, Any]:
    """What :func:`write_patterns` kept for this Python ({} when nothing is, or it
    cannot be read)."""
    try:
        with open(_patterns_file(), "rb") as f:
            got = pickle.load(f)
    except Exception:
        return {}
    return got if isinstance(got, dict) else {}


def write_patterns(programs: dict[Any, Any]) -> None:
    """Keep the programs of the patterns the modules compile at import."""
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):  # (as write)
        _replace(_patterns_file(), pickle.dumps(programs, pickle.HIGHEST_PROTOCOL))

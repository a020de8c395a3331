"""The posting library: save, find, page through, edit, delete (no Qt).

Typical use::

    with Library.open() as lib:                       # the user's library (or a path)
        result = lib.add(NewPosting.from_result(clean(path), tags=["remote"]))
        if result.duplicate:                          # exact: not saved again
            print(f"already in your library (saved {result.duplicate.saved_date})")
        elif result.similar_to:                       # a repost: saved, and flagged
            ...
        n = lib.count("rust status:saved")
        rows = lib.page("rust status:saved", offset=0, limit=100, sort="created")

For a table view over 100k postings: ``count(query)`` for the row count, then ``page`` (or
``ids`` once and ``rows(ids[a:b])`` per visible window) for light :class:`PostingRow` s;
the big texts live in their own table and are loaded only by :meth:`Library.get`.

A :class:`Library` wraps ONE sqlite3 connection and must stay on the thread that opened
it; background work (a folder import) opens its own ``Library`` on the same path.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jobdesk.paths import library_path
from jobdesk.storage import compact
from jobdesk.storage import text as textmod
from jobdesk.storage.db import (
    LibraryError,
    ReadOnlyLibraryError,
    backup,
    describe,
    open_library,
    transaction,
)
from jobdesk.storage.migrations import FTS_INSERT, LATEST
from jobdesk.storage.query import Parsed, parse

if TYPE_CHECKING:
    from jobdesk.core.result import CleanResult

T = TypeVar("T")

RANK_LIMIT = 5_000  # rank by relevance up to this many matches (see Library.page)

SORTS: dict[str, str] = {
    "created": "p.created_at",
    "saved": "p.created_at",
    "updated": "p.updated_at",
    "title": "p.title COLLATE NOCASE",
    "company": "p.company COLLATE NOCASE",
    "location": "p.location COLLATE NOCASE",
    "pay": "p.pay COLLATE NOCASE",
    "workplace": "p.workplace",
    "type": "p.employment_type",
    "sponsorship": "p.sponsorship",
    "site": "p.site",
    "status": "s.position",
    "id": "p.id",
    "relevance": "rank",
}

_ROW_COLS = (
    "p.id, p.title, p.company, p.location, p.pay, p.site, p.status, p.created_at, "
    "p.updated_at, p.url, p.hand_edited, p.near_duplicate_of, "
    "(SELECT group_concat(tg.name, char(31)) FROM posting_tag pt "
    " JOIN tag tg ON tg.id = pt.tag_id WHERE pt.posting_id = p.id) AS tags, "
    "p.workplace, p.employment_type, p.sponsorship"
)


NO_TEXT = "no text (a posting with no text is never saved)"


def _bad_record(exc: BaseException) -> bool:
    """True for an error caused by one posting's data, not by the library (see add_many)."""
    if isinstance(exc, sqlite3.OperationalError | sqlite3.InternalError):
        return False  # busy, disk full, read-only, I/O: every posting would fail
    if type(exc) is sqlite3.DatabaseError:  # "database disk image is malformed"
        return False
    return isinstance(
        exc,
        LibraryError
        | ValueError
        | TypeError
        | OverflowError
        | RecursionError
        | sqlite3.IntegrityError
        | sqlite3.DataError
        | sqlite3.InterfaceError
        | sqlite3.ProgrammingError,
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OverflowError):
        return f"a number too large to store ({exc})"
    if isinstance(exc, RecursionError):
        return "its data is nested too deeply to store"
    if isinstance(exc, sqlite3.IntegrityError):
        return f"the library refused it ({exc})"
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def now() -> str:
    """UTC timestamp as stored: ISO 8601 with milliseconds and 'Z' (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _date(ts: str) -> str:
    return ts[:10]


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for t in tags:
        name = " ".join(textmod.storable(str(t)).replace("\x00", "").split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def _str_field(fields: Mapping[str, Any], key: str) -> str:
    return textmod.display_value(fields.get(key))


def _facts(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fact columns (workplace, employment_type, sponsorship, pay_*) of ``fields``."""
    facts = textmod.fact_columns(fields)
    return {k: textmod.storable(v) if isinstance(v, str) else v for k, v in facts.items()}


def _fields_of(result: CleanResult) -> dict[str, Any]:
    """The result's facts as the library stores them (their JSON).

    Extraction is best effort: a failure there must never stop a posting being saved.
    """
    from jobdesk.core.facts import extract_facts

    try:
        return extract_facts(result).to_json()
    except Exception:  # e.g. a 400-digit JSON-LD salary the extractor chokes on
        return {}


_SORTED_RULES: dict[frozenset[str], tuple[str, ...]] = {}


def _sorted_rules(enabled: frozenset[str]) -> tuple[str, ...]:
    """``sorted(enabled)``, sorted once per rule set: an import saves every posting with
    the same ~260 rule ids (the same frozenset, so the look-up is by identity)."""
    got = _SORTED_RULES.get(enabled)
    if got is None:
        if len(_SORTED_RULES) > 64:
            _SORTED_RULES.clear()
        got = _SORTED_RULES[enabled] = tuple(sorted(enabled))
    return got


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class PostingRow:
    """One library table row: what a list shows, nothing big."""

    id: int
    title: str
    company: str
    location: str
    pay: str
    site: str
    status: str
    created_at: str
    updated_at: str
    url: str
    hand_edited: bool
    near_duplicate_of: int | None
    tags: tuple[str, ...] = ()
    workplace: str = ""  # remote | hybrid | on-site | "" (see text.fact_columns)
    employment_type: str = ""  # "full-time, contract" …
    sponsorship: str = ""  # yes | no | unknown | ""

    @property
    def saved_date(self) -> str:
        return _date(self.created_at)

    @classmethod
    def from_sql(cls, r: Sequence[Any]) -> PostingRow:
        """The row of a ``SELECT {_ROW_COLS}`` result.

        A search shows up to 100 of these per keystroke, and a frozen dataclass's
        ``__init__`` sets each field through ``object.__setattr__``: the fields are set
        here through their slots instead (twice as fast; the same values, and the row is
        as immutable as ever)."""
        tags = tuple(sorted(r[12].split("\x1f"), key=str.casefold)) if r[12] else ()
        row = object.__new__(cls)
        put = _ROW_SLOTS  # one call per field, in field order (a loop costs a third more)
        put[0](row, r[0])
        put[1](row, r[1])
        put[2](row, r[2])
        put[3](row, r[3])
        put[4](row, r[4])
        put[5](row, r[5])
        put[6](row, r[6])
        put[7](row, r[7])
        put[8](row, r[8])
        put[9](row, r[9])
        put[10](row, bool(r[10]))
        put[11](row, r[11])
        put[12](row, tags)
        put[13](row, r[13])
        put[14](row, r[14])
        put[15](row, r[15])
        return row


#: the slot setters of PostingRow's fields, in field order (see PostingRow.from_sql)
_ROW_SLOTS: tuple[Callable[[PostingRow, Any], None], ...] = tuple(
    getattr(PostingRow, f.name).__set__ for f in fields(PostingRow)
)
assert len(_ROW_SLOTS) == 16, "PostingRow.from_sql sets each field: add the new one there"


@dataclass
class Posting:
    """A whole posting, texts included."""

    id: int
    uid: str
    title: str
    company: str
    location: str
    pay: str
    site: str
    url: str
    status: str
    tags: list[str]
    notes: str
    created_at: str
    updated_at: str
    hand_edited: bool
    rules: list[str]
    fields: dict[str, Any]
    kind: str
    source_name: str
    content_hash: str
    near_duplicate_of: int | None
    similarity: float | None
    raw: str
    source: str
    cleaned: str

    @property
    def saved_date(self) -> str:
        return _date(self.created_at)

    @property
    def display_title(self) -> str:
        return self.title or textmod.first_line(self.cleaned) or f"posting #{self.id}"


@dataclass
class NewPosting:
    """What to save. Build it from a CleanResult with :meth:`from_result`."""

    cleaned: str
    source: str = ""
    raw: str = ""
    rules: Sequence[str] = ()
    site: str | None = None
    url: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    title: str | None = None  # None: from fields, else the first line of the cleaned text
    company: str | None = None
    tags: Sequence[str] = ()
    status: str = "saved"
    notes: str = ""
    hand_edited: bool = False
    kind: str = "text"
    source_name: str = ""
    # restoring an export:
    uid: str | None = None
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    # near-duplicate flag: computed on save unless given (restoring a saved posting)
    flag_similar: bool = True
    near_duplicate_of: int | None = None
    similarity: float | None = None
    near_duplicate_uid: str | None = None

    @classmethod
    def from_result(
        cls,
        result: CleanResult,
        *,
        cleaned: str | None = None,
        tags: Sequence[str] = (),
        status: str = "saved",
        notes: str = "",
        url: str | None = None,
        source_name: str | None = None,
    ) -> NewPosting:
        """A posting from the engine's result. ``cleaned``: the text as the user edited it."""
        doc = result.document
        fields = _fields_of(result)
        text = result.cleaned if cleaned is None else cleaned
        title = _str_field(fields, "title")
        company = _str_field(fields, "company")
        if result.jsonld and not title:
            title = _str_field(result.jsonld, "title")
        if result.jsonld and not company:
            company = _str_field(result.jsonld, "hiringOrganization")
        return cls(
            cleaned=text,
            source=result.source,
            raw=(doc.raw if doc is not None and doc.raw else result.source),
            rules=list(_sorted_rules(result.enabled)),
            site=result.site,
            url=url or (doc.url if doc is not None else None),
            fields=fields,
            title=title or None,
            company=company or None,
            tags=tags,
            status=status,
            notes=notes,
            hand_edited=cleaned is not None and cleaned != result.cleaned,
            kind=doc.kind if doc is not None else "text",
            source_name=source_name or (doc.name if doc is not None and doc.name else ""),
        )


@dataclass
class AddResult:
    """The outcome of :meth:`Library.add`.

    ``id`` is None when nothing was saved because ``duplicate`` (an exact duplicate: same
    cleaned text after whitespace and case folding) is already in the library.
    ``similar_to`` lists near duplicates (id, similarity 0..1), best first; the new
    posting is saved and flagged, never merged. ``error`` says why a posting was skipped
    (only with ``add_many(skip_bad=True)``; otherwise the error is raised).
    """

    id: int | None
    duplicate: PostingRow | None = None
    similar_to: list[tuple[PostingRow, float]] = field(default_factory=list)
    #: ``add_many(..., skip_bad=True)``: why this posting was not saved (then ``id`` is None)
    error: str | None = None

    @property
    def saved(self) -> bool:
        return self.id is not None


@dataclass
class _Prepared:
    cleaned: str
    source: str
    raw: str
    stored_source: str | bytes | None  # as stored: packed against cleaned
    stored_raw: str | bytes | None  # packed against source
    shingles: set[int]
    minhash: bytes
    bands: list[int]
    content_hash: str


# --------------------------------------------------------------------------- library


class Library:
    """The posting library over one SQLite connection (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: str | None = None) -> None:
        self.conn = conn
        self.path = path
        #: why the library was opened read-only (damaged, or not writable): one line to
        #: show the user; None for a normal library. Writes then raise ReadOnlyLibraryError.
        self.read_only = read_only
        self._data_version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        #: rule ids as given → (their stored JSON, its digest): see _rule_set
        self._rule_sets: dict[tuple[str, ...], tuple[str, str]] = {}
        #: inside add_many: the full-text rows of the postings inserted so far, indexed at
        #: the end of its transaction (see migrations.FTS_INSERT); None: index at once
        self._fts_rows: list[tuple[int, str, str, str]] | None = None

    @classmethod
    def open(cls, path: Path | str | None = None) -> Library:
        """Open (create, migrate) the library at ``path`` (default: the user's library).

        A damaged or unwritable library opens read-only (see :attr:`read_only`)."""
        p = Path(path) if path is not None else library_path()
        conn, read_only = open_library(p)
        return cls(conn, p, read_only)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------

    def _guard(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except sqlite3.Error as exc:
            raise describe(exc, self.path) from None

    def transaction(self) -> Any:
        return self._write()

    def _write(self) -> Any:
        """The write transaction; ReadOnlyLibraryError when the library is read-only."""
        if self.read_only is not None:
            raise ReadOnlyLibraryError(f"{self.read_only.rstrip('.')}; nothing was changed")
        return transaction(self.conn)

    def changed_elsewhere(self) -> bool:
        """True when another connection (the CLI, another window, a worker thread) has
        committed changes since the last call. Cheap: poll it from a timer to refresh views."""
        version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        last, self._data_version = self._data_version, version
        return version != last

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- saving -------------------------------------------------------------------

    def find_duplicate(self, cleaned: str) -> PostingRow | None:
        """The earliest posting with the same normalised cleaned text, if any."""
        h = textmod.content_hash(textmod.storable(cleaned))
        return self._guard(lambda: self._row_where("p.content_hash = ?", [h]))

    def _row_where(self, cond: str, params: Sequence[object]) -> PostingRow | None:
        r = self.conn.execute(
            f"SELECT {_ROW_COLS} FROM posting p WHERE {cond} ORDER BY p.id LIMIT 1", params
        ).fetchone()
        return PostingRow.from_sql(r) if r else None

    def find_similar(
        self, cleaned: str, *, exclude: int | None = None, limit: int = 5
    ) -> list[tuple[PostingRow, float]]:
        """Near duplicates of ``cleaned`` (exact Jaccard ≥ NEAR_DUPLICATE), best first."""
        sh, _blob, keys = textmod.sketch(textmod.storable(cleaned))
        return self._guard(lambda: self._similar(sh, keys, exclude, limit))

    def _similar(
        self, sh: set[int], keys: list[int], exclude: int | None, limit: int
    ) -> list[tuple[PostingRow, float]]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        cands = self.conn.execute(
            f"SELECT posting_id, count(*) AS n FROM minhash_band WHERE band IN ({marks}) "
            "GROUP BY posting_id ORDER BY n DESC, posting_id LIMIT 20",
            keys,
        ).fetchall()
        found: list[tuple[int, float]] = []
        for pid, _n in cands:
            if pid == exclude:
                continue
            row = self.conn.execute(
                "SELECT cleaned FROM posting_text WHERE posting_id = ?", (pid,)
            ).fetchone()
            if row is None:
                continue
            sim = textmod.jaccard(sh, textmod.shingles(row[0]))
            if sim >= textmod.NEAR_DUPLICATE:
                found.append((pid, sim))
        found.sort(key=lambda t: (-t[1], t[0]))
        rows = {r.id: r for r in self.rows([pid for pid, _ in found[:limit]])}
        return [(rows[pid], sim) for pid, sim in found[:limit] if pid in rows]

    def add(self, new: NewPosting, *, allow_duplicate: bool = False) -> AddResult:
        """Save one posting (its own transaction). See :class:`AddResult`."""
        return self.add_many([new], allow_duplicates=allow_duplicate)[0]

    def add_many(
        self,
        news: Iterable[NewPosting],
        *,
        allow_duplicates: bool = False,
        skip_bad: bool = False,
    ) -> list[AddResult]:
        """Save several postings in ONE transaction.

        All or nothing by default. With ``skip_bad`` (imports) each posting is written
        under a SAVEPOINT of its own: a posting the library cannot take (no text, a number
        too large for SQLite, a value of the wrong type, nesting too deep to store) is
        rolled back alone and comes back with ``error`` set; the rest of the batch is
        saved. A problem of the library itself (busy, disk full, read-only, damaged)
        still stops the whole batch.
        """
        if not skip_bad:
            prepared = [self._prepare(n) for n in news]

            def run() -> list[AddResult]:
                with self._write():
                    self._fts_rows = []
                    try:
                        out = [self._insert(n, pre, allow_duplicates) for n, pre in prepared]
                        self.conn.executemany(FTS_INSERT, self._fts_rows)
                    finally:
                        self._fts_rows = None
                    return out

            return self._guard(run)

        items: list[tuple[NewPosting, _Prepared] | str] = []
        for n in news:
            try:
                items.append(self._prepare(n))
            except Exception as exc:
                if not _bad_record(exc):
                    raise
                items.append(_reason(exc))

        def run_each() -> list[AddResult]:
            out: list[AddResult] = []
            with self._write():
                self._fts_rows = []
                try:
                    self._insert_each(items, allow_duplicates, out)
                    self.conn.executemany(FTS_INSERT, self._fts_rows)
                finally:
                    self._fts_rows = None
            return out

        return self._guard(run_each)

    def _insert_each(
        self,
        items: list[tuple[NewPosting, _Prepared] | str],
        allow_duplicates: bool,
        out: list[AddResult],
    ) -> None:
        """Each posting under a SAVEPOINT of its own (add_many with ``skip_bad``)."""
        for item in items:
            if isinstance(item, str):
                out.append(AddResult(None, error=item))
                continue
            self.conn.execute("SAVEPOINT posting")
            try:
                res = self._insert(item[0], item[1], allow_duplicates)
            except Exception as exc:
                if not _bad_record(exc):
                    raise
                self.conn.execute("ROLLBACK TO posting")
                self.conn.execute("RELEASE posting")
                out.append(AddResult(None, error=_reason(exc)))
            else:
                self.conn.execute("RELEASE posting")
                out.append(res)

    @staticmethod
    def _prepare(n: NewPosting) -> tuple[NewPosting, _Prepared]:
        """The CPU work of a save, done outside the write lock."""
        cleaned = textmod.storable(n.cleaned)
        chash, sh, blob, keys = textmod.fingerprint(cleaned)
        source = cleaned if n.source is n.cleaned else textmod.storable(n.source)
        if n.raw is n.cleaned:
            raw = cleaned
        elif n.raw is n.source:
            raw = source
        else:
            raw = textmod.storable(n.raw)
        return n, _Prepared(
            cleaned=cleaned,
            source=source,
            raw=raw,
            stored_source=compact.pack(source, cleaned),
            stored_raw=compact.pack(raw, source),
            shingles=sh,
            minhash=blob,
            bands=keys,
            content_hash=chash,
        )

    def _insert(self, n: NewPosting, pre: _Prepared, allow_duplicate: bool) -> AddResult:
        sh, blob, keys, chash = pre.shingles, pre.minhash, pre.bands, pre.content_hash
        conn = self.conn
        if n.uid is None and not pre.cleaned.strip():
            # never a new posting without text (an empty page is not "a duplicate" of
            # another); a saved one being restored (undo of a delete, an export of an
            # older library) comes back as it was
            raise LibraryError(NO_TEXT)
        if n.uid:
            dup = self._row_where("p.uid = ?", [n.uid])
            if dup is not None:
                return AddResult(None, duplicate=dup)
        if not allow_duplicate:
            dup = self._row_where("p.content_hash = ?", [chash])
            if dup is not None:
                return AddResult(None, duplicate=dup)
        similar = self._similar(sh, keys, None, 5) if n.flag_similar else []
        near, sim = (similar[0][0].id, similar[0][1]) if similar else (None, None)
        if (
            not n.flag_similar
            and n.near_duplicate_of is not None
            and conn.execute(
                "SELECT 1 FROM posting WHERE id = ?", (n.near_duplicate_of,)
            ).fetchone()
        ):
            near, sim = n.near_duplicate_of, n.similarity
        if not n.flag_similar and n.near_duplicate_uid:
            r = conn.execute("SELECT id FROM posting WHERE uid = ?", (n.near_duplicate_uid,))
            row = r.fetchone()
            if row is not None:
                near, sim = int(row[0]), n.similarity
        cleaned = pre.cleaned
        fields = dict(n.fields or {})
        title = textmod.storable(n.title if n.title is not None else _str_field(fields, "title"))
        title = " ".join(title.split()) or textmod.first_line(cleaned)
        company = textmod.storable(
            n.company if n.company is not None else _str_field(fields, "company")
        )
        status = self._ensure_status(n.status or "saved")
        created = n.created_at or now()
        updated = n.updated_at or created
        pid = n.id
        if (
            pid is not None
            and conn.execute("SELECT 1 FROM posting WHERE id = ?", (pid,)).fetchone()
        ):
            pid = None  # taken: restore under a new id
        facts = _facts(fields)
        stored_company = " ".join(company.split())
        cur = conn.execute(
            """INSERT INTO posting (id, uid, created_at, updated_at, title, company, location,
                   pay, site, url, status, notes, hand_edited, rule_set, fields, kind,
                   source_name, content_hash, minhash, near_duplicate_of, similarity,
                   workplace, employment_type, sponsorship, pay_min, pay_max, pay_currency,
                   pay_period)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                       ?, ?, ?, ?, ?, ?, ?)""",
            (
                pid,
                n.uid or uuid.uuid4().hex,
                created,
                updated,
                title,
                stored_company,
                textmod.storable(_str_field(fields, "location")),
                textmod.storable(_str_field(fields, "pay")),
                textmod.storable(n.site or ""),
                textmod.storable(n.url or ""),
                status,
                textmod.storable(n.notes),
                int(bool(n.hand_edited)),
                self._rule_set(n.rules),
                json.dumps(fields, ensure_ascii=False, default=str),
                n.kind or "text",
                textmod.storable(n.source_name),
                chash,
                blob,
                near,
                sim,
                *(facts[c] for c in textmod.FACT_COLUMNS),
            ),
        )
        new_id = int(cur.lastrowid or 0)
        conn.execute(
            "INSERT INTO posting_text (posting_id, raw, source, cleaned) VALUES (?, ?, ?, ?)",
            (new_id, pre.stored_raw, pre.stored_source, cleaned),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO minhash_band (band, posting_id) VALUES (?, ?)",
            [(k, new_id) for k in keys],
        )
        self._set_tags(new_id, n.tags)
        fts_row = (new_id, title, stored_company, cleaned)
        if self._fts_rows is None:
            conn.execute(FTS_INSERT, fts_row)
        else:
            self._fts_rows.append(fts_row)  # the last step: a failed posting never gets here
        return AddResult(new_id, similar_to=similar)

    def _rule_set(self, rules: Iterable[str]) -> int | None:
        """The ``rule_set`` id of a list of rule ids (stored once per distinct set).

        An import saves the same ~260 ids with every posting: their stored form and its
        digest are remembered by the list as given, so only the look-up is paid again."""
        given = tuple(rules)
        known = self._rule_sets.get(given)
        if known is None:
            stored = compact.rules_json(sorted(set(given)))
            known = (stored, compact.digest(stored))
            if len(self._rule_sets) > 64:
                self._rule_sets.clear()
            self._rule_sets[given] = known
        return compact.rule_set_id(self.conn, *known)

    # -- reading ------------------------------------------------------------------

    def get(self, posting_id: int) -> Posting | None:
        def run() -> Posting | None:
            r = self.conn.execute(
                """SELECT p.id, p.uid, p.title, p.company, p.location, p.pay, p.site, p.url,
                          p.status, p.notes, p.created_at, p.updated_at, p.hand_edited,
                          (SELECT rs.rules FROM rule_set rs WHERE rs.id = p.rule_set),
                          p.fields, p.kind, p.source_name, p.content_hash,
                          p.near_duplicate_of, p.similarity, t.raw, t.source, t.cleaned
                   FROM posting p JOIN posting_text t ON t.posting_id = p.id
                   WHERE p.id = ?""",
                (posting_id,),
            ).fetchone()
            if r is None:
                return None
            cleaned = r[22]
            source = _unpack(posting_id, r[21], cleaned)
            raw = _unpack(posting_id, r[20], source)
            return Posting(
                id=r[0],
                uid=r[1],
                title=r[2],
                company=r[3],
                location=r[4],
                pay=r[5],
                site=r[6],
                url=r[7],
                status=r[8],
                tags=self.tags_of(r[0]),
                notes=r[9],
                created_at=r[10],
                updated_at=r[11],
                hand_edited=bool(r[12]),
                rules=_json(r[13], []),
                fields=_json(r[14], {}),
                kind=r[15],
                source_name=r[16],
                content_hash=r[17],
                near_duplicate_of=r[18],
                similarity=r[19] if r[18] is not None else None,
                raw=raw,
                source=source,
                cleaned=cleaned,
            )

        return self._guard(run)

    def require(self, posting_id: int) -> Posting:
        p = self.get(posting_id)
        if p is None:
            raise LibraryError(f"no posting #{posting_id} in the library")
        return p

    def get_by_uid(self, uid: str) -> Posting | None:
        r = self._guard(lambda: self.conn.execute("SELECT id FROM posting WHERE uid = ?", (uid,)))
        row = r.fetchone()
        return self.get(row[0]) if row else None

    def tags_of(self, posting_id: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT tg.name FROM posting_tag pt JOIN tag tg ON tg.id = pt.tag_id "
            "WHERE pt.posting_id = ? ORDER BY tg.name COLLATE NOCASE",
            (posting_id,),
        ).fetchall()
        return [r[0] for r in rows]

    @staticmethod
    def _where(parsed: Parsed) -> tuple[str, list[object]]:
        """The WHERE conditions on ``posting p`` for a parsed query.

        The full-text match is an ``IN (SELECT rowid …)`` subquery, never a join: joined,
        SQLite may drive the query from ``posting`` and run the MATCH once per row (seconds
        at 100k postings); as a subquery FTS5 produces its rowids once.
        """
        conds: list[str] = []
        params: list[object] = []
        if parsed.match is not None:
            conds.append("p.id IN (SELECT rowid FROM posting_fts WHERE posting_fts MATCH ?)")
            params.append(parsed.match)
        if parsed.exclude is not None:
            conds.append("p.id NOT IN (SELECT rowid FROM posting_fts WHERE posting_fts MATCH ?)")
            params.append(parsed.exclude)
        conds.extend(parsed.where)
        params.extend(parsed.params)
        return " AND ".join(conds) or "1", params

    def _run_query(self, sql: str, params: Sequence[object]) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            # Our MATCH strings are always quoted; this is a last line of defence against
            # an FTS5 corner we did not foresee: a query error is "no results", never a crash.
            if str(exc).startswith("fts5") or "unable to use function MATCH" in str(exc):
                return []
            raise describe(exc, self.path) from None
        except sqlite3.Error as exc:
            raise describe(exc, self.path) from None

    def count(self, query: str = "", *, prefix_last: bool = False) -> int:
        """How many postings match ``query`` ("" = all of them)."""
        parsed = parse(query, prefix_last=prefix_last)
        if parsed.is_empty:
            rows = self._run_query("SELECT count(*) FROM posting", [])
        elif parsed.match is not None and parsed.exclude is None and not parsed.where:
            rows = self._run_query(
                "SELECT count(*) FROM posting_fts WHERE posting_fts MATCH ?", [parsed.match]
            )
        else:
            where, params = self._where(parsed)
            rows = self._run_query(f"SELECT count(*) FROM posting p WHERE {where}", params)
        return int(rows[0][0]) if rows else 0

    def _ranked(self, parsed: Parsed) -> bool:
        """Rank by relevance only when the match set is small enough to rank quickly: with
        more than RANK_LIMIT matches (a two-letter prefix…) results come newest first."""
        if parsed.match is None:
            return False
        rows = self._run_query(
            "SELECT count(*) FROM (SELECT rowid FROM posting_fts WHERE posting_fts MATCH ? "
            "LIMIT ?)",
            [parsed.match, RANK_LIMIT + 1],
        )
        return bool(rows) and rows[0][0] <= RANK_LIMIT

    def _id_query(self, parsed: Parsed, sort: str, descending: bool) -> tuple[str, list[object]]:
        key = sort if sort in SORTS else "created"
        if key == "relevance" and not self._ranked(parsed):
            key, descending = "created", True
        if key == "relevance":
            # bm25 weights: title 10, company 5, text 1 (lower is better)
            others = Parsed(exclude=parsed.exclude, where=parsed.where, params=parsed.params)
            where, params = self._where(others)
            sql = (
                "SELECT rowid FROM posting_fts WHERE posting_fts MATCH ? "
                + (
                    f"AND +rowid IN (SELECT p.id FROM posting p WHERE {where}) "
                    if where != "1"
                    else ""
                )
                + "ORDER BY bm25(posting_fts, 10.0, 5.0, 1.0), rowid DESC"
            )
            return sql, [parsed.match, *(params if where != "1" else [])]
        direction = "DESC" if descending else "ASC"
        if (
            parsed.match is not None
            and key in ("created", "saved", "id")
            and (key == "id" or self._saved_in_id_order())
        ):
            # id order is saved order: FTS5 hands out its rowids in that order, so the
            # first page of a search matching everything needs no sort
            others = Parsed(exclude=parsed.exclude, where=parsed.where, params=parsed.params)
            where, params = self._where(others)
            if where == "1":
                return (
                    "SELECT rowid FROM posting_fts WHERE posting_fts MATCH ? "
                    f"ORDER BY rowid {direction}",
                    [parsed.match],
                )
            return (
                "SELECT rowid FROM posting_fts WHERE posting_fts MATCH ? AND +rowid IN "
                f"(SELECT p.id FROM posting p WHERE {where}) ORDER BY rowid {direction}",
                [parsed.match, *params],
            )
        where, params = self._where(parsed)
        if key == "status":  # the status list's order, via its (tiny) table
            return (
                f"SELECT p.id FROM posting p JOIN status s ON s.name = p.status WHERE {where} "
                f"ORDER BY s.position {direction}, p.id {direction}",
                params,
            )
        return (
            f"SELECT p.id FROM posting p WHERE {where} "
            f"ORDER BY {SORTS[key]} {direction}, p.id {direction}",
            params,
        )

    def _saved_in_id_order(self) -> bool:
        row = self.conn.execute(
            "SELECT value FROM library_meta WHERE key = 'saved_in_id_order'"
        ).fetchone()
        return bool(row and row[0])

    def page(
        self,
        query: str = "",
        offset: int = 0,
        limit: int = 100,
        sort: str = "created",
        descending: bool = True,
        *,
        prefix_last: bool = False,
    ) -> list[PostingRow]:
        """One page of light rows for ``query`` ("" = everything) in ``sort`` order.

        ``sort``: a key of :data:`SORTS` ("relevance" ranks by bm25 when the search matches
        at most RANK_LIMIT postings; otherwise, and without words, newest first).
        """
        parsed = parse(query, prefix_last=prefix_last)
        sql, params = self._id_query(parsed, sort, descending)
        ids = self._run_query(
            f"{sql} LIMIT ? OFFSET ?", [*params, max(0, int(limit)), max(0, int(offset))]
        )
        return self.rows([r[0] for r in ids])

    def ids(
        self,
        query: str = "",
        sort: str = "created",
        descending: bool = True,
        *,
        prefix_last: bool = False,
    ) -> list[int]:
        """Every matching id in order (cheap even for 100k: ~1 MB), for a lazy model."""
        parsed = parse(query, prefix_last=prefix_last)
        sql, params = self._id_query(parsed, sort, descending)
        return [r[0] for r in self._run_query(sql, params)]

    def rows(self, ids: Sequence[int]) -> list[PostingRow]:
        """Light rows for ``ids``, in the order given (unknown ids are skipped)."""
        out: dict[int, PostingRow] = {}
        id_list = list(ids)
        for i in range(0, len(id_list), 500):
            chunk = id_list[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._run_query(
                f"SELECT {_ROW_COLS} FROM posting p WHERE p.id IN ({marks})", chunk
            ):
                out[r[0]] = PostingRow.from_sql(r)
        return [out[i] for i in id_list if i in out]

    def iter_postings(self, ids: Iterable[int]) -> Iterator[Posting]:
        for pid in ids:
            p = self.get(pid)
            if p is not None:
                yield p

    def snippet(self, posting_id: int, query: str, width: int = 160) -> str:
        """About ``width`` characters of the cleaned text around the first word of
        ``query`` found in it, every query word marked «like this»; "" when none is found.

        Done in Python over the first 300k characters rather than with FTS5's snippet(),
        which takes seconds on a huge posting full of matches.
        """
        words = [w for w in parse(query).terms if w]
        if not words:
            return ""
        rows = self._run_query(
            "SELECT substr(cleaned, 1, 300000) FROM posting_text WHERE posting_id = ?",
            [posting_id],
        )
        if not rows or not rows[0][0]:
            return ""
        text: str = rows[0][0]
        alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
        pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
        m = pattern.search(text)
        if m is None:
            return ""
        start = max(0, m.start() - width // 3)
        end = min(len(text), start + width)
        if start > 0 and (space := text.find(" ", start, m.start())) >= 0:
            start = space + 1  # start on a whole word
        if end < len(text) and (space := text.rfind(" ", m.end(), end)) >= 0:
            end = space
        window = " ".join(text[start:end].split())
        marked = pattern.sub(lambda mm: f"«{mm.group()}»", window)
        return ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")

    def similar_to(self, posting_id: int) -> list[tuple[PostingRow, float]]:
        """Near duplicates of a saved posting (both directions)."""
        p = self.require(posting_id)
        return self.find_similar(p.cleaned, exclude=posting_id)

    def link_near_duplicates(self, links: Sequence[tuple[int, str, float | None]]) -> None:
        """Flag postings as reposts of the posting with a given uid (a restore whose
        original came later in the file). Postings already flagged are left alone."""

        def run() -> None:
            with self._write():
                self.conn.executemany(
                    "UPDATE posting SET near_duplicate_of = "
                    "(SELECT o.id FROM posting o WHERE o.uid = ? AND o.id != posting.id), "
                    "similarity = ? WHERE id = ? AND near_duplicate_of IS NULL "
                    "AND EXISTS (SELECT 1 FROM posting o WHERE o.uid = ?)",
                    [(uid, sim, pid, uid) for pid, uid, sim in links],
                )

        self._guard(run)

    # -- editing ------------------------------------------------------------------

    def update(
        self,
        posting_id: int,
        *,
        status: str | None = None,
        notes: str | None = None,
        title: str | None = None,
        company: str | None = None,
        url: str | None = None,
        cleaned: str | None = None,
        rules: Sequence[str] | None = None,
        fields: Mapping[str, Any] | None = None,
        hand_edited: bool | None = None,
        tags: Sequence[str] | None = None,
        add_tags: Sequence[str] = (),
        remove_tags: Sequence[str] = (),
    ) -> Posting:
        """Change a posting. A new ``cleaned`` text marks it hand-edited unless
        ``hand_edited=False`` is given (a re-clean with today's rules)."""

        def run() -> None:
            with self._write():
                if not self.conn.execute(
                    "SELECT 1 FROM posting WHERE id = ?", (posting_id,)
                ).fetchone():
                    raise LibraryError(f"no posting #{posting_id} in the library")
                sets: dict[str, object] = {}
                if status is not None:
                    sets["status"] = self._ensure_status(status, create=False)
                if notes is not None:
                    sets["notes"] = textmod.storable(notes)
                if title is not None:
                    sets["title"] = " ".join(textmod.storable(title).split())
                if company is not None:
                    sets["company"] = " ".join(textmod.storable(company).split())
                if url is not None:
                    sets["url"] = textmod.storable(url)
                if rules is not None:
                    sets["rule_set"] = self._rule_set(rules)
                if fields is not None:
                    f = dict(fields)
                    sets["fields"] = json.dumps(f, ensure_ascii=False, default=str)
                    sets["location"] = textmod.storable(_str_field(f, "location"))
                    sets["pay"] = textmod.storable(_str_field(f, "pay"))
                    sets.update(_facts(f))
                if cleaned is not None:
                    text = textmod.storable(cleaned)
                    sets["content_hash"], _sh, blob, keys = textmod.fingerprint(text)
                    sets["minhash"] = blob
                    sets["hand_edited"] = 1 if hand_edited is None else int(hand_edited)
                    old_cleaned, stored_source = self.conn.execute(
                        "SELECT cleaned, source FROM posting_text WHERE posting_id = ?",
                        (posting_id,),
                    ).fetchone()
                    source = _unpack(posting_id, stored_source, old_cleaned)
                    self.conn.execute(  # the source is stored against the cleaned text
                        "UPDATE posting_text SET cleaned = ?, source = ? WHERE posting_id = ?",
                        (text, compact.pack(source, text), posting_id),
                    )
                    self.conn.execute(
                        "DELETE FROM minhash_band WHERE posting_id = ?", (posting_id,)
                    )
                    self.conn.executemany(
                        "INSERT OR IGNORE INTO minhash_band (band, posting_id) VALUES (?, ?)",
                        [(k, posting_id) for k in keys],
                    )
                elif hand_edited is not None:
                    sets["hand_edited"] = int(hand_edited)
                if tags is not None:
                    self.conn.execute("DELETE FROM posting_tag WHERE posting_id = ?", (posting_id,))
                    self._set_tags(posting_id, tags)
                if add_tags:
                    self._set_tags(posting_id, add_tags)
                if remove_tags:
                    self._remove_tags(posting_id, remove_tags)
                sets["updated_at"] = now()
                assignments = ", ".join(f"{k} = ?" for k in sets)
                self.conn.execute(
                    f"UPDATE posting SET {assignments} WHERE id = ?", [*sets.values(), posting_id]
                )
                self._prune_tags()
                if rules is not None:
                    compact.prune_rule_sets(self.conn)

        self._guard(run)
        return self.require(posting_id)

    def delete(self, ids: Sequence[int]) -> list[Posting]:
        """Delete postings; returns them whole, so :meth:`restore` can undo the delete."""
        gone = list(self.iter_postings(ids))

        def run() -> None:
            with self._write():
                self.conn.executemany(
                    "UPDATE posting SET similarity = NULL WHERE near_duplicate_of = ?",
                    [(p.id,) for p in gone],
                )
                self.conn.executemany("DELETE FROM posting WHERE id = ?", [(p.id,) for p in gone])
                self._prune_tags()
                compact.prune_rule_sets(self.conn)

        self._guard(run)
        return gone

    def restore(self, postings: Sequence[Posting]) -> list[AddResult]:
        """Put deleted postings back (same id, uid, times, tags, flags)."""
        return self.add_many([to_new(p) for p in postings], allow_duplicates=True)

    # -- tags and statuses --------------------------------------------------------

    def _set_tags(self, posting_id: int, tags: Iterable[str]) -> None:
        for name in _clean_tags(tags):
            self.conn.execute("INSERT OR IGNORE INTO tag(name) VALUES (?)", (name,))
            self.conn.execute(
                "INSERT OR IGNORE INTO posting_tag(posting_id, tag_id) "
                "SELECT ?, id FROM tag WHERE name = ?",
                (posting_id, name),
            )

    def _remove_tags(self, posting_id: int, tags: Iterable[str]) -> None:
        for name in _clean_tags(tags):
            self.conn.execute(
                "DELETE FROM posting_tag WHERE posting_id = ? AND tag_id IN "
                "(SELECT id FROM tag WHERE name = ?)",
                (posting_id, name),
            )

    def _prune_tags(self) -> None:
        self.conn.execute(
            "DELETE FROM tag WHERE NOT EXISTS "
            "(SELECT 1 FROM posting_tag pt WHERE pt.tag_id = tag.id)"
        )

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with its number of postings, by name."""
        return self._guard(
            lambda: [
                (r[0], r[1])
                for r in self.conn.execute(
                    "SELECT tg.name, count(pt.posting_id) FROM tag tg "
                    "LEFT JOIN posting_tag pt ON pt.tag_id = tg.id "
                    "GROUP BY tg.id ORDER BY tg.name COLLATE NOCASE"
                )
            ]
        )

    def statuses(self) -> list[str]:
        """The user-editable status list, in order."""
        return self._guard(
            lambda: [r[0] for r in self.conn.execute("SELECT name FROM status ORDER BY position")]
        )

    def _ensure_status(self, name: str, *, create: bool = True) -> str:
        name = " ".join(textmod.storable(name).replace("\x00", "").split())
        if not name:
            raise LibraryError("a status cannot be empty")
        r = self.conn.execute("SELECT name FROM status WHERE name = ?", (name,)).fetchone()
        if r is not None:
            return str(r[0])
        if not create:
            raise LibraryError(f"unknown status {name!r} (statuses: {', '.join(self.statuses())})")
        self.conn.execute(
            "INSERT INTO status(name, position) "
            "VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM status))",
            (name,),
        )
        return name

    def add_status(self, name: str) -> str:
        def run() -> str:
            with self._write():
                return self._ensure_status(name)

        return self._guard(run)

    def rename_status(self, old: str, new: str) -> None:
        """Rename a status; postings follow (ON UPDATE CASCADE)."""
        new = " ".join(new.split())

        def run() -> None:
            with self._write():
                if not self.conn.execute("SELECT 1 FROM status WHERE name = ?", (old,)).fetchone():
                    raise LibraryError(f"unknown status {old!r}")
                if (
                    new.casefold() != old.casefold()
                    and self.conn.execute("SELECT 1 FROM status WHERE name = ?", (new,)).fetchone()
                ):
                    raise LibraryError(f"there is already a status {new!r}")
                self.conn.execute("UPDATE status SET name = ? WHERE name = ?", (new, old))

        self._guard(run)

    def remove_status(self, name: str, *, move_to: str = "saved") -> int:
        """Remove a status; its postings move to ``move_to``. Returns how many moved."""

        def run() -> int:
            with self._write():
                target = self._ensure_status(move_to, create=False)
                if target.casefold() == name.casefold():
                    raise LibraryError("cannot move postings to the status being removed")
                cur = self.conn.execute(
                    "UPDATE posting SET status = ? WHERE status = ?", (target, name)
                )
                self.conn.execute("DELETE FROM status WHERE name = ?", (name,))
                return cur.rowcount

        return self._guard(run)

    def set_statuses(self, names: Sequence[str]) -> None:
        """Reorder (and add) statuses: ``names`` first, in this order, others after."""

        def run() -> None:
            with self._write():
                for n in names:
                    self._ensure_status(n)
                existing = self.statuses()
                order = [*(self._ensure_status(n) for n in names)]
                order += [s for s in existing if s not in order]
                for i, n in enumerate(order):
                    self.conn.execute("UPDATE status SET position = ? WHERE name = ?", (i, n))

        self._guard(run)

    # -- whole library ------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            c = self.conn
            total = c.execute("SELECT count(*) FROM posting").fetchone()[0]
            by_status = dict(
                c.execute(
                    "SELECT s.name, count(p.id) FROM status s "
                    "LEFT JOIN posting p ON p.status = s.name GROUP BY s.name ORDER BY s.position"
                ).fetchall()
            )
            by_site = dict(
                c.execute(
                    "SELECT CASE site WHEN '' THEN '(none)' ELSE site END, count(*) FROM posting "
                    "GROUP BY site ORDER BY count(*) DESC"
                ).fetchall()
            )
            first, last = c.execute(
                "SELECT min(created_at), max(created_at) FROM posting"
            ).fetchone()
            page_size = c.execute("PRAGMA page_size").fetchone()[0]
            pages = c.execute("PRAGMA page_count").fetchone()[0]
            return {
                "path": str(self.path),
                "format": self.schema_version,
                "postings": total,
                "by_status": by_status,
                "by_site": by_site,
                "tags": len(self.tags()),
                "hand_edited": c.execute(
                    "SELECT count(*) FROM posting WHERE hand_edited"
                ).fetchone()[0],
                "near_duplicates": c.execute(
                    "SELECT count(*) FROM posting WHERE near_duplicate_of IS NOT NULL"
                ).fetchone()[0],
                "first_saved": first,
                "last_saved": last,
                "size_bytes": page_size * pages,
            }

        return self._guard(run)

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check`` plus the FTS index check; [] when all is well."""

        def run() -> list[str]:
            problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"foreign key: {r}" for r in self.conn.execute("PRAGMA foreign_key_check")]
            if self.read_only is not None:
                return problems  # FTS5's check is an INSERT: a read-only connection refuses it
            try:
                self.conn.execute(
                    "INSERT INTO posting_fts(posting_fts, rank) VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index: {exc}")
            return problems

        return self._guard(run)

    def backup(self, dest: Path | str, *, force: bool = False) -> None:
        """A consistent copy of the library at ``dest`` (SQLite online backup API); an
        existing regular file is replaced only with ``force`` (see db.backup)."""
        dest = Path(dest)
        try:
            backup(self.conn, dest, force=force)
        except sqlite3.Error as exc:
            raise describe(exc, dest) from None
        except OSError as exc:
            raise LibraryError(f"{dest}: cannot write the backup ({exc.strerror or exc})") from None

    def optimize(self) -> None:
        """Merge FTS segments and refresh planner statistics (after a big import)."""
        if self.read_only is not None:
            return  # nothing to gain from it, and nothing may be written
        self._guard(
            lambda: self.conn.execute("INSERT INTO posting_fts(posting_fts) VALUES ('optimize')")
        )
        self._guard(lambda: self.conn.execute("PRAGMA optimize"))


def _unpack(posting_id: int, stored: str | bytes | None, reference: str) -> str:
    """A posting's stored text (see :mod:`jobdesk.storage.compact`); LibraryError when
    it cannot be read back."""
    try:
        return compact.unpack(stored, reference)
    except (ValueError, zlib.error) as exc:
        raise LibraryError(f"posting #{posting_id}: its stored text is damaged ({exc})") from None


def to_new(p: Posting) -> NewPosting:
    """A saved posting as a NewPosting (for restore / copy between libraries)."""
    return NewPosting(
        cleaned=p.cleaned,
        source=p.source,
        raw=p.raw,
        rules=p.rules,
        site=p.site or None,
        url=p.url or None,
        fields=p.fields,
        title=p.title,
        company=p.company,
        tags=p.tags,
        status=p.status,
        notes=p.notes,
        hand_edited=p.hand_edited,
        kind=p.kind,
        source_name=p.source_name,
        uid=p.uid,
        id=p.id,
        created_at=p.created_at,
        updated_at=p.updated_at,
        flag_similar=False,
        near_duplicate_of=p.near_duplicate_of,
        similarity=p.similarity,
    )


def _json(s: str | None, default: T) -> T:
    if not s:
        return default
    try:
        value = json.loads(s)
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


__all__ = [
    "LATEST",
    "AddResult",
    "Library",
    "LibraryError",
    "NewPosting",
    "Posting",
    "PostingRow",
    "now",
    "to_new",
]

"""Schema migrations: small, named, re-runnable steps (in the spirit of sqlite-utils).

The schema version is ``PRAGMA user_version``: migration *n* (1-based) brings a database
from version n-1 to n. :func:`migrate` runs every pending step and sets the new version in
ONE transaction, so a crash mid-way leaves the old version intact. Each step is written
to be safe to run again (``IF NOT EXISTS``, column checks), so a half-applied change made
by hand or an interrupted experiment never wedges a library.

Rules for adding a migration: append, never edit a released one (the frozen schema of
every version lives in ``tests/storage/schema_history/`` and a test compares them), and
keep each step small and named.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from jobdesk.storage import compact
from jobdesk.storage import text as textmod

APPLICATION_ID = 0x4A424B44  # "JBKD": marks a file as a jobdesk library

DEFAULT_STATUSES = ("saved", "applied", "interviewing", "offer", "rejected", "archived")


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _add_column(conn: sqlite3.Connection, table: str, column: str, decl: str) -> None:
    if column not in _columns(conn, table):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def _script(conn: sqlite3.Connection, sql: str) -> None:
    # Not executescript(): it COMMITs first, and every migration must stay inside the
    # caller's transaction. Statements here never contain ';' inside literals except
    # trigger bodies, which _split keeps whole.
    for stmt in _split(sql):
        conn.execute(stmt)


def _split(sql: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for part in sql.split(";"):
        buf += part
        if sqlite3.complete_statement(buf + ";"):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
        else:
            buf += ";"
    if buf.strip():
        out.append(buf.strip())
    return out


# ---------------------------------------------------------------------------- step 1


def m001_postings(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS status (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS posting (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'saved'
                REFERENCES status(name) ON UPDATE CASCADE ON DELETE RESTRICT,
            notes TEXT NOT NULL DEFAULT '',
            hand_edited INTEGER NOT NULL DEFAULT 0,
            rules TEXT NOT NULL DEFAULT '[]',
            fields TEXT NOT NULL DEFAULT '{}',
            kind TEXT NOT NULL DEFAULT 'text',
            source_name TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS posting_text (
            posting_id INTEGER PRIMARY KEY REFERENCES posting(id) ON DELETE CASCADE,
            raw TEXT NOT NULL,
            source TEXT NOT NULL,
            cleaned TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS tag (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE IF NOT EXISTS posting_tag (
            posting_id INTEGER NOT NULL REFERENCES posting(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
            PRIMARY KEY (posting_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS posting_tag_by_tag ON posting_tag(tag_id, posting_id);
        CREATE INDEX IF NOT EXISTS posting_by_hash ON posting(content_hash);
        CREATE INDEX IF NOT EXISTS posting_by_created ON posting(created_at, id);
        CREATE INDEX IF NOT EXISTS posting_by_status ON posting(status);
        """,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO status(name, position) VALUES (?, ?)",
        [(name, i) for i, name in enumerate(DEFAULT_STATUSES)],
    )


# ---------------------------------------------------------------------------- step 2


def _fts_text(col: str) -> str:
    """The indexed form of a cleaned text: all of it, or its first million characters when
    it is over 3 MB (``substr`` only for those: it stops at a NUL byte)."""
    return (
        f"CASE WHEN length(CAST({col} AS BLOB)) > 3000000 "
        f"THEN substr({col}, 1, 1000000) ELSE {col} END"
    )


def _fts_objects() -> str:
    """The full-text view, table and triggers (format 2; made again by format 7)."""
    return """
        CREATE VIEW IF NOT EXISTS posting_search_view AS
            SELECT p.id AS id, p.title AS title, p.company AS company,
                   {t_cleaned} AS cleaned
            FROM posting p JOIN posting_text t ON t.posting_id = p.id;
        CREATE VIRTUAL TABLE IF NOT EXISTS posting_fts USING fts5(
            title, company, cleaned,
            content='posting_search_view', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );
        CREATE TRIGGER IF NOT EXISTS posting_text_ai AFTER INSERT ON posting_text BEGIN
            INSERT INTO posting_fts(rowid, title, company, cleaned)
                SELECT new.posting_id, p.title, p.company, {new_cleaned}
                FROM posting p WHERE p.id = new.posting_id;
        END;
        CREATE TRIGGER IF NOT EXISTS posting_text_au AFTER UPDATE OF cleaned ON posting_text
        BEGIN
            INSERT INTO posting_fts(posting_fts, rowid, title, company, cleaned)
                SELECT 'delete', old.posting_id, p.title, p.company, {old_cleaned}
                FROM posting p WHERE p.id = old.posting_id;
            INSERT INTO posting_fts(rowid, title, company, cleaned)
                SELECT new.posting_id, p.title, p.company, {new_cleaned}
                FROM posting p WHERE p.id = new.posting_id;
        END;
        CREATE TRIGGER IF NOT EXISTS posting_au AFTER UPDATE OF title, company ON posting
        BEGIN
            INSERT INTO posting_fts(posting_fts, rowid, title, company, cleaned)
                SELECT 'delete', old.id, old.title, old.company, {t_cleaned}
                FROM posting_text t WHERE t.posting_id = old.id;
            INSERT INTO posting_fts(rowid, title, company, cleaned)
                SELECT new.id, new.title, new.company, {t_cleaned}
                FROM posting_text t WHERE t.posting_id = new.id;
        END;
        CREATE TRIGGER IF NOT EXISTS posting_bd BEFORE DELETE ON posting BEGIN
            INSERT INTO posting_fts(posting_fts, rowid, title, company, cleaned)
                SELECT 'delete', old.id, old.title, old.company, {t_cleaned}
                FROM posting_text t WHERE t.posting_id = old.id;
        END;
        """.format(
        t_cleaned=_fts_text("t.cleaned"),
        new_cleaned=_fts_text("new.cleaned"),
        old_cleaned=_fts_text("old.cleaned"),
    )


def m002_full_text_search(conn: sqlite3.Connection) -> None:
    """FTS5 over title, company, cleaned text; kept in step by triggers.

    External content (a view over posting + posting_text), so the text is stored once.
    The triggers give FTS5 the exact old values on every change, which external-content
    tables require. posting_text rows are only ever deleted through their posting.
    Only the first million characters of a text are indexed (a 20 MB paste stays
    searchable by its beginning without a 20 MB index).
    """
    _script(conn, _fts_objects())
    conn.execute("INSERT INTO posting_fts(posting_fts) VALUES ('rebuild')")


# ---------------------------------------------------------------------------- step 3


def m003_near_duplicates(conn: sqlite3.Connection) -> None:
    """MinHash signature per posting and its LSH band keys; the near-duplicate flag."""
    _add_column(conn, "posting", "minhash", "BLOB")
    _add_column(
        conn,
        "posting",
        "near_duplicate_of",
        "INTEGER REFERENCES posting(id) ON DELETE SET NULL",
    )
    _add_column(conn, "posting", "similarity", "REAL")
    _script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS minhash_band (
            band INTEGER NOT NULL,
            posting_id INTEGER NOT NULL REFERENCES posting(id) ON DELETE CASCADE,
            PRIMARY KEY (band, posting_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS minhash_band_by_posting ON minhash_band(posting_id);
        CREATE INDEX IF NOT EXISTS posting_by_near_duplicate ON posting(near_duplicate_of);
        """,
    )
    rows = conn.execute(
        "SELECT p.id, t.cleaned FROM posting p JOIN posting_text t ON t.posting_id = p.id "
        "WHERE p.minhash IS NULL"
    ).fetchall()
    for pid, cleaned in rows:
        _sh, blob, keys = textmod.sketch(cleaned)
        conn.execute("UPDATE posting SET minhash = ? WHERE id = ?", (blob, pid))
        conn.executemany(
            "INSERT OR IGNORE INTO minhash_band(band, posting_id) VALUES (?, ?)",
            [(k, pid) for k in keys],
        )


# ---------------------------------------------------------------------------- step 4


def m004_display_columns(conn: sqlite3.Connection) -> None:
    """location and pay as columns (from the fields JSON) so the table can sort by them."""
    _add_column(conn, "posting", "location", "TEXT NOT NULL DEFAULT ''")
    _add_column(conn, "posting", "pay", "TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT id, fields FROM posting WHERE location = '' AND pay = ''")
    for pid, raw in rows.fetchall():
        try:
            fields = json.loads(raw)
        except ValueError:
            continue
        if isinstance(fields, dict):
            conn.execute(
                "UPDATE posting SET location = ?, pay = ? WHERE id = ?",
                (
                    textmod.display_value(fields.get("location")),
                    textmod.display_value(fields.get("pay")),
                    pid,
                ),
            )
    _script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS posting_by_updated ON posting(updated_at, id);
        CREATE INDEX IF NOT EXISTS posting_by_title ON posting(title COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS posting_by_company ON posting(company COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS posting_by_site ON posting(site, id);
        """,
    )


# ---------------------------------------------------------------------------- step 5


def m005_saved_order(conn: sqlite3.Connection) -> None:
    """Remember whether id order is saved-date order (it is, unless an export restored
    older postings after newer ones): then "newest first" is FTS5's own rowid order and a
    search matching 100k postings returns its first page without sorting them all.
    Triggers keep the flag true only while it is true."""
    _script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS library_meta (
            key TEXT PRIMARY KEY,
            value
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS posting_order_ai AFTER INSERT ON posting
        WHEN EXISTS (SELECT 1 FROM posting o WHERE o.created_at > new.created_at
                     AND o.id < new.id)
          OR EXISTS (SELECT 1 FROM posting o WHERE o.id > new.id
                     AND o.created_at < new.created_at)
        BEGIN
            UPDATE library_meta SET value = 0 WHERE key = 'saved_in_id_order';
        END;
        CREATE TRIGGER IF NOT EXISTS posting_order_ad AFTER DELETE ON posting
        WHEN NOT EXISTS (SELECT 1 FROM posting)
        BEGIN
            UPDATE library_meta SET value = 1 WHERE key = 'saved_in_id_order';
        END;
        """,
    )
    ordered = conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM (SELECT created_at, "
        "lag(created_at) OVER (ORDER BY id) AS prev FROM posting) WHERE created_at < prev)"
    ).fetchone()[0]
    conn.execute(
        "INSERT OR REPLACE INTO library_meta (key, value) VALUES ('saved_in_id_order', ?)",
        (int(ordered),),
    )


# ---------------------------------------------------------------------------- step 6


def m006_fact_columns(conn: sqlite3.Connection) -> None:
    """workplace, employment type, sponsorship reading and pay range as indexed columns
    (from the fields JSON, see :func:`jobdesk.storage.text.fact_columns`) for the
    ``workplace:`` ``type:`` ``sponsorship:`` ``pay>=`` ``pay<=`` filters and sorting."""
    for column, decl in (
        ("workplace", "TEXT NOT NULL DEFAULT ''"),
        ("employment_type", "TEXT NOT NULL DEFAULT ''"),
        ("sponsorship", "TEXT NOT NULL DEFAULT ''"),
        ("pay_min", "REAL"),
        ("pay_max", "REAL"),
        ("pay_currency", "TEXT NOT NULL DEFAULT ''"),
        ("pay_period", "TEXT NOT NULL DEFAULT ''"),
    ):
        _add_column(conn, "posting", column, decl)
    rows = conn.execute("SELECT id, fields FROM posting").fetchall()
    for pid, raw in rows:
        try:
            fields = json.loads(raw)
        except (ValueError, TypeError):
            continue
        facts = textmod.fact_columns(fields)
        conn.execute(
            "UPDATE posting SET workplace = ?, employment_type = ?, sponsorship = ?, "
            "pay_min = ?, pay_max = ?, pay_currency = ?, pay_period = ? WHERE id = ?",
            (*(facts[c] for c in textmod.FACT_COLUMNS), pid),
        )
    _script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS posting_by_workplace ON posting(workplace, id);
        CREATE INDEX IF NOT EXISTS posting_by_employment_type ON posting(employment_type, id);
        CREATE INDEX IF NOT EXISTS posting_by_sponsorship ON posting(sponsorship, id);
        CREATE INDEX IF NOT EXISTS posting_by_pay_min ON posting(pay_min, id);
        CREATE INDEX IF NOT EXISTS posting_by_pay_max ON posting(pay_max, id);
        """,
    )


# ---------------------------------------------------------------------------- step 7


def _text(value: object) -> str:
    """A stored text as a str (a damaged row's BLOB decoded, a number written out)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return textmod.storable(value.decode("utf-8", "replace"))
    return "" if value is None else str(value)


def m007_compact_storage(conn: sqlite3.Connection) -> None:
    """Each text and each rule list stored once (see :mod:`jobdesk.storage.compact`).

    * ``rule_set`` holds every distinct list of rule ids once; ``posting.rule_set``
      refers to it (NULL: no rules) instead of ``posting.rules`` copying ~260 ids a row;
    * ``posting_text`` is rebuilt with ``source`` packed against ``cleaned`` and ``raw``
      against ``source`` (NULL when the same). ``cleaned`` is copied as it was, so the
      full-text index stays valid; its view and triggers are made again around the
      rebuild (the same SQL as format 2), but for the insert trigger: see FTS_INSERT.

    What a posting reads back (``Library.get``, exports) is unchanged.
    """
    _script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS rule_set (
            id INTEGER PRIMARY KEY,
            digest TEXT NOT NULL UNIQUE,
            rules TEXT NOT NULL
        );
        """,
    )
    _add_column(conn, "posting", "rule_set", "INTEGER REFERENCES rule_set(id)")
    if "rules" in _columns(conn, "posting"):
        for (stored,) in conn.execute("SELECT DISTINCT rules FROM posting").fetchall():
            try:
                rules = json.loads(stored) if stored else []
            except (ValueError, TypeError):
                rules = []
            rid = compact.rule_set_id(
                conn, compact.rules_json(rules if isinstance(rules, list) else [])
            )
            conn.execute("UPDATE posting SET rule_set = ? WHERE rules IS ?", (rid, stored))
        conn.execute("ALTER TABLE posting DROP COLUMN rules")
    conn.execute("CREATE INDEX IF NOT EXISTS posting_by_rule_set ON posting(rule_set)")
    text_cols = {row[1]: row[3] for row in conn.execute("PRAGMA table_info(posting_text)")}
    if text_cols.get("raw"):  # NOT NULL: the texts are still stored whole
        _script(
            conn,
            """
            DROP TRIGGER IF EXISTS posting_text_ai;
            DROP TRIGGER IF EXISTS posting_text_au;
            DROP TRIGGER IF EXISTS posting_au;
            DROP TRIGGER IF EXISTS posting_bd;
            DROP VIEW IF EXISTS posting_search_view;
            DROP TABLE IF EXISTS posting_text_v7;
            CREATE TABLE posting_text_v7 (
                posting_id INTEGER PRIMARY KEY REFERENCES posting(id) ON DELETE CASCADE,
                raw BLOB,
                source BLOB,
                cleaned TEXT NOT NULL
            );
            """,
        )
        rows = conn.execute("SELECT posting_id, raw, source, cleaned FROM posting_text")
        while batch := rows.fetchmany(200):
            conn.executemany(
                "INSERT INTO posting_text_v7 (posting_id, raw, source, cleaned) "
                "VALUES (?, ?, ?, ?)",
                [
                    (
                        pid,
                        compact.pack(_text(raw), _text(source)),
                        compact.pack(_text(source), _text(cleaned)),
                        _text(cleaned),
                    )
                    for pid, raw, source, cleaned in batch
                ],
            )
        _script(
            conn,
            """
            DROP TABLE posting_text;
            ALTER TABLE posting_text_v7 RENAME TO posting_text;
            """,
        )
    _script(conn, _fts_objects())
    # A new posting is indexed by the library itself, all the batch's postings at the end
    # of its transaction: from a trigger, FTS5 wrote each posting out as a segment of its
    # own (a trigger's statement opens a savepoint, and FTS5 flushes at every savepoint).
    conn.execute("DROP TRIGGER IF EXISTS posting_text_ai")


#: How the library indexes a new posting (id, title, company, cleaned): what the format-2
#: trigger ``posting_text_ai`` did, with the same cut of an over-3 MB text.
FTS_INSERT = (
    "INSERT INTO posting_fts(rowid, title, company, cleaned) "
    f"VALUES (?1, ?2, ?3, {_fts_text('?4')})"
)


MIGRATIONS: list[Migration] = [
    Migration("postings", m001_postings),
    Migration("full-text search", m002_full_text_search),
    Migration("near duplicates", m003_near_duplicates),
    Migration("display columns", m004_display_columns),
    Migration("saved order", m005_saved_order),
    Migration("fact columns", m006_fact_columns),
    Migration("compact storage", m007_compact_storage),
]

LATEST = len(MIGRATIONS)
#: the format that stores each text and rule list once (a library migrated past it is
#: VACUUMed: see db.connect)
COMPACT_STORAGE = 7


def pending(version: int) -> list[tuple[int, Migration]]:
    return [(i + 1, m) for i, m in enumerate(MIGRATIONS) if i + 1 > version]


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> int:
    """Bring the database to ``target`` in one transaction; returns the old version.

    The connection must be in autocommit mode (``isolation_level=None``). The version is
    re-read under the write lock, so two processes opening an old library at once migrate
    it once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, migration in pending(version):
            if number > target:
                break
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(number)}")
        if version == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(version)

"""Frozen schema of every library format version (see README.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

HERE = Path(__file__).parent
SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")


def dump(conn: sqlite3.Connection) -> str:
    """The schema (creation order; FTS5 shadow tables left out) and the status rows."""
    vtabs = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")
    ]
    lines = []
    for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ):
        if any(name == v + s for v in vtabs for s in SHADOW_SUFFIXES):
            continue
        lines.append(sql.strip() + ";")
    for name, position in conn.execute("SELECT name, position FROM status ORDER BY position"):
        lines.append(f"INSERT INTO status(name, position) VALUES ('{name}', {position});")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    lines.append(f"PRAGMA application_id = {app_id};")
    lines.append(f"PRAGMA user_version = {version};")
    return "\n\n".join(lines) + "\n"


def history(version: int) -> str:
    return (HERE / f"v{version}.sql").read_text(encoding="utf-8")


def versions() -> list[int]:
    return sorted(int(p.stem[1:]) for p in HERE.glob("v*.sql"))

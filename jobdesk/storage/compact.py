"""How a posting's texts and rule choices are stored compactly (library format 7).

A posting keeps three texts: the ``raw`` input, the ``source`` text the engine read, and
the ``cleaned`` text. They are mostly the same words: a pasted posting's raw input *is*
its source, and the cleaned text is the source less the page furniture. So only the
cleaned text is stored as it is (the full-text index and the snippets read it), and

* ``source`` is stored against ``cleaned``, ``raw`` against ``source``, by
  :func:`pack`: NULL when it is the same text; otherwise a BLOB — one tag byte, then the
  text's UTF-8 deflated with the reference text as zlib's preset dictionary, so the words
  they share cost a few bytes (the page furniture of a 6 KB paste packs into ~300
  bytes) — or the text itself when packing would not make it smaller;
* the ids of the rules a posting was cleaned with (~260 of them) are stored once per
  distinct set in ``rule_set`` and referenced by ``posting.rule_set`` (NULL: no rules).

:func:`unpack` gives back exactly the stored string. A text packed against a reference
must be re-packed when the reference changes (``Library.update`` does so).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Sequence

#: first byte of a packed BLOB: raw deflate, the reference's UTF-8 as preset dictionary
DEFLATE_AGAINST_REFERENCE = 1
_WINDOW = 32 * 1024  # deflate looks back at most 32 KB: the dictionary's tail is enough


def _dictionary(reference: str) -> bytes:
    return reference.encode("utf-8", "surrogatepass")[-_WINDOW:]


def pack(text: str, reference: str) -> str | bytes | None:
    """``text`` as stored beside ``reference`` (see the module docstring)."""
    if text == reference:
        return None
    data = text.encode("utf-8", "surrogatepass")
    if not data:
        return text
    zdict = _dictionary(reference)
    c = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=zdict) if zdict else None
    c = c or zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = bytes([DEFLATE_AGAINST_REFERENCE]) + c.compress(data) + c.flush()
    return packed if len(packed) < len(data) else text


def unpack(value: str | bytes | None, reference: str) -> str:
    """The text :func:`pack` stored as ``value`` beside ``reference``."""
    if value is None:
        return reference
    if isinstance(value, str):
        return value
    if not value or value[0] != DEFLATE_AGAINST_REFERENCE:
        raise ValueError("a stored text in an unknown format (a newer jobdesk's?)")
    zdict = _dictionary(reference)
    d = zlib.decompressobj(-15, zdict=zdict) if zdict else zlib.decompressobj(-15)
    data = d.decompress(value[1:]) + d.flush()
    return data.decode("utf-8", "surrogatepass")


def rules_json(rules: Sequence[object]) -> str:
    """The stored form of a rule list (the list as given: callers sort it)."""
    return json.dumps(list(rules))


def digest(stored: str) -> str:
    """The key of a stored rule list in ``rule_set`` (SHA-256, hex)."""
    return hashlib.sha256(stored.encode("utf-8", "surrogatepass")).hexdigest()


def rule_set_id(conn: sqlite3.Connection, stored: str, key: str | None = None) -> int | None:
    """The id of the ``rule_set`` row holding ``stored`` (a :func:`rules_json` text),
    added when it is new; None for the empty list. ``key``: its :func:`digest`, when
    known."""
    if stored == "[]":
        return None
    digest_ = key or digest(stored)
    row = conn.execute("SELECT id FROM rule_set WHERE digest = ?", (digest_,)).fetchone()
    if row is not None:
        return int(row[0])
    cur = conn.execute("INSERT INTO rule_set (digest, rules) VALUES (?, ?)", (digest_, stored))
    return int(cur.lastrowid or 0)


def prune_rule_sets(conn: sqlite3.Connection) -> None:
    """Forget the rule sets no posting refers to any more."""
    conn.execute(
        "DELETE FROM rule_set WHERE NOT EXISTS "
        "(SELECT 1 FROM posting p WHERE p.rule_set = rule_set.id)"
    )

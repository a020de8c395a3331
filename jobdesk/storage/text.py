"""Text helpers of the library: safe storage, the content hash, near-duplicate sketches.

* :func:`storable` makes any Python ``str`` storable in SQLite (UTF-8): lone surrogates
  (from a mis-decoded UTF-16 paste) become U+FFFD; a valid surrogate *pair* is joined into
  its character. NUL bytes are kept: SQLite stores them and they round-trip.
* :func:`content_hash` identifies "the same posting": the cleaned text after case folding
  and collapsing all whitespace, so re-saving a paste with other line breaks or
  capitalisation is still an exact duplicate.
* Near duplicates (a repost whose "Posted 3 days ago" line changed) are found with a
  MinHash sketch over word 3-shingles and LSH banding: :func:`sketch` gives a 32-value
  signature (one-permutation hashing: each shingle hash lands in one of 32 buckets, each
  bucket keeps its minimum; empty buckets borrow from the next one), stored with the
  posting, and 8 band keys of 4 values, indexed; a posting sharing a band key is a
  candidate, confirmed by the exact Jaccard similarity of the two shingle sets.
  Shingle hashes come from CRC-32 of the words, so they are stable across processes and
  Python versions (the sketches are stored).
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

_WORD = re.compile(r"\w+")

NUM_PERM = 32
BANDS = 8
ROWS = NUM_PERM // BANDS
SHINGLE = 3
MAX_CHARS = 400_000  # a 20 MB paste is sketched from its first 400k characters
NEAR_DUPLICATE = 0.8  # exact Jaccard of the shingle sets at or above which we flag

_MASK64 = (1 << 64) - 1
_EMPTY = _MASK64
_BUCKET_BITS = 5  # 2**5 == NUM_PERM
# Fixed odd multipliers: sketches are stored, so they must never change.
_K1 = 0x9E3779B97F4A7C15
_K2 = 0xC2B2AE3D27D4EB4F
_K3 = 0x165667B19E3779F9
_SIG = struct.Struct(f"<{NUM_PERM}Q")


def storable(text: str | None) -> str:
    """``text`` as a string SQLite can store (lone surrogates → U+FFFD)."""
    if not text:
        return ""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def normalize(text: str) -> str:
    """Case-folded text with every run of whitespace (or invisible space) as one space."""
    return " ".join(text.replace("\u200b", " ").replace("\ufeff", " ").split()).casefold()


def content_hash(cleaned: str) -> str:
    """SHA-256 (hex) of the normalised cleaned text (pass it through :func:`storable` first)."""
    data = normalize(cleaned).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


# Word extraction without a regex scan: ``_WORD.findall`` over the case-folded text gives
# the words the sketch is made of, and so the same words come from bytes. ASCII letters,
# digits and "_" are exactly the ASCII characters ``\w`` matches; every other ASCII byte
# becomes a space, bytes of non-ASCII characters stay, and bytes.split() cuts the rest.
_ASCII_WORD = bytes(c if c >= 0x80 or chr(c).isalnum() or c == 0x5F else 0x20 for c in range(256))
_ASCII_LOWER_WORD = bytes(
    c if c >= 0x80 else ord(chr(c).lower()) if chr(c).isalnum() or c == 0x5F else 0x20
    for c in range(256)
)
#: non-word characters common in postings (bullets, curly quotes, dashes, no-break space):
#: made spaces first, so that a text with only these beyond ASCII takes the ASCII path
_COMMON_NON_WORD = "\u2022\u2019\u2018\u201c\u201d\u2013\u2014\u00a0\u00b7\u2026\u25aa\u25cf"


def _words(text: str) -> list[bytes]:
    """The UTF-8 bytes (surrogatepass) of ``_WORD.findall(text[:MAX_CHARS].casefold())``."""
    t = text[:MAX_CHARS]
    if t.isascii():
        return t.encode("ascii").translate(_ASCII_LOWER_WORD).split()
    return _folded_words(t.casefold())


def _folded_words(folded: str) -> list[bytes]:
    """:func:`_words` of a text already case-folded (``folded == folded.casefold()``)."""
    t = folded
    for c in _COMMON_NON_WORD:
        if c in t:
            t = t.replace(c, " ")
    if not t.isascii():
        return _words_mixed(t)
    return t.encode("ascii").translate(_ASCII_LOWER_WORD).split()


def _words_mixed(folded: str) -> list[bytes]:
    """:func:`_words` of a case-folded text with non-ASCII characters: the runs between
    ASCII non-word characters hold whole words, and only runs with non-ASCII bytes are
    searched with ``_WORD`` (their ends are non-word characters, so no word crosses them)."""
    out: list[bytes] = []
    add, extend = out.append, out.extend
    find = _WORD.findall
    for run in folded.encode("utf-8", "surrogatepass").translate(_ASCII_WORD).split():
        if run.isascii():
            add(run)
        else:
            extend(
                w.encode("utf-8", "surrogatepass")
                for w in find(run.decode("utf-8", "surrogatepass"))
            )
    return out


def _tokens(text: str) -> list[int]:
    """CRC-32 of each word of the case-folded text (its UTF-8, surrogates passed)."""
    return list(map(zlib.crc32, _words(text)))


def shingles(text: str) -> set[int]:
    """Hashes of the word 3-shingles of the case-folded text (of the words when < 3).

    A shingle (x, y, z) hashes to ``(x*_K1 & M) ^ (y*_K2 & M) ^ z`` (M: 64 bits). All of
    them at once, on one big integer: each CRC sits in a 128-bit lane of X, so X*_K1 holds
    every x*_K1 (< 2**96) in its own lane with no carry into the next; shifting a product
    right by one lane lines each y up with the x before it. The low 64 bits of lane i of
    ``X*_K1 ^ (X*_K2 >> 128) ^ (X >> 256)`` are the hash of shingle i.
    """
    return _shingles_of(_words(text))


def _shingles_of(words: list[bytes]) -> set[int]:
    """:func:`shingles` of the text whose :func:`_words` are ``words``."""
    n = len(words)
    if n < SHINGLE:
        return {(zlib.crc32(w) * _K3) & _MASK64 for w in words}
    lanes = bytearray(16 * n)
    crcs = struct.pack(f"<{n}I", *map(zlib.crc32, words))
    for k in range(4):
        lanes[k::16] = crcs[k::4]
    x = int.from_bytes(lanes, "little")
    mixed = ((x * _K1) ^ ((x * _K2) >> 128) ^ (x >> 256)).to_bytes(16 * n, "little")
    m = n - SHINGLE + 1
    low = bytearray(8 * m)
    for k in range(8):
        low[k::8] = mixed[k : 16 * m : 16]
    return set(struct.unpack(f"<{m}Q", low))


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signature(shingle_set: Iterable[int]) -> list[int]:
    """One-permutation MinHash: NUM_PERM bucket minima (densified)."""
    mins = [_EMPTY] * NUM_PERM
    shift = 64 - _BUCKET_BITS
    for h in shingle_set:
        b = h >> shift
        if h < mins[b]:
            mins[b] = h
    if _EMPTY in mins and any(m != _EMPTY for m in mins):
        filled = list(mins)
        for i in range(NUM_PERM):
            if mins[i] == _EMPTY:
                j, k = (i + 1) % NUM_PERM, 1
                while mins[j] == _EMPTY:
                    j, k = (j + 1) % NUM_PERM, k + 1
                filled[i] = (mins[j] + k * _K1) & _MASK64
        mins = filled
    return mins


def bands(sig: list[int]) -> list[int]:
    """The LSH band keys of a signature, as signed 64-bit ints (SQLite INTEGER)."""
    keys = []
    for b in range(BANDS):
        chunk = struct.pack(f"<B{ROWS}Q", b, *sig[b * ROWS : (b + 1) * ROWS])
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def pack_signature(sig: list[int]) -> bytes:
    return _SIG.pack(*sig)


def unpack_signature(blob: bytes) -> list[int]:
    return list(_SIG.unpack(blob))


def estimate(sig_a: list[int], sig_b: list[int]) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures."""
    return sum(1 for x, y in zip(sig_a, sig_b, strict=True) if x == y) / NUM_PERM


def sketch(cleaned: str) -> tuple[set[int], bytes, list[int]]:
    """(shingle hashes, packed signature, band keys) of a cleaned text.

    No band keys for a text without words (nothing to be a near duplicate of).
    """
    sh = shingles(cleaned)
    sig = signature(sh)
    return sh, pack_signature(sig), (bands(sig) if sh else [])


def fingerprint(cleaned: str) -> tuple[str, set[int], bytes, list[int]]:
    """``(content_hash(cleaned), *sketch(cleaned))``, as a save needs both: a text with
    characters beyond ASCII is case-folded once for the two, not twice.

    The same values: case folding maps each character on its own (no context), keeps every
    blank, zero-width space and BOM as it is and turns no other character into one or into
    nothing (tests/storage/test_sketch.py checks every code point), so folding the text
    first and then collapsing its blanks gives :func:`normalize`'s text.
    """
    if cleaned.isascii() or len(cleaned) > MAX_CHARS:
        return (content_hash(cleaned), *sketch(cleaned))
    folded = cleaned.casefold()
    flat = " ".join(folded.replace("\u200b", " ").replace("\ufeff", " ").split())
    digest = hashlib.sha256(flat.encode("utf-8", "surrogatepass")).hexdigest()
    sh = _shingles_of(_folded_words(folded))
    sig = signature(sh)
    return digest, sh, pack_signature(sig), (bands(sig) if sh else [])


def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line (for a display title), shortened to ``limit`` characters."""
    for line in text.split("\n", 50):
        s = " ".join(line.split())
        if s:
            return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
    return ""


def display_value(value: Any) -> str:
    """A field as one line of display text.

    Understands plain strings, the extractor's facts (``{"value": …, "text": …}``; the
    normalised value first), lists of facts (locations, pay ranges: joined with "; "),
    schema.org objects (``{"name": …}``) and numbers.
    """
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, Mapping):
        for key in ("value", "text", "name"):
            v = value.get(key)
            if isinstance(v, str) and v.strip():
                return " ".join(v.split())
            if isinstance(v, (list, tuple)) and v:
                return display_value(v)
        return ""
    if isinstance(value, (list, tuple)):
        parts = [display_value(v) for v in value]
        return "; ".join(dict.fromkeys(p for p in parts if p))
    return ""


# ------------------------------------------------------------------ fact columns

FACT_COLUMNS = (
    "workplace",
    "employment_type",
    "sponsorship",
    "pay_min",
    "pay_max",
    "pay_currency",
    "pay_period",
)
WORKPLACES = ("remote", "hybrid", "on-site")
SPONSORSHIP_READINGS = ("yes", "no", "unknown")


def _fact_value(value: Any) -> Any:
    return value.get("value") if isinstance(value, Mapping) else value


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    f = float(v)
    return f if f == f and abs(f) != float("inf") else None


def _short_text(v: Any) -> str:
    return " ".join(v.split()).lower()[:40] if isinstance(v, str) else ""


def fact_columns(fields: Any) -> dict[str, Any]:
    """The indexed fact columns of a posting, from its fields JSON (see jobdesk.core.facts).

    ``workplace``: remote | hybrid | on-site | ""; ``employment_type``: the types joined
    with ", " ("full-time, contract") or ""; ``sponsorship``: yes | no | unknown | "";
    ``pay_min`` / ``pay_max``: the numbers of the first pay range that has one (a lone
    number fills both; ranges with the same currency and period, e.g. location tiers,
    widen it), None when unknown; ``pay_currency`` / ``pay_period``: as stated or "".
    Any other shape (an old library's strings, damaged JSON) gives the empty values.
    """
    out: dict[str, Any] = {
        "workplace": "",
        "employment_type": "",
        "sponsorship": "",
        "pay_min": None,
        "pay_max": None,
        "pay_currency": "",
        "pay_period": "",
    }
    if not isinstance(fields, Mapping):
        return out
    wp = _short_text(_fact_value(fields.get("workplace"))).replace(" ", "-")
    wp = {"onsite": "on-site", "on_site": "on-site"}.get(wp, wp)
    out["workplace"] = wp if wp in WORKPLACES else ""
    et = _fact_value(fields.get("employment_type"))
    types = [et] if isinstance(et, str) else et if isinstance(et, list) else []
    names = [_short_text(t).replace(" ", "-") for t in types]
    out["employment_type"] = ", ".join(dict.fromkeys(n for n in names if n))
    sp = _short_text(_fact_value(fields.get("sponsorship")))
    out["sponsorship"] = sp if sp in SPONSORSHIP_READINGS else ""
    pay = fields.get("pay")
    ranges = [pay] if isinstance(pay, Mapping) else pay if isinstance(pay, list) else []
    key: tuple[str, str] | None = None
    for r in ranges:
        if not isinstance(r, Mapping):
            continue
        lo, hi = _number(r.get("min")), _number(r.get("max"))
        if lo is None and hi is None:
            continue
        ends = [x for x in (lo, hi) if x is not None]  # a lone number fills both ends
        lo, hi = min(ends), max(ends)
        this = (
            r["currency"] if isinstance(r.get("currency"), str) else "",
            r["period"] if isinstance(r.get("period"), str) else "",
        )
        if key is None:
            key = this
            out.update(pay_min=lo, pay_max=hi, pay_currency=this[0], pay_period=this[1])
        elif this == key:
            out["pay_min"] = min(out["pay_min"], lo)
            out["pay_max"] = max(out["pay_max"], hi)
    return out

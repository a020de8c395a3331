"""Export postings as Markdown, plain text or JSON; read a JSON export back.

The JSON export is the lossless one: it carries every stored field (raw input, source,
cleaned text, rules, fields, tags, status, notes, timestamps, ids) plus the library's
status list, and importing it into an empty library restores that library — same ids,
uids, times and flags. Markdown and text are for reading and sharing.

JSON shape::

    {"format": "jobdesk-library", "version": 1, "exported_at": "…Z",
     "statuses": ["saved", …], "postings": [{…}, …]}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from jobdesk.core.markdown import to_markdown
from jobdesk.storage.library import NewPosting, Posting, now

FORMAT = "jobdesk-library"
VERSION = 1
FORMATS = ("md", "txt", "json")


class ExportFormatError(ValueError):
    pass


def posting_json(p: Posting, uid_of: dict[int, str] | None = None) -> dict[str, Any]:
    near_uid = (uid_of or {}).get(p.near_duplicate_of) if p.near_duplicate_of else None
    return {
        "id": p.id,
        "uid": p.uid,
        "title": p.title,
        "company": p.company,
        "location": p.location,
        "pay": p.pay,
        "site": p.site,
        "url": p.url,
        "status": p.status,
        "tags": p.tags,
        "notes": p.notes,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "hand_edited": p.hand_edited,
        "rules": p.rules,
        "fields": p.fields,
        "kind": p.kind,
        "source_name": p.source_name,
        "content_hash": p.content_hash,
        "near_duplicate_of": near_uid,
        "similarity": p.similarity,
        "raw": p.raw,
        "source": p.source,
        "cleaned": p.cleaned,
    }


def write_json(
    postings: Iterable[Posting],
    out: IO[str],
    *,
    statuses: Iterable[str] = (),
    uid_of: dict[int, str] | None = None,
) -> int:
    """Stream a JSON export (one posting in memory at a time). Returns the count."""
    head = {"format": FORMAT, "version": VERSION, "exported_at": now(), "statuses": list(statuses)}
    text = json.dumps(head, ensure_ascii=False, indent=1)
    out.write(text[:-2] + ',\n "postings": [')
    n = 0
    for p in postings:
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(posting_json(p, uid_of), ensure_ascii=False))
        n += 1
    out.write("\n ]\n}\n" if n else "]\n}\n")
    return n


def _meta_lines(p: Posting) -> list[tuple[str, str]]:
    meta = [
        ("Company", p.company),
        ("Location", p.location),
        ("Pay", p.pay),
        ("Site", p.site),
        ("URL", p.url),
        ("Status", p.status),
        ("Tags", ", ".join(p.tags)),
        ("Saved", p.created_at),
    ]
    if p.hand_edited:
        meta.append(("Edited by hand", "yes"))
    return [(k, v) for k, v in meta if v]


def _no_nul(s: str) -> str:
    return s.replace("\x00", "")


def posting_markdown(p: Posting) -> str:
    title = p.display_title
    lines = [f"# {_no_nul(title)}", ""]
    lines += [f"- **{k}:** {_no_nul(v)}" for k, v in _meta_lines(p)]
    if p.notes.strip():
        lines += ["", "> " + _no_nul(p.notes).strip().replace("\n", "\n> ")]
    body = to_markdown(_no_nul(p.cleaned), title=title)
    first, _, rest = body.partition("\n")
    if first.lstrip("# ").strip() == to_markdown(title).lstrip("# ").strip():
        body = rest.lstrip("\n")  # the title heading is already above
    lines += ["", body.rstrip("\n")]
    return "\n".join(lines).rstrip() + "\n"


def posting_text(p: Posting) -> str:
    lines = [_no_nul(p.display_title)]
    lines += [f"{k}: {_no_nul(v)}" for k, v in _meta_lines(p)]
    if p.notes.strip():
        lines += ["Notes: " + _no_nul(p.notes).strip()]
    lines += ["", _no_nul(p.cleaned).strip("\n")]
    return "\n".join(lines).rstrip() + "\n"


SEPARATOR = {"md": "\n---\n\n", "txt": "\n" + "=" * 72 + "\n\n"}


def write_text(postings: Iterable[Posting], out: IO[str], fmt: str) -> int:
    """Markdown (``md``) or plain text (``txt``), postings separated by a rule line."""
    render = posting_markdown if fmt == "md" else posting_text
    n = 0
    for p in postings:
        if n:
            out.write(SEPARATOR[fmt])
        out.write(render(p))
        n += 1
    return n


def render_one(p: Posting, fmt: str) -> str:
    if fmt == "md":
        return posting_markdown(p)
    if fmt == "txt":
        return posting_text(p)
    return json.dumps(posting_json(p), ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------------------- import


def looks_like_export(head: bytes) -> bool:
    """Cheap sniff of the first bytes of a file: is it a jobdesk JSON export?"""
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return s.startswith(b"{") and FORMAT.encode() in head[:400]


TOO_DEEP = "nested too deeply to read"
MAX_ID = 2**63 - 1  # SQLite's largest INTEGER

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


@dataclass(frozen=True)
class BadRecord:
    """A posting of an export that cannot be restored: reported and skipped."""

    number: int  # 1-based position in the export's postings list
    reason: str

    def __str__(self) -> str:
        return f"posting {self.number} of the export: {self.reason}"


def _nesting(text: str, depth: int = 0) -> int:
    """The bracket depth after ``text`` (starting at ``depth``), counting JSON brackets
    outside strings. A JSON string never holds a raw line break, so a line can be
    scanned on its own."""
    for tok in _TOKENS.findall(text):
        if tok in ("[", "{"):
            depth += 1
        elif tok in ("]", "}"):
            depth -= 1
    return depth


def _loads(text: str) -> Any:
    """json.loads; ValueError (never RecursionError) on any problem."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None


def _check_head(doc: Any) -> list[str]:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportFormatError("not a jobdesk library export")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise ExportFormatError(
            f"a jobdesk export of a newer format ({str(version)[:20]!r}); update jobdesk"
        )
    if not isinstance(doc.get("postings"), list):
        raise ExportFormatError("a jobdesk export without a postings list")
    statuses = doc.get("statuses")
    if not isinstance(statuses, list):
        return []
    return [s for s in statuses if isinstance(s, str) and s.strip()]


def read_export(data: str | bytes) -> tuple[list[str], Iterator[NewPosting | BadRecord]]:
    """(statuses, postings) of a JSON export; raises ExportFormatError when the file is not
    one. A posting that cannot be restored comes as a :class:`BadRecord` in its place."""
    text = data.decode("utf-8-sig", "replace") if isinstance(data, bytes) else data
    try:
        doc = _loads(text)
    except ValueError as exc:
        raise ExportFormatError(f"not a jobdesk export (invalid JSON: {exc})") from None
    statuses = _check_head(doc)
    return statuses, (_record(i, item) for i, item in enumerate(doc["postings"]))


def open_export(fh: IO[str]) -> tuple[list[str], Iterator[NewPosting | BadRecord]]:
    """Like :func:`read_export`, from an open file, streaming when it can.

    An export as :func:`write_json` writes it holds one posting per line, so a 100k-posting
    export is read one posting at a time. A file laid out otherwise (re-indented by some
    tool, or all on one line) still works: postings spread over lines are gathered until
    their brackets close, and a file without line structure is read whole.
    """
    head: list[str] = []
    for line in fh:
        stripped = line.strip()
        if stripped.startswith('"postings"') and stripped.replace(" ", "") in (
            '"postings":[',
            '"postings":[]',
            '"postings":[]}',
        ):
            break
        head.append(line)
    else:  # no line of its own for the postings list: read it the simple way
        return read_export("".join(head))
    try:
        doc = _loads("".join(head).rstrip().rstrip(",") + ', "postings": []}')
    except ValueError as exc:
        raise ExportFormatError(f"not a jobdesk export (invalid JSON: {exc})") from None
    statuses = _check_head(doc)
    if stripped.replace(" ", "").startswith('"postings":[]'):
        return statuses, iter(())
    return statuses, _stream(fh)


def _stream(fh: IO[str]) -> Iterator[NewPosting | BadRecord]:
    """The postings of the list, one at a time.

    A posting on a line of its own (as written) is parsed at once. One that does not
    parse is either spread over lines — then lines are added until its brackets close
    (counted outside strings) — or broken: a BadRecord, and the next posting is read as
    usual. So are one nested too deeply or holding a number too long to read.
    """
    buf: list[str] = []
    size = 0
    depth: int | None = None  # bracket depth of buf, once a first parse has failed
    i = 0
    for line in fh:
        stripped = line.strip()
        if not buf:
            if stripped.startswith("]"):
                return
            if not stripped or stripped == ",":
                continue
        buf.append(line)
        size += len(line)
        if depth is not None:
            depth = _nesting(line, depth)
            if depth > 0:
                if size > 200_000_000:
                    raise ExportFormatError("the export is damaged (a posting never ends)")
                continue
        text = "".join(buf).strip().rstrip(",")
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            if depth is None:
                depth = _nesting(text)
                if depth > 0:
                    continue  # spread over lines: read on
            problem: str | None = f"not readable JSON ({str(exc)[:120]})"
        except (ValueError, RecursionError) as exc:
            problem = _json_problem(exc)
        else:
            problem = None
        buf, size, depth = [], 0, None
        yield _record(i, item) if problem is None else BadRecord(i + 1, problem)
        i += 1
    if buf:
        raise ExportFormatError("the export is damaged or cut short")


def _json_problem(exc: BaseException) -> str:
    if isinstance(exc, RecursionError) or str(exc) == TOO_DEEP:
        return TOO_DEEP
    if "digits" in str(exc) and "limit" in str(exc):
        return "it holds a number too long to read"
    return f"not readable JSON ({str(exc)[:120]})"


def _record(i: int, item: Any) -> NewPosting | BadRecord:
    try:
        return _new_from_json(i, item)
    except ExportFormatError as exc:
        return BadRecord(i + 1, str(exc))


_TEXT_KEYS = (
    "uid",
    "title",
    "company",
    "site",
    "url",
    "status",
    "notes",
    "kind",
    "source_name",
    "created_at",
    "updated_at",
    "near_duplicate_of",
    "raw",
    "source",
)


def _s(d: dict[str, Any], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def _new_from_json(i: int, d: Any) -> NewPosting:
    """A posting of an export; ExportFormatError (its reason) when it cannot be restored."""
    if not isinstance(d, dict):
        raise ExportFormatError("not a posting (a JSON object was expected)")
    if not isinstance(d.get("cleaned"), str):
        raise ExportFormatError(
            "no cleaned text" if d.get("cleaned") is None else "its cleaned text is not text"
        )
    for key in _TEXT_KEYS:
        if d.get(key) is not None and not isinstance(d[key], str):
            raise ExportFormatError(f"{key!r} is not text")
    for key, kind in (("tags", list), ("rules", list), ("fields", dict)):
        if d.get(key) is not None and not isinstance(d[key], kind):
            raise ExportFormatError(f"{key!r} is not a {'list' if kind is list else 'mapping'}")
    pid = d.get("id")
    if pid is not None:
        if not isinstance(pid, int) or isinstance(pid, bool):
            raise ExportFormatError("its id is not a whole number")
        if not 0 < pid <= MAX_ID:
            raise ExportFormatError(f"its id is out of range (1 to {MAX_ID})")
    sim = d.get("similarity")
    if sim is not None:
        if isinstance(sim, bool) or not isinstance(sim, (int, float)):
            raise ExportFormatError("its similarity is not a number")
        if (isinstance(sim, int) and abs(sim) > 1) or not 0.0 <= float(sim) <= 1.0:
            raise ExportFormatError("its similarity is out of range (0 to 1)")
    tags: list[Any] = d.get("tags") or []
    rules: list[Any] = d.get("rules") or []
    fields: dict[str, Any] = d.get("fields") or {}
    return NewPosting(
        cleaned=d["cleaned"],
        source=_s(d, "source") or d["cleaned"],
        raw=_s(d, "raw"),
        rules=[r for r in rules if isinstance(r, str)],
        site=_s(d, "site") or None,
        url=_s(d, "url") or None,
        fields=fields,
        title=_s(d, "title"),
        company=_s(d, "company"),
        tags=[t for t in tags if isinstance(t, str)],
        status=_s(d, "status") or "saved",
        notes=_s(d, "notes"),
        hand_edited=bool(d.get("hand_edited")),
        kind=_s(d, "kind") or "text",
        source_name=_s(d, "source_name"),
        uid=_s(d, "uid") or None,
        id=pid,
        created_at=_s(d, "created_at") or None,
        updated_at=_s(d, "updated_at") or None,
        flag_similar=False,
        near_duplicate_of=None,
        similarity=float(sim) if sim is not None else None,
        near_duplicate_uid=_s(d, "near_duplicate_of") or None,
    )

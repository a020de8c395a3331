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
from collections.abc import Iterable, Iterator
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


def _check_head(doc: Any) -> list[str]:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportFormatError("not a jobdesk library export")
    if not isinstance(doc.get("version"), int) or doc["version"] > VERSION:
        raise ExportFormatError(
            f"a jobdesk export of a newer format ({doc.get('version')!r}); update jobdesk"
        )
    if not isinstance(doc.get("postings"), list):
        raise ExportFormatError("a jobdesk export without a postings list")
    return [s for s in doc.get("statuses") or [] if isinstance(s, str)]


def read_export(data: str | bytes) -> tuple[list[str], Iterator[NewPosting]]:
    """(statuses, postings) of a JSON export; raises ExportFormatError on anything else."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ExportFormatError(f"not a jobdesk export (invalid JSON: {exc})") from None
    statuses = _check_head(doc)
    return statuses, (_new_from_json(i, item) for i, item in enumerate(doc["postings"]))


def open_export(fh: IO[str]) -> tuple[list[str], Iterator[NewPosting]]:
    """Like :func:`read_export`, from an open file, streaming when it can.

    An export as :func:`write_json` writes it holds one posting per line, so a 100k-posting
    export is read one posting at a time. A file laid out otherwise (re-indented by some
    tool, or all on one line) still works: postings spread over lines are gathered until
    they parse, and a file without line structure is read whole.
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
        doc = json.loads("".join(head).rstrip().rstrip(",") + ', "postings": []}')
    except ValueError as exc:
        raise ExportFormatError(f"not a jobdesk export (invalid JSON: {exc})") from None
    statuses = _check_head(doc)
    if stripped.replace(" ", "").startswith('"postings":[]'):
        return statuses, iter(())
    return statuses, _stream(fh)


def _stream(fh: IO[str]) -> Iterator[NewPosting]:
    buf = ""
    i = 0
    for line in fh:
        stripped = line.strip()
        if not buf and stripped in ("]", "]}", ""):
            if stripped.startswith("]"):
                return
            continue
        buf += line
        try:
            item = json.loads(buf.strip().rstrip(","))
        except ValueError:
            if len(buf) > 200_000_000:
                raise ExportFormatError("the export is damaged (unreadable posting)") from None
            continue
        buf = ""
        yield _new_from_json(i, item)
        i += 1
    if buf.strip():
        raise ExportFormatError("the export is damaged or cut short")


def _s(d: dict[str, Any], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def _new_from_json(i: int, d: Any) -> NewPosting:
    if not isinstance(d, dict) or not isinstance(d.get("cleaned"), str):
        raise ExportFormatError(f"posting {i + 1} of the export has no cleaned text")
    tags: list[Any] = d["tags"] if isinstance(d.get("tags"), list) else []
    rules: list[Any] = d["rules"] if isinstance(d.get("rules"), list) else []
    fields: dict[str, Any] = d["fields"] if isinstance(d.get("fields"), dict) else {}
    sim = d.get("similarity")
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
        id=d["id"] if isinstance(d.get("id"), int) and d["id"] > 0 else None,
        created_at=_s(d, "created_at") or None,
        updated_at=_s(d, "updated_at") or None,
        flag_similar=False,
        near_duplicate_of=None,
        similarity=float(sim) if isinstance(sim, (int, float)) else None,
        near_duplicate_uid=_s(d, "near_duplicate_of") or None,
    )

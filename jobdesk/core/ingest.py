"""Bytes, files and HTML in; one source text (with its page-chrome regions) out.

* Bytes are decoded without ever crashing: BOMs, UTF-8, UTF-16 without a BOM, the
  charset an HTML page declares, cp1252, and Latin-1 as the last resort. Binary files
  (NUL bytes, known magic numbers, mostly control characters) are refused with
  :class:`IngestError`.
* HTML (detected by content, not by file name) becomes block text with bs4: headings,
  paragraphs and table rows on lines of their own, list items as "• " bullets, ``<br>``
  as a line break. Invisible things (script, style, template, ``hidden``,
  ``aria-hidden``, ``display:none``) are dropped. Page-chrome regions (nav, header,
  footer, aside, forms, dialogs, cookie banners, buttons, and what lies outside
  ``<main>``) stay in the text but are reported as :class:`Region` s, which the engine
  turns into hits of the ``html.*`` rules: the user sees them removed, and can switch
  them back on.
* schema.org ``JobPosting`` JSON-LD is parsed and kept. When the visible text does not
  hold the posting but the JSON-LD does (a script-rendered page saved without running
  its scripts), the source text is built from the JSON-LD.
"""

from __future__ import annotations

import email
import email.policy
import html as html_lib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Comment, Doctype, Tag
from bs4.dammit import UnicodeDammit
from bs4.element import NavigableString

MAX_BYTES = 50 * 1024 * 1024


class IngestError(Exception):
    """Input that cannot be read as a posting (binary, unreadable, too large)."""


@dataclass(frozen=True, slots=True)
class Region:
    kind: str
    start: int
    end: int


@dataclass
class Document:
    """One input, ready for matching. Every offset refers to ``source``."""

    source: str
    raw: str = ""
    kind: str = "text"  # text | html | email
    regions: list[Region] = field(default_factory=list)
    jsonld: dict[str, Any] | None = None
    url: str | None = None
    title: str | None = None
    from_jsonld: bool = False
    name: str | None = None


# ----------------------------------------------------------------------------- bytes

_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"MZ",
    b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"SQLite format 3",
    b"\xd0\xcf\x11\xe0", b"OggS", b"ID3", b"RIFF", b"fLaC", b"\x00\x00\x01\x00",
)  # fmt: skip

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    evens, odds = sample[0::2], sample[1::2]
    if odds.count(0) > 0.4 * len(odds) and evens.count(0) < 0.05 * len(evens):
        enc = "utf-16-le"
    elif evens.count(0) > 0.4 * len(evens) and odds.count(0) < 0.05 * len(odds):
        enc = "utf-16-be"
    else:
        return None
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1b")
    return controls > 0.05 * len(sample)


def decode_bytes(data: bytes) -> str:
    """Decode the bytes of a text or HTML file; never raises for text, refuses binary."""
    if len(data) > MAX_BYTES:
        raise IngestError(f"file is too large ({len(data) / 1e6:.0f} MB; the limit is 50 MB)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    if any(data.startswith(m) for m in _MAGIC):
        raise IngestError("this is a binary file (an image, PDF or archive), not text or HTML")
    text = _utf16_without_bom(data)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            head = data[:4096].lower()
            if b"<html" in head or b"<meta" in head or b"<!doctype" in head:
                dammit = UnicodeDammit(data, ["utf-8", "windows-1252"], is_html=True)
                text = dammit.unicode_markup
            if text is None:
                try:
                    text = data.decode("cp1252")
                except UnicodeDecodeError:
                    text = data.decode("latin-1")
    if _looks_binary(text):
        raise IngestError("this looks like a binary file, not text or HTML")
    return text


# ------------------------------------------------------------------------------ HTML

_HTML_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|"
    r"<(?:div|p|span|ul|li|h[1-6]|br|table|section|article|a\s+href)\b[^>]*>",
    re.IGNORECASE,
)


# Markup nobody types in prose: line breaks and closing tags.
_HTML_STRONG = re.compile(
    r"<br\s*/?>|</(?:p|div|li|ul|ol|span|h[1-6]|strong|b|em|i|a|table|tr|td)>", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """Content sniffing: does this text look like HTML markup?"""
    head = text[:65536]
    if re.match(r"\s*(<!doctype\s+html|<html[\s>])", head, re.IGNORECASE):
        return True
    tags = _HTML_SNIFF.findall(head)
    if len(tags) >= 3 or (tags and head.lstrip().startswith("<")):
        return True
    return len(_HTML_STRONG.findall(head)) >= 2


_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "iframe", "object",
     "embed", "canvas", "audio", "video", "map", "title", "meta", "link", "math"}
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl",
     "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr",
     "legend", "main", "nav", "ol", "option", "pre", "section", "summary", "table", "tbody",
     "thead", "tfoot", "tr", "ul", "label", "select", "textarea", "caption", "center", "menu"}
)  # fmt: skip
_PARA_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre"})
_CELL_TAGS = frozenset({"td", "th"})
_COOKIE_RE = re.compile(
    r"cookie|consent|gdpr|onetrust|truste|cookiebot|usercentrics|privacy-banner|cc-banner",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")

_ROLE_REGIONS = {
    "navigation": "navigation",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "search": "form",
    "form": "form",
    "dialog": "dialog",
    "alertdialog": "dialog",
    "button": "button",
}


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)


def _hidden(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs or _attr(tag, "aria-hidden").lower() == "true":
        return True
    if tag.name == "input" and _attr(tag, "type").lower() == "hidden":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(str(style)))


def _region_of(tag: Tag, in_article: bool) -> str | None:
    name = tag.name
    role = _attr(tag, "role").lower()
    if role in _ROLE_REGIONS:
        return _ROLE_REGIONS[role]
    if name == "nav":
        return "navigation"
    if name == "footer":
        return "footer"
    if name == "header" and not in_article:
        return "header"
    if name == "aside":
        return "aside"
    if name in ("form", "select"):
        return "form"
    if name == "dialog" or _attr(tag, "aria-modal").lower() == "true":
        return "dialog"
    if name == "button":
        return "button"
    ident = _attr(tag, "id") + " " + _attr(tag, "class")
    if ident.strip() and _COOKIE_RE.search(ident):
        return "cookie-banner"
    return None


class _Writer:
    """Accumulates block text; breaks are pending until the next text arrives."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = 0  # 0: none, 1: line break, 2: blank line
        self.at_line_start = True
        # Start offsets of regions entered but not yet given any text: they are set
        # when the first character lands (after pending breaks and trimmed spaces).
        self.waiting: list[list[int]] = []

    def mark(self) -> list[int]:
        cell = [-1]
        self.waiting.append(cell)
        return cell

    def content_end(self) -> int:
        """The current end, minus trailing spaces that a following break would trim."""
        end = self.length
        for part in reversed(self.parts):
            stripped = part.rstrip(" ")
            end -= len(part) - len(stripped)
            if stripped:
                break
        return end

    def brk(self, n: int) -> None:
        if self.length:
            self.pending = max(self.pending, n)

    def hard_break(self) -> None:
        """<br>: a line break that is never merged away."""
        self._emit("\n")
        self.at_line_start = True

    def text(self, s: str, pre: bool = False) -> None:
        if not pre:
            s = _SPACES.sub(" ", s)
            if self.at_line_start or self.pending:
                s = s.lstrip(" ")
            if not s:
                return
        if self.pending:
            self._trim_trailing_space()
            self._emit("\n" * self.pending)
            self.pending = 0
        if self.waiting:
            start = self.length + len(s) - len(s.lstrip(" "))
            for cell in self.waiting:
                cell[0] = start
            self.waiting.clear()
        self._emit(s)
        self.at_line_start = s.endswith("\n")

    def _trim_trailing_space(self) -> None:
        while self.parts and self.parts[-1].endswith(" "):
            last = self.parts[-1]
            stripped = last.rstrip(" ")
            self.length -= len(last) - len(stripped)
            if stripped:
                self.parts[-1] = stripped
                break
            self.parts.pop()

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def finish(self) -> str:
        self._trim_trailing_space()
        return "".join(self.parts)


def _jsonld_objects(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        text = script.string or script.get_text()
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))


def _is_job_posting(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.lower() == "jobposting" for k in kinds)


def find_job_posting(soup: BeautifulSoup) -> dict[str, Any] | None:
    return next((o for o in _jsonld_objects(soup) if _is_job_posting(o)), None)


def _page_url(soup: Tag) -> str | None:
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag) and link.get("href"):
        return _attr(link, "href")
    meta = soup.find("meta", property="og:url")
    if isinstance(meta, Tag) and meta.get("content"):
        return _attr(meta, "content")
    return None


def _render(root: Tag) -> tuple[str, list[Region]]:
    """Block text of a DOM subtree, with its chrome regions (outermost only)."""
    out = _Writer()
    regions: list[Region] = []
    main_span: list[int] = []
    # Stack of (node, exiting?, region kind, start cell of a region or <main>).
    stack: list[tuple[Any, bool, str | None, list[int] | None]] = [(root, False, None, None)]
    region_depth = 0
    article_depth = 0
    pre_depth = 0
    while stack:
        node, exiting, region, start = stack.pop()
        if exiting:
            tag = node
            name = tag.name
            if name in _PARA_TAGS:
                out.brk(2)
            elif name in _BLOCK_TAGS or name == "li":
                out.brk(1)
            if name == "pre":
                pre_depth -= 1
            if name in ("article", "main") or _attr(tag, "role") == "main":
                article_depth -= 1
            if region is None and start is not None and start[0] >= 0 and not main_span:
                main_span = [start[0], out.content_end()]  # only <main> gets a cell
            if region is not None:
                region_depth -= 1
                end = out.content_end()
                if start is not None and 0 <= start[0] < end:
                    regions.append(Region(region, start[0], end))
            continue
        if isinstance(node, NavigableString):
            if isinstance(node, Comment | Doctype) or type(node).__name__ in (
                "CData", "ProcessingInstruction", "Declaration", "Script", "Stylesheet",
                "TemplateString",
            ):  # fmt: skip
                continue
            out.text(str(node), pre=pre_depth > 0)
            continue
        if not isinstance(node, Tag) or (node is not root and _hidden(node)):
            continue
        name = node.name
        if name == "br":
            out.hard_break()
            continue
        if name == "hr":
            out.brk(2)
            continue
        kind = _region_of(node, article_depth > 0) if region_depth == 0 else None
        if name in _PARA_TAGS:
            out.brk(2)
        elif name in _BLOCK_TAGS or name == "tr":
            out.brk(1)
        if name == "li":
            out.brk(1)
            out.text("• ")
        elif name in _CELL_TAGS and node.find_previous_sibling(_CELL_TAGS) is not None:
            out.text(" | ")
        if name == "pre":
            pre_depth += 1
        if name in ("article", "main") or _attr(node, "role") == "main":
            article_depth += 1
        cell = None
        if kind is not None:
            region_depth += 1
            cell = out.mark()  # the region starts where its first character lands
        elif name == "main" or _attr(node, "role") == "main":
            cell = out.mark()
        stack.append((node, True, kind, cell))
        stack.extend((child, False, None, None) for child in reversed(node.contents))
    text = out.finish()
    if main_span:
        m_start, m_end = main_span
        if m_start > 0:
            regions.append(Region("outside-main", 0, min(m_start, len(text))))
        if m_end < len(text):
            regions.append(Region("outside-main", m_end, len(text)))
    clipped = []
    for r in regions:
        end = min(r.end, len(text))
        if r.start < end:
            clipped.append(Region(r.kind, r.start, end))
    clipped.sort(key=lambda r: (r.start, -r.end))
    return text, clipped


def html_fragment_to_text(fragment: str) -> str:
    """Block text of an HTML fragment (e.g. a JSON-LD description)."""
    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    soup = BeautifulSoup(fragment, "lxml")
    text, _ = _render(soup)
    return text.strip()


def _jsonld_location(posting: dict[str, Any]) -> str:
    locs = posting.get("jobLocation")
    items = locs if isinstance(locs, list) else [locs]
    out = []
    for loc in items:
        if not isinstance(loc, dict):
            continue
        addr = loc.get("address")
        if isinstance(addr, dict):
            parts: list[str] = [
                str(addr[k])
                for k in ("addressLocality", "addressRegion", "addressCountry")
                if isinstance(addr.get(k), str) and addr[k]
            ]
            # Drop a country that the locality already names.
            if len(parts) > 1 and parts[-1] in parts[0]:
                parts.pop()
            out.append(", ".join(str(p) for p in parts))
        elif isinstance(addr, str):
            out.append(addr)
    if posting.get("jobLocationType") == "TELECOMMUTE":
        out.append("Remote")
    return " / ".join(o for o in out if o)


def jsonld_posting_text(posting: dict[str, Any]) -> str:
    """A posting's text built from its JSON-LD: header lines, then the description."""
    lines: list[str] = []
    title = posting.get("title")
    if isinstance(title, str):
        lines.append(html_lib.unescape(title).strip())
    org = posting.get("hiringOrganization")
    if isinstance(org, dict) and isinstance(org.get("name"), str):
        lines.append(org["name"].strip())
    elif isinstance(org, str):
        lines.append(org.strip())
    location = _jsonld_location(posting)
    if location:
        lines.append(location)
    etype = posting.get("employmentType")
    etypes = etype if isinstance(etype, list) else [etype]
    shown = [e.replace("_", " ").capitalize() for e in etypes if isinstance(e, str)]
    if shown:
        lines.append(", ".join(shown))
    description = posting.get("description")
    body = html_fragment_to_text(description) if isinstance(description, str) else ""
    return "\n".join(lines) + ("\n\n" + body if body else "")


_WORD = re.compile(r"\w+")


def _covered(description: str, visible: str) -> float:
    """Share of the description's distinct words that the visible text holds."""
    words = {w.lower() for w in _WORD.findall(description) if len(w) > 3}
    if not words:
        return 1.0
    seen = {w.lower() for w in _WORD.findall(visible)}
    return len(words & seen) / len(words)


def html_to_document(markup: str, *, url: str | None = None) -> Document:
    soup = BeautifulSoup(markup, "lxml")
    # Each find walks the whole tree in Python: look only where the thing can be.
    posting = find_job_posting(soup) if "ld+json" in markup.lower() else None
    head = soup.head
    page_url = url or (_page_url(head) if head is not None else None)
    title_tag = head.find("title") if head is not None else None
    title = title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None
    body = soup.body or soup
    text, regions = _render(body)
    doc = Document(
        source=text, raw=markup, kind="html", regions=regions, jsonld=posting,
        url=page_url, title=title or None,
    )  # fmt: skip
    if posting is not None and isinstance(posting.get("description"), str):
        built = jsonld_posting_text(posting)
        if _covered(built, text) < 0.5:
            # The visible page lacks the posting: lead with the JSON-LD copy; whatever
            # the page shows after it is reported as a region of its own.
            joined = built + ("\n\n" + text if text.strip() else "")
            shift = len(built) + 2
            doc.source = joined
            doc.regions = [Region(r.kind, r.start + shift, r.end + shift) for r in regions]
            if text.strip():
                doc.regions.append(Region("jsonld-shell", shift, len(joined)))
            doc.from_jsonld = True
    return doc


# ----------------------------------------------------------------------------- email


def email_to_document(data: bytes) -> Document:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    subject = str(msg.get("subject", "") or "").strip()
    body_part = msg.get_body(preferencelist=("html", "plain"))
    if body_part is None:
        content = ""
        html = False
    else:
        content = body_part.get_content()
        html = body_part.get_content_type() == "text/html"
    if html:
        doc = html_to_document(content)
    else:
        doc = Document(source=normalize_newlines(content), raw=content)
    if subject:
        head = f"Subject: {subject}\n\n"
        doc.source = head + doc.source
        doc.regions = [Region(r.kind, r.start + len(head), r.end + len(head)) for r in doc.regions]
    doc.kind = "email"
    doc.raw = data.decode("utf-8", errors="replace")
    return doc


# ---------------------------------------------------------------------------- public


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def ingest_text(text: str, *, url: str | None = None, html: bool | None = None) -> Document:
    """A pasted or decoded text: HTML when it looks like HTML (or ``html=True``)."""
    if html or (html is None and looks_like_html(text)):
        return html_to_document(text, url=url)
    return Document(source=normalize_newlines(text), raw=text, url=url)


def ingest_bytes(data: bytes, *, name: str = "", url: str | None = None) -> Document:
    suffix = Path(name).suffix.lower()
    if suffix == ".eml" or (not suffix and data[:512].lower().startswith((b"received:", b"from "))):
        doc = email_to_document(data)
    else:
        text = decode_bytes(data)
        doc = ingest_text(text, url=url, html=True if suffix in (".html", ".htm") else None)
    doc.name = name or None
    return doc


def ingest_path(path: str | Path, *, url: str | None = None) -> Document:
    p = Path(path)
    if p.is_dir():
        raise IngestError(f"{p} is a folder, not a file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"{p} is too large ({size / 1e6:.0f} MB; the limit is 50 MB)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{p}: no such file") from None
    except PermissionError:
        raise IngestError(f"{p}: permission denied") from None
    except OSError as exc:
        raise IngestError(f"{p}: cannot read ({exc.strerror or exc})") from None
    try:
        return ingest_bytes(data, name=p.name, url=url)
    except IngestError as exc:
        raise IngestError(f"{p}: {exc}") from None


def ingest(data: str | bytes | Path, *, url: str | None = None, name: str = "") -> Document:
    """Any input (text, bytes or a path) to a :class:`Document`."""
    if isinstance(data, Path):
        return ingest_path(data, url=url)
    if isinstance(data, bytes):
        return ingest_bytes(data, name=name, url=url)
    return ingest_text(data, url=url)

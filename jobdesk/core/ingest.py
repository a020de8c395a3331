"""Bytes, files and HTML in; one source text (with its page-chrome regions) out.

* Every input is read here (:func:`open_input`, :func:`read_limited`): regular files
  only (a FIFO, device or socket is refused, never waited on), and never more than
  :data:`MAX_BYTES`, however long a stream (stdin) runs.
* Bytes are decoded without ever crashing: BOMs, UTF-8, UTF-16 without a BOM, the
  charset an HTML page declares (sniffed by bs4's ``UnicodeDammit``), else cp1252 as
  browsers read it (its five undefined bytes kept one by one). Binary files (NUL bytes,
  known magic numbers, mostly control characters; .eml files too) are refused with
  :class:`IngestError`.
* Every step takes time in proportion to the input (``tests/benchmarks/
  bench_adversarial.py``): no header parser of the standard library (quadratic on a
  long header), no ``itertext()`` per ancestor of a deep element.
* HTML (detected by content, not by file name) is parsed by lxml (libxml2) and its
  element tree walked into block text: headings, paragraphs and table rows on lines of
  their own, list items as "• " bullets, ``<br>`` as a line break. Invisible things
  (script, style, template, ``hidden``, ``aria-hidden``, ``display:none``) are
  dropped — but never what libxml2 nests in a void element such as ``<embed>``, nor
  paragraphs inside a media element left open. Page-chrome regions (nav, header,
  footer, aside, forms, dialogs, cookie banners, buttons, and what lies outside
  ``<main>``) stay in the text but are reported as :class:`Region` s, which the engine
  turns into hits of the ``html.*`` rules: the user sees them removed, and can switch
  them back on.
* schema.org ``JobPosting`` JSON-LD is parsed and kept. When the visible text does not
  hold the posting but the JSON-LD does (a script-rendered page saved without running
  its scripts), the source text is built from the JSON-LD.
"""

from __future__ import annotations

import binascii
import codecs
import functools
import html as html_lib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from lxml import etree

if TYPE_CHECKING:
    import email.message
    import email.policy

from jobdesk.core.htmlstructure import KINDS as _STRUCTURAL
from jobdesk.core.htmlstructure import structural_regions

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


# Control characters other than \t \n \v \f \r and ESC.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    return len(_CONTROLS.findall(sample)) > 0.05 * len(sample)


def _undefined_cp1252(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(map(chr, exc.object[exc.start : exc.end])), exc.end


codecs.register_error("jobdesk-cp1252", _undefined_cp1252)


def _decode_cp1252(data: bytes) -> str:
    """cp1252 as browsers read it (WHATWG windows-1252): the five bytes cp1252 leaves
    undefined (81 8D 8F 90 9D) become U+0081 … one by one, never a reason to read the
    whole file as Latin-1 (which turned every € – “ ” ’ in it into control characters)."""
    return data.decode("cp1252", errors="jobdesk-cp1252")


def _refuse(data: bytes) -> None:
    """Too large, or a known binary format: :class:`IngestError`."""
    if len(data) > MAX_BYTES:
        raise IngestError(f"file is too large ({len(data) / 1e6:.0f} MB; the limit is 50 MB)")
    if any(data.startswith(m) for m in _MAGIC):
        raise IngestError("this is a binary file (an image, PDF or archive), not text or HTML")


def decode_bytes(data: bytes) -> str:
    """Decode the bytes of a text or HTML file; never raises for text, refuses binary."""
    _refuse(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    text = _utf16_without_bom(data)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            head = data[:4096].lower()
            if b"<html" in head or b"<meta" in head or b"<!doctype" in head:
                from bs4.dammit import UnicodeDammit  # only here: bs4 takes 0.5 s to import

                dammit = UnicodeDammit(data, ["utf-8", "windows-1252"], is_html=True)
                text = dammit.unicode_markup
            if text is None:
                text = _decode_cp1252(data)
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
     "embed", "canvas", "audio", "video", "title", "meta", "link", "annotation",
     "annotation-xml"}
)  # fmt: skip
# (MathML is shown by browsers, so its text is kept; its TeX annotations are not shown.)
# HTML5's void elements (and obsolete ones browsers parse as void).
_VOID_TAGS = frozenset(
    {"area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input",
     "keygen", "link", "meta", "param", "source", "track", "wbr"}
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl",
     "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr",
     "legend", "main", "nav", "ol", "option", "pre", "section", "summary", "table", "tbody",
     "thead", "tfoot", "tr", "ul", "label", "select", "textarea", "caption", "center", "menu"}
)  # fmt: skip
# Media whose content is a fallback browsers do not show ("Your browser does not support
# video") — unless the content is the page: an <audio>, <video>, <canvas> or <object>
# left open holds the paragraphs after it (libxml2 nests them in it up to the parent's
# end tag), and those are shown, never dropped.
_FALLBACK_TAGS = frozenset({"audio", "video", "canvas", "object"})
_PARA_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre"})
_CELL_TAGS = frozenset({"td", "th"})
# The break the render asks for before an element's text and after it (2: a blank line,
# 1: a line break), by tag: one look-up an element.
# (keyed by object: lxml types a tag as str, bytes or QName)
_BREAK_BEFORE: dict[object, int] = {
    **{t: 1 for t in _BLOCK_TAGS | {"tr", "li"}},
    **{t: 2 for t in _PARA_TAGS},
}
_BREAK_AFTER: dict[object, int] = {
    **{t: 1 for t in _BLOCK_TAGS | {"li"}},
    **{t: 2 for t in _PARA_TAGS},
}
_PAGE_BLOCKS = (_PARA_TAGS | _BLOCK_TAGS | {"li", "dl", "dd", "dt"}) - {"option", "select"}
_COOKIE_WORDS = (
    r"cookie|consent|gdpr|onetrust|truste|cookiebot|usercentrics|privacy-banner|cc-banner"
)
_COOKIE_RE = re.compile(_COOKIE_WORDS, re.IGNORECASE)
# re.IGNORECASE makes this alternation some 7x slower, and class lists are long (1,000
# of them, ~80 characters each, on a LinkedIn page): ASCII ones are lowered instead.
_COOKIE_LOWER = re.compile(_COOKIE_WORDS)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE_CHARS = " \t\n\r\f\v"
_SPACES = re.compile(f"[{_SPACE_CHARS}]+")

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


_TAG_REGIONS = {
    "nav": "navigation",
    "footer": "footer",
    "aside": "aside",
    "form": "form",
    "select": "form",
    "dialog": "dialog",
}


def _attr(el: etree._Element, name: str) -> str:
    return el.get(name) or ""


# _hidden and _region_of take the element's tag and whether it has any attributes (most
# have none); el.get() is faster than going through el.attrib.


def _hidden(el: etree._Element, name: str, has_attrs: bool, aria: bool = True) -> bool:
    """Never shown: dropped tags, ``hidden``, ``aria-hidden`` (unless not ``aria``),
    hidden inputs, display:none."""
    if name in _DROP_TAGS:
        return not (name in _FALLBACK_TAGS and _holds_blocks(el))
    if not has_attrs:
        return False
    get = el.get
    if get("hidden") is not None or (aria and (get("aria-hidden") or "").lower() == "true"):
        return True
    if name == "input" and (get("type") or "").lower() == "hidden":
        return True
    style = get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


# The attributes _hidden or _region_of look at besides the id and class. An element
# without any of them is hidden or named by its tag, id and class alone: by
# _plain_hidden (for a tag of _DROP_TAGS) and _plain_region_of.
_MAY_HIDE_OR_NAME = frozenset({"hidden", "aria-hidden", "type", "style", "role", "aria-modal"})


def _plain_hidden(el: etree._Element, name: str) -> bool:
    """:func:`_hidden` of an element of _DROP_TAGS."""
    return not (name in _FALLBACK_TAGS and _holds_blocks(el))


def _plain_region_of(
    el: etree._Element, name: str, has_attrs: bool, in_article: bool
) -> str | None:
    """:func:`_region_of` of an element without the attributes of _MAY_HIDE_OR_NAME."""
    kind = _TAG_REGIONS.get(name)
    if kind is not None:
        return kind
    if name == "header" and not in_article:
        return "header"
    if name == "button":
        return "button"
    if not has_attrs:
        return None
    get = el.get
    return (
        "cookie-banner"
        if _is_cookie_ident((get("id") or "") + " " + (get("class") or ""))
        else None
    )


def _holds_blocks(el: etree._Element) -> bool:
    """A paragraph, heading, list, table or division right inside the element."""
    return any(type(c.tag) is str and c.tag in _PAGE_BLOCKS for c in el)


def _region_of(el: etree._Element, name: str, has_attrs: bool, in_article: bool) -> str | None:
    # In this order: an ARIA role, the tag (a <header> only outside an article or
    # <main>), aria-modal, <button>, then a cookie word in the id or class.
    get = el.get
    if has_attrs:
        role = get("role")
        if role:
            kind = _ROLE_REGIONS.get(role.lower())
            if kind is not None:
                return kind
    kind = _TAG_REGIONS.get(name)
    if kind is not None:
        return kind
    if name == "header" and not in_article:
        return "header"
    if has_attrs and (get("aria-modal") or "").lower() == "true":
        return "dialog"
    if name == "button":
        return "button"
    if not has_attrs:
        return None
    ident = (get("id") or "") + " " + (get("class") or "")
    return "cookie-banner" if _is_cookie_ident(ident) else None


@functools.lru_cache(maxsize=4096)  # pages repeat their class lists (281 of 1,377 differ)
def _is_cookie_ident(ident: str) -> bool:
    if not ident.strip():
        return False
    if ident.isascii():
        return _COOKIE_LOWER.search(ident.lower()) is not None
    return _COOKIE_RE.search(ident) is not None


def _structural_left_out(
    body: etree._Element | None, holds_heading: set[etree._Element]
) -> Callable[[etree._Element, str, bool], bool]:
    """What the structural pass leaves out: what is hidden (``body`` never is; on the
    main heading's way ``aria-hidden`` hides nothing), and chrome that
    :func:`_region_of` names (that rule's region) off the main heading's way — but a
    link stays a link, whatever its role. One call an element, with the answers of
    ``_hidden`` and ``_region_of``: without one of the attributes of
    ``_MAY_HIDE_OR_NAME``, they look at the tag alone, then the id and class."""

    def left_out(el: etree._Element, name: str, has_attrs: bool) -> bool:
        if has_attrs and not _MAY_HIDE_OR_NAME.isdisjoint(el.keys()):
            # (the few elements with such attributes: every check, in full)
            if el is not body and _hidden(el, name, has_attrs, aria=el not in holds_heading):
                return True
            return (
                name != "a"
                and el not in holds_heading
                and _region_of(el, name, has_attrs, False) is not None
            )
        if name in _DROP_TAGS and el is not body and _plain_hidden(el, name):
            return True
        if name == "a" or el in holds_heading:
            return False
        return _plain_region_of(el, name, has_attrs, False) is not None

    return left_out


def _follows_cell(el: etree._Element) -> bool:
    """A table cell with another cell element before it in its row."""
    return next(el.itersiblings(*_CELL_TAGS, preceding=True), None) is not None


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
        if self.length and n > self.pending:
            self.pending = n

    def hard_break(self) -> None:
        """<br>: a line break that is never merged away."""
        self._emit("\n")
        self.at_line_start = True

    def text(self, s: str, pre: bool = False) -> None:
        if not pre:
            # One space between words, however the markup splits them across nodes
            # ("a <b> b</b>" is "a b", not "a  b").
            # (whether the text so far ends with a space is asked last: it seldom matters)
            if not s.strip(_SPACE_CHARS):  # most text between tags: one space, or none
                if (
                    not s
                    or self.at_line_start
                    or self.pending
                    or (self.parts and self.parts[-1].endswith(" "))
                ):
                    return
                s = " "
            else:
                if "  " in s or not s.isprintable():  # (else it has single spaces only)
                    s = _SPACES.sub(" ", s)
                if (
                    self.at_line_start
                    or self.pending
                    or (self.parts and self.parts[-1].endswith(" "))
                ):
                    s = s.lstrip(" ")
        if self.pending:
            self._trim_trailing_space()
            self._emit("\n" * self.pending)
            self.pending = 0
        if self.waiting:
            start = self.length + len(s) - len(s.lstrip(" "))
            for cell in self.waiting:
                cell[0] = start
            self.waiting.clear()
        self.parts.append(s)  # (_emit, written out: the writer's busiest call)
        self.length += len(s)
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


# Why lxml builds the tree although bs4 is a dependency: BeautifulSoup(markup, "lxml")
# runs the very same libxml2 parser but then builds its own tree in Python, and that
# dominated ingest. Parse alone, bs4 vs lxml: 118 vs 10 ms on a 320 KB LinkedIn page,
# 22.5 vs 1.9 ms on greenhouse_01 (79 KB), 81 vs 12 ms on indeed_01 (1.5 MB). The whole
# ingest of greenhouse_01 took 36 ms with bs4, more than readability-lxml (30 ms), and
# takes 5 ms with lxml (tests/benchmarks/bench_html.py). Walking lxml's elements gives
# the same text and regions as walking bs4's tree did (compared on the corpus). bs4
# keeps the job it does best: UnicodeDammit's charset sniffing in decode_bytes.
_SURROGATES = re.compile("[\ud800-\udfff]")


# A DOCTYPE's internal subset (``<!DOCTYPE html [ <!ENTITY x "y"> ]>``, XHTML pages and
# hand-made ones): libxml2's HTML parser ends the DOCTYPE at the first ">" and shows the
# rest ("]>") as text. The subset declares nothing a page displays: it is left out.
_DOCTYPE_SUBSET = re.compile(
    r"""\s*(?:(?:<!--.*?-->|<\?[^>]*>)\s*)*<!doctype[^\[>]*(\[(?:[^\]"']|"[^"]*"|'[^']*')*\])""",
    re.IGNORECASE | re.DOTALL,
)


def _parse_html(markup: str) -> etree._Element | None:
    """The ``<html>`` root of a page, or None when the markup holds no element at all."""
    m = _DOCTYPE_SUBSET.match(markup)
    if m is not None:
        markup = markup[: m.start(1)] + markup[m.end(1) :]
    # libxml2 gets UTF-8 bytes, declared as such: lxml refuses a str that carries an XML
    # encoding declaration, and a str's text is decoded already, so neither an
    # <?xml encoding?> nor a <meta charset> may re-decode it. Lone surrogates (which
    # UTF-8 cannot hold) become U+FFFD, one for one.
    try:
        data = markup.encode("utf-8")
    except UnicodeEncodeError:
        data = _SURROGATES.sub("\ufffd", markup).encode("utf-8")
    try:
        # huge_tree: without it libxml2 drops what is nested 256 elements deep.
        parser = etree.HTMLParser(encoding="utf-8", huge_tree=True, no_network=True)
        root: etree._Element | None = etree.fromstring(data, parser)
        error = parser.error_log.last_error
        if error is not None and error.level == etree.ErrorLevels.FATAL:
            # libxml2 stopped building its tree (past 2,048 nested elements, even with
            # huge_tree), dropping the rest of the page. Its parser has no such limit:
            # parse again, building the tree from the parser's events.
            target = _UnlimitedTree()
            feeder = etree.HTMLParser(
                encoding="utf-8", huge_tree=True, no_network=True, target=target
            )
            feeder.feed(data)
            feeder.close()
            root = target.root()
    except (etree.ParserError, etree.XMLSyntaxError):  # not seen: libxml2 recovers
        return None
    return root


# What _UnlimitedTree keeps: attributes that ingest reads; tag names that lxml's API
# accepts (others, like Word's <o:p>, become x-tag: the renderer does not know them
# either); characters that lxml's API accepts (others become U+FFFD, \v and \f spaces).
_READ_ATTRS = frozenset(
    {"hidden", "aria-hidden", "type", "style", "role", "aria-modal", "id", "class", "rel",
     "href", "property", "content"}
)  # fmt: skip
_PLAIN_TAG = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_NOT_XML_SPACE = re.compile("[\x0b\x0c]")


def _xml_safe(text: str) -> str:
    return _NOT_XML_SPACE.sub(" ", _NOT_XML_CHAR.sub("\ufffd", text))


if TYPE_CHECKING:  # a protocol of the stubs (types-lxml) only
    _Target = etree.ParserTarget[None]
else:
    _Target = object


class _UnlimitedTree(_Target):
    """An lxml parser target building, through etree.TreeBuilder, the tree of a page that
    libxml2's own tree builder gives up on. Slower (a Python call per event), so it is
    used only then. Everything is put under one <x-document>, since a page may have more
    than one <html> (what follows ``</html>``); comments stay, as empty ones."""

    def __init__(self) -> None:
        self.builder = etree.TreeBuilder()
        self.builder.start("x-document", {})
        self.open: list[str] = []  # tags as given to the builder, which checks each end

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        tag = tag if _PLAIN_TAG.fullmatch(tag) else "x-tag"
        self.open.append(tag)
        self.builder.start(tag, {k: _xml_safe(v) for k, v in attrib.items() if k in _READ_ATTRS})

    def end(self, tag: str) -> None:
        if self.open:
            self.builder.end(self.open.pop())

    def data(self, text: str) -> None:
        self.builder.data(_xml_safe(text))

    def comment(self, text: str) -> None:
        self.builder.comment("")

    def pi(self, target: str, data: str | None = None) -> None:
        self.builder.comment("")

    def close(self) -> None:
        return None

    def root(self) -> etree._Element | None:
        while self.open:
            self.builder.end(self.open.pop())
        self.builder.end("x-document")
        document = self.builder.close()
        return next((e for e in document if isinstance(e.tag, str)), None)


_LD_JSON = re.compile("ld\\+json", re.IGNORECASE)


def _jsonld_objects(root: etree._Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if not _LD_JSON.search(script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text or "", strict=False)
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


def find_job_posting(root: etree._Element) -> dict[str, Any] | None:
    return next((o for o in _jsonld_objects(root) if _is_job_posting(o)), None)


def _page_url(head: etree._Element) -> str | None:
    # The first canonical link and the first og:url, as bs4's find() took them.
    link = next((e for e in head.iter("link") if "canonical" in _attr(e, "rel").split()), None)
    if link is not None and link.get("href"):
        return _attr(link, "href")
    meta = next((e for e in head.iter("meta") if e.get("property") == "og:url"), None)
    if meta is not None and meta.get("content"):
        return _attr(meta, "content")
    return None


def _text_of(el: etree._Element) -> str:
    """The element's strings, each stripped, joined by a space (comments left out)."""
    return " ".join(s for s in (t.strip() for t in el.itertext()) if s)


def _visible_tops(root: etree._Element, body: etree._Element | None) -> list[etree._Element]:
    """What a browser shows: the <body> (or, without one, the whole <html>), and what
    libxml2 leaves outside it: elements after ``</body>`` become the body's siblings, and
    after ``</html>`` a second <html> opens. (bs4's tree was the same, and ``soup.body``
    dropped both.)"""
    tops = [root] if body is None else [body, *body.itersiblings()]
    tops.extend(e for e in root.itersiblings() if isinstance(e.tag, str))
    return tops


def text_length(el: etree._Element) -> int:
    """``sum(len(t) for t in el.itertext())`` (comments left out, the tails inside the
    element in), in a walk of its children: lxml's ``itertext()`` and ``iter()`` slow
    down with depth (a tree 30,000 elements deep took seconds, 145,000 deep minutes)."""
    total = len(el.text or "") if type(el.tag) is str else 0
    stack = list(el)
    while stack:
        e = stack.pop()
        total += len(e.tail or "")
        if type(e.tag) is str:
            total += len(e.text or "")
            if len(e):
                stack.extend(e)
    return total


def _ancestor_text_lengths(el: etree._Element) -> Iterator[tuple[etree._Element, int]]:
    """(element, :func:`text_length`) for ``el`` and each of its ancestors, in one walk
    of the tree (calling it on every ancestor of a heading nested 10,000 elements deep
    walked the tree 10,000 times)."""
    chars = text_length(el)
    yield el, chars
    child = el
    for parent in el.iterancestors():
        chars += len(parent.text or "")
        for sibling in parent:
            chars += len(sibling.tail or "")  # (text_length leaves an element's own out)
            if sibling is not child and type(sibling.tag) is str:
                chars += text_length(sibling)
        yield parent, chars
        child = parent


# (element, region kind, start cell of a region or <main>, counted as an article?)
_Exit = tuple[etree._Element, str | None, list[int] | None, bool]


def _render(
    tops: list[etree._Element], *, body: etree._Element | None = None
) -> tuple[str, list[Region]]:
    """Block text of DOM subtrees (see :func:`_visible_tops`), with their chrome regions
    (outermost only). ``body`` is never hidden, whatever its attributes say."""
    out = _Writer()
    regions: list[Region] = []
    main_span: list[int] = []
    # Elements to enter, and _Exit tuples for elements to leave. lxml keeps the text
    # inside an element before its first child on the element (``.text``), and the
    # text after an element, up to its next sibling, on that element too (``.tail``):
    # a tail is written once the element is done with, even a hidden one's.
    stack: list[etree._Element | _Exit] = [*reversed(tops)]
    # An element holding the page's main heading (its first <h1>, else <h2>) is the
    # page, not chrome, whatever it is called: a <form> wrapping a whole ASP.NET page,
    # a "cookie-consent-open" class on the wrapper, the posting shown in a dialog. Its
    # parts can still be chrome.
    heading = next((h for top in tops for h in top.iter("h1")), None)
    by_h1 = heading is not None
    if heading is None:  # an <h2> may as well head a cookie banner: see _is_page below
        heading = next((h for top in tops for h in top.iter("h2")), None)
    holds_heading = {heading, *heading.iterancestors()} if heading is not None else set()
    half_page: set[etree._Element] | None = None

    # Chrome found from the page's structure (link-dense blocks, repeated cards), on
    # pages only; what _region_of names stays that rule's region.
    structural = (
        {}
        if body is None
        else structural_regions(tops, _structural_left_out(body, holds_heading), heading)
    )

    def is_page(el: etree._Element) -> bool:
        """The element holds the main heading (an <h2> only if also half the text)."""
        nonlocal half_page
        if el not in holds_heading:
            return False
        if by_h1:
            return True
        if half_page is None:
            assert heading is not None
            page_chars = sum(text_length(top) for top in tops)
            half_page = {
                a for a, chars in _ancestor_text_lengths(heading) if 2 * chars >= page_chars
            }
        return el in half_page

    region_depth = 0
    article_depth = 0
    pre_depth = 0
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            el, region, start, article = item
            name = el.tag
            brk = _BREAK_AFTER.get(name)
            if brk is not None and out.length and brk > out.pending:
                out.pending = brk  # (out.brk(brk), written out)
            if name == "pre":
                pre_depth -= 1
            if article:
                article_depth -= 1
            if region is not None:
                region_depth -= region not in _STRUCTURAL
                end = out.content_end()
                if start is not None and 0 <= start[0] < end:
                    regions.append(Region(region, start[0], end))
            elif start is not None and start[0] >= 0 and not main_span:
                main_span = [start[0], out.content_end()]  # only <main> gets a cell
            if tail := el.tail:  # (read once: lxml makes a new string each time)
                out.text(tail, pre_depth > 0)
            continue
        el = item
        name = el.tag
        if type(name) is not str:  # a comment or a processing instruction
            if tail := el.tail:
                out.text(tail, pre_depth > 0)
            continue
        if name in _VOID_TAGS:
            # A void element holds nothing. What libxml2 nests in one (it does not know
            # <embed> is void, and puts what follows it inside, up to the parent's end
            # tag: the rest of a paragraph, pay included) came after it in the markup.
            # So its content is written, and never hidden with it (a hidden <br> breaks
            # no line).
            shown = name in ("br", "hr") and not _hidden(el, name, bool(el.attrib))
            if shown and name == "br":
                out.hard_break()
            elif shown:
                out.brk(2)
            stack.append((el, None, None, False))
            if text := el.text:
                out.text(text, pre_depth > 0)
            if len(el):
                stack.extend(el[::-1])
            continue
        keys = el.keys()  # (its attribute names: cheaper than el.attrib, needed anyway)
        has_attrs = bool(keys)
        # (aria-hidden hides screen-reader duplicates, but a page with a modal open
        # puts it on the wrapper of everything: never on the main heading's way.)
        may_hide_or_name = has_attrs and not _MAY_HIDE_OR_NAME.isdisjoint(keys)
        if may_hide_or_name:
            if el is not body and _hidden(el, name, has_attrs, aria=not is_page(el)):
                if tail := el.tail:
                    out.text(tail, pre_depth > 0)
                continue
            kind = _region_of(el, name, has_attrs, article_depth > 0) if region_depth == 0 else None
        else:  # (most elements: their tag, id and class say it all)
            if el is not body and name in _DROP_TAGS and _plain_hidden(el, name):
                if tail := el.tail:
                    out.text(tail, pre_depth > 0)
                continue
            kind = (
                _plain_region_of(el, name, has_attrs, article_depth > 0)
                if region_depth == 0
                else None
            )
        if kind is None and structural:  # (tag-named chrome inside is still reported)
            kind = structural.get(el)
        if kind is not None and (name in ("body", "html") or is_page(el)):
            kind = None
        brk = _BREAK_BEFORE.get(name)
        if brk is not None and out.length and brk > out.pending:
            out.pending = brk  # (out.brk(brk), written out)
        if name == "li":
            out.text("• ")
        elif name in _CELL_TAGS and _follows_cell(el) and not (out.pending or out.at_line_start):
            out.text(" | ")  # (not before a row's first shown text: no leading "| ")
        if name == "pre":
            pre_depth += 1
        # (a role is one of the attributes that may hide or name an element)
        is_main = name == "main" or (may_hide_or_name and el.get("role") == "main")
        article = is_main or name == "article"
        if article:
            article_depth += 1
        cell = None
        if kind is not None:
            region_depth += kind not in _STRUCTURAL
            cell = out.mark()  # the region starts where its first character lands
        elif is_main:
            cell = out.mark()
        stack.append((el, kind, cell, article))
        if text := el.text:
            out.text(text, pre_depth > 0)
        if len(el):
            stack.extend(el[::-1])
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
    root = _parse_html(fragment)
    if root is None:
        return ""
    text, _ = _render(_visible_tops(root, None))
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


# Words of four characters or more: the same as \w+ runs filtered on length, but fewer
# strings are made (on a JSON-LD shell page this check was a third of the ingest).
_LONG_WORD = re.compile(r"\w{4,}")


def _covered(description: str, visible: str) -> float:
    """Share of the description's distinct words (of 4+ characters) the visible text holds."""
    if _LONG_WORD.search(visible) is None:  # an empty shell: no need to list the words
        return 0.0 if _LONG_WORD.search(description) else 1.0
    words = set(map(str.lower, _LONG_WORD.findall(description)))
    if not words:
        return 1.0
    return len(words.intersection(map(str.lower, _LONG_WORD.findall(visible)))) / len(words)


def html_to_document(markup: str, *, url: str | None = None) -> Document:
    root = _parse_html(markup)
    if root is None:  # nothing but spaces, comments or a doctype
        return Document(source="", raw=markup, kind="html", url=url)
    posting = find_job_posting(root)
    head = next(root.iter("head"), None)
    page_url = url or (_page_url(head) if head is not None else None)
    title_el = next(head.iter("title"), None) if head is not None else None
    title = _text_of(title_el) if title_el is not None else None
    body = next(root.iter("body"), None)
    text, regions = _render(_visible_tops(root, body), body=body)
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


# The standard library's header parsers take time that grows with the square of a
# header's length (a 1.6 MB Subject took a minute: email.policy.default re-splits what is
# left of the header for every word; Message.get_param rescans a parameter list for every
# ";"). Headers are taken raw here, and the few that matter read in one pass each.


_PARAM = re.compile(r';\s*([\w.*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


def _param(header: str, name: str) -> str | None:
    """A parameter of a Content-Type-like header (``boundary``, ``charset``)."""
    for m in _PARAM.finditer(header):
        if m.group(1).lower() == name:
            quoted = m.group(2)
            return re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else m.group(3)
    return None


def _raw_str(value: str) -> str:
    """A raw header value's text: its 8-bit bytes (kept by the parser as surrogates)
    read as UTF-8, else as cp1252."""
    if not _SURROGATES.search(value):
        return value
    data = value.encode("ascii", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_cp1252(data)


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"[ \t]+")


def _decode_word(charset: str, encoding: str, text: str) -> str | None:
    charset = charset.split("*", 1)[0]  # (RFC 2231 language tag)
    try:
        if encoding in "bB":
            raw = binascii.a2b_base64(text + "=" * (-len(text) % 4))
        else:
            raw = binascii.a2b_qp(text.replace("_", " ").encode("ascii", "replace"))
        return raw.decode(charset, errors="replace")
    except (LookupError, ValueError, binascii.Error):
        return None


def decode_header(value: str) -> str:
    """A header's text: unfolded, RFC 2047 encoded words decoded (a blank between two
    encoded words dropped), in one pass."""
    value = re.sub(r"\r?\n(?=[ \t])", "", _raw_str(value))
    parts: list[str] = []
    pos = 0
    after_word = False
    for m in _ENCODED_WORD.finditer(value):
        gap = value[pos : m.start()]
        decoded = _decode_word(m.group(1), m.group(2), m.group(3))
        if decoded is None:
            parts.append(gap + m.group())
            after_word = False
        else:
            if not (after_word and _BETWEEN_WORDS.fullmatch(gap)):
                parts.append(gap)
            parts.append(decoded)
            after_word = True
        pos = m.end()
    parts.append(value[pos:])
    return "".join(parts)


@functools.cache
def _mail_parser() -> tuple[type[email.message.Message], email.policy.Policy]:
    """The message class and policy e-mails are parsed with (the email package is
    imported for e-mails only: it is a twentieth of a CLI clean's start)."""
    import email.message
    import email.policy

    class _RawHeaders(email.policy.Compat32):
        """Header values as they are in the file (unfolding is left to the reader)."""

        def header_fetch_parse(self, name: str, value: str) -> str:
            return value

    class _Message(email.message.Message):
        """A message whose MIME boundary is found in one pass over its Content-Type."""

        def get_boundary(self, failobj: Any = None) -> Any:
            value = self.get("content-type")
            if not isinstance(value, str):
                return failobj
            boundary = _param(value, "boundary")
            return failobj if boundary is None else boundary.rstrip()

    return _Message, _RawHeaders()


def _content_type(part: email.message.Message) -> str:
    value = part.get("content-type")
    if not isinstance(value, str):
        return "text/plain"
    return value.partition(";")[0].strip().lower() or "text/plain"


def _body_part(msg: email.message.Message) -> email.message.Message | None:
    """The first HTML part that is not an attachment, else the first plain-text one."""
    found: dict[str, email.message.Message] = {}
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get("content-disposition")
        if isinstance(disposition, str) and disposition.strip().lower().startswith("attachment"):
            continue
        ctype = _content_type(part)
        if ctype in ("text/html", "text/plain"):
            found.setdefault(ctype, part)
    return found.get("text/html") or found.get("text/plain")


def _part_text(part: email.message.Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    value = part.get("content-type")
    charset = _param(value, "charset") if isinstance(value, str) else None
    if charset:
        try:
            text = payload.decode(charset.strip().lower(), errors="replace")
        except (LookupError, ValueError):  # an unknown charset: sniffed like a file
            text = decode_bytes(payload)
    else:
        text = decode_bytes(payload)
    if _looks_binary(text):
        raise IngestError("this e-mail's text looks like binary data")
    return text


def email_to_document(data: bytes) -> Document:
    _refuse(data)
    if _looks_binary(data[:8192].decode("latin-1")):
        raise IngestError("this looks like a binary file, not an e-mail")
    import email

    message_class, policy = _mail_parser()
    msg = email.message_from_bytes(data, _class=message_class, policy=policy)
    raw_subject = msg.get("subject")
    subject = decode_header(raw_subject).strip() if isinstance(raw_subject, str) else ""
    body_part = _body_part(msg)
    if body_part is None:
        doc = Document(source="", raw="")
    elif _content_type(body_part) == "text/html":
        doc = html_to_document(_part_text(body_part))
    else:
        content = _part_text(body_part)
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


# Every input is read here (files, stdin, the importer's peek at a JSON export): only
# regular files are opened, and no more than MAX_BYTES (plus one byte) is ever read,
# whatever a file's size claims to be or however long a stream runs.

_CHUNK = 1 << 20
_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_input(path: str | Path) -> BinaryIO:
    """``path`` opened for reading when it is a regular file; :class:`IngestError`
    (with the path) otherwise. Opening does not block: a FIFO with no writer is refused,
    not waited on."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise IngestError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{p} is a folder, not a file") from None
    except PermissionError:
        if p.is_dir():  # (Windows refuses to open a folder this way)
            raise IngestError(f"{p} is a folder, not a file") from None
        raise IngestError(f"{p}: permission denied") from None
    except OSError as exc:
        raise IngestError(f"{p}: cannot read ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IngestError(f"{p} is a folder, not a file")
        if not stat.S_ISREG(mode):
            what = next((w for test, w in _NOT_REGULAR if test(mode)), "not a regular file")
            raise IngestError(f"{p}: {what}, not a regular file; only files are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(stream: BinaryIO, limit: int | None = None) -> bytes:
    """A stream's bytes, read in chunks; :class:`IngestError` as soon as it has given
    more than ``limit`` (default :data:`MAX_BYTES`): an endless stream such as
    /dev/zero is not read to the end."""
    if limit is None:
        limit = MAX_BYTES
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise IngestError(f"the input is too large (the limit is {limit / 2**20:.0f} MB)")


def read_path(path: str | Path) -> bytes:
    """The bytes of a regular file (see :func:`open_input` and :func:`read_limited`)."""
    p = Path(path)
    with open_input(p) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:
                raise IngestError(f"{p} is too large ({size / 1e6:.0f} MB; the limit is 50 MB)")
            return read_limited(fh)
        except IngestError as exc:
            if str(exc).startswith(str(p)):
                raise
            raise IngestError(f"{p}: {exc}") from None
        except OSError as exc:
            raise IngestError(f"{p}: cannot read ({exc.strerror or exc})") from None


def ingest_stream(
    stream: BinaryIO, *, name: str = "", url: str | None = None, label: str = "stdin"
) -> Document:
    """A stream (stdin) read with the size limit enforced while reading."""
    try:
        data = read_limited(stream)
    except OSError as exc:
        raise IngestError(f"{label}: cannot read ({exc.strerror or exc})") from None
    except IngestError as exc:
        raise IngestError(f"{label}: {exc}") from None
    try:
        return ingest_bytes(data, name=name, url=url)
    except IngestError as exc:
        raise IngestError(f"{label}: {exc}") from None


def ingest_path(path: str | Path, *, url: str | None = None) -> Document:
    p = Path(path)
    data = read_path(p)
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

"""The employer: labelled values, the page title, the line beside the title, and the
phrasings that name a company ("At Acme, we …", "Acme is seeking …"), removed boilerplate
included at a lower weight."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator

from jobdesk.core.facts.chrome import SITE_WORDS, company_name
from jobdesk.core.facts.context import Cand, Context, norm
from jobdesk.core.facts.dates import AGE, DATE_RE
from jobdesk.core.facts.layout import Labelled, Piece, pieces_of
from jobdesk.core.facts.location import COMPANY_SUFFIX, WEEKDAY, looks_like_location
from jobdesk.core.facts.scan import (
    boundary_starts_in,
    finditer_at,
    literal_starts,
    starts_before_suffix,
    starts_near_anchors,
    then_blank,
)
from jobdesk.core.facts.terms import emp_types
from jobdesk.core.facts.vocab import NOT_HEADER, names_role

# ---------------------------------------------------------------------------- company

_TOKEN = r"(?:[A-Z]\.|[A-Z][\w&'’\-]*(?:\.\w+)*)"
_SP1 = r"[ \t\u00a0]"  # a name never runs over a line break
_SP1_CHARS = " \t\u00a0"
_NAME = (
    rf"(?:The{_SP1})?{_TOKEN}(?:{_SP1}(?:(?:of|&|and|de|for|la|le|du|der|"
    rf"von){_SP1})?{_TOKEN})*(?:,?{_SP1}(?:Inc|LLC|Ltd|Corp|Corporation|GmbH|A/S|ApS|AB|AG|plc|"
    rf"PLC|Co)\.?(?!\w))?"
)
_COMPANY_PATTERNS = [
    (re.compile(rf"^About\s+(?P<c>{_NAME})\s*:?\s*$", re.M), 3.0),
    (re.compile(rf"(?:^|[.!?]\s+)[“\"‘'(]?At\s+(?P<c>{_NAME}),?\s+(?:we|our)\b", re.M), 2.5),
    (
        re.compile(
            rf"(?<![\w&])(?P<c>{_TOKEN}(?:{_SP1}{_TOKEN}){{0,3}},?{_SP1}(?:Inc|LLC|Ltd|Corp|GmbH|A/S|ApS|plc)\b\.?)"
        ),
        1.5,
    ),
    (
        re.compile(
            rf"(?:^|[.!?:]\s*|\n)(?:[A-Z][a-z]+,\s+)?(?P<c>{_NAME})(?:\s\([A-Z]{{2,6}}\))?\s+(?:is|are)\s+(?i:seeking|looking|hiring|recruiting|proud|committed|an?\s+equal|an?\s+(?:leading|global|leader|fast|growing|innovative|world)|the\s+(?:leading|world|largest))",
            re.M,
        ),
        2.5,
    ),
    (
        re.compile(
            rf"(?:^|[.!?:]\s*|\n|(?i:about\s+the\s+(?:job|role|position|company))\s+)"
            rf"(?P<c>{_NAME})(?:\s\([A-Z]{{2,6}}\))?\s+(?:is|are)\s+(?:an?|the|one\s+of)\b",
            re.M,
        ),
        1.5,
    ),
    (
        re.compile(
            rf"\b(?:[Jj]oin(?:ing)?|[Ww]ork(?:ing)?\s+(?:at|for)|team\s+at|[Ww]hy|[Ll]ife\s+at|[Cc]areers\s+at)\s+(?P<c>{_NAME})(?:’s|'s|’)?(?=[\s,.!?:;]|$)"
        ),
        1.5,
    ),
    (
        re.compile(
            rf"(?:^|[.!?]\s+)(?:[A-Z][a-z]*(?:\s[a-z]+)?,\s+)?(?P<c>{_NAME})\s+(?:offers|provides|believes|works|builds|has|was\s+founded|will\s+(?:consider|not)|does\s+not|wants|values|invests|is\s+calling|is\s+committed|is\s+building)\b",
            re.M,
        ),
        1.5,
    ),
    (
        re.compile(
            rf"\b(?:organi[sz]ation|company|business|group)\s+(?:in|at|of)\s+(?P<c>{_NAME})(?=[\s,.;:!?])"
        ),
        1.0,
    ),
    (re.compile(rf"\b[Jj]oin(?:ing)?\s+the\s+(?P<c>{_NAME})\s+(?:team|family)\b"), 1.2),
    (
        re.compile(
            rf"\b(?:within|at|by|with|joining\s+the)\s+(?P<c>{_NAME})(?:’s|'s)?(?=[\s,.;:!?])"
        ),
        0.5,
    ),
]
# Where each pattern's match can start (see :mod:`jobdesk.core.facts.scan`), in the
# order of the patterns.
_UPPER = re.compile(r"[A-Z]")
_ABOUT = re.compile(r"(?i:about)")
# What the patterns that may start at any sentence or line hold after their start.
_AT_WE = re.compile(r"At\s")
_IS_SEEKING = re.compile(
    r"(?:is|are)\s+(?i:seeking|looking|hiring|recruiting|proud|committed|an?\s+equal|an?\s+(?:leading|global|leader|fast|growing|innovative|world)|the\s+(?:leading|world|largest))"
)
_IS_A = re.compile(r"(?:is|are)\s+(?:an?|the|one\s+of)\b")
_OFFERS = re.compile(
    r"(?:offers|provides|believes|works|builds|has|was\s+founded|will\s+(?:consider|not)|does\s+not|wants|values|invests|is\s+calling|is\s+committed|is\s+building)\b"
)
# What each of those anchors starts with.
_IS = ("is", "are")
_OFFERS_FIRST = (
    "offers", "provides", "believes", "works", "builds", "has", "was", "will", "does",
    "wants", "values", "invests", "is",
)  # fmt: skip


def _boundary_or_about_in(text: str, lo: int, hi: int) -> list[int]:
    """Line and sentence starts, and where "about the job/role/…" may open a sentence,
    from ``lo`` to ``hi``."""
    about = (m.start() for m in _ABOUT.finditer(text, lo, min(len(text), hi + 5)))
    return sorted({*boundary_starts_in(text, lo, hi), *(i for i in about if i <= hi)})


# How many non-blank lines above its anchor a match of the pattern can start: one per
# part before the anchor (a mark, the words before the name, the name, "(ABC)"), as no
# part holds a line break and only blanks come between them (each bound is reached in
# tests/core/test_facts_scan.py, and one less fails there).
_LINES_AT_WE = 1  # a mark
_LINES_SEEKING = 4  # a mark, "Word,", the name, "(ABC)"
_LINES_IS_A = 5  # "about", "the", "job", the name, "(ABC)"
_LINES_OFFERS = 4  # a mark, "Word", "word,", the name


# The first words of two patterns whose every phrase has a blank after its first word,
# each with every blank after it ("at" alone is written in every "that", "data" …).
_ORGANISATION = then_blank(["organisation", "organization", "company", "business", "group"])
_WITHIN_AT = then_blank(["within", "at", "by", "with", "joining"])


_PATTERN_STARTS: list[Callable[[str], Iterable[int]]] = [
    lambda t: literal_starts(t, ["About"]),
    lambda t: starts_near_anchors(t, _AT_WE, ("At",), boundary_starts_in, lines=_LINES_AT_WE),
    # a name and its "Inc" / "GmbH" … (after a blank, a word of its own), on one line
    lambda t: starts_before_suffix(
        t, ["Inc", "LLC", "Ltd", "Corp", "GmbH", "A/S", "ApS", "plc"], _UPPER, blanks=_SP1_CHARS
    ),
    lambda t: starts_near_anchors(
        t, _IS_SEEKING, _IS, boundary_starts_in, lines=_LINES_SEEKING, after_blank=True
    ),
    lambda t: starts_near_anchors(
        t, _IS_A, _IS, _boundary_or_about_in, lines=_LINES_IS_A, after_blank=True
    ),
    lambda t: literal_starts(
        t,
        [
            "Join",
            "join",
            "Work",
            "work",
            "team",
            "Why",
            "why",
            "Life",
            "life",
            "Careers",
            "careers",
        ],
        word_start=True,
    ),
    lambda t: starts_near_anchors(
        t, _OFFERS, _OFFERS_FIRST, boundary_starts_in, lines=_LINES_OFFERS, after_blank=True
    ),
    lambda t: literal_starts(t, _ORGANISATION, word_start=True),
    lambda t: literal_starts(t, ["Join", "join"], word_start=True),
    lambda t: literal_starts(t, _WITHIN_AT, word_start=True),
]
# "Staff Matters" → "Staff Matters, Inc.": what may follow a name written in the text
_SUFFIX_AFTER = re.compile(r",?\s(?:Inc|LLC|Ltd|Corp|GmbH|A/S|ApS|AB|AG|plc)\b\.?")


def _matches(k: int, text: str) -> Iterator[re.Match[str]]:
    """``_COMPANY_PATTERNS[k][0].finditer(text)``, tried only where a match can start."""
    return finditer_at(_COMPANY_PATTERNS[k][0], text, _PATTERN_STARTS[k](text))


def _with_suffix(text: str, name: str) -> tuple[int, int] | None:
    """Where ``name`` is first written with a company suffix after it (the span of both):
    ``re.search(re.escape(name) + _SUFFIX_AFTER.pattern, text)`` without compiling a
    pattern for every name."""
    i = text.find(name)
    while i >= 0:
        m = _SUFFIX_AFTER.match(text, i + len(name))
        if m is not None:
            return i, m.end()
        i = text.find(name, i + 1)
    return None


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _count_word(text: str, name: str) -> int:
    r"""``len(re.findall(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text))`` for a
    non-empty ``name``, without compiling a pattern for it."""
    n, i, size = 0, text.find(name), len(name)
    while i >= 0:
        end = i + size
        if (i == 0 or not _word_char(text[i - 1])) and (
            end == len(text) or not _word_char(text[end])
        ):
            n += 1
            i = text.find(name, end)
        else:
            i = text.find(name, i + 1)
    return n


_NOT_COMPANY = re.compile(
    r"^(?:the\s+)?(?:we|our|you|your|this|that|these|it|they|he|she|i|us|company|team|role|"
    r"position|job|candidates?|applicants?|employees?|benefits|compensation|salary|pay|"
    r"responsibilities|requirements|qualifications|the|a|an|all|each|every|if|in|as|at|for|"
    r"here|there|what|who|why|how|when|where|please|note|equal|employment|diversity|"
    r"inclusion|remote|hybrid|apply|today|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|us|usa|united states|america|canada|europe|job description|about|more|"
    r"additional information|working|life|join|careers?|jobs?|overview|summary|details|"
    r"description|people|culture|mission|vision|values|perks|work|home|office|health|"
    r"dental|vision|travel|training|education|experience|skills|location|schedule|marketing|"
    r"sales|engineering|finance|operations|product|design|data|research|legal|hr|"
    r"human resources|it|support|customer success|platform|security|development|"
    r"analytics|technology|management|leadership|strategy|growth|infrastructure)$",
    re.I,
)


@functools.lru_cache(maxsize=8192)  # a pure test of a string; the readers ask it again and again
def _company_ok(c: str) -> bool:
    name = company_name(c)
    if name is None:
        return False
    c = name
    if not c or len(c) > 60 or len(c.split()) > 6:
        return False
    if _NOT_COMPANY.match(c) or names_role(c) or looks_like_location(c):
        return False
    if (
        NOT_HEADER.match(c)
        or emp_types(c)
        or DATE_RE.search(c)
        or WEEKDAY.match(c)
        or AGE.search(c)
    ):
        return False
    if ":" in c or c.endswith(("?", "!")) or not (c[0].isupper() or c[0].isdigit()):
        return False
    if re.match(r"(?:you|we|our|your|they|i|it|he|she|my)(?:['’]\w+)?\b", c, re.I):
        return False
    words = [
        w
        for w in re.findall(r"[^\W\d_][\w'’-]*", c)
        if w.lower() not in ("of", "and", "de", "for", "la", "le", "the")
    ]
    if words and sum(w[0].isupper() for w in words) / len(words) < 0.6:
        return False
    return bool(re.search(r"[A-Za-z]{2}", c))


_AT_NAME = re.compile(r"^at\s+(.+?)(?:\s+\(.*\))?$")
_POSSESSIVE = re.compile(r"(?:’s|'s)$")
_SUFFIX_DOT = re.compile(r"\b(?:Inc|Co|Corp|Ltd)\.$")
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_SENTENCE_END = re.compile(r"(?:[.!?:]\s*|\n\s*)$")


def _strip_the(c: str, at: int, text: str) -> tuple[str, int]:
    """Drop a sentence-initial "The" ("The YMCA of … is seeking"); keep it mid-sentence."""
    if c.startswith("The "):
        before = text[max(0, at - 3) : at]
        if at == 0 or _SENTENCE_END.search(before) or not before.strip():
            return c[4:], at + 4
    return c, at


def company_cands(
    ctx: Context,
    header: list[Piece],
    labelled: list[Labelled],
    page: dict[str, str],
    title: Cand | None,
) -> list[Cand]:
    cands: list[Cand] = []
    text = ctx.cleaned
    for lab in labelled:
        if lab.field.startswith("company") and _company_ok(lab.value):
            cands.append(
                Cand(lab.value, lab.start, lab.end, 10.0 if lab.field == "company" else 3.0)
            )
    if page.get("company") and _company_ok(page["company"]):
        where = ctx.find(page["company"])
        if where:
            cands.append(Cand(page["company"], where[0], where[1], 8.0))
        else:
            cands.append(Cand(page["company"], -1, -1, 8.0, "page title"))
    # header: "at Company", and the short line next to the title
    tline = None
    if title is not None and title.start >= 0:
        tline = bisect.bisect_right([ln.start for ln in ctx.lines], title.start) - 1
    for p in header:
        m = _AT_NAME.match(p.text)
        if m and _company_ok(m.group(1)):
            cands.append(Cand(m.group(1), p.start + 3, p.start + 3 + len(m.group(1)), 9.0))
            continue
        if tline is not None and abs(p.line - tline) <= 2 and p.line != tline:
            for piece in pieces_of(ctx.lines[p.line]) if p.line < len(ctx.lines) else [p]:
                if title is not None and norm(piece.text) in norm(title.value):
                    continue
                if _company_ok(piece.text) and len(piece.text.split()) <= 5:
                    near = 2.5 if p.line < tline else 3.0
                    rest = ctx.cleaned[: piece.start] + ctx.cleaned[piece.end :]
                    nxt = ctx.lines[p.line + 1].text if p.line + 1 < len(ctx.lines) else ""
                    block = p.line == tline + 1 and looks_like_location(nxt)  # title/company/place
                    if piece.text.split()[0] not in rest and not block:
                        near = 0.6  # a company name recurs in the posting; a list item need not
                    cands.append(Cand(piece.text, piece.start, piece.end, near))
                    break
    for k, (_rx, weight) in enumerate(_COMPANY_PATTERNS):
        for m in _matches(k, text):
            c = m.group("c").strip()
            at = m.start("c")
            c, at = _strip_the(c, at, text)
            c = _POSSESSIVE.sub("", c).rstrip(" .,") if not _SUFFIX_DOT.search(c) else c
            if _company_ok(c):
                w = weight
                if w < 1.0 and _ACRONYM.fullmatch(c):
                    w -= 0.4  # "within FMCG", "with AWS": an acronym after a preposition
                cands.append(Cand(c, at, at + len(c), w))
    # The employer's own boilerplate names it ("Centauri is an Equal Opportunity employer",
    # "At Acme, we …") and the cleaner removes exactly that: read removed text as well,
    # for these strong phrasings only, at a lower weight.
    if ctx.removed:
        for k, (_rx, weight) in enumerate(_COMPANY_PATTERNS[:4]):
            for m in _matches(k, ctx.source):
                at = m.start("c")
                if not ctx.is_removed(at):
                    continue
                c, at = _strip_the(m.group("c").strip(), at, ctx.source)
                c = _POSSESSIVE.sub("", c).rstrip(" ,")
                if _company_ok(c) and not SITE_WORDS.match(c):  # not the job board's own blurb
                    cands.append(Cand(c, at, at + len(c), weight * 0.6, "removed"))
    # "Acme logo", "Careers at Acme": the name alone, its span narrowed to it
    for c in cands:
        name = company_name(c.value)
        if name is not None and name != c.value:
            at = c.value.find(name)
            if c.start >= 0:
                c.start, c.end = c.start + at, c.start + at + len(name)
            c.value = name
    # one vote per (name, kind of evidence): a phrase repeated is counted below, once
    uniq: dict[tuple[str, float], Cand] = {}
    for c in cands:
        uniq.setdefault((norm(c.value), c.score), c)
    cands = list(uniq.values())
    # "Staff Matters" → "Staff Matters, Inc." when the text writes it so
    for c in cands:
        if c.start >= 0 and c.source == "text" and not COMPANY_SUFFIX.search(c.value):
            found = _with_suffix(text, c.value) if c.value else None
            if found is not None:
                c.start, c.end = found
                c.value = text[c.start : c.end]
        if COMPANY_SUFFIX.search(c.value):
            c.score += 0.5
    # names that recur are surer; one-off capitalised phrases are not companies
    counts: dict[str, int] = {}
    for c in cands:
        key = norm(c.value)
        if key not in counts:
            counts[key] = _count_word(text, c.value) if c.value else 0
        c.score += 0.3 * min(counts[key], 8)
    return cands

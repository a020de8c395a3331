"""The job title: labelled values, the page title, the header block, a title block later
on the page and the phrasings that name a role ("is seeking a … to join")."""

from __future__ import annotations

import bisect
import functools
import re
import string

import ahocorasick_rs

from jobdesk.core.facts.chrome import is_chrome_title
from jobdesk.core.facts.context import Cand, Context
from jobdesk.core.facts.dates import AGE, DATE_RE
from jobdesk.core.facts.layout import Labelled, Piece
from jobdesk.core.facts.location import WORKPLACE_WORD, looks_like_location
from jobdesk.core.facts.scan import (
    BLANK_CHARS,
    boundary_starts,
    boundary_starts_in,
    finditer_at,
    literal_starts,
    then_blank,
)
from jobdesk.core.facts.terms import emp_types_only
from jobdesk.core.facts.vocab import NOT_HEADER, ROLE_RE, names_role


@functools.lru_cache(maxsize=8192)  # a pure test of a string; the readers ask it again and again
def _title_like(s: str) -> bool:
    s = s.strip()
    words = s.split()
    if not (1 <= len(words) <= 14) or len(s) > 110 or len(s) < 3:
        return False
    if NOT_HEADER.match(s) or s.endswith((".", "?", "!", ":")) or s.startswith(("•", "-", "*")):
        return False
    if is_chrome_title(s):
        return False
    if AGE.search(s) or DATE_RE.search(s) or re.search(r"[$£€]\s?\d|\d+\s*applicants", s):
        return False
    if looks_like_location(s) or WORKPLACE_WORD.match(s) or emp_types_only(s) is not None:
        return False
    # a title names a role; it does not talk to the reader ("Launch Your Career …") or
    # describe a duty ("Engages in ongoing communication with …", "DUTIES of an …")
    if re.search(r"\b(?:an?|the|your|our|you|we|my|their|this|that)\b", s, re.I):
        return False
    lower = [
        w
        for w in re.findall(r"[^\W\d_][\w'’-]*", _GENDER.sub("", s))
        if w[0].islower() and w not in _SMALL_WORDS
    ]
    if len(lower) > 2 and (len(words) > 6 or not names_role(s)):
        return False
    return s[0].isupper() or s[0].isdigit()


# "(m/w/d)", "(H/F)", "(all genders)": the gender note of a European job title
_GENDER = re.compile(
    r"\((?:[mwfdhx*](?:\s*/\s*[mwfdhx*]){1,3}|all\s+genders?|gn\*?|genderneutral)\)", re.I
)
_SMALL_WORDS = frozenset("of and for in at to with on de du des la le y et und i or".split())


# ------------------------------------------------------------------------------ title

_SEEKING = re.compile(
    r"\b(?:seeking|looking\s+for|hiring|recruiting\s+for|searching\s+for|in\s+search\s+of|"
    r"join\s+(?:us|our\s+(?:\w+\s+){0,3}team)\s+as|serve\s+as|as\s+(?:our|the)|bring\s+on(?:board)?|"
    r"(?:^|(?<=[.!?]\s))The(?=\s+[A-Z][^.\n]{0,60}\s+will\b))\s+"
    r"(?:(?:an?|the|our)\s+(?:[a-z][\w-]*\s+){0,2})?"
    r"(?P<t>(?:[A-Z][\w./&+#'’-]*|of|and|&|for|in|to|-|–|/)(?:\s+(?:[A-Z][\w./&+#'’-]*|(?:of|and|&|for|-|–|/)(?=\s+[A-Z])|\([^)]{1,30}\))){0,8})",
)
_TITLE_TAIL = re.compile(
    r"\s+(?:to|who|for|in|at|with|that|based|located|on|you|–|-)\s*$|[\s,;:]+$"
)
_PAY_FOR = re.compile(
    r"[$£€][\d,.]+[kK]?\s*(?:-|–|—|to)\s*[$£€]?[\d,.]+[kK]?\s+for\s+(?P<t>[A-Z][^\n;]{2,80}?)[\s.]*$",
    re.M,
)


_BAR = re.compile(r"\s+\|\s+")
_APPLICATION_FOR = re.compile(r"^Job Application for (.+?) at (.+)$")
_ROLE_WORD_END = re.compile(r"\s+(?:role|position|opportunity)$")
_CLOSE_END = re.compile(r"\)$")


def _clean_title(t: str) -> str:
    t = t.strip()
    t = _ROLE_WORD_END.sub("", t)
    prev = None
    while prev != t:
        prev = t
        t = _TITLE_TAIL.sub("", t)
    return t.strip(" ,;:-–")


def title_cands(
    ctx: Context, header: list[Piece], labelled: list[Labelled], page: dict[str, str]
) -> list[Cand]:
    cands: list[Cand] = []
    for lab in labelled:
        if (lab.field == "title" and _title_like(lab.value.rstrip("."))) or (
            lab.field == "title" and lab.label in ("job title", "position title", "working title")
        ):
            v = lab.value.rstrip(" .")
            weight = (
                10.0
                if lab.label in ("job title", "position title", "title", "working title")
                else 8.0
            )
            cands.append(Cand(v, lab.start, lab.start + len(v), weight))
    if page.get("whole") and _title_like(page["whole"]) and ctx.find(page["whole"]):
        where = ctx.find(page["whole"])
        assert where is not None
        cands.append(Cand(page["whole"], where[0], where[1], 9.5))
    elif page.get("title"):
        where = ctx.find(page["title"])
        if where:
            cands.append(Cand(page["title"], where[0], where[1], 9.0))
        else:
            cands.append(Cand(page["title"], -1, -1, 6.0, "page title"))
    # the header block: the first title-like line, better with a role noun
    seen = 0
    for k, p in enumerate(header):
        text = p.text
        split = _BAR.split(text)
        if len(split) > 1:
            keep = [s for s in split if emp_types_only(s) is None]
            text = " | ".join(keep) if keep else text
        if not _title_like(text):
            continue
        m = _APPLICATION_FOR.match(text)
        if m:
            cands.append(Cand(m.group(1), p.start + m.start(1), p.start + m.end(1), 9.0))
            continue
        role = names_role(text)
        if p.glued and not role:
            continue
        score = 4.0 + (3.0 if role else 0.0) - 0.25 * seen - 0.02 * k
        near = header[k + 1 : k + 4]
        if any(looks_like_location(n.text) or n.text.startswith("at ") for n in near):
            score += 1.0
        cands.append(Cand(text, p.start, p.start + len(text), score))
        seen += 1
    # a title block later on the page: title / company / place lines in a row
    all_lines = ctx.lines
    for i, ln in enumerate(all_lines[:400]):
        if len(ln.text) > 110 or not names_role(ln.text) or not _title_like(ln.text):
            continue
        below = all_lines[i + 1 : i + 4]
        if (
            any(looks_like_location(n.text) for n in below)
            and len(below) >= 2
            and len(below[0].text) <= 60
        ):
            cands.append(Cand(ln.text, ln.start, ln.end, 5.0 - 0.002 * i))
    # phrasings: "is seeking a Senior Data Analyst to join", "$X - $Y for <title>"
    for m in _PAY_FOR.finditer(ctx.cleaned):
        t = _clean_title(m.group("t"))
        if names_role(t) and len(t.split()) <= 10:
            cands.append(Cand(t, m.start("t"), m.start("t") + len(t), 4.5))
    head = ctx.cleaned[:6000]
    for m in finditer_at(_SEEKING, head, seeking_starts(ctx.cleaned, len(head))):
        t = _clean_title(m.group("t"))
        if not t or not names_role(t) or len(t.split()) > 9 or not t[0].isupper():
            continue
        if not names_role(t.split()[-1]) and not _CLOSE_END.search(t):
            # the role noun should end the title ("Associate Data Analyst"), not start a clause
            last_role = max((rm.end() for rm in ROLE_RE.finditer(t)), default=0)
            t = t[:last_role].rstrip()
            if not t:
                continue
        cands.append(Cand(t, m.start("t"), m.start("t") + len(t), 4.0 - m.start() / 6000))
    # run-together pages: "…so successful. Project ManagerWe are looking for…"
    head = ctx.cleaned[:3000]
    for m in finditer_at(_GLUED_TITLE, head, glued_starts(head)):
        t = m.group("t")
        if names_role(t.split()[-1]) and _title_like(t):
            cands.append(Cand(t, m.start("t"), m.end("t"), 3.0))
    return cands


_GLUED_TITLE = re.compile(
    r"(?:(?<=[.!?:]\s)|(?<=\n)|^)(?P<t>[A-Z][\w/&'’-]*(?:\s(?:of|and|&|[A-Z][\w/&'’-]*)){0,5}?[a-z]{2})(?=[A-Z][a-z])",
    re.M,
)
_SEEKING_FIRST = (
    "seeking", "looking", "hiring", "recruiting", "searching", "in", "join", "serve", "as",
    "bring", "The",
)  # fmt: skip


def seeking_starts(text: str, end: int | None = None) -> list[int]:
    """Where a match of ``_SEEKING`` can start (in ``text[:end]``): the words that open its
    phrases, each followed by a blank (every phrase is; "in", "as" alone are written
    everywhere)."""
    return literal_starts(text, _SEEKING_FIRST_BLANK, word_start=True, end=end)


def glued_starts(text: str) -> list[int]:
    """Where a match of ``_GLUED_TITLE`` can start: the text's start, after a line break,
    and two characters after a ``.``, ``!``, ``?`` or ``:`` — before a glue point (a
    lower-case letter, then "Xy"), with at most five blanks between (the title's words
    hold none and one blank parts them). A text without a glue point has none."""
    try:
        pairs = _GLUE_PAIRS.find_matches_as_indexes(text)  # (they never overlap)
    except UnicodeEncodeError:  # (a lone surrogate)
        return _all_glued_starts(text)
    out: set[int] = set()
    lower = string.ascii_lowercase
    blanks: list[int] | None = None
    for _k, p, _end in pairs:
        g = p + 1  # where the next word is glued on
        if p < 1 or text[p - 1] not in lower or g + 1 >= len(text) or text[g + 1] not in lower:
            continue
        # after the sixth blank before it: looked for just before it first, then (a long
        # stretch with few blanks) among all the text's blanks, listed once
        near = [m.start() for m in _BLANK.finditer(text, max(0, g - _NEAR), g)]
        if len(near) >= 6:
            lo = near[-6] + 1
        elif g <= _NEAR:
            lo = 0
        else:
            if blanks is None:
                blanks = [at for _k, at, _e in _BLANKS.find_matches_as_indexes(text)]
            k = bisect.bisect_left(blanks, g)
            lo = blanks[k - 6] + 1 if k >= 6 else 0
        out.update(
            s
            for b in boundary_starts_in(text, max(0, lo - 2), g)
            for s in (b + 1, b + 2)
            if lo <= s < g
        )
        if lo == 0:
            out.add(0)
    return sorted(out)


def _all_glued_starts(text: str) -> list[int]:
    return sorted({0, *(b + k for b in boundary_starts(text) for k in (1, 2))})


_SEEKING_FIRST_BLANK = then_blank(_SEEKING_FIRST)
_BLANK = re.compile(r"\s")
_NEAR = 80  # how far before a glue point its six blanks are looked for first
_BLANKS = ahocorasick_rs.AhoCorasick(
    list(BLANK_CHARS), implementation=ahocorasick_rs.Implementation.DFA
)
_GLUE_PAIRS = ahocorasick_rs.AhoCorasick(
    [a + b for a in string.ascii_lowercase for b in string.ascii_uppercase],
    implementation=ahocorasick_rs.Implementation.DFA,
)

"""The search box language → an FTS5 MATCH expression plus SQL filters.

What a person types::

    rust remote                 both words (any column)
    "site reliability"          a phrase
    eng*                        a prefix
    python OR golang            either
    -clearance                  without the word
    company:acme  company:"Acme Corp"   in the company (prefix-tolerant: words of the name)
    title:senior                in the title
    site:linkedin  status:applied  tag:dream   exact (case-insensitive) filters
    is:hand-edited  is:repost   postings edited by hand / flagged as near duplicates
    workplace:remote            remote | hybrid | on-site (onsite too); workplace:none: not stated
    type:full-time              full-time | part-time | contract | temporary | internship |
                                permanent | freelance (one of the posting's types)
    sponsorship:no              yes | no | unknown (unknown: unclear or not stated);
                                sponsorship:none: no sponsorship sentence at all
    pay>=120000  pay<=90k       against the posting's pay range: pay>=N matches when its
                                maximum is at least N, pay<=N when its minimum is at most N
                                (``k``/``m`` suffixes, ``,`` ``_`` and a currency sign are
                                fine; no currency or period conversion). Unknown pay never
                                matches a pay filter, negated or not. A value that is no
                                number (``pay>=abc``) is searched as words.

Every filter can be negated with ``-`` (``-workplace:on-site``); an unknown value of
``workplace:`` ``type:`` ``sponsorship:`` or ``is:`` matches nothing, as a typo should.

Nothing the user types reaches FTS5 syntax unquoted: every word becomes a quoted FTS5
string (``"` doubled``), operators are only ever the ones we emit, and characters that
carry no word (``*``, ``(``, ``';``) are dropped. So ``"``, ``NEAR(``, ``'; DROP`` and
friends never raise; at worst they match nothing special.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<key>[A-Za-z_]+):)?
    (?: "(?P<phrase>[^"]*)"? | (?P<word>[^\s"]+) )
    """,
    re.VERBOSE,
)
_WORDCHARS = re.compile(r"\w", re.UNICODE)
_WORDS = re.compile(r"\w+", re.UNICODE)

FTS_COLUMNS = {"title": "title", "company": "company", "text": "cleaned", "body": "cleaned"}
EXACT_FILTERS = {"site", "status", "tag"}
FACT_FILTERS = {"workplace", "type", "sponsorship"}
_PAY = re.compile(r"(?i)^pay(?P<op>>=|<=|>|<|=)(?P<num>.*)$")
_AMOUNT = re.compile(r"(?i)^[$€£¥]?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<mult>[km])?$")


@dataclass
class Parsed:
    match: str | None = None  # FTS5 expression of the positive terms
    exclude: str | None = None  # FTS5 expression of the negated terms (OR-ed)
    where: list[str] = field(default_factory=list)  # SQL conditions on posting p
    params: list[object] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # words searched in the text (highlighting)

    @property
    def is_empty(self) -> bool:
        return self.match is None and self.exclude is None and not self.where


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _fts_term(text: str, prefix: bool) -> str | None:
    """A quoted FTS5 string for ``text`` (None when it holds no word character)."""
    text = text.replace("\x00", " ").strip()
    star = prefix or text.endswith("*")
    text = text.rstrip("*").strip()
    if not _WORDCHARS.search(text):
        return None
    return _quote(text) + ("*" if star else "")


def parse(query: str, *, prefix_last: bool = False) -> Parsed:
    """Parse a search string. ``prefix_last``: the last bare word is a prefix (live search)."""
    out = Parsed()
    positives: list[str] = []
    negatives: list[str] = []
    pending_or = False
    tokens = list(_TOKEN.finditer(query or ""))
    for i, m in enumerate(tokens):
        neg = bool(m.group("neg"))
        key = (m.group("key") or "").lower()
        phrase, word = m.group("phrase"), m.group("word")
        value = phrase if phrase is not None else (word or "")
        if not key and word is not None:
            pay = _pay(word)
            if pay is not None:  # unknown pay (NULL) never matches, negated or not
                out.where.append(f"NOT coalesce({pay[0]}, 1)" if neg else pay[0])
                out.params.extend(pay[1])
                continue
        if (
            key
            and key not in FTS_COLUMNS
            and key not in EXACT_FILTERS
            and key not in FACT_FILTERS
            and key != "is"
        ):
            # "http://…", "c++:" … not a filter: search the whole thing as words
            value = f"{m.group('key')}:{value}"
            key = ""
        if not key and not neg and phrase is None and value == "OR":
            pending_or = bool(positives)
            continue
        if key in EXACT_FILTERS or key in FACT_FILTERS or key == "is":
            cond, params = _exact(key, value)
            if cond:
                out.where.append(f"NOT ({cond})" if neg else cond)
                out.params.extend(params)
            continue
        last = i == len(tokens) - 1
        term = _fts_term(value, prefix_last and last and phrase is None and not neg)
        if term is None:
            continue
        if not neg and key in ("", "text", "body"):
            out.terms.extend(_WORDS.findall(value))
        if key:
            term = f"{FTS_COLUMNS[key]} : {term}"
            if key == "company" and phrase is None:
                term = term if term.endswith("*") else term + "*"
        if neg:
            negatives.append(term)
            continue
        if pending_or and positives:
            positives[-1] = f"({positives[-1]} OR {term})"
        else:
            positives.append(term)
        pending_or = False
    if positives:
        out.match = " AND ".join(positives)
    if negatives:
        if out.match is not None:  # FTS5's own binary NOT: one pass over the index
            out.match = f"({out.match}) NOT ({' OR '.join(negatives)})"
        else:  # nothing positive to subtract from: the caller excludes with SQL
            out.exclude = " OR ".join(negatives)
    return out


def _exact(key: str, value: str) -> tuple[str | None, list[object]]:
    value = value.strip()
    if key == "site":
        if value.lower() in ("", "none", "-"):
            return "p.site = ''", []
        return "p.site = lower(?)", [value]  # site ids are lower-case pack ids
    if key == "status":
        # the status list spells each name once (case-insensitive): compare with that
        # spelling, so the index on posting.status is used
        return "p.status = coalesce((SELECT s.name FROM status s WHERE s.name = ?), ?)", [
            value,
            value,
        ]
    if key == "tag":
        return (
            "p.id IN (SELECT pt.posting_id FROM posting_tag pt JOIN tag tg "
            "ON tg.id = pt.tag_id WHERE tg.name = ? COLLATE NOCASE)",
            [value],
        )
    if key == "is":
        v = value.lower().replace("_", "-")
        if v in ("hand-edited", "edited"):
            return "p.hand_edited = 1", []
        if v in ("repost", "near-duplicate", "duplicate", "similar"):
            return "p.near_duplicate_of IS NOT NULL", []
        if v in ("untagged",):
            return "NOT EXISTS (SELECT 1 FROM posting_tag pt WHERE pt.posting_id = p.id)", []
        return "0", []  # an unknown is: matches nothing, as a typo should
    if key in FACT_FILTERS:
        return _fact(key, value)
    return None, []


def _norm(value: str) -> str:
    return "-".join(value.lower().replace("_", " ").replace("-", " ").split())


_TYPE_ALIASES = {
    "fulltime": "full-time",
    "full": "full-time",
    "parttime": "part-time",
    "part": "part-time",
    "contractor": "contract",
    "temp": "temporary",
    "intern": "internship",
}


def _fact(key: str, value: str) -> tuple[str, list[object]]:
    v = _norm(value)
    if key == "workplace":
        v = {"onsite": "on-site", "office": "on-site", "in-office": "on-site"}.get(v, v)
        if v in ("none", "unknown", ""):
            return "p.workplace = ''", []
        if v in ("remote", "hybrid", "on-site"):
            return "p.workplace = ?", [v]
        return "0", []
    if key == "sponsorship":
        if v in ("yes", "no"):
            return "p.sponsorship = ?", [v]
        if v == "unknown":
            return "p.sponsorship IN ('unknown', '')", []
        if v in ("none", ""):
            return "p.sponsorship = ''", []
        return "0", []
    # type: one of the posting's types, stored joined with ", "
    v = _TYPE_ALIASES.get(v, v)
    if v in ("none", "unknown", ""):
        return "p.employment_type = ''", []
    return "instr(', ' || p.employment_type || ',', ', ' || ? || ',') > 0", [v]


def _pay(word: str) -> tuple[str, list[object]] | None:
    """``pay>=N`` / ``pay<=N`` (and > < =) as a condition; None when N is no number."""
    m = _PAY.match(word)
    if m is None:
        return None
    a = _AMOUNT.match(m.group("num").replace(",", "").replace("_", "").strip())
    if a is None:
        return None
    try:
        n = float(a.group("n")) * {"k": 1e3, "m": 1e6}.get((a.group("mult") or "").lower(), 1)
    except (ValueError, OverflowError):
        return None
    if n != n or n in (float("inf"), float("-inf")):
        return None
    op = m.group("op")
    if op in (">=", ">"):
        return f"p.pay_max {op} ?", [n]
    if op in ("<=", "<"):
        return f"p.pay_min {op} ?", [n]
    return "(p.pay_min <= ? AND p.pay_max >= ?)", [n, n]

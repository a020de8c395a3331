"""The terms of the job: employment type, seniority, visa sponsorship, security clearance
and years of experience."""

from __future__ import annotations

import functools
import re

from jobdesk.core.facts.context import ABBREV, Cand, Context, sentence_of, squash
from jobdesk.core.facts.layout import Labelled, Piece, dot_pieces
from jobdesk.core.facts.model import Fact
from jobdesk.core.facts.scan import before_last, digit_run_starts, finditer_at, literal_starts
from jobdesk.core.sentences import finder_of


def emp_types_only(s: str) -> list[str] | None:
    """The types if ``s`` says nothing but employment types ("Full-time", "Part Time")."""
    types = _types_only(s)
    return None if types is None else list(types)


@functools.lru_cache(maxsize=8192)  # a pure test of a string; the readers ask it again and again
def _types_only(s: str) -> tuple[str, ...] | None:
    types = _types(s)
    if not types:
        return None
    rest = _EMP_RE.sub(" ", s)
    rest = re.sub(
        r"\b(?:or|and|employee|position|role|job|only|\(|\))\b|[&,/()|·•\-–]", " ", rest, flags=re.I
    )
    return types if not rest.strip() else None


# ------------------------------------------------------------------ employment type

_EMP_PATTERNS = [
    ("full-time", r"full[\s-]?time|fulltime|full_time"),
    ("part-time", r"part[\s-]?time|parttime|part_time"),
    (
        "contract",
        r"contract(?:or)?|contract[\s-]to[\s-]hire|fixed[\s-]term|c2c|corp[\s-]to[\s-]corp",
    ),
    ("temporary", r"temporary|temp\b|seasonal"),
    ("internship", r"internship|intern\b|co-?op\b|werkstudent"),
    ("permanent", r"permanent|perm\b|regular"),
    ("freelance", r"freelance|1099|self-employed"),
]
_EMP_RE = re.compile(r"\b(?:" + "|".join(p for _, p in _EMP_PATTERNS) + r")", re.I)
_EMP_ONE = [(name, re.compile(rf"\b(?:{p})", re.I)) for name, p in _EMP_PATTERNS]


def emp_types(s: str) -> list[str]:
    """The employment types ``s`` names, in the order written."""
    return list(_types(s))


@functools.lru_cache(maxsize=8192)  # a pure test of a string; the readers ask it again and again
def _types(s: str) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for name, rx in _EMP_ONE:
        for m in rx.finditer(s):
            pre = s[max(0, m.start() - 12) : m.start()].lower()
            if name == "contract" and re.search(r"\bno\s+$|\bnot\s+(?:a\s+)?$", pre):
                continue
            if name == "permanent" and re.search(r"(?:no|not)\s+$", pre):
                continue
            found.append((m.start(), name))
            break
    return tuple(n for _, n in sorted(found))


def canonical_employment_types(text: str | None) -> list[str]:
    """``"Full-Time Permanent"`` → ``["full-time", "permanent"]`` (order of appearance)."""
    return emp_types(text or "")


# An employment-type statement in prose: "This is a full-time, exempt role."
_EMP_SENTENCE = re.compile(
    r"(?:this|the)\s+(?:is\s+an?\s+|position\s+is\s+|role\s+is\s+|job\s+is\s+)?"
    r"(?P<t>(?:(?:full|part)[\s-]?time|contract|temporary|permanent|fixed[\s-]term|freelance)"
    r"(?:[\s,/&]+(?:or\s+|and\s+)?(?:(?:full|part)[\s-]?time|contract|temporary|permanent|"
    r"fixed[\s-]term|freelance|exempt|non-exempt|hourly|salaried))*)\b"
    r"\s*(?:,\s*)?(?:position|role|job|opportunity|contract|employment|assignment|\w+\s+(?:position|role|opportunity))",
    re.I,
)
_EMP_PHRASE = re.compile(
    r"\b(?:(?:full|part)[\s-]?time(?:\s+(?:or|and|&|/)\s+(?:full|part)[\s-]?time)?)\s+"
    r"(?:and\s+\w+\s+)?(?:position|role|job|opportunit(?:y|ies)|employment|instructors?|staff|"
    r"employees?|hours?\s+available)\b|\b(?:full|part)[\s-]?time\s+or\s+(?:full|part)[\s-]?time\b",
    re.I,
)


def emp_sentence_starts(folded: str) -> list[int]:
    """Where ``_EMP_SENTENCE`` can match: at "this" or "the" (inside a word too)."""
    return literal_starts(folded, ("this", "the"))


def emp_phrase_starts(folded: str) -> list[int]:
    """Where ``_EMP_PHRASE`` can match: a word that opens with "full" or "part"."""
    return literal_starts(folded, ("full", "part"), word_start=True)


# ------------------------------------------------------------------------- seniority

_SENIORITY = [
    ("intern", r"intern(?:ship)?|trainee|apprentice|werkstudent"),
    ("entry", r"entry[- ]level|graduate|new grad"),
    ("junior", r"junior|jr\.?"),
    ("executive", r"chief|cto|ceo|cfo|coo|cio|vp|vice president|svp|evp|executive"),
    ("director", r"director|head of"),
    ("principal", r"principal|distinguished"),
    ("staff", r"staff"),
    ("lead", r"lead|tech lead"),
    ("manager", r"manager|mgr\.?"),
    ("senior", r"senior|sr\.?"),
    ("mid", r"mid[- ]level|intermediate|mid[- ]senior"),
]
_SENIORITY_RX = [(name, re.compile(rf"\b(?:{pat})(?!\w)", re.I)) for name, pat in _SENIORITY]
_SENIORITY_LABEL = {
    "internship": "intern", "entry level": "entry", "associate": "junior",
    "mid-senior level": "senior", "director": "director", "executive": "executive",
    "junior": "junior", "senior": "senior", "mid level": "mid", "mid-level": "mid",
}  # fmt: skip


def read_seniority(
    ctx: Context, title: Fact | None, title_cand: Cand | None, labelled: list[Labelled]
) -> Fact | None:
    for lab in labelled:
        if lab.field == "seniority":
            v = _SENIORITY_LABEL.get(lab.value.strip().lower())
            if v is None:
                for name, rx in _SENIORITY_RX:
                    if rx.search(lab.value):
                        v = name
                        break
            if v:
                return ctx.fact(v, lab.start, lab.end)
    if title is None:
        return None
    t = str(title.value)
    found = []
    for name, rx in _SENIORITY_RX:
        m = rx.search(t)
        if m and not (
            name == "staff" and re.search(r"staff\s+(?:accountant|nurse|member)", t, re.I)
        ):
            found.append((m.start(), name, m))
    if not found:
        return None
    _pos, name, m = min(found, key=lambda x: x[0])
    if title_cand is not None and title_cand.start >= 0:
        return ctx.fact(name, title_cand.start + m.start(), title_cand.start + m.end())
    return Fact(name, m.group(), title.source, None)


# ------------------------------------------------------------------------ sponsorship

_SPONSOR = re.compile(
    r"\b(?:sponsor\w*|visas?\b|h-?1b|immigration|work permits?|right to work|"
    r"work authori[sz]ation|authori[sz]ed to work|eligib\w+ to work|legally (?:able|"
    r"entitled) to work)",
    re.I,
)
_SPONSOR_STRONG = re.compile(r"\b(?:sponsor\w*|visas?\b|h-?1b|immigration)", re.I)
_SPONSOR_NO = re.compile(
    r"\b(?:(?:not|never|unable to|cannot|can\s?not|can't|won't|doesn't|don't)\s+(?:\w+\s+){0,4}"
    r"(?:sponsor|offer\w*\s+(?:\w+\s+)?sponsorship|provide\s+(?:\w+\s+)?sponsorship|support\s+(?:\w+\s+)?visa)|"
    r"no\s+(?:visa\s+)?sponsorship|sponsorship\s+(?:is\s+)?(?:not\s+available|unavailable)|"
    r"without\s+(?:the\s+need\s+for\s+)?(?:current\s+or\s+future\s+|any\s+)?(?:visa\s+|employer\s+)?sponsorship|"
    r"not\s+(?:be\s+)?(?:eligible|able)\s+(?:for|to\s+receive)\s+(?:visa\s+)?sponsorship|"
    r"does\s+not\s+have\s+(?:the\s+)?funding\s+to\s+sponsor|will\s+not\s+be\s+sponsor\w*|"
    r"not\s+(?:in\s+a\s+position|able)\s+to\s+sponsor)",
    re.I,
)
_SPONSOR_YES = re.compile(
    r"\b(?:(?:we|will|do|does|can|may|are\s+able\s+to|is\s+able\s+to|happy\s+to|willing\s+to)\s+"
    r"(?:\w+\s+){0,2}sponsor(?:s|ing)?\b|sponsorship\s+(?:is\s+)?(?:available|provided|offered|possible)|"
    r"(?:visa|relocation\s+and\s+visa)\s+(?:sponsorship|support)\s+(?:is\s+)?(?:available|provided|offered)|"
    r"(?:offer|provide)s?\s+(?:visa\s+)?sponsorship|will\s+consider\s+sponsoring|open\s+to\s+sponsor\w*)",
    re.I,
)
_NOT_SPONSOR_CONTEXT = re.compile(
    r"\b(?:citizenship\s+status|national\s+origin|race|religion|protected\s+veteran|genetic|"
    r"e-verify|everify|i-9|form\s+i-9)\b",
    re.I,
)


def sponsorship_reading(sentence: str) -> str:
    """ "yes", "no" or "unknown" for a sentence about visa sponsorship."""
    if _SPONSOR_NO.search(sentence):
        return "no"
    if _SPONSOR_YES.search(sentence):
        return "yes"
    return "unknown"


_SPONSOR_FIRST = (
    "sponsor", "visa", "h1b", "h-1b", "immigration", "work", "right", "authori", "eligib",
    "legally",
)  # fmt: skip


def sponsor_starts(folded: str) -> list[int]:
    """Where a match of ``_SPONSOR`` can start: the words that open its phrases."""
    return literal_starts(folded, _SPONSOR_FIRST, word_start=True)


def read_sponsorship(ctx: Context) -> Fact | None:
    text = ctx.cleaned
    best: tuple[float, int, int, str] | None = None
    labelled_lines: dict[tuple[int, int], bool] = {}
    for m in finditer_at(_SPONSOR, text, sponsor_starts(ctx.folded)):
        s, e = sentence_of(text, m.start(), m.end())
        if best is not None and s == best[1]:
            continue
        sentence = text[s:e]
        if _NOT_SPONSOR_CONTEXT.search(sentence) and not _SPONSOR_STRONG.search(sentence):
            continue
        if re.search(
            r"\b(?:sponsor(?:ed|s)?\s+by|corporate\s+sponsor|sponsors?\s+(?:our|the)\s+(?:event|program)|"
            r"affiliate\s+sponsor|executive\s+sponsor|sponsorship\s+of\s+(?:events|conferences))",
            sentence,
            re.I,
        ) and not re.search(r"visa|immigration|work authori", sentence, re.I):
            continue
        # a labelled paragraph ("Visa sponsorship: We do sponsor visas! However, …") is kept whole
        ls, le = finder_of(text, ABBREV).line_bounds(m.start(), m.end())
        if (ls, le) not in labelled_lines:  # (once per line: not a slice per match)
            labelled_lines[ls, le] = (
                re.compile(
                    r"\W*(?:visa\s+sponsorship|sponsorship|work\s+authori[sz]ation|immigration)\s*:",
                    re.I,
                ).match(text, ls, le)
                is not None
            )
        if labelled_lines[ls, le]:
            s, e = ls, le
            sentence = text[s:e]
        reading = sponsorship_reading(sentence)
        score = (2.0 if _SPONSOR_STRONG.search(sentence) else 0.0) + (
            2.0 if reading != "unknown" else 0.0
        )
        if best is None or score > best[0]:
            best = (score, s, e, reading)
    if best is None:
        return None
    return ctx.fact(best[3], best[1], best[2])


# -------------------------------------------------------------------------- clearance

_CLEARANCE = re.compile(
    r"\b(?P<level>TS/SCI(?:\s+with\s+(?:full[- ]scope\s+|CI\s+)?poly(?:graph)?)?|"
    r"Top\s+Secret(?:/SCI)?|"
    r"Secret|Public\s+Trust|DV|SC|NV[12]|Baseline|Q|L)?\s*(?:security\s+)?clearance\b",
    re.I,
)


def read_clearance(ctx: Context, labelled: list[Labelled]) -> Fact | None:
    text = ctx.cleaned
    if "clearance" not in ctx.folded:  # every match says it
        return None
    for m in _CLEARANCE.finditer(text):
        s, e = sentence_of(text, m.start(), m.end())
        sentence = text[s:e]
        if re.search(
            r"\b(?:background|credit|medical|drug)\s+(?:check\s+)?clearance\b", sentence, re.I
        ) and not m.group("level"):
            continue
        if not m.group("level") and not re.search(
            r"\b(?:security|government|federal|active|obtain|hold|eligib|requir|must)\w*",
            sentence,
            re.I,
        ):
            continue
        level = m.group("level")
        value = (
            squash(level)
            if (level and level.upper() not in ("Q", "L")) or (level and "clearance" in m.group())
            else "required"
        )
        return ctx.fact(value, s, e)
    return None


# ------------------------------------------------------------------ years experience

_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_YEARS = re.compile(
    r"(?:\b(?:at\s+least|minimum\s+(?:of\s+)?|min\.?\s+|over|more\s+than)\s+)?"
    r"\b(?P<n>\d{1,2}|" + "|".join(_NUM_WORDS) + r")(?:\s*\(\d{1,2}\))?"
    r"(?:\s*(?:-|–|to)\s*(?:\d{1,2}|" + "|".join(_NUM_WORDS) + r"))?"
    r"\s*(?:\+|plus)?\s*(?:or\s+more\s+)?(?:years?|yrs?)(?:['’]s?)?\b(?P<tail>[^.\n;\d]{0,60})",
    re.I,
)


_YEARS_FIRST = (*_NUM_WORDS, "at", "minimum", "min", "over", "more")
_YEAR_WORD = re.compile(r"y(?:ea)?r")


def years_starts(text: str, folded: str) -> list[int]:
    """Where a match of ``_YEARS`` can start: a number written at the start of a word, or
    the words that may come before it ("at least", "minimum of" …), before the last
    "year" or "yr"."""

    def starts(_folded: str) -> list[int]:
        found = set(literal_starts(folded, _YEARS_FIRST, word_start=True))
        for i in digit_run_starts(text):
            if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
                found.add(i)
        return sorted(found)

    return before_last(starts, folded, _YEAR_WORD, firsts=("yr", "year"))


def read_years(ctx: Context) -> Fact | None:
    best: tuple[int, int, int] | None = None
    for m in finditer_at(_YEARS, ctx.cleaned, years_starts(ctx.cleaned, ctx.folded)):
        tail = m.group("tail").lower()
        if "experience" not in tail and not re.match(
            r"\s*(?:of\s+)?(?:\w+\s+){0,5}(?:in|with|as|working|building|leading|developing|managing)\b",
            tail,
        ):
            continue
        if re.search(
            r"\b(?:old|of\s+age|in\s+business|history|track\s+record|ago|since)\b", tail[:25]
        ):
            continue
        raw = m.group("n").lower()
        n = _NUM_WORDS.get(raw) if not raw.isdigit() else int(raw)
        if n is None or n == 0 or n > 30:
            continue
        end = (
            m.start("tail") + tail.find("experience") + len("experience")
            if "experience" in tail
            else m.start("tail")
        )
        if best is None or n < best[0]:
            best = (n, m.start(), end)
    if best is None:
        return None
    return ctx.fact(best[0], best[1], best[2])


_SEGMENTS = re.compile(r"\s+[-–|·]\s+|[()]")


def read_employment_type(
    ctx: Context, header: list[Piece], labelled: list[Labelled]
) -> Fact | None:
    for lab in labelled:
        if lab.field == "employment_type":
            types = emp_types(lab.value)
            if types:
                return ctx.fact(types, lab.start, lab.end)
    for p in header:
        for piece in [p, *dot_pieces(p)]:
            # "Full-time", "Remote (Full Time)", "$130,000 - $160,000 a year - Full-time"
            for seg in _SEGMENTS.split(piece.text):
                only = emp_types_only(seg.strip())
                if only:
                    off = piece.text.find(seg.strip())
                    return ctx.fact(only, piece.start + off, piece.start + off + len(seg.strip()))
    text = ctx.cleaned
    for rx, starts in (
        (_EMP_SENTENCE, emp_sentence_starts(ctx.folded)),
        (_EMP_PHRASE, emp_phrase_starts(ctx.folded)),
    ):
        m = next(finditer_at(rx, text, starts), None)
        if m:
            g = "t" if "t" in rx.groupindex else 0
            s, e = m.span(g)
            types = emp_types(text[s:e])
            if types:
                return ctx.fact(types, s, e)
    return None

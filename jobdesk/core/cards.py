"""Runs of job cards: other jobs, told by their shape.

Search results, "similar jobs" and "more jobs" lists repeat one card again and again —
a title, a company, a place, a pay, an employment type, an age ("3 days ago") — in any
order and under any heading, in any language. No single line says "noise", but a stretch
of short lines that holds three or more places *and* three or more pay / type / age
lines, and no sentence of prose, is a list of other jobs; a posting's own header states
each of those facts once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from jobdesk.core.guard import is_content_line

_PLACE = re.compile(
    r"""(?:[•·]\s*)?(?:
      [A-ZÀ-Ý][\w.'’\- ]{1,40},\s?(?:[A-Z]{2}|[A-ZÀ-Ý][\w.'’\- ]{2,30})(?:\s\d{4,5})?  # City, ST
      |\d{4,5}\s[A-ZÀ-Ý][\w'’\- ]{1,40}  # 80331 München
      |(?:remote|hybrid|on-?site|home\ ?office|télétravail|remoto|in\ remote)(?:\W.{0,40})?
    )(?:\s*[(·•|,-]\s*(?:remote|hybrid|on-?site)\)?)?""",
    re.IGNORECASE | re.VERBOSE,
)
_PAY = re.compile(
    r"""(?:[•·]\s*)?(?:from\ |up\ to\ |ab\ |à\ partir\ de\ |desde\ |da\ )?
    (?:[A-Z]{0,3}[$€£¥₹]\s?\d[\d,.]*\s?[kK]?|\d[\d.,\s']*\s?[kK]?\s?(?:€|\$|£|EUR|CHF|USD|GBP))
    .{0,60}""",
    re.IGNORECASE | re.VERBOSE,
)
_AGE_UNIT = r"(?:minutes?|hours?|h|days?|d|weeks?|w|months?|mo)"
_TYPE_OR_AGE = re.compile(
    rf"""(?:[•·]\s*)?(?:
      full[- ]?time|part[- ]?time|contract(?:or)?|temporary|temp|internship|permanent|freelance|
      vollzeit|teilzeit|befristet|unbefristet|festanstellung|cdi|cdd|stage|alternance|
      temps\ (?:plein|partiel)|jornada\ completa|tiempo\ completo|indefinido|tempo\ pieno|
      tempo\ indeterminato|voltijd|deeltijd|vast\ contract|tempo\ integral|
      (?:posted\ |active\ |employeractive\ |updated\ )?(?:\d+\+?|an?|one)\s?{_AGE_UNIT}\s+ago|
      just\ posted|today|yesterday|new|urgently\ hiring|easy\ apply|
      vor\ \d+\ (?:stunden?|tagen?|wochen?|monaten?)|
      il\ y\ a\ \d+\ (?:heures?|jours?|semaines?|mois)|
      hace\ \d+\ (?:horas?|días?|semanas?|meses?)|\d+\ (?:giorni|ore|settimane)\ fa|
      \d+\ (?:dagen|uur|weken)\ geleden|h[áa]\ \d+\ (?:horas?|dias?|semanas?)|
      (?:monday\ to\ friday|\d+\ hour\ shift|day\ shift|night\ shift|weekends?)(?:\ \+\d+)?
    )(?:\s*\+\d+)?\W*""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_WORDS = 12  # a card's lines are short
_MIN_CARDS = 3
_REACH = 25  # lines: how far apart two cards' fact lines may be, and a card's reach


def _kind(line: str) -> str:
    """'p' place, 'f' pay/type/age, 's' other short line, 'x' prose or a long line."""
    s = line.strip()
    if len(s) > 120 or len(s.split()) > _MAX_WORDS or is_content_line(s):
        return "x"
    if _is_fact(s):
        return "f"
    if _PLACE.fullmatch(s):
        return "p"
    return "s"


def _is_fact(s: str) -> bool:
    """A card's pay, type or age line."""
    return bool(s) and (
        _TYPE_OR_AGE.fullmatch(s) is not None
        or (_PAY.fullmatch(s) is not None and any(c.isdigit() for c in s))
    )


# A whole line that may be a card's pay, type or age line (what :func:`_is_fact` takes,
# blanks around it allowed): the engine finds the lines where its RE2 superset matches
# in one pass over the text, and only those are tried with the patterns.
FACT_LINE = re.compile(
    rf"^[^\S\n]*(?:(?:{_TYPE_OR_AGE.pattern})|(?:{_PAY.pattern}))[^\S\n]*$",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)


def card_runs(
    text: str,
    min_cards: int = _MIN_CARDS,
    candidates: Iterable[int] | None = None,
    lines: list[str] | None = None,
) -> Iterator[tuple[int, int]]:
    """``(first, last)`` line numbers of each run of job cards in ``text``: a stretch of
    non-prose lines (blank lines inside) with >= ``min_cards`` place lines and as many
    pay / type / age lines, where such lines are at least a third of the text lines.
    The run starts a little before its first place line (a card's title and company
    come first). Lines are judged in full only around clusters of pay, type or age
    lines. ``candidates``: the only lines (ascending) that may be pay, type or age lines
    (those where :data:`FACT_LINE` may match); all lines by default. ``lines``:
    ``text.split("\\n")``, when at hand."""
    lines = text.split("\n") if lines is None else lines
    rows = range(len(lines)) if candidates is None else candidates
    found = [i for i in rows if len(lines[i]) <= 120 and _is_fact(lines[i].strip())]
    cluster: list[int] = []
    for row in [*found, None]:
        if row is not None and (not cluster or row - cluster[-1] <= _REACH):
            cluster.append(row)
            continue
        if len(cluster) >= min_cards:
            lo = max(cluster[0] - _REACH, 0)
            hi = min(cluster[-1] + _REACH + 1, len(lines))
            yield from _runs_in(lines, lo, hi, min_cards)
        cluster = [row] if row is not None else []


def _runs_in(lines: list[str], lo: int, hi: int, min_cards: int) -> Iterator[tuple[int, int]]:
    kinds = ["b" if not line.strip() else _kind(line) for line in lines[lo:hi]]
    n = len(kinds)
    i = 0
    while i < n:
        if kinds[i] in "bx":
            i += 1
            continue
        j = i
        while j < n and kinds[j] != "x":
            j += 1
        stretch = kinds[i:j]
        places, facts = stretch.count("p"), stretch.count("f")
        text_lines = len(stretch) - stretch.count("b")
        if places >= min_cards and facts >= min_cards and (places + facts) * 3 >= text_lines:
            first_place = i + stretch.index("p")
            last_fact = max(k for k in range(i, j) if kinds[k] in "pf")
            # A card's title and company stand just above its place line.
            start = first_place
            for k in range(first_place - 1, max(i, first_place - 3) - 1, -1):
                if kinds[k] != "s":
                    break
                start = k
            yield lo + start, lo + last_fact
        i = j

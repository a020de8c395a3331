"""Pay ranges in free text: find them, keep them as written, parse min / max / currency / period.

``find_pay(text)`` returns every pay mention as a :class:`PayRange` whose ``start``/``end``
are offsets into ``text`` and whose ``text`` is the mention exactly as written. Formats:

* ranges with any dash, "to", "and" (``between $X and $Y``): ``$22–$26 an hour``,
  ``£45,000 - £55,000 a year``, ``$300,000—$425,000 USD``, ``400 - 400 USD per week``;
* per-amount periods: ``$300,000.00/yr - $425,000.00/yr``;
* ``k``/``K``/``M`` suffixes, also carried to the other end (``$60-80k``);
  ``USD 158,600-181k / year``;
* single amounts with a qualifier: ``Up to $95K`` (max only), ``From $22.38 an hour`` /
  ``starts at $30`` (min only), ``$35.00 per hour`` (min = max);
* thousands separators ``,`` ``.`` ``'``, plain, non-breaking and thin spaces; European
  decimals (``60.000 €``, ``1.234,50 €``);
* location tiers: a line ``Cambridge, MA: $158,600 - $181,000`` gives ``location``;
* European ranges and words: ``42K à 48K €``, ``de 30 000 à 35 000 € par an``,
  ``entre 25.000 y 30.000 €``, ``50.000 bis 60.000 € brutto/Jahr``, ``3.000 tot 4.000 euro
  per maand``, ``R$ 5.000 até R$ 7.000``, ``RAL 35.000 - 40.000`` (Italian gross annual pay),
  ``ab 55.000 €`` / ``bis zu 70.000 €`` / ``jusqu'à 60 000 €`` (floor / ceiling).

Never invented, never converted: ``currency`` is an ISO code only when the text names it
unambiguously (``USD``, ``US$``, ``£`` → GBP, ``€`` → EUR, ``CA$`` → CAD …); a bare ``$``
stays ``"$"`` (US, Canadian, Australian … dollars all write it), ``kr`` stays ``"kr"``.
``period`` (hour, day, week, month, year) is set only when the text says it next to the
amount; otherwise it is ``None``. A number with no currency is pay only on a line labelled
as pay ("Salary: 60,000 - 70,000 per year"), and then its currency stays ``None``.

Money that is not pay (funding rounds, donations, 401k matches, stipends, revenue) is
skipped when its sentence says so and has no pay word.

``pay_fact`` and ``jsonld_pay`` turn a range, or JSON-LD's baseSalary / estimatedSalary,
into a :class:`~jobdesk.core.facts.model.PayFact`.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from jobdesk.core.facts.context import Context
from jobdesk.core.facts.model import PayFact
from jobdesk.core.facts.scan import digit_run_starts, finditer_at

__all__ = ["ESTIMATE_LABEL", "PayRange", "find_pay", "jsonld_pay", "parse_amount", "pay_fact"]

# Currency written before or after the number. Longest first.
_CODES = (
    "USD|EUR|GBP|CAD|AUD|NZD|CHF|DKK|SEK|NOK|ISK|PLN|CZK|HUF|RON|BGN|JPY|CNY|RMB|INR|SGD|HKD"
    "|ZAR|BRL|MXN|ILS|AED|SAR|KRW|TRY|PHP|IDR|MYR|THB|VND|UAH|NGN|KES|EGP|ARS|CLP|COP|PEN"
)
_PREFIX_SYMBOLS = (
    r"kr\.?(?=\s?\d)|US\$|USD\$|CA\$|C\$|CAD\$|AU\$|A\$|AUD\$|NZ\$|NZD\$|HK\$|S\$|R\$|"
    r"\$|£|€|¥|₹|₩|₪|₱|₦|₽|₺|CHF|Fr\.|zł|R(?=\s?\d)"
)
_SUFFIX_SYMBOLS = r"€|£|\$|kr\.?|Kč|zł|Ft|lei|CHF|₹|¥|euros?\b"

_CURRENCY_OF = {
    "US$": "USD", "USD$": "USD", "CA$": "CAD", "C$": "CAD", "CAD$": "CAD", "AU$": "AUD",
    "A$": "AUD", "AUD$": "AUD", "NZ$": "NZD", "NZD$": "NZD", "HK$": "HKD", "S$": "SGD",
    "R$": "BRL", "£": "GBP", "€": "EUR", "₹": "INR", "₩": "KRW", "₪": "ILS", "₱": "PHP",
    "₦": "NGN", "₽": "RUB", "₺": "TRY", "CHF": "CHF", "Fr.": "CHF", "zł": "PLN", "Kč": "CZK",
    "Ft": "HUF", "lei": "RON", "RMB": "CNY", "R": "ZAR", "euro": "EUR", "euros": "EUR",
}  # fmt: skip

_SP = "[ \u00a0\u202f\u2009\u2007]"  # spaces that may sit inside or around amounts
# A number: grouped (1,234,567 / 1.234.567 / 1 234 567 / 1'234'567) or plain, with decimals.
_NUM = (
    r"(?:\d{1,3}(?:(?:,|\.|'|’|[ \u00a0\u202f\u2009\u2007])\d{3})+(?:[.,]\d{1,2})?"
    r"|\d+(?:[.,]\d{1,2})?)"
)
_MULT = r"(?:[kK](?![a-zA-Z])|[mM](?:illion|n)?(?![a-zA-Z])|\s?(?:thousand|million)\b)"
_AMOUNT = (
    rf"(?P<{{p}}pre>(?:{_PREFIX_SYMBOLS}){_SP}?|(?:(?:{_CODES}){_SP}?))?"
    rf"(?P<{{p}}num>{_NUM})"
    rf"(?P<{{p}}mult>{_MULT})?"
    rf"(?P<{{p}}suf>{_SP}?(?:{_SUFFIX_SYMBOLS}|(?:{_CODES})\b))?"
    rf"(?P<{{p}}per>{_SP}?(?:/{_SP}?(?:hr|hour|h|yr|year|annum|a|wk|week|mo|month|day|d)\b"
    rf"|(?:per|an?){_SP}(?:hour|year|annum|week|month|day)\b|p\.?a\.(?!\w)|p/h\b))?"
)
# a dash, or a word between spaces: "42K à 48K €", "de 30 000 à 35 000 €", "entre 25.000 y
# 30.000 €", "50.000 bis 60.000 €", "3.000 tot 4.000 euro", "R$ 5.000 até R$ 7.000"
_SEP = (
    rf"(?:{_SP}*(?:-|–|—|‐|‑|−|~){_SP}*|{_SP}*(?:to|and|until|bis|und){_SP}*"
    rf"|{_SP}+(?:à|a|au|tot|en|até|ate|y|e|et|hasta|al){_SP}+)"
)

# "per hour", "pro Stunde", "par mois", "al mes", "all'anno", "per maand", "por mês", "/Jahr"
_PER = r"(?:an?\s|per\s|pro\s|par\s|por\s|al\s|all['’]\s?|im\s|/\s?|each\s)"
_PERIODS = [
    (
        "hour",
        rf"{_PER}(?:hr|hour|h|stunde|std|heure|hora|ora|uur)\b|hourly|p/h\b|i\s+timen"
        r"|per\s+time\b|de\s+l'heure|all['’]ora",
    ),
    (
        "day",
        rf"{_PER}(?:day|d|tag|jour|d[ií]a|giorno|dag)\b|daily|per\s?diem|om\s+dagen|al\s+giorno",
    ),
    ("week", rf"{_PER}(?:wk|week|woche|semaine|semana|settimana)\b|weekly|om\s+ugen"),
    (
        "month",
        rf"{_PER}(?:mo|mth|month|monat|mois|mes|mese|maand|m[eê]s)(?!\w)|monthly|pcm\b|monatlich"
        r"|om\s+m[åa]neden|per\s+m[åa]ned|i\s+m[åa]neden|mensuel(?:le)?s?\b|mensual(?:es)?\b"
        r"|mensil[ei]\b|mensais\b|al\s+mese\b",
    ),
    (
        "year",
        rf"{_PER}(?:yr|year|annum|a\b|jahr|an\b|anno|ano|año|jaar)(?!\w)|annually|yearly|annual\b"
        r"|p\.\s?a\.|\bpa\b|j[äa]hrlich|om\s+[åa]ret|per\s+[åa]r\b|annuel(?:le)?s?\b"
        r"|anual(?:es)?\b|annu[aoi]\b|anuais\b|jaarlijks\b|all['’]anno\b",
    ),
]
# a gross/net word may stand between the amount and its period: "brutto/Jahr", "brut par mois"
_GROSS = r"(?:(?:brutto|bruto|brut|bruts|gross|lordo|lorda|lordi|netto|net|neto)[\s/,]*)?"
_PERIOD_RES = [
    (name, re.compile(rf"^[\s(,:\-–]*{_GROSS}(?:{pat})", re.I)) for name, pat in _PERIODS
]
_PERIOD_ANY = [(name, re.compile(rf"(?<![\w-])(?:{pat})", re.I)) for name, pat in _PERIODS]
# "per credit hour", "per visit" … are rates of something else; do not read them as hour.
_OTHER_UNIT = re.compile(
    r"^[\s(]*(?:an?|per|/)\s?(?:credit|session|visit|class|course|unit|piece|mile|project|lesson|word)",
    re.I,
)

_RANGE_RE = re.compile(
    rf"(?<![\w.,$£€])(?:{_AMOUNT.replace('{p}', 'a')})"
    rf"(?:{_SEP}(?:{_AMOUNT.replace('{p}', 'b')}))?(?![\w%]|-[^\W\d_])",  # not "40-hour"
    re.I,
)

_MIN_WORDS = re.compile(
    r"(?:\bfrom|\bstart(?:s|ing)?\s+(?:at|from)|\bminimum(?:\s+of)?|\bat\s+least|\bmin\.?|\bstarting\s+(?:salary|pay|rate|wage)?\s*(?:of|at|is)?"
    r"|\bab|\bmindestens|(?<!\w)(?:à|a)\s+partir\s+de|\bdesde|\ba\s+partire\s+da|\bvanaf|\bm[ií]nimo)[\s:]*$",
    re.I,
)
_MAX_WORDS = re.compile(
    r"(?:\bup\s+to|\bmaximum(?:\s+of)?|\bmax\.?|\bas\s+much\s+as|\bno\s+more\s+than"
    r"|\bbis(?:\s+zu)?|\bh[öo]chstens|\bjusqu['’]\s?[àa]|\bhasta|\bfino\s+a|\btot|\baté|\bm[aá]ximo|\bmassimo)[\s:]*$",
    re.I,
)

_PAY_WORDS = re.compile(
    r"\b(?:salary|salaries|pay|paid|compensation|wage|wages|rate|earn|earning|earnings|income"
    r"|base|range|ote|stipend|remuneration|bonus|offer|offers|offering|gross|brutto|per\s+hour|hourly|annual|annually|per\s+year"
    r"|a\s+year|an\s+hour|package|hiring\s+range|pay\s+band|gehalt|løn|lön|lønn|salaire|salario|rémunération"
    r"|\w*gehalt|vergütung|lohn|entgelt|brut|bruto|lordo|lorda|ral|sueldo|retribuci[oó]n|stipendio"
    r"|retribuzione|\w*salaris|salário|remuneração|remunerazione)\b",
    re.I,
)
_NOT_PAY = re.compile(
    r"\b(?:raised|raise|funding|funded|valuation|valued|revenue|revenues|donat\w*|invest\w*|"
    r"series\s+[a-f]|arr|gmv|sales\s+of|worth|market\s+cap|reimburs\w*|allowance|budget|"
    r"401\s?\(?k\)?|match\w*|spend|spent|savings|saved|customers|assets|fund|grant|"
    r"sign[-\s]?on|relocation|referral|tuition|fee|fees|cost|costs|price|prices|loan|loans|"
    r"deposit|fine|fines|penalty|insurance|coverage|credit|per\s+month\s+for)\b",
    re.I,
)
# A line labelled as pay: "Salary: 60,000 - 70,000", "Gehalt: …", "RAL 35.000 - 40.000"
# (Italian: the gross annual pay; read only before a grouped number, not a colour code).
_PAY_LABEL = re.compile(
    r"^\W*(?:(?:salary(?:\s+range)?|pay(?:\s+range)?|base\s+pay(?:\s+range)?|compensation|wage|rate|hiring\s+range|remuneration|pay\s+rate"
    r"|\w*gehalt|vergütung|salaire|rémunération|salario|sueldo|retribuci[oó]n|stipendio|retribuzione(?:\s+annua)?(?:\s+lorda)?"
    r"|\w*salaris|salário|remuneração)\s*[:\-–]"
    r"|ral\s*:?\s*(?=(?:da\s+|tra\s+)?\d{1,3}(?:[.,' ]\d{3}|\s?[kK]\b)))",
    re.I,
)
_TIER = re.compile(
    r"^\W*(?P<loc>[A-Z][\w .'’-]{1,40}(?:,\s?[A-Z][\w .'’-]{1,30}){0,2})\s*[:\-–]\s*$"
)
_CODE_SET = frozenset(_CODES.split("|"))
_SENT_BOUND = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|\n")


@dataclass(frozen=True)
class PayRange:
    """One pay mention. Offsets refer to the text given to :func:`find_pay`."""

    text: str
    start: int
    end: int
    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    location: str | None = None
    estimate: bool = False  # the job site's salary estimate, not the employer's figure

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_amount(num: str, mult: str | None = None) -> float | None:
    """``"158,600"`` → 158600, ``"60.000"`` → 60000, ``"1.234,50"`` → 1234.5, ``"95"``+K → 95000.

    A lone separator followed by exactly three digits groups thousands (``60.000``,
    ``1,500``); followed by one or two digits it is the decimal mark (``22.38``, ``22,50``).
    With both marks, the last one is the decimal mark. Anything else is ``None``.
    """
    s = re.sub(r"[\u00a0\u202f\u2009\u2007 '’]", "", num)
    if not s or not s[0].isdigit() or not re.fullmatch(r"[\d.,]+", s):
        return None
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        dec = "." if last_dot > last_comma else ","
        grp = "," if dec == "." else "."
        s = s.replace(grp, "").replace(dec, ".")
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        parts = s.split(sep)
        if len(parts) > 2 or len(parts[-1]) == 3:
            if any(len(p) != 3 for p in parts[1:]):
                return None
            s = "".join(parts)
        elif 1 <= len(parts[-1]) <= 2:
            s = parts[0] + "." + parts[1]
        else:
            return None
    try:
        value = float(s)
    except ValueError:
        return None
    if mult:
        m = mult.strip().lower()
        if m.startswith("k") or m == "thousand":
            value *= 1_000
        elif m.startswith("m"):
            value *= 1_000_000
    return round(value, 2)


def _currency(*written: str | None) -> str | None:
    """The most specific currency among the markers written around a range (ISO code wins)."""
    found: list[str] = []
    for raw in written:
        c = (raw or "").strip()
        if not c:
            continue
        if c.upper() in _CODE_SET:
            found.append("CNY" if c.upper() == "RMB" else c.upper())
        elif c in _CURRENCY_OF:
            found.append(_CURRENCY_OF[c])
        elif c.rstrip(".") in _CURRENCY_OF:
            found.append(_CURRENCY_OF[c.rstrip(".")])
        elif c.lower().rstrip(".") == "kr":
            found.append("kr")
        else:
            found.append(c)  # "$", "¥": as written, ambiguous
    for c in found:
        if len(c) == 3 and c.isalpha() and c.isupper():
            return c
    return found[0] if found else None


def _period_after(text: str, pos: int, line_end: int) -> tuple[str | None, int]:
    tail = text[pos : min(line_end, pos + 40)]
    if _OTHER_UNIT.match(tail):
        return None, pos
    for name, rx in _PERIOD_RES:
        m = rx.match(tail)
        if m:
            return name, pos + m.end()
    return None, pos


def _period_before(text: str, start: int, line_start: int) -> str | None:
    head = text[max(line_start, start - 45) : start]
    # only a qualifier right before the amount: "hourly rate of", "annual salary:",
    # "Jahresgehalt:", "Retribuzione annua lorda", "RAL", "Jaarsalaris tussen"
    m = _BEFORE_PERIOD.search(head)
    if not m:
        return None
    return next(name for name in ("hour", "day", "week", "month", "year") if m.group(name))


_BEFORE_PERIOD = re.compile(
    r"\b(?:(?P<hour>hourly|stunden\w*|horaire|uurloon)|(?P<day>daily|tages\w*|journalier)"
    r"|(?P<week>weekly|wochen\w*|hebdomadaire|semanal)"
    r"|(?P<month>monthly|monats\w*|monatlich\w*|mensuel\w*|mensual\w*|mensil\w*|maand\w*)"
    r"|(?P<year>annual|annually|yearly|jahres\w*|j[äa]hrlich\w*|annuel\w*|anual\w*|annu[ao]|jaar\w*|ral))"
    r"\b[\w\s]{0,25}(?:of|is|:|at|between|from)?\s*$",
    re.I,
)


_ABBR_END = re.compile(
    r"\b(?:incl|inkl|excl|exkl|approx|ca|etc|e\.g|i\.e|z\.b|bzw|vs|min|max|env|aprox)\.$", re.I
)


_SENT_MARK = re.compile(r"[.!?]\s+")
_SENT_STOP = re.compile(r"[.!?](?:\s|$)")
_ABBR_LONGEST = 7  # "approx." — an _ABBR_END match ends at the mark, this far back at most


_LETTER = re.compile(r"[^\W\d_]")


def _words_at_most(rest: str, limit: int) -> bool:
    """Whether ``rest`` holds at most ``limit`` words with a letter in them."""
    n = 0
    for w in rest.split():
        if _LETTER.search(w):
            n += 1
            if n > limit:
                return False
    return True


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` within its line (searched in place: on a
    paste that lost its line breaks, the line is the whole text)."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    s = ls
    for m in _SENT_MARK.finditer(text, ls, start):
        mark = m.start() + 1
        if not _ABBR_END.search(text, max(ls, mark - _ABBR_LONGEST), mark):  # "incl. bonus: $…"
            s = m.end()
    m2 = _SENT_STOP.search(text, end, le)
    e = m2.end() if m2 else le
    return s, e


# The first digit of a number (a range's first amount starts at most 5 characters before
# it: "USD$ 1…", "kr. 1…"): where each run of digits starts.
_PREFIX_SPAN = 5


def _amount_starts(text: str) -> list[int]:
    """Every position where a match of ``_RANGE_RE`` can start."""
    out: set[int] = set()
    for p in digit_run_starts(text):
        out.update(range(max(0, p - _PREFIX_SPAN), p + 1))
    return sorted(out)


def find_pay(text: str) -> list[PayRange]:
    """Every pay mention in ``text``, in order of appearance."""
    out: list[PayRange] = []
    if not text:
        return out
    matches = list(finditer_at(_RANGE_RE, text, _amount_starts(text)))
    for k, m in enumerate(matches):
        prev_end = matches[k - 1].end() if k else 0
        next_start = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        r = _one(text, m, prev_end, next_start)
        if r is not None:
            out.append(r)
    return out


# Money beside the pay that is not the pay: a bonus, a stipend, equity. Judged on the
# amount's own clause ("…, plus a $10,000 sign-on bonus"), so the salary sharing its
# sentence stays pay; a clause that names the pay too ("salary of $90k incl. bonus") is pay.
_HARD_BREAK = re.compile(r"[;•·|]\s|(?<!\bincl)(?<!\binkl)[.!?]\s+(?=[A-Z])")
_CLAUSE_BREAK = re.compile(
    r"[;,•·|]\s|[.!?]\s+(?=[A-Z])|\s[+&]\s|\s(?:plus|and|with|as\s+well\s+as|in\s+addition\s+to|zzgl\.|"
    r"zuzüglich|sowie|und|et|y|e|en|più|mais)\s",
    re.I,
)
_OTHER_MONEY = re.compile(
    r"\b(?:stipends?|bonus(?:es)?|sign[-\s]?on|signing|referral|equity|rsus?|stock|shares|"
    r"share\s+options|options\s+grant|prämie|gratifica\w*|relocation|allowance)\b",
    re.I,
)
_OWN_PAY = re.compile(
    r"\b(?:salary|salaries|base|pay|wage|wages|compensation|ote|gehalt|\w*gehalt|vergütung|"
    r"salaire|rémunération|remuneration|salario|sueldo|stipendio|retribuzione|\w*salaris|"
    r"salário|remuneração)\b",
    re.I,
)
_LEARNER = re.compile(
    r"\b(?:intern\w*|fellow\w*|trainee\w*|praktik\w*|apprentice\w*|ph\.?d|doctoral|stage|"
    r"werkstudent\w*)\b",
    re.I,
)
# The job site's salary estimate: a label line ("Estimated salary", "Salary estimate",
# "Gehaltsschätzung" …) before the amount, or a site's own words next to it ("Glassdoor
# est.", "Indeed's estimated salary", "Indeed's salary guide"). The employer's own "good
# faith estimate" and Glassdoor's "(Employer est.)" are the posting's pay.
ESTIMATE_LABEL = re.compile(
    r"^\W*(?:(?:est\.|estimated)\s+(?:base\s+|total\s+|annual\s+|yearly\s+)?"
    r"(?:salary|pay|compensation|wage)(?:\s+range)?|(?:salary|pay|wage)\s+estimates?|"
    r"gehaltsschätzung|geschätztes\s+(?:jahres)?gehalt|salaire\s+estimé|"
    r"estimation\s+(?:de|du)\s+salaire|salario\s+estimado|sueldo\s+estimado|"
    r"estimación\s+salarial|stipendio\s+stimato|retribuzione\s+stimata|geschat\s+salaris|"
    r"salarisindicatie|salário\s+estimado|estimativa\s+salarial)\W*$",
    re.I,
)
_EST_SITE = re.compile(
    r"\b(?:glassdoor|indeed|ziprecruiter|linkedin|monster|simplyhired|careerbuilder|talent\.com|"
    r"salary\.com|payscale|levels\.fyi|stepstone|kununu|xing|welcome\s+to\s+the\s+jungle|"
    r"totaljobs|reed|adzuna|jooble|seek|dice|built\s?in)(?:['’]s)?\s+"
    r"(?:est\.|estimated?\b|estimates?\b|salary\s+(?:guide|estimates?|insights))|"
    r"\bnot\s+provided\s+by\s+(?:the\s+)?employer\b",
    re.I,
)


def _is_estimate(text: str, start: int, end: int, ls: int, le: int) -> bool:
    if ESTIMATE_LABEL.match(text[ls:start]) or _EST_SITE.search(text, end, le):
        return True
    prev_e = ls - 1
    prev_s = text.rfind("\n", 0, max(0, prev_e)) + 1
    if prev_e > 0 and ESTIMATE_LABEL.match(text[prev_s:prev_e]):
        return True
    if prev_e > 0 and _EST_SITE.search(text, prev_s, prev_e) and len(text[prev_s:prev_e]) <= 80:
        return True
    nxt_e = text.find("\n", le + 1)
    nxt_e = len(text) if nxt_e < 0 else nxt_e
    return le < len(text) and nxt_e - le <= 80 and bool(_EST_SITE.search(text, le + 1, nxt_e))


def _other_money(text: str, start: int, end: int, lo: int, hi: int, line: str) -> bool:
    hard = _HARD_BREAK.split(text[lo:start])[-1]
    if ":" in hard:
        label, rest = hard.rsplit(":", 1)
        if len(rest.split()) <= 3 and _OWN_PAY.search(label):
            return False  # "Salary + bonus: $…", "Total compensation incl. bonus: $…"
    before = _CLAUSE_BREAK.split(text[lo:start])[-1]
    after = _CLAUSE_BREAK.split(text[end:hi])[0]
    # after the amount only the noun it is the amount of ("$10,000 sign-on bonus", "$3,500
    # Opportunity School stipend"), not a remark in brackets ("$100k–$120k (bonus eligible)")
    after = " ".join(after.split("(")[0].split()[:5])
    clause = before + text[start:end] + after
    m = _OTHER_MONEY.search(clause)
    if m is None or _OWN_PAY.search(clause):
        return False
    return not (m.group().lower().startswith("stipend") and _LEARNER.search(line))


def _one(text: str, m: re.Match[str], prev_end: int, next_start: int) -> PayRange | None:
    g = m.groupdict()
    has_b = g["bnum"] is not None
    start, end = m.start(), m.end()
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    line = text[ls:le]
    labelled = bool(_PAY_LABEL.match(line))
    cur = _currency(
        g["apre"], g["asuf"], g["bpre"] if has_b else None, g["bsuf"] if has_b else None
    )
    if cur is None and not labelled:
        return None
    a_mult, b_mult = g["amult"], (g["bmult"] if has_b else None)
    lo = parse_amount(g["anum"], a_mult)
    hi = parse_amount(g["bnum"], b_mult) if has_b else None
    if lo is None:
        return None
    if has_b and hi is None:
        has_b = False
        end = max(m.end(k) for k in ("anum", "amult", "asuf", "aper") if g[k])
    if has_b and hi is not None and b_mult and not a_mult and lo < 1000 <= hi:
        lo2 = parse_amount(g["anum"], b_mult)  # "$60-80k": the suffix belongs to both ends
        if lo2 is not None and lo2 <= hi:
            lo = lo2
    if has_b and hi is not None and lo > hi:
        # "2024-2025"-like, or a list: keep the first amount only
        has_b, hi = False, None
        end = max(m.end(k) for k in ("anum", "amult", "asuf", "aper") if g[k])
    if cur is None and (lo < 10 or not has_b):
        return None
    if lo == 0 and not hi:
        return None
    # period: per-amount marker, then right after the match, then a qualifier before it
    period = None
    for key in ("aper", "bper"):
        if g.get(key):
            for name, rx in _PERIOD_ANY:
                if rx.search(g[key]):
                    period = name
                    break
    # a currency code after the range: "$300,000—$425,000 USD"
    tail = re.match(rf"{_SP}*(?:{_CODES})\b", text[end:le])
    if tail:
        cur = _currency(cur, tail.group())
        end += tail.end()
    if period is None:
        period, end = _period_after(text, end, le)
    if period is None:
        period = _period_before(text, start, ls)
    # a qualifier before a single amount decides whether it is a floor or a ceiling
    before = text[max(ls, start - 40) : start]
    mn: float | None
    mx: float | None
    q = None
    if has_b:
        mn, mx = lo, hi
        q = re.search(r"\b(?:between|entre|zwischen|tra|tussen)\s*$", before, re.I)
    elif q := _MAX_WORDS.search(before):
        mn, mx = None, lo
    elif q := _MIN_WORDS.search(before):
        mn, mx = lo, None
    else:
        mn, mx = lo, lo
    # is this pay at all?
    ss, se = _sentence_bounds(text, start, end)
    sentence = text[ss:se]
    rest = (line[: start - ls] + line[end - ls :]).strip(" \t•·-–—()|:;,.")
    qualified = q is not None
    tier = _TIER.match(text[ls:start])
    # at most 2 (4) words with a letter beside the amount ("0.1% – 0.5%": no words); counted
    # only as far as needed — on a paste without line breaks the line is the whole text
    standalone = _words_at_most(rest, 4 if qualified or tier else 2)
    context = text[max(0, ls - 300) : ls]
    strong = period is not None or labelled or _strong_pay(sentence)
    if _NOT_PAY.search(sentence) and not (labelled or _strong_pay(sentence)):
        return None
    if _other_money(text, start, end, max(ss, prev_end), min(se, next_start), line):
        return None
    if not (
        strong or standalone or tier or _PAY_WORDS.search(sentence) or _PAY_WORDS.search(context)
    ):
        return None
    if a_mult and a_mult.strip().lower().startswith("m") and period is None:
        return None  # "$5M" in prose is almost never a salary
    if q is not None:
        start = ls + (start - ls) - (len(before) - q.start())  # "Up to $95K", "From $22.38 …"
    # close a bracket the period opened: "$25 - $27 (per hour)"
    if text[start:end].count("(") > text[start:end].count(")") and text[end : end + 1] == ")":
        end += 1
    written = text[start:end].rstrip(" .,;:")
    location = None
    if tier and not _PAY_LABEL.match(text[ls:start] + ":"):
        cand = tier.group("loc").strip()
        if not re.search(
            r"\b(?:salary|pay|range|compensation|rate|base|wage|band|amount)\b", cand, re.I
        ):
            location = cand
    estimate = _is_estimate(text, start, end, ls, le)
    return PayRange(written, start, start + len(written), mn, mx, cur, period, location, estimate)


def _strong_pay(sentence: str) -> bool:
    return bool(
        re.search(
            r"\b(?:salary|base\s+pay|pay\s+range|compensation|hourly\s+rate|wage|hiring\s+range)\b",
            sentence,
            re.I,
        )
    )


# -------------------------------------------------------------------------------- pay


def pay_fact(ctx: Context, r: PayRange) -> PayFact:
    span = ctx.span(r.start, r.end)
    text = ctx.source[span[0] : span[1]]
    return PayFact(text, "text", span, r.min, r.max, r.currency, r.period, r.location, r.estimate)


_JSONLD_UNIT = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}


def _num(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)) and math.isfinite(v):
        return float(v)
    if isinstance(v, str):
        try:
            x = float(v.replace(",", "").strip())
        except ValueError:
            return None
        return x if math.isfinite(x) else None
    return None


def jsonld_pay(jsonld: dict[str, Any]) -> PayFact | None:
    bs = jsonld.get("baseSalary")
    estimate = not bs
    if estimate:
        bs = jsonld.get("estimatedSalary")
    if isinstance(bs, list):
        bs = bs[0] if bs else None
    if not isinstance(bs, dict):
        return None
    cur = bs.get("currency") if isinstance(bs.get("currency"), str) else None
    val = bs.get("value")
    unit = bs.get("unitText")
    lo = hi = None
    if isinstance(val, dict):
        lo, hi = _num(val.get("minValue")), _num(val.get("maxValue"))
        single = _num(val.get("value"))
        if lo is None and hi is None and single is not None:
            lo = hi = single
        unit = val.get("unitText", unit)
    else:
        lo = hi = _num(val)
    if lo is None and hi is None:
        return None
    period = _JSONLD_UNIT.get(str(unit).upper()) if unit else None
    parts = [x for x in (lo, hi) if x is not None]
    written = " - ".join(f"{x:,.2f}".rstrip("0").rstrip(".") for x in parts)
    text = " ".join(x for x in (cur or "", written, f"per {period}" if period else "") if x)
    currency = cur.upper() if cur else None
    return PayFact(text, "JSON-LD", None, lo, hi, currency, period, None, estimate)

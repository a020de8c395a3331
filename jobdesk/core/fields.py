"""Posting facts: title, company, location, pay … each linked to the source text it came from.

Entry points::

    extract_fields(result: CleanResult, *, reference_date: date | None = None) -> dict
    extract(source, cleaned, edits, jsonld=None, *, page_title=None, reference_date=None) -> dict

Facts are read from the *cleaned* text (the noise is gone) and their spans are mapped
back through the edits to offsets in the *source* text, which is what the window shows.
schema.org JobPosting JSON-LD, when present, is used first for the facts it states well
(title, hiringOrganization, baseSalary, employmentType, jobLocationType, datePosted,
validThrough); a text reading that disagrees is reported, never hidden. Location comes
from the text first (JSON-LD addresses are often ATS codes), JSON-LD as a fallback.

The result is plain JSON (dicts, lists, str, numbers, bools, None)::

    Fact = {
        "value": ...,            # the normalised reading (see each field below)
        "text": str,             # the words as written (source slice, or the JSON-LD value)
        "source": "text" | "JSON-LD" | "page title",
        "span": [start, end] | None,   # offsets into CleanResult.source; for a JSON-LD
                                       # fact, where the same value is found in the text
        "conflict": {"value", "text", "source", "span"}   # only when text and JSON-LD disagree
    }

    workplace also carries "overrules": Fact when a header/label statement ("Remote")
    was overruled by the body ("hybrid, 3 days in office").

    {
      "title":            Fact | None,   value: str
      "company":          Fact | None,   value: str
      "location":         [Fact, ...],   value: str (one fact per place; [] when unknown)
      "workplace":        Fact | None,   value: "remote" | "hybrid" | "on-site"
      "employment_type":  Fact | None,   value: ["full-time", "part-time", "contract",
                                                 "temporary", "internship", "permanent",
                                                 "freelance"] (one or more)
      "seniority":        Fact | None,   value: "intern" | "entry" | "junior" | "mid" |
                                                "senior" | "staff" | "principal" | "lead" |
                                                "manager" | "director" | "executive"
      "posted":           Fact | None,   value: "YYYY-MM-DD" | None (None when only an age is
                                                written and no reference date was given);
                                                extra "age_days": int | None
      "deadline":         Fact | None,   value: "YYYY-MM-DD" | None (text: the sentence,
                                                e.g. "Applications will be reviewed on a
                                                rolling basis")
      "pay":              [PayFact, ...] every range as written, in text order; a JSON-LD
                                         baseSalary comes first (source "JSON-LD", span:
                                         the text range with the same min/max, if any)
      "sponsorship":      Fact | None,   value: "yes" | "no" | "unknown"; text: the sentence
      "clearance":        Fact | None,   value: the clearance named ("TS/SCI", "Secret" …)
                                                or "required"
      "years_experience": Fact | None,   value: int (the smallest stated minimum)
      "conflicts":        [{"field", "jsonld", "text"}]   # every disagreement, in one list
    }

    PayFact = Fact without "value", plus {"min": float | None, "max": float | None,
               "currency": str | None, "period": "hour"|"day"|"week"|"month"|"year"|None,
               "location": str | None}   # location: the tier ("Cambridge, MA: $…")
              + "estimate": True   only on a job site's salary estimate ("Glassdoor est.",
                                   "Salary estimate", JSON-LD estimatedSalary), reported only
                                   when the posting states no pay of its own

Unknown stays unknown: a field the posting does not state is ``None`` (or ``[]``), a pay
range without a written period has ``period: None``, a bare ``$`` is currency ``"$"``.
The heuristics read the shapes postings share (a header block of short lines, labelled
fields such as ``Location:``, page titles like "X hiring Y in Z", common phrasings such
as "is seeking a … to join"), never the content of particular postings.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from jobdesk.core.editmap import EditMap
from jobdesk.core.pay import ESTIMATE_LABEL, PayRange, find_pay
from jobdesk.core.sentences import finder_of, sentence_at

if TYPE_CHECKING:
    from jobdesk.core.engine import CleanResult, Edit

__all__ = ["extract", "extract_fields", "sponsorship_reading"]

Fact = dict[str, Any]


# ---------------------------------------------------------------------------- helpers

_WS = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _WS.sub(" ", re.sub(r"[^\w\s]", " ", s.casefold())).strip()


def _squash(s: str) -> str:
    return _WS.sub(" ", s).strip()


@dataclass
class _Line:
    text: str  # stripped
    start: int  # cleaned offsets of the stripped text
    end: int
    index: int


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(stripped, pos + lead, pos + lead + len(stripped), len(out)))
        pos += len(raw) + 1
    return out


class _Ctx:
    def __init__(self, source: str, cleaned: str, edits: Sequence[Edit]) -> None:
        self.source = source
        self.cleaned = cleaned
        self.map = EditMap(edits, len(source))
        self.lines = _lines(cleaned)
        self.removed = [(e.start, e.end) for e in edits if not e.replacement and e.end > e.start]
        self._removed_starts = [r[0] for r in self.removed]

    def is_removed(self, pos: int) -> bool:
        """Whether source offset ``pos`` lies in text the cleaner removed."""
        k = bisect.bisect_right(self._removed_starts, pos) - 1
        return k >= 0 and self.removed[k][0] <= pos < self.removed[k][1]

    def fact(self, value: Any, start: int, end: int, **extra: Any) -> Fact:
        while start < end and self.cleaned[start].isspace():
            start += 1
        while end > start and self.cleaned[end - 1].isspace():
            end -= 1
        span = self.map.span(start, end)
        out: Fact = {
            "value": value,
            "text": self.source[span[0] : span[1]],
            "source": "text",
            "span": span,
        }
        out.update(extra)
        return out

    def find(self, needle: str, lo: int = 0) -> tuple[int, int] | None:
        """A whitespace- and case-tolerant search of ``needle`` in the cleaned text."""
        words = needle.split()
        if not words:
            return None
        rx = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
        m = rx.search(self.cleaned, lo)
        return (m.start(), m.end()) if m else None


def _jsonld_fact(value: Any, text: str, ctx: _Ctx, **extra: Any) -> Fact:
    where = ctx.find(text) if text else None
    out: Fact = {
        "value": value,
        "text": text,
        "source": "JSON-LD",
        "span": ctx.map.span(*where) if where else None,
    }
    out.update(extra)
    return out


# Words that name a role: a line holding one of them is likely a job title.
_ROLE_NOUNS = [
    r"engineer",
    r"engineers",
    r"engineering",
    r"developer",
    r"developers",
    r"scientist",
    r"scientists",
    r"analyst",
    r"analysts",
    r"manager",
    r"managers",
    r"specialist",
    r"specialists",
    r"designer",
    r"designers",
    r"architect",
    r"architects",
    r"consultant",
    r"consultants",
    r"coordinator",
    r"coordinators",
    r"director",
    r"directors",
    r"administrator",
    r"administrators",
    r"technician",
    r"technicians",
    r"tester",
    r"testers",
    r"teacher",
    r"teachers",
    r"instructor",
    r"instructors",
    r"facilitator",
    r"facilitators",
    r"lead",
    r"leader",
    r"leaders",
    r"officer",
    r"officers",
    r"assistant",
    r"assistants",
    r"associate",
    r"associates",
    r"representative",
    r"representatives",
    r"agent",
    r"agents",
    r"advisor",
    r"advisors",
    r"adviser",
    r"advisers",
    r"accountant",
    r"accountants",
    r"nurse",
    r"nurses",
    r"editor",
    r"editors",
    r"writer",
    r"writers",
    r"reporter",
    r"reporters",
    r"researcher",
    r"researchers",
    r"intern",
    r"interns",
    r"internship",
    r"programmer",
    r"programmers",
    r"strategist",
    r"strategists",
    r"producer",
    r"producers",
    r"operator",
    r"operators",
    r"supervisor",
    r"supervisors",
    r"head",
    r"vp",
    r"president",
    r"executive",
    r"executives",
    r"recruiter",
    r"recruiters",
    r"clerk",
    r"clerks",
    r"driver",
    r"drivers",
    r"therapist",
    r"therapists",
    r"counselor",
    r"counsellor",
    r"planner",
    r"planners",
    r"buyer",
    r"buyers",
    r"chef",
    r"cook",
    r"cashier",
    r"mechanic",
    r"mechanics",
    r"electrician",
    r"electricians",
    r"expert",
    r"experts",
    r"owner",
    r"principal",
    r"professor",
    r"lecturer",
    r"lecturers",
    r"tutor",
    r"tutors",
    r"educator",
    r"educators",
    r"worker",
    r"workers",
    r"attendant",
    r"attendants",
    r"aide",
    r"aides",
    r"coach",
    r"coaches",
    r"trainer",
    r"trainers",
    r"investigator",
    r"auditor",
    r"auditors",
    r"controller",
    r"economist",
    r"statistician",
    r"physician",
    r"pharmacist",
    r"lawyer",
    r"attorney",
    r"paralegal",
    r"secretary",
    r"receptionist",
    r"salesperson",
    r"marketer",
    r"steward",
    r"guard",
    r"inspector",
    r"surveyor",
    r"estimator",
    r"fellow",
    r"apprentice",
    r"trainee",
    r"partner",
    r"sme",
    r"generalist",
    r"hygienist",
    r"dentist",
    r"veterinarian",
    r"technologist",
    r"machinist",
    r"welder",
    r"carpenter",
    r"plumber",
]
_ROLE_RE = re.compile(
    r"\b(?:(?:" + "|".join(_ROLE_NOUNS) + r"|mgr|dev|devops|sre|cto|ceo|cfo|coo)\b|sr\.|jr\.)", re.I
)

# UI strings and wrapper headings that are never a title, company or location.
_NOT_HEADER = re.compile(
    r"^(?:skip to (?:main )?content|apply(?: now| on company site)?|easy apply|quick apply|save|"
    r"saved|share|report(?: this)? job|back to (?:jobs|search(?: results)?|careers)|view all jobs|"
    r"about the (?:job|role|position|company|team)|job description|full job description|"
    r"description|overview|summary|job summary|job details|details|job post details|"
    r"responsibilities|requirements|qualifications|benefits|about us|who we are|"
    r"sign in|log in|join now|menu|home|careers|jobs|new|promoted|hero|"
    r"show more|show less|see more|more|follow|following|company profile|"
    r"job opportunity|apply for this job|position summary|role description|the role|"
    r"(?:essential |key |primary |main )?(?:job )?(?:functions|duties|responsibilities)|"
    r"what you(?:'|’)ll do|what we offer|who you are|skills|education|experience|"
    r"physical (?:demands|requirements)|working conditions|schedule|compensation|pay|salary|"
    r"perks|about|minimum qualifications|preferred qualifications|nice to have|"
    r"the position|the opportunity|general description|job title|title|location|company)\W*$",
    re.I,
)
_SENTENCE_LIKE = re.compile(r"[.!?]\s+\S|[.!?:]$")
_AGE = re.compile(
    r"\b(?:(?:re)?posted\s+)?(?:(?P<n>\d+)\+?\s*(?P<u>minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|"
    r"months?|mos?|years?|yrs?|y)\s+ago|(?P<word>today|yesterday|just posted|just now))\b",
    re.I,
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_RE = re.compile(
    rf"\b(?:(?P<y1>\d{{4}})-(?P<m1>\d{{1,2}})-(?P<d1>\d{{1,2}})"
    rf"|(?P<mon2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon3>{_MONTH_RE}),?\s+(?P<y3>\d{{4}})"
    rf"|(?P<m4>\d{{1,2}})/(?P<d4>\d{{1,2}})/(?P<y4>\d{{4}}))\b",
    re.I,
)


def _parse_date(m: re.Match[str]) -> str | None:
    try:
        if m.group("y1"):
            d = date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
        elif m.group("y2"):
            mon = _MONTHS[m.group("mon2").lower().rstrip(".")]
            d = date(int(m.group("y2")), mon, int(m.group("d2")))
        elif m.group("y3"):
            mon = _MONTHS[m.group("mon3").lower().rstrip(".")]
            d = date(int(m.group("y3")), mon, int(m.group("d3")))
        else:
            # M/D/YYYY is read US-style only when it cannot be D/M
            a, b = int(m.group("m4")), int(m.group("d4"))
            if a <= 12 and b <= 12 and a != b:
                return None
            mo, da = (a, b) if a <= 12 else (b, a)
            d = date(int(m.group("y4")), mo, da)
    except (ValueError, KeyError):
        return None
    return d.isoformat()


def _iso_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


# ------------------------------------------------------------------ labelled fields

_LABELS: dict[str, str] = {
    "job title": "title", "title": "title", "position title": "title", "position": "title",
    "role": "title", "job role": "title", "working title": "title", "job name": "title",
    "company": "company", "company name": "company", "employer": "company",
    "organization": "company", "organisation": "company", "hiring organization": "company",
    "advertiser": "company", "agency": "company", "organization name": "company:weak",
    "location": "location", "job location": "location", "work location": "location",
    "locations": "location", "primary location": "location", "office location": "location",
    "city": "location", "based in": "location", "location type": "workplace",
    "workplace type": "workplace", "workplace": "workplace", "remote": "workplace",
    "work arrangement": "workplace", "work model": "workplace",
    "employment type": "employment_type", "job type": "employment_type",
    "employment status": "employment_type", "type": "employment_type",
    "contract type": "employment_type", "duration": "employment_type",
    "schedule": "employment_type", "position type": "employment_type",
    "employee type": "employment_type", "work type": "employment_type",
    "seniority level": "seniority", "seniority": "seniority", "experience level": "seniority",
    "career level": "seniority", "level": "seniority",
    "posted": "posted", "date posted": "posted", "posted on": "posted",
    "posting date": "posted", "published": "posted", "posted date": "posted",
    "deadline": "deadline", "application deadline": "deadline", "closing date": "deadline",
    "apply by": "deadline", "deadline to apply": "deadline", "closes": "deadline",
    "posting close date": "deadline", "application close date": "deadline",
    "visa sponsorship": "sponsorship", "sponsorship": "sponsorship",
    "clearance": "clearance", "security clearance": "clearance",
    "security requirements": "clearance",
}  # fmt: skip
_LABEL_ALT = "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
# "Label: value" (value may run up to a glued next label: "…HANA)Duration: Full-Time")
_LABEL_INLINE = re.compile(
    rf"(?:^|(?<=\s{{2}})|(?<=[a-z)\]]))(?P<label>{_LABEL_ALT})\s*[:：]\s*", re.I
)
_GLUED_NEXT = re.compile(
    r"(?<=[a-z0-9)\].])(?=[A-Z][A-Za-z ]{1,25}\s?:)|(?<=[A-Z]{2})(?=[A-Z][a-z]+\s?:)|\s{3,}"
)


@dataclass
class _Labelled:
    field: str
    value: str
    start: int  # cleaned offsets of the value
    end: int
    label: str


def _labelled(ctx: _Ctx) -> list[_Labelled]:
    out: list[_Labelled] = []
    lines = ctx.lines
    for i, ln in enumerate(lines):
        text = ln.text
        # "Label" on its own line, the value on the next (LinkedIn, Indeed job details)
        bare = text.rstrip(" :").casefold()
        if bare in _LABELS and i + 1 < len(lines):
            j = i + 1
            while j < len(lines) and lines[j].text in ("•", "-", "·"):
                j += 1
            if j < len(lines) and j - i <= 3:
                nxt = lines[j]
                value = nxt.text
                if len(value) > 120:  # "LOCATION" / "Remote/… anywhere in the world. Must have…"
                    first = re.match(r"(.{2,120}?)[.!?](?:\s|$)", value)
                    value = first.group(1) if first and _LABELS[bare] == "location" else ""
                if value and value.rstrip(" :").casefold() not in _LABELS:
                    out.append(
                        _Labelled(_LABELS[bare], value, nxt.start, nxt.start + len(value), bare)
                    )
            continue
        if ":" not in text and "：" not in text:
            continue
        for m in _LABEL_INLINE.finditer(text):
            if m.start() > 0 and text[m.start() - 1].isalpha() and text[m.start() - 1].islower():
                # glued label "…successful.Position:" is fine; "Disposition:" is not
                prev = text[max(0, m.start() - 2) : m.start()]
                if not re.search(r"[).\]]", prev) and m.group("label")[0].islower():
                    continue
            vstart = m.end()
            rest = text[vstart:]
            g = _GLUED_NEXT.search(rest)
            value = rest[: g.start()] if g else rest
            value = value.strip(" \t|·•-–")
            if not value or len(value) > 160:
                continue
            label = m.group("label").casefold()
            s = ln.start + vstart + (len(rest) - len(rest.lstrip(" \t|·•-–")))
            out.append(_Labelled(_LABELS[label], value, s, s + len(value), label))
    return out


# ------------------------------------------------------------------------ page title

_SITE_WORDS = re.compile(
    r"^(?:linkedin|indeed(?:\.com)?|seek|glassdoor|monster|dice|jobindex|greenhouse|lever|"
    r"workday|workable|smartrecruiters|ziprecruiter|remote ?ok|built ?in|careers?|jobs?|"
    r"stepstone|xing|reed|totaljobs|otta|wellfound|angellist|welcome to the jungle|"
    r"hired|simplyhired|careerbuilder|jooble|adzuna|naukri|ashby|getro|bamboohr|"
    r"job ad|job|all jobs|job board|apply)$",
    re.I,
)

# ----------------------------------------- page chrome that is neither a title nor a company
# On a page from a site without a pack the chrome is still in the text the facts are read
# from (issue 9): the board's name, its buttons and breadcrumbs, the employer's logo caption
# and career-site banner, a department or a city next to the title.

# Job boards and ATS vendors (the site packs' names among them): never a title.
_BOARDS = (
    r"linkedin|indeed|seek|glassdoor|monster|dice|jobindex|greenhouse|lever|workday|workable|"
    r"smartrecruiters|ziprecruiter|remote ?ok|built ?in|stepstone|xing|kununu|reed|totaljobs|"
    r"cv-?library|cwjobs|otta|wellfound|angellist|welcome to the jungle|wttj|hired|simplyhired|"
    r"careerbuilder|jooble|adzuna|naukri|foundit|jobstreet|jobsdb|bayt|ashby|getro|bamboohr|"
    r"personio|recruitee|teamtailor|jobvite|icims|taleo|successfactors|breezy(?: hr)?|jazzhr|"
    r"jobteaser|hellowork|apec|cadremploi|france travail|p[ôo]le emploi|meteojob|infojobs|"
    r"computrabajo|tecnoempleo|jobs\.ch|jobup|karriere\.at|stellenanzeigen|"
    r"nationale vacaturebank|werk\.nl|intermediair|jobbird|jobrapido|trovit|net-empregos|"
    r"sapo emprego|itjobs|catho|vagas\.com|talent\.com|jora|usajobs|handshake|remotive|"
    r"we ?work ?remotely|arbeitnow|pracuj|jobnet|finn\.no|efinancialcareers|join\.com"
)
_BOARD_RE = re.compile(
    rf"^(?:{_BOARDS})(?:\.(?:com|de|fr|es|it|nl|pt|ch|at|be|co\.uk|com\.au|com\.br|dk|io|co))?"
    r"(?:\s+(?:job\s+boards?|jobs))?$",
    re.I,
)
# Buttons, menus and page headings of job sites, in en/de/fr/es/it/nl/pt.
_UI_STRINGS = re.compile(
    r"^(?:"
    r"apply(?: now| here| online| today| for this (?:job|position|role))?|easy apply|quick apply|"
    r"save(?: job| this job)?|saved(?: jobs)?|share(?: (?:this )?job)?|sign in|sign up|log ?in|"
    r"register|join now|job details?|jobs?|all jobs|home|search|search jobs|find jobs|job search|"
    r"menu|back|back to (?:search(?: results)?|results|jobs|job search|listings|all jobs)|next|"
    r"previous|close|print|report(?: this)? job|view job|view all jobs|similar jobs|more jobs|"
    r"job alerts?|create (?:job )?alert|open positions|current openings|vacancies|"
    r"(?:jetzt |direkt |online )?bewerben|speichern|merken|gemerkt|teilen|anmelden|einloggen|"
    r"registrieren|stellenangebote?|stellenanzeigen?|stellenmarkt|startseite|suche|jobsuche|"
    r"men[üu]|zur[üu]ck(?: zur (?:suche|übersicht|trefferliste|jobsuche))?|jobdetails|"
    r"job-details|details zum job|alle jobs|ähnliche jobs|karriere|offene stellen|"
    r"postuler(?: maintenant| à cette offre)?|candidater|enregistrer|sauvegarder|partager|"
    r"se connecter|connexion|s['’]inscrire|offres? d['’]emploi|emplois?|accueil|rechercher|"
    r"recherche|retour(?: (?:à la recherche|aux (?:résultats|offres)|à la liste))?|"
    r"d[ée]tails? (?:de l['’]offre|du poste)|toutes les offres|offres similaires|carri[èe]res?|"
    r"aplicar(?: ahora)?|postular(?:me|se)?|post[úu]late|inscr[íi]bete|inscribirme|solicitar|"
    r"guardar|compartir|iniciar sesi[óo]n|acceder|registrarse|empleos?|"
    r"ofertas de (?:empleo|trabajo)|inicio|buscar|b[úu]squeda|"
    r"volver(?: a (?:la b[úu]squeda|los resultados|las ofertas))?|"
    r"detalles? (?:del empleo|de la oferta)|trabajos|ofertas similares|"
    r"candidati(?: ora)?|invia (?:la )?candidatura|salva|condividi|accedi|registrati|"
    r"offerte di lavoro|lavoro|cerca|ricerca|torna (?:alla ricerca|ai risultati|indietro)|"
    r"indietro|dettagli (?:dell['’]offerta|del lavoro)|annunci|lavora con noi|"
    r"(?:nu |direct )?solliciteren|opslaan|bewaren|delen|inloggen|aanmelden|registreren|"
    r"vacatures?|zoeken|terug(?: naar (?:zoekresultaten|de resultaten|overzicht))?|"
    r"vacaturedetails|werken bij|"
    r"candidatar(?:-se)?(?: agora)?|candidate-se|salvar|partilhar|compartilhar|entrar|"
    r"iniciar sess[ãa]o|registar|cadastre-se|vagas(?: de emprego)?|empregos?|"
    r"ofertas de emprego|in[íi]cio|pesquisar|voltar(?: (?:à|a) (?:pesquisa|busca))?|"
    r"detalhes da vaga|trabalhe conosco"
    r")\W*$",
    re.I,
)
# A search-results heading: "Jobs in Berlin", "1.234 Stellenangebote in München",
# "235 Software Engineer jobs in London", "Offres d'emploi à Paris", "Vagas em Lisboa"
_SEARCH_HEADING = re.compile(
    r"^(?:[\d.,' ]+\s+)?(?:.{0,40}\s)?(?:jobs|job openings|vacancies|stellenangebote|"
    r"offres d['’]emploi|emplois|empleos|ofertas de (?:empleo|trabajo)|trabajos|"
    r"offerte di lavoro|vacatures|vagas(?: de emprego)?|empregos)\s+"
    r"(?:in|near|at|bei|im|in der|à|a|au|en|em|no|na|di|da|bij|rond)\s+\S.*$",
    re.I,
)
_CRUMB = re.compile(r"\s+[>›»]\s+")
_SLASHES = re.compile(r"\s+/\s+")


def _is_breadcrumb(s: str) -> bool:
    """ "Home > Jobs > Engineering", "Accueil / Offres d'emploi / Informatique"."""
    if len(_CRUMB.split(s)) >= 2:
        return True
    parts = _SLASHES.split(s)
    return len(parts) >= 3 and any(_UI_STRINGS.match(p) for p in parts)


# A career-site banner or a logo caption around the employer's name.
_CAREERS = (
    r"careers?|jobs|job openings|open positions|career (?:site|page|portal)|"
    r"karriere(?:portal|seite)?|jobbörse|stellenangebote|carri[èe]res?|emplois|"
    r"offres d['’]emploi|empleos?|"
    r"ofertas de empleo|trabajos|carreras?|trabaja con nosotros|lavora con noi|carriere|"
    r"offerte di lavoro|vacatures|werken bij|vagas|carreiras|trabalhe conosco|empregos"
)
_CAREERS_FIRST = (  # written before the name without a preposition ("Carrières Acme")
    r"karriere|carri[èe]res?|carreras?|carriere|carreiras|empleos?|emplois|vacatures|vagas|"
    r"stellenangebote|werken bij|empregos"
)
_WRAPPERS = [
    re.compile(
        r"^(?:logo|logotipo|logotype)(?:\s+(?:of|de|du|von|di|van|do|da))?\s+(?P<c>.+)$", re.I
    ),
    re.compile(
        r"^(?P<c>.+?)(?:['’]s)?(?:\s*[-–_]\s*|\s+)(?:company\s+)?(?:logo|logotipo|logotype)"
        r"(?:\s+(?:image|img|icon))?$",
        re.I,
    ),
    re.compile(
        rf"^(?:{_CAREERS}|work|working|life|join us|jobs and careers)\s+"
        r"(?:at|bei|chez|à|en|in|con|bij|na|em|di|da|@)\s+(?P<c>.+)$",
        re.I,
    ),
    re.compile(rf"^(?:{_CAREERS})\s*[-–|:·]\s*(?P<c>.+)$", re.I),
    re.compile(rf"^(?:{_CAREERS_FIRST})\s+(?P<c>.+)$", re.I),
    re.compile(rf"^(?P<c>.+?)\s*(?:[-–|:·]\s*)?(?:{_CAREERS})$", re.I),
]

# Places a company line can hold instead (single names; "City, ST" shapes are found by
# _looks_like_location): countries, regions, the biggest cities.
_PLACES = frozenset(
    " ".join(re.sub(r"[^\w\s]", " ", p.casefold()).split())
    for p in (
        "Remote;Worldwide;Anywhere;Global;EMEA;APAC;LATAM;AMER;Americas;DACH;Nordics;Benelux;"
        "Europe;EU;North America;South America;Latin America;Asia;Asia Pacific;Africa;"
        "Middle East;Oceania;Scandinavia;UK;US;USA;U.S.;United States;United States of America;"
        "United Kingdom;Great Britain;England;Scotland;Wales;Ireland;Northern Ireland;Germany;"
        "Deutschland;France;Spain;España;Italy;Italia;Netherlands;The Netherlands;Nederland;"
        "Belgium;Belgique;België;Switzerland;Schweiz;Suisse;Austria;Österreich;Portugal;"
        "Denmark;Danmark;Sweden;Sverige;Norway;Norge;Finland;Suomi;Iceland;Poland;Polska;"
        "Czech Republic;Czechia;Slovakia;Hungary;Romania;Bulgaria;Greece;Croatia;Slovenia;"
        "Serbia;Ukraine;Estonia;Latvia;Lithuania;Luxembourg;Malta;Cyprus;Turkey;Türkiye;Israel;"
        "Canada;Mexico;México;Brazil;Brasil;Argentina;Chile;Colombia;Peru;India;China;Japan;"
        "South Korea;Korea;Singapore;Hong Kong;Taiwan;Vietnam;Thailand;Malaysia;Indonesia;"
        "Philippines;Australia;New Zealand;South Africa;Nigeria;Kenya;Egypt;Morocco;"
        "United Arab Emirates;UAE;Saudi Arabia;Qatar;"
        "London;Manchester;Birmingham;Edinburgh;Glasgow;Dublin;Paris;Lyon;Marseille;Toulouse;"
        "Lille;Bordeaux;Nantes;Berlin;Munich;München;Hamburg;Frankfurt;Frankfurt am Main;"
        "Cologne;Köln;Stuttgart;Düsseldorf;Leipzig;Dresden;Hanover;Hannover;Nuremberg;Nürnberg;"
        "Bremen;Essen;Dortmund;Vienna;Wien;Graz;Zurich;Zürich;Geneva;Genève;Basel;Bern;"
        "Lausanne;Amsterdam;Rotterdam;The Hague;Den Haag;Utrecht;Eindhoven;Brussels;Bruxelles;"
        "Brussel;Antwerp;Antwerpen;Ghent;Gent;Madrid;Barcelona;Valencia;Seville;Sevilla;Bilbao;"
        "Málaga;Malaga;Lisbon;Lisboa;Porto;Rome;Roma;Milan;Milano;Turin;Torino;Naples;Napoli;"
        "Florence;Firenze;Bologna;Copenhagen;København;Aarhus;Stockholm;Gothenburg;Göteborg;"
        "Malmö;Oslo;Bergen;Helsinki;Reykjavik;Warsaw;Warszawa;Krakow;Kraków;Wroclaw;Wrocław;"
        "Prague;Praha;Budapest;Bucharest;Sofia;Athens;Zagreb;Belgrade;Kyiv;Kiev;Tallinn;Riga;"
        "Vilnius;Istanbul;Tel Aviv;New York;New York City;NYC;Los Angeles;San Francisco;"
        "Chicago;Houston;Philadelphia;San Antonio;San Diego;Dallas;Austin;San Jose;"
        "Seattle;Boston;Denver;Atlanta;Miami;Washington;Washington DC;Washington D.C.;Detroit;"
        "Minneapolis;Portland;Las Vegas;Nashville;Charlotte;Pittsburgh;Salt Lake City;"
        "Silicon Valley;Toronto;Montreal;Montréal;Vancouver;Calgary;Ottawa;Mexico City;"
        "São Paulo;Sao Paulo;Rio de Janeiro;Buenos Aires;Santiago;Bogotá;Bogota;Lima;"
        "Bangalore;Bengaluru;Mumbai;Delhi;New Delhi;Hyderabad;Chennai;Pune;Beijing;Shanghai;"
        "Shenzhen;Tokyo;Osaka;Seoul;Taipei;Bangkok;Jakarta;Manila;Kuala Lumpur;Sydney;"
        "Melbourne;Brisbane;Perth;Adelaide;Auckland;Wellington;Cape Town;Johannesburg;Lagos;"
        "Nairobi;Cairo;Dubai;Abu Dhabi;Riyadh;Doha;"
        "Alabama;Alaska;Arizona;Arkansas;California;Colorado;Connecticut;Delaware;Florida;"
        "Georgia;Hawaii;Idaho;Illinois;Indiana;Iowa;Kansas;Kentucky;Louisiana;Maine;Maryland;"
        "Massachusetts;Michigan;Minnesota;Mississippi;Missouri;Montana;Nebraska;Nevada;"
        "New Hampshire;New Jersey;New Mexico;North Carolina;North Dakota;Ohio;Oklahoma;Oregon;"
        "Pennsylvania;Rhode Island;South Carolina;South Dakota;Tennessee;Texas;Utah;Vermont;"
        "Virginia;Washington State;West Virginia;Wisconsin;Wyoming;Ontario;Quebec;Québec;"
        "British Columbia;Alberta;New South Wales;Victoria;Queensland;Bavaria;Bayern;"
        "Baden-Württemberg;North Rhine-Westphalia;Nordrhein-Westfalen;Hesse;Hessen;Saxony;"
        "Sachsen;Lower Saxony;Niedersachsen;Île-de-France;Ile-de-France;Provence;Brittany;"
        "Bretagne;Normandy;Normandie;Catalonia;Cataluña;Catalunya;Andalusia;Andalucía;"
        "Basque Country;Lombardy;Lombardia;Lazio;Piedmont;Piemonte;Tuscany;Toscana;"
        "Flanders;Vlaanderen;Wallonia;Wallonie;Greater London;Greater Manchester;"
        "Bay Area;Tri-State Area;Zealand;Sjælland;Jutland;Jylland;Capital Region"
    ).split(";")
)
_PLACE_AREA = re.compile(
    r"^(?:greater\s+)?(?P<p>.+?)(?:\s+(?:bay\s+area|metropolitan\s+area|metro(?:politan)?\s+"
    r"region|metro\s+area|area|region|metro))?$",
    re.I,
)


def _is_place(c: str) -> bool:
    if _norm(c) in _PLACES or _looks_like_location(c):
        return True
    m = _PLACE_AREA.match(c.strip())
    return m is not None and _norm(m.group("p")) in _PLACES


# Departments (a team line next to the title), alone or joined ("Sales & Marketing").
_DEPT_WORDS = frozenset(
    """engineering marketing sales finance financial operations ops product products design
    data science research development r d legal hr human resources people talent acquisition
    recruiting recruitment it information technology support customer customers success
    service services experience analytics security infrastructure platform platforms
    accounting administration admin procurement purchasing logistics supply chain
    communications corporate business strategy growth quality assurance qa manufacturing
    production facilities compliance risk audit treasury tax partnerships brand content
    creative editorial software hardware devops machine learning ai artificial intelligence
    cybersecurity clinical medical management digital tech web mobile cloud backend frontend
    ux ui gtm revenue enablement commercial insights systems internal field account accounts
    vertrieb personal personalwesen entwicklung forschung produktion einkauf finanzen
    buchhaltung rechnungswesen controlling logistik verwaltung technik kundenservice
    kundendienst qualitätsmanagement recht kommunikation ingénierie ventes ressources humaines
    comptabilité juridique achats recherche développement client clients informatique
    communication direction financière ingeniería ventas recursos humanos finanzas
    contabilidad compras operaciones tecnología atención cliente desarrollo investigación
    informática administración logística vendite risorse umane amministrazione acquisti
    ricerca sviluppo produzione commerciale qualità verkoop personeelszaken financiën inkoop
    ontwikkeling klantenservice onderzoek vendas finanças engenharia tecnologia
    desenvolvimento pesquisa atendimento""".split()
)
_DEPT_SUFFIX = re.compile(
    r"\s+(?:team|teams|department|dept\.?|division|unit|function|abteilung|bereich|équipe|"
    r"equipo|squad)$",
    re.I,
)
_DEPT_GLUE = frozenset("and und et y e en & + / , of".split())


def _is_department(c: str) -> bool:
    words = _norm(_DEPT_SUFFIX.sub("", c.strip()).replace("&", " & ")).split()
    words = [w for w in words if w not in _DEPT_GLUE]
    return bool(words) and all(w in _DEPT_WORDS for w in words)


@functools.lru_cache(maxsize=4096)
def _company_name(c: str) -> str | None:
    """The employer a caption names ("Acme logo", "Careers at Acme", "Acme Karriere" →
    "Acme"); None when the words are no company at all: a place, a department, a UI
    string. (A job board's name may be the employer: LinkedIn and Workday hire too.)"""
    c = c.strip()
    for _ in range(2):  # "Acme Careers logo"
        for rx in _WRAPPERS:
            m = rx.match(c)
            if m and m.group("c").strip(" -–|:·"):
                c = m.group("c").strip(" -–|:·")
                break
        else:
            break
    if _is_place(c) or _is_department(c) or _UI_STRINGS.match(c):
        return None
    return c


@functools.lru_cache(maxsize=4096)
def _is_chrome_title(s: str) -> bool:
    """A UI string, a breadcrumb, a board's name, its salary-estimate label or a career-site
    banner: never a title."""
    if _UI_STRINGS.match(s) or _BOARD_RE.match(s) or _SITE_WORDS.match(s) or _is_breadcrumb(s):
        return True
    if ESTIMATE_LABEL.match(s) or _SEARCH_HEADING.match(s):  # "Salary estimate", "Jobs in …"
        return True
    name = _company_name(s)
    return name is not None and name != s and not _ROLE_RE.search(name)


def _page_title_parts(title: str | None) -> dict[str, str]:
    """Reads the common page-title shapes; returns {"title", "company", "location"}."""
    if not title:
        return {}
    t = _squash(title)
    m = re.match(r"^Job Application for (?P<title>.+?) at (?P<company>.+)$", t, re.I)
    if m:
        return m.groupdict()
    m = re.match(r"^(?P<company>.+?) hiring (?P<title>.+?) in (?P<location>.+?)(?: \| .*)?$", t)
    if m:
        return m.groupdict()
    m = re.match(r"^(?P<title>.+?) Job in (?P<location>.+?) - [^-]+$", t)
    if m:
        return m.groupdict()
    parts = [p.strip() for p in re.split(r"\s+[|–—]\s+|\s+-\s+", t) if p.strip()]
    out: dict[str, str] = {"whole": t}
    kept = []
    for p in parts:
        if _SITE_WORDS.match(p) or _UI_STRINGS.match(p) or _BOARD_RE.match(p):
            continue
        name = _company_name(p)
        if name is not None and name != p and not _ROLE_RE.search(name):
            out.setdefault("company", name)  # "… - Acme Careers": the employer's career site
            continue
        kept.append(p)
    if kept:
        out["title"] = kept[0]
    return out


# -------------------------------------------------------------------------- location

_US_STATE = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_AU_STATE = "NSW|VIC|QLD|WA|SA|TAS|ACT|NT"
_PLACE = r"[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}"
_LOC_ONE = re.compile(
    rf"(?:\d{{1,6}}\s+{_PLACE},\s*)?"
    rf"(?:{_PLACE}\s*,\s*(?:{_US_STATE})\b(?:\s+\d{{5}})?(?:,\s*(?:US|USA|United States))?"
    rf"|{_PLACE}\s+(?:{_AU_STATE})\b(?:\s+\d{{4}})?"
    rf"|{_PLACE}\s*,\s*{_PLACE}(?:\s*,\s*{_PLACE})?"
    r"|\d{4,5}\s+[A-ZÆØÅÄÖÜ][\wæøåäöü]+(?:\s+[A-Z][\w]+)?"
    r"|(?:Remote|Hybrid|On-?site)(?:\s*[(/–-]\s*[^)\n]{1,60}\)?)?)"
    r"(?:\s*\((?:Remote|Hybrid|On-?site)[^)\n]{0,40}\))?"
)
_COMPANY_SUFFIX = re.compile(
    r"\b(?:Inc|LLC|Ltd|Corp|Corporation|GmbH|A/S|ApS|plc|PLC|Co|Group|Company)\b\.?$"
)
_WEEKDAY = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_WORKPLACE_WORD = re.compile(r"^(?:remote|hybrid|on-?site|in[- ]person)\b", re.I)


def _looks_like_location(s: str) -> bool:
    s = s.strip()
    if not s or len(s) > 90 or _SENTENCE_LIKE.search(s) or _ROLE_RE.search(s):
        return False
    if _COMPANY_SUFFIX.search(s) or _DATE_RE.search(s) or _WEEKDAY.match(s):
        return False
    pieces = [p for p in re.split(r"\s*(?:\||;|·| or | & |\n)\s*", s) if p.strip()]
    return bool(pieces) and all(_LOC_ONE.fullmatch(p.strip()) for p in pieces)


def _split_locations(value: str) -> list[tuple[int, int]]:
    """Offsets of each place in a multi-location value ("A, CA | B, NY; C")."""
    out = []
    pos = 0
    for m in re.finditer(r"\s*(?:\||;|·|\n)\s*|\s+or\s+|\s+&\s+(?=[A-Z])", value):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(value):
        out.append((pos, len(value)))
    return [(a, b) for a, b in out if value[a:b].strip()]


# ----------------------------------------------------------------------------- header


@dataclass
class _Piece:
    text: str
    start: int  # cleaned offsets
    end: int
    line: int  # index into ctx.lines
    glued: bool = False  # cut out of a run-together line: weaker evidence


_GLUE = re.compile(
    r"(?<=[a-z]{3})(?=[A-Z][a-z])|(?<=[)\]])(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})|\s{3,}|\t+|\s+[|·]\s+"
)


def _pieces_of(ln: _Line) -> list[_Piece]:
    """A header line split at glue points and column gaps ("OpenAI    San Francisco, CA")."""
    out = []
    pos = 0
    for m in _GLUE.finditer(ln.text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(ln.text)))
    res = []
    for a, b in out:
        seg = ln.text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg:
            res.append(_Piece(seg, ln.start + a + lead, ln.start + a + lead + len(seg), ln.index))
    return res


def _is_body_line(text: str) -> bool:
    words = len(text.split())
    return len(text) > 160 or (words >= 14 and bool(re.search(r"[.!?](?:\s|$)", text)))


def _header(ctx: _Ctx, limit: int = 30) -> list[_Piece]:
    """The short lines (and glued pieces) before the body starts."""
    out: list[_Piece] = []
    body = 0
    for ln in ctx.lines[:limit]:
        if _is_body_line(ln.text):
            if body == 0:
                # a glued first line: "Selenium TesterSalt Lake City , UT…Quality assurance…"
                # (the first after the page's chrome lines: "Sign in", "Apply now" …)
                for p in _pieces_of(ln)[:6]:
                    if _is_body_line(p.text):
                        break
                    p.glued = True
                    out.append(p)
            body += 1
            if body >= 3:
                break
            continue
        out.append(_Piece(ln.text, ln.start, ln.end, ln.index))
    return out


def _title_like(s: str) -> bool:
    s = s.strip()
    words = s.split()
    if not (1 <= len(words) <= 14) or len(s) > 110 or len(s) < 3:
        return False
    if _NOT_HEADER.match(s) or s.endswith((".", "?", "!", ":")) or s.startswith(("•", "-", "*")):
        return False
    if _is_chrome_title(s):
        return False
    if _AGE.search(s) or _DATE_RE.search(s) or re.search(r"[$£€]\s?\d|\d+\s*applicants", s):
        return False
    if _looks_like_location(s) or _WORKPLACE_WORD.match(s) or _emp_types_all(s) is not None:
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
    if len(lower) > 2 and (len(words) > 6 or not _ROLE_RE.search(s)):
        return False
    return s[0].isupper() or s[0].isdigit()


# "(m/w/d)", "(H/F)", "(all genders)": the gender note of a European job title
_GENDER = re.compile(
    r"\((?:[mwfdhx*](?:\s*/\s*[mwfdhx*]){1,3}|all\s+genders?|gn\*?|genderneutral)\)", re.I
)
_SMALL_WORDS = frozenset("of and for in at to with on de du des la le y et und i or".split())


def _emp_types_all(s: str) -> list[str] | None:
    """The types if ``s`` says nothing but employment types ("Full-time", "Part Time")."""
    types = _emp_types(s)
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
_JSONLD_EMP = {
    "FULL_TIME": "full-time", "PART_TIME": "part-time", "CONTRACTOR": "contract",
    "TEMPORARY": "temporary", "INTERN": "internship", "PER_DIEM": "temporary",
    "VOLUNTEER": "volunteer", "OTHER": "other",
}  # fmt: skip


def _emp_types(s: str) -> list[str]:
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
    return [n for _, n in sorted(found)]


def canonical_employment_types(text: str | None) -> list[str]:
    """``"Full-Time Permanent"`` → ``["full-time", "permanent"]`` (order of appearance)."""
    return _emp_types(text or "")


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


# ------------------------------------------------------------------------- candidates


@dataclass
class _Cand:
    value: str
    start: int  # cleaned offsets; -1 when the value is not in the text
    end: int
    score: float
    source: str = "text"


def _best(cands: list[_Cand], *, absorb_prefixes: bool = False) -> _Cand | None:
    """The best-supported value: equal values add up; with ``absorb_prefixes`` a name
    also counts as support for the longer names it starts ("Henrico County" backs
    "Henrico County Public Schools")."""
    if not cands:
        return None
    by_norm: dict[str, list[_Cand]] = {}
    for c in cands:
        by_norm.setdefault(_norm(c.value), []).append(c)
    totals: dict[str, float] = {}
    for key, group in by_norm.items():
        totals[key] = max(c.score for c in group) + 0.5 * min(len(group) - 1, 4)
    if absorb_prefixes:
        base = dict(totals)
        for short in base:
            for long in base:
                if long != short and long.startswith(short + " "):
                    totals[long] += 0.5 * base[short]
    best: tuple[float, int, _Cand] | None = None
    for key, group in by_norm.items():
        top = max(group, key=lambda c: (c.score, c.start >= 0, -c.start))
        rep = top if top.start >= 0 else next((c for c in group if c.start >= 0), top)
        first = min((c.start for c in group if c.start >= 0), default=10**9)
        total = totals[key]
        if best is None or (total, -first) > (best[0], -best[1]):
            best = (total, first, _Cand(rep.value, rep.start, rep.end, total, rep.source))
    return best[2] if best else None


def _to_fact(ctx: _Ctx, c: _Cand, value: Any = None) -> Fact:
    v = c.value if value is None else value
    if c.source == "removed":  # offsets are already source offsets
        return {
            "value": v,
            "text": ctx.source[c.start : c.end],
            "source": "text",
            "span": [c.start, c.end],
        }
    if c.start >= 0:
        return ctx.fact(v, c.start, c.end)
    return {"value": v, "text": c.value, "source": c.source, "span": None}


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


def _clean_title(t: str) -> str:
    t = t.strip()
    t = re.sub(r"\s+(?:role|position|opportunity)$", "", t)
    prev = None
    while prev != t:
        prev = t
        t = _TITLE_TAIL.sub("", t)
    return t.strip(" ,;:-–")


def _title_cands(
    ctx: _Ctx, header: list[_Piece], labelled: list[_Labelled], page: dict[str, str]
) -> list[_Cand]:
    cands: list[_Cand] = []
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
            cands.append(_Cand(v, lab.start, lab.start + len(v), weight))
    if page.get("whole") and _title_like(page["whole"]) and ctx.find(page["whole"]):
        where = ctx.find(page["whole"])
        assert where is not None
        cands.append(_Cand(page["whole"], where[0], where[1], 9.5))
    elif page.get("title"):
        where = ctx.find(page["title"])
        if where:
            cands.append(_Cand(page["title"], where[0], where[1], 9.0))
        else:
            cands.append(_Cand(page["title"], -1, -1, 6.0, "page title"))
    # the header block: the first title-like line, better with a role noun
    seen = 0
    for k, p in enumerate(header):
        text = p.text
        split = re.split(r"\s+\|\s+", text)
        if len(split) > 1:
            keep = [s for s in split if _emp_types_all(s) is None]
            text = " | ".join(keep) if keep else text
        if not _title_like(text):
            continue
        m = re.match(r"^Job Application for (.+?) at (.+)$", text)
        if m:
            cands.append(_Cand(m.group(1), p.start + m.start(1), p.start + m.end(1), 9.0))
            continue
        role = bool(_ROLE_RE.search(text))
        if p.glued and not role:
            continue
        score = 4.0 + (3.0 if role else 0.0) - 0.25 * seen - 0.02 * k
        near = header[k + 1 : k + 4]
        if any(_looks_like_location(n.text) or n.text.startswith("at ") for n in near):
            score += 1.0
        cands.append(_Cand(text, p.start, p.start + len(text), score))
        seen += 1
    # a title block later on the page: title / company / place lines in a row
    all_lines = ctx.lines
    for i, ln in enumerate(all_lines[:400]):
        if len(ln.text) > 110 or not _ROLE_RE.search(ln.text) or not _title_like(ln.text):
            continue
        below = all_lines[i + 1 : i + 4]
        if (
            any(_looks_like_location(n.text) for n in below)
            and len(below) >= 2
            and len(below[0].text) <= 60
        ):
            cands.append(_Cand(ln.text, ln.start, ln.end, 5.0 - 0.002 * i))
    # phrasings: "is seeking a Senior Data Analyst to join", "$X - $Y for <title>"
    for m in _PAY_FOR.finditer(ctx.cleaned):
        t = _clean_title(m.group("t"))
        if _ROLE_RE.search(t) and len(t.split()) <= 10:
            cands.append(_Cand(t, m.start("t"), m.start("t") + len(t), 4.5))
    for m in _SEEKING.finditer(ctx.cleaned[:6000]):
        t = _clean_title(m.group("t"))
        if not t or not _ROLE_RE.search(t) or len(t.split()) > 9 or not t[0].isupper():
            continue
        if not _ROLE_RE.search(t.split()[-1]) and not re.search(r"\)$", t):
            # the role noun should end the title ("Associate Data Analyst"), not start a clause
            last_role = max((rm.end() for rm in _ROLE_RE.finditer(t)), default=0)
            t = t[:last_role].rstrip()
            if not t:
                continue
        cands.append(_Cand(t, m.start("t"), m.start("t") + len(t), 4.0 - m.start() / 6000))
    # run-together pages: "…so successful. Project ManagerWe are looking for…"
    for m in _GLUED_TITLE.finditer(ctx.cleaned[:3000]):
        t = m.group("t")
        if _ROLE_RE.search(t.split()[-1]) and _title_like(t):
            cands.append(_Cand(t, m.start("t"), m.end("t"), 3.0))
    return cands


_GLUED_TITLE = re.compile(
    r"(?:(?<=[.!?:]\s)|(?<=\n)|^)(?P<t>[A-Z][\w/&'’-]*(?:\s(?:of|and|&|[A-Z][\w/&'’-]*)){0,5}?[a-z]{2})(?=[A-Z][a-z])",
    re.M,
)


# ---------------------------------------------------------------------------- company

_TOKEN = r"(?:[A-Z]\.|[A-Z][\w&'’\-]*(?:\.\w+)*)"
_SP1 = r"[ \t\u00a0]"  # a name never runs over a line break
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


def _company_ok(c: str) -> bool:
    name = _company_name(c)
    if name is None:
        return False
    c = name
    if not c or len(c) > 60 or len(c.split()) > 6:
        return False
    if _NOT_COMPANY.match(c) or _ROLE_RE.search(c) or _looks_like_location(c):
        return False
    if (
        _NOT_HEADER.match(c)
        or _emp_types(c)
        or _DATE_RE.search(c)
        or _WEEKDAY.match(c)
        or _AGE.search(c)
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


def _strip_the(c: str, at: int, text: str) -> tuple[str, int]:
    """Drop a sentence-initial "The" ("The YMCA of … is seeking"); keep it mid-sentence."""
    if c.startswith("The "):
        before = text[max(0, at - 3) : at]
        if at == 0 or re.search(r"(?:[.!?:]\s*|\n\s*)$", before) or not before.strip():
            return c[4:], at + 4
    return c, at


def _company_cands(
    ctx: _Ctx,
    header: list[_Piece],
    labelled: list[_Labelled],
    page: dict[str, str],
    title: _Cand | None,
) -> list[_Cand]:
    cands: list[_Cand] = []
    text = ctx.cleaned
    for lab in labelled:
        if lab.field.startswith("company") and _company_ok(lab.value):
            cands.append(
                _Cand(lab.value, lab.start, lab.end, 10.0 if lab.field == "company" else 3.0)
            )
    if page.get("company") and _company_ok(page["company"]):
        where = ctx.find(page["company"])
        if where:
            cands.append(_Cand(page["company"], where[0], where[1], 8.0))
        else:
            cands.append(_Cand(page["company"], -1, -1, 8.0, "page title"))
    # header: "at Company", and the short line next to the title
    tline = None
    if title is not None and title.start >= 0:
        tline = bisect.bisect_right([ln.start for ln in ctx.lines], title.start) - 1
    for p in header:
        m = re.match(r"^at\s+(.+?)(?:\s+\(.*\))?$", p.text)
        if m and _company_ok(m.group(1)):
            cands.append(_Cand(m.group(1), p.start + 3, p.start + 3 + len(m.group(1)), 9.0))
            continue
        if tline is not None and abs(p.line - tline) <= 2 and p.line != tline:
            for piece in _pieces_of(ctx.lines[p.line]) if p.line < len(ctx.lines) else [p]:
                if title is not None and _norm(piece.text) in _norm(title.value):
                    continue
                if _company_ok(piece.text) and len(piece.text.split()) <= 5:
                    near = 2.5 if p.line < tline else 3.0
                    rest = ctx.cleaned[: piece.start] + ctx.cleaned[piece.end :]
                    nxt = ctx.lines[p.line + 1].text if p.line + 1 < len(ctx.lines) else ""
                    block = p.line == tline + 1 and _looks_like_location(nxt)  # title/company/place
                    if piece.text.split()[0] not in rest and not block:
                        near = 0.6  # a company name recurs in the posting; a list item need not
                    cands.append(_Cand(piece.text, piece.start, piece.end, near))
                    break
    for rx, weight in _COMPANY_PATTERNS:
        for m in rx.finditer(text):
            c = m.group("c").strip()
            at = m.start("c")
            c, at = _strip_the(c, at, text)
            c = (
                re.sub(r"(?:’s|'s)$", "", c).rstrip(" .,")
                if not re.search(r"\b(?:Inc|Co|Corp|Ltd)\.$", c)
                else c
            )
            if _company_ok(c):
                w = weight
                if w < 1.0 and re.fullmatch(r"[A-Z]{2,5}", c):
                    w -= 0.4  # "within FMCG", "with AWS": an acronym after a preposition
                cands.append(_Cand(c, at, at + len(c), w))
    # The employer's own boilerplate names it ("Centauri is an Equal Opportunity employer",
    # "At Acme, we …") and the cleaner removes exactly that: read removed text as well,
    # for these strong phrasings only, at a lower weight.
    if ctx.removed:
        for rx, weight in _COMPANY_PATTERNS[:4]:
            for m in rx.finditer(ctx.source):
                at = m.start("c")
                if not ctx.is_removed(at):
                    continue
                c, at = _strip_the(m.group("c").strip(), at, ctx.source)
                c = re.sub(r"(?:’s|'s)$", "", c).rstrip(" ,")
                if _company_ok(c) and not _SITE_WORDS.match(c):  # not the job board's own blurb
                    cands.append(_Cand(c, at, at + len(c), weight * 0.6, "removed"))
    # "Acme logo", "Careers at Acme": the name alone, its span narrowed to it
    for c in cands:
        name = _company_name(c.value)
        if name is not None and name != c.value:
            at = c.value.find(name)
            if c.start >= 0:
                c.start, c.end = c.start + at, c.start + at + len(name)
            c.value = name
    # one vote per (name, kind of evidence): a phrase repeated is counted below, once
    uniq: dict[tuple[str, float], _Cand] = {}
    for c in cands:
        uniq.setdefault((_norm(c.value), c.score), c)
    cands = list(uniq.values())
    # "Staff Matters" → "Staff Matters, Inc." when the text writes it so
    for c in cands:
        if c.start >= 0 and c.source == "text" and not _COMPANY_SUFFIX.search(c.value):
            m = re.compile(
                re.escape(c.value) + r",?\s(?:Inc|LLC|Ltd|Corp|GmbH|A/S|ApS|AB|AG|plc)\b\.?"
            ).search(text)
            if m:
                c.value, c.start, c.end = m.group(), m.start(), m.end()
        if _COMPANY_SUFFIX.search(c.value):
            c.score += 0.5
    # names that recur are surer; one-off capitalised phrases are not companies
    counts: dict[str, int] = {}
    for c in cands:
        key = _norm(c.value)
        if key not in counts:
            counts[key] = (
                len(re.findall(r"(?<!\w)" + re.escape(c.value) + r"(?!\w)", text)) if c.value else 0
            )
        c.score += 0.3 * min(counts[key], 8)
    return cands


# --------------------------------------------------------------------------- location


def _location_cands(
    ctx: _Ctx,
    header: list[_Piece],
    labelled: list[_Labelled],
    page: dict[str, str],
    title: _Cand | None,
) -> list[_Cand]:
    cands: list[_Cand] = []
    for lab in labelled:
        if lab.field != "location":
            continue
        value = lab.value
        if re.fullmatch(r"(?:in[- ]person|on[- ]?site|in office|office)\W*", value, re.I):
            continue  # a workplace, not a place
        m = re.match(r"^(.{2,120}?)[.!?](?:\s|$)", value)
        if m and not _ABBREV.search(m.group(0).rstrip()):
            value = m.group(1)
        if len(value) <= 120 and not _SENTENCE_LIKE.search(value):
            cands.append(_Cand(value, lab.start, lab.start + len(value), 10.0))
    if page.get("location"):
        where = ctx.find(page["location"])
        if where:
            ln = ctx.lines[bisect.bisect_right([x.start for x in ctx.lines], where[0]) - 1]
            if ln.start <= where[0] and ln.end >= where[1] and _looks_like_location(ln.text):
                where = (ln.start, ln.end)  # "Melbourne VIC" → "Melbourne VIC (Remote)"
            cands.append(_Cand(ctx.cleaned[where[0] : where[1]], where[0], where[1], 8.0))
    tline = None
    if title is not None and title.start >= 0:
        tline = bisect.bisect_right([ln.start for ln in ctx.lines], title.start) - 1
    near_lines: list[_Piece] = list(header)
    if tline is not None:
        near_lines += [
            _Piece(ln.text, ln.start, ln.end, ln.index)
            for ln in ctx.lines[tline : tline + 5]
            if not any(h.start == ln.start for h in header)
        ]
    for p in near_lines:
        pieces = (
            [p]
            if _looks_like_location(p.text)
            else [q for q in _pieces_of(ctx.lines[p.line]) if p.line < len(ctx.lines)]
            + _dot_pieces(p)
        )
        for q in pieces:
            if _looks_like_location(q.text):
                dist = abs(q.line - tline) if tline is not None else 3
                cands.append(_Cand(q.text, q.start, q.end, 7.0 - 0.3 * dist))
                break
    # a short capitalised line right under the title that the title names too
    # ("International Export Manager, Distributor Sales - Copenhagen" / "Copenhagen")
    if tline is not None and title is not None:
        for ln in ctx.lines[tline + 1 : tline + 3]:
            t = ln.text
            if (
                1 <= len(t.split()) <= 3
                and _norm(t) in _norm(title.value + " " + page.get("whole", ""))
                and re.fullmatch(r"[A-ZÆØÅÄÖÜ][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}", t)
                and not _NOT_HEADER.match(t)
                and not _ROLE_RE.search(t)
                and not _emp_types(t)
            ):
                cands.append(_Cand(t, ln.start, ln.end, 2.5))
    # "… located in Raynham, MA", "based in Copenhagen"
    for m in re.finditer(
        r"\b(?:located|based|position)\s+(?:in|at)\s+(?P<l>[^.;:\n()]{3,60})", ctx.cleaned[:8000]
    ):
        loc = m.group("l").strip()
        mm = _LOC_ONE.match(loc)
        if mm and mm.group() and "," in mm.group():
            cands.append(_Cand(mm.group(), m.start("l"), m.start("l") + len(mm.group()), 3.0))
    return cands


def _dot_pieces(p: _Piece) -> list[_Piece]:
    out = []
    pos = 0
    for part in re.split(r"(\s+·\s+)", p.text):
        if part.strip() and not re.fullmatch(r"\s+·\s+", part):
            out.append(
                _Piece(part.strip(), p.start + pos, p.start + pos + len(part.strip()), p.line)
            )
        pos += len(part)
    return out


# -------------------------------------------------------------------------- sentences

_ABBREV = re.compile(
    r"(?:\b(?:i\.e|e\.g|etc|vs|inc|ltd|co|corp|no|sr|jr|mr|ms|mrs|dr|st|approx|incl|u\.s|u\.k)|\b[A-Z])\.$",
    re.I,
)


def _sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, within its line; brackets and "i.e." kept whole."""
    return sentence_at(text, start, end, _ABBREV)


# -------------------------------------------------------------------------- workplace

_HYBRID = re.compile(
    r"\bhybrid[- ](?:role|position|work\w*|schedule|model|arrangement|environment|set-?up|office|"
    r"opportunity|policy|team|job|remote|on-?site|in-office)\b|\(hybrid\)|\bhybrid\s*[(:–-]\s*\d|"
    r"\b(?:is|be|are|role|position)\s+(?:a\s+)?hybrid\b(?!\s+(?:of|between)\b)(?!\s+\w+\s+and\b)|"
    r"\bhybrid\s+(?:in|from|out\s+of|based)\b|^\W*hybrid\W*$|\bhybrid,\s+\d"
    r"|\b(?:\d|one|two|three|four)\s*(?:\+\s*)?(?:days?|x)\s+(?:(?:a|per|each)\s+week\s+)?(?:in|at|from)\s+(?:the|our|an?)?\s*(?:office|offices|site|hq)"
    r"|\bin[- ]office\s+(?:\d|one|two|three|four)\s+days"
    r"|\bin\s+(?:one\s+of\s+)?(?:the|our)\s+offices?\s+(?:at\s+least\s+)?(?:\d+%|\d+\s+days|(?:one|two|three|four)\s+days)",
    re.I,
)
_ONSITE = re.compile(
    r"\b(?:on[- ]?site|in[- ]person|in the office full[- ]time|office[- ]based|"
    r"no remote|not (?:a )?remote|"
    r"remote work is not|not eligible for remote|must (?:work|be) (?:on[- ]?site|"
    r"in (?:the )?office|"
    r"in[- ]person))\b",
    re.I,
)
_REMOTE = re.compile(
    r"\(remote\)|\b(?:(?:fully|100\s?%|completely|entirely)\s+remote|"
    r"remote[- ](?:first|friendly|only|position|role|job|"
    r"opportunity|work|team|company|organi[sz]ation|worldwide|anywhere)|work(?:ing)?\s+(?:remotely|from\s+home|"
    r"from\s+anywhere)|work[- ]from[- ]home|wfh|(?:is|are|be)\s+(?:a\s+)?remote\b|remote\s*[(/,]|"
    r"telecommut\w*|distributed\s+team)",
    re.I,
)
_WORKPLACE_HINT = re.compile(
    r"remote|hybrid|site|person|office|home|wfh|telecommut|distributed|days|anywhere|hq", re.I
)
_REMOTE_LINE = re.compile(r"^\W*remote\b", re.I)


def _workplace(
    ctx: _Ctx, header: list[_Piece], labelled: list[_Labelled]
) -> tuple[Fact | None, list[Fact]]:
    """(the reading, the header/label statements it was weighed against)."""
    header_starts = {p.line for p in header}
    head_hits: list[tuple[str, int, int]] = []
    body_hits: list[tuple[str, int, int]] = []
    for lab in labelled:
        if lab.field in ("workplace", "location"):
            for kind, rx in (
                ("hybrid", _HYBRID),
                ("on-site", _ONSITE),
                ("remote", re.compile(r"\bremote\b", re.I)),
            ):
                m = rx.search(lab.value)
                if (m and not re.search(r"\bno\s+remote|not\s+remote", lab.value, re.I)) or (
                    m and kind == "on-site"
                ):
                    head_hits.append((kind, lab.start + m.start(), lab.start + m.end()))
                    break
    for ln in ctx.lines:
        if not _WORKPLACE_HINT.search(ln.text):
            continue
        in_head = ln.index in header_starts and not _is_body_line(ln.text)
        short = len(ln.text) <= 80 and not _SENTENCE_LIKE.search(ln.text)
        for kind, rx in (("hybrid", _HYBRID), ("on-site", _ONSITE), ("remote", _REMOTE)):
            for m in rx.finditer(ln.text):
                s, e = ln.start + m.start(), ln.start + m.end()
                if kind == "on-site" and re.match(r"on[- ]?site|in[- ]person", m.group(), re.I):
                    ctx_text = ln.text[max(0, m.start() - 40) : m.end() + 40].lower()
                    if re.search(
                        r"interview|visit|event|training|meeting|gym|parking|"
                        r"childcare|cafeteria|"
                        r"clinic|optional|when needed|as needed|"
                        r"times? a (?:year|quarter|month)|"
                        r"once a|twice a|per year|off-?sites?|retreat|gathering|see each other|"
                        r"meet(?:ups?)?\b|"
                        r"conference|quarterly|annual",
                        ctx_text,
                    ):
                        continue
                (head_hits if in_head or short else body_hits).append((kind, s, e))
        if (in_head or short) and _REMOTE_LINE.match(ln.text) and len(ln.text) <= 80:
            m = re.search(r"remote", ln.text, re.I)
            assert m is not None
            head_hits.append(("remote", ln.start + m.start(), ln.start + m.end()))
    head = [ctx.fact(k, s, e) for k, s, e in head_hits]
    rank = {"hybrid": 0.2, "on-site": 0.1, "remote": 0.0}
    for hits in (body_hits, head_hits):
        if not hits:
            continue
        best = max(
            hits, key=lambda h: (_workplace_weight(ctx.cleaned, h[1], h[2]) + rank[h[0]], -h[1])
        )
        return ctx.fact(*best), head
    return None, head


def _workplace_weight(text: str, start: int, end: int) -> float:
    """ "primarily in-person" outweighs "occasionally … may be hybrid"."""
    before = text[max(0, start - 40) : start].lower()
    weight = 1.0
    if re.search(
        r"\b(?:primarily|mainly|mostly|fully|must|required|100%|always|entirely)\b", before
    ):
        weight += 1.0
    if re.search(
        r"\b(?:occasional(?:ly)?|sometimes|may|might|if necessary|optional|possibl[ey]|can be)\b",
        before,
    ):
        weight -= 1.5
    return weight


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
_SENIORITY_LABEL = {
    "internship": "intern", "entry level": "entry", "associate": "junior",
    "mid-senior level": "senior", "director": "director", "executive": "executive",
    "junior": "junior", "senior": "senior", "mid level": "mid", "mid-level": "mid",
}  # fmt: skip


def _seniority(
    ctx: _Ctx, title: Fact | None, title_cand: _Cand | None, labelled: list[_Labelled]
) -> Fact | None:
    for lab in labelled:
        if lab.field == "seniority":
            v = _SENIORITY_LABEL.get(lab.value.strip().lower())
            if v is None:
                for name, pat in _SENIORITY:
                    if re.search(rf"\b(?:{pat})(?!\w)", lab.value, re.I):
                        v = name
                        break
            if v:
                return ctx.fact(v, lab.start, lab.end)
    if title is None:
        return None
    t = str(title["value"])
    found = []
    for name, pat in _SENIORITY:
        m = re.search(rf"\b(?:{pat})(?!\w)", t, re.I)
        if m and not (
            name == "staff" and re.search(r"staff\s+(?:accountant|nurse|member)", t, re.I)
        ):
            found.append((m.start(), name, m))
    if not found:
        return None
    _pos, name, m = min(found, key=lambda x: x[0])
    if title_cand is not None and title_cand.start >= 0:
        return ctx.fact(name, title_cand.start + m.start(), title_cand.start + m.end())
    return {"value": name, "text": m.group(), "source": title["source"], "span": None}


# ------------------------------------------------------------------ posted / deadline


def _age_days(n: int, unit: str) -> int:
    u = unit.lower()
    if u.startswith(("min", "h")):
        return 0
    if u.startswith("d"):
        return n
    if u.startswith("w"):
        return 7 * n
    if u.startswith("mo"):
        return 30 * n
    if u.startswith("y"):
        return 365 * n
    return 0


def _posted(ctx: _Ctx, labelled: list[_Labelled], reference: date | None) -> Fact | None:
    for lab in labelled:
        if lab.field == "posted":
            m = _DATE_RE.search(lab.value)
            if m:
                return ctx.fact(
                    _parse_date(m), lab.start + m.start(), lab.start + m.end(), age_days=None
                )
    for ln in ctx.lines[:60]:
        if len(ln.text) > 120:
            continue
        m = _AGE.search(ln.text)
        if m and not re.search(
            r"(?:updated|active|responds?|reviewed)\W*$", ln.text[: m.start()], re.I
        ):
            if m.group("word"):
                days = 1 if m.group("word").lower() == "yesterday" else 0
            else:
                days = _age_days(int(m.group("n")), m.group("u"))
            value = (reference - timedelta(days=days)).isoformat() if reference else None
            return ctx.fact(value, ln.start + m.start(), ln.start + m.end(), age_days=days)
        m2 = re.search(r"\b(?:posted|published|date posted)\s*(?:on|:)?\s*", ln.text, re.I)
        if m2:
            d = _DATE_RE.search(ln.text, m2.end())
            if d:
                return ctx.fact(
                    _parse_date(d), ln.start + m2.start(), ln.start + d.end(), age_days=None
                )
    return None


_DEADLINE = re.compile(
    r"\b(?:deadline|closing date|apply by|applications? (?:close|closes|are due|must be received)|"
    r"posting (?:close|end)s?(?: date)?|open until|until filled|rolling basis|"
    r"minimum posting period|"
    r"posted for a minimum|accepting applications (?:through|until))\b",
    re.I,
)


def _deadline(ctx: _Ctx, labelled: list[_Labelled]) -> Fact | None:
    for lab in labelled:
        if lab.field == "deadline":
            m = _DATE_RE.search(lab.value)
            ln_s, ln_e = _sentence_at(ctx.cleaned, lab.start, lab.end)
            return ctx.fact(_parse_date(m) if m else None, ln_s, ln_e)
    for m in _DEADLINE.finditer(ctx.cleaned):
        s, e = _sentence_at(ctx.cleaned, m.start(), m.end())
        d = _DATE_RE.search(ctx.cleaned, s, e)
        # "Deadline to apply: None. Applications will be reviewed on a rolling basis."
        line_s = ctx.cleaned.rfind("\n", 0, s) + 1
        line_e = ctx.cleaned.find("\n", e)
        line_e = len(ctx.cleaned) if line_e < 0 else line_e
        if line_e - line_s <= 200:
            s, e = line_s, line_e
        return ctx.fact(_parse_date(d) if d else None, s, e)
    return None


# -------------------------------------------------------------------------------- pay


def _pay_fact(ctx: _Ctx, r: PayRange) -> Fact:
    f = ctx.fact(None, r.start, r.end)
    del f["value"]
    f.update(min=r.min, max=r.max, currency=r.currency, period=r.period, location=r.location)
    if r.estimate:
        f["estimate"] = True
    return f


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


def _jsonld_pay(jsonld: dict[str, Any], ctx: _Ctx) -> Fact | None:
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
    out: Fact = {
        "text": text,
        "source": "JSON-LD",
        "span": None,
        "min": lo,
        "max": hi,
        "currency": cur.upper() if cur else None,
        "period": period,
        "location": None,
    }
    if estimate:
        out["estimate"] = True
    return out


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


def _sponsorship(ctx: _Ctx) -> Fact | None:
    text = ctx.cleaned
    best: tuple[float, int, int, str] | None = None
    labelled_lines: dict[tuple[int, int], bool] = {}
    for m in _SPONSOR.finditer(text):
        s, e = _sentence_at(text, m.start(), m.end())
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
        ls, le = finder_of(text, _ABBREV).line_bounds(m.start(), m.end())
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


def _clearance(ctx: _Ctx, labelled: list[_Labelled]) -> Fact | None:
    text = ctx.cleaned
    for m in _CLEARANCE.finditer(text):
        s, e = _sentence_at(text, m.start(), m.end())
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
            _squash(level)
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


def _years(ctx: _Ctx) -> Fact | None:
    best: tuple[int, int, int] | None = None
    for m in _YEARS.finditer(ctx.cleaned):
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


# --------------------------------------------------------------------------- JSON-LD


def _jsonld_str(v: Any) -> str | None:
    if isinstance(v, str) and v.strip():
        return _squash(v)
    if isinstance(v, dict):
        return _jsonld_str(v.get("name"))
    if isinstance(v, list) and v:
        return _jsonld_str(v[0])
    return None


def _jsonld_locations(jsonld: dict[str, Any]) -> list[str]:
    locs = jsonld.get("jobLocation")
    if isinstance(locs, dict):
        locs = [locs]
    out = []
    for loc in locs if isinstance(locs, list) else []:
        addr = loc.get("address") if isinstance(loc, dict) else None
        if isinstance(addr, str) and addr.strip():
            out.append(_squash(addr))
        elif isinstance(addr, dict):
            parts = [addr.get(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
            words = [_squash(p) for p in parts if isinstance(p, str) and p.strip()]
            if words:
                out.append(", ".join(dict.fromkeys(words)))
    return out


def _agree(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    return bool(na and nb) and (na == nb or na in nb or nb in na)


def _with_jsonld(
    field: str, jl: Fact, text_fact: Fact | None, conflicts: list[dict[str, Any]], same: bool
) -> Fact:
    if text_fact is not None and not same:
        jl["conflict"] = {k: text_fact[k] for k in ("value", "text", "source", "span")}
        conflicts.append({"field": field, "jsonld": jl["value"], "text": text_fact["value"]})
    return jl


# ------------------------------------------------------------------------------- API


def extract(
    source: str,
    cleaned: str,
    edits: Sequence[Edit],
    jsonld: dict[str, Any] | None = None,
    *,
    page_title: str | None = None,
    reference_date: date | None = None,
) -> dict[str, Any]:
    """The posting facts (shape in the module docstring). Spans refer to ``source``."""
    ctx = _Ctx(source, cleaned, edits)
    jl = jsonld if isinstance(jsonld, dict) else {}
    conflicts: list[dict[str, Any]] = []
    out: dict[str, Any] = {
        "title": None, "company": None, "location": [], "workplace": None,
        "employment_type": None, "seniority": None, "posted": None, "deadline": None,
        "pay": [], "sponsorship": None, "clearance": None, "years_experience": None,
        "conflicts": conflicts,
    }  # fmt: skip
    if not cleaned.strip() and not jl:
        return out
    labelled = _labelled(ctx)
    header = _header(ctx)
    ranges = find_pay(cleaned)
    page = _page_title_parts(page_title)

    # title
    tc = _best(_title_cands(ctx, header, labelled, page))
    title = _to_fact(ctx, tc) if tc else None
    jl_title = _jsonld_str(jl.get("title"))
    if jl_title:
        jf = _jsonld_fact(jl_title, jl_title, ctx)
        out["title"] = _with_jsonld(
            "title", jf, title, conflicts, title is None or _agree(jl_title, title["value"])
        )
        if jf["span"] is not None:
            tc = _Cand(jl_title, *_find_span(ctx, jl_title), 10.0)
    else:
        out["title"] = title

    # company
    cc = _best(_company_cands(ctx, header, labelled, page, tc), absorb_prefixes=True)
    company = _to_fact(ctx, cc) if cc and cc.score >= 1.2 else None
    jl_org = _jsonld_str(jl.get("hiringOrganization"))
    if jl_org:
        jl_org = _company_name(jl_org) or jl_org  # "Acme Careers" → "Acme"
        jf = _jsonld_fact(jl_org, jl_org, ctx)
        out["company"] = _with_jsonld(
            "company", jf, company, conflicts, company is None or _agree(jl_org, company["value"])
        )
    else:
        out["company"] = company

    # location (text first: JSON-LD addresses are often ATS codes)
    lcands = _location_cands(ctx, header, labelled, page, tc)
    cvalue = out["company"]["value"] if out["company"] else None
    if cvalue:
        lcands = [c for c in lcands if _norm(c.value) != _norm(cvalue)]
        for c in lcands:  # "OpenAI San Francisco, CA": the company and the place on one line
            if c.value.startswith(cvalue + " ") and c.start >= 0:
                c.value, c.start = c.value[len(cvalue) + 1 :].lstrip(), c.start + len(cvalue) + 1
                c.start += 0
    lc = _best(lcands)
    if lc is not None and lc.start >= 0:
        value = lc.value
        # "Remote (Full Time)": the type is not part of the place
        m = re.search(r"\s*\(([^()]*)\)\s*$", value)
        if m and _emp_types_all(m.group(1)):
            value = value[: m.start()]
        for a, b in _split_locations(value):
            while b > a and value[b - 1] in " ,;":
                b -= 1
            lead = len(value[a:b]) - len(value[a:b].lstrip())
            out["location"].append(ctx.fact(_squash(value[a:b]), lc.start + a + lead, lc.start + b))
    if not out["location"]:
        # the places of the pay tiers ("Plano, TX: $204,900 - $233,800")
        seen: set[str] = set()
        for r in ranges:
            if r.location and _looks_like_location(r.location) and r.location not in seen:
                seen.add(r.location)
                where = cleaned.rfind(r.location, 0, r.start)
                if where >= 0:
                    out["location"].append(ctx.fact(r.location, where, where + len(r.location)))
    jl_locs = _jsonld_locations(jl)
    if not out["location"]:
        out["location"] = [_jsonld_fact(v, v, ctx) for v in jl_locs]
    elif jl_locs and not any(
        _agree(v.split(",")[0], f["value"]) for v in jl_locs for f in out["location"]
    ):
        conflicts.append(
            {"field": "location", "jsonld": jl_locs, "text": [f["value"] for f in out["location"]]}
        )

    # workplace: the body beats the header; JSON-LD says only "TELECOMMUTE"
    wp, head = _workplace(ctx, header, labelled)
    jlt = jl.get("jobLocationType")
    if isinstance(jlt, str) and "telecommute" in jlt.lower():
        jf = _jsonld_fact("remote", jlt, ctx)
        jf["text"] = jlt
        out["workplace"] = _with_jsonld(
            "workplace", jf, wp, conflicts, wp is None or wp["value"] == "remote"
        )
    else:
        out["workplace"] = wp
    if out["workplace"] is not None:
        overruled = [h for h in head if h["value"] != out["workplace"]["value"]]
        if overruled:
            out["workplace"]["overrules"] = overruled[0]

    # employment type
    et = _employment(ctx, header, labelled)
    jl_et = jl.get("employmentType")
    jl_types = (
        [jl_et]
        if isinstance(jl_et, str)
        else [x for x in jl_et if isinstance(x, str)]
        if isinstance(jl_et, list)
        else []
    )
    if jl_types:
        vals = [
            _JSONLD_EMP.get(t.upper().replace("-", "_").replace(" ", "_"), t.lower())
            for t in jl_types
        ]
        jf = _jsonld_fact(vals, ", ".join(jl_types), ctx)
        if et is not None and et["span"]:
            jf["span"] = et["span"] if set(vals) <= set(et["value"]) else None
        out["employment_type"] = _with_jsonld(
            "employment_type", jf, et, conflicts, et is None or bool(set(vals) & set(et["value"]))
        )
    else:
        out["employment_type"] = et

    out["seniority"] = _seniority(ctx, out["title"], tc, labelled)

    # dates
    posted = _posted(ctx, labelled, reference_date)
    jl_posted = _iso_date(jl.get("datePosted"))
    if jl_posted:
        jf = _jsonld_fact(jl_posted, str(jl.get("datePosted")), ctx, age_days=None)
        same = posted is None or posted["value"] is None or posted["value"] == jl_posted
        out["posted"] = _with_jsonld("posted", jf, posted, conflicts, same)
    else:
        out["posted"] = posted
    deadline = _deadline(ctx, labelled)
    jl_until = _iso_date(jl.get("validThrough"))
    if jl_until:
        jf = _jsonld_fact(jl_until, str(jl.get("validThrough")), ctx)
        same = deadline is None or deadline["value"] in (None, jl_until)
        out["deadline"] = _with_jsonld("deadline", jf, deadline, conflicts, same)
    else:
        out["deadline"] = deadline

    # pay: every range in the text; JSON-LD's first when it has one
    pays = [_pay_fact(ctx, r) for r in ranges]
    jp = _jsonld_pay(jl, ctx) if jl else None
    if jp is not None:
        match = [p for p in pays if p["min"] == jp["min"] and p["max"] == jp["max"]]
        if match:
            jp["span"] = match[0]["span"]
        elif pays and not jp.get("estimate"):
            conflicts.append(
                {
                    "field": "pay",
                    "jsonld": [jp["min"], jp["max"]],
                    "text": [[p["min"], p["max"]] for p in pays],
                }
            )
        pays = [jp, *pays]
    # a job site's salary estimate only when the posting states no pay of its own
    own = [p for p in pays if not p.get("estimate")]
    out["pay"] = own or pays

    out["sponsorship"] = _sponsorship(ctx)
    out["clearance"] = _clearance(ctx, labelled)
    out["years_experience"] = _years(ctx)
    return out


def _find_span(ctx: _Ctx, value: str) -> tuple[int, int]:
    where = ctx.find(value)
    return where if where else (-1, -1)


def _employment(ctx: _Ctx, header: list[_Piece], labelled: list[_Labelled]) -> Fact | None:
    for lab in labelled:
        if lab.field == "employment_type":
            types = _emp_types(lab.value)
            if types:
                return ctx.fact(types, lab.start, lab.end)
    for p in header:
        for piece in [p, *_dot_pieces(p)]:
            # "Full-time", "Remote (Full Time)", "$130,000 - $160,000 a year - Full-time"
            for seg in re.split(r"\s+[-–|·]\s+|[()]", piece.text):
                only = _emp_types_all(seg.strip())
                if only:
                    off = piece.text.find(seg.strip())
                    return ctx.fact(only, piece.start + off, piece.start + off + len(seg.strip()))
    text = ctx.cleaned
    for rx in (_EMP_SENTENCE, _EMP_PHRASE):
        m = rx.search(text)
        if m:
            g = "t" if "t" in rx.groupindex else 0
            s, e = m.span(g)
            types = _emp_types(text[s:e])
            if types:
                return ctx.fact(types, s, e)
    return None


def extract_fields(result: CleanResult, *, reference_date: date | None = None) -> dict[str, Any]:
    """The facts of a :class:`~jobdesk.core.engine.CleanResult` (see the module docstring)."""
    doc = result.document
    page_title = doc.title if doc is not None else None
    return extract(
        result.source,
        result.cleaned,
        result.edits,
        result.jsonld,
        page_title=page_title,
        reference_date=reference_date,
    )

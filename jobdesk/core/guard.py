"""Content guards: removals never run through the employer's text.

Rules say what noise looks like; these guards say what a posting looks like, in any of
the languages we clean, and hold every rule to it (a property of the engine, not of each
rule). The engine applies them once per document, after matching, so toggling a rule
stays cheap.

* **Structural removals are bounded.** No ``block``, ``section``, ``tail`` or ``head``
  takes a line that opens the posting ("About the job", "Stellenbeschreibung" …) or a
  content heading with the posting's text under it ("Responsibilities", "Ihre
  Aufgaben", "Profil recherché" …), nor half or more of the page's prose. Page furniture
  (site chrome, navigation, other-job lists, applicant widgets, application forms) holds
  no prose: its ``block``/``section`` stops at a paragraph or a "Key: value" fact line,
  its ``head`` at a paragraph before its marker. Prose categories (company blurbs, legal
  sections, contact blocks) may take prose but stop at a stated pay line. A *content
  line* is running text or a duty-shaped list item, judged by its share of function
  words, and only when no other rule explains it.
* **Legal boilerplate is judged by its context.** A legal or EEO match on a list item of
  six words or more, on a duty or requirement ("Coordinate reasonable accommodation
  requests from employees"), on a sentence about the role, or in a list under a content
  heading is content, not boilerplate — except an employer declaring itself an equal
  opportunity employer, or a paragraph of two sentences or more, after an unbulleted
  list (dataset descriptions lose their bullets). Any other line-level match on a list item of
  seven words or more of running text ("• Maintain our cookie consent banner") is too.
* **Pay is never a site's sentence.** A sentence-level removal of page furniture (a
  "Sign up for job alerts" glued into a header line without full stops) that would take
  a stated pay amount with it stays.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from jobdesk.core.editmap import merge_spans
from jobdesk.core.kinds import KINDS
from jobdesk.core.prefilter import required_literals

# Categories whose structural removals are page furniture: they never hold prose.
FURNITURE = frozenset(
    {"site-chrome", "navigation-footer", "recommendations", "applicant-insights",
     "application-form"}
)  # fmt: skip
# The kinds whose removals are bounded here (block, section, tail, head: kinds.py says).
STRUCTURAL = frozenset(k.name for k in KINDS.values() if k.guard == "structural")
LEGAL = "legal-boilerplate"

# Function words of the languages we clean (en, de, fr, es, it, nl, pt, da/sv/no): their
# density tells running text from menus, cards and labels (jusText's stop-word signal).
_FUNCTION_WORDS = frozenset(
    """a an and are as at be been by can for from has have in is it its of on or our
    that the their this to we will with you your who which all any into than then
    may upon not but if so such other each per also within across about up out over
    under how what when where do does these those them they he she his her there here
    more most very both through during while after before would should could must shall
    has had was were being am me my i
    und der die das den dem des ein eine einer eines ist sind mit für fur von zu zum zur
    auf bei wir sie ihr ihre dein deine du uns unser unsere oder als auch sowie nicht
    et le la les un une des du de en est sont pour avec vous nous votre vos notre nos
    dans sur par au aux ou qui que
    y el los las con para por del al es son su sus nuestro nuestra tu una o
    e il lo gli di da che con per nel nella sono è siamo tua tuo
    en het een van met voor je jij wij ons onze zijn bij op aan te
    o os as um uma com para em no na nos não é são seu sua
    og til af er med som vi du på att och är för""".split()
)
_WORD = re.compile(r"\w+")
# A list item's marker (a dash, star or number only before a space: "**bold**" is none).
_BULLET = re.compile(r"\s*(?:[•·▪◦‣∙○●■□➢➤►▶✓✔]|[-–—*](?=\s)|\d{1,2}[.)](?=\s))\s*")
# A character every match of _BULLET holds: a text without one holds no marker.
_BULLET_CHAR = re.compile(r"[•·▪◦‣∙○●■□➢➤►▶✓✔\-–—*\d]")


def _unbullet(text: str) -> str:
    """``text`` without its first list marker (``_BULLET.sub("", text, count=1)``; the
    search, slow on a long sentence, only runs when a marker's character is there)."""
    return _BULLET.sub("", text, count=1) if _BULLET_CHAR.search(text) else text


# Headings that open the posting's own sections, in the languages we clean: a keyword,
# maybe after a possessive or qualifier ("Your responsibilities", "Minimum qualifications",
# "Ihre Aufgaben"), maybe joined to a second one ("Skills & experience").
_HEADING_PREFIX = r"""(?:your|our|the|key|main|core|minimum|basic|preferred|required|desired|
    additional|bonus|job|role|position|deine|ihre|unsere|dein|ihr|vos|votre|nos|tes|tus|sus|
    le|la|les|las|los|tue|le\ tue|je|jouw|uw|onze|seus|suas|dine|dina|dina)"""
_HEADING_WORD = r"""(?:
      responsibilit\w*|requirements?|qualifications?|duties|skills|experience|
      what\ you(?:['’]ll|\ will)\ (?:do|bring|need|get)|who\ you\ are|
      what\ we(?:['’]re|\ are)\ looking\ for|what\ we\ offer|what\ you\ can\ expect|
      benefits|perks|compensation|salary|about\ the\ role|role|
      opportunity|nice\ to\ haves?|must\ haves?|tasks|profile|about\ the\ team|the\ team|
      about\ you|summary|overview|duties\ (?:of|for)\ (?:an?|the)\ [\w\ ]{1,40}|
      aufgaben|anforderungen|profil|wir\ bieten|das\ bieten\ wir|qualifikation\w*|benefits|
      missions?|profil\ recherch[ée]|comp[ée]tences|avantages|nous\ offrons|
      responsabilidades|funciones|requisitos|ofrecemos|beneficios|perfil|
      responsabilit[àa]|requisiti|mansioni|offriamo|
      taken|verantwoordelijkheden|functie-?eisen|wat\ (?:wij|we)\ (?:bieden|vragen)|profiel|
      benef[íi]cios|o\ que\ oferecemos|arbejdsopgaver|kvalifikationer|vi\ tilbyder
    )"""
_CONTENT_HEADING = re.compile(
    rf"""(?:{_HEADING_PREFIX}\s+){{0,2}}{_HEADING_WORD}
    (?:\s*(?:,|&|and|und|et|y|e|en)\s*(?:{_HEADING_PREFIX}\s+)?{_HEADING_WORD})?\s*[:.]?""",
    re.IGNORECASE | re.VERBOSE,
)


# Pay as the posting states it (a pay word and an amount), not a job card's "$60K/yr".
_PAY_STATED = re.compile(
    r"\b(?:salary|pay|compensation|wages?|hourly rate|pay range|gehalt|verg[üu]tung|salaire|"
    r"r[ée]mun[ée]ration|salario|retribuci[óo]n|stipendio|retribuzione|salaris|sal[áa]rio|"
    r"remunera[çc][ãa]o|løn|lon)\b[^\n]{0,80}\d",
    re.IGNORECASE,
)


# Headings that open the posting itself: no removal runs over one.
_POSTING_START = re.compile(
    r"""\W*(?:about\ the\ (?:job|role|position)|(?:full\ )?job\ description|description|
    job\ summary|position\ summary|role\ description|stellenbeschreibung|
    (?:über|ueber)\ (?:den|die)\ (?:job|stelle)|description\ (?:du|de\ l['’])\ ?(?:poste|offre)|
    descripci[óo]n\ del?\ (?:puesto|empleo|oferta)|
    descrizione\ (?:del|della)\ (?:lavoro|posizione|offerta)|
    functieomschrijving|vacaturetekst|over\ de\ (?:functie|baan)|descri[çc][ãa]o\ da\ vaga|
    sobre\ a\ vaga|jobbeskrivelse|om\ jobbet)\W*""",
    re.IGNORECASE | re.VERBOSE,
)


# A fact of the posting stated as "Key: value".
_FACT_LINE = re.compile(
    r"\s*(?:job\ title|title|position|role|location|duration|salary|pay|rate|compensation|"
    r"employment\ type|job\ type|contract(?:\ type)?|start\ date|schedule|hours|department|"
    r"reports\ to|workplace|standort|arbeitsort|gehalt|lieu|poste|salaire|ubicaci[óo]n|"
    r"salario|sede|luogo|locatie|salaris|local|sal[áa]rio)\s*:\s*\S",
    re.IGNORECASE,
)


def stopper_literals() -> dict[str, tuple[str, ...]]:
    """For each kind of line that can stop a removal — a heading ("anchor"), a fact
    line, a pay line — the lower-case literals one of which such a line holds. The
    engine finds the lines holding them in its one literal pass over a posting; only
    those lines are then tried with the patterns."""
    return {
        "anchor": required_literals("(?x)" + _CONTENT_HEADING.pattern)
        + required_literals("(?x)" + _POSTING_START.pattern),
        "fact": required_literals(_FACT_LINE.pattern),
        "pay": required_literals(_PAY_STATED.pattern),
    }


class LineIndex(Protocol):
    starts: list[int]

    def __len__(self) -> int: ...
    def span(self, i: int) -> tuple[int, int]: ...
    def index(self, offset: int) -> int: ...
    def full_end(self, i: int) -> int: ...


def _words(line: str) -> list[str]:
    return _WORD.findall(line.lower())


def _has_words(line: str, n: int) -> bool:
    """``len(_words(line)) >= n``, reading the line only up to its ``n``-th word (a legal
    paragraph on one line runs to thousands of characters)."""
    found = _WORD.finditer(line if line.isascii() else line.lower())
    return next(itertools.islice(found, n - 1, None), None) is not None


def is_content_line(line: str) -> bool:
    """A line of the posting's running text: a prose sentence, or a list item with the
    shape of a duty, requirement or benefit (function words, not a card of names)."""
    if line.count(" ") < 4:  # (fewer than five words: no need to split them)
        return False
    words = _words(line)
    if len(words) < 5:
        return False
    function = sum(map(_FUNCTION_WORDS.__contains__, words))
    if _BULLET.match(line):
        return function >= 1 and function / len(words) >= 0.1
    return len(words) >= 9 and function / len(words) >= 0.18


def is_content_heading(line: str) -> bool:
    if len(line) > 90:
        return False
    stripped = _unbullet(line).strip()
    return 0 < len(stripped) <= 60 and _CONTENT_HEADING.fullmatch(stripped) is not None


class Coverage:
    """Which characters other rules' hits explain (merged, sorted spans)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = merge_spans(spans)
        self._starts = [s for s, _ in self._spans]

    def covered(self, start: int, end: int) -> int:
        """How many characters of [start, end) the spans cover."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        total = 0
        while i < len(self._spans) and self._spans[i][0] < end:
            s, e = self._spans[i]
            total += max(0, min(e, end) - max(s, start))
            i += 1
        return total

    def explains(self, start: int, end: int) -> bool:
        """Half or more of the line's visible characters are another rule's removal."""
        return end > start and self.covered(start, end) * 2 >= end - start


# Lines of five words or more: the only ones that can be content lines.
_WORDY_LINE = re.compile(r"^[^\S\n]*(?:\S+[^\S\n]+){4,}\S", re.MULTILINE)


def wordy_lines(text: str, squashed: Sequence[str] | None = None) -> list[int]:
    """The lines of ``text`` with five words or more (:data:`_WORDY_LINE`). Given
    ``squashed``, the text's lines with every run of blanks made one space (the engine's
    folded lines), they are counted with string methods, five times faster than the
    regex over the text."""
    if squashed is None:
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        return sorted({bisect.bisect_right(starts, m.start()) - 1
                       for m in _WORDY_LINE.finditer(text)})  # fmt: skip
    return [i for i, line in enumerate(squashed)
            if line.count(" ") >= 4 and line.strip(" ").count(" ") >= 4]  # fmt: skip


class _Doc:
    """The per-line judgements of one document, computed lazily and once. A removal can
    only be stopped by a few kinds of line — a heading, a fact or pay line (the lines
    holding their literals, from the engine's literal pass), a line of five words or
    more (one scan of the text); every other line is passed over unread."""

    def __init__(
        self,
        text: str,
        lines: LineIndex,
        coverage: Coverage,
        candidates: Mapping[str, Iterable[int]],
        wordy: Iterable[int] | None = None,
    ) -> None:
        self.text = text
        self.lines = lines
        self.coverage = coverage
        self.candidates = {kind: set(rows) for kind, rows in candidates.items()}
        self._anchors = self.candidates["anchor"]
        self.wordy = set(wordy_lines(text) if wordy is None else wordy)
        self.stoppers = sorted(self.wordy.union(*self.candidates.values()))
        self._content: dict[int, bool] = {}
        self._anchor: dict[int, bool] = {}
        self._wordy_rows: list[int] | None = None
        self._prose_words: dict[int, int] = {}

    def line(self, i: int) -> str:
        s, e = self.lines.span(i)
        return self.text[s:e]

    def content(self, i: int) -> bool:
        """A content line no other rule explains."""
        got = self._content.get(i)
        if got is None:
            got = False
            if i in self.wordy:
                s, e = self.lines.span(i)
                got = not self.coverage.explains(s, e) and is_content_line(self.text[s:e])
            self._content[i] = got
        return got

    def _prose(self, i: int) -> int:
        """The words on line ``i`` if it is a content line (else 0)."""
        got = self._prose_words.get(i)
        if got is None:
            got = self._prose_words[i] = len(_words(self.line(i))) if self.content(i) else 0
        return got

    def half_of_prose(self, first: int, last: int) -> bool:
        """Whether lines ``first`` to ``last`` hold half or more of the page's prose
        (the words on its content lines; none: no). The lines outside are judged only
        until they hold more than the lines inside."""
        if self._wordy_rows is None:
            self._wordy_rows = sorted(self.wordy)
        rows = self._wordy_rows
        lo = bisect.bisect_left(rows, first)
        hi = bisect.bisect_right(rows, last)
        inside = sum(map(self._prose, rows[lo:hi]))
        if not inside:
            return False
        outside = 0
        for i in itertools.chain(rows[:lo], rows[hi:]):
            outside += self._prose(i)
            if outside > inside:
                return False
        return True

    def _next_text_line(self, i: int, step: int = 1) -> int | None:
        """The next non-blank line within three lines (``step=-1``: the previous one)."""
        for j in range(i + step, i + 4 * step, step):
            if not 0 <= j < len(self.lines):
                break
            if self.line(j).strip():
                return j
        return None

    def opens_section(self, i: int) -> bool:
        """A content heading that no rule explains, with the posting's text under it."""
        if not is_content_heading(self.line(i)) or self.coverage.explains(*self.lines.span(i)):
            return False
        nxt = self._next_text_line(i)
        return nxt is not None and self.content(nxt)

    def stops(self, i: int, kind: str, furniture: bool, first: int, last: int) -> bool:
        """Whether a removal of ``kind`` must not take line ``i`` (going forward from
        its marker, or backward for a ``head``, over lines ``first``..``last``)."""
        if i in self._anchors:
            anchor = self._anchor.get(i)
            if anchor is None:
                anchor = self._anchor[i] = bool(
                    _POSTING_START.fullmatch(self.line(i).strip()) or self.opens_section(i)
                )
            if anchor:
                return True
        if kind in ("block", "section") and self._states(i, "fact"):
            return True  # "Location: …", "Job Title: …": the posting's header, not a widget
        if not self.content(i):
            return not furniture and self._states(i, "pay")
        # Whatever the kind: never half or more of the page's prose.
        if self.half_of_prose(*((first, i) if kind == "head" else (i, last))):
            return True
        if not furniture:  # prose categories: prose is theirs, pay is not
            return self._states(i, "pay")
        if kind == "tail":
            return False
        # A widget, or the page header before a posting, holds no paragraph of prose.
        nxt = self._next_text_line(i, -1 if kind == "head" else 1)
        return len(_words(self.line(i))) >= 20 or (nxt is not None and self.content(nxt))

    def _states(self, i: int, kind: str) -> bool:
        """Line ``i`` is a fact (or pay) line that no other rule explains."""
        if i not in self.candidates[kind]:
            return False
        rx = _FACT_LINE.match if kind == "fact" else _PAY_STATED.search
        return rx(self.line(i)) is not None and not self.coverage.explains(*self.lines.span(i))


def bound_structural(
    hits: Sequence[tuple[int, int, str, str]],
    text: str,
    lines: LineIndex,
    coverage: Coverage,
    candidates: Mapping[str, Iterable[int]],
    wordy: Iterable[int] | None = None,
) -> list[tuple[int, int] | None]:
    """For each structural hit ``(start, end, kind, category)``, its bounded span (or
    ``None`` when nothing of it is left). A forward removal (block, section, tail) stops
    before the first line that must stay; a ``head`` starts after the last one before
    its marker. ``candidates``: for each kind in :func:`stopper_literals`, the lines
    holding one of its literals; ``wordy``: the lines of five words or more
    (:func:`wordy_lines`), when known."""
    doc = _Doc(text, lines, coverage, candidates, wordy)
    stoppers = doc.stoppers
    out: list[tuple[int, int] | None] = []
    for start, end, kind, category in hits:
        furniture = category in FURNITURE
        first = lines.index(start)
        last = lines.index(max(end - 1, start))
        # The marker line itself is the rule's own evidence: judge the lines after it
        # (before it, for a head).
        lo = bisect.bisect_left(stoppers, first if kind == "head" else first + 1)
        hi = bisect.bisect_right(stoppers, last - 1 if kind == "head" else last)
        if kind == "head":
            cut = next(
                (lines.full_end(i) for i in reversed(stoppers[lo:hi])
                 if doc.stops(i, kind, furniture, first, last)),
                start,
            )  # fmt: skip
            out.append((cut, end) if cut < end else None)
        else:
            cut = next(
                (lines.starts[i] for i in stoppers[lo:hi]
                 if doc.stops(i, kind, furniture, first, last)),
                end,
            )  # fmt: skip
            out.append((start, cut) if cut > start else None)
    return out


# How a duty or requirement starts: a bare verb, or the noun of a requirement.
_DUTY_START = re.compile(
    r"""(?:act|administer|advise|analy[sz]e|assess|assist|audit|build|champion|coach|
    collaborate|communicate|conduct|coordinate|create|define|deliver|design|develop|direct|
    document|draft|drive|educate|enforce|ensure|establish|evaluate|facilitate|guide|handle|
    help|identify|implement|improve|investigate|lead|liaise|maintain|manage|mentor|monitor|
    operate|organi[sz]e|outline|oversee|own|partner|perform|plan|prepare|present|process|
    produce|recommend|report|represent|research|resolve|respond|review|run|schedule|serve|
    set|shape|streamline|supervise|support|teach|track|train|translate|update|use|work|
    write|experience|knowledge|understanding|familiarity|proficiency|expertise|ability|
    background|degree|bachelor['’]?s|master['’]?s|certification|strong|excellent|proven|
    demonstrated|working|solid|deep|hands-on|fluency|fluent|\d+\+?\s*(?:years?|yrs))\b""",
    re.IGNORECASE | re.VERBOSE,
)
# How a posting speaks of the role itself.
_ROLE_VOICE = re.compile(
    r"you\b|in this role\b|as (?:a|an|the|our)\b(?! (?:proud |federal |government )?(?:equal|eeo|"
    r"e-verify|affirmative|contractor|employer|company|organi[sz]ation))|"
    r"the successful (?:candidate|applicant)\b|"
    r"this (?:role|position) (?:will|is responsible)\b",
    re.IGNORECASE,
)
_SEEKING = re.compile(r"\b(?:is|are|we['’]re) (?:looking for|seeking|hiring) an? \w", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s*$")
# A sentence end and the blank after it (the sentence ends where the blank starts: a
# search led by the character class, which the regex engine skips to, unlike the
# look-behind "(?<=[.!?])\s" tried at every position).
_FIRST_SENTENCE_END = re.compile(r"[.!?]\s")
# An employer declaring itself an equal opportunity employer ("Acme is an Equal
# Opportunity Employer", "Acme provides equal employment opportunities to all employees
# and applicants"): boilerplate even as the last line of an unbulleted list.
_DECLARES = re.compile(
    r"^(?!you\b)[^.!?\n]{0,80}?\b(?:is|are)\s+(?:proud\s+to\s+be\s+)?(?:an?\s+)?"
    r"(?:proud\s+)?(?:equal\s+(?:employment\s+)?opportunit|affirmative\s+action)|"
    r"^[^.!?\n]{0,80}?\bprovides?\s+equal\s+employment\s+opportunit(?:y|ies)\s+to\s+all\b",
    re.IGNORECASE,
)
# Sentence ends inside a line: two or more make a paragraph, not an item of a list.
_SENTENCE_ENDS = re.compile(r"[.!?][\"'’”)]*(?:\s|$)")


def _duty_shaped(sentence: str) -> bool:
    """A duty or requirement ("Coordinate reasonable accommodation requests from
    employees", "Experience with EEO investigations"), or a sentence about the role ("You
    will run our affirmative action program", "We are looking for an EEO specialist")."""
    return bool(
        _DUTY_START.match(sentence) or _ROLE_VOICE.match(sentence) or _seeking(sentence)
    ) and _has_words(sentence, 5)  # (the words last: most legal sentences are no duty)


def _seeking(sentence: str) -> bool:
    """:data:`_SEEKING` found in the sentence (an ASCII one without its verbs is passed
    over without a search)."""
    if sentence.isascii():
        low = sentence.lower()
        if "looking for" not in low and "seeking" not in low and "hiring" not in low:
            return False
    return _SEEKING.search(sentence) is not None


def is_duty_item(text: str, lines: LineIndex, start: int) -> bool:
    """A match on a list item that reads as a duty, requirement or benefit: seven words
    or more of running text ("• Maintain our cookie consent banner and the privacy
    notice") — a button, a menu entry or a job card is none."""
    s, e = lines.span(lines.index(start))
    line = text[s:e]
    return _BULLET.match(line) is not None and _has_words(line, 7) and is_content_line(line)


def states_pay(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` states pay ("Target Pay 45-70 per hour"): a sentence
    that a UI string glued into a header line ran back over is the posting's, not the
    site's."""
    return _PAY_STATED.search(text, start, end) is not None


def _two_sentences(line: str) -> bool:
    """Two sentence ends or more in the line (the search stops at the second)."""
    return next(itertools.islice(_SENTENCE_ENDS.finditer(line), 1, None), None) is not None


def is_boilerplate_context(
    text: str, lines: LineIndex, start: int, end: int, apart: dict[int, bool] | None = None
) -> bool:
    """Whether a legal match over ``start:end`` reads as boilerplate: not a duty-shaped
    list item or sentence, and not in a list under a content heading. ``apart``: what
    :func:`_apart` found for the lines of the text so far (the legal rules match the
    same paragraphs: each line's look upwards is then made once)."""
    i = lines.index(start)
    s, e = lines.span(i)
    line = text[s:e]
    item = _BULLET.match(line) is not None
    if item and _has_words(line, 6):
        return False
    sentence = text[start : min(end, start + 400)].strip()
    cut = _FIRST_SENTENCE_END.search(sentence)
    first = sentence[: cut.start() + 1] if cut else sentence
    first = _unbullet(first).strip()
    if _duty_shaped(first):
        return False
    if _DECLARES.match(first):
        return True
    # Under a content heading, through a list of its own shape (list items, or lines
    # that are no sentences): a requirement or duty, whatever its words. A paragraph
    # after a list, or after a blank line, stands apart: where boilerplate sits.
    if not item and _two_sentences(line) and _has_words(line, 25):
        return True  # a paragraph after a list stands apart from it
    if apart is None:
        return _apart(text, lines, i, item)
    got = apart.get(i)
    if got is None:
        got = apart[i] = _apart(text, lines, i, item)
    return got


def _apart(text: str, lines: LineIndex, i: int, item: bool) -> bool:
    """Whether line ``i`` (a list item or not) stands apart from the list of a content
    heading above it (False: it is in that list)."""
    seen_blank = False
    for j in range(i - 1, max(i - 30, -1), -1):
        ls, le = lines.span(j)
        above = text[ls:le]
        if not above.strip():
            seen_blank = True
        elif is_content_heading(above.strip()):
            return False
        elif (
            seen_blank
            or (_BULLET.match(above) is not None) != item
            or (not item and _SENTENCE_END.search(above))
        ):
            return True
    return True

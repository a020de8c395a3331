"""What the library may take, without Qt: a page with no posting is refused, and every
posting saved has a title.

* :func:`no_posting_reason`: nothing is left after cleaning, or what is left is only a
  sign-in wall's prompts ("Sign in", "Password", "Email or phone" … in seven languages);
* :func:`derive_title`: the facts' title when it is sensible, else the first sensible
  line of the cleaned text, else its first sentence cut at a word; None: ask the user;
* :func:`check_saveable`: both, raising :class:`NotSaveable` / :class:`NoTitle`.

The window's Save, ``jobdesk library add`` and ``jobdesk library import`` (and the
window's Import Folder…) go through these (:mod:`jobdesk.session` re-exports them).
They key on UI strings and the text's structure, never on one site's posting.
"""

from __future__ import annotations

import re

#: Account and sign-in wall words (seven languages): a line holding one is the wall's,
#: not the employer's. Matched case-insensitively on whole words.
WALL_WORDS = re.compile(
    r"\b(?:sign[ -]?in|sign[ -]?up|log[ -]?in|logging in|join now|password|forgot|"
    r"e-?mail(?: address)?|email or phone|create an account|an account|your account|"
    r"continue with|terms of (?:use|service)|privacy polic(?:y|ies)|cookie polic(?:y|ies)|"
    r"user agreement|anmelden|registrieren|passwort|e-mail-adresse|konto|se connecter|"
    r"connexion|mot de passe|créer un compte|iniciar sesión|contraseña|regístrate|"
    r"crear (?:una )?cuenta|accedi|registrati|inloggen|wachtwoord|registreren|"
    r"senha|criar conta)\b",
    re.IGNORECASE,
)
#: A page is a wall when this many of its short lines are account lines.
WALL_LINES = 2
#: Below this many words in lines that read as text (three words or more, no account
#: words), what is left of a wall is not a posting.
WALL_CONTENT_WORDS = 12


class NotSaveable(Exception):
    """A posting the library must not take (no posting in the page); the message says
    why, for a person."""


class NoTitle(NotSaveable):
    """A posting with nothing to name it by: ask the user for a title."""


def no_posting_reason(source: str, cleaned: str) -> str | None:
    """Why this page holds no posting (None: it holds one).

    * nothing but blanks and punctuation is left after cleaning;
    * the page is a sign-in wall (two short lines or more of account words: "Sign in",
      "Password", "Email or phone" …) and what is left after cleaning is nothing but
      its chrome: fewer than :data:`WALL_CONTENT_WORDS` words in lines of three words
      or more that hold no account words.

    A short posting that merely sits behind a "Sign in to apply" prompt keeps its
    sentences, so it is saved; when in doubt, this says "a posting".
    """
    if not re.search(r"\w", cleaned):
        return "there is no posting in it: nothing is left after cleaning"
    # what is left reads as text: a posting, wall or not (checked first: it is cheap
    # on a posting, which has a sentence near its top)
    content = 0
    for line in cleaned.splitlines():
        n = len(re.findall(r"\w+", line))
        if n >= 3 and not WALL_WORDS.search(line):
            content += n
            if content >= WALL_CONTENT_WORDS:
                return None
    wall = 0
    for line in source.splitlines():
        words = line.split()
        if 0 < len(words) <= 12 and WALL_WORDS.search(line):
            wall += 1
            if wall >= WALL_LINES:
                break
    if wall < WALL_LINES:
        return None
    return (
        "this looks like a sign-in page, not a posting: only its sign-in prompts are "
        "left after cleaning. Open the posting itself (signed in, in your browser) and "
        "copy it again"
    )


#: First lines that are a section heading or page furniture, never a posting's title
#: (compared folded, without a trailing colon).
NOT_TITLES = frozenset(
    " ".join(t.split())
    for t in """about the job|about the role|about the position|about the company|about us|
    about this role|about the opportunity|about you|job description|description|
    full job description|job details|details|overview|summary|job summary|position summary|
    role summary|the role|the opportunity|responsibilities|requirements|qualifications|
    general description|main duties|duties|basic qualifications|preferred qualifications|
    what you'll bring|what we offer|benefits|
    key facts|key information|required skills|skills|who we are|what you'll do|
    what you will do|job|jobs|job posting|job offer|vacancy|position|search|home|menu|
    careers|apply|apply now|share|save|back|next|previous|more|show more|
    stellenbeschreibung|beschreibung|über uns|aufgaben|ihre aufgaben|dein profil|ihr profil|
    stellenangebot|description du poste|descriptif du poste|offre d'emploi|à propos|
    descripción del puesto|descripción|acerca de|sobre nosotros|oferta de empleo|
    descrizione|descrizione del lavoro|chi siamo|vacature|omschrijving|functieomschrijving|
    over ons|descrição da vaga|descrição|sobre nós|vaga""".split("|")
)
#: The longest line taken whole as a title; a longer first sentence is cut at a word.
TITLE_WORDS = 14
TITLE_CHARS = 100
_MONTHS_DAYS = re.compile(
    r"^(?:\W|\d|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|"
    r"nov\w*|dec\w*|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|sat\w*|sun\w*|ago|today|"
    r"yesterday|posted|days?|weeks?|months?|hours?)+$",
    re.IGNORECASE,
)


def _title_line(line: str) -> str:
    """A line as a title candidate: Markdown marks and bullets off, spaces folded."""
    s = " ".join(line.split())
    s = re.sub(r"^(?:#{1,6}\s+|[•·*\-–—>]\s+)", "", s)
    return s.strip(" *_")


def sensible_title(text: str) -> bool:
    """True when ``text`` can name a posting: letters, not a section heading or a bare
    label ("About the job", "Description:", "JOB SUMMARY:"), not a date, not a
    greeting or a lead-in ending in "," or ":"."""
    s = _title_line(text)
    if not re.search(r"[^\W\d_]{2}", s):
        return False
    if s.endswith((",", ":")) and len(s.split()) <= TITLE_WORDS:
        return False
    folded = " ".join(s.rstrip(":").replace("’", "'").split()).casefold()
    if folded in NOT_TITLES:
        return False
    return not _MONTHS_DAYS.match(s)


def _first_sentence(line: str) -> str:
    s = _title_line(line)
    m = re.match(r"(.+?[.!?])(?:\s|$)", s)
    if m and len(m.group(1)) >= 20:
        s = m.group(1)
    if len(s) <= TITLE_CHARS:
        return s
    cut = s[: TITLE_CHARS - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def derive_title(title: str | None, cleaned: str, *, look: int = 12) -> str | None:
    """A posting's title: ``title`` (the facts') when it is sensible, else the first
    short sensible line among the first ``look`` lines of ``cleaned``, else the first
    sensible line's opening sentence (cut at a word, at most :data:`TITLE_CHARS`);
    None when there is nothing to name it by (ask the user)."""
    if title and sensible_title(title):
        return " ".join(title.split())
    lines = [ln for ln in cleaned.splitlines() if ln.strip()][:look]
    candidates = [_title_line(ln) for ln in lines if sensible_title(ln)]
    for c in candidates:
        if len(c.split()) <= TITLE_WORDS and len(c) <= TITLE_CHARS and not c.endswith("."):
            return c
    if candidates:
        return _first_sentence(candidates[0])
    return None


def check_saveable(source: str, cleaned: str, title: str | None) -> str:
    """The title to save under; :class:`NotSaveable` when the page holds no posting or
    nothing can name it (the message says which)."""
    reason = no_posting_reason(source, cleaned)
    if reason is not None:
        raise NotSaveable(reason[0].upper() + reason[1:] + ".")
    got = derive_title(title, cleaned)
    if got is None:
        raise NoTitle("No title could be found in it.")
    return got

"""The fact readers' fast scans give exactly what the plain regex calls give."""

from __future__ import annotations

import bisect
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.facts import (
    chrome,
    company,
    dates,
    layout,
    location,
    pay,
    terms,
    title,
    workplace,
)
from jobdesk.core.facts.context import Context
from jobdesk.core.facts.scan import (
    BLANK_CHARS,
    before_last,
    boundary_starts,
    boundary_starts_in,
    digit_run_starts,
    finditer_at,
    literal_starts,
)
from jobdesk.core.facts.vocab import ROLE_RE, fold, names_role

# Pieces the company patterns and their anchors are made of, and what breaks them.
PIECES = [
    "About", "about the job", "ABOUT THE COMPANY", "At", "at", "Acme", "Acme Robotics",
    "The", "the", "O'Brien & Co", "Inc", "Inc.", "Acme Inc", "Globex, LLC", "LLC", "GmbH",
    "A/S", "plc", "Corp", "AB",
    # a suffix's letters inside a word, or with no blank before it (never a suffix)
    "Including", "Incorporated", "Corporate", "xInc", "Inc_", "A/Ss", "LLCs", ",Inc", "é Ltd",
    # first words with other blanks after them, or inside other words
    "Joining\u2003the", "at\u3000", "company\x1c", "Careers\u2028at", "that", "Jointly",
    " is ", " are ", "seeking", "an equal", "a leading", "the world", "one of", "offers",
    "was founded", "will not", "Join", "joining", "join", "Work at", "working for",
    "team at", "Why", "Life at", "Careers at", "organization in", "company of",
    "business at", "group", "within", "with", "by", "we", "our", "’s", "'s", ",", ".",
    "!", "?", ":", "\n", " ", "  ", "\t", "\u00a0", "(", ")", "“", "x", "é", "_", "-",
    # a match's parts on lines of their own, blank lines between (the anchors' windows)
    "Hello,", "Hello world,", "\n\n", "  \n", "\n \t\n", "(ABC)", " (ABC)", "about\nthe\njob\n",
    "About\n\nthe role ", "\u2028", "\r\n",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _spans(ms: object) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("c")) for m in ms]  # type: ignore[attr-defined]


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_company_patterns_match_as_finditer_does(text: str) -> None:
    for k, (rx, _weight) in enumerate(company._COMPANY_PATTERNS):
        assert _spans(company._matches(k, text)) == _spans(rx.finditer(text)), k


@pytest.mark.parametrize(
    "text",
    [
        "About Acme\n\nAcme Robotics, Inc. is seeking a welder. At Acme, we build.",
        "Join the Acme team! Acme is an equal opportunity employer.\nWhy Acme?",
        "about the company Acme Robotics is a leading maker. Life at Acme\nwithin Acme's",
        "Including Big Data Corporate Labs Inc. and Acme\u00a0GmbH; Globex,\tLLC\nIncorporated",
        "Acme Inc\nBeta Gamma Delta Epsilon Zeta Ltd, Acme A/S, Acme A/Sx and Acme ApS_ by A Inc",
        "Acme\ud800 Inc and Beta Ltd\ud800",  # a lone surrogate: no automaton
    ],
)
def test_company_patterns_on_postings(text: str) -> None:
    for k, (rx, _weight) in enumerate(company._COMPANY_PATTERNS):
        found = _spans(company._matches(k, text))
        assert found == _spans(rx.finditer(text)), k
    assert any(_spans(company._matches(k, text)) for k in range(len(company._PATTERN_STARTS)))


@pytest.mark.parametrize(
    "text",
    [
        # each part of a match before its anchor on a line of its own, blank lines between:
        # the farthest a match starts above its anchor
        "x\n.\n\nHello,\n\nAcme Robotics\n(ABC)\n\nis seeking talent",
        "x.\nabout\n\nthe\njob\nAcme\n(ABC)\nis a firm",
        "x.\n\nABOUT\nTHE\nCOMPANY\n\nAcme Robotics\nare the best",
        "Hi.\nDear\nfriends,\nAcme\n\noffers jobs",
        "Hi.\n\n\n“At Acme, we build",
        "One.\r\nTwo\u2028Acme is a firm.\n  \t\nBig Co\nhas plans",
    ],
)
def test_company_matches_far_above_their_anchor(text: str) -> None:
    for k, (rx, _weight) in enumerate(company._COMPANY_PATTERNS):
        assert _spans(company._matches(k, text)) == _spans(rx.finditer(text)), k
    assert any(_spans(company._matches(k, text)) for k in (1, 3, 4, 6))


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["Acme", "Acme Robotics", "Co", "is", "a", "Inc"]))
def test_a_name_with_its_suffix_and_its_count(text: str, name: str) -> None:
    rx = re.compile(re.escape(name) + company._SUFFIX_AFTER.pattern)
    m = rx.search(text)
    assert company._with_suffix(text, name) == (m.span() if m else None)
    words = re.findall(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)
    assert company._count_word(text, name) == len(words)


def test_the_scans() -> None:
    text = "a.b\n\nc: d! e? f"
    assert boundary_starts(text) == (0, 1, 3, 4, 5, 6, 9, 12)
    assert literal_starts("at that cat at", ["at"], word_start=True) == [0, 12]
    assert literal_starts("atat", ["at", "ta"]) == [0, 1, 2]
    rx = re.compile(r"(?:^|\.\s)x+")
    assert [m.span() for m in finditer_at(rx, "xx. xx", [0, 2, 3])] == [(0, 2), (2, 6)]
    assert before_last([0, 5, 9], "a is b is", re.compile(r"\sis")) == [0, 5]
    assert before_last([0, 5], "nothing", re.compile(r"\sis")) == []


ANCHOR_PIECES = ["is", "are", " is ", " are ", "a", "an", "the", "one of", "offers", "has",
                 "This", "was founded", "At", "At ", "yr", "year", "years", " ", "\n",
                 "\u00a0", ".", "x", "_", "\udc80"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ANCHOR_PIECES), max_size=25).map("".join), st.booleans())
def test_the_last_anchor_from_its_first_words_is_the_last_one_searched(
    text: str, after_blank: bool
) -> None:
    """``before_last`` with ``firsts`` (tried from the end) bounds the starts exactly as
    the search through the whole text does (a lone surrogate too: the slow path)."""
    starts = list(range(len(text) + 1))
    for anchor, firsts in (
        (company._IS_A, company._IS),
        (company._IS_SEEKING, company._IS),
        (company._OFFERS, company._OFFERS_FIRST),
        (company._AT_WE, ("At",)),
        (terms._YEAR_WORD, ("yr", "year")),
    ):
        slow = before_last(starts, text, anchor, after_blank=after_blank)
        fast = before_last(starts, text, anchor, after_blank=after_blank, firsts=firsts)
        assert fast == slow, anchor.pattern[:30]


def test_the_starts_are_not_looked_for_without_the_anchor() -> None:
    calls: list[str] = []

    def starts(text: str) -> list[int]:
        calls.append(text)
        return [0, 4, 8]

    assert before_last(starts, "no anchor here", company._IS_A, firsts=company._IS) == []
    assert calls == []
    assert before_last(starts, "Acme is a firm", company._IS_A, after_blank=True) == [0, 4]
    assert calls == ["Acme is a firm"]


def _boundary_starts_one_by_one(text: str) -> tuple[int, ...]:
    """boundary_starts as first written: a loop over the marks."""
    out = [0]
    for m in re.finditer(r"[.!?:\n]", text):
        i = m.start()
        if i > out[-1]:
            out.append(i)
        if text[i] == "\n":
            out.append(i + 1)
    return tuple(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([".", "!", "?", ":", "\n", "a", " ", "\n\n", ".\n"]),
                max_size=30).map("".join))  # fmt: skip
def test_boundary_starts_are_every_mark_and_line_start(text: str) -> None:
    boundary_starts.cache_clear()
    assert boundary_starts(text) == _boundary_starts_one_by_one(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "·", " · ", "  ·  ", "\t", "x y"]), max_size=12)
       .map("".join))  # fmt: skip
def test_dot_pieces_as_the_split_gives_them(text: str) -> None:
    piece = layout.Piece(text, 10, 10 + len(text), 3)
    plain = []
    pos = 0
    for part in re.split(r"(\s+·\s+)", text):
        if part.strip() and not re.fullmatch(r"\s+·\s+", part):
            plain.append((part.strip(), 10 + pos, 10 + pos + len(part.strip()), 3))
        pos += len(part)
    assert [(p.text, p.start, p.end, p.line) for p in layout.dot_pieces(piece)] == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["at", "a", "t", "cat", " ", "é", "\U0001f600", "\udc80", "_"]),
                max_size=20).map("".join), st.booleans())  # fmt: skip
def test_literal_starts_are_every_place_a_literal_is_written(text: str, word: bool) -> None:
    """One Aho-Corasick pass (code-point offsets past astral characters; a lone surrogate
    falls back to str.find) finds what a plain scan of every position finds."""
    lits = ("at", "a", "cat")
    plain = [
        i
        for i in range(len(text))
        if any(text.startswith(lit, i) for lit in lits)
        and (not word or i == 0 or not re.match(r"\w", text[i - 1]))
    ]
    assert literal_starts(text, lits, word_start=word) == plain


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["1", "23", "x", " ", "•", "٣", "²", "\udc80", "a7", "\n"]),
                max_size=20).map("".join))  # fmt: skip
def test_digit_runs_start_where_the_regex_finds_them(text: str) -> None:
    """ASCII digits by the automaton; another decimal digit (Arabic-Indic) or a lone
    surrogate in the text: the regex, as before."""
    digit_run_starts.cache_clear()
    assert list(digit_run_starts(text)) == [m.start() for m in re.finditer(r"\d+", text)]


AMOUNT_PIECES = [
    "1", "12", "120", "1,000", "42.000", "60 000", "90'000", "3.5", "k", "K", "M", "million",
    "$", "US$", "USD$", "usd", "CA$", "kr", "kr.", "KR.", "€", "£", "CHF", "Fr.", "zł", "R",
    "R$", "EUR", "gbp", " ", "\u00a0", "-", "–", " to ", " à ", " bis ", "/hr", " per year",
    " a year", "p.a.", "x", "A", ".", ",", "(", "\n", "40-hour", "%", "٣", "USD$ 90",
    "AUD$\u00a0120", "kr. 5", "nzd 7",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(AMOUNT_PIECES), max_size=30).map("".join))
def test_amounts_are_found_as_finditer_finds_them(text: str) -> None:
    fast = finditer_at(pay._RANGE_RE, text, pay._amount_starts(text))
    assert [m.span() for m in fast] == [m.span() for m in pay._RANGE_RE.finditer(text)]


def test_folding_keeps_lengths_and_word_characters_and_matches_re_i() -> None:
    """What :func:`names_role` relies on, checked over all of Unicode."""
    word = re.compile(r"\w")
    letters = set(string.ascii_lowercase)
    for i in range(0x110000):
        if 0xD800 <= i < 0xE000:
            continue
        c = chr(i)
        f = fold(c)
        assert len(f) == 1, hex(i)
        assert bool(word.match(c)) == bool(word.match(f)), hex(i)
        if f in letters:  # re.I matches c to that letter, and only then
            assert re.fullmatch(f, c, re.I), hex(i)


ROLE_PIECES = [
    "Engineer", "ENGINEERS", "engineering", "Sr.", "sr", "Jr. ", "jr.x", "CTO", "mgr", "Dev",
    "devops", "Manager", "manager_", "2manager", "İntern", "ınTerN", "\u212aey", "ſtaff",
    "Staff", "Data", "Analyst", "-", "/", " ", ".", "x", "_", "é", "\n",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ROLE_PIECES), max_size=12).map("".join))
def test_names_role_is_role_re(text: str) -> None:
    assert names_role(text) == bool(ROLE_RE.search(text))


TERM_PIECES = [
    "Deadline", "closing date", "Apply by", "applications close", "posting ends", "open until",
    "until filled", "rolling basis", "Minimum posting period", "posted for a minimum",
    "accepting applications through", "Visa", "visas", "sponsorship", "H-1B", "h1b",
    "immigration", "work permit", "Right to work", "work authorization", "authorized to work",
    "eligible to work", "legally able to work", "at least", "minimum of", "min.", "over",
    "more than", "5", "10", "(3)", "-", "to", "five", "Twelve", "+", "plus", "or more",
    "years", "yrs", "year's", "experience", "in Python", " ", "\n", ".", ",", "x", "_", "9x",
    "ſponsor", "\u212a", "İ", "over 5 years", "at least 10 yrs", "minimum of five years",
    "more than 3", "min. 2 years", "This is a full-time position", "the Part-Time role",
    "full time or part time", "other", "there", "bathe contract", "fixed-term", "job",
    "part-timer", "staff",
]  # fmt: skip
term_texts = st.lists(st.sampled_from(TERM_PIECES), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(term_texts)
def test_term_phrases_are_found_as_finditer_finds_them(text: str) -> None:
    folded = fold(text)
    for rx, starts in (
        (dates._DEADLINE, dates.deadline_starts(folded)),
        (terms._SPONSOR, terms.sponsor_starts(folded)),
        (terms._YEARS, terms.years_starts(text, folded)),
        (terms._EMP_SENTENCE, terms.emp_sentence_starts(folded)),
        (terms._EMP_PHRASE, terms.emp_phrase_starts(folded)),
    ):
        fast = [m.span() for m in finditer_at(rx, text, starts)]
        assert fast == [m.span() for m in rx.finditer(text)], rx.pattern[:40]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*TERM_PIECES, "Remote", "HYBRID", "on-site", "office"]), max_size=20
    ).map("".join)
)
def test_workplace_hint_lines(text: str) -> None:
    ctx = Context(text, text, [])
    plain = {ln.index for ln in ctx.lines if workplace._WORKPLACE_HINT.search(ln.text)}
    assert workplace.hint_lines(ctx) == plain


LABEL_PIECES = [
    "Location", "LOCATION", "Job Title", "job  title", "Employment Type", "type", "Type",
    "Salary", "Posted on", "Deadline", "Ort", "disposition", "Position", ":", "：", " :",
    "  ", " ", "\t", "\u00a0", "\u2003", "x", "X)", "]", ".", "Berlin", "ſeniority", "İ",
    "\u212a", "remote", "level",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LABEL_PIECES), max_size=20).map("".join))
def test_labels_are_found_as_finditer_finds_them(text: str) -> None:
    fast = [m.span() for m in finditer_at(layout._LABEL_INLINE, text, layout.label_starts(text))]
    assert fast == [m.span() for m in layout._LABEL_INLINE.finditer(text)]


def _sentence_bounds_by_slices(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence bounds as pay.py first computed them (slices, a search from the
    line's start for every mark): the reference for the in-place version."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    s = ls
    for m in re.finditer(r"[.!?]\s+", text[ls:start]):
        if not pay._ABBR_END.search(text, ls, ls + m.start() + 1):
            s = ls + m.end()
    m2 = re.search(r"[.!?](?:\s|$)", text[end:le])
    e = end + m2.end() if m2 else le
    return s, e


SENTENCE_PIECES = [
    "Pay", "incl.", "approx.", "e.g.", "i.e.", "ca.", "pre-incl.", "xincl.", " ", "  ", "\n",
    ".", "!", "?", "$90k", "bonus", "Salary", "\t", "X", "etc.", "Inkl.",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=30).map("".join), st.data())
def test_sentence_bounds_in_place(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert pay._sentence_bounds(text, start, end) == _sentence_bounds_by_slices(text, start, end)


@pytest.mark.parametrize(
    ("text", "amount", "sentence"),
    [
        ("Great team. Pay approx. $90k a year. Apply now", "$90k", "Pay approx. $90k a year. "),
        ("We hire. Salary incl. bonus: $100k! More", "$100k", "Salary incl. bonus: $100k! "),
        ("Perks e.g. gym. Base $80k", "$80k", "Base $80k"),
    ],
)
def test_sentence_bounds_skip_abbreviations(text: str, amount: str, sentence: str) -> None:
    start = text.index(amount)
    s, e = pay._sentence_bounds(text, start, start + len(amount))
    assert text[s:e] == sentence
    assert (s, e) == _sentence_bounds_by_slices(text, start, start + len(amount))


TITLE_PIECES = [
    "We are seeking", "looking for", "hiring", "recruiting for", "in search of", "join us as",
    "join our data team as", "serve as", "as our", "bring onboard", "The", "Senior",
    "Data Analyst", "Project Manager", "of", "and", "(Remote)", " will", ".", "!", ":", "\n",
    " ", "a", "an", "x", "ManagerWe", "successful.", "the", "in search of a Data Analyst",
    "The Senior Data Analyst will", "serve as Project Manager", "seeking a Senior Analyst",
    # glue points (a lower-case letter, then "Xy") far and near a sentence's start
    "SeniorAnalyst", "aBc", "Data of Big Team WorkersNow", "\u2003", "\t", "\udc80",
    # first words with other blanks after them, or inside other words
    "as\u00a0our", "in\u2028search of", "hiring\x1c", "within", "main", "The\u3000", "as",
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Great. Head of Data and Big TeamsWe are hiring",  # six words: five blanks
        "Great.\u2003Head\u2028of\tData and\nBig TeamsWe are hiring",
        "Intro\nSenior Data ManagerWe hire. Then Data EngineerOur team",
        "no glue at all. Just text\n",
    ],
)
def test_glued_titles_as_finditer_finds_them(text: str) -> None:
    fast = [m.span() for m in finditer_at(title._GLUED_TITLE, text, title.glued_starts(text))]
    assert fast == [m.span() for m in title._GLUED_TITLE.finditer(text)]


def _glued_starts_listing_every_blank(text: str) -> list[int]:
    """glued_starts as first written: the sixth blank before a glue point always looked up
    in the list of every blank of the text."""
    try:
        pairs = title._GLUE_PAIRS.find_matches_as_indexes(text)
    except UnicodeEncodeError:
        return title._all_glued_starts(text)
    out: set[int] = set()
    blanks = [m.start() for m in re.finditer(r"\s", text)]
    for _k, p, _end in pairs:
        g = p + 1
        lower = string.ascii_lowercase
        if p < 1 or text[p - 1] not in lower or g + 1 >= len(text) or text[g + 1] not in lower:
            continue
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


GLUE_PIECES = [
    "aBc", "SeniorAnalyst", "x", "Word", "verylongwordwithoutanyblankinsideofitatall", " ",
    "\u2003", "\n", ". ", ":", "of", "Team", "\u00a0", "WorkersNow",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(GLUE_PIECES), max_size=40).map("".join))
def test_glue_points_find_their_sixth_blank_near_or_far(text: str) -> None:
    """Near a glue point (six blanks in the 80 characters before it), at the text's start
    (fewer before it), and far (a long stretch without blanks): the same starts."""
    assert title.glued_starts(text) == _glued_starts_listing_every_blank(text)


@pytest.mark.parametrize(
    "text",
    [
        "a b c d e f g h SeniorAnalyst",  # six blanks near
        "Short HeadAnalyst",  # fewer than six, at the start
        "a b c d e f " + "x" * 100 + "Big TeamsWe hire",  # fewer near, six far
        "a b " + "x" * 100 + "Big TeamsWe hire",  # fewer than six in all the text
        " a b c d e " + "x" * 70 + "Xy",  # the sixth blank the text's first character
    ],
)
def test_glue_points_near_and_far(text: str) -> None:
    assert title.glued_starts(text) == _glued_starts_listing_every_blank(text)
    fast = [m.span() for m in finditer_at(title._GLUED_TITLE, text, title.glued_starts(text))]
    assert fast == [m.span() for m in title._GLUED_TITLE.finditer(text)]


def test_the_blanks_are_every_character_re_calls_a_blank() -> None:
    blanks = re.compile(r"\s")
    every = "".join(chr(i) for i in range(0x110000) if blanks.match(chr(i)))
    assert every == BLANK_CHARS


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TITLE_PIECES), max_size=25).map("".join))
def test_title_phrases_are_found_as_finditer_finds_them(text: str) -> None:
    for rx, starts in (
        (title._SEEKING, title.seeking_starts(text)),
        (title._GLUED_TITLE, title.glued_starts(text)),
    ):
        fast = [m.span() for m in finditer_at(rx, text, starts)]
        assert fast == [m.span() for m in rx.finditer(text)], rx.pattern[:30]


WORKPLACE_PIECES = [
    "Hybrid", "hybrid role", "(hybrid)", "hybrid: 3", "is a hybrid", "position hybrid",
    "hybrid in", "hybrid, 2", "3 days a week in the office", "two days per week at our hq",
    "in-office 2 days", "in one of our offices at least 50%", "On-site", "onsite", "in person",
    "in the office full-time", "office-based", "no remote", "not a remote", "remote work is not",
    "not eligible for remote", "must be in office", "(Remote)", "fully remote", "100 % remote",
    "Remote-first", "working from home", "work-from-home", "WFH", "is remote", "remote,",
    "telecommuting", "distributed team", " ", ".", "\n", "x", "9", "_", "(", "ſite", "İn",
    "four days in the office", "one day at the site",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORKPLACE_PIECES), max_size=15).map("".join))
def test_workplace_phrases_are_found_as_finditer_finds_them(text: str) -> None:
    for kind, rx in (
        ("hybrid", workplace._HYBRID),
        ("on-site", workplace._ONSITE),
        ("remote", workplace._REMOTE),
    ):
        starts = workplace.line_starts(kind, text, fold(text))
        fast = [m.span() for m in finditer_at(rx, text, starts)]
        assert fast == [m.span() for m in rx.finditer(text)], kind


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORKPLACE_PIECES, "\ud800", "one", "in", "won"]), max_size=15))
def test_workplace_first_words_of_the_three_kinds_in_one_pass(pieces: list[str]) -> None:
    folded = fold("".join(pieces))
    found = workplace.first_word_starts(folded)
    assert set(found) == set(workplace._FIRST_WORDS)
    for kind, words in workplace._FIRST_WORDS.items():
        assert found[kind] == literal_starts(folded, words, word_start=True), kind


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "0.5%", "Pay", "–", "x1", "_", "1", " ", "\n"]), max_size=20
    ).map("".join),
    st.integers(0, 5),
)
def test_words_counted_as_far_as_needed(rest: str, limit: int) -> None:
    words = [w for w in rest.split() if re.search(r"[^\W\d_]", w)]
    assert pay._words_at_most(rest, limit) == (len(words) <= limit)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["located in", "based at", "Position in", "position at", "is ", "Raynham, MA", ".",
             "relocated in", "based", " in ", "\n", "(", "Copenhagen", "x"]
        ),
        max_size=15,
    ).map("".join)
)  # fmt: skip
def test_based_in_is_found_as_finditer_finds_it(text: str) -> None:
    starts = literal_starts(text, location._BASED_FIRST, word_start=True)
    fast = [m.span() for m in finditer_at(location._BASED_IN, text, starts)]
    assert fast == [m.span() for m in location._BASED_IN.finditer(text)]


CAPTION_PIECES = [
    "Acme", "Acme Robotics", " logo", "Logo of ", "logotipo de ", "'s logo image", "_logo",
    "Careers at ", "careers", "Jobs", "Job openings", "Open Positions", "Career Site",
    "Karriereportal", "Jobbörse", "Stellenangebote", "Carrières ", "Emplois", "Offres d’emploi",
    "Empleos", "Ofertas de empleo", "Trabajos", "Carreras ", "Trabaja con nosotros",
    "Lavora con noi", "Carriere", "Offerte di lavoro", "Vacatures", "Werken bij ", "Vagas",
    "Carreiras", "Trabalhe conosco", "Empregos", "Work at ", "Life at ", "Join us at ",
    "Jobs and careers at ", " - ", " | ", ": ", "·", " ", "CAREERS", "ſtellen", "İ", "\u212a",
]  # fmt: skip


def _company_name_trying_every_wrapper(c: str) -> str | None:
    """``chrome.company_name`` as first written: every wrapper tried on every caption."""
    c = c.strip()
    for _ in range(2):
        for rx in chrome._WRAPPERS:
            m = rx.match(c)
            if m and m.group("c").strip(" -–|:·"):
                c = m.group("c").strip(" -–|:·")
                break
        else:
            break
    if chrome._is_place(c) or chrome._is_department(c) or chrome._UI_STRINGS.match(c):
        return None
    return c


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CAPTION_PIECES), min_size=1, max_size=6).map("".join))
def test_company_name_skips_only_wrappers_that_cannot_match(caption: str) -> None:
    chrome.company_name.cache_clear()
    assert chrome.company_name(caption) == _company_name_trying_every_wrapper(caption)


@pytest.mark.parametrize(
    "caption",
    [
        "Acme logo", "Logo of Acme", "Acme's logo image", "Careers at Acme", "Life at Acme",
        "Work at Acme", "Join us at Acme", "Jobs and careers at Acme", "Ofertas de empleo - Acme",
        "Trabaja con nosotros | Acme", "Lavora con noi: Acme", "Offerte di lavoro · Acme",
        "Vagas Acme", "Karriere Acme", "Carrières Acme", "Empregos Acme", "Werken bij Acme",
        "Stellenangebote Acme", "Acme Vacatures", "Acme Jobbörse", "Acme - Career Portal",
        "Acme Open Positions", "Acme Careers logo", "Acme Robotics",
    ],
)  # fmt: skip
def test_company_name_of_each_wrapper(caption: str) -> None:
    chrome.company_name.cache_clear()
    assert chrome.company_name(caption) == _company_name_trying_every_wrapper(caption)
    assert chrome.company_name(caption) in ("Acme", "Acme Robotics")

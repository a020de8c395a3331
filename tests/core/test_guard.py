# ruff: noqa: E501  (the postings below are kept one paragraph a line, as pasted)
"""The content guards: no rule removes the employer's text (jobdesk/core/guard.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core import guard
from jobdesk.core.engine import NO_SITE, Cleaner, Lines
from jobdesk.core.prefilter import squash_blanks
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import score

# A posting whose subject is equal-opportunity compliance itself: every duty uses the
# words of the legal boilerplate, and none of it is boilerplate.
EEO_ROLE = """EEO Compliance Specialist
Acme Health Systems
Chicago, IL · Hybrid · Full-time
$78,000 - $95,000 a year

About the role
Acme Health Systems is looking for an EEO Compliance Specialist to run our equal employment opportunity and affirmative action programs across 14 hospitals.

What you'll do
• Ensure compliance with Equal Employment Opportunity (EEO) and affirmative action regulations across all sites.
• Prepare the annual affirmative action plan and EEO-1 reports for OFCCP audits.
• Investigate complaints of discrimination based on race, color, religion, sex, national origin, age or disability, and recommend corrective action.
• Coordinate reasonable accommodation requests from employees and managers.
• Train hiring managers on fair chance hiring and ban-the-box requirements.
• Maintain the drug-free workplace program, including testing schedules.
• Review the applicant privacy notice with Legal and keep it current.
• Run E-Verify and I-9 compliance checks for new hires.
• Build training on recruiting fraud and fake job offers for the talent team.

What you bring
• 3+ years of experience with EEO investigations or employment law.
• Working knowledge of Title VII, the ADA, and VEVRAA.
• Experience writing policies that ensure equal opportunity for all employees.

Benefits
• $5,000 sign-on bonus.
• Visa sponsorship is available for this role.

Please include a cover letter and two writing samples when you apply. Applications close on 30 June 2026.
"""

# The same duties without bullets or headings to lean on (a paste that lost its
# list markers): the sentences' own shape must carry them.
BARE_DUTIES = [
    "Coordinate reasonable accommodation requests from employees and managers.",
    "Investigate complaints of discrimination based on race, color, religion or sex.",
    "Experience with E-Verify and I-9 compliance for a workforce of 5,000.",
    "You will own our drug-free workplace program and its testing schedules.",
    "We are looking for an analyst to audit our affirmative action plan each year.",
]

BOILERPLATE = [
    "Acme is an equal opportunity employer. All qualified applicants will receive "
    "consideration for employment without regard to race, color, religion, sex, national "
    "origin, disability or protected veteran status.",
    "As an equal opportunity employer, Acme does not discriminate against qualified "
    "individuals with disabilities.",
    "Acme promotes a drug-free workplace.",
    "Acme uses E-Verify to confirm the employment eligibility of all new hires.",
]


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(load_rules(user_dir=False))


@pytest.mark.parametrize("site", [None, ""], ids=["detected", "site-blind"])
def test_a_posting_about_eeo_compliance_keeps_every_word(cleaner: Cleaner, site: str) -> None:
    result = cleaner.match(EEO_ROLE, site=site).resolve()
    assert score(result.cleaned, EEO_ROLE).recall == 1.0, result.edits


@pytest.mark.parametrize("duty", BARE_DUTIES)
def test_duty_shaped_sentences_are_content(cleaner: Cleaner, duty: str) -> None:
    text = f"Compliance Analyst\nAcme\n\n{duty}\n\nAcme is an equal opportunity employer.\n"
    cleaned = cleaner.clean(text).cleaned
    assert duty in cleaned
    assert "equal opportunity employer" not in cleaned  # the real boilerplate still goes


@pytest.mark.parametrize("sentence", BOILERPLATE)
def test_boilerplate_paragraphs_still_go(cleaner: Cleaner, sentence: str) -> None:
    text = f"Data Analyst\nAcme\n\nYou will build dashboards for the finance team.\n\n{sentence}\n"
    cleaned = cleaner.clean(text).cleaned
    assert "dashboards" in cleaned
    assert sentence.split(".")[0] not in cleaned


def test_legal_words_in_a_list_under_a_content_heading_are_content(cleaner: Cleaner) -> None:
    text = (
        "Requirements\n"
        "Knowledge of EEO law\n"
        "Reasonable accommodation case handling\n\n"
        "Acme is an equal opportunity employer.\n"
    )
    cleaned = cleaner.clean(text).cleaned
    assert "Reasonable accommodation case handling" in cleaned
    assert "equal opportunity employer" not in cleaned


# A dataset description whose lists lost their bullets: the requirements are bare lines,
# and the boilerplate after them is a line of its own.
BARE_LIST = (
    "Data Analyst\n"
    "Requirements\n"
    "Experience with SQL and Python\n"
    "Understanding of dimensional modeling concepts preferred\n"
)


@pytest.mark.parametrize(
    "boilerplate",
    [
        "The Buffalo Group is an Equal Opportunity Employer",
        "Acme Services provides equal employment opportunities to all employees and applicants "
        "for employment and prohibits discrimination of any type without regard to race, color, "
        "religion, age, sex or national origin.",
        "Acme and its Subsidiaries are Equal Opportunity/Affirmative Action employers.",
        "***To all recruitment agencies: Acme does not accept unsolicited agency resumes/CVs. "
        "Please do not forward resumes/CVs to our careers email addresses or employees. Acme is "
        "not responsible for any fees related to unsolicited resumes/CVs.",
    ],
)
def test_boilerplate_after_an_unbulleted_list_still_goes(
    cleaner: Cleaner, boilerplate: str
) -> None:
    # An employer declaring itself an equal opportunity employer, or a paragraph of two
    # sentences or more, is not one more item of the list above it.
    cleaned = cleaner.clean(BARE_LIST + boilerplate + "\n").cleaned
    assert cleaned.strip() == BARE_LIST.strip()


@pytest.mark.parametrize(
    "item",
    [
        "Experience as an equal opportunity employer's HR partner",
        "You are an equal opportunity advocate for our customers",
    ],
)
def test_an_eeo_item_that_is_a_requirement_stays(cleaner: Cleaner, item: str) -> None:
    cleaned = cleaner.clean(BARE_LIST + item + "\n").cleaned
    assert item in cleaned


def test_a_ui_sentence_glued_into_a_header_line_keeps_its_pay(cleaner: Cleaner) -> None:
    # A scraped header without full stops: the button's "sentence" runs back to the
    # line's start, over the title, the place and the pay.
    header = (
        "Analytics Engineer Location Denver, CO Apply Now Sign Up For Job Alerts Email Job "
        "Job Description Analytics Engineer Contract Target Pay 50-65 per hour Our client "
        "builds billing software."
    )
    text = header + "\nYou will model revenue data in dbt.\n"
    cleaned = cleaner.clean(text).cleaned
    assert "Target Pay 50-65 per hour" in cleaned
    # Without pay in it, the same call to action still goes.
    cleaned = cleaner.clean("We ship weekly.\nSign up for job alerts today.\n").cleaned
    assert "job alerts" not in cleaned


def test_a_bare_eeo_line_is_no_heading_over_the_benefits(cleaner: Cleaner) -> None:
    # "Equal Opportunity Employer" on a line of its own is a statement, not a heading:
    # the paragraph under it is the employer's.
    benefits = (
        "Our team members enjoy excellent wages and a comprehensive benefits package.\n"
        "Benefits include health care coverage, a 401k plan and paid sick leave.\n"
    )
    role = (
        "You will run our field surveys across three counties and report to the chief "
        "engineer. You will maintain the survey instruments, train two junior technicians "
        "and write the monthly progress reports for our public-sector clients.\n"
    )
    text = role + "\nEqual Opportunity Employer\n" + benefits
    cleaned = cleaner.clean(text).cleaned
    assert benefits.strip() in cleaned
    assert "Equal Opportunity Employer" not in cleaned


SIGN_ON = (
    "We are hiring registered nurses for our new cardiac unit in Dayton, and every new "
    "hire receives a $10,000 sign-on bonus paid in the first month."
)


def test_a_widget_block_stops_at_the_description(cleaner: Cleaner) -> None:
    """Indeed's insight widgets run from 'Job details' to 'Full job description'; on a
    page where the description sits between the two, the block stops before it."""
    text = (
        "Registered Nurse\nDayton Health - Dayton, OH\n\nJob details\nFull-time\n\n"
        f"{SIGN_ON}\n\nYou will care for 4 to 5 patients per shift and work with the "
        "cardiac team on every admission.\n\nFull job description\nBenefits\n• 401(k)\n"
    )
    result = cleaner.match(text, site="indeed").resolve()
    assert SIGN_ON in result.cleaned
    assert "Job details" not in result.cleaned  # the widget heading itself still goes


def test_a_tail_whose_marker_precedes_the_posting_stops_at_it(cleaner: Cleaner) -> None:
    """A company box moved above the description must not take the description."""
    text = (
        "About the company\nAcme\n12,345 followers\n\nAbout the job\n\n"
        f"{SIGN_ON}\n\nResponsibilities\n• Care for patients on the cardiac unit.\n"
    )
    result = cleaner.match(text, site="linkedin").resolve()
    assert SIGN_ON in result.cleaned
    assert "Care for patients" in result.cleaned
    assert "followers" not in result.cleaned


def test_a_head_marker_after_the_posting_keeps_it(cleaner: Cleaner) -> None:
    """A head rule removes the page header before its marker; when the marker turns up
    after the description (another layout), the description stays."""
    text = (
        f"Registered Nurse\n\n{SIGN_ON}\n\nYou will care for 4 to 5 patients per shift "
        "and work with the cardiac team on every admission.\n\nJob Post Details\n"
    )
    result = cleaner.match(text, site="indeed").resolve()
    assert SIGN_ON in result.cleaned


def test_a_section_of_site_chrome_stops_at_a_fact_line(cleaner: Cleaner) -> None:
    text = (
        "Meet the hiring team\nJane Doe\nRecruiter\nJob Title: Data Scientist\n"
        "Location: Manhattan, NY\nDuration: 12 months\n"
    )
    result = cleaner.match(text, site="linkedin").resolve()
    assert "Location: Manhattan, NY" in result.cleaned
    assert "Meet the hiring team" not in result.cleaned


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("• Coordinate reasonable accommodation requests from employees.", True),
        ("We build the tools that our nurses use on every shift of the week.", True),
        ("Wir suchen eine erfahrene Pflegekraft für unser Team in der Kardiologie.", True),
        ("Nous recherchons un développeur pour rejoindre notre équipe à Lyon.", True),
        ("Senior Data Engineer Acme Corp Boston, MA $120K 3 days ago", False),
        ("Home Jobs Companies Salaries Sign in", False),
        ("Apply now", False),
    ],
)
def test_content_lines(line: str, expected: bool) -> None:
    assert guard.is_content_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Responsibilities", True),
        ("Your responsibilities:", True),
        ("Skills & Experience", True),
        ("Ihre Aufgaben", True),
        ("Profil recherché", True),
        ("Wat wij bieden", True),
        ("Senior Software Engineer - Developer Experience", False),
        ("Similar jobs", False),
    ],
)
def test_content_headings(line: str, expected: bool) -> None:
    assert guard.is_content_heading(line) is expected


def test_coverage_counts_overlaps_once() -> None:
    cov = guard.Coverage([(0, 10), (5, 20), (30, 40)])
    assert cov.covered(0, 40) == 30
    assert cov.covered(20, 40) == 10
    assert cov.explains(15, 45)  # 15 of 30
    assert not cov.explains(15, 50)  # 15 of 35


def test_bound_structural_leaves_furniture_without_prose_alone() -> None:
    text = "Similar jobs\nData Engineer\nAcme\nBoston, MA\n$120K\n"
    lines = Lines(text)
    spans = guard.bound_structural(
        [(0, len(text), "tail", "recommendations")],
        text,
        lines,
        guard.Coverage([]),
        {"anchor": [], "fact": [], "pay": []},
    )
    assert spans == [(0, len(text))]


def test_every_stopping_line_holds_one_of_its_literals() -> None:
    """The engine looks for stopping lines only where their literals are (one literal
    pass): each pattern's every match must hold one."""
    lits = guard.stopper_literals()
    samples = {
        "anchor": ["Responsibilities", "What you'll do", "Ihre Aufgaben", "Profil recherché",
                   "About the job", "Job Description", "Stellenbeschreibung",
                   "Descripción del puesto", "Wat wij bieden", "Skills & Experience"],
        "fact": ["Location: Boston", "Job Title: Analyst", "Standort: Berlin", "Lieu : Paris"],
        "pay": ["Salary: $120,000", "Gehalt: 55.000 €", "Salaire : 42K à 48K €"],
    }  # fmt: skip
    for kind, lines in samples.items():
        for line in lines:
            assert any(lit in line.lower() for lit in lits[kind]), (kind, line)


@pytest.mark.parametrize(
    "duty",
    [
        "• Maintain our cookie consent banner and the privacy notice for applicants.",
        "• Build the similar jobs recommendations that our candidates see every day.",
    ],
)
def test_a_duty_item_in_chrome_words_stays(cleaner: Cleaner, duty: str) -> None:
    text = f"Frontend Engineer\nAcme\n\nResponsibilities\n{duty}\n\nAccept all cookies\n"
    cleaned = cleaner.match(text, site=NO_SITE).resolve().cleaned
    assert duty in cleaned
    assert "Accept all cookies" not in cleaned


# -- speed: the same judgements, fewer of them -----------------------------------------

_BLANKS = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", "\u2009", "\x1c", " \t "])
_WORDS = st.sampled_from(["a", "Über", "x1", "—", "we", "ÉTÉ", "•", "’s", "İ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(_BLANKS, _WORDS), max_size=7).map(
    lambda parts: "".join(b + w for b, w in parts)) | _BLANKS, max_size=12))  # fmt: skip
def test_wordy_lines_from_the_folded_lines_are_those_of_the_regex(lines: list[str]) -> None:
    text = "\n".join(lines)
    folded = squash_blanks(text.lower()).split("\n")
    assert guard.wordy_lines(text, folded) == guard.wordy_lines(text)


PROSE = "We are looking for a person who will build and run the data platform of the team."


def _doc(text: str) -> tuple[guard._Doc, Lines]:
    lines = Lines(text)
    return guard._Doc(text, lines, guard.Coverage([]), {"anchor": [], "fact": [], "pay": []}), lines


def _share(doc: guard._Doc, n: int, first: int, last: int) -> float:
    """The definition: the share of the page's prose words on lines first..last."""
    words = [len(guard._words(doc.line(i))) if doc.content(i) else 0 for i in range(n)]
    total = sum(words)
    return sum(words[first : last + 1]) / total if total else 0.0


@pytest.mark.parametrize(
    "pattern",
    ["ppp-p", "p-ppp", "pp-pp", "p-p", "----", "p", "p--xp-", "xx-p"],
)
def test_half_of_prose_is_the_share_of_the_page_prose(pattern: str) -> None:
    # p: a prose line, x: a short prose line, -: a label
    rows = {"p": PROSE, "x": "We run it for all of you.", "-": "Apply now"}
    text = "\n".join(rows[c] for c in pattern)
    doc, _lines = _doc(text)
    n = len(pattern)
    for first in range(n):
        for last in range(first, n):
            expected = _share(doc, n, first, last) >= 0.5
            assert doc.half_of_prose(first, last) is expected, (pattern, first, last)


def test_half_of_prose_judges_the_lines_outside_only_as_far_as_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    judged: list[str] = []
    is_content = guard.is_content_line
    monkeypatch.setattr(guard, "is_content_line", lambda s: judged.append(s) or is_content(s))
    text = "\n".join([PROSE] * 200 + ["Similar jobs", PROSE])
    doc, _lines = _doc(text)
    assert not doc.half_of_prose(201, 201)
    assert len(judged) <= 3


def test_a_line_another_rule_explains_is_not_read_for_prose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    judged: list[str] = []
    is_content = guard.is_content_line
    monkeypatch.setattr(guard, "is_content_line", lambda s: judged.append(s) or is_content(s))
    text = "\n".join([PROSE, PROSE.replace("team", "group")])
    lines = Lines(text)
    cands = {"anchor": [], "fact": [], "pay": []}
    doc = guard._Doc(text, lines, guard.Coverage([lines.span(0)]), cands)
    assert not doc.content(0)
    assert doc.content(1)
    assert judged == [text.split("\n")[1]]


_SEEKING_WORDS = st.sampled_from(
    ["we", "are", "is", "We're", "LOOKING", "looking", "for", "FOR", "seeking", "Seeking",
     "ſeeking", "hiring", "HIRING", "an", "a", "engineer", "ÉTÉ", "de", " ", "Hiring."]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_SEEKING_WORDS, max_size=9).map(" ".join))
def test_the_seeking_shortcut_agrees_with_its_pattern(sentence: str) -> None:
    assert guard._seeking(sentence) is (guard._SEEKING.search(sentence) is not None)


def test_the_seeking_pattern_is_found_in_any_case() -> None:
    assert guard._seeking("Acme is LOOKING FOR an EEO specialist")
    assert guard._seeking("We’re hiring a compliance lead")
    assert not guard._seeking("We are an equal opportunity employer")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\u00a0\nab.)•·*-–—✓1２٣x", max_size=30))
def test_unbullet_is_the_first_marker_removed(text: str) -> None:
    assert guard._unbullet(text) == guard._BULLET.sub("", text, count=1)


def test_unbullet_removes_markers_and_passes_plain_text_over() -> None:
    assert guard._unbullet("• Ensure compliance") == "Ensure compliance"
    assert guard._unbullet("12) Ensure compliance") == "Ensure compliance"
    assert guard._unbullet("We are an equal opportunity employer") == (
        "We are an equal opportunity employer"
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_BLANKS, _WORDS), max_size=12).map(
    lambda parts: "".join(b + w for b, w in parts)), st.integers(1, 12))  # fmt: skip
def test_has_words_counts_the_words_of_words(line: str, n: int) -> None:
    # ("İ" lower-cases to two characters, the second no word character)
    assert guard._has_words(line, n) is (len(guard._words(line)) >= n)


@pytest.mark.parametrize("bullet", ["", "• "])
def test_a_legal_match_in_a_long_paragraph_reads_its_words_only_as_far_as_needed(
    monkeypatch: pytest.MonkeyPatch, bullet: str
) -> None:
    read: list[int] = []
    words = guard._words
    monkeypatch.setattr(guard, "_words", lambda s: read.append(len(s)) or words(s))
    line = bullet + "Acme participates in E-Verify. " * 300
    lines = Lines(line)
    assert guard.is_boilerplate_context(line, lines, len(bullet), len(bullet) + 30) is not bool(
        bullet
    )
    assert max(read, default=0) < 100


_SENTENCE_BITS = st.sampled_from(
    ["Acme", " ", ".", "!", "?", "\t", "\u00a0", "\n", "e.g", "…", "\u2028"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE_BITS, max_size=12).map("".join))
def test_the_first_sentence_ends_where_the_look_behind_said(sentence: str) -> None:
    behind = re.compile(r"(?<=[.!?])\s").search(sentence)
    cut = guard._FIRST_SENTENCE_END.search(sentence)
    assert (cut.start() + 1 if cut else None) == (behind.start() if behind else None)


def test_legal_matches_on_one_line_look_above_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    is_heading = guard.is_content_heading
    monkeypatch.setattr(guard, "is_content_heading", lambda s: read.append(s) or is_heading(s))
    text = "Benefits\n• Health plan\nAcme complies with E-Verify. Acme follows the law.\n"
    lines = Lines(text)
    at = text.index("Acme")
    apart: dict[int, bool] = {}
    judged = [guard.is_boilerplate_context(text, lines, s, s + 20, apart) for s in (at, at + 30)]
    assert judged == [guard.is_boilerplate_context(text, lines, s, s + 20) for s in (at, at + 30)]
    assert len(read) == 3 * len(apart) == 3  # the lookups above, then the two without memo

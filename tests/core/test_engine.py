from __future__ import annotations

import textwrap

import pytest

from jobdesk.core.engine import TIDY_RULE, Cleaner
from jobdesk.core.ingest import Document
from jobdesk.core.result import apply_edits
from jobdesk.core.rules import RuleSet, parse_pack

PACK = textwrap.dedent(
    r"""
    [pack]
    id = "t"

    [[rule]]
    id = "t.apply"
    category = "site-chrome"
    kind = "line"
    phrases = ["Apply", "Save job"]

    [[rule]]
    id = "t.applicants"
    category = "applicant-insights"
    kind = "phrase"
    pattern = ' · \d+ applicants'

    [[rule]]
    id = "t.eeo"
    category = "legal-boilerplate"
    kind = "sentence"
    pattern = 'equal opportunity employer'

    [[rule]]
    id = "t.similar"
    category = "recommendations"
    kind = "tail"
    pattern = 'Similar jobs'

    [[rule]]
    id = "t.about-company"
    category = "company-marketing"
    kind = "section"
    pattern = 'About the company'
    default = false

    [[rule]]
    id = "t.head"
    category = "site-chrome"
    kind = "head"
    pattern = 'About the job'

    [[rule]]
    id = "t.keep-pay"
    category = "keep"
    kind = "line"
    pattern = '.*\$\d.*'

    [[rule]]
    id = "whitespace.blank-lines"
    category = "whitespace"
    kind = "blank-lines"

    [[rule]]
    id = "t.block"
    category = "application-form"
    kind = "block"
    pattern = 'Apply for this job'
    until = 'Submit application'

    [[rule]]
    id = "t.langs"
    category = "navigation-footer"
    kind = "language-picker"

    [[rule]]
    id = "t.dup"
    category = "site-chrome"
    kind = "duplicate-line"
    """
)

RAW = textwrap.dedent(
    """\
    Jobs  Messaging  Me
    About the job
    Data Engineer
    Data Engineer
    Boston, MA · 3 days ago · 36 applicants
    Apply

    We build pipelines. We are an equal opportunity employer. Pay is great.

    About the company

    Acme makes anvils.
    Founded 1900.

    Benefits: health.
    Similar jobs
    Analyst · Acme · $90,000
    """
)


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    pack, errors = parse_pack(PACK, "t.toml")
    assert errors == []
    return Cleaner(RuleSet(packs=[pack]))


def test_every_kind(cleaner: Cleaner) -> None:
    result = cleaner.match(Document(source=RAW)).resolve()
    assert result.cleaned == textwrap.dedent(
        """\
        About the job
        Data Engineer
        Boston, MA · 3 days ago

        We build pipelines. Pay is great.

        About the company

        Acme makes anvils.
        Founded 1900.

        Benefits: health.
        Analyst · Acme · $90,000"""
    )
    assert apply_edits(result.source, result.edits) == result.cleaned


def test_keep_beats_removal_and_toggles_resolve_only(cleaner: Cleaner) -> None:
    matched = cleaner.match(Document(source=RAW))
    hits_before = matched.hits_by_rule
    off = matched.resolve({"t.keep-pay": False})
    assert "Analyst" not in off.cleaned and "Similar jobs" not in off.cleaned
    on = matched.resolve({"t.about-company": True})
    assert "About the company" not in on.cleaned and "Acme makes anvils." not in on.cleaned
    assert "Benefits: health." in on.cleaned
    assert matched.hits_by_rule is hits_before  # no re-matching


def test_disabling_everything_returns_source(cleaner: Cleaner) -> None:
    matched = cleaner.match(Document(source=RAW))
    everything_off = dict.fromkeys(matched.rules, False)
    result = matched.resolve(everything_off)
    assert result.cleaned == RAW and result.edits == []


def test_edits_credit_rules(cleaner: Cleaner) -> None:
    result = cleaner.match(Document(source=RAW)).resolve()
    counts = result.rule_counts()
    assert counts["t.apply"] == 1
    assert counts["t.applicants"] == 1
    assert counts["t.eeo"] == 1
    assert counts["t.head"] == 1
    assert counts["t.dup"] == 1
    assert TIDY_RULE in counts


def test_sentence_boundary_mid_line(cleaner: Cleaner) -> None:
    text = "Reply within 5 business days.We are an equal opportunity employer. Thanks!"
    result = cleaner.match(Document(source=text)).resolve()
    assert result.cleaned == "Reply within 5 business days.Thanks!"


def test_a_sentence_in_glued_text_does_not_run_back_over_the_list(cleaner: Cleaner) -> None:
    # A list scraped without its line breaks: no full stop for 300 characters before the
    # match, so the "sentence" would take every benefit with it.
    benefits = (
        "Acme offers a variety of benefits to protect your health and well-being including: "
        "401K Retirement Savings Plan with employer matchHealth benefits including Medical, "
        "Dental and Vision benefitsFlexible spending planLong-term and Short-term disability "
        "insuranceLife insurancePaid Holidays and Vacations"
    )
    text = benefits + "Acme is an equal opportunity employer. Thanks!"
    result = cleaner.match(Document(source=text)).resolve()
    assert result.cleaned == benefits + "Thanks!"


def test_block_and_language_picker(cleaner: Cleaner) -> None:
    text = (
        "Role text.\nApply for this job\nFirst name\nEmail\nSubmit application\nAfter.\n"
        "Deutsch\nEnglish\nFrançais\nעברית (Hebrew)\nEnd."
    )
    result = cleaner.match(Document(source=text)).resolve()
    assert result.cleaned == "Role text.\nAfter.\nEnd."


def test_block_without_end_marker_removes_nothing(cleaner: Cleaner) -> None:
    text = "Apply for this job\nWe are great\n"
    result = cleaner.match(Document(source=text)).resolve()
    assert "We are great" in result.cleaned


def test_replacement_and_removal_do_not_overlap() -> None:
    from jobdesk.core.rules import load_rules

    c = Cleaner(load_rules(user_dir=False))
    text = "You‚Äôll love it\u00a0here\n\n\n\nBye\u200b"
    result = c.match(Document(source=text)).resolve()
    assert result.cleaned == "You’ll love it here\n\nBye"
    rules = {e.rule for e in result.edits}
    assert {"encoding.mojibake", "encoding.odd-spaces", "encoding.zero-width", TIDY_RULE} <= rules


def test_site_detection_picks_only_that_site() -> None:
    site_pack, _ = parse_pack(
        '[pack]\nid = "board"\ndetect = ["Powered by Board"]\nurls = ["board\\\\.example"]\n'
        '[[rule]]\nid = "board.x"\ncategory = "site-chrome"\nkind = "line"\npattern = "X"\n'
        'examples.remove = ["X"]\n',
        "board.toml",
    )
    c = Cleaner(RuleSet(packs=[site_pack]))
    assert c.detect_site("hello\nPowered by Board") == "board"
    assert c.detect_site("hello", url="https://board.example/job/1") == "board"
    assert c.detect_site("hello") is None
    assert c.match(Document(source="X\nY")).resolve().cleaned == "X\nY"
    assert c.match(Document(source="X\nY\nPowered by Board")).resolve().cleaned.startswith("Y")


def test_run_kind_with_between_lines() -> None:
    pack, errors = parse_pack(
        '[pack]\nid = "r"\n[[rule]]\nid = "r.seo"\ncategory = "recommendations"\nkind = "run"\n'
        "pattern = '.{1,40} jobs'\nbetween = '[\\d,]+ open jobs|•'\nmin_run = 3\n",
        "r.toml",
    )
    assert errors == []
    text = (
        "Write Spark jobs.\n\nData jobs\n2,745 open jobs\n•\nML jobs\n\nPython jobs\n"
        "12 open jobs\nEnd of page\n• Monitor Airflow jobs\n"
    )
    result = Cleaner(RuleSet(packs=[pack])).match(Document(source=text)).resolve()
    assert result.cleaned == "Write Spark jobs.\n\nEnd of page\n• Monitor Airflow jobs\n"


def test_sentence_glued_to_a_unicode_capital(cleaner: Cleaner) -> None:
    text = "Wir freuen uns.Über 20 equal opportunity employer Jahre. Äpfel gibt es."
    result = cleaner.match(Document(source=text)).resolve()
    assert result.cleaned == "Wir freuen uns.Äpfel gibt es."


def test_language_picker_needs_real_language_names(cleaner: Cleaner) -> None:
    text = "• Maker #1 (Technical Lead, You!)\n• Maker #2 (Designer, Them)\n• Maker #3 (PM, Us)\n"
    assert cleaner.match(Document(source=text)).resolve().cleaned == text.rstrip("\n")


def test_site_detection_ties_go_to_priority() -> None:
    def pack(pid: str, priority: int) -> str:
        return (
            f'[pack]\nid = "{pid}"\npriority = {priority}\ndetect = ["shared marker"]\n'
            f'[[rule]]\nid = "{pid}.x"\ncategory = "site-chrome"\nkind = "line"\npattern = "X"\n'
        )

    low, _ = parse_pack(pack("aaa", 0), "a.toml")
    high, _ = parse_pack(pack("zzz", 1), "z.toml")
    assert Cleaner(RuleSet(packs=[low, high])).detect_site("a shared marker") == "zzz"


DUP_PACK = """
[pack]
id = "d"
name = "D"

[[rule]]
id = "d.repeated"
category = "site-chrome"
kind = "duplicate-block"
min_run = 3
"""


def test_a_repeated_header_card_goes_but_a_repeated_list_of_the_posting_stays() -> None:
    pack, errors = parse_pack(DUP_PACK, "d.toml")
    assert errors == []
    cleaner = Cleaner(RuleSet(packs=[pack]))
    card = "£52,000 - £55,000 per annum\nBirmingham, West Midlands\nPermanent, full-time\n"
    text = "Data Engineer\n" + card + "\nYou will build pipelines.\n\n" + card
    assert cleaner.match(Document(source=text)).resolve().cleaned.count("per annum") == 1
    # The employer's own requirements, printed twice (a dataset row whose lists lost
    # their bullets): requirement lines are the posting's, whatever repeats them.
    reqs = (
        "Experience with data visualization tools and dashboards\n"
        "AWS experience, particularly with EC2, S3, Cloudwatch and RDS\n"
        "Perform ad-hoc analysis and present results in a clear manner\n"
    )
    text = "Requirements\n" + reqs + "\nPreferred\n" + reqs
    assert cleaner.match(Document(source=text)).resolve().cleaned == text


def test_a_repeated_line_is_judged_for_prose_once_however_often_it_repeats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobdesk.core import engine

    pack, errors = parse_pack(DUP_PACK, "d.toml")
    assert errors == []
    cleaner = Cleaner(RuleSet(packs=[pack]))
    judged: list[str] = []
    is_content = engine.is_content_line
    monkeypatch.setattr(engine, "is_content_line", lambda t: judged.append(t) or is_content(t))
    card = "Senior Data Engineer\nAcme Robotics Ltd\nBirmingham, West Midlands\n"
    text = "Data Engineer\n" + card + "\nYou will build pipelines.\n\n" + card * 4
    hits = cleaner.match(Document(source=text), site=engine.NO_SITE).hits_by_rule["d.repeated"]
    assert [text[h.start : h.end] for h in hits] == [card * 4]
    assert sorted(judged) == sorted(card.lower().splitlines())

"""The engine's shortcuts (jobdesk/core/engine.py) change which rules run, never what
they find: each is checked against the plain way of doing the same."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.engine import Cleaner, Scan
from jobdesk.core.ingest import Document, Region
from jobdesk.core.rules import Rule, RuleSet, load_rules

RULES = load_rules(user_dir=False)
PAGE = """Senior Data Engineer
Acme · Boston, MA · 3 days ago
Apply
Save

About the job
We build data pipelines. You will own our ingestion.

Similar jobs
"""


@pytest.fixture
def called(monkeypatch: pytest.MonkeyPatch) -> list[Rule]:
    """The rules the cleaner runs (match_rule calls), in order."""
    out: list[Rule] = []
    real = Cleaner.match_rule

    def spy(self: Cleaner, rule: Rule, scan: Scan) -> object:
        out.append(rule)
        return real(self, rule, scan)

    monkeypatch.setattr(Cleaner, "match_rule", spy)
    return out


def test_html_region_rules_run_only_on_documents_with_such_regions(called: list[Rule]) -> None:
    cleaner = Cleaner(RULES)
    cleaner.match(Document(source=PAGE))
    assert not [r.id for r in called if r.kind == "html-region"]
    footer = PAGE.index("Similar jobs")
    doc = Document(source=PAGE, regions=[Region("footer", footer, len(PAGE))])
    called.clear()
    matched = cleaner.match(doc)
    assert [r.region for r in called if r.kind == "html-region"] == ["footer"]
    assert [(h.start, h.end) for h in matched.hits_by_rule["html.footer"]] == [(footer, len(PAGE))]


def test_rules_run_in_the_order_of_the_packs(called: list[Rule]) -> None:
    cleaner = Cleaner(RULES)
    for site in (None, "linkedin", "none"):
        called.clear()
        matched = cleaner.match(Document(source=PAGE), site=site)
        order = {r.id: k for k, r in enumerate(cleaner.active_rules(matched.site))}
        ran = [order[r.id] for r in called]
        assert ran == sorted(ran) and len(ran) > 10
        assert list(matched.rules) == list(order)
        assert list(matched.hits_by_rule) == sorted(matched.hits_by_rule, key=order.__getitem__)


def test_active_rules_are_built_once_a_site_and_cannot_be_changed_from_outside() -> None:
    cleaner = Cleaner(RULES)
    first = cleaner.active_rules("linkedin")
    first.clear()
    again = cleaner.active_rules("linkedin")
    assert again and again == cleaner.active_rules("linkedin")
    assert any(r.pack == "linkedin" for r in again)
    assert not any(r.pack == "linkedin" for r in cleaner.active_rules(None))
    matched = cleaner.match(Document(source=PAGE), site="linkedin")
    matched.rules.clear()
    assert cleaner.match(Document(source=PAGE), site="linkedin").rules


@pytest.mark.parametrize(
    ("rule_id", "site"),
    [("webmail.forward-marker", "none"), ("recruiter-email.forward-headers", "recruiter-email")],
)
def test_mail_header_rules_wake_on_a_header_label_not_on_every_short_word(
    called: list[Rule], rule_id: str, site: str
) -> None:
    cleaner = Cleaner(RULES)
    prose = "Da wir an der Uni sind, we talk to de facto leaders; cc and bcc nothing.\n"
    cleaner.match(Document(source=PAGE + prose), site=site)
    assert rule_id not in [r.id for r in called]
    mail = prose + "From: Jane Roe <jane.roe@agency.example>\n"
    matched = cleaner.match(Document(source=mail), site=site)
    assert rule_id in [r.id for r in called]
    assert len(matched.hits_by_rule[rule_id]) == 1


def test_signatures_count_in_the_text_and_in_the_page_title_alone() -> None:
    cleaner = Cleaner(RULES)
    shown = "Acme\n36 people clicked apply\nResponses managed off LinkedIn\n"
    assert cleaner.match(Document(source="Ünïcödé " + shown)).site == "linkedin"
    hidden = Document(source="Ünïcödé\nA posting.\n", title="Acme | 36 people clicked apply")
    assert cleaner.match(hidden).site == "linkedin"
    assert cleaner.match(Document(source="Ünïcödé\nA posting.\n", title="Acme")).site is None


def test_a_pattern_over_the_whole_text_finds_its_matches_after_non_ascii_text() -> None:
    """Whole-text searches (phrases that may cross a line) map RE2's byte offsets back
    to characters, to the very end of the text."""
    from jobdesk.core.engine import _regex_matches
    from jobdesk.core.prefilter import superset_regex

    text = "Ünïcödé — 日本語\nWe are an equal\nopportunity employer"
    pattern = re.compile(r"equal\s+opportunity employer")
    scan = Cleaner(RULES).scan(Document(source=text))
    found = [
        (m.start(), m.end()) for m in _regex_matches(pattern, superset_regex(pattern), scan, None)
    ]
    assert found == [(text.index("equal"), len(text))]
    limited = _regex_matches(pattern, superset_regex(pattern), scan, None, limit=len(text) - 1)
    assert [(m.start(), m.end()) for m in limited] == []


class _Searches:
    """A compiled pattern that records the positions its search calls start at."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern.pattern
        self.flags = pattern.flags
        self._p = pattern
        self.searched: list[int] = []

    def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        self.searched.append(pos)
        return self._p.search(text, pos, endpos)

    def match(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        return self._p.match(text, pos, endpos)


def test_a_short_superset_match_on_a_long_line_is_not_searched_to_the_lines_end() -> None:
    """Where RE2's short span holds no Python match, the next span is looked at: the
    Python search does not try every position to the end of a long line."""
    from jobdesk.core.engine import _regex_matches
    from jobdesk.core.prefilter import superset_regex

    # (the look-behind is dropped from the superset: "Apply Now" at a line start passes it)
    pattern = re.compile(r"(?<=[a-z.])Apply Now")
    long_line = "Apply Now. " + "We build data pipelines. " * 200 + "Great team.Apply Now"
    text = "Intro\n" + long_line + "\nEnd"
    scan = Cleaner(RULES).scan(Document(source=text))
    counted = _Searches(pattern)
    found = list(_regex_matches(counted, superset_regex(pattern), scan, [1]))  # type: ignore[arg-type]
    assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]
    # (the first span's positions tried one by one; the last span ends the line)
    assert len(found) == 1 and counted.searched == [text.rindex("Apply Now")]


_WORDS = st.sampled_from(["Apply Now", "apply now", "x", ".", "a", "Ünï", " ", "  ", "AB12345"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_WORDS, max_size=60).map("".join), min_size=1, max_size=4),
    st.sampled_from(
        [
            r"(?<=[a-z.)])(?:[A-Z]{1,4}\d{5,})?Apply (?:Here|Now)",
            r"(?i)\bapply\b(?! now)",
            r"(?i)now\s*\.?",
            r"(?i)(?:x|a)+ ?(?=\.)",
        ]
    ),
)
def test_searching_from_the_supersets_spans_finds_what_finditer_finds(
    lines: list[str], source: str
) -> None:
    from jobdesk.core.engine import _regex_matches
    from jobdesk.core.prefilter import superset_regex

    pattern = re.compile(source)
    text = "\n".join(lines)
    scan = Cleaner(RULES).scan(Document(source=text))
    rows = list(range(len(lines)))
    got = [m.span() for m in _regex_matches(pattern, superset_regex(pattern), scan, rows)]
    want = [
        m.span()
        for i in rows
        for m in pattern.finditer(text, *scan.lines.span(i))
        if m.end() > m.start()
    ]
    assert got == want


def test_a_woken_rule_whose_superset_fits_none_of_its_lines_is_not_matched_further(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lines holding a line rule's literal, none of which starts as the rule's line
    does, end the rule before its kind's matcher runs; it still finds its lines."""
    cleaner = Cleaner(RULES)
    rule = next(r for r in RULES.rules if r.id == "careers.back-to-jobs")
    matched_lines: list[object] = []
    real = Cleaner._line_matches

    def spy(self: Cleaner, *args: object) -> object:
        matched_lines.append(args)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Cleaner, "_line_matches", spy)
    prose = "We will get back to jobs you applied for.\nSee all jobs we offer below.\n" * 40
    assert cleaner.match_rule(rule, cleaner.scan(Document(source=prose))) == []
    assert matched_lines == []
    text = prose + "Back to jobs\n"
    hits = cleaner.match_rule(rule, cleaner.scan(Document(source=text)))
    assert [(h.start, h.end) for h in hits] == [(len(prose), len(text))]
    assert len(matched_lines) == 1


class _Counting:
    """A compiled pattern that counts its fullmatch calls."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def fullmatch(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.fullmatch(text)


def test_a_run_is_not_looked_for_among_fewer_lines_than_it_needs() -> None:
    import dataclasses

    rule = next(r for r in RULES.rules if r.id == "webmail.folder-menu")
    assert rule.min_run == 3 and rule.pattern is not None
    counting = _Counting(rule.pattern)
    rule = dataclasses.replace(rule, pattern=counting)  # type: ignore[arg-type]
    text = "Inbox 12\nStarred\n\nSent\nDrafts\nA posting\n"
    scan = Scan(Document(source=text))
    assert list(Cleaner._runs(rule, scan, [0, 1])) == []
    assert counting.calls == 0
    hits = list(Cleaner._runs(rule, scan, [0, 1, 3, 4]))
    assert [(h.start, h.end) for h in hits] == [(0, text.index("A posting"))]
    assert counting.calls == 4
    assert scan.rows == [scan.lines.line(i) for i in range(len(scan.lines))]


def test_a_superset_tells_the_rows_it_matches_at_in_one_call() -> None:
    from jobdesk.core.prefilter import superset_regex

    rx = superset_regex(re.compile(r"^[^\S\n]*(?:apply|save)[^\S\n]*$", re.I | re.M))
    assert rx is not None
    scan = Scan(Document(source="Über\n  Apply \nSave\nApplyy\n日本\nsave"))
    data, starts = scan.utf8 or (b"", [])
    rows = range(len(starts))
    assert rx.starting_at(data, starts, rows) == [i for i in rows if rx.match(data, starts[i])]
    assert rx.starting_at(data, starts, rows) == [1, 2, 5]
    assert rx.starting_at(data, starts, [0, 2]) == [2]


def test_the_rules_on_by_default_are_worked_out_once_a_site() -> None:
    cleaner = Cleaner(RULES)
    first = cleaner.match(Document(source=PAGE), site="none")
    second = cleaner.match(Document(source=PAGE + "More text.\n"), site="none")
    expected = frozenset(rid for rid, r in first.rules.items() if r.default)
    assert first.enabled() == expected and first.enabled() is second.enabled()
    off = next(iter(sorted(expected)))
    on = next(rid for rid, r in first.rules.items() if not r.default)
    assert first.enabled({off: False, on: True}) == (expected - {off}) | {on}
    assert first.enabled() == expected  # (an override never changes the defaults)
    assert first.resolve({off: False}).enabled == (expected - {off})


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "Über\n\n日本\nx", PAGE])
def test_the_line_index_from_lines_at_hand_is_the_same(text: str) -> None:
    from jobdesk.core.cards import card_runs
    from jobdesk.core.engine import Lines

    rows = text.split("\n")
    assert Lines(text, rows).starts == Lines(text).starts
    scan = Scan(Document(source=text))
    assert scan.rows == rows and scan.lines.starts == Lines(text).starts
    cards = text + "\n" + "\n".join(["Acme", "Boston, MA", "$50K", "Full-time"] * 3)
    assert list(card_runs(cards, 3, None, cards.split("\n"))) == list(card_runs(cards)) != []


_ALL_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALL_SPACES + "ab\u200b", max_size=12))
def test_str_strip_and_the_regex_agree_on_whitespace(text: str) -> None:
    """The tidy-up trims both ends with str methods: what ``\\A\\s+`` and ``\\s+\\Z``
    would match."""
    lead = re.search(r"\A\s+", text)
    trail = re.search(r"\s+\Z", text)
    assert len(text) - len(text.lstrip()) == (lead.end() if lead else 0)
    assert len(text.rstrip()) == (trail.start() if trail else len(text))


@pytest.mark.parametrize(
    ("source", "cleaned"),
    [
        ("\u2003 Hello world\u3000\n\x1c\n", "Hello world"),
        ("Hello\n\n\n\nworld", "Hello\n\nworld"),
        (" \n\t ", ""),
        ("Hello", "Hello"),
    ],
)
def test_the_tidy_up_trims_both_ends(source: str, cleaned: str) -> None:
    from jobdesk.core.rules import RuleSet

    tidy = [p for p in RULES.packs if any(r.id == "whitespace.blank-lines" for r in p.rules)]
    result = Cleaner(RuleSet(tidy)).match(Document(source=source), site="none").resolve()
    assert result.cleaned == cleaned


def test_site_signatures_woken_by_their_literals_detect_what_all_of_them_detect() -> None:
    from jobdesk.core.ingest import ingest_path
    from tests.benchmarks.engine_equivalence import inputs

    fast, slow = Cleaner(RULES), Cleaner(RULES)
    assert fast._detect_wake
    slow._detect_wake = None  # every signature looked at
    docs = [ingest_path(p) for p in inputs()[::4]]
    docs += [
        Document(source=PAGE),
        Document(source="Acme\n36 people clicked apply\n"),
        Document(source="A posting.\n", title="Job Application for Analyst at Acme"),
    ]
    sites = [fast.match(d).site for d in docs]
    assert sites == [slow.match(d).site for d in docs]
    assert len(set(sites)) >= 3


@pytest.mark.parametrize(
    "estimate", ["$95K - $130K (Glassdoor est.)", "$40 - $55 an hour (Indeed est)", "(est. est.)"]
)
def test_the_salary_estimate_wakes_on_its_label_not_on_every_est(
    called: list[Rule], estimate: str
) -> None:
    cleaner = Cleaner(RULES)
    prose = "We test the best of interest rates to estimate budgets (est. 1999).\n"
    cleaner.match(Document(source=PAGE + prose), site="none")
    assert "widgets.salary-estimate" not in [r.id for r in called]
    matched = cleaner.match(Document(source=prose + estimate + "\n"), site="none")
    assert "widgets.salary-estimate" in [r.id for r in called]
    assert len(matched.hits_by_rule["widgets.salary-estimate"]) == 1


# The requisition-id pattern before its 'Req …' and 'Job …' labels were spelled out (so
# that it wakes on 'job id' or 'req #', not on every 'job' or 'required'): the same regex.
_REQUISITION_BEFORE = r"""(?<![\w])(?:Auto req ID|Job Requisition (?:ID|Number)|Requisition (?:ID|Number|No\.?|#)|Req(?:uisition)? ?(?:ID|#|No\.)|Job (?:ID|Code|Number|No\.|Ref(?:erence)?(?: (?:ID|Number|No\.?))?)|Posting (?:Number|ID)|Position (?:Number|ID)|Role Code|Reference (?:Number|No\.?|Code|ID)|Vacancy (?:ID|Number|No\.?))[^\S\n]*[:#]?[^\S\n]*(?:#[^\S\n]*)?(?=[A-Z0-9_./-]*\d)[A-Z0-9][A-Z0-9_./-]*(?![\w])[^\S\n]*"""  # noqa: E501

_IDS = [
    "Req ID: R-2291", "ReqID 55", "Req # 12345", "Req#778", "Req No. 4", "ReqNo.4",
    "Requisition ID: 9", "RequisitionID 9", "Requisition #12", "Requisition No 7",
    "Job ID: 1234", "Job Code A12", "Job No. 55", "Job Ref 88", "Job Reference Number: X-9",
    "Job  Reference   ID 12", "Job Requisition Number 7", "Auto req ID 55",
    "Required skills: 5 years", "Job  description 2024", "job id abc",
]  # fmt: skip


@pytest.mark.parametrize("text", _IDS)
def test_the_requisition_id_pattern_matches_as_before(text: str) -> None:
    from jobdesk.core.rules import compile_pattern

    rule = next(r for r in RULES.rules if r.id == "ats.requisition-id")
    assert rule.pattern is not None
    old = compile_pattern(_REQUISITION_BEFORE)
    line = f"Acme · {text} · Boston"
    assert [m.span() for m in rule.pattern.finditer(line)] == [m.span() for m in old.finditer(line)]
    hits = Cleaner(RULES).match(Document(source=line + "\n"), site="none").hits_by_rule
    assert [(h.start, h.end) for h in hits.get("ats.requisition-id", [])] == [
        m.span() for m in old.finditer(line)
    ]


def test_the_requisition_id_wakes_on_its_labels_not_on_every_job(called: list[Rule]) -> None:
    prose = "This job requires the required skills; the job is in our jobs list.\n"
    Cleaner(RULES).match(Document(source=PAGE + prose), site="none")
    assert "ats.requisition-id" not in [r.id for r in called]


def _pack(rules: str) -> RuleSet:
    from jobdesk.core.rules import parse_pack

    pack, errors = parse_pack('[pack]\nid = "t"\n' + rules, "t.toml")
    assert errors == []
    return RuleSet(packs=[pack])


_MARKER = """
[[rule]]
id = "t.follow"
category = "site-chrome"
kind = "phrase"
pattern = 'Follow\\s+us'
"""


def test_a_marker_over_line_breaks_wakes_only_where_its_literal_is(called: list[Rule]) -> None:
    cleaner = Cleaner(_pack(_MARKER))
    assert cleaner._compiled["t.follow"].literal_ids is None  # (it can cross lines)
    cleaner.match(Document(source="We build data pipelines.\nApply now\n"), site="none")
    assert [r.id for r in called] == []
    source = "Our posting.\nFollow\nus on every network\n"
    matched = cleaner.match(Document(source=source), site="none")
    assert [r.id for r in called] == ["t.follow"]
    start = source.index("Follow")
    assert [(h.start, h.end) for h in matched.hits_by_rule["t.follow"]] == [(start, start + 9)]


_NUMBERED = """
[[rule]]
id = "t.number"
category = "application-form"
kind = "line"
pattern = '\\d+\\.'

[[rule]]
id = "t.block"
category = "application-form"
kind = "block"
pattern = '\\d+:'
until = '-+'
"""


def test_rules_without_literals_skip_a_text_their_supersets_cannot_match(
    called: list[Rule],
) -> None:
    cleaner = Cleaner(_pack(_NUMBERED))
    assert {"t.number", "t.block"} <= cleaner._always
    cleaner.match(Document(source="We build data pipelines.\n12:\n"), site="none")
    assert [r.id for r in called] == []  # (no "12." line; a "12:" line but no "---")
    called.clear()
    source = "We build data pipelines.\n12.\n3:\nQ\n---\n"
    matched = cleaner.match(Document(source=source), site="none")
    assert [r.id for r in called] == ["t.number", "t.block"]
    assert list(matched.hits_by_rule) == ["t.number", "t.block"]
    # A one-off clean (the CLI's) builds no set: it runs them all.
    called.clear()
    one_off = Cleaner(_pack(_NUMBERED), one_off=True)
    one_off.match(Document(source="We build data pipelines.\n"), site="none")
    assert [r.id for r in called] == ["t.number", "t.block"]


def test_rules_without_literals_run_when_the_set_cannot_tell(
    called: list[Rule], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobdesk.core.prefilter import SupersetSet

    monkeypatch.setattr(SupersetSet, "matching", lambda self, data: None)
    Cleaner(_pack(_NUMBERED)).match(Document(source="Nothing here.\n"), site="none")
    assert [r.id for r in called] == ["t.number", "t.block"]


def test_the_set_of_the_rules_without_literals_finds_what_running_them_all_finds() -> None:
    from jobdesk.core.ingest import ingest_path
    from tests.benchmarks.engine_equivalence import inputs

    gated, plain = Cleaner(RULES), Cleaner(RULES)
    plain._unmatched_always = lambda scan: frozenset()  # type: ignore[method-assign]
    docs = [ingest_path(p) for p in inputs()[1::3]] + [Document(source=PAGE)]
    skipped = 0
    for doc in docs:
        for site in (None, "none"):
            skipped += len(gated._unmatched_always(gated.scan(doc)))
            a, b = gated.match(doc, site=site), plain.match(doc, site=site)
            assert a.hits_by_rule == b.hits_by_rule, doc.name
    assert skipped > len(docs)  # (it does skip rules)


def _detected_plainly(cleaner: Cleaner, doc: Document) -> str | None:
    """Site detection as specified: a URL match counts 3, each signature with a non-empty
    match in the first 300,000 characters or in the page title 1; ties go to the higher
    priority, then to the pack listed first."""
    best: tuple[int, int, str] | None = None
    for pack in cleaner.rules.packs:
        if not pack.is_site:
            continue
        score = 3 if doc.url and any(p.search(doc.url) for p in pack.urls) else 0
        for p in pack.detect:
            in_text = any(m.end() > m.start() for m in p.finditer(doc.source, 0, 300_000))
            score += bool(in_text or (doc.title and p.search(doc.title)))
        if score and (best is None or (score, pack.priority) > best[:2]):
            best = (score, pack.priority, pack.id)
    return best[2] if best else None


def test_site_detection_finds_what_searching_every_signature_everywhere_finds() -> None:
    from jobdesk.core.ingest import ingest_path
    from tests.benchmarks.engine_equivalence import inputs

    cleaner = Cleaner(RULES)
    docs = [ingest_path(p) for p in inputs()[::2]]
    docs += [
        Document(source="Zürich · café\n" + PAGE + "Powered by Greenhouse\n"),
        Document(source="A posting.\n", title="Job Application for Analyst at Acme"),
        Document(source="A posting.\n", url="https://www.linkedin.com/jobs/view/1"),
        Document(source="A posting.\n", url="https://de.indeed.com/viewjob?jk=1"),
    ]
    sites = [cleaner.detect_site(d.source, d.url) if not d.title else cleaner.match(d).site
             for d in docs]  # fmt: skip
    assert sites == [_detected_plainly(cleaner, d) for d in docs]
    assert len(set(sites)) >= 4  # also in a clone without the shared corpus


def test_a_signature_is_looked_for_from_the_first_line_holding_its_literal() -> None:
    pack = _pack("detect = ['Powered by Example', 'Example Board(?= Inc)']\n" + _MARKER)
    cleaner = Cleaner(pack)
    assert cleaner.detect_site("Ça va\nexample board\nPowered by\nExample Board Inc\n") == "t"
    assert cleaner.detect_site("Ça va\nexample board\nExample Board Ltd\n") is None


def test_the_rating_breakdown_wakes_on_a_score_not_on_every_de_or_su(called: list[Rule]) -> None:
    cleaner = Cleaner(RULES)
    prose = "We design products under a suite of tools; de facto leaders in Sudan.\n"
    cleaner.match(Document(source=PAGE + prose), site="none")
    assert "widgets.rating-breakdown" not in [r.id for r in called]
    matched = cleaner.match(Document(source=prose + "4,2 de 5 estrellas\n"), site="none")
    assert "widgets.rating-breakdown" in [r.id for r in called]
    assert len(matched.hits_by_rule["widgets.rating-breakdown"]) == 1


_REPLACE = r"""
[[rule]]
id = "t.group"
category = "encoding"
kind = "replace"
pattern = 'EUR (\d+)'
replacement = '\1 €'

[[rule]]
id = "t.plain"
category = "encoding"
kind = "replace"
pattern = '&amp;'
replacement = '&'
"""


def test_a_replacement_is_expanded_only_when_it_refers_to_the_match() -> None:
    source = "Pay: EUR 50 &amp; EUR 60\n"
    matched = Cleaner(_pack(_REPLACE)).match(Document(source=source), site="none")
    assert [h.replacement for h in matched.hits_by_rule["t.group"]] == ["50 €", "60 €"]
    assert [h.replacement for h in matched.hits_by_rule["t.plain"]] == ["&"]
    assert matched.resolve().cleaned == "Pay: 50 € & 60 €\n"


@given(st.text(alphabet=st.characters(blacklist_characters="\\"), max_size=20))
@settings(max_examples=200, deadline=None)
def test_a_template_without_a_backslash_expands_to_itself(template: str) -> None:
    m = re.match("(a)(?P<n>b)?", "ab")
    assert m is not None and m.expand(template) == template


def test_the_cleaners_of_one_rule_set_share_one_set_of_supersets() -> None:
    page = Document(source=PAGE)
    first, second = Cleaner(RULES), Cleaner(RULES)
    other = Cleaner(_pack(_NUMBERED))
    for cleaner in (first, second, other):
        cleaner.match(page, site="none")
    assert first._gate is not None and second._gate is not None and other._gate is not None
    assert first._gate._set is second._gate._set is not None
    assert other._gate._set is not first._gate._set


def test_progress_is_told_before_each_rule_that_runs_the_rules_ruled_out_done_at_once(
    called: list[Rule],
) -> None:
    cleaner = Cleaner(RULES)
    doc = Document(source=PAGE)
    skipped = len(cleaner._unmatched_always(cleaner.scan(doc)) & set(cleaner._active_for(None)[1]))
    seen: list[tuple[int, int]] = []
    cleaner.match(doc, site="none", progress=lambda d, t: seen.append((d, t)))
    total = skipped + len(called)
    assert skipped > 0 and seen == [(k, total) for k in range(skipped, total)]


def test_sentence_rules_on_one_paragraph_find_its_sentence_starts_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobdesk.core import engine
    from jobdesk.core.rules import parse_pack

    pack, errors = parse_pack(
        "[pack]\nid = 't'\n"
        + "".join(
            f"[[rule]]\nid = 't.{w}'\ncategory = 'company-marketing'\nkind = 'sentence'\n"
            f"pattern = '{w}'\n"
            for w in ("anvils", "hammers", "tongs")
        ),
        "t.toml",
    )
    assert errors == []
    cleaner = Cleaner(RuleSet(packs=[pack]))
    scanned: list[tuple[int, int]] = []
    sent_start = engine._SENT_START

    class Counting:
        def finditer(self, text: str, start: int, end: int) -> object:
            scanned.append((start, end))
            return sent_start.finditer(text, start, end)

    monkeypatch.setattr(engine, "_SENT_START", Counting())
    text = "Intro.\nWe make anvils. We sell hammers. We lend tongs. Call us.\nBye."
    hits = cleaner.match(Document(source=text), site=engine.NO_SITE).hits_by_rule
    assert [
        text[h.start : h.end] for r in ("t.anvils", "t.hammers", "t.tongs") for h in hits[r]
    ] == [
        "We make anvils. ",
        "We sell hammers. ",
        "We lend tongs. ",
    ]
    assert scanned == [(7, 63)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n\n", " ", "\t", "\u00a0", "a", "\u2028"]), max_size=14))
def test_the_blank_runs_tidied_are_those_of_every_blank_run_but_one_empty_line(
    parts: list[str],
) -> None:
    from jobdesk.core import engine

    text = "".join(parts)
    every_run = re.finditer(r"\n((?:[^\S\n]*\n)+)", text)
    expected = [(m.start(1), m.end(1)) for m in every_run if m.end(1) - 1 > m.start(1)]
    assert [(m.start(1), m.end(1)) for m in engine._BLANK_RUN.finditer(text)] == expected


def test_the_lines_of_each_woken_rule_come_from_one_pass_over_the_literals_found() -> None:
    from jobdesk.core.ingest import ingest_path
    from tests.benchmarks.engine_equivalence import inputs

    cleaner = Cleaner(RULES)
    docs = [ingest_path(p) for p in inputs()[::5]] + [Document(source=PAGE)]
    for doc in docs:
        for site in (None, "none"):
            matched = cleaner.match(doc, site=site)
            scan = Scan(doc, cleaner._index if site is None else cleaner._blind_index())
            assert scan.woken is None  # (a scan of its own: lines_with asked)
            plain = {rid: cleaner.match_rule(rule, scan) for rid, rule in matched.rules.items()}
            scan.woken = None
            for rid, hits in matched.hits_by_rule.items():
                assert plain[rid] or not hits, rid  # (the guards only take hits away)
            woken: dict[str, list[list[int]]] = {}
            for lid, rows in scan.literal_lines.items():
                for rid in cleaner._by_literal.get(lid, ()):
                    woken.setdefault(rid, []).append(rows)
            scan.woken = woken
            for rid, rule in matched.rules.items():
                assert cleaner.match_rule(rule, scan) == plain[rid], rid
                ids = cleaner._compiled[rid].literal_ids
                if ids is not None and scan.lines_with(ids):
                    assert sorted({i for rows in woken[rid] for i in rows}) == scan.lines_with(ids)


def test_match_hands_each_rule_the_lines_of_its_literals_without_asking_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cleaner = Cleaner(RULES)
    asked: list[tuple[int, ...]] = []
    real = Scan.lines_with

    def spy(self: Scan, literal_ids: tuple[int, ...]) -> list[int]:
        asked.append(tuple(literal_ids))
        return real(self, literal_ids)

    monkeypatch.setattr(Scan, "lines_with", spy)
    matched = cleaner.match(Document(source=PAGE + "Apply now\nSave\nShare\n"), site="none")
    rule_literals = {cleaner._compiled[rid].literal_ids for rid in matched.rules}
    assert len(matched.hits_by_rule) >= 2
    assert not [ids for ids in asked if ids in rule_literals]


def test_a_pattern_anchored_at_the_start_is_tried_there_without_its_superset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobdesk.core.prefilter import Superset

    cleaner = Cleaner(RULES)
    anchored = [c for c in cleaner._compiled.values() if c.anchored]
    assert {c.rule.id for c in anchored} >= {
        "careers.header-before-title-echo",
        "chrome.front-matter",
    }
    front = "---\nlayout: job\ntags: [jobs]\n---\n"  # no title: chrome.front-matter-title keeps one
    header = (
        "Data Analyst (80%)\n  -\n  Basel\nSkip to content\nWhat we do\n   Our plants\n"
        "   Our service\nAbout us\n   Journey\n   Careers\nMy Account\nData Analyst (80%)\n"
        "Basel\nYou will analyse data.\n"
    )
    filler = "We build data pipelines and you will own them.\n" * 120  # (past RE2_FROM)
    texts = [front + filler, header + filler, filler + front, filler + header]

    def found(text: str) -> dict[str, list[tuple[int, int]]]:
        scan = cleaner.scan(Document(source=text))
        return {c.rule.id: [(h.start, h.end) for h in cleaner.match_rule(c.rule, scan)]
                for c in anchored}  # fmt: skip

    def plain(text: str) -> dict[str, list[tuple[int, int]]]:
        out = {}
        for c in anchored:
            assert c.rule.pattern is not None
            spans = [m.span() for m in c.rule.pattern.finditer(text)]
            out[c.rule.id] = [(s, e) for s, e in spans if e > s]
        return out

    def refused(self: Superset, *args: object) -> object:
        raise AssertionError("an anchored pattern's superset searched the text")

    monkeypatch.setattr(Superset, "spans", refused)
    got = [found(t) for t in texts]
    assert got == [plain(t) for t in texts]
    assert got[0]["chrome.front-matter"] and got[1]["careers.header-before-title-echo"]
    assert not any(got[2].values()) and not any(got[3].values())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["m", "b", "x"]), max_size=14), st.integers(1, 5))
def test_a_chain_of_lines_is_what_a_run_of_them_needs(shape: list[str], k: int) -> None:
    """_chained: k of the lines with only blank lines between them, as a scan finds it."""
    from jobdesk.core.engine import _chained

    blank = [c == "b" for c in shape]
    lines = [i for i, c in enumerate(shape) if c != "x"]  # ("m" lines and blank ones)
    members = [i for i in lines if not blank[i]]
    best = 0
    for a in range(len(members)):
        n = 1
        while a + n < len(members) and all(
            blank[j] for j in range(members[a + n - 1] + 1, members[a + n])
        ):
            n += 1
        best = max(best, n)
    assert _chained(lines, blank, k) == (best >= k)


def test_a_run_is_not_looked_for_where_its_lines_do_not_follow_each_other() -> None:
    import dataclasses

    rule = next(r for r in RULES.rules if r.id == "webmail.folder-menu")
    assert rule.min_run == 3 and rule.pattern is not None and rule.between is None
    counting = _Counting(rule.pattern)
    rule = dataclasses.replace(rule, pattern=counting)  # type: ignore[arg-type]
    text = "Inbox 12\nA posting\nStarred\n\nWe build.\nSent\nDrafts\n"
    scan = Scan(Document(source=text))
    assert list(Cleaner._runs(rule, scan, [0, 2, 5, 6])) == []
    assert counting.calls == 0  # (no three of them with only blank lines between)
    text = "Inbox 12\n\nStarred\n\nSent\nDrafts\nA posting\n"
    scan = Scan(Document(source=text))
    hits = list(Cleaner._runs(rule, scan, [0, 2, 4, 5]))
    assert [(h.start, h.end) for h in hits] == [(0, text.index("A posting"))]
    assert counting.calls == 4


def _is_language_line_plainly(line: str) -> bool:
    """engine._is_language_line as first written: the entry pattern tried on every line."""
    from jobdesk.core.engine import _LANG_ENTRY, _LANG_WORDS

    s = line.strip().lstrip("•·-* ").strip()
    if not s or len(s) > 60:
        return False
    if _LANG_ENTRY.match(s):
        return True
    return s.lower() in _LANG_WORDS or s.lower() in (
        "bahasa malaysia", "bahasa indonesia", "tiếng việt", "language", "languages",
    )  # fmt: skip


_LANGUAGE_BITS = ["Deutsch", " (German)", "(English)", " (Chinese (Traditional))", "正體中文",
                  "•", " ", ")", "(", "\t", "x", "Tiếng Việt", "\n", "English", "Σ"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LANGUAGE_BITS), max_size=6))
def test_a_language_line_is_told_as_the_entry_pattern_tells_it(bits: list[str]) -> None:
    from jobdesk.core.engine import _is_language_line

    line = "".join(bits)
    assert _is_language_line(line) == _is_language_line_plainly(line)


def test_a_language_line_of_the_corpus_is_told_as_the_entry_pattern_tells_it() -> None:
    from jobdesk.core.engine import _is_language_line
    from jobdesk.core.ingest import ingest_path
    from tests.benchmarks.engine_equivalence import inputs

    lines = {line for p in inputs() for line in ingest_path(p).source.split("\n")}
    lines |= {
        "Deutsch (German)",
        "中文 (Chinese (Traditional))",
    }  # (a clone without the shared corpus)
    told = [line for line in lines if _is_language_line(line)]
    assert told == [line for line in lines if _is_language_line_plainly(line)]
    assert any(line.rstrip().endswith(")") for line in told)

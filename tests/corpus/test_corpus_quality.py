"""Token F1 / recall of the cleaned corpus against the hand-cleaned gold (DESIGN.md §8)."""

from __future__ import annotations

import statistics

import pytest

from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import Score, score
from tests.corpus.corpus import cases, extra_cases

CASES = cases()
pytestmark = pytest.mark.skipif(not CASES, reason="../shared/corpus is not present")


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(load_rules(user_dir=False))


@pytest.fixture(scope="module")
def results(cleaner: Cleaner) -> dict[str, Score]:
    out = {}
    for case in CASES:
        result = cleaner.clean(ingest_path(case.raw))
        out[case.name] = score(result.cleaned, case.gold.read_text("utf-8"))
    lines = [f"{'case':40} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, s in out.items():
        lines.append(f"{name:40} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
    f1 = statistics.mean(s.f1 for s in out.values())
    recall = statistics.mean(s.recall for s in out.values())
    lines.append(f"{'MEAN':40} {'':6} {recall:6.3f} {f1:6.3f}")
    print("\n" + "\n".join(lines))
    return out


def test_mean_f1(results: dict[str, Score]) -> None:
    assert statistics.mean(s.f1 for s in results.values()) >= 0.97


def test_mean_recall(results: dict[str, Score]) -> None:
    assert statistics.mean(s.recall for s in results.values()) >= 0.99


def test_no_case_below_floor(results: dict[str, Score]) -> None:
    low = {n: round(s.f1, 3) for n, s in results.items() if s.f1 < 0.85}
    assert not low


def test_no_posting_case_is_nearly_empty(results: dict[str, Score]) -> None:
    empty = [n for n, s in results.items() if s.gold_tokens == 0]
    assert empty, "the corpus has a no-posting case"
    for name in empty:
        assert results[name].output_tokens <= 5, name


def test_already_clean_postings_come_out_unchanged(cleaner: Cleaner) -> None:
    """The gold files are clean postings: cleaning them again must lose (almost) nothing
    (over-removal is what users never forgive, DESIGN.md §7)."""
    losses = {}
    for case in CASES:
        gold = case.gold.read_text("utf-8")
        if gold.strip():
            s = score(cleaner.clean(gold).cleaned, gold)
            if s.recall < 0.995:
                losses[case.name] = round(s.recall, 4)
    assert losses == {}


@pytest.fixture(scope="module")
def blind_results(cleaner: Cleaner) -> dict[str, Score]:
    """Site-blind: the generic packs only, as on a site jobdesk has no pack for."""
    return {
        case.name: score(
            cleaner.match(ingest_path(case.raw), site=NO_SITE).resolve().cleaned,
            case.gold.read_text("utf-8"),
        )
        for case in CASES
    }


def test_site_blind_quality(blind_results: dict[str, Score]) -> None:
    """Issue 9: with the generic packs only — what a user meets on a site without a
    pack — mean F1 >= 0.97 and no posting below 0.90."""
    postings = {n: s for n, s in blind_results.items() if s.gold_tokens}
    assert statistics.mean(s.f1 for s in postings.values()) >= 0.97
    assert {n: round(s.f1, 3) for n, s in postings.items() if s.f1 < 0.90} == {}
    assert statistics.mean(s.recall for s in postings.values()) >= 0.995


@pytest.mark.parametrize("mode", ["detected", "site-blind"])
def test_every_posting_keeps_its_words(
    mode: str, results: dict[str, Score], blind_results: dict[str, Score]
) -> None:
    """Issue 9: every corpus posting keeps >= 99.5 % of its gold tokens, with and
    without its site pack."""
    scores = results if mode == "detected" else blind_results
    lost = {n: round(s.recall, 4) for n, s in scores.items() if s.recall < 0.995}
    assert lost == {}


# Page furniture put where a layout we never saw may put it: before the posting (a
# widget, a company box, a hiring-team card) or after it (a header marker). The rule
# that fires on it must not take the posting with it.
BEFORE = {
    "similar-jobs": "Similar jobs\n",
    "apply-button": "Apply for this job\n",
    "self-id": "Voluntary Self-Identification\n",
    "hiring-team": "Meet the hiring team\nJane Doe\nRecruiter\n",
    "company-box": "About the company\nAcme\n12,345 followers\n",
    "skills-chips": "Skills\nPython\nSQL\n",
    "job-details": "Job details\nFull-time\n",
}
AFTER = {
    "indeed-head-marker": ("\nJob Post Details\n", "indeed"),
    "indeed-main-marker": ("\nStart of main content\n", "indeed"),
    "linkedin-header": ("\nJoin now Sign in\n", "linkedin"),
}


def _variants() -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    for name, before in BEFORE.items():
        out += [(name, before + "{}", None), (name + "/blind", before + "{}", NO_SITE)]
    out += [(name, "{}" + after, site) for name, (after, site) in AFTER.items()]
    return out


@pytest.mark.parametrize(("name", "template", "site"), _variants(), ids=lambda v: str(v))
def test_moved_furniture_does_not_take_the_posting(
    cleaner: Cleaner, name: str, template: str, site: str | None
) -> None:
    recalls = {}
    for case in CASES:
        gold = case.gold.read_text("utf-8")
        if gold.strip():
            cleaned = cleaner.match(template.format(gold), site=site).resolve().cleaned
            recalls[case.name] = score(cleaned, gold).recall
    assert statistics.mean(recalls.values()) >= 0.99, name
    assert {n: round(r, 3) for n, r in recalls.items() if r < 0.95} == {}, name


# The extra cases (tests/corpus/extra: sites with no pack, seven languages) were scored
# before any rule was written for them (README). What is asserted here is what must never
# regress on them: the posting survives. One gold keeps a "follow us on Twitter" line
# that LABELING.md lists as noise, hence 0.98 and not 0.995 per case.
EXTRA = extra_cases()


@pytest.mark.skipif(not EXTRA, reason="tests/corpus/extra is missing")
@pytest.mark.parametrize("site", [None, NO_SITE], ids=["detected", "site-blind"])
def test_extra_postings_keep_their_words(cleaner: Cleaner, site: str | None) -> None:
    recalls = {}
    for case in EXTRA:
        gold = case.gold.read_text("utf-8")
        if gold.strip():
            cleaned = cleaner.match(ingest_path(case.raw), site=site).resolve().cleaned
            recalls[case.name] = score(cleaned, gold).recall
    assert statistics.mean(recalls.values()) >= 0.995
    assert {n: round(r, 3) for n, r in recalls.items() if r < 0.98} == {}


# Content that speaks the words of boilerplate, put into each gold as a list under a
# content heading, and a widget whose end marker never comes: the posting keeps it all.
DUTIES = (
    "\n\nResponsibilities\n"
    "• Coordinate reasonable accommodation requests from employees and managers.\n"
    "• Prepare the affirmative action plan and the EEO-1 report each year.\n"
    "• Maintain our cookie consent banner and the privacy notice for applicants.\n"
    "• Build the similar jobs recommendations that our candidates see.\n"
)
OPEN_WIDGET = "Profile insights\nSkills\n\n"  # Indeed's widget, its "Full job description" gone


@pytest.mark.parametrize("site", [None, NO_SITE], ids=["detected", "site-blind"])
def test_boilerplate_words_in_duties_and_unclosed_widgets_keep_the_posting(
    cleaner: Cleaner, site: str | None
) -> None:
    lost = {}
    for case in CASES:
        gold = case.gold.read_text("utf-8")
        if not gold.strip():
            continue
        text = OPEN_WIDGET + gold.rstrip() + DUTIES
        cleaned = cleaner.match(text, site=site).resolve().cleaned
        recall = score(cleaned, gold + DUTIES).recall
        if recall < 0.99:
            lost[case.name] = round(recall, 3)
        assert all(line in cleaned for line in DUTIES.strip().splitlines()[1:]), case.name
    assert lost == {}

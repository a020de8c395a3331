"""Rule effects (core/effects.py): matches, unique effect, shadowing, covering rules and
a category's effect — checked on small packs by hand and, on every corpus posting,
against a resolve with each rule switched (the interval arithmetic must agree exactly)."""

from __future__ import annotations

import textwrap

import pytest

from jobdesk.core.editmap import merge_spans
from jobdesk.core.effects import EXCEPTION, Effects, intersect_spans, subtract_spans
from jobdesk.core.engine import TIDY_RULE, Cleaner, Matched
from jobdesk.core.ingest import Document, ingest
from jobdesk.core.rules import RuleSet, load_rules, parse_pack
from tests.corpus.corpus import cases

PACK = textwrap.dedent(
    r"""
    [pack]
    id = "t"

    [[rule]]
    id = "t.apply-line"
    category = "site-chrome"
    kind = "line"
    phrases = ["Apply now"]

    [[rule]]
    id = "t.apply-phrase"
    category = "application-form"
    kind = "phrase"
    phrases = ["Apply now"]

    [[rule]]
    id = "t.applicants"
    category = "applicant-insights"
    kind = "phrase"
    pattern = '\d+ applicants'

    [[rule]]
    id = "t.promoted"
    category = "site-chrome"
    kind = "line"
    phrases = ["Promoted"]
    default = false

    [[rule]]
    id = "t.keep-pay"
    category = "keep"
    kind = "phrase"
    pattern = 'salary'
    """
)

TEXT = (
    "Engineer\n"
    "Apply now\n"
    "Boston · 36 applicants\n"
    "Promoted\n"
    "We build boats.\n"
    "Apply now · salary $100k · 12 applicants\n"
)


def _matched(text: str = TEXT) -> Matched:
    pack, errors = parse_pack(PACK, "t.toml")
    assert errors == []
    return Cleaner(RuleSet(packs=[pack])).match(Document(source=text))


def _line(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, text.index("\n", s) + 1


def test_span_arithmetic() -> None:
    assert subtract_spans([(0, 10), (20, 30)], [(5, 22), (25, 26)]) == [(0, 5), (22, 25), (26, 30)]
    assert subtract_spans([(0, 10)], []) == [(0, 10)]
    assert intersect_spans([(0, 10), (20, 30)], [(5, 25)]) == [(5, 10), (20, 25)]


def test_a_rule_covered_by_another_is_shadowed_by_it() -> None:
    m = _matched()
    eff = Effects(m)
    line = eff.rule("t.apply-line")
    phrase = eff.rule("t.apply-phrase")
    # The line rule removes "Apply now\n"; the phrase rule removes "Apply now" inside it.
    assert line.hits == 1 and phrase.hits == 2
    assert phrase.matched_chars == 18
    # Off alone, the line rule gives back only the newline (the phrase still takes the
    # words); the phrase rule alone gives back nothing on that line.
    _s, e = _line(TEXT, "Apply now\n")
    assert line.effect == ((e - 1, e),)
    assert not line.shadowed
    # On the kept salary line the phrase is protected: nothing there is its effect either.
    assert phrase.effect == ()
    assert phrase.shadowed
    assert phrase.shadowed_by == ("t.apply-line", "t.keep-pay")


def test_effect_is_what_comes_back_and_covering_names_every_rule() -> None:
    m = _matched()
    eff = Effects(m)
    s, _e = _line(TEXT, "Apply now\n")
    assert eff.covering(s, s + 5) == ["t.apply-line", "t.apply-phrase"]
    applicants = eff.rule("t.applicants")
    start = TEXT.index("36 applicants")
    assert applicants.effect == ((start, start + len("36 applicants")),)
    assert eff.text(applicants.effect) == ["36 applicants"]
    # Switching it off gives back exactly that text.
    on = m.resolve().cleaned
    off = m.resolve({"t.applicants": False}).cleaned
    assert off.replace("36 applicants", "") == on


def test_a_disabled_rule_shows_what_it_would_remove() -> None:
    eff = Effects(_matched())
    promoted = eff.rule("t.promoted")
    assert not promoted.enabled
    assert eff.text(promoted.effect) == ["Promoted"]
    on = Effects(_matched(), {"t.promoted": True}).rule("t.promoted")
    assert on.enabled and on.effect == promoted.effect


def test_keep_rule_effect_is_what_it_protects() -> None:
    eff = Effects(_matched())
    keep = eff.rule("t.keep-pay")
    assert eff.text(keep.effect) == ["Apply now", "12 applicants"]
    off = Effects(_matched(), {"t.keep-pay": False})
    assert off.rule("t.keep-pay").effect == keep.effect  # what it would protect


def test_extra_keep_spans_protect_and_are_named() -> None:
    m = _matched()
    s, e = _line(TEXT, "Boston")
    eff = Effects(m, keep=[(s, e)])
    assert eff.rule("t.applicants").effect == ()
    assert eff.rule("t.applicants").shadowed_by == ("t.keep-pay", EXCEPTION)
    assert "36 applicants" in m.resolve(keep=[(s, e)]).cleaned


def test_category_effect_counts_text_only_that_category_removes() -> None:
    m = _matched()
    eff = Effects(m)
    chrome = eff.category("site-chrome")
    # "Apply now\n": the phrase rule (application-form) still takes the words, so only
    # the newline comes back; Promoted (off) would be added.
    s, e = _line(TEXT, "Apply now\n")
    assert chrome.returns == ((e - 1, e),)
    assert eff.text(chrome.adds) == ["Promoted"]
    both = eff.group(["t.apply-line", "t.apply-phrase"])
    assert both.returns == ((s, e),)
    # Checked against a resolve with the whole group off.
    off = m.resolve({"t.apply-line": False, "t.apply-phrase": False, TIDY_RULE: False})
    on = m.resolve({TIDY_RULE: False})
    gone = merge_spans((x.start, x.end) for x in on.edits)
    back = subtract_spans(gone, merge_spans((x.start, x.end) for x in off.edits))
    assert back == list(both.returns)


# ----------------------------------------------------------------- the whole corpus

RULES = load_rules(user_dir=False)
CLEANER = Cleaner(RULES)
CASES = cases()


def _state(m: Matched, overrides: dict[str, bool]) -> tuple[list[tuple[int, int]], ...]:
    """The removed and the repaired characters of a resolve (blank-line tidy off)."""
    repairs = {
        (h.start, h.end, h.rule)
        for hs in m.hits_by_rule.values()
        for h in hs
        if h.replacement is not None
    }
    edits = m.resolve(overrides).edits
    removed = merge_spans(
        (e.start, e.end) for e in edits if (e.start, e.end, e.rule) not in repairs
    )
    repaired = merge_spans((e.start, e.end) for e in edits if (e.start, e.end, e.rule) in repairs)
    return removed, repaired


@pytest.mark.skipif(not CASES, reason="corpus not available")
@pytest.mark.parametrize("site", [None, "none"], ids=["detected", "site-blind"])
def test_every_effect_matches_a_resolve_with_the_rule_switched(site: str | None) -> None:
    base = {TIDY_RULE: False}
    wrong: list[str] = []
    checked = shadowed = 0
    for case in CASES:
        m = CLEANER.match(ingest(case.raw), site=site)
        eff = Effects(m, base)
        removed, repaired = _state(m, base)
        for rid, e in eff.all().items():
            if m.rules[rid].keep or rid == TIDY_RULE:
                continue
            removed2, repaired2 = _state(m, {**base, rid: not e.enabled})
            if e.enabled:
                truth = subtract_spans(removed, removed2) + subtract_spans(repaired, repaired2)
            else:
                truth = subtract_spans(removed2, removed) + subtract_spans(repaired2, repaired)
            checked += 1
            shadowed += e.shadowed
            if merge_spans(truth) != list(e.effect):
                wrong.append(f"{case.name} {rid}")
            if e.shadowed:
                assert e.shadowed_by, (case.name, rid)
    assert wrong == []
    assert checked > 300 and shadowed > 0


def test_keep_spans_may_be_a_generator() -> None:
    m = _matched()
    s, e = _line(TEXT, "Boston")
    eff = Effects(m, keep=(span for span in [(s, e)]))
    assert "36 applicants" in eff.result.cleaned
    assert eff.rule("t.applicants").shadowed_by == ("t.keep-pay", EXCEPTION)

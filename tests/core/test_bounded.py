"""A user's regex is bounded in time: one that backtracks without end is skipped for that
posting, with a warning, and the clean completes. Shipped rules keep running in ``re``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jobdesk.core import engine as engine_module
from jobdesk.core.bounded import BoundedPattern, PatternTimeout, bounded, time_budget
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document
from jobdesk.core.lazyre import LazyPattern
from jobdesk.core.rules import RuleSet, load_rules, parse_pack
from tests.core.test_cli import run

# Backtracks through 2^n paths on a run of a's, even in the regex module; the RE2
# prefilter (look-arounds dropped) lets it run on such a line. ('(a+)+$' is the classic
# case for re, which regex's own safeguards already run in linear time.)
EXPONENTIAL = "(a|a)+(?=b)"
POSTING = "Data Engineer\nApply now\n" + "a" * 40 + "!\nWe build pipelines.\n"


def user_pack(tmp_path: Path, pattern: str, extra: str = "", kind: str = "phrase") -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[pack]\nid = "mine"\n' + extra + "\n"
        f'[[rule]]\nid = "mine.slow"\nkind = "{kind}"\n'
        # (min_run only where the kind takes it: a rule with a key its kind does not
        # take is refused)
         + ("min_run = 1\n" if kind == "run" else "") + f"pattern = '{pattern}'\n"
        '[[rule]]\nid = "mine.apply"\nkind = "line"\npattern = "Apply now"\n',
        encoding="utf-8",
    )
    return path


def test_user_patterns_are_bounded_and_shipped_ones_are_re(tmp_path: Path) -> None:
    rules = load_rules(user_dir=tmp_path, extra=[user_pack(tmp_path, EXPONENTIAL)])
    assert isinstance(rules.rule("mine.slow").pattern, BoundedPattern)
    shipped = [r for r in rules.rules if not r.id.startswith("mine.")]
    assert shipped and all(  # (run by re, compiled on first use: lazyre.py)
        isinstance(p, LazyPattern) and isinstance(p.compiled, re.Pattern)
        for r in shipped
        for p in (r.pattern, r.until, r.between)
        if p is not None
    )


def test_a_catastrophic_user_rule_is_skipped_with_a_warning(tmp_path: Path) -> None:
    rules = load_rules(builtin=False, user_dir=False, extra=[user_pack(tmp_path, EXPONENTIAL)])
    result = Cleaner(rules, user_seconds=0.05).clean(POSTING)
    assert "mine.slow" not in result.hits_by_rule
    assert [w.split(": ")[:2] for w in result.warnings] == [
        [str(tmp_path / "mine.toml"), "rule 'mine.slow'"]
    ]
    assert "took over" in result.warnings[0] and "skipped" in result.warnings[0]
    # The rest of the clean is done: the other user rule still removes its line.
    assert result.cleaned == "Data Engineer\n" + "a" * 40 + "!\nWe build pipelines.\n"


@pytest.mark.parametrize("kind", ["phrase", "run"])
def test_the_classic_nested_quantifier_cleans_with_the_right_outcome(
    tmp_path: Path, kind: str
) -> None:
    # In re, '(a+)+$' on forty a's and a '!' runs for hours (a 'run' rule fullmatches
    # every line, no prefilter); bounded, the clean completes and it finds nothing.
    pack = user_pack(tmp_path, "(a+)+$", kind=kind)
    rules = load_rules(builtin=False, user_dir=False, extra=[pack])
    result = Cleaner(rules, user_seconds=0.05).clean(POSTING)
    assert result.warnings == [] or "mine.slow" in result.warnings[0]
    assert "mine.slow" not in result.hits_by_rule
    assert "mine.apply" in result.hits_by_rule


def test_the_budget_is_per_rule_and_posting(tmp_path: Path) -> None:
    rules = load_rules(builtin=False, user_dir=False, extra=[user_pack(tmp_path, EXPONENTIAL)])
    cleaner = Cleaner(rules, user_seconds=0.05)
    first = cleaner.clean(POSTING)
    assert len(first.warnings) == 1
    # The next posting gets a fresh budget: the rule runs (and hits) where it can.
    second = cleaner.clean("Data Engineer\naaab\n")
    assert second.warnings == []
    assert [second.source[h.start : h.end] for h in second.hits_by_rule["mine.slow"]] == ["aaa"]


def test_a_catastrophic_detect_pattern_only_skips_that_site(tmp_path: Path) -> None:
    pack = user_pack(tmp_path, "Apply", extra=f"detect = ['{EXPONENTIAL}', 'Data Engineer']")
    rules = load_rules(user_dir=False, extra=[pack])
    result = Cleaner(rules, user_seconds=0.05).clean(POSTING)
    assert result.site is None
    assert len(result.warnings) == 1
    assert "pack 'mine'" in result.warnings[0] and "not detected" in result.warnings[0]
    assert "We build pipelines." in result.cleaned


def test_the_cli_prints_the_warning_and_the_cleaned_posting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "USER_SECONDS", 0.05)
    posting = tmp_path / "posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    pack = user_pack(tmp_path, EXPONENTIAL)
    code, out, err = run(["clean", "--pack", str(pack), str(posting)], capsys)
    assert code == 0
    assert "We build pipelines." in out and "Apply now" not in out
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("jobdesk: warning: ") and "'mine.slow'" in lines[0]


def test_time_budget_runs_out_and_nests() -> None:
    slow = bounded(re.compile(EXPONENTIAL))
    with time_budget(0.02):
        with pytest.raises(PatternTimeout):
            slow.search("a" * 40 + "!")
        with time_budget(5):  # an inner budget, then the outer one again
            assert slow.search("aaab") is not None
        with pytest.raises(PatternTimeout):
            slow.search("aaab")  # the outer budget is spent
    assert slow.search("aaab") is not None  # outside any budget: a per-call limit


@pytest.mark.parametrize("method", ["search", "match", "fullmatch", "finditer"])
def test_every_method_is_bounded(method: str) -> None:
    slow = bounded(re.compile(EXPONENTIAL))
    with time_budget(0.02), pytest.raises(PatternTimeout):
        found = getattr(slow, method)("a" * 40 + "!")
        list(found) if method == "finditer" else found


def test_bounded_patterns_match_like_re_on_every_shipped_pattern() -> None:
    # The regex module in its re-compatible mode: same spans as re, for the real rules.
    texts = [
        Path(__file__).with_name("test_engine.py").read_text("utf-8"),
        "Boston, MA · 2 days ago · 36 applicants\nApply now\nZürich · café — “hybrid”\n"
        "Equal Opportunity Employer\nYou‚Äôll build\n\u00a0Save job\u00a0\nShow more\n",
    ]
    checked = 0
    for rule in load_rules(user_dir=False).rules:
        for lazy in (rule.pattern, rule.until, rule.between):
            if not isinstance(lazy, LazyPattern):
                continue
            p = lazy.compiled
            b = bounded(p)
            for text in texts:
                assert [m.span() for m in p.finditer(text)] == [
                    (m.start(), m.end()) for m in b.finditer(text)
                ], p.pattern
            checked += 1
    assert checked > 200


def test_a_user_replace_rule_expands_groups_when_bounded(tmp_path: Path) -> None:
    path = tmp_path / "amp.toml"
    path.write_text(
        '[pack]\nid = "amp"\n[[rule]]\nid = "amp.x"\nkind = "replace"\n'
        "pattern = '(?P<a>\\w+) &amp; (\\w+)'\nreplacement = '\\g<a> & \\2'\n"
    )
    pack, errors = parse_pack(path.read_text(), str(path), user=True)
    assert errors == [] and isinstance(pack.rules[0].pattern, BoundedPattern)
    result = Cleaner(RuleSet(packs=[pack])).match(Document(source="Salt &amp; pepper")).resolve()
    assert result.cleaned == "Salt & pepper"


@pytest.mark.parametrize("pattern", ["(?:a{1000}){1000}", "(?:(?:ab){100}){1000}x{1,50}"])
def test_a_pattern_that_would_unroll_to_a_huge_program_is_refused(
    tmp_path: Path, pattern: str
) -> None:
    # regex unrolls counted repeats: the first takes 250 MB to compile, and
    # '(?:a{65535}){65535}' all the memory there is.
    rules = load_rules(builtin=False, user_dir=False, extra=[user_pack(tmp_path, pattern)])
    assert rules.get("mine.slow") is None and rules.get("mine.apply") is not None
    (error,) = rules.errors
    assert (error.rule_id, error.key) == ("mine.slow", "pattern")
    assert "too large" in error.problem


def test_big_but_sound_patterns_still_run_bounded(tmp_path: Path) -> None:
    phrases = ", ".join(f'"Agency number {i}"' for i in range(3000))  # ~50,000 characters
    path = tmp_path / "agencies.toml"
    path.write_text(
        '[pack]\nid = "ag"\n[[rule]]\nid = "ag.x"\nkind = "line"\n'
        f"phrases = [{phrases}]\n"
        '[[rule]]\nid = "ag.y"\nkind = "line"\npattern = \'\\d{1,3}(?:,\\d{3}){0,5} applicants\'\n'
    )
    rules = load_rules(builtin=False, user_dir=False, extra=[path])
    assert rules.errors == []
    result = Cleaner(rules).clean("Agency Number 2999\nPay\n1,234 applicants\n")
    assert result.cleaned == "Pay\n"

"""The prefilters only ever narrow where the Python regexes run: they never change a
result. Checked three ways: RE2 supersets match wherever their Python pattern does
(on every shipped pattern's examples, and on arbitrary text for tricky constructs);
the literal index finds every line holding a literal; and the engine with both
prefilters switched off finds exactly the same hits on the corpus and on noisy text."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core import engine as engine_module
from jobdesk.core import prefilter
from jobdesk.core import rules as rules_module
from jobdesk.core.bounded import BoundedPattern, bounded
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document, ingest_path
from jobdesk.core.normalize import SUSPECT
from jobdesk.core.prefilter import (
    LiteralIndex,
    Superset,
    crosses_lines,
    line_pattern,
    required_literals,
    squash_blanks,
    superset_regex,
    superset_source,
)
from jobdesk.core.rules import RuleSet, compile_pattern, load_rules, parse_pack
from tests.corpus.corpus import cases

RULES = load_rules(user_dir=False)
CLEANER = Cleaner(RULES)


def _superset_finds(rx: Superset, text: str) -> set[int]:
    """Line indices where the superset matches (at the line start for a whole-line
    pattern, anywhere for others)."""
    data = text.encode()
    out = set()
    for s, e in rx.spans(data, 0, len(data)):
        first = data.count(b"\n", 0, s)
        out.update(range(first, first + data.count(b"\n", s, max(e - 1, s)) + 1))
    return out


def _python_lines(pattern: re.Pattern[str], text: str) -> set[int]:
    return {text.count("\n", 0, m.start()) for m in pattern.finditer(text)}


def _all_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for rule in RULES.rules:
        compiled = CLEANER._compiled[rule.id]
        for what, p in (
            ("line", compiled.line_re),
            ("pattern", rule.pattern),
            ("until", compiled.until_re),
            ("between", rule.between),
        ):
            if p is not None:
                out.append((f"{rule.id}:{what}", p))
    for pack in RULES.packs:
        out.extend((f"{pack.id}:detect", p) for p in pack.detect)
    out.append(("normalize:SUSPECT", SUSPECT))
    return out


PATTERNS = _all_patterns()
EXAMPLES = [text for rule in RULES.rules for text in (*rule.examples_remove, *rule.examples_keep)]


def test_every_shipped_pattern_translates() -> None:
    failed = [name for name, p in PATTERNS if superset_regex(p) is None]
    assert failed == []


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_superset_matches_wherever_python_does(name: str, pattern: re.Pattern[str]) -> None:
    rx = superset_regex(pattern)
    assert rx is not None
    for text in EXAMPLES:
        missed = _python_lines(pattern, text) - _superset_finds(rx, text)
        assert not missed, f"{name}: RE2 misses line(s) {missed} of {text!r}"


TRICKY = [
    r"(?<![/\w])equal (?:employment )?opportunit(?:y|ies)\W{1,4}employer",
    r"\bapply\b(?!\s+now)",
    r"^[^\S\n]*(?:Apply|Save)[^\S\n]*$",
    r"[A-Z][\w ]{0,30}: [^.!?\n]{0,400}?\bvisa",
    r"(?P<t>\w{3,})\s+(?P=t)",
    r"\d{1,3}(?:,\d{3})+\s*(?:applicants|people)",
    r"stra(?:ß|ss)e|ÉCOLE|naïve",
    r"[^\x00-\x7f]+\S*",
    r"\Aabout\b",
    r"end\Z",
    r"(?i:Foo)Bar",
    r"x{2000}|[ab]{3,5000}c",
    r"café\b|\bÉcole",  # word boundaries next to non-ASCII letters
]
WORDS = ["Apply", "Save", "equal opportunity employer", "visa", "applicants", "about", "end"]
ODD = ["\xa0", "\u2003", "ſ", "K", "İ", "ı", "1", "9", "٣", "café", "École"]
ALPHABET = st.sampled_from([*"aAbBcCxXéÉßsS _-/.,:\n\t", *ODD, *WORDS])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(TRICKY), st.booleans())
def test_superset_on_arbitrary_text(text: str, source: str, ignore_case: bool) -> None:
    pattern = re.compile(
        compile_pattern(source, case_sensitive=not ignore_case).pattern,
        (re.IGNORECASE if ignore_case else 0) | re.MULTILINE,
    )
    rx = superset_regex(pattern)
    assert rx is not None, superset_source(pattern.pattern, pattern.flags)
    assert _python_lines(pattern, text) <= _superset_finds(rx, text)


# Each Python pattern (case-insensitive) matches its text; so must the superset.
KNOWN = [
    ("café\\b", "café x"),  # \b next to a non-ASCII letter (RE2's \b is ASCII-only)
    ("\\bÉcole", "à École"),
    ("i", "İ"),  # Python folds i, I, İ and ı together; RE2 does not
    ("I", "ı"),
    ("[a-z]+", "İ"),
    ("s", "ſ"),
    ("k", "\u212a"),  # Kelvin sign
    ("[^\\S\\n]+x", "\u2003x"),
    ("\\w+", "日本語"),
    ("\\d", "٣"),
    ("(?<=a)b", "ab"),
    ("(x)\\1", "xx"),
    ("a{1000,2000}", "a" * 1500),
]


@pytest.mark.parametrize(("source", "text"), KNOWN)
def test_superset_known_differences(source: str, text: str) -> None:
    pattern = re.compile(source, re.IGNORECASE)
    assert pattern.search(text)
    rx = superset_regex(pattern)
    assert rx is not None
    assert _superset_finds(rx, text) == {0}


def test_required_literals_are_in_every_match() -> None:
    """A rule is skipped where none of its literals occurs: so every match of every
    rule, on every example and corpus posting, must hold one of them."""
    texts = [*EXAMPLES, NOISY, *(d.source for d in _corpus_docs())]
    missing = []
    for rule in RULES.rules:
        if not rule.required or rule.pattern is None:
            continue
        compiled = CLEANER._compiled[rule.id]
        pattern = compiled.line_re or rule.pattern
        for text in texts:
            for m in pattern.finditer(text):
                folded = squash_blanks(m.group().lower())
                if m.group().strip() and not any(lit in folded for lit in rule.required):
                    missing.append((rule.id, m.group()[:60]))
    assert missing == []


def test_literal_index_finds_overlapping_literals_on_their_lines() -> None:
    index = LiteralIndex(["apply", "easy apply", "save", "ppl"])
    lines = ["easy apply", "", "save", "easy apply", "nothing"]
    found = index.lines_by_literal(lines)
    by_literal = {index.literals[i]: rows for i, rows in found.items()}
    assert by_literal == {"apply": [0, 3], "easy apply": [0, 3], "ppl": [0, 3], "save": [2]}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab y\u00e9", max_size=9), max_size=8))
def test_literal_index_lists_each_line_once_for_each_literal_it_holds(lines: list[str]) -> None:
    literals = ["a", "ab", "aa", "b y", "y", "\u00e9a", "bab"]
    index = LiteralIndex(literals)
    found = index.lines_by_literal(lines)
    by_literal = {index.literals[i]: rows for i, rows in found.items()}
    assert by_literal == {
        lit: rows
        for lit in literals
        if (rows := [i for i, line in enumerate(lines) if lit in line])
    }


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0\u2003\u3000\x0bab", max_size=12))
def test_squashed_blanks_are_each_run_of_blanks_made_one_space(text: str) -> None:
    assert squash_blanks(text) == re.sub(r"[^\S\n]+", " ", text)


# --------------------------------------------------- the engine without its prefilters

NOISY = (
    "About the job\nSenior Data Engineer\nAcme · Boston · 3 days ago · 36 applicants\nApply\n"
    "Save\n\nYou‚Äôll own the ingestion.\u00a0\u00a0Pay: $150,000 – $180,000 a year.\n"
    "Acme is an equal opportunity employer. We do not sponsor visas.\n\nSimilar jobs\n"
    "Data Engineer\nOther Co · Remote\n----------------------\nDeutsch\nEnglish\nFrançais\n"
)


def _all_hits(cleaner: Cleaner, doc: Document) -> dict[str, list[tuple[int, int]]]:
    matched = cleaner.match(doc)
    return {rid: [(h.start, h.end) for h in hs] for rid, hs in matched.hits_by_rule.items()}


@functools.cache
def _corpus_docs() -> list[Document]:
    return [ingest_path(c.raw) for c in cases()]


def _inputs() -> list[Document]:
    docs = list(_corpus_docs())
    docs.append(Document(source=NOISY))
    docs.append(Document(source="\n".join(EXAMPLES)))
    return docs


def test_engine_without_re2_finds_the_same_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _inputs()
    fast = [_all_hits(CLEANER, d) for d in docs]
    monkeypatch.setattr(engine_module, "superset_regex", lambda pattern: None)
    monkeypatch.setattr(engine_module, "_suspect_superset", lambda: None)
    plain = Cleaner(RULES)
    slow = [_all_hits(plain, d) for d in docs]
    for doc, a, b in zip(docs, fast, slow, strict=True):
        assert a == b, doc.name or doc.source[:60]


def test_crosses_lines() -> None:
    assert not crosses_lines("apply now")
    assert not crosses_lines(r"[^\S\n]+x(?=\n)")
    assert crosses_lines(r"apply\s+now")
    assert crosses_lines(r"(?s)a.b")
    assert crosses_lines(r"\W*similar jobs")


def test_a_marker_over_a_line_break_is_found_from_its_first_line() -> None:
    # The tail's marker starts on a line that lacks its literal ("similar jobs").
    rules, errors = parse_pack(
        """
[pack]
id = "t"
[[rule]]
id = "t.tail"
name = "t"
category = "recommendations"
kind = "tail"
pattern = '[*]\\W*similar jobs'
examples.remove = ["*\\nsimilar jobs\\nA"]
""",
        "t.toml",
    )
    assert errors == []
    cleaner = Cleaner(RuleSet(packs=[rules]))
    source = "Posting\n*\nSimilar jobs\nOther job\n"
    matched = cleaner.match(Document(source=source))
    assert [(h.start, h.end) for h in matched.hits_by_rule["t.tail"]] == [(8, len(source))]


@pytest.mark.parametrize("source", ["", "x*", "(?:é)?"])
def test_empty_superset_matches_stay_on_character_boundaries(source: str) -> None:
    # An empty match steps on by one character: one byte would land inside "é" and the
    # engine's byte → character conversion would fail on every non-ASCII posting.
    data = "Zürich · café\n".encode()
    rx = Superset(superset_source(source) or "")
    spans = list(rx.spans(data, 0, len(data)))
    assert spans
    for s, e in spans:
        data[:s].decode()
        data[s:e].decode()


def test_a_pattern_that_can_match_nothing_cleans_a_non_ascii_posting() -> None:
    pack, errors = parse_pack(
        '[pack]\nid = "p"\ndetect = ["x*"]\n'
        '[[rule]]\nid = "p.a"\nkind = "phrase"\npattern = "y*"\n',
        "p.toml",
    )
    assert errors == []
    result = Cleaner(RuleSet(packs=[pack])).clean("Zürich · café\nÀ bientôt\n")
    assert result.site is None  # empty matches count for nothing
    assert result.cleaned == "Zürich · café\nÀ bientôt\n"


# ------------------------------------------------ one module that knows patterns


def test_the_prefilter_knows_patterns_not_rules() -> None:
    """prefilter.py takes patterns and text: it imports nothing of jobdesk but the
    pattern types (bounded.py), and the literal and line pieces live there (rules.py
    only re-exports them for older callers)."""
    tree = ast.parse(Path(prefilter.__file__).read_text("utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jobdesk")
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.startswith("jobdesk")
    }
    assert imported == {"jobdesk.core.bounded"}
    for fn in (required_literals, squash_blanks, line_pattern, crosses_lines, superset_source):
        assert fn.__module__ == "jobdesk.core.prefilter", fn.__name__
    assert rules_module.required_literals is required_literals
    assert rules_module.squash_blanks is squash_blanks


def test_the_ids_of_a_patterns_literals() -> None:
    index = LiteralIndex(["apply", "save job", "a\nb"])
    assert index.ids_of(("apply", "save job")) == (index.ids["apply"], index.ids["save job"])
    assert index.ids_of(()) is None  # (nothing to look for: always searched)
    assert index.ids_of(("apply", "a\nb")) is None  # (a literal over a line break)


def test_the_whole_line_version_of_a_pattern() -> None:
    rx = line_pattern(compile_pattern("apply now"))
    assert [m.group() for m in rx.finditer("x\n  Apply  now \nApply now, please\nAPPLY NOW")] == [
        "  Apply  now ",
        "APPLY NOW",
    ]
    # A user's pattern stays bounded (its whole-line version is as untrusted as it is).
    user = bounded(compile_pattern("apply now"))
    assert isinstance(line_pattern(user), BoundedPattern)
    assert not isinstance(rx, BoundedPattern)


def test_a_superset_set_tells_which_patterns_match_somewhere() -> None:
    found = prefilter.SupersetSet(["apply now", "(?m:^)[0-9]+[.](?m:$)", "x{3}"])
    assert found.size == 3
    assert found.matching(b"Please apply now\n12.\nok") == {0, 1}
    assert found.matching("Café xxx\n".encode()) == {2}
    assert found.matching(b"") == frozenset()


def test_a_superset_set_whose_search_fails_cannot_tell() -> None:
    class Failed:  # what RE2's set answers when its DFA runs out of memory
        def Match(self, data: bytes) -> list[int]:
            return []

    found = prefilter.SupersetSet(["apply now"])
    found._set = Failed()
    assert found.matching(b"apply now") is None


def test_a_superset_set_refuses_what_re2_refuses() -> None:
    with pytest.raises(ValueError):
        prefilter.SupersetSet(["(unclosed"])


def test_a_superset_tells_the_first_row_it_matches_on() -> None:
    rx = Superset(superset_source("apply now", re.IGNORECASE) or "")
    data = "Café\napply\nApply now\nok apply now\n".encode()
    starts = [0, 6, 12, 22, 35]
    assert rx.first_row(data, starts, [0, 1, 3]) == 3
    assert rx.first_row(data, starts, [2, 3]) == 2
    assert rx.first_row(data, starts, [0, 1, 4]) == -1  # (row 2 never looked at)
    # At a row's start only: row 3 holds it after "ok ".
    assert rx.first_row(data, starts, [0, 1, 3], at_start=True) == -1
    assert rx.first_row(data, starts, [1, 2, 3], at_start=True) == 2


def _squashed_plainly(text: str) -> str:
    """Every run of blanks that are not line breaks made one space."""
    out = "".join(" " if ch.isspace() and ch != "\n" else ch for ch in text)
    while "  " in out:
        out = out.replace("  ", " ")
    return out


@given(
    st.lists(st.sampled_from(["a", "é", " ", "\n", "\t", "\u00a0", "\u3000", "  "])).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_squash_blanks_makes_each_run_of_blanks_one_space(text: str) -> None:
    assert squash_blanks(text) == _squashed_plainly(text)


_LITS = st.sampled_from(["en", "da", "hi", "apply", "log in", "über", "jobs", "ſt"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_LITS, min_size=1, unique=True),
    st.lists(_LITS, unique=True),
    st.lists(st.lists(_LITS | st.sampled_from([" ", "x", "hello"]), max_size=6).map("".join)),
)
def test_an_index_of_some_literals_reports_them_as_the_whole_index_does(
    literals: list[str], some: list[str], lines: list[str]
) -> None:
    from jobdesk.core.prefilter import LiteralIndex

    whole = LiteralIndex(literals)
    part = whole.only([*some, "not in the whole index"])
    wanted = {whole.ids[lit] for lit in some if lit in whole.ids}
    expected = {k: v for k, v in whole.lines_by_literal(lines).items() if k in wanted}
    assert part.lines_by_literal(lines) == expected


def test_a_site_blind_match_looks_only_for_the_literals_of_the_rules_it_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobdesk.core.prefilter import LiteralIndex

    cleaner = Cleaner(load_rules(user_dir=False))
    searched: list[LiteralIndex] = []
    lines_by_literal = LiteralIndex.lines_by_literal
    monkeypatch.setattr(
        LiteralIndex,
        "lines_by_literal",
        lambda self, lines: searched.append(self) or lines_by_literal(self, lines),
    )
    text = "Log ind\nDA EN\nHi Jane,\nWe build anvils.\nApply now\n"
    blind = cleaner.match(Document(source=text), site=engine_module.NO_SITE)
    site_only = {"en", "da", "hi"}  # Jobindex's menu, a recruiter's greeting
    assert not site_only & set(searched[-1].literals)
    assert "apply" in searched[-1].literals
    detected = cleaner.match(Document(source=text))
    assert site_only <= set(searched[-1].literals)
    # The generic rules find the same lines either way.
    assert {r: hs for r, hs in detected.hits_by_rule.items() if r in blind.hits_by_rule} == (
        blind.hits_by_rule
    )

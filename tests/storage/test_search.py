from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesk.storage.library import Library
from jobdesk.storage.query import parse
from tests.storage.conftest import OTHER, posting

HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "**",
    "* *",
    "NEAR(",
    "NEAR(a b",
    "NEAR",
    "(",
    ")",
    "()",
    "'; DROP TABLE posting; --",
    "'",
    "a' OR '1'='1",
    "AND",
    "OR",
    "NOT",
    "a AND",
    "OR b",
    "a OR",
    "-",
    "--",
    "-*",
    "^",
    "^rust",
    "rust^",
    "title:",
    "company:",
    ":",
    "::",
    "tag:",
    "status:",
    "site:",
    "is:",
    "{title}: x",
    "{cleaned title}",
    "col:umn:x",
    "rust + go",
    "\x00",
    "rust\x00go",
    "\ud800",
    "𝕽𝖚𝖘𝖙",
    "🦀",
    "c++",
    "c#",
    ".net",
    "node.js",
    "https://example.com/jobs?id=1&x=2",
    "\\",
    '\\"',
    "%",
    "_",
    "a" * 5000,
    "rust " * 300,
    "NEAR(rust go, 3)",
    "rust NOT go",
    "rust AND NOT",
    '"unterminated',
    'company:"unterminated',
    "-company:acme",
    "-tag:",
    "title:*",
    "*rust",
    "r*st",
    "pay>=abc",
    "pay>=",
    "pay<=",
    "-pay>=",
    "pay>=1e5",
    "pay>=NaN",
    "pay>=inf",
    "pay>=" + "9" * 400,
    "pay>=-5",
    "pay>=12.5.3",
    "pay>>=5",
    "pay=>5",
    "pay:>=5",
    'pay>="100k"',
    "workplace:",
    "type:",
    "sponsorship:",
    "workplace:'; DROP TABLE posting; --",
    "type:%",
    "-sponsorship:maybe",
]


@pytest.fixture
def filled(lib: Library) -> Library:
    lib.add(
        posting(
            fields={"title": "Senior Rust Engineer", "company": "Acme Robotics"},
            site="linkedin",
            tags=["dream", "Berlin"],
        )
    )
    lib.add(
        posting(OTHER, fields={"company": "Globex Corporation"}, site="indeed", status="applied")
    )
    lib.add(
        posting(
            "Café owner wanted\nÜberraschung GmbH\n\nRun a café. C++ is not needed.\n",
            fields={"company": "Überraschung GmbH"},
        )
    )
    return lib


def ids(lib: Library, q: str, **kw: object) -> set[str]:
    return {r.title.split()[0] for r in lib.page(q, 0, 100, **kw)}  # type: ignore[arg-type]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_errors(filled: Library, query: str) -> None:
    n = filled.count(query)
    rows = filled.page(query, 0, 50, sort="relevance")
    assert n == len(rows) or len(rows) == 50
    filled.ids(query, prefix_last=True)
    filled.count(query, prefix_last=True)
    if rows:
        filled.snippet(rows[0].id, query)
    assert filled.count() == 3  # nothing was damaged
    assert filled.integrity_check() == []


def test_words_phrases_prefix(filled: Library) -> None:
    assert ids(filled, "rust") == {"Senior"}
    assert ids(filled, "RUST warehouse") == {"Senior"}
    assert ids(filled, "rust sql") == set()
    assert ids(filled, '"motion-planning service"') == {"Senior"}
    assert ids(filled, '"service motion"') == set()
    assert ids(filled, "dash*") == {"Data"}
    assert ids(filled, "dash") == set()
    assert ids(filled, "dash", prefix_last=True) == {"Data"}
    assert ids(filled, "rust OR sql") == {"Senior", "Data"}
    assert ids(filled, "years -rust") == {"Data"}
    assert ids(filled, "-rust") == {"Data", "Café"}
    assert ids(filled, "cafe") == {"Café"}  # diacritics folded
    assert ids(filled, "uberraschung") == {"Café"}
    assert ids(filled, "c++ needed") == {"Café"}  # punctuation is just a separator


def test_field_filters(filled: Library) -> None:
    assert ids(filled, "company:acme") == {"Senior"}
    assert ids(filled, "company:ac") == {"Senior"}  # prefix-tolerant
    assert ids(filled, 'company:"acme robotics"') == {"Senior"}
    assert ids(filled, "company:rust") == set()  # only the company column
    assert ids(filled, "title:engineer") == {"Senior"}
    assert ids(filled, "site:LinkedIn") == {"Senior"}
    assert ids(filled, "site:none") == {"Café"}
    assert ids(filled, "status:applied") == {"Data"}
    assert ids(filled, "-status:applied") == {"Senior", "Café"}
    assert ids(filled, "tag:DREAM") == {"Senior"}
    assert ids(filled, "tag:dream status:applied") == set()
    assert ids(filled, "is:untagged") == {"Data", "Café"}
    assert ids(filled, "is:nonsense") == set()
    assert ids(filled, "http://acme.test") == set()  # not a filter: words


def test_relevance_prefers_title_matches(lib: Library) -> None:
    lib.add(posting("Office manager\n\nWe use Rust here and there; rust is nice.\n"))
    lib.add(posting("Rust developer\n\nBuild things.\n"))
    rows = lib.page("rust", sort="relevance")
    assert rows[0].title == "Rust developer"


def test_snippet_marks_matches(filled: Library) -> None:
    row = filled.page("warehouse")[0]
    assert "«warehouse»" in filled.snippet(row.id, "warehouse")
    assert filled.snippet(row.id, "") == ""


def test_parse_only_emits_quoted_terms() -> None:
    p = parse('rust "big data" eng* -java company:acme tag:x NEAR( \'; DROP')
    assert p.match == (
        '("rust" AND "big data" AND "eng"* AND company : "acme"* AND "NEAR(" AND "DROP") '
        'NOT ("java")'
    )
    assert p.exclude is None
    assert parse("-java -go").exclude == '"java" OR "go"'
    assert p.params == ["x"]
    assert parse("").is_empty and parse('* ( ) "').is_empty


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list("ab \"*():-^+'NEARORANDNOT_{}\x00é")), max_size=40))
def test_fuzzed_queries_never_error(lib: Library, query: str) -> None:
    if lib.count() == 0:
        lib.add(posting())
    lib.count(query)
    lib.page(query, 0, 5, sort="relevance", prefix_last=True)


def test_snippet_window(lib: Library) -> None:
    text = (
        "Intro words. " * 40 + "We need a Kubernetes expert who likes kubernetes. " + "Tail. " * 40
    )
    pid = lib.add(posting(text)).id or 0
    snip = lib.snippet(pid, "kube* -java company:x")
    assert snip.startswith("…") and snip.endswith("…")
    assert "«Kubernetes»" in snip and "«kubernetes»" in snip and len(snip) < 200
    assert lib.snippet(pid, '"expert who"').count("«") == 2
    assert lib.snippet(pid, "nothing-here") == ""

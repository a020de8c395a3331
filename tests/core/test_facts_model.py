"""The typed facts: their JSON (the library's, the exports', ``clean --format json``'s), the
table of fields, and the layering (``core.result`` imports nothing of jobdesk; the engine
and the facts do not import each other)."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.facts import FIELDS, Conflict, DatedFact, Fact, Facts, PayFact, extract
from jobdesk.core.facts.model import JsonValue
from jobdesk.core.result import CleanResult

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "jobdesk"

# ------------------------------------------------------------------ JSON round trip

words = st.text(max_size=12)
spans = st.none() | st.tuples(st.integers(0, 10**6), st.integers(0, 10**6))
numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.integers(0, 10**9)
json_values: st.SearchStrategy[JsonValue] = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | words,
    lambda inner: st.lists(inner, max_size=3).map(tuple),
    max_leaves=6,
)
plain_facts = st.builds(Fact, json_values, words, words, spans)


def _fact(dated: bool = False) -> st.SearchStrategy[Fact]:
    common = {
        "value": json_values,
        "text": words,
        "source": st.sampled_from(["text", "JSON-LD", "page title"]),
        "span": spans,
        "conflict": st.none() | plain_facts,
        "overrules": st.none() | plain_facts,
    }
    if dated:
        return st.builds(DatedFact, **common, age_days=st.none() | st.integers(0, 5000))
    return st.builds(Fact, **common)


pay_facts = st.builds(
    PayFact,
    text=words,
    source=st.sampled_from(["text", "JSON-LD"]),
    span=spans,
    min=numbers,
    max=numbers,
    currency=st.none() | words,
    period=st.none() | st.sampled_from(["hour", "day", "week", "month", "year"]),
    location=st.none() | words,
    estimate=st.booleans(),
)
facts_strategy = st.builds(
    Facts,
    title=st.none() | _fact(),
    company=st.none() | _fact(),
    location=st.lists(_fact(), max_size=3).map(tuple),
    workplace=st.none() | _fact(),
    employment_type=st.none() | _fact(),
    seniority=st.none() | _fact(),
    posted=st.none() | _fact(dated=True),
    deadline=st.none() | _fact(),
    pay=st.lists(pay_facts, max_size=3).map(tuple),
    sponsorship=st.none() | _fact(),
    clearance=st.none() | _fact(),
    years_experience=st.none() | _fact(),
    conflicts=st.lists(st.builds(Conflict, words, json_values, json_values), max_size=3).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(facts_strategy)
def test_facts_survive_their_json(facts: Facts) -> None:
    as_json = json.dumps(facts.to_json(), ensure_ascii=False)
    back = Facts.from_json(json.loads(as_json))
    assert back == facts
    assert json.dumps(back.to_json(), ensure_ascii=False) == as_json


JSONLD = {
    "@type": "JobPosting",
    "title": "Senior DevOps Engineer",
    "hiringOrganization": {"@type": "Organization", "name": "PaperCut Software"},
    "employmentType": "FULL_TIME",
    "datePosted": "2026-08-06",
    "validThrough": "2026-12-12T09:37:46.463Z",
    "jobLocationType": "TELECOMMUTE",
    "jobLocation": {"address": {"addressLocality": "Melbourne", "addressCountry": "AU"}},
    "baseSalary": {
        "currency": "AUD",
        "value": {"minValue": 130000, "maxValue": 160000, "unitText": "YEAR"},
    },
}
# Every field that JSON-LD states, said otherwise by the text.
DISAGREEING = (
    "Staff Platform Engineer\nGlobex Corporation\nSpringfield, IL\n\n"
    "Date posted: March 3, 2026\nJob type: Part-time\n"
    "This is a hybrid role, 3 days a week in the office.\n"
    "Globex Corporation is hiring. Salary: $90,000 - $100,000 a year.\n"
    "Application deadline: April 30, 2026\n"
)


def test_the_json_keeps_its_keys_and_their_order() -> None:
    """The JSON the library and ``clean --format json`` have always written, key for key."""
    out = extract(DISAGREEING, DISAGREEING, [], JSONLD).to_json()
    assert list(out) == [
        "title", "company", "location", "workplace", "employment_type", "seniority",
        "posted", "deadline", "pay", "sponsorship", "clearance", "years_experience",
        "conflicts",
    ]  # fmt: skip
    fact = ["value", "text", "source", "span"]
    assert list(out["title"]) == [*fact, "conflict"]
    assert list(out["title"]["conflict"]) == fact
    assert list(out["workplace"]) == [*fact, "conflict", "overrules"]
    assert list(out["posted"]) == [*fact, "age_days", "conflict"]
    assert list(out["location"][0]) == fact
    pay = ["text", "source", "span", "min", "max", "currency", "period", "location"]
    assert [list(p) for p in out["pay"]] == [pay, pay]
    assert out["employment_type"]["value"] == ["full-time"]  # lists, not tuples
    assert out["employment_type"]["conflict"]["span"] == [97, 106]
    assert [list(c) for c in out["conflicts"]] == [["field", "jsonld", "text"]] * 8
    assert [c["field"] for c in out["conflicts"]] == [
        "title", "company", "location", "workplace", "employment_type", "posted",
        "deadline", "pay",
    ]  # fmt: skip
    assert out["conflicts"][-1]["text"] == [[90000.0, 100000.0]]
    assert Facts.from_json(out).to_json() == out


def test_an_estimate_is_marked_and_nothing_else_is() -> None:
    est = PayFact("$50K - $60K (Glassdoor est.)", "text", (0, 5), 5e4, 6e4, "$", None, None, True)
    assert est.to_json()["estimate"] is True
    assert "estimate" not in dataclasses.replace(est, estimate=False).to_json()


def test_empty_facts() -> None:
    empty = extract("", "", [])
    assert empty == Facts()
    out = empty.to_json()
    assert out == {
        "title": None, "company": None, "location": [], "workplace": None,
        "employment_type": None, "seniority": None, "posted": None, "deadline": None,
        "pay": [], "sponsorship": None, "clearance": None, "years_experience": None,
        "conflicts": [],
    }  # fmt: skip


# -------------------------------------------------------------------- the field table


def test_the_table_reads_every_field_once_in_order() -> None:
    names = [f.name for f in dataclasses.fields(Facts)]
    assert [f.name for f in FIELDS] == names[:-1]
    assert names[-1] == "conflicts"


def test_each_jsonld_field_is_settled_the_same_way() -> None:
    """JSON-LD wins; the text's reading is its ``conflict`` and is listed once."""
    facts = extract(DISAGREEING, DISAGREEING, [], JSONLD)
    for name in ("title", "company", "workplace", "employment_type", "posted", "deadline"):
        fact = getattr(facts, name)
        assert fact.source == "JSON-LD", name
        assert fact.conflict is not None and fact.conflict.source == "text", name
        (listed,) = [c for c in facts.conflicts if c.field == name]
        assert (listed.jsonld, listed.text) == (fact.value, fact.conflict.value)


def test_a_text_that_agrees_with_jsonld_is_no_conflict() -> None:
    text = (
        "Senior DevOps Engineer\nPaperCut Software\nMelbourne\n\nFull-time. "
        "This is a remote role.\nSalary: AUD 130,000 - 160,000 a year\n"
    )
    facts = extract(text, text, [], JSONLD)
    assert facts.conflicts == ()
    assert facts.title is not None and facts.title.conflict is None
    assert facts.title.span is not None  # the JSON-LD title, found in the text
    assert facts.pay[0].source == "JSON-LD" and facts.pay[0].span is not None


# ------------------------------------------------------------------------- layering


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at any depth (functions, TYPE_CHECKING blocks)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
    return out


def _loaded_after(module: str) -> list[str]:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('jobdesk')))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(run.stdout.replace("'", '"'))
    return loaded


def test_result_imports_nothing_of_jobdesk() -> None:
    assert _loaded_after("jobdesk.core.result") == [
        "jobdesk",
        "jobdesk.core",
        "jobdesk.core.result",
    ]
    runtime = [m for m in _imports(PACKAGE / "core" / "result.py") if m.startswith("jobdesk")]
    assert runtime == ["jobdesk.core.ingest"]  # for an annotation, under TYPE_CHECKING only


def test_engine_and_facts_do_not_import_each_other() -> None:
    facts_dir = PACKAGE / "core" / "facts"
    for path in facts_dir.glob("*.py"):
        assert not [m for m in _imports(path) if m == "jobdesk.core.engine"], path.name
    engine = _imports(PACKAGE / "core" / "engine.py")
    assert not [m for m in engine if m.startswith(("jobdesk.core.facts", "jobdesk.core.fields"))]
    assert "jobdesk.core.engine" not in _loaded_after("jobdesk.core.facts")
    assert not hasattr(CleanResult, "fields")  # facts come from an explicit call


def test_the_facts_package_replaces_fields() -> None:
    assert not (PACKAGE / "core" / "fields.py").exists()
    assert not (PACKAGE / "core" / "pay.py").exists()
    for path in PACKAGE.rglob("*.py"):
        found = [m for m in _imports(path) if m in ("jobdesk.core.fields", "jobdesk.core.pay")]
        assert not found, path

"""Any TOML value under any key of a rule or of [pack]: loading reports it (a PackError)
or takes it, never raises anything else, and whatever loaded cleans a posting."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document
from jobdesk.core.result import apply_edits
from jobdesk.core.rules import CATEGORIES, KINDS, PACK_KEYS, RULE_KEYS, load_rules

SAMPLE = (
    "Senior Data Engineer\nAcme Corp · Boston, MA · 36 applicants\n\nApply now\nSave job\n\n"
    "About the job\nYou‚Äôll build pipelines in Zürich.\nPay: $120,000 – $150,000\n\n"
    "Similar jobs\nData Engineer\nML Engineer\nAnalyst\n\nEqual Opportunity Employer.\n"
)

# Values with a meaning somewhere in the schema, so that many rules load and run.
MEANINGFUL = st.sampled_from(
    [*KINDS, *CATEGORIES, "first", "last", "remove", "keep", "navigation", "", " ",
     "Apply now", "(apply|save) (now|job)", r"(\w+) (\w+)", r"\g<1>", r"\g<2>", r"\1",
     r"(?P<n>x)", r"\g<n>", "^", "$", ".*", "(?=Pay)", r"\bjobs?\b", "[", "(?i)x", "x{2,}",
     "fuzz", "fuzz.rule"]
)  # fmt: skip
SCALARS = st.one_of(
    MEANINGFUL,
    st.text(max_size=20),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-3, max_value=40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.inf, -math.inf, math.nan, 0.0, 0.5, 1.0, 1e300]),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["remove", "keep", "x", "a b"]), inner, max_size=3),
    ),
    max_leaves=6,
)


def toml(value: Any) -> str:
    """A TOML value (inline) for a Python value from :data:`VALUES`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def table(values: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(k)} = {toml(v)}\n" for k, v in values.items())


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.toml"


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    rule=st.dictionaries(st.sampled_from([*sorted(RULE_KEYS), "bogus"]), VALUES, max_size=6),
    pack=st.dictionaries(st.sampled_from([*sorted(PACK_KEYS), "bogus"]), VALUES, max_size=3),
)
def test_any_value_loads_or_is_reported_and_cleaning_never_raises(
    pack_file: Path, rule: dict[str, Any], pack: dict[str, Any]
) -> None:
    rule = {"id": "fuzz.rule", "kind": "phrase", "pattern": "Apply now", **rule}
    pack = {"id": "fuzz", **pack}
    second = {"id": "fuzz.second", "kind": "line", "pattern": "Save job"}
    text = "[pack]\n" + table(pack) + "\n[[rule]]\n" + table(rule) + "\n[[rule]]\n" + table(second)
    pack_file.write_text(text, encoding="utf-8")

    rules = load_rules(builtin=False, user_dir=False, extra=[pack_file])  # never raises

    assert all("\n" not in str(e) for e in rules.errors)
    loaded = rules.packs[0] if rules.packs else None
    if loaded is None:
        assert rules.errors  # a pack that did not load says why
        return
    assert len(loaded.rules) == 2 or rules.errors  # a rule that did not load says why
    cleaner = Cleaner(rules)
    every_rule_on = {r.id: True for r in rules.rules}
    for site in (None, "fuzz"):
        matched = cleaner.match(
            Document(source=SAMPLE, url="https://example.com/jobs/1"), site=site
        )
        result = matched.resolve(every_rule_on)
        assert apply_edits(result.source, result.edits) == result.cleaned

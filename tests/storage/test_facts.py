"""Posting facts as library columns: workplace, type, sponsorship, pay range.

The migration that adds them, the columns kept on save and update, the search filters
(``workplace:`` ``type:`` ``sponsorship:`` ``pay>=`` ``pay<=``), sorting, the CLI.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesk.storage import text as textmod
from jobdesk.storage.library import Library
from jobdesk.storage.migrations import LATEST, migrate
from jobdesk.storage.query import parse
from tests.storage.conftest import OTHER, POSTING, CliRun, posting
from tests.storage.schema_history import history


def _fact(value: Any, text: str = "") -> dict[str, Any]:
    return {"value": value, "text": text or str(value), "source": "text", "span": [0, 1]}


def _pay(lo: float | None, hi: float | None, cur: str | None = "USD", per: str | None = "year"):  # type: ignore[no-untyped-def]
    return {
        "text": f"{lo}-{hi}",
        "source": "text",
        "span": [0, 1],
        "min": lo,
        "max": hi,
        "currency": cur,
        "period": per,
        "location": None,
    }


RUST_FIELDS: dict[str, Any] = {
    "title": _fact("Senior Rust Engineer"),
    "company": _fact("Acme Robotics"),
    "location": [_fact("Berlin")],
    "workplace": _fact("hybrid"),
    "employment_type": _fact(["full-time"]),
    "sponsorship": _fact("yes", "Visa sponsorship available for this role"),
    "pay": [_pay(85000, 105000, "EUR")],
}
DATA_FIELDS: dict[str, Any] = {
    "title": _fact("Data Analyst"),
    "company": _fact("Globex Corporation"),
    "workplace": _fact("remote"),
    "employment_type": _fact(["contract", "part-time"]),
    "sponsorship": _fact("no", "We cannot sponsor visas"),
    "pay": [_pay(None, 140000), _pay(130000, 150000, "USD", "month"), _pay(120000, None)],
}
CAFE = "Café owner wanted\nÜberraschung GmbH\n\nRun a café.\n"
CAFE_FIELDS: dict[str, Any] = {
    "title": _fact("Café owner wanted"),
    "workplace": _fact("on-site"),
    "employment_type": _fact(["internship"]),
    "sponsorship": _fact("unknown", "Sponsorship may be discussed"),
    "pay": [{"text": "competitive", "min": None, "max": None, "currency": None, "period": None}],
}
PLAIN = "Plain posting\n\nNothing stated at all.\n"


@pytest.fixture
def facts_lib(lib: Library) -> Library:
    lib.add(posting(fields=RUST_FIELDS))
    lib.add(posting(OTHER, fields=DATA_FIELDS))
    lib.add(posting(CAFE, fields=CAFE_FIELDS))
    lib.add(posting(PLAIN))
    return lib


def titles(lib: Library, q: str, **kw: Any) -> set[str]:
    return {r.title.split()[0] for r in lib.page(q, 0, 100, **kw)}


# ------------------------------------------------------------------ fact_columns


def test_fact_columns_from_the_extractor_shape() -> None:
    assert textmod.fact_columns(RUST_FIELDS) == {
        "workplace": "hybrid",
        "employment_type": "full-time",
        "sponsorship": "yes",
        "pay_min": 85000.0,
        "pay_max": 105000.0,
        "pay_currency": "EUR",
        "pay_period": "year",
    }
    data = textmod.fact_columns(DATA_FIELDS)
    # "Up to 140k" and "from 120k" (same currency and period) widen one range; the
    # monthly one is another unit and left out
    assert (data["pay_min"], data["pay_max"]) == (120000.0, 140000.0)
    assert data["employment_type"] == "contract, part-time"
    cafe = textmod.fact_columns(CAFE_FIELDS)
    assert (cafe["pay_min"], cafe["pay_max"], cafe["pay_currency"]) == (None, None, "")


@pytest.mark.parametrize(
    "fields",
    [
        None,
        "not a dict",
        [],
        {},
        {"pay": "€90k", "location": "Berlin"},  # an old library's strings
        {"workplace": "remote-ish", "sponsorship": {"value": 3}, "employment_type": 5},
        {"pay": [None, 3, {"min": "100k", "max": True}, {"min": float("nan")}]},
        {"pay": {"min": float("inf"), "max": 5}, "workplace": {"value": None}},
        {"employment_type": {"value": ["", None, "Full Time", "full-time"]}},
    ],
)
def test_fact_columns_never_raise_and_stay_unknown(fields: Any) -> None:
    facts = textmod.fact_columns(fields)
    assert set(facts) == set(textmod.FACT_COLUMNS)
    assert facts["workplace"] in ("", "remote", "hybrid", "on-site")
    assert facts["sponsorship"] in ("", "yes", "no", "unknown")
    if isinstance(fields, dict) and "employment_type" in fields:
        assert facts["employment_type"] in ("", "full-time")


def test_pay_single_value_fills_both_ends() -> None:
    facts = textmod.fact_columns({"pay": [_pay(None, 95000)]})
    assert (facts["pay_min"], facts["pay_max"]) == (95000.0, 95000.0)
    facts = textmod.fact_columns({"pay": [_pay(200, 100, "GBP", None)]})
    assert (facts["pay_min"], facts["pay_max"], facts["pay_period"]) == (100.0, 200.0, "")


# ------------------------------------------------------------------ save / update


def _cols(lib: Library, pid: int) -> tuple[Any, ...]:
    return tuple(
        lib.conn.execute(
            f"SELECT {', '.join(textmod.FACT_COLUMNS)} FROM posting WHERE id = ?", (pid,)
        ).fetchone()
    )


def test_columns_are_kept_on_save_and_update(facts_lib: Library) -> None:
    assert _cols(facts_lib, 1) == ("hybrid", "full-time", "yes", 85000.0, 105000.0, "EUR", "year")
    assert _cols(facts_lib, 4) == ("", "", "", None, None, "", "")
    row = facts_lib.rows([2])[0]
    assert (row.workplace, row.employment_type, row.sponsorship) == (
        "remote",
        "contract, part-time",
        "no",
    )
    facts_lib.update(1, fields={**RUST_FIELDS, "workplace": _fact("remote"), "pay": []})
    assert _cols(facts_lib, 1) == ("remote", "full-time", "yes", None, None, "", "")
    facts_lib.update(1, notes="unrelated change")  # fields untouched: columns too
    assert _cols(facts_lib, 1)[0] == "remote"
    facts_lib.update(4, fields={"sponsorship": _fact("no")})
    assert titles(facts_lib, "sponsorship:no") == {"Data", "Plain"}


# ------------------------------------------------------------------ filters


def test_workplace_filter(facts_lib: Library) -> None:
    assert titles(facts_lib, "workplace:remote") == {"Data"}
    assert titles(facts_lib, "workplace:HYBRID") == {"Senior"}
    assert titles(facts_lib, "workplace:on-site") == {"Café"}
    assert titles(facts_lib, "workplace:onsite") == {"Café"}
    assert titles(facts_lib, "workplace:none") == {"Plain"}
    assert titles(facts_lib, "-workplace:remote") == {"Senior", "Café", "Plain"}
    assert titles(facts_lib, "workplace:moon") == set()  # a typo matches nothing
    assert titles(facts_lib, "workplace:remote sql") == {"Data"}
    assert titles(facts_lib, "workplace:remote rust") == set()


def test_type_filter(facts_lib: Library) -> None:
    assert titles(facts_lib, "type:full-time") == {"Senior"}
    assert titles(facts_lib, "type:fulltime") == {"Senior"}
    assert titles(facts_lib, 'type:"Full Time"') == {"Senior"}
    assert titles(facts_lib, "type:contract") == {"Data"}
    assert titles(facts_lib, "type:part-time") == {"Data"}
    assert titles(facts_lib, "type:part") == {"Data"}
    assert titles(facts_lib, "type:intern") == {"Café"}
    assert titles(facts_lib, "type:time") == set()  # whole types only, not substrings
    assert titles(facts_lib, "type:none") == {"Plain"}
    assert titles(facts_lib, "-type:contract") == {"Senior", "Café", "Plain"}
    assert titles(facts_lib, "type:%") == set()


def test_sponsorship_filter(facts_lib: Library) -> None:
    assert titles(facts_lib, "sponsorship:yes") == {"Senior"}
    assert titles(facts_lib, "sponsorship:no") == {"Data"}
    assert titles(facts_lib, "sponsorship:unknown") == {"Café", "Plain"}
    assert titles(facts_lib, "sponsorship:none") == {"Plain"}
    assert titles(facts_lib, "-sponsorship:no") == {"Senior", "Café", "Plain"}
    assert titles(facts_lib, "sponsorship:maybe") == set()


def test_pay_filters_compare_against_the_range(facts_lib: Library) -> None:
    # Senior: 85k–105k EUR, Data: 120k–140k USD, Café and Plain: unknown pay
    assert titles(facts_lib, "pay>=120000") == {"Data"}
    assert titles(facts_lib, "pay>=100000") == {"Senior", "Data"}  # max 105k ≥ 100k
    assert titles(facts_lib, "pay>=100k") == {"Senior", "Data"}
    assert titles(facts_lib, "pay>=$105,000") == {"Senior", "Data"}
    assert titles(facts_lib, "pay>=140001") == set()
    assert titles(facts_lib, "pay<=90000") == {"Senior"}  # min 85k ≤ 90k
    assert titles(facts_lib, "pay<=120k") == {"Senior", "Data"}
    assert titles(facts_lib, "pay<=1") == set()
    assert titles(facts_lib, "pay>105000") == {"Data"}
    assert titles(facts_lib, "pay<85000") == set()
    assert titles(facts_lib, "pay=130k") == {"Data"}
    assert titles(facts_lib, "pay>=100k pay<=110k") == {"Senior"}
    assert titles(facts_lib, "PAY>=0.1m") == {"Senior", "Data"}
    # unknown pay never matches a pay filter, negated or not
    assert titles(facts_lib, "-pay>=120000") == {"Senior"}
    assert titles(facts_lib, "-pay<=1") == {"Senior", "Data"}
    assert titles(facts_lib, "pay>=100k workplace:remote type:contract sponsorship:no") == {"Data"}


@pytest.mark.parametrize(
    "query",
    ["pay>=abc", "pay>=", "pay<=k", "pay>=1e5", "pay>=NaN", "pay>=" + "9" * 400, "pay>=1.2.3"],
)
def test_a_pay_filter_without_a_number_is_searched_as_words(facts_lib: Library, query: str) -> None:
    p = parse(query)
    assert p.where == [] and p.params == []
    facts_lib.count(query)
    facts_lib.page(query, sort="relevance", prefix_last=True)
    assert facts_lib.count() == 4


def test_pay_words_still_search_text(lib: Library) -> None:
    lib.add(posting("Payroll clerk\n\nPay: abc grade, no more.\n"))
    assert titles(lib, "pay>=abc") == {"Payroll"}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet=st.sampled_from(list("pay><=:-9.0,k$€ m_\"'*()wokrplacetysn")), max_size=30)
)
def test_fuzzed_fact_filters_never_error(lib: Library, query: str) -> None:
    if lib.count() == 0:
        lib.add(posting(fields=RUST_FIELDS))
    lib.count(query)
    lib.page(query, 0, 5, sort="pay", prefix_last=True)


@pytest.mark.parametrize("sort", ["workplace", "type", "sponsorship"])
def test_sort_by_fact_columns(facts_lib: Library, sort: str) -> None:
    rows = facts_lib.page("", sort=sort, descending=False)
    attr = {"type": "employment_type"}.get(sort, sort)
    values = [getattr(r, attr) for r in rows]
    assert values == sorted(values) and len(values) == 4
    rows = facts_lib.page("", sort=sort, descending=True)
    assert [getattr(r, attr) for r in rows] == sorted(values, reverse=True)


def test_fact_filters_use_their_indexes(facts_lib: Library) -> None:
    for q, index in (
        ("workplace:remote", "posting_by_workplace"),
        ("sponsorship:no", "posting_by_sponsorship"),
        ("pay>=100000", "posting_by_pay_max"),
        ("pay<=100000", "posting_by_pay_min"),
    ):
        p = parse(q)
        plan = " ".join(
            str(r[-1])
            for r in facts_lib.conn.execute(
                f"EXPLAIN QUERY PLAN SELECT p.id FROM posting p WHERE {p.where[0]}", p.params
            )
        )
        assert index in plan, (q, plan)


# ------------------------------------------------------------------ migration


def _v5_library(path: Path, fields: list[str]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(history(5))
        for i, f in enumerate(fields, start=1):
            text = f"Posting {i}\n\n" + POSTING
            conn.execute(
                "INSERT INTO posting (id, uid, created_at, updated_at, title, fields, "
                "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    i,
                    f"u{i}",
                    "2026-01-01T00:00:00.000Z",
                    "2026-01-01T00:00:00.000Z",
                    f"Posting {i}",
                    f,
                    textmod.content_hash(text),
                ),
            )
            conn.execute(
                "INSERT INTO posting_text (posting_id, raw, source, cleaned) VALUES (?, ?, ?, ?)",
                (i, text, text, text),
            )
    finally:
        conn.close()


def test_migration_from_v5_fills_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    _v5_library(
        path,
        [
            json.dumps(RUST_FIELDS),
            json.dumps(DATA_FIELDS),
            "not json",
            '{"pay": "€90k", "workplace": "remote"}',
            "[1, 2]",
            "{}",
        ],
    )
    with Library.open(path) as lib:
        assert lib.schema_version == LATEST == 7
        assert _cols(lib, 1) == ("hybrid", "full-time", "yes", 85000.0, 105000.0, "EUR", "year")
        assert _cols(lib, 2)[:5] == ("remote", "contract, part-time", "no", 120000.0, 140000.0)
        assert _cols(lib, 3) == ("", "", "", None, None, "", "")  # bad JSON: no crash
        assert _cols(lib, 4)[0] == "remote"  # a plain string is read too
        assert _cols(lib, 5) == _cols(lib, 6) == ("", "", "", None, None, "", "")
        assert lib.count("pay>=100k") == 2 and lib.count("workplace:remote") == 2
        assert lib.count("sponsorship:no warehouse") == 1
        assert lib.integrity_check() == []


def test_migration_6_is_rerunnable_and_transactional(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    _v5_library(path, [json.dumps(RUST_FIELDS)])
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn)
        conn.execute("UPDATE posting SET workplace = 'remote'")
        conn.execute("PRAGMA user_version = 5")
        migrate(conn)  # again: the columns exist, the values are read again from the JSON
        assert conn.execute("SELECT workplace FROM posting").fetchone()[0] == "hybrid"
    finally:
        conn.close()


# ------------------------------------------------------------------ CLI


Run = Callable[..., CliRun]


def _fill_cli(cli: Run, tmp_path: Path) -> None:
    assert cli("list").code == 0  # creates the library
    with Library.open(tmp_path / "data" / "library.sqlite3") as lib:
        lib.add(posting(fields=RUST_FIELDS))
        lib.add(posting(OTHER, fields=DATA_FIELDS))
        lib.add(posting(PLAIN))


def test_cli_list_shows_the_fact_columns(cli: Run, tmp_path: Path) -> None:
    _fill_cli(cli, tmp_path)
    r = cli("list")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split()[-3:] == ["workplace", "type", "sponsorship"]
    by_id = {ln.split()[0]: ln for ln in lines[1:]}
    assert by_id["#1"].split()[-3:] == ["hybrid", "full-time", "yes"]
    assert by_id["#2"].split()[-4:] == ["remote", "contract,", "part-time", "no"]
    assert by_id["#3"].split()[-3:] == ["-", "-", "-"]
    rows = json.loads(cli("list", "--format", "json").out)
    assert {(r["id"], r["workplace"], r["type"], r["sponsorship"]) for r in rows} == {
        (1, "hybrid", "full-time", "yes"),
        (2, "remote", "contract, part-time", "no"),
        (3, "", "", ""),
    }


def test_cli_search_filters_and_sort(cli: Run, tmp_path: Path) -> None:
    _fill_cli(cli, tmp_path)
    for q, want in (
        (["pay>=120000"], [2]),
        (["workplace:remote"], [2]),
        (["sponsorship:yes"], [1]),
        (["type:full-time"], [1]),
        (["--sort", "id", "--", "-sponsorship:yes"], [3, 2]),
    ):
        r = cli("search", "--format", "json", *q)
        assert r.code == 0, (q, r.err)
        assert [row["id"] for row in json.loads(r.out)] == want, q
    r = cli("search", "pay>=abc")
    assert r.code == 0 and "no postings match" in r.err
    r = cli("list", "--sort", "workplace", "--asc", "--format", "json")
    assert [row["workplace"] for row in json.loads(r.out)] == ["", "hybrid", "remote"]


def test_cli_search_help_names_the_filters(cli: Run) -> None:
    r = cli("search", "--help")
    assert r.code == 0
    text = " ".join(r.out.split())
    for word in ("workplace:remote", "type:full-time", "sponsorship:yes|no|unknown", "pay>=N"):
        assert word in text

"""The registry of rule kinds (jobdesk/core/kinds.py): the loader checks each rule's keys
against its kind, and the README's table of kinds matches the registry."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from jobdesk.core.kinds import KINDS, PARAMS, kinds_table
from jobdesk.core.rules import RULE_KEYS, Rule, load_rules, parse_pack

ROOT = Path(__file__).resolve().parents[2]

# A value that passes each parameter's own check.
GOOD = {
    "until": "'^End$'",
    "between": "'^[|]$'",
    "paragraphs": "2",
    "max_lines": "5",
    "include_marker": "true",
    "occurrence": "'last'",
    "min_offset": "0.5",
    "region": "'nav'",
    "min_run": "4",
    "replacement": "'x'",
    "pattern": "'Apply now'",
    "phrases": "['Apply now']",
    "case_sensitive": "true",
}


def rule_toml(kind: str, **keys: str) -> str:
    spec = KINDS[kind]
    body = {k: GOOD[k] for k in spec.needs}
    if spec.pattern == "required" and "pattern" not in keys and "phrases" not in keys:
        body["pattern"] = GOOD["pattern"]
    body.update(keys)
    lines = "".join(f"{k} = {v}\n" for k, v in body.items())
    return f'[pack]\nid = "p"\n[[rule]]\nid = "p.r"\nkind = "{kind}"\n{lines}'


def test_every_key_of_the_schema_is_a_common_key_a_pattern_key_or_a_parameter() -> None:
    taken = set().union(*(k.keys for k in KINDS.values()))
    assert taken == set(RULE_KEYS)
    assert set(PARAMS) <= taken


def test_a_parameter_left_out_takes_the_rules_default() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(Rule)}
    assert {name: p.default for name, p in PARAMS.items()} == {n: defaults[n] for n in PARAMS}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_parameter_a_kind_takes_loads(kind: str) -> None:
    spec = KINDS[kind]
    keys = {p: GOOD[p] for p in spec.params}
    if spec.pattern != "none":
        keys["case_sensitive"] = GOOD["case_sensitive"]
    pack, errors = parse_pack(rule_toml(kind, **keys), "p.toml")
    assert errors == []
    rule = pack.rules[0]
    for name in spec.params:
        if name not in ("until", "between"):
            assert getattr(rule, name) != PARAMS[name].default  # (the value was read)


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (kind, key)
        for kind, spec in sorted(KINDS.items())
        for key in sorted(set(RULE_KEYS) - spec.keys)
        if key in GOOD
    ],
)
def test_a_key_the_kind_does_not_take_is_refused(kind: str, key: str) -> None:
    pack, errors = parse_pack(rule_toml(kind, **{key: GOOD[key]}), "mine.toml")
    assert pack.rules == ()
    assert [(e.path, e.rule_id, e.key) for e in errors] == [("mine.toml", "p.r", key)]
    assert f"a {kind!r} rule does not take this key" in errors[0].problem
    assert str(errors[0]).startswith(f"mine.toml: rule 'p.r': {key}: ")


def test_the_refusal_says_what_the_kind_takes() -> None:
    _pack, errors = parse_pack(rule_toml("line", min_run="4"), "mine.toml")
    assert str(errors[0]) == (
        "mine.toml: rule 'p.r': min_run: a 'line' rule does not take this key "
        "(it takes pattern or phrases)"
    )
    _pack, errors = parse_pack(rule_toml("tail", paragraphs="2"), "mine.toml")
    assert "(it takes pattern or phrases, min_offset, occurrence, include_marker)" in str(errors[0])
    _pack, errors = parse_pack(rule_toml("duplicate-line", pattern="'x'"), "mine.toml")
    assert "(it takes no pattern or parameter)" in str(errors[0])


@pytest.mark.parametrize(("kind", "key"), [("block", "until"), ("html-region", "region")])
def test_a_kind_refuses_a_rule_without_what_it_needs(kind: str, key: str) -> None:
    text = rule_toml(kind).replace(f"{key} = {GOOD[key]}\n", "")
    _pack, errors = parse_pack(text, "mine.toml")
    assert [(e.rule_id, e.key) for e in errors] == [("p.r", key)]
    assert f"a {kind!r} rule needs it" in errors[0].problem


def test_a_bad_value_is_reported_before_the_kind_is_asked() -> None:
    # (a user fixing one problem at a time sees the value's problem first)
    _pack, errors = parse_pack(rule_toml("line", min_run="0"), "mine.toml")
    assert [e.key for e in errors] == ["min_run"]
    assert "whole number" in errors[0].problem


def test_every_shipped_rule_fits_its_kind() -> None:
    rules = load_rules(user_dir=False)
    assert rules.errors == []
    used = {r.kind for r in rules.rules}
    assert used == set(KINDS)  # (and every kind is used by a shipped rule)


# ------------------------------------------------------------------ the README's table


def table_rows(markdown: str) -> dict[str, dict[str, str]]:
    """The table whose first column is headed ``kind``: kind → {column: cell}. A row may
    name several kinds (`` `tail` / `head` ``)."""
    lines = markdown.splitlines()

    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip().strip("|").split("|")]

    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("| kind |")]
    assert starts, "no table with a 'kind' column"
    header = cells(lines[starts[0]])
    rows: dict[str, dict[str, str]] = {}
    for line in lines[starts[0] + 2 :]:
        if not line.lstrip().startswith("|"):
            break
        row = cells(line)
        for kind in re.findall(r"`([^`]+)`", row[0]):
            rows[kind] = dict(zip(header, row, strict=False))
    return rows


def check_table(markdown: str) -> None:
    rows = table_rows(markdown)
    public = {name for name, k in KINDS.items() if not k.internal}
    assert public - set(rows) == set(), "kinds missing from the table"
    assert set(rows) - set(KINDS) == set(), "the table names kinds that do not exist"
    for name, row in rows.items():
        spec = KINDS[name]
        takes = {*spec.params, *(("pattern",) if spec.pattern != "none" else ())}
        if "parameters" in row:
            assert set(re.findall(r"`([^`]+)`", row["parameters"])) == takes, name
        # a parameter named where the row says what it removes is one the kind takes
        named = set(re.findall(r"`([a-z_]+)`", row["removes"])) & set(PARAMS)
        assert named <= takes, name


def test_the_readme_table_of_kinds_matches_the_registry() -> None:
    check_table((ROOT / "README.md").read_text("utf-8"))


def test_the_generated_table_matches_the_registry() -> None:
    table = kinds_table()
    check_table(table)
    assert set(table_rows(table)) == set(KINDS)


def test_the_table_check_fails_on_a_missing_kind_or_a_wrong_parameter() -> None:
    table = kinds_table()
    without_cards = "\n".join(r for r in table.splitlines() if not r.startswith("| `cards`"))
    with pytest.raises(AssertionError, match="missing"):
        check_table(without_cards)
    with pytest.raises(AssertionError):
        check_table(table.replace("`paragraphs`, ", ""))
    with pytest.raises(AssertionError, match="do not exist"):
        check_table(table + "| `paragraph` | a paragraph | `pattern` |\n")

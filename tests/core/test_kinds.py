"""The registry of rule kinds (jobdesk/core/kinds.py): the loader checks each rule's keys
against its kind, the README's table of kinds matches the registry, and the engine has
one matcher for each kind (and none for a kind that is not declared)."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jobdesk.core import engine
from jobdesk.core.engine import MATCHERS, Cleaner, Scan, matcher
from jobdesk.core.guard import STRUCTURAL
from jobdesk.core.kinds import KINDS, PARAMS, Kind, kinds_table
from jobdesk.core.result import Hit
from jobdesk.core.rules import RULE_KEYS, Pack, Rule, RuleSet, load_rules, parse_pack

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


# ------------------------------------------------------------- the kinds' matchers


def test_every_kind_has_a_matcher_and_every_matcher_a_kind() -> None:
    assert set(MATCHERS) == set(KINDS)
    for name, matching in MATCHERS.items():
        assert matching.kind == name
        assert matching.matches.__name__ in vars(Cleaner), name  # (a method of the engine)


def test_a_matcher_for_a_kind_that_is_not_declared_is_refused() -> None:
    with pytest.raises(ValueError, match=r"no kind 'paragraph' in jobdesk\.core\.kinds\.KINDS"):

        @matcher("paragraph")
        def _paragraphs(
            cleaner: Cleaner, c: Any, scan: Scan, lines: list[int] | None
        ) -> Iterator[Hit]:
            return iter(())

    assert "paragraph" not in MATCHERS


def test_a_kind_gets_one_matcher() -> None:
    before = MATCHERS["line"]
    with pytest.raises(ValueError, match="kind 'line' is matched by _match_lines already"):

        @matcher("line")
        def _lines_again(
            cleaner: Cleaner, c: Any, scan: Scan, lines: list[int] | None
        ) -> Iterator[Hit]:
            return iter(())

    assert MATCHERS["line"] is before


def test_the_engine_refuses_to_load_with_a_kind_that_has_no_matcher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        KINDS, "paragraph", Kind("paragraph", "a paragraph", "required", guard="line")
    )
    spec = importlib.util.spec_from_file_location("engine_copy", engine.__file__)
    assert spec is not None and spec.loader is not None
    copy = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "engine_copy", copy)  # (dataclasses look it up)
    with pytest.raises(ImportError, match=r"no matcher for the kind\(s\) paragraph"):
        spec.loader.exec_module(copy)


def test_a_new_kind_is_its_declaration_and_its_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """What adding a kind takes: a Kind in the registry and a matcher registered for it."""
    monkeypatch.setitem(KINDS, "shout", Kind("shout", "a line in capitals", "none", guard="none"))
    monkeypatch.setattr(engine, "MATCHERS", dict(MATCHERS))  # (the registration is undone)

    @matcher("shout")
    def _shouting(cleaner: Cleaner, c: Any, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        for i, row in enumerate(scan.rows):
            if row.isupper():
                yield Hit(c.rule.id, scan.lines.starts[i], scan.lines.full_end(i))

    rule = Rule(id="t.shout", name="Shouting", category="site-chrome", kind="shout", pack="t")
    pack = Pack(id="t", name="t", path="t.toml", rules=(rule,))
    result = Cleaner(RuleSet(packs=[pack])).clean("Engineer\nAPPLY NOW\nWrite code.\n")
    assert result.cleaned == "Engineer\nWrite code.\n"
    assert [(h.start, h.end) for h in result.hits_by_rule["t.shout"]] == [(9, 19)]
    assert "shout" not in MATCHERS  # (registered in the engine's table, not the test's copy)


def test_every_kind_says_which_guards_hold_it() -> None:
    # The guards' sets of kinds are read from the registry, not kept beside it (the
    # structural bounds are written for these four: a head is bounded backwards).
    structural = {n for n, k in KINDS.items() if k.guard == "structural"}
    line_level = {n for n, k in KINDS.items() if k.guard == "line"}
    assert structural == STRUCTURAL == {"block", "section", "tail", "head"}
    assert line_level == engine._LINE_LEVEL == {"line", "phrase", "sentence"}
    with pytest.raises(TypeError, match="guard"):
        Kind("paragraph", "a paragraph", "required")  # type: ignore[call-arg]

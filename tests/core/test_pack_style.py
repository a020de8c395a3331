"""The shipped packs stay readable: no pattern written on one line of over
:data:`MAX_CHARS` characters (a long alternation is a list, one alternative a line), and
splitting one into a list changes nothing the prefilter sees."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import pytest

from jobdesk.core.prefilter import required_literals
from jobdesk.core.rules import PackError, RuleSet, _Patterns, load_rules

MAX_CHARS = 400
REGEX_KEYS = ("pattern", "until", "between")


def shipped() -> Iterator[tuple[str, dict[str, Any]]]:
    for entry in sorted((resources.files("jobdesk") / "rules").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield entry.name, tomllib.loads(entry.read_text("utf-8"))


def long_strings(name: str, data: dict[str, Any]) -> Iterator[str]:
    """Where a pack writes a regex longer than MAX_CHARS on one line."""

    def strings(value: Any) -> list[str]:
        return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]

    meta = data.get("pack", {})
    for key in ("detect", "urls"):
        for i, s in enumerate(strings(meta.get(key, []))):
            if len(s) > MAX_CHARS:
                yield f"{name}: [pack] {key}[{i}]: {len(s)} characters"
    for rule in data.get("rule", []):
        values = {k: rule[k] for k in REGEX_KEYS if k in rule}
        values.update({f"lists.{k}": v for k, v in rule.get("lists", {}).items()})
        for key, value in values.items():
            for s in strings(value):
                if len(s) > MAX_CHARS:
                    yield f"{name}: rule {rule.get('id')!r}: {key}: {len(s)} characters: {s[:40]}…"


def test_no_shipped_pattern_is_a_giant_one_liner() -> None:
    assert [msg for name, data in shipped() for msg in long_strings(name, data)] == []


def test_the_check_finds_a_long_one_liner_wherever_it_is() -> None:
    long = "|".join(f"word{i}" for i in range(100))
    data = {
        "pack": {"detect": ["short", long]},
        "rule": [
            {"id": "a.one", "pattern": long},
            {"id": "a.two", "pattern": ["x", long], "until": "y"},
            {"id": "a.three", "pattern": "(?&l)", "lists": {"l": ["z", long]}},
            {"id": "a.four", "pattern": "(?&l)", "lists": {"l": ["z", "w"]}},
        ],
    }
    found = [m.split(": ")[1:3] for m in long_strings("p.toml", data)]
    assert found == [
        ["[pack] detect[1]", str(len(long)) + " characters"],
        ["rule 'a.one'", "pattern"],
        ["rule 'a.two'", "pattern"],
        ["rule 'a.three'", "lists.l"],
    ]


@cache
def shipped_rules() -> RuleSet:
    return load_rules(user_dir=False)


def lists_of(rule: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in rule.get("lists", {}).items()}


def list_rules() -> list[tuple[str, dict[str, Any]]]:
    return [
        (rule["id"], rule)
        for _name, data in shipped()
        for rule in data.get("rule", [])
        if isinstance(rule.get("pattern"), list)
    ]


def test_every_shipped_alternative_is_a_regex_on_its_own() -> None:
    # (the loader checks this for a user's pack; for the shipped ones, here)
    problems = []
    for _name, data in shipped():
        for rule in data.get("rule", []):
            cs = bool(rule.get("case_sensitive", False))
            sources = _Patterns(lists_of(rule), "p.toml", rule["id"], cs)
            for key in REGEX_KEYS:
                if key in rule:
                    try:
                        sources.source(
                            rule[key] if isinstance(rule[key], str) else tuple(rule[key]), key
                        )
                    except PackError as exc:
                        problems.append(str(exc))
            if sources.unused():
                problems.append(f"{rule['id']}: unused lists {sources.unused()}")
    assert problems == []


def test_some_shipped_patterns_are_lists() -> None:
    assert len(list_rules()) >= 20


@pytest.mark.parametrize(("rule_id", "rule"), list_rules(), ids=[r for r, _ in list_rules()])
def test_a_list_gives_the_literals_of_the_one_line_alternation(
    rule_id: str, rule: dict[str, Any]
) -> None:
    # The loader joins a list as "(?:a|b|…)"; written on one line it was "a|b|…": the
    # literal prefilter must find the same literals in both (or the rule would wake on
    # other lines, or miss some).
    cs = bool(rule.get("case_sensitive", False))
    sources = _Patterns(lists_of(rule), "p.toml", rule_id, cs)
    joined = sources.source(tuple(rule["pattern"]), "pattern")
    assert joined.startswith("(?:") and joined.endswith(")")
    one_line = joined[3:-1]
    assert required_literals(joined, case_sensitive=cs) == required_literals(
        one_line, case_sensitive=cs
    )
    loaded = shipped_rules().get(rule_id)
    assert loaded is not None
    assert loaded.required == required_literals(one_line, case_sensitive=cs)
    assert loaded.required  # (every such shipped rule has literals to look for)


@pytest.mark.parametrize(
    "alternatives",
    [
        ["Save", "Report this job"],
        ["EEO", "EOE"],  # a shared prefix the parser factors out
        ["Apply (?:now|today)", "Easy Apply"],
        ["Show more", "x"],  # one alternative without a usable literal: none at all
    ],
)
def test_a_top_level_alternation_and_its_group_give_the_same_literals(
    alternatives: list[str],
) -> None:
    one_line = "|".join(alternatives)
    assert required_literals(f"(?:{one_line})") == required_literals(one_line)

"""A rule's pattern (and ``until``, ``between``) may be a list of alternatives, one a line
and commentable; named lists (``lists.name = […]``) go into a pattern as ``(?&name)``."""

from __future__ import annotations

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_text
from jobdesk.core.rules import RuleSet, compile_pattern, parse_pack

POSTING = "Data Engineer\nSave\nReport this job\nWe save lives.\nShow more\nApply now\n"


def one_rule(
    body: str, path: str = "mine.toml", *, user: bool = False
) -> tuple[RuleSet, list[str]]:
    text = f'[pack]\nid = "mine"\n[[rule]]\nid = "mine.r"\n{body}'
    pack, errors = parse_pack(text, path, user=user)
    return RuleSet(packs=[pack]), [str(e) for e in errors]


def removed(rules: RuleSet) -> str:
    return Cleaner(rules).match(ingest_text(POSTING)).resolve().cleaned


def test_a_list_is_one_alternation() -> None:
    as_list, errors = one_rule(
        "kind = 'line'\n"
        "pattern = [\n"
        "    'Save',             # the bookmark button\n"
        "    'Report this job',\n"
        "    # 'Apply now',      (commented out: stays)\n"
        "    'Show (?:more|less)',\n"
        "]\n"
    )
    assert errors == []
    one_line, _ = one_rule("kind = 'line'\npattern = 'Save|Report this job|Show (?:more|less)'\n")
    rule = as_list.rule("mine.r")
    assert rule.pattern is not None
    assert (
        rule.pattern.pattern
        == compile_pattern("(?:Save|Report this job|Show (?:more|less))").pattern
    )
    assert removed(as_list) == removed(one_line) == "Data Engineer\nWe save lives.\nApply now\n"
    assert rule.required == one_line.rule("mine.r").required


@pytest.mark.parametrize(
    ("body", "key", "says"),
    [
        ("pattern = ['Save', '(unclosed', 'Print']", "pattern[1]", "invalid regex"),
        ("pattern = ['Save', 3]", "pattern", "list of strings"),
        ("pattern = []", "pattern", "list of strings"),
        ("kind = 'block'\npattern = 'Start'\nuntil = ['End', '[']", "until[1]", "invalid regex"),
        ("kind = 'run'\npattern = 'x'\nbetween = ['a', '(?P<']", "between[1]", "invalid regex"),
        ("pattern = '(?&ui)'", "pattern", "no list 'ui'"),
        ("pattern = 'Save'\nlists.ui = ['Print']", "lists.ui", "not used"),
        ("pattern = '(?&ui)'\nlists.ui = ['Print', 'a)b']", "lists.ui[1]", "invalid regex"),
        ("pattern = '(?&ui)'\nlists.ui = ['x', '(?&ui)']", "lists.ui[1]", "cannot hold itself"),
        ("pattern = '(?&ui)'\nlists.ui = 'Print'", "lists", "ui: must be a non-empty list"),
        ("pattern = '(?&ui)'\nlists = ['Print']", "lists", "table of named lists"),
        ("pattern = '(?&ui)'\nlists.ui = []", "lists", "non-empty list"),
        ("pattern = 'x'\nlists = {'a b' = ['x']}", "lists", "not a name"),
    ],
)
@pytest.mark.parametrize("user", [False, True])
def test_a_bad_alternative_is_reported_with_its_key(
    body: str, key: str, says: str, user: bool
) -> None:
    rules, errors = one_rule(body, user=user)
    assert rules.get("mine.r") is None
    assert len(errors) == 1
    assert errors[0].startswith(f"mine.toml: rule 'mine.r': {key}: ")
    assert says in errors[0]


def test_a_users_alternative_must_be_a_regex_on_its_own() -> None:
    # joined, "(?:Save|a)|(b)" compiles, but "a)|(b" is not one alternative
    _rules, errors = one_rule("pattern = ['Save', 'a)|(b']", user=True)
    assert [e.split(": ")[2] for e in errors] == ["pattern[1]"]


def test_named_lists_are_spelled_out_where_the_pattern_uses_them() -> None:
    rules, errors = one_rule(
        "kind = 'line'\n"
        r"pattern = '[•·]? ?(?&ui)(?: +(?&ui))*'" + "\n"
        "lists.ui = [\n"
        "    'Save',\n"
        "    'Report this job',\n"
        "    '(?&show)',  # a list may use another\n"
        "]\n"
        "lists.show = ['Show more', 'Show less']\n"
    )
    assert errors == []
    ui = "(?:Save|Report this job|(?:Show more|Show less))"
    written_out, _ = one_rule("kind = 'line'\n" + rf"pattern = '[•·]? ?{ui}(?: +{ui})*'" + "\n")
    rule = rules.rule("mine.r")
    assert rule.pattern is not None
    assert rule.pattern.pattern == written_out.rule("mine.r").pattern.pattern  # type: ignore[union-attr]
    assert removed(rules) == "Data Engineer\nWe save lives.\nApply now\n"


def test_until_and_between_use_the_rules_lists_too() -> None:
    rules, errors = one_rule(
        "kind = 'block'\npattern = 'Save'\nuntil = '(?&end)'\nlists.end = ['Show more', 'Zzz']\n"
    )
    assert errors == []
    # from the "Save" line through the first line of the list
    assert removed(rules) == "Data Engineer\nApply now\n"


def test_only_an_unescaped_reference_outside_a_class_is_a_list() -> None:
    # "[(?&ui)]" is a character class; "\(" an escaped parenthesis
    rules, errors = one_rule(r"kind = 'phrase'" + "\n" + r"pattern = '[(?&ui)]x|\(\?&ui\)'" + "\n")
    assert errors == []
    rule = rules.rule("mine.r")
    assert rule.pattern is not None
    assert rule.pattern.search("a&x") and rule.pattern.search("(?&ui)")

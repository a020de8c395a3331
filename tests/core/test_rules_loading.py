from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from jobdesk.core.prefilter import required_literals, squash_blanks
from jobdesk.core.rules import compile_pattern, load_rules, parse_pack

ROOT = Path(__file__).resolve().parents[2]


def test_malformed_pack_reports_file_rule_and_problem(tmp_path: Path) -> None:
    (tmp_path / "a-broken.toml").write_text("[pack\nid=")
    (tmp_path / "b-badrule.toml").write_text(
        '[pack]\nid = "mine"\n'
        '[[rule]]\nid = "mine.bad"\nkind = "line"\npattern = "[oops"\n'
        '[[rule]]\nid = "mine.good"\nkind = "line"\npattern = "Fine"\n'
        '[[rule]]\nid = "mine.kind"\nkind = "nonsense"\npattern = "x"\n'
        '[[rule]]\nid = "mine.key"\nkind = "line"\npattern = "x"\nbogus = 1\n'
    )
    rules = load_rules(builtin=False, user_dir=tmp_path)
    messages = [str(e) for e in rules.errors]
    assert any("a-broken.toml" in m and "not valid TOML" in m for m in messages)
    assert any("'mine.bad'" in m and "invalid regex" in m for m in messages)
    assert any("'mine.kind'" in m and "unknown kind" in m for m in messages)
    assert any("'mine.key'" in m and "bogus" in m for m in messages)
    assert [r.id for r in rules.rules] == ["mine.good"]


def test_user_packs_load_from_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").write_text(
        '[pack]\nid = "mine"\n[[rule]]\nid = "mine.x"\nkind = "line"\npattern = "Boilerplate"\n'
    )
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path))
    rules = load_rules()
    pack = rules.pack("mine")
    assert pack is not None and pack.user
    assert rules.get("mine.x") is not None
    assert rules.get("encoding.mojibake") is not None  # shipped packs still there


def test_duplicate_rule_id_across_packs_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "dup.toml").write_text(
        '[pack]\nid = "dup"\n[[rule]]\nid = "encoding.mojibake"\nkind = "line"\npattern = "x"\n'
    )
    rules = load_rules(user_dir=tmp_path)
    assert any("already defined" in str(e) for e in rules.errors)
    assert rules.rule("encoding.mojibake").kind == "mojibake"


def test_space_in_pattern_matches_any_blank() -> None:
    p = compile_pattern("people clicked apply")
    assert p.search("36 People  clicked\u00a0apply")
    assert not p.search("people\nclicked apply")


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\d+ people clicked apply", "36 PEOPLE  clicked\u00a0apply"),
        (r"(over )?\d+ applicants", "over 100 applicants"),
        (r"Equal Opportunity Employer", "an equal opportunity employer"),
        (r"a|b", "b"),
    ],
)
def test_required_literal_prefilter_never_wrong(pattern: str, text: str) -> None:
    compiled = compile_pattern(pattern)
    assert compiled.search(text)
    literals = required_literals(pattern)
    assert not literals or any(lit in squash_blanks(text.lower()) for lit in literals)


def test_required_literals_of_alternations() -> None:
    assert required_literals("(?:Apply now|Save job)") == ("apply now", "save job")
    assert required_literals(r"\d+ (applicants|people clicked apply)") == (
        "applicants",
        "people clicked apply",
    )
    assert required_literals(r"(a|bcd)xyz") == ("xyz",)
    # The group joins the words before it: each whole phrase is required.
    assert required_literals(r"We comply with the (?:Know Your Rights|EEO is the law)") == (
        "we comply with the eeo is the law",
        "we comply with the know your rights",
    )
    # A prefix the parser factors out of an alternation is glued back on.
    assert required_literals(r"\ban? (?:EEO|EOE)\b") == ("eeo", "eoe")
    assert required_literals(r".*") == ()


def test_unknown_category_and_missing_pattern() -> None:
    _, errors = parse_pack(
        '[pack]\nid = "p"\n[[rule]]\nid = "p.a"\ncategory = "nope"\nkind = "line"\npattern = "x"\n'
        '[[rule]]\nid = "p.b"\nkind = "section"\n',
        "p.toml",
    )
    assert {e.rule_id for e in errors} == {"p.a", "p.b"}


def test_core_never_imports_qt() -> None:
    offenders = []
    for path in (ROOT / "jobdesk").rglob("*.py"):
        if "gui" in path.relative_to(ROOT / "jobdesk").parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(re.match(r"(PySide6|PyQt\d|shiboken6)\b", n) for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []

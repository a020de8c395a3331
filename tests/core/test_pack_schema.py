"""A rule pack is data anyone can write: every value is checked before use, a bad rule
or pack is reported (file, rule, key) and skipped, and everything else still loads."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import MAX_PACK_BYTES, PackError, load_rules, parse_pack

GOOD_RULE = '[[rule]]\nid = "mine.good"\nkind = "line"\npattern = "Boilerplate line"\n'


def pack_with(rule_body: str, pack_body: str = "") -> str:
    return (
        f'[pack]\nid = "mine"\n{pack_body}\n'
        f'[[rule]]\nid = "mine.bad"\npattern = "x+"\n{rule_body}\n' + GOOD_RULE
    )


def load_one(tmp_path: Path, text: str) -> tuple[list[str], list[PackError]]:
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    rules = load_rules(builtin=False, user_dir=tmp_path)
    return [r.id for r in rules.rules], rules.errors


@pytest.mark.parametrize(
    ("body", "key", "says"),
    [
        ('kind = "section"\nparagraphs = inf', "paragraphs", "whole number"),
        ('kind = "section"\nparagraphs = 2.5', "paragraphs", "whole number"),
        ('kind = "section"\nparagraphs = true', "paragraphs", "whole number"),
        ('kind = "section"\nmax_lines = -3', "max_lines", "whole number"),
        ('kind = "tail"\nmin_offset = nan', "min_offset", "from 0 to 1"),
        ('kind = "tail"\nmin_offset = 7', "min_offset", "from 0 to 1"),
        ('kind = "tail"\nmin_offset = -inf', "min_offset", "from 0 to 1"),
        ('kind = "run"\nmin_run = 0', "min_run", "whole number"),
        ('default = "no"', "default", "true or false"),
        ("default = 0", "default", "true or false"),
        ("case_sensitive = 1", "case_sensitive", "true or false"),
        ('include_marker = "yes"', "include_marker", "true or false"),
        ('occurrence = "middle"', "occurrence", "unknown occurrence"),
        ('category = "spam"', "category", "unknown category"),
        ('action = "delete"', "action", "unknown action"),
        ("name = 3", "name", "must be a string"),
        ("description = [1, 2]", "description", "must be a string"),
        ("region = {a = 1}", "region", "must be a string"),
        ("until = 1979-05-27", "until", "must be a string"),
        ("sites = [1]", "sites", "list of strings"),
        ("examples = 5", "examples", "remove/keep"),
        ('examples.remove = "x"\nexamples.drop = ["y"]', "examples", "drop"),
        ('examples.keep = [true, "x"]', "examples", "list of strings"),
        ('kind = "replace"\nreplacement = "\\\\g<99>"', "replacement", "group"),
        ('kind = "replace"\nreplacement = "\\\\q"', "replacement", "bad escape"),
        ('kind = "replace"\nreplacement = "\\\\g<name>"', "replacement", "name"),
        ("until = '[unclosed'", "until", "invalid regex"),
        ("between = '(?P<'", "between", "invalid regex"),
        ("bogus = 1", "bogus", "unknown key"),
    ],
)
def test_a_bad_value_skips_its_rule_only(tmp_path: Path, body: str, key: str, says: str) -> None:
    ids, errors = load_one(tmp_path, pack_with(body))
    assert ids == ["mine.good"]
    assert len(errors) == 1
    e = errors[0]
    assert (e.rule_id, e.key) == ("mine.bad", key)
    assert says in e.problem
    assert str(e).startswith(f"{tmp_path / 'mine.toml'}: rule 'mine.bad': {key}: ")


def test_every_bad_key_of_a_rule_is_reported(tmp_path: Path) -> None:
    _ids, errors = load_one(tmp_path, pack_with('default = "no"\nmin_run = "3"\nspeed = 9'))
    assert sorted(e.key or "" for e in errors) == ["default", "min_run", "speed"]


@pytest.mark.parametrize(
    ("body", "key", "says"),
    [
        ('priority = "high"', "priority", "whole number"),
        ("priority = inf", "priority", "whole number"),
        ("priority = 1e400", "priority", "whole number"),
        ("priority = 10000", "priority", "whole number"),
        ("detect = [1, 2]", "detect", "list of strings"),
        ("urls = '(unclosed'", "urls", "invalid regex"),
        ("name = false", "name", "must be a string"),
        ("homepage = 'x'", "homepage", "unknown key"),
    ],
)
def test_a_bad_pack_value_skips_the_pack_only(
    tmp_path: Path, body: str, key: str, says: str
) -> None:
    (tmp_path / "a-other.toml").write_text(
        '[pack]\nid = "other"\n' + GOOD_RULE.replace("mine", "o")
    )
    ids, errors = load_one(tmp_path, pack_with("", body))
    assert ids == ["o.good"]
    assert [(e.rule_id, e.key) for e in errors] == [(None, key)]
    assert says in errors[0].problem
    assert f"mine.toml: [pack] {key}: " in str(errors[0])


@pytest.mark.parametrize("pack_id", ["42", "''", "'  '", '"a\\nb"', "[1]"])
def test_a_pack_id_must_be_a_name(pack_id: str) -> None:
    with pytest.raises(PackError) as info:
        parse_pack(f"[pack]\nid = {pack_id}\n", "p.toml")
    assert info.value.key == "id"


def test_the_shipped_packs_load_without_a_problem() -> None:
    rules = load_rules(user_dir=False)
    assert rules.errors == []
    assert len(list(rules.rules)) > 200


def test_a_rule_that_cannot_run_without_a_pattern_is_refused() -> None:
    _pack, errors = parse_pack(
        '[pack]\nid = "p"\n'
        '[[rule]]\nid = "p.replace"\nkind = "replace"\nreplacement = "x"\n'
        '[[rule]]\nid = "p.blank"\nkind = "phrase"\nphrases = ["", "  "]\n',
        "p.toml",
    )
    assert [(e.rule_id, e.key) for e in errors] == [
        ("p.replace", "pattern"),
        ("p.blank", "phrases"),
    ]


def test_a_good_replacement_and_an_id_less_rule(tmp_path: Path) -> None:
    text = (
        '[pack]\nid = "mine"\n'
        "[[rule]]\nkind = 'line'\npattern = 'x'\n"  # no id
        "[[rule]]\nid = 'Mine Rule'\nkind = 'line'\npattern = 'x'\n"
        '[[rule]]\nid = "mine.amp"\nkind = "replace"\npattern = \'(\\w+) &amp; (\\w+)\'\n'
        "replacement = '\\g<1> & \\2'\n"
    )
    ids, errors = load_one(tmp_path, text)
    assert ids == ["mine.amp"]
    assert [(e.rule_id, e.key) for e in errors] == [(None, "id"), (None, "id")]
    result = Cleaner(load_rules(builtin=False, user_dir=tmp_path)).clean("Salt &amp; pepper\n")
    assert result.cleaned == "Salt & pepper\n"


def test_a_stray_top_level_key_is_reported_and_the_pack_loads(tmp_path: Path) -> None:
    ids, errors = load_one(tmp_path, "version = 2\n" + pack_with(""))
    assert ids == ["mine.bad", "mine.good"]
    assert len(errors) == 1 and "unknown top-level key 'version'" in str(errors[0])


def test_a_deeply_nested_value_is_a_pack_error(tmp_path: Path) -> None:
    ids, errors = load_one(tmp_path, "[pack]\nid = 'x'\nname = " + "[" * 5000 + "]" * 5000)
    assert ids == []
    assert len(errors) == 1 and "not valid TOML" in str(errors[0])


def test_error_messages_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("[pack\nid = 'x'\n\n\n")
    (tmp_path / "b.toml").write_text(pack_with('name = "two\\nlines"\ndefault = "a\\nb"'))
    rules = load_rules(builtin=False, user_dir=tmp_path)
    assert len(rules.errors) == 2
    assert all("\n" not in str(e) for e in rules.errors)


# --------------------------------------------------------------------- reading files


def test_an_oversized_pack_is_not_read(tmp_path: Path) -> None:
    big = pack_with("") + "# " + "x" * MAX_PACK_BYTES + "\n"
    ids, errors = load_one(tmp_path, big)
    assert ids == []
    assert len(errors) == 1 and "larger than 1024 KiB" in str(errors[0])


def test_a_pack_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_bytes(b'[pack]\nid = "caf\xe9"\n')
    rules = load_rules(builtin=False, user_dir=tmp_path)
    assert len(rules.errors) == 1 and "not UTF-8" in str(rules.errors[0])


def test_a_pack_saved_with_a_bom_loads(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_bytes(b"\xef\xbb\xbf" + pack_with("").encode())
    rules = load_rules(builtin=False, user_dir=tmp_path)
    assert rules.errors == [] and rules.pack("mine") is not None


def test_a_folder_named_like_a_pack_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.toml").mkdir()
    (tmp_path / "b.toml").write_text(pack_with(""))
    rules = load_rules(builtin=False, user_dir=tmp_path)
    assert [r.id for r in rules.rules] == ["mine.bad", "mine.good"]
    assert len(rules.errors) == 1 and "not a regular file" in str(rules.errors[0])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_rules_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    # Opening a FIFO for reading blocks until a writer comes: start-up used to hang.
    os.mkfifo(tmp_path / "a-pipe.toml")
    (tmp_path / "b.toml").write_text(pack_with(""))
    rules = load_rules(builtin=False, user_dir=tmp_path)
    assert [r.id for r in rules.rules] == ["mine.bad", "mine.good"]
    assert len(rules.errors) == 1
    assert "a-pipe.toml" in str(rules.errors[0]) and "not a regular file" in str(rules.errors[0])


@pytest.mark.skipif(not Path("/dev/zero").exists() or sys.platform == "win32", reason="no /dev")
def test_a_symlink_to_a_device_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    rules = load_rules(builtin=False, user_dir=tmp_path)
    assert len(rules.errors) == 1 and "not a regular file" in str(rules.errors[0])


def test_a_symlink_to_a_regular_pack_loads(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.txt"
    real.write_text(pack_with(""))
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").symlink_to(real)
    rules = load_rules(builtin=False, user_dir=tmp_path / "rules")
    assert rules.errors == [] and rules.get("mine.good") is not None

"""The rule editor's Qt-free half (core/userpacks.py): a form → a rule table checked by
the loader, its examples run as `jobdesk rules test` runs them, and the user's packs
edited (comments kept), imported, exported and switched off as a whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jobdesk.core import userpacks as up
from jobdesk.core.propose import example_failures, example_results
from jobdesk.core.rules import load_rules, parse_pack

EXPONENTIAL = "(a|a)+(?=b)"  # backtracks through 2^n paths on a run of a's (bounded.py)

COMMENTED = """\
# My own rules; keep this comment.
[pack]
id = "user"
name = "My rules"

# The apply buttons of my job board.
[[rule]]
id = "user.apply"
name = "Apply buttons"
kind = "line"
pattern = [
  "Apply now",  # the big button
  "Easy apply",
]
examples.remove = ["Apply now"]
"""


def form(**kw: object) -> up.RuleForm:
    base: dict[str, object] = {"id": "user.thing", "name": "Thing", "kind": "line",
                               "pattern": "Apply now", "remove": "Apply now"}  # fmt: skip
    base.update(kw)
    return up.RuleForm(**base)  # type: ignore[arg-type]


# -- the form ---------------------------------------------------------------------------


def test_a_form_becomes_the_rule_table_the_packs_write() -> None:
    rule = up.rule_from_form(
        form(pattern="Apply now\nEasy apply\n", sites="linkedin, indeed", default=False,
             remove="Apply now\n---\nSimilar jobs\nWidget Tester\n---\nEasy apply",
             keep="We apply machine learning", params={"until": "", "min_run": "  "})
    )  # fmt: skip
    assert rule == {
        "id": "user.thing",
        "name": "Thing",
        "category": "site-chrome",
        "kind": "line",
        "default": False,
        "sites": ["linkedin", "indeed"],
        "pattern": ["Apply now", "Easy apply"],  # one alternative a line → a list
        "examples": {
            "remove": ["Apply now", "Similar jobs\nWidget Tester", "Easy apply"],
            "keep": ["We apply machine learning"],
        },
    }
    assert up.rule_from_form(form(pattern="Apply now"))["pattern"] == "Apply now"
    assert up.rule_from_form(form(phrases=True, pattern="a.b\nc"))["phrases"] == ["a.b", "c"]


def test_the_form_of_a_rule_gives_the_same_rule_back() -> None:
    raw = {
        "id": "user.similar", "name": "Similar", "description": "The list after.",
        "category": "recommendations", "kind": "tail", "pattern": ["Similar jobs", "More jobs"],
        "min_offset": 0.5, "include_marker": False, "occurrence": "last", "sites": ["dice"],
        "lists": {"x": ["a"]}, "case_sensitive": True,
        "examples": {"remove": ["Similar jobs\nTester"], "keep": ["Similar jobs are fun"]},
    }  # fmt: skip
    f = up.form_from_rule(raw)
    assert f.params["min_offset"] == "0.5" and f.params["include_marker"] == "false"
    assert f.extra == {"lists": {"x": ["a"]}, "case_sensitive": True}  # kept as written
    assert up.rule_from_form(f) == raw


def test_examples_of_one_line_and_of_several() -> None:
    examples = ["Apply now", "Similar jobs\n\nWidget Tester", "Save job"]
    text = up.join_examples(examples)
    assert text == "Apply now\n---\nSimilar jobs\n\nWidget Tester\n---\nSave job"
    assert up.split_examples(text) == examples
    assert up.split_examples("a\n\n  \nb\n") == ["a", "b"]


# -- checking: the loader's reasons, tied to the form's fields -----------------------------


def test_a_bad_pattern_is_rejected_with_the_loaders_reason_on_its_line() -> None:
    errors = up.check_rule(up.rule_from_form(form(pattern="Apply now\n(unclosed")))
    assert [(e.field, e.key) for e in errors] == [("pattern", "pattern[1]")]
    assert errors[0].message.startswith("line 2: invalid regex: missing )")
    assert up.check_rule(up.rule_from_form(form(pattern="(unclosed")))[0].field == "pattern"


def test_a_parameter_the_kind_does_not_take_is_rejected() -> None:
    errors = up.check_rule(up.rule_from_form(form(kind="line", params={"until": "Apply"})))
    assert [(e.field, e.message) for e in errors] == [
        ("until", "a 'line' rule does not take this key (it takes pattern or phrases)")
    ]
    # The same value on a kind that takes it loads.
    assert up.check_rule(up.rule_from_form(form(kind="block", params={"until": "Apply"}))) == []


def test_a_missing_or_wrong_parameter_is_rejected_with_what_it_takes() -> None:
    errors = up.check_rule(up.rule_from_form(form(kind="block")))
    assert [(e.field, e.message) for e in errors] == [("until", "a 'block' rule needs it")]
    errors = up.check_rule(up.rule_from_form(form(kind="run", params={"min_run": "three"})))
    assert errors[0].field == "min_run"
    assert errors[0].message == "must be a whole number from 1 to 10000, not 'three'"
    errors = up.check_rule(up.rule_from_form(form(kind="line", pattern="")))
    assert [(e.field, e.message) for e in errors] == [
        ("pattern", "a 'line' rule needs a pattern or phrases")
    ]


def test_an_id_in_use_or_not_an_id_is_rejected() -> None:
    assert up.check_rule(up.rule_from_form(form()), taken={"user.thing"})[0].field == "id"
    errors = up.check_rule(up.rule_from_form(form(id="My Rule")))
    assert errors[0].field == "id" and "lower-case dotted name" in errors[0].message


# -- the examples, run as `jobdesk rules test` runs them ----------------------------------


def test_the_examples_run_with_what_each_removed() -> None:
    rule = up.rule_from_form(
        form(kind="phrase", pattern=r"\s*·\s*\d+ applicants",
             remove="Engineer · 12 applicants\nEngineer", keep="We read all applicants")
    )  # fmt: skip
    results, errors = up.run_examples(rule)
    assert errors == []
    assert [(r.text, r.expect, r.got, r.removed, r.ok) for r in results] == [
        ("Engineer · 12 applicants", True, True, ("· 12 applicants",), True),
        ("Engineer", True, False, (), False),
        ("We read all applicants", False, False, (), True),
    ]
    # The same code is what `jobdesk rules test` reports from.
    pack, _ = up.load_rule(rule)
    assert pack is not None
    from jobdesk.core.engine import Cleaner
    from jobdesk.core.rules import RuleSet

    cleaner = Cleaner(RuleSet(packs=[pack]))
    assert [r.ok for r in example_results(pack, cleaner)] == [r.ok for r in results]
    assert example_failures(pack, cleaner) == ["rule: rule 'user.thing' should match: 'Engineer'"]


def test_a_catastrophic_pattern_is_reported_too_slow_not_run_for_ever() -> None:
    rule = up.rule_from_form(form(kind="phrase", pattern=EXPONENTIAL, remove="a" * 40 + "!"))
    results, errors = up.run_examples(rule, seconds=0.05)
    assert errors == []
    assert [(r.slow, r.ok, r.got) for r in results] == [(True, False, False)]


def test_a_rule_that_does_not_load_runs_no_example() -> None:
    results, errors = up.run_examples(up.rule_from_form(form(pattern="(")))
    assert results == [] and errors[0].field == "pattern"


# -- saving: tomlkit, comments kept -----------------------------------------------------


def test_saving_a_new_rule_keeps_the_files_comments(tmp_path: Path) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    up.save_rule(path, up.rule_from_form(form(id="user.save", pattern="Save job",
                                              remove="Save job")))  # fmt: skip
    text = path.read_text("utf-8")
    assert text.startswith(COMMENTED)  # every comment and line as it was
    assert '\n\n[[rule]]\nid = "user.save"' in text
    assert 'examples.remove = ["Save job"]' in text  # as the packs write it
    pack, errors = parse_pack(text, str(path), user=True)
    assert errors == [] and [r.id for r in pack.rules] == ["user.apply", "user.save"]


def test_editing_a_rule_changes_only_what_changed(tmp_path: Path) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    raw = up.read_user_pack(path).rules[0]
    f = up.form_from_rule(raw)
    f.name = "Apply and Easy Apply"
    f.keep = "We apply machine learning"
    up.save_rule(path, up.rule_from_form(f), old_id="user.apply")
    text = path.read_text("utf-8")
    assert '  "Apply now",  # the big button\n' in text  # the unchanged list as written
    assert "# The apply buttons of my job board." in text
    assert 'name = "Apply and Easy Apply"' in text and 'name = "Apply buttons"' not in text
    got = up.read_user_pack(path).rules
    assert len(got) == 1 and got[0]["examples"]["keep"] == ["We apply machine learning"]


def test_a_rule_that_does_not_load_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    with pytest.raises(up.PackFileError, match="invalid regex"):
        up.save_rule(path, up.rule_from_form(form(pattern="(")))
    with pytest.raises(up.PackFileError, match="another rule has this id"):
        up.save_rule(path, up.rule_from_form(form()), taken={"user.thing"})
    with pytest.raises(up.PackFileError, match="already in this pack"):
        up.save_rule(path, up.rule_from_form(form(id="user.apply")))
    assert path.read_text("utf-8") == COMMENTED
    assert [p.name for p in tmp_path.iterdir()] == ["my-rules.toml"]  # no temporary left


def test_a_rule_is_deleted_and_the_rest_stays(tmp_path: Path) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    up.save_rule(path, up.rule_from_form(form()))
    up.delete_rule(path, "user.apply")
    assert [r["id"] for r in up.read_user_pack(path).rules] == ["user.thing"]
    assert path.read_text("utf-8").startswith("# My own rules; keep this comment.")
    with pytest.raises(up.PackFileError, match=r"no rule 'user\.apply'"):
        up.delete_rule(path, "user.apply")


# -- import, export, switched off -------------------------------------------------------

GOOD = """\
[pack]
id = "team"
name = "Team rules"

# shared by the team
[[rule]]
id = "team.refer"
name = "Referral line"
kind = "line"
pattern = 'Refer a friend'
examples.remove = ["Refer a friend"]
"""


def test_a_bad_pack_is_refused_with_file_rule_and_key_named(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        GOOD + '\n[[rule]]\nid = "team.broken"\nkind = "line"\npattern = "(oops"\n'
        '\n[[rule]]\nid = "team.odd"\nkind = "line"\npattern = "x"\nuntil = "y"\n',
        encoding="utf-8",
    )
    with pytest.raises(up.PackFileError) as info:
        up.import_pack(bad, load_rules(user_dir=False), folder)
    problems = info.value.problems
    assert len(problems) == 2
    assert problems[0].startswith(f"{bad}: rule 'team.broken': pattern: invalid regex")
    assert problems[1].startswith(f"{bad}: rule 'team.odd': until: a 'line' rule does not take")
    assert not folder.exists()  # nothing copied
    (tmp_path / "toml.toml").write_text("[pack\n", encoding="utf-8")
    with pytest.raises(up.PackFileError, match="not valid TOML"):
        up.import_pack(tmp_path / "toml.toml", load_rules(user_dir=False), folder)
    with pytest.raises(up.PackFileError, match="not a regular file"):
        up.import_pack(tmp_path, load_rules(user_dir=False), folder)


def test_a_pack_clashing_with_a_loaded_one_is_refused(tmp_path: Path) -> None:
    loaded = load_rules(user_dir=False)
    clash = tmp_path / "clash.toml"
    clash.write_text(GOOD.replace('id = "team"', 'id = "linkedin"'), encoding="utf-8")
    with pytest.raises(up.PackFileError, match=r"\[pack\] id: 'linkedin' is already loaded"):
        up.import_pack(clash, loaded, tmp_path / "rules")
    shipped_id = next(iter(loaded.rules)).id
    clash.write_text(GOOD.replace("team.refer", shipped_id), encoding="utf-8")
    with pytest.raises(up.PackFileError, match=f"rule '{shipped_id}': id: already defined"):
        up.import_pack(clash, loaded, tmp_path / "rules")


def test_a_good_pack_is_copied_and_loads(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    src = tmp_path / "Team Rules.toml"
    src.write_text(GOOD, encoding="utf-8")
    target = up.import_pack(src, load_rules(user_dir=False), folder)
    assert target == folder / "Team-Rules.toml"
    assert target.read_text("utf-8") == GOOD  # comments and all
    assert load_rules(user_dir=folder).get("team.refer") is not None
    # Imported again under the same name: refused (the pack is loaded now), never replaced.
    with pytest.raises(up.PackFileError, match="already loaded"):
        up.import_pack(src, load_rules(user_dir=folder), folder)
    src2 = tmp_path / "x" / "Team Rules.toml"
    src2.parent.mkdir()
    src2.write_text(GOOD.replace("team", "other"), encoding="utf-8")
    assert up.import_pack(src2, load_rules(user_dir=folder), folder).name == "Team-Rules-2.toml"


def test_export_then_import_gives_the_same_pack(tmp_path: Path) -> None:
    mine = tmp_path / "rules" / "my-rules.toml"
    mine.parent.mkdir()
    mine.write_text(COMMENTED, encoding="utf-8")
    dest = tmp_path / "out" / "shared.toml"
    dest.parent.mkdir()
    assert up.export_pack(mine, dest) == dest
    assert dest.read_text("utf-8") == COMMENTED
    with pytest.raises(up.PackFileError, match="already exists"):
        up.export_pack(mine, dest)
    up.export_pack(mine, dest, force=True)
    link = tmp_path / "out" / "link.toml"
    link.symlink_to(tmp_path / "elsewhere.toml")
    with pytest.raises(up.PackFileError, match="symbolic link"):
        up.export_pack(mine, link, force=True)
    assert not (tmp_path / "elsewhere.toml").exists()
    other = tmp_path / "other"
    back = up.import_pack(dest, load_rules(user_dir=False), other)
    assert back.read_text("utf-8") == COMMENTED
    assert load_rules(user_dir=other).get("user.apply") is not None


def test_a_pack_switched_off_loads_nowhere_until_switched_on(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "team.toml").write_text(GOOD, encoding="utf-8")
    (folder / "my-rules.toml").write_text(COMMENTED, encoding="utf-8")
    off = up.set_pack_off(folder / "team.toml", True)
    assert off == folder / "team.toml.off"
    rules = load_rules(user_dir=folder)
    assert rules.get("team.refer") is None and rules.get("user.apply") is not None
    listed = {p.path.name: (p.off, p.name, p.label) for p in up.user_packs(folder)}
    assert listed == {
        "my-rules.toml": (False, "My rules", "My rules"),
        "team.toml.off": (True, "Team rules", "Team rules (off)"),
    }
    assert [p.name for p in up.off_packs(folder)] == ["Team rules"]
    assert up.set_pack_off(off, False) == folder / "team.toml"
    assert load_rules(user_dir=folder).get("team.refer") is not None
    (folder / "team.toml.off").write_text(GOOD, encoding="utf-8")
    with pytest.raises(up.PackFileError, match="already exists"):
        up.set_pack_off(folder / "team.toml", True)


def test_a_user_pack_that_does_not_load_is_listed_with_why(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("[pack\n", encoding="utf-8")
    (tmp_path / ".hidden.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    packs = up.user_packs(tmp_path)
    assert [p.path.name for p in packs] == ["broken.toml"]
    assert packs[0].problem.startswith("not valid TOML")
    assert up.user_packs(tmp_path / "missing") == []


def test_the_editor_writes_nothing_but_the_pack(tmp_path: Path) -> None:
    path = tmp_path / "my-rules.toml"
    up.save_rule(path, up.rule_from_form(form()))  # a new pack: made with its [pack]
    assert sorted(os.listdir(tmp_path)) == ["my-rules.toml"]
    assert path.read_text("utf-8").startswith('[pack]\nid = "user"\nname = "My rules"\n')

"""The window with a user's faulty rule packs: wrong values are reported one line each,
and a user rule that runs out of time is skipped with a notice; the posting is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobdesk.core import engine as engine_module
from jobdesk.core.rules import load_rules


def test_wrong_values_in_a_user_pack_are_listed_one_per_line(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.toml").write_text('[pack]\nid = "a"\npriority = inf\n')
    (tmp_path / "b.toml").write_text(
        '[pack]\nid = "b"\n'
        '[[rule]]\nid = "b.para"\nkind = "section"\npattern = "About"\nparagraphs = inf\n'
        '[[rule]]\nid = "b.ok"\nkind = "line"\npattern = "Save job"\n'
    )
    w = make_window(load_rules(user_dir=tmp_path))
    assert "2 problems in the rule packs" in w.notice.text()
    lines = w.notice.details.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "a.toml: [pack] priority: must be a whole number from -1000 to 1000, not inf"
    )
    assert "b.toml: rule 'b.para': paragraphs: must be a whole number" in lines[1]
    assert w.ruleset.get("b.ok") is not None


def test_a_user_rule_that_runs_out_of_time_is_skipped_with_a_notice(  # type: ignore[no-untyped-def]
    make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "USER_SECONDS", 0.05)
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "mine.toml").write_text(
        '[pack]\nid = "mine"\n'
        '[[rule]]\nid = "mine.slow"\nkind = "phrase"\npattern = \'(a|a)+(?=b)\'\n'
    )
    posting = tmp_path / "posting.txt"
    posting.write_text("Data Engineer\n" + "a" * 40 + "!\nWe build pipelines.\n")
    w = make_window(load_rules(user_dir=rules_dir))
    w.open_paths([posting])
    assert w.result is not None and "We build pipelines." in w.result.cleaned
    assert "1 of your rules took too long and was skipped" in w.notice.text()
    assert w.notice.level == "warning"
    (detail,) = w.notice.details.splitlines()
    assert detail.startswith("posting.txt: ") and "rule 'mine.slow'" in detail

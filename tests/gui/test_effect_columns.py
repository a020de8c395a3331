"""The rules panel's Matches and Effect columns: what each rule and category really does
in the shown posting, shadowed rules dimmed, italic and marked, and named by who shadows
them; recomputed on every toggle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from jobdesk.core.engine import TIDY_RULE
from jobdesk.core.result import CleanResult
from jobdesk.core.rules import RuleSet, parse_pack
from jobdesk.gui.rules_model import (
    COL_EFFECT,
    COL_HITS,
    COL_NAME,
    COL_PACK,
    EFFECT_ROLE,
    HEADERS,
    SHADOWED_MARK,
    SHADOWED_ROLE,
    RulesModel,
    compact,
)
from jobdesk.gui.window import MainWindow

from .conftest import small_ruleset

CHECK = Qt.ItemDataRole.CheckStateRole
TIP = Qt.ItemDataRole.ToolTipRole

#: A second pack whose rule removes the very line another rule removes already.
DUP_PACK = r"""
[pack]
id = "dup"
name = "Duplicates"

[[rule]]
id = "dup.apply-line"
name = "Apply line again"
description = "Removes the Apply line, as test.apply does."
category = "site-chrome"
kind = "line"
pattern = 'Apply now'
"""


def dup_ruleset() -> RuleSet:
    base = small_ruleset()
    pack, errors = parse_pack(DUP_PACK, "dup.toml")
    assert not errors
    return RuleSet(packs=[*base.packs, pack])


def removed(result: CleanResult) -> set[int]:
    """The characters the rules remove (the blank-line tidy-up and repairs aside)."""
    return {
        i
        for e in result.edits
        if e.rule != TIDY_RULE and e.is_removal
        for i in range(e.start, e.end)
    }


def opened(make_window, sample_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(dup_ruleset())
    w.open_paths([sample_file])
    w.compare.effects()  # what the timer does right after the panes update
    return w


def toggle(w: MainWindow, rule_id: str, on: bool) -> None:
    idx = w.rules_model.index_for_rule(rule_id)
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    assert w.rules_model.setData(idx, state, CHECK)
    w.compare.effects()


def test_headers_name_matches_and_effect() -> None:
    assert HEADERS[COL_HITS] == "Matches" and HEADERS[COL_EFFECT] == "Effect"
    model = RulesModel(small_ruleset())
    tip = model.headerData(COL_EFFECT, Qt.Orientation.Horizontal, TIP)
    assert "switch it off alone" in str(tip) and SHADOWED_MARK in str(tip)


def test_a_rule_removing_what_another_removes_is_shadowed_and_says_by_whom(
    make_window,  # type: ignore[no-untyped-def]
    sample_file: Path,
) -> None:
    w = opened(make_window, sample_file)
    model = w.rules_model
    dup = model.index_for_rule("dup.apply-line", COL_EFFECT)
    assert model.index_for_rule("dup.apply-line", COL_HITS).data() == "1"  # it matches…
    assert dup.data(EFFECT_ROLE) == 0  # … and switching it off alone changes nothing
    assert dup.data() == SHADOWED_MARK and dup.data(SHADOWED_ROLE) is True
    name = model.index_for_rule("dup.apply-line", COL_NAME)
    font = name.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()  # a cue besides the dimmed colour
    assert name.data(Qt.ItemDataRole.ForegroundRole) is not None
    tip = str(name.data(TIP))
    assert "Shadowed" in tip and "Apply buttons" in tip  # test.apply's name
    # test.apply is not shadowed: it alone removes "Save job" (not the Apply line).
    assert model.index_for_rule("test.apply", COL_EFFECT).data(SHADOWED_ROLE) is False
    assert effect_text(w, "test.apply") == ["Save job"]
    # The truth of it: switching the shadowed rule off gives the same cleaned text.
    before = w.result.cleaned if w.result else None
    toggle(w, "dup.apply-line", False)
    assert w.result is not None and w.result.cleaned == before
    assert effect_text(w, "test.apply") == ["Apply now", "Save job"]


def effect_text(w: MainWindow, rule_id: str) -> list[str]:
    effects = w.compare.effects()
    re_ = w.rules_model.rule_effect(rule_id)
    assert effects is not None and re_ is not None
    return effects.text(re_.effect)


def test_the_effect_is_what_comes_back_when_the_rule_alone_is_off(
    make_window,  # type: ignore[no-untyped-def]
    sample_file: Path,
) -> None:
    w = opened(make_window, sample_file)
    m = w.current_entry.matched if w.current_entry else None
    assert m is not None and w.result is not None
    on = removed(w.result)
    for rid in ("test.apply", "test.applicants", "test.eeo", "test.similar"):
        expected = len(on - removed(m.resolve({rid: False})))
        idx = w.rules_model.index_for_rule(rid, COL_EFFECT)
        assert idx.data(EFFECT_ROLE) == expected, rid
        assert idx.data() == compact(expected)
    # A switched-off rule: what it would remove if switched on, as "+N".
    perks = w.rules_model.index_for_rule("test.perks", COL_EFFECT)
    added = len(removed(m.resolve({"test.perks": True})) - on)
    assert added > 0 and perks.data(EFFECT_ROLE) == added
    assert perks.data() == f"+{compact(added)}"
    assert "would remove" in str(w.rules_model.index_for_rule("test.perks").data(TIP))


def test_toggles_recompute_the_effects(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    model = w.rules_model
    assert model.index_for_rule("dup.apply-line", COL_EFFECT).data(SHADOWED_ROLE)
    toggle(w, "test.apply", False)  # now the duplicate alone removes the Apply line
    dup = model.index_for_rule("dup.apply-line", COL_EFFECT)
    assert dup.data(SHADOWED_ROLE) is False
    assert dup.data(EFFECT_ROLE) == len("Apply now\n")
    # The effects follow the posting: none while nothing is shown.
    w.close_current()
    assert model.effects is None
    assert model.index_for_rule("test.apply", COL_EFFECT).data() == ""


def test_effects_arrive_after_the_panes_update(make_window, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(dup_ruleset())
    w.compare.effects_delay_ms = 50
    w.open_paths([sample_file])
    assert w.result is not None  # the panes are there …
    assert w.rules_model.effects is None  # … the effects not yet
    with qtbot.waitSignal(w.compare.effectsChanged, timeout=2000):
        pass
    assert w.rules_model.rule_effect("dup.apply-line") is not None


def test_a_category_shows_its_real_effect_not_its_rules_sum(
    make_window,  # type: ignore[no-untyped-def]
    sample_file: Path,
) -> None:
    w = opened(make_window, sample_file)
    model = w.rules_model
    m = w.current_entry.matched if w.current_entry else None
    assert m is not None and w.result is not None
    group = model.index_for_rule("test.apply").parent()  # Site chrome
    chrome = [r.id for r in model.group_rules(group)]
    assert {"test.apply", "dup.apply-line"} <= set(chrome)
    back = len(removed(w.result) - removed(m.resolve(dict.fromkeys(chrome, False))))
    effect = group.siblingAtColumn(COL_EFFECT)
    assert effect.data(EFFECT_ROLE) == back and effect.data() == compact(back)
    rules_sum = sum(model.rule_effect(r).effect_chars for r in chrome if model.rule_effect(r))  # type: ignore[union-attr]
    assert back > rules_sum  # the Apply line is removed twice: neither rule alone has it
    assert f"{back:,} characters come back" in str(group.data(TIP))
    # Switching the category says what it really did.
    assert model.setData(group, Qt.CheckState.Unchecked, CHECK)
    assert f"{back:,} characters come back" in w.statusBar().currentMessage()
    w.compare.effects()
    assert group.siblingAtColumn(COL_EFFECT).data() == f"+{compact(back)}"


def test_the_details_say_what_the_selected_rule_really_does(
    make_window,  # type: ignore[no-untyped-def]
    sample_file: Path,
) -> None:
    w = opened(make_window, sample_file)
    assert w.select_rule("dup.apply-line", quiet=True)
    text = w.rule_details.text()
    assert "Shadowed" in text and "Apply buttons" in text
    assert w.select_rule("test.eeo", quiet=True)
    assert "come back if you switch it off alone" in w.rule_details.text()


def test_another_posting_never_shows_the_last_ones_effects(
    make_window,  # type: ignore[no-untyped-def]
    sample_file: Path,
    tmp_path: Path,
) -> None:
    w = opened(make_window, sample_file)
    assert w.rules_model.rule_effect("test.eeo") is not None
    other = tmp_path / "other.txt"
    other.write_text("Apply now\nA posting without legal text.\n", encoding="utf-8")
    w.compare.effects_delay_ms = 10_000  # the new effects are not there yet …
    w.open_paths([other])
    assert w.rules_model.effects is None  # … and the old ones are gone
    assert w.rules_model.index_for_rule("test.eeo", COL_EFFECT).data() == ""
    w.compare.effects()
    assert w.rules_model.rule_effect("test.eeo") is None  # no match here
    assert w.rules_model.rule_effect("test.apply") is not None


def test_a_narrow_tree_keeps_the_effect_and_drops_matches_first(
    make_window,  # type: ignore[no-untyped-def]
    shipped_rules: RuleSet,
) -> None:
    for width, matches_shown in ((1920, True), (1024, False)):
        w: MainWindow = make_window(shipped_rules)
        w.resize(width, 700)
        w.open_sample()
        QApplication.processEvents()
        view = w.rules_view
        assert view.isColumnHidden(COL_HITS) is not matches_shown, width
        assert not view.isColumnHidden(COL_EFFECT)
        if matches_shown:
            assert not view.isColumnHidden(COL_PACK)
        w.close()


def test_a_long_list_of_shadowing_rules_is_cut_short() -> None:
    from jobdesk.core.effects import EXCEPTION, RuleEffect

    rules = small_ruleset()
    model = RulesModel(rules)
    ids = [r.id for r in rules.packs[1].rules if not r.keep]  # five rules of the test pack
    shadowers = (*ids, "00-text.unknown", EXCEPTION)
    effect = RuleEffect("test.apply", "site-chrome", True, 2, ((0, 9), (20, 28)), (), shadowers)
    text = model.effect_sentence(effect)
    names = [model.rule_name(r) for r in shadowers]
    assert ", ".join(names[:5]) + " and 2 more" in text
    assert "its 2 matches (17 characters) are also removed by" in text
    assert model.rule_name(EXCEPTION) == "your keep exception"
    off = RuleEffect("test.perks", "company-marketing", False, 1, ((0, 4),), (), (ids[0],))
    assert f"its match (4 characters) is already removed by {names[0]}" in (
        model.effect_sentence(off)
    )
    assert "switching it on alone changes nothing" in model.effect_sentence(off)

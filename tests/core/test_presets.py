"""Presets as data (core/presets.py): Balanced is the defaults exactly, Aggressive every
rule on, Conservative off by category and kind; a set of choices names its preset."""

from __future__ import annotations

import textwrap

from jobdesk.core.presets import PRESETS, preset_of
from jobdesk.core.rules import RuleSet, load_rules, parse_pack

RULES = load_rules(user_dir=False)

USER = textwrap.dedent(
    """
    [pack]
    id = "mine"

    [[rule]]
    id = "mine.off"
    category = "site-chrome"
    kind = "line"
    phrases = ["Sponsored"]
    default = false

    [[rule]]
    id = "mine.keep-off"
    category = "keep"
    kind = "line"
    phrases = ["Salary"]
    default = false

    [[rule]]
    id = "mine.eeo"
    category = "legal-boilerplate"
    kind = "line"
    phrases = ["EOE"]
    """
)


def _with_user() -> RuleSet:
    pack, errors = parse_pack(USER, "mine.toml", user=True)
    assert errors == []
    return RuleSet(packs=[*RULES.packs, pack])


def test_balanced_is_the_defaults_exactly() -> None:
    rules = _with_user()
    assert PRESETS["balanced"].overrides(rules.rules) == {}
    assert all(PRESETS["balanced"].on(r) == r.default for r in rules.rules)


def test_aggressive_switches_every_removal_on() -> None:
    rules = _with_user()
    agg = PRESETS["aggressive"]
    assert agg.overrides(rules.rules) == {
        r.id: True for r in rules.rules if not r.default and not r.keep
    }
    assert "mine.off" in agg.overrides(rules.rules)
    assert not agg.on(rules.rule("mine.keep-off"))  # a keep rule keeps its default


def test_conservative_is_defined_by_category_and_kind() -> None:
    cons = PRESETS["conservative"]
    rules = _with_user()
    off = cons.overrides(rules.rules)
    assert off["mine.eeo"] is False
    assert "mine.off" not in off  # off by default, stays off
    for r in rules.rules:
        prose = r.category in ("company-marketing", "legal-boilerplate", "contact-details")
        judged = r.kind in ("sentence", "html-region") and not r.keep
        if prose or judged:
            assert not cons.on(r), r.id
        else:
            assert cons.on(r) == r.default, r.id
    # It leaves the UI-string categories on.
    on = {r.category for r in rules.rules if cons.on(r)}
    assert {"site-chrome", "applicant-insights", "recommendations", "navigation-footer"} <= on


def test_a_set_of_choices_names_its_preset() -> None:
    rules = list(_with_user().rules)
    for pid, preset in PRESETS.items():
        assert preset_of(rules, preset.overrides(rules)) == pid
    assert preset_of(rules, {}) == "balanced"
    assert preset_of(rules, {"mine.eeo": False}) is None

"""Presets: Conservative, Balanced, Aggressive — which rules are on, as data.

* **Balanced** is the shipped defaults, exactly (each rule's ``default``).
* **Conservative** never touches anything that might be the employer's text. Off: the
  categories that are the employer's own prose, boilerplate only by judgment (company
  marketing, legal boilerplate, contact details), and the rules that judge prose or page
  structure rather than name a UI string (``sentence`` rules and the HTML regions: a
  button or aside can hold a posting's words). What stays on are UI strings, other-job
  lists, applicant widgets, forms, menus and footers, encoding repairs and tidying.
  ``tests/corpus/test_presets.py`` checks that it loses no word of any hand-cleaned
  posting that the pasted input holds, on both corpora, site detected and site-blind.
* **Aggressive** switches every rule on, those off by default too.

Keep rules keep their default in every preset (they only protect text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jobdesk.core.rules import Rule


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    description: str
    off_categories: frozenset[str] = frozenset()
    off_kinds: frozenset[str] = frozenset()
    all_on: bool = False

    def on(self, rule: Rule) -> bool:
        """Whether ``rule`` is on in this preset."""
        if rule.keep:
            return rule.default
        if self.all_on:
            return True
        if rule.category in self.off_categories or rule.kind in self.off_kinds:
            return False
        return rule.default

    def overrides(self, rules: Iterable[Rule]) -> dict[str, bool]:
        """The rule choices of this preset, as overrides of the defaults (only the
        rules whose state differs from their default)."""
        return {r.id: self.on(r) for r in rules if self.on(r) != r.default}


PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset(
            "conservative",
            "Conservative",
            "Only page furniture named by its UI strings: never the employer's own "
            "prose (company blurbs, legal text, contact details), never a sentence or "
            "a page region judged by its shape.",
            off_categories=frozenset({"company-marketing", "legal-boilerplate", "contact-details"}),
            off_kinds=frozenset({"sentence", "html-region"}),
        ),
        Preset("balanced", "Balanced", "The shipped defaults."),
        Preset(
            "aggressive",
            "Aggressive",
            "Every rule on, those off by default too.",
            all_on=True,
        ),
    )
}
DEFAULT_PRESET = "balanced"


def preset_of(rules: Iterable[Rule], overrides: Mapping[str, bool]) -> str | None:
    """The preset whose choices ``overrides`` are (None: a choice of one's own)."""
    rules = list(rules)
    state = {r.id: overrides.get(r.id, r.default) for r in rules}
    for p in PRESETS.values():
        if all(state[r.id] == p.on(r) for r in rules):
            return p.id
    return None

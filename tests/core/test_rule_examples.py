"""Every shipped rule's own examples: ``examples.remove`` must be hit, ``examples.keep``
must not; and no keep example of any rule may lose a word to the full default rule set."""

from __future__ import annotations

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document
from jobdesk.core.rules import Rule, load_rules
from jobdesk.core.scoring import tokens

RULES = load_rules(user_dir=False)
CLEANER = Cleaner(RULES)
WITH_EXAMPLES = [r for r in RULES.rules if r.examples_remove or r.examples_keep]


def _site(rule: Rule) -> str | None:
    pack = RULES.pack(rule.pack)
    return pack.id if pack is not None and pack.is_site else (rule.sites[0] if rule.sites else None)


def _hits(rule: Rule, text: str) -> int:
    matched = CLEANER.match(Document(source=text), site=_site(rule))
    return len(matched.hits_by_rule.get(rule.id, []))


def test_packs_load_without_errors() -> None:
    assert RULES.errors == []
    assert len(list(RULES.rules)) > 0


def test_pattern_rules_all_have_examples() -> None:
    missing = [
        r.id
        for r in RULES.rules
        if r.kind not in ("html-region", "blank-lines") and not r.examples_remove and not r.keep
    ]
    assert missing == []


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    hit, miss = (
        (rule.examples_keep, rule.examples_remove)
        if rule.keep
        else (rule.examples_remove, rule.examples_keep)
    )
    for text in hit:
        assert _hits(rule, text), f"{rule.id} should match: {text!r}"
    for text in miss:
        assert not _hits(rule, text), f"{rule.id} must not match: {text!r}"


@pytest.mark.parametrize(
    "rule", [r for r in WITH_EXAMPLES if r.examples_keep and not r.keep], ids=lambda r: r.id
)
def test_keep_examples_survive_every_rule(rule: Rule) -> None:
    for text in rule.examples_keep:
        result = CLEANER.match(Document(source=text), site=_site(rule)).resolve()
        lost = tokens(text) - tokens(result.cleaned)
        assert not lost, f"{text!r} lost {dict(lost)} to {result.rule_counts()}"

"""The usual rule choices and a posting's own (gui/rule_choices.py), on their own."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from jobdesk.core.engine import Cleaner
from jobdesk.gui.rule_choices import RuleChoices
from jobdesk.session import PostingSession

from .conftest import SAMPLE, small_ruleset


def opened_with(saved: tuple[str, ...]) -> PostingSession:
    cleaner = Cleaner(small_ruleset())
    entry = PostingSession("saved", matched=cleaner.match(SAMPLE), library_id=4)
    entry.saved_rules = saved
    return entry


def test_unreadable_settings_are_no_choices(settings: QSettings) -> None:
    settings.setValue("rules/overrides", "{not json")
    assert RuleChoices(settings).load() == {}
    settings.setValue("rules/overrides", '["a list"]')
    assert RuleChoices(settings).load() == {}


def test_a_posting_keeps_its_own_choices_apart(settings: QSettings) -> None:
    choices = RuleChoices(settings)
    entry = opened_with(saved=())  # saved with every rule off
    choices.adopt(entry)
    assert entry.own_rules is not None and entry.own_rules.get("test.eeo") is False
    mark = choices.mark(entry)
    assert mark is not None and "#4" in mark
    assert choices.active(entry) is entry.own_rules
    # A toggle on it stays with it; the usual choices and the settings are untouched.
    assert not choices.changed(entry, {"test.eeo": True})
    assert entry.own_rules == {"test.eeo": True} and choices.usual == {}
    assert settings.value("rules/overrides") is None
    # Without choices of its own, a toggle changes the usual ones, saved.
    other = PostingSession("paste")
    assert choices.changed(other, {"test.apply": False})
    assert choices.load() == {"test.apply": False} and choices.mark(other) is None


def test_use_usual_and_make_usual(settings: QSettings) -> None:
    choices = RuleChoices(settings)
    entry = opened_with(saved=())
    choices.adopt(entry)
    choices.use_usual(entry)
    assert entry.own_rules is None and choices.active(entry) == {}
    choices.adopt(entry)
    own = dict(entry.own_rules or {})
    choices.make_usual(entry)
    assert entry.own_rules is None and choices.usual == own and choices.load() == own


def test_saved_with_the_usual_rules_needs_no_choices_of_its_own(settings: QSettings) -> None:
    choices = RuleChoices(settings)
    entry = opened_with(saved=())
    assert entry.matched is not None
    entry.saved_rules = tuple(sorted(entry.matched.enabled({})))
    choices.adopt(entry)
    assert entry.own_rules is None and entry.rules_note == "saved with the rules you use now"

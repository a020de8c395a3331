"""Which rules are on: the user's usual choices, and a posting's own.

The usual choices are the user's overrides of the rules' defaults, kept in QSettings
(only the overrides: a new rule gets its default). A posting opened from the library
with other rules than the usual ones keeps the rules it was saved with as its *own*
choices (``PostingSession.own_rules``): the rules panel shows them, marked, and a toggle
on that posting changes them, never the usual ones — opening a saved posting used to
rewrite the usual rules (issue 12). The user may drop them ("Use My Usual Rules") or
make them the usual ones ("Make These My Usual Rules").
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from PySide6.QtCore import QSettings

from jobdesk.session import PostingSession, rules_as_saved, rules_note

KEY = "rules/overrides"


class RuleChoices:
    """The usual rule choices and the postings' own."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self.usual: dict[str, bool] = {}

    def load(self) -> dict[str, bool]:
        """The usual choices as stored (anything unreadable: none)."""
        raw = self.settings.value(KEY, "")
        overrides: dict[str, bool] = {}
        if isinstance(raw, str) and raw:
            try:
                data = json.loads(raw)
                if isinstance(data, dict):
                    overrides = {str(k): bool(v) for k, v in data.items()}
            except ValueError:
                overrides = {}
        return overrides

    def save(self) -> None:
        self.settings.setValue(KEY, json.dumps(self.usual, sort_keys=True))

    def active(self, entry: PostingSession | None) -> dict[str, bool]:
        """The choices ``entry`` is cleaned with: its own, else the usual ones."""
        if entry is not None and entry.own_rules is not None:
            return entry.own_rules
        return self.usual

    def adopt(self, entry: PostingSession) -> None:
        """``entry`` was opened from the library: the rules it was saved with become its
        own choices when they differ from the usual ones (``rules_note`` says so)."""
        m = entry.matched
        if m is None or entry.saved_rules is None:
            return
        mine, differ = rules_as_saved(m, entry.saved_rules, self.usual)
        entry.rules_note = rules_note(differ)
        entry.own_rules = mine if differ else None

    def changed(self, entry: PostingSession | None, overrides: Mapping[str, bool]) -> bool:
        """The user switched rules while ``entry`` shows: they stay with the posting when
        it has its own choices, else they are the new usual ones (saved). True when the
        usual choices changed."""
        if entry is not None and entry.own_rules is not None:
            entry.own_rules = dict(overrides)
            return False
        self.usual = dict(overrides)
        self.save()
        return True

    def use_usual(self, entry: PostingSession) -> None:
        entry.own_rules = None

    def make_usual(self, entry: PostingSession) -> None:
        if entry.own_rules is not None:
            self.usual = dict(entry.own_rules)
            entry.own_rules = None
            self.save()

    def mark(self, entry: PostingSession | None) -> str | None:
        """What the rules panel says while ``entry``'s own choices show (None: usual)."""
        if entry is None or entry.own_rules is None:
            return None
        m = entry.matched
        n = len(m.enabled(entry.own_rules) ^ m.enabled(self.usual)) if m is not None else 0
        return (
            f"This posting's rules: as saved in the library (#{entry.library_id}), "
            f"{n} rule{'s' if n != 1 else ''} unlike your usual ones. "
            "Changes here stay with this posting."
        )

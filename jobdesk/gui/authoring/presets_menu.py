"""Rules ▸ Preset: Conservative / Balanced / Aggressive (:mod:`jobdesk.core.presets`).

Radio items; the one checked is the preset the current rule choices are, or "Custom"
when they are a choice of one's own. Choosing a preset sets every rule as that preset
has it, as ticking them by hand would (the usual choices, or the shown posting's own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:  # (the core arrives with the rules, after the first paint)
    from jobdesk.core.rules import RuleSet

CUSTOM = "custom"
MNEMONIC = {"conservative": "&Conservative", "balanced": "&Balanced", "aggressive": "&Aggressive"}


class PresetMenu(QMenu):
    """The Preset submenu; ``chosen(preset_id)`` when the user picks one. Its presets
    are listed once the rules are there (:meth:`show_choices`)."""

    chosen = Signal(str)

    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__("&Preset", parent)
        self.setObjectName("preset-menu")
        self.ruleset = ruleset
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.by_id: dict[str, QAction] = {}
        custom = QAction("Custom (your own choices)", self)
        custom.setObjectName("preset-custom")
        custom.setCheckable(True)
        custom.setEnabled(False)  # shown, never chosen: it names choices made by hand
        self.group.addAction(custom)
        self.addAction(custom)
        self.by_id[CUSTOM] = custom
        self.setToolTipsVisible(True)

    def _populate(self) -> None:
        from jobdesk.core.presets import PRESETS

        first = self.actions()[0]
        for p in PRESETS.values():
            act = QAction(MNEMONIC.get(p.id, p.name), self)
            act.setObjectName(f"preset-{p.id}")
            act.setCheckable(True)
            act.setToolTip(p.description)
            act.setStatusTip(p.description)
            act.triggered.connect(lambda _c=False, pid=p.id: self.chosen.emit(pid))
            self.group.addAction(act)
            self.insertAction(first, act)
            self.by_id[p.id] = act
        self.insertSeparator(first)

    def show_choices(self, overrides: Mapping[str, bool]) -> str:
        """Check the preset ``overrides`` are (or Custom); returns its id."""
        from jobdesk.core.presets import preset_of

        if len(self.by_id) == 1:
            self._populate()
        current = preset_of(self.ruleset.rules, overrides) or CUSTOM
        self.by_id[current].setChecked(True)
        return current

    @property
    def current(self) -> str:
        act = self.group.checkedAction()
        return next((k for k, a in self.by_id.items() if a is act), CUSTOM)


def preset_overrides(ruleset: RuleSet, preset_id: str) -> dict[str, bool]:
    """The rule choices of a preset for every rule loaded."""
    from jobdesk.core.presets import PRESETS

    return PRESETS[preset_id].overrides(ruleset.rules)

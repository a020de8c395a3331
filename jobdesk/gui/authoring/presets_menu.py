"""Rules ▸ Preset: Conservative / Balanced / Aggressive (:mod:`jobdesk.core.presets`).

Radio items; the one checked is the preset the current rule choices are, or "Custom"
when they are a choice of one's own. Choosing a preset sets every rule as that preset
has it, as ticking them by hand would (the usual choices, or the shown posting's own).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from jobdesk.core.presets import PRESETS, preset_of
from jobdesk.core.rules import RuleSet

CUSTOM = "custom"


class PresetMenu(QMenu):
    """The Preset submenu; ``chosen(preset_id)`` when the user picks one."""

    chosen = Signal(str)

    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__("&Preset", parent)
        self.setObjectName("preset-menu")
        self.ruleset = ruleset
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.by_id: dict[str, QAction] = {}
        mnemonic = {"conservative": "&Conservative", "balanced": "&Balanced",
                    "aggressive": "&Aggressive"}  # fmt: skip
        for p in PRESETS.values():
            act = QAction(mnemonic.get(p.id, p.name), self)
            act.setObjectName(f"preset-{p.id}")
            act.setCheckable(True)
            act.setToolTip(p.description)
            act.setStatusTip(p.description)
            act.triggered.connect(lambda _c=False, pid=p.id: self._choose(pid))
            self.group.addAction(act)
            self.addAction(act)
            self.by_id[p.id] = act
        self.addSeparator()
        custom = QAction("Custom (your own choices)", self)
        custom.setObjectName("preset-custom")
        custom.setCheckable(True)
        custom.setEnabled(False)  # shown, never chosen: it names choices made by hand
        self.group.addAction(custom)
        self.addAction(custom)
        self.by_id[CUSTOM] = custom
        self.setToolTipsVisible(True)

    def _choose(self, preset_id: str) -> None:
        self.chosen.emit(preset_id)

    def show_choices(self, overrides: Mapping[str, bool]) -> str:
        """Check the preset ``overrides`` are (or Custom); returns its id."""
        current = preset_of(self.ruleset.rules, overrides) or CUSTOM
        self.by_id[current].setChecked(True)
        return current

    @property
    def current(self) -> str:
        act = self.group.checkedAction()
        return next((k for k, a in self.by_id.items() if a is act), CUSTOM)


def preset_overrides(ruleset: RuleSet, preset_id: str) -> dict[str, bool]:
    """The rule choices of a preset for every rule loaded."""
    return PRESETS[preset_id].overrides(ruleset.rules)

"""What the window remembers between runs, and View ▸ Reset Layout.

Kept in QSettings (organisation "jobdesk"; ``JOBDESK_CONFIG_DIR`` moves them to a
``window.ini`` there): the window's geometry, the two splitters (:mod:`layout`), the
usual rule choices (:mod:`rule_choices`: only the overrides of the defaults), whether
rules without hits are hidden, the rules' grouping, scrolling the panes together and
whether the facts card is open. The last-used folder of Open… is kept by
:mod:`inputs`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget

from jobdesk.gui import layout

if TYPE_CHECKING:  # (the window's first frame needs none of them: gui/later.py)
    from jobdesk.gui.facts import FactsCard
    from jobdesk.gui.rule_choices import RuleChoices
    from jobdesk.gui.rules_model import RulesModel

SETTINGS_ORG = "jobdesk"
SETTINGS_APP = "jobdesk"


def make_settings() -> QSettings:
    """QSettings (organisation "jobdesk"); ``JOBDESK_CONFIG_DIR`` moves it to a file there."""
    override = os.environ.get("JOBDESK_CONFIG_DIR")
    if override:
        return QSettings(str(Path(override) / "window.ini"), QSettings.Format.IniFormat)
    return QSettings(SETTINGS_ORG, SETTINGS_APP)


def as_bool(value: object) -> bool:
    """A QSettings value as a bool (an INI file gives back "true" / "false")."""
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return bool(value)


def restore_frame(
    settings: QSettings, window: QWidget, main_split: QSplitter, hide_empty: QAction
) -> None:
    """What the window's first frame shows: its geometry, the rules column's width and
    whether rules without hits are hidden (the rest: :meth:`WindowSettings.restore`)."""
    geo = settings.value("window/geometry")
    if isinstance(geo, QByteArray) and not geo.isEmpty():
        window.restoreGeometry(geo)
    else:
        window.resize(*layout.DEFAULT_SIZE)
    layout.restore_main_split(settings, main_split, window.width())
    hide_empty.setChecked(as_bool(settings.value("rules/hide_empty", True)))


class WindowSettings:
    """Restores, saves and resets what the window remembers."""

    def __init__(
        self,
        settings: QSettings,
        window: QWidget,
        splits: tuple[QSplitter, QSplitter],
        rules_model: RulesModel,
        choices: RuleChoices,
        facts_card: FactsCard,
        toggles: tuple[QAction, QAction, QAction],
        status: Callable[[str, int], None],
    ) -> None:
        """``splits``: the main splitter and the panes' one; ``toggles``: Hide Rules
        Without Hits, Group by Pack, Scroll Panes Together; ``status`` says a reset."""
        self.settings = settings
        self.window = window
        self.main_split, self.pane_split = splits
        self.rules_model = rules_model
        self.choices = choices
        self.facts_card = facts_card
        self.hide_empty, self.group_pack, self.sync = toggles
        self.status = status

    def restore(self) -> None:
        """What :func:`restore_frame` left: the panes' splitter, the rule choices, the
        grouping, scrolling together, the facts card."""
        s = self.settings
        layout.restore_pane_split(s, self.pane_split, self.window.width())
        self.rules_model.set_overrides(self.choices.load())
        self.choices.usual = self.rules_model.overrides()
        if s.value("rules/grouping", "category") == "pack":
            self.group_pack.setChecked(True)
        self.sync.setChecked(as_bool(s.value("view/sync_scroll", True)))
        self.facts_card.set_expanded(as_bool(s.value("view/facts", True)))

    def save(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.window.saveGeometry())
        layout.save_splits(s, self.main_split, self.pane_split)
        self.choices.save()
        s.setValue("rules/hide_empty", self.hide_empty.isChecked())
        s.setValue("rules/grouping", self.rules_model.grouping)
        s.setValue("view/sync_scroll", self.sync.isChecked())
        s.setValue("view/facts", self.facts_card.expanded)
        s.sync()

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: the panes, the facts card and the rules panel as they
        are at first (the window keeps its size and place; the rules their choices)."""
        layout.default_splits(self.main_split, self.pane_split, self.window.width())
        self.facts_card.set_expanded(True)
        self.hide_empty.setChecked(True)
        self.sync.setChecked(True)
        self.save()
        self.status("The layout is back to its defaults", 4000)

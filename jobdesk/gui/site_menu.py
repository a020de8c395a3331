"""The Site menu: clean again with another site's rules when detection got it wrong.

"Detect automatically" (None), "Unknown Site (Generic Rules Only)" (``NO_SITE``), then
every site pack. Choosing one emits :attr:`SiteMenu.chosen` with the pack id.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from jobdesk.core.engine import NO_SITE
from jobdesk.core.rules import RuleSet
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import menu_text, tooltip


class SiteMenu(QMenu):
    chosen = Signal(object)  # a site pack id, NO_SITE, or None (detect)

    def __init__(self, ruleset: RuleSet, owner: QWidget) -> None:
        super().__init__("Site", owner)
        self.group = QActionGroup(owner)
        self.act_auto = QAction("Detect automatically", owner, checkable=True)
        self.act_auto.setData(None)
        self.act_auto.setChecked(True)
        self.group.addAction(self.act_auto)
        self.addAction(self.act_auto)
        self.act_none = QAction("Unknown Site (Generic Rules Only)", owner, checkable=True)
        self.act_none.setData(NO_SITE)
        self.group.addAction(self.act_none)
        self.addAction(self.act_none)
        self.addSeparator()
        for pack in ruleset.packs:
            if pack.is_site:
                act = QAction(menu_text(pack.name), owner, checkable=True)
                act.setToolTip(tooltip(pack.name))
                act.setData(pack.id)
                self.group.addAction(act)
                self.addAction(act)
        self.group.triggered.connect(lambda act: emit(self.chosen, act.data()))

    def show_forced(self, forced: str | None) -> None:
        """Check the entry of the site the posting was forced to (None: detect)."""
        for act in self.group.actions():
            act.setChecked(act.data() == forced)

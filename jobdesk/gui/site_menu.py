"""The Site menu: clean again with another site's rules when detection got it wrong.

"Detect automatically" (None), "Unknown Site (Generic Rules Only)" (``NO_SITE``), then
every site pack. Choosing one emits :attr:`SiteMenu.chosen` with the pack id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import menu_text, tooltip

if TYPE_CHECKING:
    from jobdesk.core.rules import RuleSet


class SiteMenu(QMenu):
    chosen = Signal(object)  # a site pack id, NO_SITE, or None (detect)

    def __init__(self, ruleset: RuleSet | None, owner: QWidget) -> None:
        """``ruleset`` None: the site packs come with :meth:`set_sites` (the window
        paints before the rules load)."""
        super().__init__("Site", owner)
        self._owner = owner
        self.group = QActionGroup(owner)
        self.act_auto = QAction("Detect automatically", owner, checkable=True)
        self.act_auto.setData(None)
        self.act_auto.setChecked(True)
        self.group.addAction(self.act_auto)
        self.addAction(self.act_auto)
        self.act_none = QAction("Unknown Site (Generic Rules Only)", owner, checkable=True)
        self.group.addAction(self.act_none)
        self.addAction(self.act_none)
        self.addSeparator()
        self.group.triggered.connect(lambda act: emit(self.chosen, act.data()))
        if ruleset is not None:
            self.set_sites(ruleset)

    def set_sites(self, ruleset: RuleSet) -> None:
        """An entry for every site pack of ``ruleset`` (once)."""
        from jobdesk.core.engine import NO_SITE

        self.act_none.setData(NO_SITE)
        if any(act.data() not in (None, NO_SITE) for act in self.group.actions()):
            return
        for pack in ruleset.packs:
            if pack.is_site:
                act = QAction(menu_text(pack.name), self._owner, checkable=True)
                act.setToolTip(tooltip(pack.name))
                act.setData(pack.id)
                self.group.addAction(act)
                self.addAction(act)

    def show_forced(self, forced: str | None) -> None:
        """Check the entry of the site the posting was forced to (None: detect)."""
        for act in self.group.actions():
            act.setChecked(act.data() == forced)

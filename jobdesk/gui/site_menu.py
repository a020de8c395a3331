"""The Site menu: clean again with another site's rules when detection got it wrong.

"Detect automatically" (None), "Unknown Site (Generic Rules Only)" (``NO_SITE``), then
every site pack. Choosing one emits :attr:`SiteMenu.chosen` with the pack id.

:class:`SiteChooser` is the window's part: the menu, the toolbar's site label and
"Site" button, and what a choice does — the shown posting is read again with that
site's rules (``reload``: an input that replaces it; its hand edits stay).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import esc, menu_text, rich_label, tooltip

if TYPE_CHECKING:
    from jobdesk.core.rules import RuleSet
    from jobdesk.session import PostingSession


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


class SiteChooser(QObject):
    """The Site menu, the site label and the "Site" button of the toolbar."""

    message = Signal(str, int)  # text for the status bar, milliseconds
    notice = Signal(str, str, str)  # text, level, details
    reload = Signal(object)  # an Input: read the shown posting again with another site

    def __init__(
        self,
        ruleset: RuleSet,
        owner: QWidget,
        current: Callable[[], PostingSession | None],
        tip: str = "",
    ) -> None:
        """``current``: the posting on show; ``tip``: the button's tooltip. ``ruleset``
        may be the stand-in of :mod:`startup` (no packs): the sites come with
        :meth:`set_rules`."""
        super().__init__(owner)
        self.ruleset = ruleset
        self.owner = owner
        self.current = current
        self.menu = SiteMenu(None, owner)
        if ruleset.packs:  # not the stand-in of the rules (which imports no core)
            self.menu.set_sites(ruleset)
        self.group = self.menu.group
        self.act_auto = self.menu.act_auto
        self.act_none = self.menu.act_none
        self.menu.chosen.connect(self.force)
        self.label = rich_label()
        self.label.setContentsMargins(8, 0, 4, 0)
        self.button = QToolButton()
        self.button.setText("Site")
        self.button.setToolTip(tip)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(self.menu)

    def set_rules(self, ruleset: RuleSet) -> None:
        """The rules arrived (or were loaded again): the menu lists their site packs."""
        self.ruleset = ruleset
        self.menu.set_sites(ruleset)

    def popup(self) -> None:
        """Rules ▸ Choose Site…: the menu under the button (mid-window without a toolbar)."""
        if self.button.isVisible():
            self.menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))
        else:
            self.menu.popup(self.owner.mapToGlobal(self.owner.rect().center()))

    def force(self, site: str | None) -> None:
        """Match the shown posting again with a site pack's rules (None: detect)."""
        from jobdesk.core.engine import NO_SITE

        entry = self.current()
        if entry is None or entry.matched is None:
            emit(self.message, "Open a posting first", 3000)
            self.menu.show_forced(None)
            return
        if site not in (None, NO_SITE) and self.ruleset.pack(site) is None:
            emit(self.notice, f"Unknown site {site!r}.", "error", "")
            return
        entry.forced_site = site
        doc = entry.matched.document
        from jobdesk.session import Input

        inp = Input(entry.label, path=entry.path, document=doc, site=site, replaces=entry)
        emit(self.reload, inp)

    def show(self, entry: PostingSession | None) -> None:
        """The label and the menu for the posting on show (None: the label empties)."""
        if entry is None or entry.matched is None:
            self.label.setText("")
            return
        from jobdesk.core.engine import NO_SITE

        site = entry.matched.site_pack
        forced = entry.forced_site
        if site:
            text = f"site: <b>{esc(site.name)}</b>"
        elif forced == NO_SITE:
            text = "site: unknown"
        else:
            text = "site: generic"
        self.label.setText(text + (" (chosen)" if forced is not None else ""))
        self.menu.show_forced(forced)

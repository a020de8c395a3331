"""The window's parts that its first frame does not show, built after it.

The empty window's first frame shows the rules column, the empty page, the menus, the
toolbar and the status bar. The compare pane (with the facts card), the removals dock,
the pipeline that shows a posting, input, output, the rule switching and authoring
parts are not on it; building them and importing their modules cost about a third of
the time to the first paint. So ``jobdesk``'s window (``MainWindow(defer=True)``)
builds them just after its first paint (:attr:`startup.RulesArrival.after_paint`,
while the rules load in their worker), and :class:`LaterParts` builds them at once
when one is asked for sooner: a paste, a file named on the command line, a test. The
first frame is the same either way (``tests/gui/test_later.py`` compares the pixels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget, QWidget

    from jobdesk.gui.authoring.controller import Authoring
    from jobdesk.gui.batches import Batches
    from jobdesk.gui.compare import ComparePane
    from jobdesk.gui.facts import FactsCard
    from jobdesk.gui.facts_controller import FactsController
    from jobdesk.gui.files_model import FilesModel
    from jobdesk.gui.inputs import InputFlow
    from jobdesk.gui.opened import OpenedPostings
    from jobdesk.gui.output import Output
    from jobdesk.gui.removals import RemovalsDock
    from jobdesk.gui.rule_choices import RuleChoices
    from jobdesk.gui.rules_control import RulesControl
    from jobdesk.gui.shown import ShownPosting
    from jobdesk.gui.window_settings import WindowSettings

#: The window's parts built after its first frame (by ``build_rest``).
LATER = frozenset(
    ("opened", "files_model", "choices", "batches", "facts_card", "compare", "panes",
     "shown", "facts", "rules", "inputs", "output", "remembered", "removals", "authoring")
)  # fmt: skip


class LaterParts:
    """A window's parts of :data:`LATER`: built by ``build_rest``; one asked for
    before that (``built`` False) has them built at once."""

    opened: OpenedPostings
    files_model: FilesModel
    choices: RuleChoices
    batches: Batches
    facts_card: FactsCard
    compare: ComparePane
    panes: ComparePane
    shown: ShownPosting
    facts: FactsController
    rules: RulesControl
    inputs: InputFlow
    output: Output
    remembered: WindowSettings
    removals: RemovalsDock
    authoring: Authoring
    #: Whether ``build_rest`` ran (set by the window before it builds anything).
    built: bool

    if not TYPE_CHECKING:  # (for the type checker, every part is always there)

        def __getattr__(self, name: str) -> object:
            if name in LATER and self.__dict__.get("built") is False:
                self.build_rest()
                return getattr(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def show_once_unseen(stack: QStackedWidget, page: QWidget, shown: QWidget) -> None:
    """Show ``page`` of ``stack`` and ``shown`` again at once (no paint between them),
    so that the page's first showing (polish, layout at the size it will show at, its
    widgets' first events) is done now, not when it is first needed: the window calls
    it with the compare pane when the rules arrive and the empty window shows, so the
    first paste does not pay for it. What shows, and the focus, are as they were."""
    if stack.currentWidget() is not shown:
        return
    window = stack.window()
    focus = window.focusWidget()
    stack.setCurrentWidget(page)
    stack.setCurrentWidget(shown)
    if focus is not None and focus is not window.focusWidget():
        focus.setFocus()

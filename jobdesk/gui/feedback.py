"""Feedback: the notice bar above the panes and the status bar below them.

A notice (:class:`~jobdesk.gui.widgets.NoticeBar`) is for what the user must read —
an input that failed, the library unavailable, rule-pack problems — with a level and
optional details; its first sentence also shows in the status bar for a while. A
status message is a passing remark ("Copied …"); an empty one clears the bar. The
parts say both by signals (``message(text, ms)``, ``notice(text, level, details)``)
and the window connects them here. The status bar holds the compare pane's counts
(removals per category, characters and words removed) and, when a rule pack has
problems, a button that lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QStatusBar, QToolButton, QWidget

from jobdesk.gui.widgets import NoticeBar

if TYPE_CHECKING:  # the rules load after the first paint (startup.py)
    from jobdesk.core.rules import RuleSet


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class Feedback:
    """The notice bar and the status bar."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.notice = NoticeBar()
        self.pack_errors_button = QToolButton()

    @property
    def bar(self) -> QStatusBar:
        """The window's status bar (made when first used, after the toolbar)."""
        return self.window.statusBar()

    def notify(self, text: str, level: str = "info", details: str = "") -> None:
        """A notice (``level``: info, warning, error); its first sentence in the status bar."""
        self.notice.show_message(text, level, details)
        self.bar.showMessage(text.split(". ")[0], 6000)

    def status(self, text: str, ms: int = 0) -> None:
        """A status-bar message for ``ms`` milliseconds (0: until the next); "" clears it."""
        if text:
            self.bar.showMessage(text, ms)
        else:
            self.bar.clearMessage()

    def dismiss(self) -> None:
        self.notice.hide()

    def add_status_widgets(self, counts: QWidget, removed: QWidget, pack_errors: QAction) -> None:
        """The counts (a normal widget: a passing message hides it for a while), the
        characters removed, and the rule-pack problems button (hidden until the rules
        arrive with problems: :meth:`show_pack_errors`)."""
        self.bar.addWidget(counts, 1)
        self.bar.addPermanentWidget(removed)
        button = self.pack_errors_button
        button.setAutoRaise(True)
        button.setDefaultAction(pack_errors)
        button.setVisible(False)
        self.bar.addPermanentWidget(button)

    def show_pack_errors(self, ruleset: RuleSet) -> None:
        """The rules arrived (or were loaded again): the problems button counts the
        packs' problems, and a notice says them (the other rules work). Called after
        the actions are enabled: enabling the button's action resets its text."""
        n = len(ruleset.errors)
        self.pack_errors_button.setText(f"⚠ {plural(n, 'rule-pack problem')}")
        self.pack_errors_button.setVisible(bool(n))
        if n:
            self.notice.show_message(
                f"{plural(n, 'problem')} in the rule packs; the other rules work.",
                "warning",
                "\n".join(str(e) for e in ruleset.errors),
            )

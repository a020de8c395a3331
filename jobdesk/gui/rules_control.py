"""What the user does with the rules: switch them, reset them, group them, and choose
between the usual rules and a posting's own.

A switch in the rules panel (``RulesModel.overridesChanged``) changes the usual rules
(saved), or the posting's own choices when it has some (:mod:`rule_choices`), and the
shown posting is resolved again (:mod:`shown`). A posting with a hand edit keeps its
cleaned text; the status bar says how to let the change through.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from jobdesk.gui.actions import keys_text
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.rule_choices import RuleChoices
from jobdesk.gui.rules_model import RulesModel
from jobdesk.gui.rules_panel import RulesPanel
from jobdesk.gui.shown import ShownPosting


class RulesControl(QObject):
    """The user's commands on which rules are on."""

    message = Signal(str, int)  # text for the status bar, milliseconds

    def __init__(
        self,
        shown: ShownPosting,
        choices: RuleChoices,
        panel: RulesPanel,
        discard: QAction,
        parent: QObject | None = None,
    ) -> None:
        """``discard``: Discard Hand Edits (its keys are named when a switch is held back).
        The window connects the model's ``overridesChanged`` to
        :meth:`on_overrides_changed` (after the parts that must hear a switch before the
        posting is resolved again: the authoring part compares the ticks with the
        exceptions of the last result)."""
        super().__init__(parent)
        self.shown = shown
        self.choices = choices
        self.panel = panel
        self.model: RulesModel = panel.model
        self.discard = discard

    def rule_overrides(self) -> dict[str, bool]:
        """The user's usual overrides of the rules' defaults (what is switched on or
        off for every posting without choices of its own)."""
        return dict(self.choices.usual)

    def on_overrides_changed(self) -> None:
        entry = self.shown.current
        if not self.choices.changed(entry, self.model.overrides()):
            self.shown.show_rule_choices()  # the posting's own: its mark says how many differ
        self.shown.refresh()
        if entry is not None and entry.hand_text is not None:
            emit(
                self.message,
                "The cleaned text keeps your hand edits; the rule change shows on the left. "
                f"Discard Hand Edits ({keys_text(self.discard)}) to apply it.",
                8000,
            )

    def use_usual_rules(self) -> None:
        """Clean the posting on show with the usual rules (drop its own choices)."""
        entry = self.shown.current
        if entry is None or entry.own_rules is None:
            return
        self.choices.use_usual(entry)
        self.shown.show_rule_choices()
        self.shown.refresh()
        emit(self.message, "This posting now uses your usual rules", 4000)

    def keep_as_usual_rules(self) -> None:
        """Make the shown posting's own choices the usual rules."""
        entry = self.shown.current
        if entry is None or entry.own_rules is None:
            return
        self.choices.make_usual(entry)
        self.shown.show_rule_choices()
        self.shown.refresh()
        emit(self.message, "These rules are now your usual rules", 4000)

    def reset_rules(self) -> None:
        entry = self.shown.current
        own = entry is not None and entry.own_rules is not None
        self.model.reset_to_defaults()
        emit(
            self.message,
            "Every rule of this posting is back to its default"
            if own
            else "Every rule is back to its default",
            4000,
        )

    def group_by_category(self, checked: bool) -> None:
        if checked:
            self.panel.set_grouping("category")

    def group_by_pack(self, checked: bool) -> None:
        if checked:
            self.panel.set_grouping("pack")

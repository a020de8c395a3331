"""The posting on show, and the clean / re-clean pipeline that keeps the window in step.

Which opened posting shows (chosen in the list, stepped to, closed), and its result
under the rules that are on. A posting is matched once, off the GUI thread
(:mod:`inputs`); showing it or switching a rule only resolves its
:class:`~jobdesk.core.engine.Matched` again (:meth:`ShownPosting.refresh`) and re-renders
both panes (:mod:`compare`), the rules panel's hit counts and choices, the status-bar
counts and the facts card (:mod:`facts_controller`, which this part owns: its facts
are the shown posting's).

A hand edit of the cleaned posting "freezes" it: rule switches keep updating the
highlights on the left but leave the cleaned text alone until the user discards the
edits (a banner says so). Each posting keeps its own hand edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QStackedWidget, QWidget

from jobdesk.gui.actions import keys_text
from jobdesk.gui.compare import ComparePane
from jobdesk.gui.facts_controller import FactsController
from jobdesk.gui.files_model import Entry
from jobdesk.gui.loading import Executor
from jobdesk.gui.opened import OpenedPostings
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.rule_choices import RuleChoices
from jobdesk.gui.rules_model import RulesModel
from jobdesk.gui.rules_panel import RulesPanel
from jobdesk.gui.spans import word_starts

if TYPE_CHECKING:  # the core loads with the rules, after the first paint (startup.py)
    from jobdesk.core.exemptions import Exemptions
    from jobdesk.core.result import CleanResult
    from jobdesk.core.rules import RuleSet


class ShownPosting(QObject):
    """The posting on show and its result; both panes, the rules and the facts follow."""

    shown = Signal(object)  # this posting (None: none) shows now
    resultChanged = Signal()  # both panes were re-rendered
    message = Signal(str, int)  # text for the status bar, milliseconds
    changed = Signal()  # what the actions can do changed (a hand edit, a close)

    def __init__(
        self,
        ruleset: RuleSet,
        opened: OpenedPostings,
        choices: RuleChoices,
        rules: tuple[RulesModel, RulesPanel],
        compare: ComparePane,
        stack: tuple[QStackedWidget, QWidget],
        discard: QAction,
        executor: Executor,
        palette: Callable[[], QPalette],
        parent: QObject | None = None,
    ) -> None:
        """``stack`` shows ``compare`` or its other page (the empty window's);
        ``discard``: Discard Hand Edits (its keys are named); ``executor`` runs the
        facts jobs; ``palette``: the window's, for the category colours."""
        super().__init__(parent)
        self.ruleset = ruleset
        self.opened = opened
        self.choices = choices
        self.rules_model, self.rules_panel = rules
        self.compare = compare
        self.stack, self.empty = stack
        self.discard = discard
        self.palette = palette
        self.current: Entry | None = None
        self.result: CleanResult | None = None
        self._showing = False
        #: The user's exceptions, applied to every resolve and draft (the window's
        #: authoring part gives them; None: none).
        self.exemptions: Callable[[], Exemptions | None] = lambda: None
        self.facts = FactsController(compare.facts_card, executor, self.pair, parent)
        compare.cleaned.handEdited.connect(self.on_hand_edit)

    def pair(self) -> tuple[Entry | None, CleanResult | None]:
        """The posting on show and its result (None, None: nothing shows)."""
        return self.current, self.result

    # ------------------------------------------------------------ choosing

    def select_row(self, row: int) -> None:
        """Choose ``row`` in the list and show its posting."""
        self.opened.choose(row)
        if self.current is not self.opened.entry(row):
            self.show_row(row)

    def show_opened(self, library_id: int) -> bool:
        """Show the opened posting saved as ``library_id``; False when none is open."""
        row = self.opened.row_of_library_id(library_id)
        if row >= 0:
            self.select_row(row)
        return row >= 0

    def step(self, step: int) -> None:
        row = self.opened.step_from(self.current, step)
        if row >= 0:
            self.select_row(row)

    def next_file(self) -> None:
        self.step(1)

    def previous_file(self) -> None:
        self.step(-1)

    def show_row(self, row: int) -> None:
        entry = self.opened.entry(row)
        if entry is None or entry is self.current:
            return
        self.current = entry
        m = entry.matched
        if m is None:
            return
        rules = list(m.rules.values())
        if [r.id for r in rules] != [r.id for r in self.rules_model.rules()]:
            self.rules_model.set_rules(rules)
        self.show_rule_choices()
        self.compare.raw.set_rule_lookup(self.ruleset.get)
        self._showing = True
        try:
            self.compare.raw.set_source(m.source)
            self.stack.setCurrentWidget(self.compare)
            self.refresh(reset_clean=True)
        finally:
            self._showing = False
        self.compare.scroll_to_top()
        emit(self.shown, entry)

    def reshow(self, entry: Entry) -> None:
        """``entry`` was matched again: when it is on show, show it anew."""
        if entry is self.current:
            self.current = None
            self.show_row(self.opened.row_of(entry))

    def close_current(self) -> None:
        """Close the posting on show; the next one shows, else the empty window."""
        entry = self.current
        if entry is None:
            return
        self.current = None
        row = self.opened.remove(entry)
        if row >= 0:
            self.select_row(row)
        else:
            self.result = None
            self.compare.clear()
            self.facts.clear()
            self.stack.setCurrentWidget(self.empty)
            self.show_without_document()
            self.show_rule_choices()
            emit(self.shown, None)
        emit(self.changed)

    # ------------------------------------------------------------ the pipeline

    def refresh(self, *, reset_clean: bool = False) -> None:
        """Resolve with the rules that are on and re-render both panes."""
        entry = self.current
        if entry is None or entry.matched is None:
            return
        m = entry.matched
        result = entry.resolve(self.choices.active(entry), self.exemptions())
        self.result = result
        self.compare.show_result(m, result, entry.hand_text, reset_clean=reset_clean)
        from jobdesk.core.engine import TIDY_RULE

        hits = {rid: len(hs) for rid, hs in m.hits_by_rule.items()}
        tidy = result.rule_counts().get(TIDY_RULE)
        if tidy:
            hits[TIDY_RULE] = tidy
        self.rules_model.set_hits(hits)
        self.update_status()
        self.facts.schedule()
        emit(self.resultChanged)

    def update_status(self) -> None:
        """The status bar's counts for the result on show."""
        entry, result = self.current, self.result
        if result is None:
            return
        self.compare.update_status(
            result,
            hand_edited=entry is not None and entry.hand_text is not None,
            word_starts=entry.word_starts(word_starts) if entry else None,
            palette=self.palette(),
        )

    def show_rule_choices(self) -> None:
        """The rules panel shows the posting's choices, marked when its own."""
        entry = self.current
        active = self.choices.active(entry)
        if active != self.rules_model.overrides():
            self.rules_model.set_overrides(active)
        self.rules_panel.show_posting_rules(self.choices.mark(entry))

    def set_rules(self, ruleset: RuleSet) -> None:
        """The rules arrived after the first paint (or were loaded again): the rules
        model and panel, the panes and the usual choices (checked against them) use
        them; without a posting the panel lists the generic rules."""
        self.ruleset = ruleset
        self.rules_model.set_ruleset(ruleset)
        self.rules_panel.ruleset = self.compare.ruleset = ruleset
        self.compare.raw.set_rule_lookup(ruleset.get)
        self.rules_model.set_overrides(self.choices.usual)
        self.choices.usual = self.rules_model.overrides()
        if self.current is None:
            self.show_without_document()

    def show_without_document(self) -> None:
        """No posting: the rules panel lists the generic rules, without hits."""
        generic = [r for p in self.ruleset.packs if not p.is_site for r in p.rules]
        self.rules_model.set_rules(generic)
        self.rules_model.set_hits(None)

    def apply_palette(self) -> None:
        """Re-derive the category colours after a light/dark switch."""
        self.compare.raw.invalidate_colours()
        self.rules_model._swatches.clear()
        self.rules_model._emit_all_changed()
        self.update_status()

    # ------------------------------------------------------------ hand edits

    def cleaned_text(self) -> str:
        """The cleaned posting as the user sees it (hand edits included)."""
        entry = self.current
        if entry is None or self.result is None:
            return ""
        return entry.cleaned(self.result)

    def on_hand_edit(self) -> None:
        entry = self.current
        if entry is None or self._showing:
            return
        cleaned = self.compare.cleaned
        if entry.hand_edit(cleaned.current_text(), cleaned.shown.replace("\u00a0", " ")):
            emit(
                self.message,
                "Edited by hand: rule changes no longer overwrite the cleaned text "
                f"(Discard Hand Edits, {keys_text(self.discard)}, to go back)",
                8000,
            )
        self.compare.hand_banner.setVisible(entry.hand_text is not None)
        self.opened.refresh(entry)
        self.update_status()
        emit(self.changed)

    def discard_hand_edits(self) -> None:
        entry = self.current
        if entry is None or entry.hand_text is None:
            return
        entry.hand_text = None
        if self.result is not None:
            self.compare.cleaned.set_text(self.result.cleaned, reset=True)
            self.update_status()
        self.compare.hand_banner.hide()
        self.opened.refresh(entry)
        emit(self.message, "Hand edits discarded", 4000)
        emit(self.changed)

"""The compare pane: the raw text (every edit highlighted) beside the cleaned posting.

It owns the two views and what ties them together: the removal stops that F8 /
Shift+F8 step through, the scrolling kept in step (through an
:class:`~jobdesk.core.editmap.EditMap`), the hand-edit banner, the panes' titles and
the status-bar counts (characters and words removed, removals per category). The
window decides what to show; the pane shows it and reports back by signals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jobdesk.factview import LABELS as FACT_LABELS
from jobdesk.gui.facts import FactsCard
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import esc, plain_label, rich_label
from jobdesk.gui.spans import NavStop, nav_stops, words_removed
from jobdesk.gui.theme import category_color, glyph
from jobdesk.gui.views import CleanedView, RawView

if TYPE_CHECKING:
    from jobdesk.core.editmap import EditMap
    from jobdesk.core.engine import Matched
    from jobdesk.core.result import CleanResult, Edit
    from jobdesk.core.rules import Rule, RuleSet

#: Categories whose edits are not navigation stops (blank-line tidying).
NAV_SKIP_CATEGORIES = frozenset({"whitespace"})


def _category_of(rule: Rule | None) -> str:
    return rule.category if rule else "site-chrome"


class ComparePane(QWidget):
    """Raw text | facts card over the cleaned posting, and the removal navigation."""

    message = Signal(str, int)  # text for the status bar, milliseconds
    ruleActivated = Signal(str)  # a removal was clicked: show its rule
    stopReached = Signal(str)  # navigation reached a removal of this rule

    def __init__(
        self,
        ruleset: RuleSet,
        discard: QAction,
        facts_card: FactsCard,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ruleset = ruleset
        self.edit_map: EditMap | None = None
        self._stops: list[NavStop] = []
        self._stop_index = -1
        self._syncing = False
        self.sync_enabled = True

        pl = QVBoxLayout(self)
        pl.setContentsMargins(0, 0, 0, 0)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)

        raw_box = QWidget()
        rl = QVBoxLayout(raw_box)
        rl.setContentsMargins(0, 0, 0, 0)
        self.raw_title = pane_title("<b>Raw text</b>")
        rl.addWidget(self.raw_title)
        self.raw = RawView()
        self.raw.set_rule_lookup(self.ruleset.get)
        self.raw.editClicked.connect(lambda e: emit(self.ruleActivated, e.rule))
        rl.addWidget(self.raw, 1)
        self.split.addWidget(raw_box)

        clean_box = QWidget()
        cl = QVBoxLayout(clean_box)
        cl.setContentsMargins(0, 0, 0, 0)
        self.clean_title = pane_title("<b>Cleaned posting</b>")
        cl.addWidget(self.clean_title)
        self.hand_banner = QFrame()
        self.hand_banner.setObjectName("handBanner")
        self.hand_banner.setFrameShape(QFrame.Shape.StyledPanel)
        hb = QHBoxLayout(self.hand_banner)
        hb.setContentsMargins(6, 2, 2, 2)
        self.hand_label = QLabel(
            "You edited this text by hand. Switching rules will not overwrite your edits."
        )
        self.hand_label.setWordWrap(True)
        hb.addWidget(self.hand_label, 1)
        button = QPushButton("Discard my edits")
        button.setToolTip(discard.toolTip())
        button.clicked.connect(discard.trigger)
        hb.addWidget(button)
        self.hand_banner.hide()
        cl.addWidget(self.hand_banner)
        self.facts_card = facts_card
        cl.addWidget(self.facts_card)
        self.cleaned = CleanedView()
        self.raw.setAccessibleName("Raw text; removed spans are struck through")
        self.cleaned.setAccessibleName("Cleaned posting, editable")
        cl.addWidget(self.cleaned, 1)
        self.split.addWidget(clean_box)
        pl.addWidget(self.split, 1)

        # The status bar's counts (the window places them). The site is shown in one
        # place only: the toolbar, beside the Site menu that changes it.
        self.status_removed = plain_label()
        self.status_categories = rich_label()

        self.raw.verticalScrollBar().valueChanged.connect(self.sync_from_raw)
        self.cleaned.verticalScrollBar().valueChanged.connect(self.sync_from_clean)

    # ------------------------------------------------------------ showing

    def show_result(
        self, m: Matched, result: CleanResult, hand_text: str | None, *, reset_clean: bool
    ) -> None:
        """Both panes for ``result`` (the cleaned pane keeps ``hand_text`` when set)."""
        self.raw.set_edits(result.edits, keep_spans(m, result))
        if hand_text is None:
            self.cleaned.set_text(result.cleaned, reset=reset_clean)
        elif reset_clean:
            self.cleaned.set_text(hand_text, reset=True)
        self.hand_banner.setVisible(hand_text is not None)
        from jobdesk.core.editmap import EditMap
        from jobdesk.core.engine import TIDY_RULE

        self.edit_map = EditMap(result.edits, len(result.source))
        skip = frozenset(rid for rid, r in m.rules.items() if r.category in NAV_SKIP_CATEGORIES) | {
            TIDY_RULE
        }
        self._stops = nav_stops(result.edits, skip)
        self._stop_index = -1
        self.cleaned.mark_offset(None)

    def scroll_to_top(self) -> None:
        self.raw.verticalScrollBar().setValue(0)
        self.cleaned.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        """Nothing to show (the last posting was closed)."""
        self.edit_map = None
        self._stops = []
        self.raw.set_source("")
        self.cleaned.set_text("", reset=True)
        self.hand_banner.hide()
        for label in (self.status_removed, self.status_categories):
            label.setText("")

    def update_status(
        self,
        result: CleanResult,
        *,
        hand_edited: bool,
        word_starts: Sequence[int] | None,
        palette: QPalette,
    ) -> None:
        """The status-bar counts and the panes' titles for ``result``."""
        removed = result.removed_chars()
        words = words_removed(result.source, result.edits, word_starts)
        repairs = sum(1 for e in result.edits if e.replacement)
        text = f"Removed {removed:,} characters, {words:,} words"
        if repairs:
            text += f" · {repairs} repair{'s' if repairs != 1 else ''}"
        self.status_removed.setText(text)
        by_cat: Counter[str] = Counter()
        for stop in self._stops:  # the same units as the "N removals" of the raw pane
            by_cat[_category_of(self.ruleset.get(stop.rule))] += 1
        from jobdesk.core.rules import CATEGORIES

        order = list(CATEGORIES)
        parts = []
        for cat in sorted(by_cat, key=lambda c: order.index(c) if c in order else 99):
            color = category_color(cat, strong=True, palette=palette).name()
            label = CATEGORIES.get(cat, cat)
            mark = esc(glyph(cat))  # the second cue, beside the colour
            parts.append(f"<span style='color:{color}'>{mark}</span> {esc(label)} {by_cat[cat]}")
        self.status_categories.setText(" · ".join(parts) if parts else "Nothing removed")
        n = len(self._stops)
        self.raw_title.setText(
            f"<b>Raw text</b> — {n} removal{'s' if n != 1 else ''} highlighted (F8 to step)"
        )
        self.clean_title.setText(
            f"<b>Cleaned posting</b> — {len(result.cleaned):,} characters"
            + (" (edited by hand)" if hand_edited else "")
        )

    # ------------------------------------------------------------ facts

    def show_fact(self, key: str, span: tuple[int, int] | None, source: str) -> None:
        """A fact was clicked: select where it was read (or say where it came from)."""
        label = FACT_LABELS.get(key, key)
        if span is not None:
            self.raw.mark_fact(span)
            self.raw.select_span(*span)
            where = (
                "the page's JSON-LD data (the same value is in the text)"
                if (source == "JSON-LD")
                else "the text"
            )
            emit(self.message, f"{label}: from {where} — shown on the left", 5000)
            return
        self.raw.mark_fact(None)
        if source == "JSON-LD":
            msg = f"{label}: from the page's JSON-LD data; it is not in the visible text"
        elif source == "edited":
            msg = f"{label}: your edit (right-click it to use the value found in the posting)"
        elif source:
            msg = f"{label}: from the {source}"
        else:
            msg = f"{label}: not stated in this posting (type to fill it in)"
        emit(self.message, msg, 5000)

    def show_conflict(self, key: str, span: tuple[int, int] | None) -> None:
        """A fact's ⚠ was clicked: show the text's reading."""
        label = FACT_LABELS.get(key, key)
        if span is not None:
            self.raw.mark_fact(span)
            self.raw.select_span(*span)
            emit(
                self.message,
                f"{label}: the text says this; the page's JSON-LD data says otherwise",
                6000,
            )
        else:
            emit(self.message, f"{label}: the page's JSON-LD data and the text disagree", 6000)

    # ------------------------------------------------------------ navigation

    def goto_removal(self, step: int) -> None:
        if not self._stops:
            emit(self.message, "No removals in this posting", 3000)
            return
        cur = self.raw.textCursor()
        anchor = self.raw.u16.to_cp(cur.selectionStart())
        has_sel = cur.hasSelection()
        i: int | None = None
        wrapped = False
        if step > 0:
            for k, s in enumerate(self._stops):
                if s.start > anchor or (s.start == anchor and not has_sel):
                    i = k
                    break
            if i is None:
                i, wrapped = 0, True
        else:
            for k in range(len(self._stops) - 1, -1, -1):
                if self._stops[k].start < anchor:
                    i = k
                    break
            if i is None:
                i, wrapped = len(self._stops) - 1, True
        self._goto_stop(i, wrapped)

    def _goto_stop(self, i: int, wrapped: bool = False) -> None:
        stop = self._stops[i]
        self._stop_index = i
        self._syncing = True
        try:
            self.raw.select_span(stop.start, stop.end)
            if self.edit_map is not None:
                pos = self.edit_map.to_clean(stop.start)
                self.cleaned.place_cursor(pos)
                self.cleaned.mark_offset(pos)
                self.cleaned.centerCursor()
        finally:
            self._syncing = False
        rule = self.ruleset.get(stop.rule)
        name = f"{rule.name} ({rule.category_label})" if rule else stop.rule
        msg = f"Removal {i + 1} of {len(self._stops)}: {name}"
        if wrapped:
            msg += " — wrapped around"
        # The status bar only: a pane title that grew with the message moved the splitter.
        emit(self.message, msg, 6000)
        emit(self.stopReached, stop.rule)

    @property
    def current_stop(self) -> NavStop | None:
        if 0 <= self._stop_index < len(self._stops):
            return self._stops[self._stop_index]
        return None

    @property
    def stops(self) -> list[NavStop]:
        return list(self._stops)

    # ------------------------------------------------------------ scrolling in step

    def set_sync(self, on: bool) -> None:
        self.sync_enabled = on
        if on:
            self.sync_from_raw()

    def sync_from_raw(self, _value: int = 0) -> None:
        if self._syncing or not self.sync_enabled or self.edit_map is None:
            return
        self._syncing = True
        try:
            self.cleaned.scroll_to_offset(self.edit_map.to_clean(self.raw.top_offset()))
        finally:
            self._syncing = False

    def sync_from_clean(self, _value: int = 0) -> None:
        if self._syncing or not self.sync_enabled or self.edit_map is None:
            return
        self._syncing = True
        try:
            self.raw.scroll_to_offset(self.edit_map.to_source(self.cleaned.top_offset()))
        finally:
            self._syncing = False


def pane_title(html: str) -> QLabel:
    """A pane's title: its text never sets the pane's width (a longer title must not
    move the splitter)."""
    label = rich_label(html)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(1)
    return label


def keep_spans(m: Matched, result: CleanResult) -> list[Edit]:
    """Hits of the enabled keep (exception) rules, as zero-replacement spans to mark."""
    from jobdesk.core.result import Edit

    out: list[Edit] = []
    for rid, hits in m.hits_by_rule.items():
        rule = m.rules.get(rid)
        if rule is None or not rule.keep or rid not in result.enabled:
            continue
        out.extend(Edit(h.start, h.end, rid) for h in hits if h.end > h.start)
    out.sort(key=lambda e: (e.start, e.end))
    # Keep them disjoint (edit_at assumes sorted, non-overlapping spans).
    disjoint: list[Edit] = []
    for e in out:
        if disjoint and e.start < disjoint[-1].end:
            continue
        disjoint.append(e)
    return disjoint

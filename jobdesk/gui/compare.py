"""The compare pane: the raw text (every edit highlighted) beside the cleaned posting.

It owns the two views and what ties them together: the removal stops that F8 /
Shift+F8 step through, the scrolling kept in step (through an
:class:`~jobdesk.core.editmap.EditMap`), the hand-edit banner, the panes' titles and
the status-bar counts (characters and words removed, removals per category). The
window decides what to show; the pane shows it and reports back by signals.

It also keeps what each rule really does (:class:`~jobdesk.core.effects.Effects`):
computed right after the panes update (``effects_delay_ms``; a toggle never waits for
it, ``effectsChanged`` says when it is there, :meth:`ComparePane.effects` computes it at
once when asked first), it names every rule covering a highlighted span in the raw
pane's tooltip and feeds the rules panel's Effect column and the removals list.

Beside the raw pane's scroll bar a diff map (:mod:`scrollmarks`) shows every removal in
its category's colour. The status bar's legend (a glyph, a category, a count) is a
filter: clicking a category shows only its highlights, marks, removals list rows and
F8 stops; clicking it again shows all (:meth:`ComparePane.set_category_filter`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QPalette
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
from jobdesk.gui.safe import esc, plain_label, rich_label, tooltip
from jobdesk.gui.scrollmarks import Mark, ScrollMarks
from jobdesk.gui.spans import NavStop, nav_stops, words_removed
from jobdesk.gui.theme import category_color, glyph, marked
from jobdesk.gui.views import CleanedView, RawView

if TYPE_CHECKING:
    from jobdesk.core.editmap import EditMap
    from jobdesk.core.effects import Effects
    from jobdesk.core.engine import Matched
    from jobdesk.core.result import CleanResult, Edit
    from jobdesk.core.rules import Rule, RuleSet

#: Categories whose edits are not navigation stops (blank-line tidying).
NAV_SKIP_CATEGORIES = frozenset({"whitespace"})
#: The legend's links: "category:<id>".
LEGEND_SCHEME = "category:"
#: A source this long waits this long (ms) before its effects are computed, so that
#: quick toggles on a huge page pay for them once (they cost ~0.1 s on 1 MB).
BIG_SOURCE = 200_000
BIG_EFFECTS_DELAY_MS = 250


def _category_of(rule: Rule | None) -> str:
    return rule.category if rule else "site-chrome"


class ComparePane(QWidget):
    """Raw text | facts card over the cleaned posting, and the removal navigation."""

    message = Signal(str, int)  # text for the status bar, milliseconds
    ruleActivated = Signal(str)  # a removal was clicked: show its rule
    stopReached = Signal(str)  # navigation reached a removal of this rule
    #: The shown result changed (a posting, a toggle): (Matched, CleanResult), or
    #: (None, None) when nothing is shown.
    resultShown = Signal(object, object)
    effectsChanged = Signal(object)  # Effects of the shown result (None: nothing shown)
    categoryFilterChanged = Signal(object)  # the category shown alone (None: all)

    def __init__(
        self,
        ruleset: RuleSet,
        discard: QAction,
        facts_card: FactsCard,
        parent: QWidget | None = None,
        status: tuple[QLabel, QLabel] | None = None,
    ) -> None:
        """``status``: the status bar's two labels (characters removed, the categories'
        legend), when the window made them for its first frame; else made here."""
        super().__init__(parent)
        self.ruleset = ruleset
        self.edit_map: EditMap | None = None
        self._stops: list[NavStop] = []
        self._stop_index = -1
        self._syncing = False
        self.sync_enabled = True
        self._matched: Matched | None = None
        self._result: CleanResult | None = None
        self._keeps: list[Edit] = []
        self._all_stops: list[NavStop] = []
        self._category: str | None = None  # the legend's filter
        self._palette: QPalette | None = None
        self._effects: Effects | None = None
        self._effects_stale = False
        #: Milliseconds between a new result and computing its effects.
        self.effects_delay_ms = 0
        self._effects_timer = QTimer(self)
        self._effects_timer.setSingleShot(True)
        self._effects_timer.timeout.connect(self._compute_effects)

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
        self.raw.set_covering(self.covering)
        self.raw.editClicked.connect(lambda e: emit(self.ruleActivated, e.rule))
        raw_row = QHBoxLayout()
        raw_row.setContentsMargins(0, 0, 0, 0)
        raw_row.setSpacing(1)
        raw_row.addWidget(self.raw, 1)
        self.marks = ScrollMarks()
        self.marks.set_tip(self._mark_tip)
        self.marks.markClicked.connect(self._on_mark_clicked)
        self.marks.offsetClicked.connect(self._on_offset_clicked)
        raw_row.addWidget(self.marks)
        rl.addLayout(raw_row, 1)
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
        self.status_removed, self.status_categories = status or (plain_label(), rich_label())
        self.status_categories.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.status_categories.linkActivated.connect(self._on_legend_link)

        self.raw.verticalScrollBar().valueChanged.connect(self.sync_from_raw)
        self.cleaned.verticalScrollBar().valueChanged.connect(self.sync_from_clean)
        self.raw.verticalScrollBar().valueChanged.connect(self._update_marks_view)
        self.raw.viewport().installEventFilter(self)

    # ------------------------------------------------------------ showing

    def show_result(
        self, m: Matched, result: CleanResult, hand_text: str | None, *, reset_clean: bool
    ) -> None:
        """Both panes for ``result`` (the cleaned pane keeps ``hand_text`` when set)."""
        if m is not self._matched and self._effects is not None:
            # Another posting: its rules' effects are not the last one's (a toggle keeps
            # the old numbers until the new ones come, which never flickers).
            self._effects = None
            emit(self.effectsChanged, None)
        self._matched, self._result = m, result
        self._keeps = keep_spans(m, result)
        if self._category is not None and not any(
            self._category_of_rule(e.rule) == self._category for e in result.edits
        ):
            self._set_category(None)  # nothing of it left here: show all
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
        self._all_stops = nav_stops(result.edits, skip)
        self._show_filtered()
        self.cleaned.mark_offset(None)
        self._effects = None
        self._effects_stale = True
        delay = self.effects_delay_ms
        if len(result.source) >= BIG_SOURCE:
            delay = max(delay, BIG_EFFECTS_DELAY_MS)
        self._effects_timer.start(delay)
        emit(self.resultShown, m, result)

    def scroll_to_top(self) -> None:
        self.raw.verticalScrollBar().setValue(0)
        self.cleaned.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        """Nothing to show (the last posting was closed)."""
        self.edit_map = None
        self._stops = []
        self._all_stops = []
        self._matched = self._result = None
        self._keeps = []
        self._effects = None
        self._effects_stale = False
        self._effects_timer.stop()
        self._set_category(None)
        self.marks.set_marks([], 0)
        self.raw.set_source("")
        self.cleaned.set_text("", reset=True)
        self.hand_banner.hide()
        for label in (self.status_removed, self.status_categories):
            label.setText("")
        emit(self.resultShown, None, None)
        emit(self.effectsChanged, None)

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
        self._palette = palette
        self._update_legend()
        self._update_raw_title()
        self.clean_title.setText(
            f"<b>Cleaned posting</b> — {len(result.cleaned):,} characters"
            + (" (edited by hand)" if hand_edited else "")
        )

    def removals_by_category(self) -> Counter[str]:
        """Removals (F8 stops, the raw pane's units) per category, whatever is shown."""
        by_cat: Counter[str] = Counter()
        for stop in self._all_stops:
            by_cat[self._category_of_rule(stop.rule)] += 1
        return by_cat

    def _update_legend(self) -> None:
        """The status bar's legend: each category's glyph, name and count, a link that
        shows that category alone (the shown one in bold; clicking it shows all)."""
        from jobdesk.core.rules import CATEGORIES

        palette = self._palette or self.palette()
        by_cat = self.removals_by_category()
        order = list(CATEGORIES)
        text_color = palette.color(QPalette.ColorRole.WindowText).name()
        parts = []
        for cat in sorted(by_cat, key=lambda c: order.index(c) if c in order else 99):
            color = category_color(cat, strong=True, palette=palette).name()
            label = esc(CATEGORIES.get(cat, cat))
            mark = esc(glyph(cat))  # the second cue, beside the colour
            if cat == self._category:
                label = f"<b><u>{label}</u></b>"
            parts.append(
                f"<a href='{LEGEND_SCHEME}{esc(cat)}' style='text-decoration:none;"
                f"color:{text_color}'><span style='color:{color}'>{mark}</span> "
                f"{label} {by_cat[cat]}</a>"
            )
        if self._category is not None:
            parts.append(f"<a href='{LEGEND_SCHEME}' style='color:{text_color}'>show all</a>")
        self.status_categories.setText(" · ".join(parts) if parts else "Nothing removed")
        self.status_categories.setToolTip(
            "Click a category to show only its removals; click it again to show all"
            if parts
            else ""
        )

    def _update_raw_title(self) -> None:
        n = len(self._stops)
        title = f"<b>Raw text</b> — {n} removal{'s' if n != 1 else ''} highlighted (F8 to step)"
        if self._category is not None:
            from jobdesk.core.rules import CATEGORIES

            label = marked(self._category, CATEGORIES.get(self._category, self._category))
            title += f" — only {esc(label)}"
        self.raw_title.setText(title)

    # ------------------------------------------------------------ the legend's filter

    @property
    def category_filter(self) -> str | None:
        """The category shown alone (None: every category)."""
        return self._category

    def set_category_filter(self, category: str | None) -> None:
        """Show only ``category``'s highlights, marks and F8 stops (None: all)."""
        if category == self._category:
            return
        self._set_category(category)
        if self._result is not None:
            self._show_filtered()
            self._update_legend()
            self._update_raw_title()

    def _set_category(self, category: str | None) -> None:
        if category != self._category:
            self._category = category
            emit(self.categoryFilterChanged, category)

    def _on_legend_link(self, link: str) -> None:
        if not link.startswith(LEGEND_SCHEME):
            return
        cat = link[len(LEGEND_SCHEME) :] or None
        self.set_category_filter(None if cat == self._category else cat)

    def _category_of_rule(self, rule_id: str) -> str:
        return _category_of(self.ruleset.get(rule_id))

    def _shown(self, rule_id: str) -> bool:
        return self._category is None or self._category_of_rule(rule_id) == self._category

    def _show_filtered(self) -> None:
        """Highlights, F8 stops and marks of the shown categories."""
        result = self._result
        if result is None:
            return
        if self._category is None:
            edits = result.edits
            self._stops = list(self._all_stops)
        else:
            edits = [e for e in result.edits if self._shown(e.rule)]
            self._stops = [s for s in self._all_stops if self._shown(s.rule)]
        self.raw.set_edits(edits, self._keeps)
        self._stop_index = -1
        self._update_marks()

    # ------------------------------------------------------------ the diff map

    def _update_marks(self) -> None:
        result = self._result
        if result is None:
            self.marks.set_marks([], 0)
            return
        palette = self.raw.palette()
        colors: dict[str, QColor] = {}
        marks = []
        for stop in self._stops:
            cat = self._category_of_rule(stop.rule)
            color = colors.get(cat)
            if color is None:
                color = colors[cat] = category_color(cat, strong=True, palette=palette)
            marks.append(Mark(stop.start, stop.end, color, stop.rule))
        self.marks.set_marks(marks, len(result.source))
        self._update_marks_view()

    def _mark_tip(self, mark: Mark) -> str:
        from jobdesk.core.rules import CATEGORIES

        rule = self.ruleset.get(mark.rule)
        cat = _category_of(rule)
        name = rule.name if rule else mark.rule
        return tooltip(f"{marked(cat, CATEGORIES.get(cat, cat))}: {name}")

    def _update_marks_view(self, _value: int = 0) -> None:
        if self._result is None:
            return
        vp = self.raw.viewport()
        last = self.raw.cursorForPosition(QPoint(vp.width() - 1, vp.height() - 1))
        end = self.raw.u16.to_cp(last.position())
        self.marks.set_view(self.raw.top_offset(), max(end, self.raw.top_offset()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.raw.viewport() and event.type() == QEvent.Type.Resize:
            self._update_marks_view()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.refresh_colours()
        super().changeEvent(event)

    def _on_mark_clicked(self, i: int) -> None:
        if 0 <= i < len(self._stops):
            self._goto_stop(i)

    def _on_offset_clicked(self, offset: int) -> None:
        self.raw.scroll_to_offset(offset)

    def refresh_colours(self) -> None:
        """After a light/dark switch: the marks and the legend in the new colours."""
        self._palette = self.palette()
        self._update_marks()
        if self._result is not None:
            self._update_legend()

    # ------------------------------------------------------------ effects

    def effects(self) -> Effects | None:
        """What each rule really does in the shown result (computed now if it is not
        yet; None: nothing is shown)."""
        if self._effects_stale:
            self._compute_effects()
        return self._effects

    def ready_effects(self) -> Effects | None:
        """The shown result's effects if they are computed (never computes them)."""
        return None if self._effects_stale else self._effects

    def _compute_effects(self) -> None:
        self._effects_timer.stop()
        if not self._effects_stale:
            return
        self._effects_stale = False
        m, result = self._matched, self._result
        if m is None or result is None:
            self._effects = None
        else:
            from jobdesk.core.effects import Effects

            on = result.enabled
            self._effects = Effects(m, {rid: rid in on for rid in m.rules})
        emit(self.effectsChanged, self._effects)

    def covering(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """The rules that remove ``[start, end)`` (every one of them, not only the one
        credited), and the switched-off rules that match there too."""
        eff = self.effects()
        if eff is None:
            return [], []
        on = eff.covering(start, end)
        every = eff.covering(start, end, enabled_only=False)
        taken = set(on)
        off = [r for r in every if r not in taken and r not in eff.enabled]
        return on, off

    def show_edit(self, start: int, end: int) -> None:
        """Select a removal's span in the raw pane (scrolled into view) and mark where
        it was in the cleaned posting (the removals list's jump)."""
        self._syncing = True
        try:
            self.raw.select_span(start, end)
            if self.edit_map is not None:
                pos = self.edit_map.to_clean(start)
                self.cleaned.place_cursor(pos)
                self.cleaned.mark_offset(pos)
                self.cleaned.centerCursor()
        finally:
            self._syncing = False
        self._update_marks_view()

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
        self.show_edit(stop.start, stop.end)
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

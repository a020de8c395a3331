"""The removals list: a logger of every edit in the shown posting, as uBlock Origin's.

Each row is one edit of the result (``CleanResult.edits``, in the order of the text):
where it is (line), its category (glyph and colour), the rule credited with it, a
snippet of the text it removes (or "old → new" for a repair), and the other rules that
remove the same text too (from :class:`~jobdesk.core.effects.Effects`: switching the
credited rule off alone would not bring it back).

* Filter by category with the first combo box — the same filter as the status bar's
  clickable legend: the raw pane then shows only that category's highlights, marks and
  F8 stops (:meth:`~jobdesk.gui.compare.ComparePane.set_category_filter`) — by rule
  with the second, and by text (rule name, id or the removed text) with the search box.
* Clicking a row (or moving to it with the keys) selects its span in the raw pane,
  scrolled into view, and marks the place in the cleaned posting; clicking a highlight
  in the raw pane chooses its row.
* A right-click on a row emits :attr:`RemovalsPane.contextMenuRequested` with the rule
  id, the span ``(start, end)`` in code points of the source, and the global position,
  for a menu that acts on the removal (keep this text, switch the rule off, …).

:func:`install_removals` puts the list in a dock at the bottom of the window, shown and
hidden with View ▸ Removals List (F9), remembered between runs (saved as the window
closes).
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import plain_label, tooltip
from jobdesk.gui.theme import marked, swatch

if TYPE_CHECKING:  # the core loads with the rules, after the window's first paint
    from jobdesk.core.effects import Effects
    from jobdesk.core.engine import Matched
    from jobdesk.core.result import CleanResult, Edit
    from jobdesk.core.rules import Rule
    from jobdesk.gui.compare import ComparePane

RuleLookup: TypeAlias = Callable[[str], "Rule | None"]

Index = QModelIndex | QPersistentModelIndex

COL_LINE, COL_CATEGORY, COL_RULE, COL_TEXT, COL_ALSO = range(5)
HEADERS = ("Line", "Category", "Rule", "Removed text", "Also removed by")
HEADER_TIPS = (
    "Where the removal is (line of the raw text); sort by any column",
    "The rule's category",
    "The rule credited with the removal",
    "What it removes (or, for a repair, what it changes)",
    "Other rules that remove the same text: switching the credited rule off alone "
    "does not bring it back",
)
EDIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Edit
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4

SNIPPET = 120  # characters of a row's snippet
_NL = re.compile("\n")


def snippet(source: str, edit: Edit, width: int = SNIPPET) -> str:
    """One line for an edit: its text with runs of blanks as one space ("⏎" for line
    breaks), "old → new" for a repair; "(blank lines)" when it removes only blanks."""

    def one_line(text: str) -> str:
        text = text[: width * 4]
        text = " ⏎ ".join(" ".join(part.split()) for part in text.strip().split("\n"))
        text = re.sub(r"(?: ⏎ )+(?:⏎ )*", " ⏎ ", text).strip(" ⏎")
        return text if len(text) <= width else text[: width - 1] + "…"

    old = one_line(source[edit.start : edit.end])
    if edit.replacement:
        return f"{old} → {one_line(edit.replacement)}"
    return old or "(blank lines)"


class RemovalsModel(QAbstractTableModel):
    """Every edit of the shown result, one row each, in the order of the text."""

    def __init__(self, rule_of: RuleLookup, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rule_of = rule_of  # the rules come after the first paint: asked each time
        self._source = ""
        self._edits: list[Edit] = []
        self._newlines: array[int] = array("q")
        self._effects: Effects | None = None
        self._also: dict[int, tuple[str, ...]] = {}
        self._keys: dict[int, list[object]] = {}  # column → each row's sort key

    # ----------------------------------------------------------------- feeding

    def set_result(self, result: CleanResult | None) -> None:
        self.beginResetModel()
        if result is None:
            self._source, self._edits = "", []
            self._newlines = array("q")
        else:
            if result.source is not self._source:
                self._newlines = array("q", (m.start() for m in _NL.finditer(result.source)))
            self._source = result.source
            self._edits = list(result.edits)
        self._effects = None
        self._also = {}
        self._keys = {}
        self.endResetModel()

    def set_effects(self, effects: Effects | None) -> None:
        """The rules covering each edit (the "Also removed by" column)."""
        if effects is not None and effects.matched.source is not self._source:
            return  # another posting's
        self._effects = effects
        self._also = {}
        self._keys.pop(COL_ALSO, None)
        if self._edits:
            emit(
                self.dataChanged,
                self.index(0, COL_ALSO),
                self.index(len(self._edits) - 1, COL_ALSO),
                [],
            )

    @property
    def edits(self) -> list[Edit]:
        return list(self._edits)

    def edit(self, row: int) -> Edit | None:
        return self._edits[row] if 0 <= row < len(self._edits) else None

    def line_of(self, offset: int) -> int:
        """The 1-based line of the source holding ``offset``."""
        return bisect.bisect_right(self._newlines, offset - 1) + 1 if offset else 1

    def also(self, row: int) -> tuple[str, ...]:
        """The rules other than the credited one that remove this edit's text."""
        if self._effects is None:
            return ()
        got = self._also.get(row)
        if got is None:
            e = self._edits[row]
            got = tuple(r for r in self._effects.covering(e.start, e.end) if r != e.rule)
            self._also[row] = got
        return got

    def sort_key(self, row: int, column: int) -> object:
        """The key a column sorts row ``row`` by (computed once per column and result:
        a sort of thousands of rows calls this tens of thousands of times)."""
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = [self._sort_key(r, column) for r in range(len(self._edits))]
        return keys[row]

    def _sort_key(self, row: int, column: int) -> object:
        e = self._edits[row]
        if column == COL_LINE:
            return e.start
        if column == COL_CATEGORY:
            return (self.category_order(self.category(e.rule)), e.start)
        if column == COL_RULE:
            return (self._name(e.rule).casefold(), e.start)
        if column == COL_TEXT:
            return (snippet(self._source, e).casefold(), e.start)
        return (len(self.also(row)), e.start)

    def rule(self, rule_id: str) -> Rule | None:
        return self.rule_of(rule_id)

    @staticmethod
    def category_label(category: str) -> str:
        from jobdesk.core.rules import CATEGORIES

        return CATEGORIES.get(category, category)

    @staticmethod
    def category_order(category: str) -> int:
        from jobdesk.core.rules import CATEGORIES

        order = list(CATEGORIES)
        return order.index(category) if category in order else len(order)

    def category(self, rule_id: str) -> str:
        rule = self.rule_of(rule_id)
        return rule.category if rule is not None else "site-chrome"

    def _name(self, rule_id: str) -> str:
        rule = self.rule_of(rule_id)
        return rule.name if rule is not None else rule_id

    # ----------------------------------------------------------------- Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._edits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._edits):
            return None
        row, col = index.row(), index.column()
        e = self._edits[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_LINE:
                return str(self.line_of(e.start))
            if col == COL_CATEGORY:  # the swatch beside it holds the glyph
                return self.category_label(self.category(e.rule))
            if col == COL_RULE:
                return self._name(e.rule)
            if col == COL_TEXT:
                return snippet(self._source, e)
            return ", ".join(self._name(r) for r in self.also(row))
        if role == Qt.ItemDataRole.DecorationRole and col == COL_CATEGORY:
            return swatch(self.category(e.rule))
        if role == Qt.ItemDataRole.ToolTipRole:
            rule = self.rule_of(e.rule)
            cat = self.category(e.rule)
            lines = [
                f"{self._name(e.rule)} — {marked(cat, self.category_label(cat))}",
                f"line {self.line_of(e.start)}, characters {e.start:,}–{e.end:,}",
                snippet(self._source, e, 400),
            ]
            also = self.also(row)
            if also:
                lines.append("also removed by: " + ", ".join(self._name(r) for r in also))
            if rule is not None:
                lines.append(rule.id)
            return tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EDIT_ROLE:
            return e
        if role == CATEGORY_ROLE:
            return self.category(e.rule)
        if role == SORT_ROLE:
            return self.sort_key(row, col)
        if role == SEARCH_ROLE:
            return " ".join((self._name(e.rule), e.rule, snippet(self._source, e, 400))).casefold()
        return None


class RemovalsFilter(QSortFilterProxyModel):
    """The rows of one category, one rule and a text (each optional)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._category: str | None = None
        self._rule: str | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)

    @property
    def category(self) -> str | None:
        return self._category

    @property
    def rule(self) -> str | None:
        return self._rule

    def set_category(self, category: str | None) -> None:
        if category != self._category:
            self._change(lambda: setattr(self, "_category", category))

    def set_rule(self, rule_id: str | None) -> None:
        if rule_id != self._rule:
            self._change(lambda: setattr(self, "_rule", rule_id))

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._change(lambda: setattr(self, "_text", text))

    def _change(self, change: object) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()  # type: ignore[operator]
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()  # type: ignore[operator]
            self.invalidateFilter()

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        if isinstance(model, RemovalsModel):
            a = model.sort_key(left.row(), left.column())
            b = model.sort_key(right.row(), right.column())
        else:  # pragma: no cover - always a RemovalsModel here
            a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        return bool(a < b)  # type: ignore[operator]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._category is None and self._rule is None and not self._text:
            return True
        model = self.sourceModel()
        idx = model.index(source_row, 0, source_parent)
        if self._category is not None and idx.data(CATEGORY_ROLE) != self._category:
            return False
        if self._rule is not None:
            edit = idx.data(EDIT_ROLE)
            if edit is None or edit.rule != self._rule:
                return False
        return not self._text or self._text in (idx.data(SEARCH_ROLE) or "")


class RemovalsPane(QWidget):
    """The legend, the rule and text filters, and the list of removals."""

    #: A row was chosen: show the removal (start, end) in the raw pane.
    removalActivated = Signal(int, int)
    #: A right-click on a row: (rule id, (start, end), global position) — for a menu
    #: that acts on the removal (keep this text, switch the rule off, show the rule).
    contextMenuRequested = Signal(str, object, QPoint)
    #: The category box chose a category to show alone (None: all).
    categoryChosen = Signal(object)

    def __init__(self, rule_of: RuleLookup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RemovalsModel(rule_of, self)
        self.proxy = RemovalsFilter(self)
        self.proxy.setSourceModel(self.model)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(2)

        top = QHBoxLayout()
        self.category_box = QComboBox()
        self.category_box.setAccessibleName("Show the removals of one category")
        self.category_box.setToolTip(
            "Show one category's removals, here and in the raw pane (as a click on the "
            "status bar's legend does)"
        )
        self.category_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category_box.currentIndexChanged.connect(self._on_category)
        top.addWidget(self.category_box)
        self.rule_box = QComboBox()
        self.rule_box.setAccessibleName("Show the removals of one rule")
        self.rule_box.setToolTip("Show the removals of one rule")
        self.rule_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.rule_box.setMaximumWidth(260)
        self.rule_box.currentIndexChanged.connect(self._on_rule)
        top.addWidget(self.rule_box)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter removals")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Show the removals whose rule or text holds these words")
        self.search.setMinimumWidth(120)
        self.search.textChanged.connect(self._on_text)
        top.addWidget(self.search, 1)
        self.count_label = plain_label()
        top.addWidget(self.count_label)
        lay.addLayout(top)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Removals: every edit, its rule and its text")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Rows come in the order of the text; a click on a header sorts by that column
        # (sorting thousands of rows again on every toggle is paid only then).
        self.view.setSortingEnabled(True)
        self.proxy.sort(-1)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        hdr = self.view.horizontalHeader()
        hdr.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hdr.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        fm = self.view.fontMetrics()
        hdr.resizeSection(COL_LINE, fm.horizontalAdvance("000000") + 12)
        hdr.resizeSection(COL_CATEGORY, fm.horizontalAdvance("◆ Navigation & footer") + 30)
        hdr.resizeSection(COL_RULE, fm.horizontalAdvance("Apply / Save buttons and") + 12)
        hdr.resizeSection(COL_ALSO, fm.horizontalAdvance("Apply / Save buttons") + 12)
        self.view.clicked.connect(self._activate)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._activate(cur))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        lay.addWidget(self.view, 1)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()

    # ----------------------------------------------------------------- feeding

    def set_result(self, result: CleanResult | None, m: Matched | None = None) -> None:
        """The edits of the shown result (None: nothing shown)."""
        current = self.proxy.rule
        self.model.set_result(result)
        counts: dict[str, int] = {}
        by_rule: dict[str, int] = {}
        for e in result.edits if result is not None else ():
            cat = self.model.category(e.rule)
            counts[cat] = counts.get(cat, 0) + 1
            by_rule[e.rule] = by_rule.get(e.rule, 0) + 1
        self._fill_categories(counts)
        self._fill_rules(by_rule, current)
        self._update_count()

    def _fill_categories(self, counts: dict[str, int]) -> None:
        box = self.category_box
        box.blockSignals(True)
        try:
            box.clear()
            box.addItem(f"All categories ({len(counts)})", None)
            model = self.model
            for cat in sorted(counts, key=model.category_order):
                box.addItem(swatch(cat), f"{model.category_label(cat)} ({counts[cat]})", cat)
            i = box.findData(self.proxy.category) if self.proxy.category is not None else 0
            box.setCurrentIndex(max(i, 0))
        finally:
            box.blockSignals(False)

    def categories(self) -> list[str]:
        """The categories the box offers (those with removals here)."""
        box = self.category_box
        return [box.itemData(i) for i in range(1, box.count())]

    def _fill_rules(self, by_rule: dict[str, int], current: str | None) -> None:
        box = self.rule_box
        box.blockSignals(True)
        try:
            box.clear()
            box.addItem(f"All rules ({len(by_rule)})", None)
            names = sorted(by_rule, key=lambda r: (self.model._name(r).casefold(), r))
            for rid in names:
                box.addItem(f"{self.model._name(rid)} ({by_rule[rid]})", rid)
                box.setItemData(box.count() - 1, rid, Qt.ItemDataRole.ToolTipRole)
            i = box.findData(current) if current is not None else 0
            box.setCurrentIndex(max(i, 0))
        finally:
            box.blockSignals(False)
        if current is not None and box.currentData() != current:
            self.proxy.set_rule(None)  # the rule removes nothing here any more

    def set_effects(self, effects: Effects | None) -> None:
        self.model.set_effects(effects)

    def set_category(self, category: str | None) -> None:
        """Show only ``category``'s rows (None: all): the legend's filter."""
        self.proxy.set_category(category)
        box = self.category_box
        box.blockSignals(True)
        try:
            box.setCurrentIndex(max(box.findData(category), 0) if category is not None else 0)
        finally:
            box.blockSignals(False)
        self._update_count()

    def set_rule(self, rule_id: str | None) -> None:
        """Show only the rows of ``rule_id`` (None: all)."""
        i = self.rule_box.findData(rule_id) if rule_id is not None else 0
        self.rule_box.setCurrentIndex(max(i, 0))

    # ----------------------------------------------------------------- reading

    def shown_edits(self) -> list[Edit]:
        """The edits of the rows shown, in their order."""
        out = []
        for r in range(self.proxy.rowCount()):
            e = self.proxy.index(r, 0).data(EDIT_ROLE)
            if e is not None:
                out.append(e)
        return out

    def select_edit(self, edit: Edit) -> bool:
        """Select (and scroll to) ``edit``'s row without jumping the raw pane (it is
        already there: a click on a highlight). False: the row is not shown."""
        row = self.row_of(edit)
        if row < 0:
            return False
        sel = self.view.selectionModel()
        blocked = sel.blockSignals(True)
        try:
            index = self.proxy.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.selectRow(row)
        finally:
            sel.blockSignals(blocked)
        self.view.viewport().update()
        self.view.scrollTo(self.proxy.index(row, 0))
        return True

    def row_of(self, edit: Edit) -> int:
        """The shown row of ``edit`` (-1: not shown)."""
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(EDIT_ROLE) == edit:
                return r
        return -1

    # ----------------------------------------------------------------- events

    def _on_category(self, _i: int) -> None:
        category = self.category_box.currentData()
        self.set_category(category)
        emit(self.categoryChosen, category)

    def _on_rule(self, _i: int) -> None:
        self.proxy.set_rule(self.rule_box.currentData())
        self._update_count()

    def _on_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"{total:,} edits" if shown == total else f"{shown:,} of {total:,} edits"
        )

    def _activate(self, index: QModelIndex) -> None:
        e = index.data(EDIT_ROLE) if index.isValid() else None
        if e is not None:
            emit(self.removalActivated, e.start, e.end)

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        e = index.data(EDIT_ROLE) if index.isValid() else None
        if e is None:
            return
        emit(
            self.contextMenuRequested,
            e.rule,
            (e.start, e.end),
            self.view.viewport().mapToGlobal(pos),
        )


class RemovalsDock(QDockWidget):
    """The removals list in a dock, fed by the compare pane."""

    SETTING = "view/removals"

    def __init__(
        self,
        compare: ComparePane,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Removals", parent)
        self.setObjectName("removalsDock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.compare = compare
        self.settings = settings
        self.pane = RemovalsPane(lambda rid: compare.ruleset.get(rid))
        self.pane.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setWidget(self.pane)
        self._pending: tuple[Matched | None, CleanResult | None] | None = None
        compare.resultShown.connect(self._on_result)
        compare.effectsChanged.connect(self._on_effects)
        compare.categoryFilterChanged.connect(self.pane.set_category)
        self.pane.categoryChosen.connect(compare.set_category_filter)
        self.pane.removalActivated.connect(compare.show_edit)
        compare.raw.editClicked.connect(self._on_edit_clicked)
        self._action: QAction | None = None

    def _on_result(self, m: Matched | None, result: CleanResult | None) -> None:
        """A new result: the list follows at once when shown, else when it shows next
        (a hidden list costs a toggle nothing)."""
        self._pending = (m, result)
        if self.isVisible():
            self._apply_pending()

    def _apply_pending(self) -> None:
        if self._pending is None:
            return
        m, result = self._pending
        self._pending = None
        self.pane.set_result(result, m)
        self.pane.set_category(self.compare.category_filter)
        if result is not None:
            self.pane.set_effects(self.compare.ready_effects())

    def _on_edit_clicked(self, edit: Edit) -> None:
        """A click on a highlight in the raw pane: its row is chosen in the list too."""
        if self.isVisible():
            self._apply_pending()
            self.pane.select_edit(edit)

    def _on_effects(self, effects: Effects | None) -> None:
        if self._pending is None:
            self.pane.set_effects(effects)

    def showEvent(self, event: QShowEvent) -> None:
        self._apply_pending()
        super().showEvent(event)

    def bind_action(self, action: QAction) -> None:
        """``action`` (checkable) shows and hides the dock and follows it (its close
        button too); the choice is remembered."""
        self._action = action
        action.toggled.connect(self._on_action)
        action.triggered.connect(lambda on: self.pane.view.setFocus() if on else None)
        self.toggleViewAction().toggled.connect(action.setChecked)
        shown = False
        if self.settings is not None:
            value = self.settings.value(self.SETTING, False)
            shown = value in (True, "true", "1", 1)
        action.setChecked(shown)
        self.setVisible(shown)

    def _on_action(self, on: bool) -> None:
        if on != self.isVisible():
            self.setVisible(on)

    def save(self) -> None:
        """Remember whether the list is shown (called as the window closes: closing it
        hides the dock, which must not count as the user's choice)."""
        if self.settings is not None and self._action is not None:
            self.settings.setValue(self.SETTING, self._action.isChecked())


def install_removals(
    window: QMainWindow, compare: ComparePane, action: QAction, settings: QSettings | None
) -> RemovalsDock:
    """The removals dock at the bottom of ``window``, toggled by ``action`` (its rules
    are the compare pane's, which come after the first paint)."""
    dock = RemovalsDock(compare, settings, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resizeDocks([dock], [max(160, window.height() // 4)], Qt.Orientation.Vertical)
    dock.bind_action(action)
    closing = getattr(window, "closing", None)  # MainWindow's, before it hides
    if closing is not None:
        closing.connect(dock.save)
    return dock

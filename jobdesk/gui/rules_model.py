"""The rules panel's models: rules grouped by category (or by pack), checkable.

:class:`RulesModel` is a two-level tree: group rows (a category or a pack) and their
rule rows. Column 0 carries the name and the check box, column 1 the hit count in the
current posting, column 2 the pack. Checking a group checks all its rules.

The model keeps the user's *overrides* (rule id → on/off where it differs from the
rule's default), not the full set, so a rule added later gets its own default.
:class:`RulesFilterProxy` hides rules without hits and filters by text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import esc, rich_tooltip, tooltip
from jobdesk.gui.theme import marked, swatch

if TYPE_CHECKING:
    from jobdesk.core.rules import Pack, Rule, RuleSet

Index = QModelIndex | QPersistentModelIndex

RULE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HITS_ROLE = Qt.ItemDataRole.UserRole + 2
IS_GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4

COL_NAME, COL_HITS, COL_PACK = range(3)
HEADERS = ("Rule", "Hits", "Pack")

_ROOT = 0  # internalId of group rows; rule rows carry group row + 1


@dataclass
class _Group:
    key: str
    label: str
    rules: list[Rule] = field(default_factory=list)
    category: str | None = None


def pack_label(pack: Pack | None, *, short: bool = False) -> str:
    """How a pack is named in the panel: "LinkedIn (site)", "Mine (yours)"."""
    if pack is None:
        return ""
    if pack.user:
        return f"{pack.name} (yours)"
    if short:
        return pack.name
    if pack.is_site:
        return f"{pack.name} (site)"
    return pack.name


class RulesModel(QAbstractItemModel):
    """Rules of the current posting, grouped, with check boxes and hit counts."""

    overridesChanged = Signal()  # the user switched rules on or off

    def __init__(self, ruleset: RuleSet, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ruleset = ruleset
        self._rules: list[Rule] = []
        self._hits: dict[str, int] = {}
        self._has_document = False
        self._overrides: dict[str, bool] = {}
        self._grouping = "category"
        self._groups: list[_Group] = []
        self._row_of: dict[str, tuple[int, int]] = {}  # rule id → (group row, row)
        self._swatches: dict[str, object] = {}
        self._group_cache: dict[int, tuple[int, int]] = {}  # group row → (hits, rules on)

    # ------------------------------------------------------------------ feeding

    @property
    def ruleset(self) -> RuleSet:
        return self._ruleset

    def set_ruleset(self, ruleset: RuleSet) -> None:
        """The rule set has arrived (the window paints before it loads; see
        :mod:`jobdesk.gui.startup`); the rules to show come with ``set_rules``."""
        self._ruleset = ruleset

    def set_rules(self, rules: Iterable[Rule]) -> None:
        """The rules to show (those active for the current posting)."""
        self.beginResetModel()
        self._rules = list(rules)
        self._build()
        self.endResetModel()

    def rules(self) -> list[Rule]:
        return list(self._rules)

    def set_grouping(self, grouping: str) -> None:
        if grouping not in ("category", "pack"):
            raise ValueError(f"unknown grouping {grouping!r}")
        if grouping == self._grouping:
            return
        self.beginResetModel()
        self._grouping = grouping
        self._build()
        self.endResetModel()

    @property
    def grouping(self) -> str:
        return self._grouping

    def set_hits(self, hits: Mapping[str, int] | None) -> None:
        """Hit counts per rule id in the current posting (missing = 0); None: there is
        no posting (nothing is greyed out, the hits column stays empty)."""
        has_doc = hits is not None
        new = dict(hits or {})
        if has_doc != self._has_document:
            self._hits = new
            self._has_document = has_doc
            self._emit_all_changed()
            return
        changed = {
            rid for rid in new.keys() | self._hits.keys() if new.get(rid) != self._hits.get(rid)
        }
        if not changed:
            return
        self._hits = new
        self._emit_rules_changed(changed)

    @property
    def has_document(self) -> bool:
        return self._has_document

    def hits(self, rule_id: str) -> int:
        return self._hits.get(rule_id, 0)

    def set_overrides(self, overrides: Mapping[str, bool]) -> None:
        self._overrides = {
            rid: bool(v)
            for rid, v in overrides.items()
            if (r := self._ruleset.get(rid)) is None or r.default != bool(v)
        }
        self._emit_all_changed()

    def overrides(self) -> dict[str, bool]:
        return dict(self._overrides)

    def is_enabled(self, rule_id: str) -> bool:
        if rule_id in self._overrides:
            return self._overrides[rule_id]
        rule = self._ruleset.get(rule_id)
        return rule.default if rule is not None else False

    def set_enabled(self, rule_ids: Iterable[str], on: bool) -> None:
        """Switch rules on/off (as the user would); emits ``overridesChanged`` once."""
        changed: set[str] = set()
        for rid in rule_ids:
            if self.is_enabled(rid) == on:
                continue
            rule = self._ruleset.get(rid)
            if rule is not None and rule.default == on:
                self._overrides.pop(rid, None)
            else:
                self._overrides[rid] = on
            changed.add(rid)
        if changed:
            self._emit_rules_changed(changed, check_only=True)
            emit(self.overridesChanged)

    def reset_to_defaults(self) -> None:
        if not self._overrides:
            return
        changed = set(self._overrides)
        self._overrides.clear()
        self._emit_rules_changed(changed, check_only=True)
        emit(self.overridesChanged)

    def index_for_rule(self, rule_id: str, column: int = COL_NAME) -> QModelIndex:
        pos = self._row_of.get(rule_id)
        if pos is None:
            return QModelIndex()
        g, r = pos
        return self.createIndex(r, column, g + 1)

    def rule_at(self, index: Index) -> Rule | None:
        if not index.isValid() or index.internalId() == _ROOT:
            return None
        g = index.internalId() - 1
        return self._groups[g].rules[index.row()]

    def group_rules(self, index: Index) -> list[Rule]:
        if not index.isValid():
            return []
        if index.internalId() == _ROOT:
            return list(self._groups[index.row()].rules)
        rule = self.rule_at(index)
        return [rule] if rule else []

    # ---------------------------------------------------------------- internals

    def _build(self) -> None:
        self._group_cache.clear()
        groups: dict[str, _Group] = {}
        if self._grouping == "category":
            for rule in self._rules:
                g = groups.get(rule.category)
                if g is None:
                    g = groups[rule.category] = _Group(
                        rule.category, rule.category_label, category=rule.category
                    )
                g.rules.append(rule)
            keys = sorted(groups, key=_category_rank)
        else:
            pack_order = [p.id for p in self._ruleset.packs]
            for rule in self._rules:
                g = groups.get(rule.pack)
                if g is None:
                    label = pack_label(self._ruleset.pack(rule.pack)) or rule.pack
                    g = groups[rule.pack] = _Group(rule.pack, label)
                g.rules.append(rule)
            keys = sorted(
                groups, key=lambda k: pack_order.index(k) if k in pack_order else len(pack_order)
            )
        self._groups = [groups[k] for k in keys]
        self._row_of = {
            r.id: (gi, ri) for gi, g in enumerate(self._groups) for ri, r in enumerate(g.rules)
        }

    def _group_stats(self, gi: int) -> tuple[int, int]:
        stats = self._group_cache.get(gi)
        if stats is None:
            g = self._groups[gi]
            stats = (
                sum(self._hits.get(r.id, 0) for r in g.rules),
                sum(1 for r in g.rules if self.is_enabled(r.id)),
            )
            self._group_cache[gi] = stats
        return stats

    def _emit_rules_changed(self, rule_ids: set[str], check_only: bool = False) -> None:
        """dataChanged for these rules' rows and their groups only (cheap on a toggle)."""
        self._group_cache.clear()
        roles = [Qt.ItemDataRole.CheckStateRole] if check_only else []
        last_col = COL_NAME if check_only else self.columnCount() - 1
        rows_by_group: dict[int, list[int]] = {}
        for rid in rule_ids:
            pos = self._row_of.get(rid)
            if pos is not None:
                rows_by_group.setdefault(pos[0], []).append(pos[1])
        for g, rows in sorted(rows_by_group.items()):
            lo, hi = min(rows), max(rows)
            emit(
                self.dataChanged,
                self.createIndex(lo, 0, g + 1),
                self.createIndex(hi, last_col, g + 1),
                roles,
            )
        for g in sorted(rows_by_group):
            emit(
                self.dataChanged,
                self.createIndex(g, 0, _ROOT),
                self.createIndex(g, self.columnCount() - 1, _ROOT),
                [],
            )

    def _emit_all_changed(self, check_only: bool = False) -> None:
        self._group_cache.clear()
        if not self._groups:
            return
        roles = [Qt.ItemDataRole.CheckStateRole] if check_only else []
        last_col = self.columnCount() - 1
        for gi, g in enumerate(self._groups):
            if g.rules:
                first = self.createIndex(0, 0, gi + 1)
                last = self.createIndex(len(g.rules) - 1, last_col, gi + 1)
                emit(self.dataChanged, first, last, roles)
        emit(
            self.dataChanged,
            self.createIndex(0, 0, _ROOT),
            self.createIndex(len(self._groups) - 1, last_col, _ROOT),
            roles,
        )

    def _group_state(self, gi: int) -> Qt.CheckState:
        g = self._groups[gi]
        on = self._group_stats(gi)[1]
        if on == 0:
            return Qt.CheckState.Unchecked
        if on == len(g.rules):
            return Qt.CheckState.Checked
        return Qt.CheckState.PartiallyChecked

    # ------------------------------------------------------------- Qt interface

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._groups):
                return self.createIndex(row, column, _ROOT)
            return QModelIndex()
        if parent.internalId() != _ROOT or parent.column() != 0:
            return QModelIndex()
        g = parent.row()
        if g < len(self._groups) and row < len(self._groups[g].rules):
            return self.createIndex(row, column, g + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _ROOT:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _ROOT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _ROOT and parent.column() == 0:
            return len(self._groups[parent.row()].rules)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "What the rule removes",
                    "How many places it matches in this posting",
                    "The rule pack it comes from",
                )[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_NAME:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        col = index.column()
        if index.internalId() == _ROOT:
            return self._group_data(index.row(), col, role)
        rule = self.rule_at(index)
        assert rule is not None
        return self._rule_data(rule, col, role)

    def _group_data(self, gi: int, col: int, role: int) -> object:
        g = self._groups[gi]
        hits, on = self._group_stats(gi)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return g.label
            if col == COL_HITS:
                return str(hits) if hits else ""
            return ""
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_NAME:
            return self._group_state(gi)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_NAME and g.category:
            icon = self._swatches.get(g.category)
            if icon is None:
                icon = self._swatches[g.category] = swatch(g.category)
            return icon
        if role == Qt.ItemDataRole.FontRole and col == COL_NAME:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            name = marked(g.category, g.label) if g.category else g.label
            return tooltip(f"{name}: {on} of {len(g.rules)} rules on, {hits} hits in this posting")
        if role == HITS_ROLE:
            return hits
        if role == IS_GROUP_ROLE:
            return True
        if role == SEARCH_ROLE:
            return g.label.casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_HITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _rule_data(self, rule: Rule, col: int, role: int) -> object:
        hits = self.hits(rule.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return rule.name
            if col == COL_HITS:
                return str(hits) if hits else ""
            pack = self._ruleset.pack(rule.pack)
            return pack_label(pack, short=True) if pack else rule.pack
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_NAME:
            on = self.is_enabled(rule.id)
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return rule_tooltip(rule, self._ruleset, hits, self.is_enabled(rule.id))
        if role == Qt.ItemDataRole.ForegroundRole and not hits and self._has_document:
            return QGuiApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.FontRole and col == COL_NAME and rule.keep:
            font = QFont()
            font.setItalic(True)
            return font
        if role == RULE_ID_ROLE:
            return rule.id
        if role == HITS_ROLE:
            return hits
        if role == IS_GROUP_ROLE:
            return False
        if role == SEARCH_ROLE:
            return " ".join((rule.name, rule.id, rule.description, rule.category_label)).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_HITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if index.column() != COL_NAME:
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        on = state == Qt.CheckState.Checked
        rules = self.group_rules(index)
        if not rules:
            return False
        self.set_enabled([r.id for r in rules], on)
        return True


def rule_tooltip(
    rule: Rule, ruleset: RuleSet, hits: int | None = None, on: bool | None = None
) -> str:
    """Rich-text tooltip: name, category, description, pack and state (a user's pack
    may say anything: every part of it is escaped)."""
    parts = [f"<b>{esc(rule.name)}</b> — {esc(marked(rule.category, rule.category_label))}"]
    if rule.description:
        parts.append(esc(rule.description))
    meta = [f"<code>{esc(rule.id)}</code>"]
    pack = pack_label(ruleset.pack(rule.pack))
    if pack:
        meta.append(f"pack: {esc(pack)}")
    if rule.keep:
        meta.append("exception: protects the lines it matches")
    if on is not None:
        meta.append("on" if on else "off")
    if hits is not None:
        meta.append(f"{hits} hit{'s' if hits != 1 else ''} here")
    parts.append("<small>" + " · ".join(meta) + "</small>")
    return rich_tooltip("<br>".join(parts))


class RulesFilterProxy(QSortFilterProxyModel):
    """Hides rules without hits (optional) and filters rules by text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hide_empty = False
        self._text = ""
        self.setRecursiveFilteringEnabled(True)

    @property
    def hide_empty(self) -> bool:
        return self._hide_empty

    def set_hide_empty(self, hide: bool) -> None:
        if hide != self._hide_empty:
            self._change_filter(lambda: setattr(self, "_hide_empty", hide))

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._change_filter(lambda: setattr(self, "_text", text))

    def _change_filter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        hide_empty = self._hide_empty and getattr(model, "has_document", True)
        idx = model.index(source_row, 0, source_parent)
        if not idx.isValid():
            return False
        if idx.data(IS_GROUP_ROLE):
            # A group shows when a rule of it shows (recursive filtering), or when
            # nothing is filtered at all.
            return not hide_empty and not self._text
        if hide_empty and not idx.data(HITS_ROLE):
            return False
        return not self._text or self._text in (idx.data(SEARCH_ROLE) or "")


def _category_rank(category: str) -> int:
    """Where a category's group goes (the order of ``CATEGORIES``; unknown ones last)."""
    from jobdesk.core.rules import CATEGORIES  # loaded with the rules, after the first paint

    order = list(CATEGORIES)
    return order.index(category) if category in order else len(order)

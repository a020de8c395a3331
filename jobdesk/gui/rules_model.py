"""The rules panel's models: rules grouped by category (or by pack), checkable.

:class:`RulesModel` is a two-level tree: group rows (a category or a pack) and their
rule rows. Column 0 carries the name and the check box, column 1 the rule's matches in
the current posting, column 2 its *effect* (:mod:`jobdesk.core.effects`: the characters
that come back if it alone is switched off; for a switched-off rule, "+N": what it would
remove if switched on; for a group, what comes back when the whole group is switched
off), column 3 the pack. Checking a group checks all its rules.

A rule with matches and no effect is *shadowed* (other rules remove the same text): its
row is dimmed and italic and its Effect reads "⊘" (colour is never the only cue), and
its tooltip names the rules that shadow it. The effects arrive after the panes update
(:meth:`RulesModel.set_effects`), so a toggle never waits for them.

The model keeps the user's *overrides* (rule id → on/off where it differs from the
rule's default), not the full set, so a rule added later gets its own default.
:class:`RulesFilterProxy` hides rules without hits and filters by text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui  # QtCore.Qt, QtGui.QPalette: made when first used (qtenums)
from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.qtenums import (
    ALIGN_RIGHT,
    ALIGN_VCENTER,
    CHECK_STATE_ROLE,
    DECORATION_ROLE,
    DISPLAY_ROLE,
    EDIT_ROLE,
    FONT_ROLE,
    FOREGROUND_ROLE,
    TEXT_ALIGNMENT_ROLE,
    TOOLTIP_ROLE,
    USER_ROLE,
)
from jobdesk.gui.safe import esc, rich_tooltip, tooltip

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from jobdesk.core.effects import Effects, GroupEffect, RuleEffect
    from jobdesk.core.rules import Pack, Rule, RuleSet

Index = QModelIndex | QPersistentModelIndex

RULE_ID_ROLE = USER_ROLE + 1
HITS_ROLE = USER_ROLE + 2
IS_GROUP_ROLE = USER_ROLE + 3
SEARCH_ROLE = USER_ROLE + 4
EFFECT_ROLE = USER_ROLE + 5  # effect in characters (None: not known)
SHADOWED_ROLE = USER_ROLE + 6  # matches, and no effect

COL_NAME, COL_HITS, COL_EFFECT, COL_PACK = range(4)
COL_MATCHES = COL_HITS
HEADERS = ("Rule", "Matches", "Effect", "Pack")
#: What the Effect column shows for a shadowed rule (beside the italic name).
SHADOWED_MARK = "⊘"
#: A shadowed rule's tooltip names at most this many of the rules shadowing it.
SHADOWERS_NAMED = 5

_ROOT = 0  # internalId of group rows; rule rows carry group row + 1


class _Group:
    """A group row: a category's or a pack's rules. (A plain class: a dataclass's
    generated methods cost ~0.3 ms at import, before the window's first paint.)"""

    def __init__(
        self, key: str, label: str, rules: list[Rule] | None = None, category: str | None = None
    ) -> None:
        self.key = key
        self.label = label
        self.rules: list[Rule] = [] if rules is None else rules
        self.category = category


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
    #: A group was switched by the user: its label, on/off, and the characters that
    #: came back (off) or went (on) — the group's real effect, not its rules' sum.
    groupSwitched = Signal(str, bool, int)

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
        self._effects: Effects | None = None
        self._rule_effects: dict[str, RuleEffect] = {}
        self._group_effects: dict[int, GroupEffect] = {}

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
        if not has_doc:
            self._effects = None
            self._rule_effects = {}
            self._group_effects = {}
        if has_doc != self._has_document:
            # Every row's hits, colour and effect change, and the proxy filters every
            # row again (all rules to those with hits): one reset is one pass for the
            # proxy and the tree, where a dataChanged of every row had them remove the
            # rows range by range (the first paste: ~4 ms of CPU). The rules panel
            # keeps the selected rule and folded groups through it.
            self.beginResetModel()
            self._hits = new
            self._has_document = has_doc
            self._group_cache.clear()
            self.endResetModel()
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

    def set_effects(self, effects: Effects | None) -> None:
        """What each rule really does in the current posting under the current choices
        (None: not known; the Effect column is empty)."""
        if effects is None and self._effects is None:
            return
        old = self._rule_effects
        self._effects = effects
        self._rule_effects = effects.all() if effects is not None else {}
        self._group_effects = {}
        # Only the rows whose effect changed, and only the roles an effect shows in: a
        # dataChanged of every row and role made the proxy filter the whole tree again.
        changed = {
            rid for rid in old.keys() | self._rule_effects.keys()
            if old.get(rid) != self._rule_effects.get(rid)
        }  # fmt: skip
        roles = [
            DISPLAY_ROLE, TOOLTIP_ROLE, FONT_ROLE,
            FOREGROUND_ROLE, EFFECT_ROLE, SHADOWED_ROLE,
        ]  # fmt: skip
        rows_by_group: dict[int, list[int]] = {}
        for rid in changed:
            pos = self._row_of.get(rid)
            if pos is not None:
                rows_by_group.setdefault(pos[0], []).append(pos[1])
        for g, rows in sorted(rows_by_group.items()):
            emit(
                self.dataChanged,
                self.createIndex(min(rows), COL_NAME, g + 1),
                self.createIndex(max(rows), COL_EFFECT, g + 1),
                roles,
            )
        if self._groups:  # a group's effect may change while its rules' do not
            emit(
                self.dataChanged,
                self.createIndex(0, COL_EFFECT, _ROOT),
                self.createIndex(len(self._groups) - 1, COL_EFFECT, _ROOT),
                roles,
            )

    @property
    def effects(self) -> Effects | None:
        return self._effects

    def rule_effect(self, rule_id: str) -> RuleEffect | None:
        """The rule's matches and effect in the current posting (None: no matches, or
        the effects are not known yet)."""
        return self._rule_effects.get(rule_id)

    def group_effect(self, gi: int) -> GroupEffect | None:
        """The real effect of switching group ``gi`` (a category, a pack) as one."""
        if self._effects is None:
            return None
        ge = self._group_effects.get(gi)
        if ge is None:
            ge = self._effects.group(r.id for r in self._groups[gi].rules)
            self._group_effects[gi] = ge
        return ge

    def rule_name(self, rule_id: str) -> str:
        """A rule's name for a sentence ("your keep exception" for a user's exception)."""
        from jobdesk.core.effects import EXCEPTION

        if rule_id == EXCEPTION:
            return "your keep exception"
        rule = self._ruleset.get(rule_id)
        return rule.name if rule is not None else rule_id

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

    def accepts_row(self, row: int, parent: Index, hide_empty: bool, text: str) -> bool:
        """:class:`RulesFilterProxy`'s test for a row, read from the model itself: the
        same answer as asking ``data()`` for the row's group, hits and search roles,
        without a QModelIndex and a call into Qt per role (the first paste filters the
        whole tree, all rules to those with hits)."""
        if not parent.isValid():  # a group row
            if not 0 <= row < len(self._groups):
                return False
            # A group shows when a rule of it shows (recursive filtering), or when
            # nothing is filtered at all.
            return not hide_empty and not text
        if parent.internalId() != _ROOT or parent.column() != 0:
            return False
        g = parent.row()
        if not 0 <= g < len(self._groups):
            return False
        rules = self._groups[g].rules
        if not 0 <= row < len(rules):
            return False
        rule = rules[row]
        if hide_empty and not self._hits.get(rule.id, 0):
            return False
        return not text or text in _search_text(rule)

    def group_key(self, row: int) -> str:
        """The key of the group in this (top-level) row: its category or pack id."""
        return self._groups[row].key

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
        self._group_effects = {}
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
        roles = [CHECK_STATE_ROLE] if check_only else []
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
        roles = [CHECK_STATE_ROLE] if check_only else []
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
            return QtCore.Qt.CheckState.Unchecked
        if on == len(g.rules):
            return QtCore.Qt.CheckState.Checked
        return QtCore.Qt.CheckState.PartiallyChecked

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
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> object:
        if orientation == QtCore.Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == DISPLAY_ROLE:
                return HEADERS[section]
            if role == TOOLTIP_ROLE:
                return (
                    "What the rule removes",
                    "How many places it matches in this posting",
                    "Its effect, in characters: what comes back if you switch it off alone "
                    "(+N: what a switched-off rule would remove if switched on; for a group, "
                    f"the whole group at once). {SHADOWED_MARK} = shadowed: other rules "
                    "remove the same text, so switching it alone changes nothing.",
                    "The rule pack it comes from",
                )[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return QtCore.Qt.ItemFlag.NoItemFlags
        f = QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_NAME:
            f |= QtCore.Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> object:
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
        if role == DISPLAY_ROLE:
            if col == COL_NAME:
                return g.label
            if col == COL_HITS:
                return str(hits) if hits else ""
            if col == COL_EFFECT:
                return self._group_effect_text(gi, on)
            return ""
        if role == CHECK_STATE_ROLE and col == COL_NAME:
            return self._group_state(gi)
        if role == DECORATION_ROLE and col == COL_NAME and g.category:
            icon = self._swatches.get(g.category)
            if icon is None:
                from jobdesk.gui.theme import swatch  # (after the first paint: rows)

                icon = self._swatches[g.category] = swatch(g.category)
            return icon
        if role == FONT_ROLE and col == COL_NAME:
            font = QFont()
            font.setBold(True)
            return font
        if role == TOOLTIP_ROLE:
            from jobdesk.gui.theme import marked

            name = marked(g.category, g.label) if g.category else g.label
            text = f"{name}: {on} of {len(g.rules)} rules on, {hits} matches in this posting"
            ge = self.group_effect(gi) if hits else None
            if ge is not None:
                text += "\n" + group_effect_sentence(ge)
            return tooltip(text)
        if role == HITS_ROLE:
            return hits
        if role == EFFECT_ROLE:
            ge = self.group_effect(gi)
            return None if ge is None else ge.returns_chars + ge.adds_chars
        if role == IS_GROUP_ROLE:
            return True
        if role == SEARCH_ROLE:
            return g.label.casefold()
        if role == TEXT_ALIGNMENT_ROLE and col in (COL_HITS, COL_EFFECT):
            return ALIGN_RIGHT | ALIGN_VCENTER
        return None

    def _group_effect_text(self, gi: int, on: int) -> str:
        ge = self.group_effect(gi)
        if ge is None or not self._group_stats(gi)[0]:
            return ""
        if ge.returns_chars or on:
            return compact(ge.returns_chars)
        return f"+{compact(ge.adds_chars)}"

    def _rule_data(self, rule: Rule, col: int, role: int) -> object:
        hits = self.hits(rule.id)
        if role == DISPLAY_ROLE:
            if col == COL_NAME:
                return rule.name
            if col == COL_HITS:
                return str(hits) if hits else ""
            if col == COL_EFFECT:
                return self._effect_text(rule.id)
            pack = self._ruleset.pack(rule.pack)
            return pack_label(pack, short=True) if pack else rule.pack
        if role == CHECK_STATE_ROLE and col == COL_NAME:
            on = self.is_enabled(rule.id)
            return QtCore.Qt.CheckState.Checked if on else QtCore.Qt.CheckState.Unchecked
        re_ = self._rule_effects.get(rule.id)
        shadowed = re_ is not None and re_.shadowed
        if role == TOOLTIP_ROLE:
            return rule_tooltip(
                rule, self._ruleset, hits, self.is_enabled(rule.id),
                effect=self.effect_sentence(re_) if re_ is not None else None,
            )  # fmt: skip
        if role == FOREGROUND_ROLE and (shadowed or not hits) and self._has_document:
            return QGuiApplication.palette().brush(
                QtGui.QPalette.ColorGroup.Disabled, QtGui.QPalette.ColorRole.Text
            )
        if role == FONT_ROLE and (
            (col == COL_NAME and rule.keep) or (shadowed and col in (COL_NAME, COL_EFFECT))
        ):
            font = QFont()
            font.setItalic(True)
            return font
        if role == RULE_ID_ROLE:
            return rule.id
        if role == HITS_ROLE:
            return hits
        if role == EFFECT_ROLE:
            return re_.effect_chars if re_ is not None else None
        if role == SHADOWED_ROLE:
            return shadowed
        if role == IS_GROUP_ROLE:
            return False
        if role == SEARCH_ROLE:
            return _search_text(rule)
        if role == TEXT_ALIGNMENT_ROLE and col in (COL_HITS, COL_EFFECT):
            return ALIGN_RIGHT | ALIGN_VCENTER
        return None

    def _effect_text(self, rule_id: str) -> str:
        re_ = self._rule_effects.get(rule_id)
        if re_ is None or not re_.hits:
            return ""
        if re_.shadowed:
            return SHADOWED_MARK
        n = compact(re_.effect_chars)
        return n if re_.enabled else f"+{n}"

    def effect_sentence(self, re_: RuleEffect) -> str:
        """What a rule really does here, in words (its tooltip, the details pane)."""
        rule = self._ruleset.get(re_.rule)
        keep = rule is not None and rule.keep
        n_hits = "its match" if re_.hits == 1 else f"its {re_.hits} matches"
        matches = f"{n_hits} ({re_.matched_chars:,} characters)"
        if re_.shadowed:
            if keep:
                return (
                    f"{SHADOWED_MARK} Shadowed: switching it off alone brings nothing back — "
                    f"no rule that is on removes {matches}, or another exception protects "
                    "them too."
                )
            names = [self.rule_name(r) for r in re_.shadowed_by]
            who = ", ".join(names[:SHADOWERS_NAMED]) or "other rules"
            if len(names) > SHADOWERS_NAMED:
                who += f" and {len(names) - SHADOWERS_NAMED} more"
            verb = "are" if re_.hits != 1 else "is"
            if re_.enabled:
                return (
                    f"{SHADOWED_MARK} Shadowed: {matches} {verb} also removed by {who} — "
                    "switching it off alone changes nothing."
                )
            return (
                f"{SHADOWED_MARK} Shadowed: {matches} {verb} already removed by {who} — "
                "switching it on alone changes nothing."
            )
        n = f"{re_.effect_chars:,} character{'s' if re_.effect_chars != 1 else ''}"
        count = f"{re_.hits} match{'es' if re_.hits != 1 else ''}"
        if keep:
            if re_.enabled:
                return f"{count}; it protects {n} that other rules would remove."
            return f"{count}; switched on, it would protect {n}."
        if re_.enabled:
            return f"{count}; effect: {n} come back if you switch it off alone."
        return f"{count}; switched on, it would remove {n} more."

    def setData(self, index: Index, value: object, role: int = EDIT_ROLE) -> bool:
        if role != CHECK_STATE_ROLE or not index.isValid():
            return False
        if index.column() != COL_NAME:
            return False
        state = QtCore.Qt.CheckState(value) if isinstance(value, int) else value
        on = state == QtCore.Qt.CheckState.Checked
        rules = self.group_rules(index)
        if not rules:
            return False
        switched = None
        if index.internalId() == _ROOT and self._has_document:
            ge = self.group_effect(index.row())
            if ge is not None:
                label = self._groups[index.row()].label
                switched = (label, on, ge.adds_chars if on else ge.returns_chars)
        self.set_enabled([r.id for r in rules], on)
        if switched is not None:
            emit(self.groupSwitched, *switched)
        return True


def compact(n: int) -> str:
    """A character count that fits a narrow column: 950, 1.2k, 38k, 1.2M."""
    if n < 1000:
        return str(n)
    if n < 10_000:
        return f"{n / 1000:.1f}k"
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M"


def group_effect_sentence(ge: GroupEffect) -> str:
    """A group's real effect in words (its rules overlap: not the sum of theirs)."""
    parts = []
    if ge.returns_chars:
        parts.append(f"switched off as a whole, {ge.returns_chars:,} characters come back")
    if ge.adds_chars:
        parts.append(f"its switched-off rules would remove {ge.adds_chars:,} more")
    if not parts:
        return "Effect: none (other rules remove the same text)"
    text = "; ".join(parts)
    return "Effect: " + text


def rule_tooltip(
    rule: Rule,
    ruleset: RuleSet,
    hits: int | None = None,
    on: bool | None = None,
    *,
    effect: str | None = None,
) -> str:
    """Rich-text tooltip: name, category, description, pack and state (a user's pack
    may say anything: every part of it is escaped)."""
    from jobdesk.gui.theme import marked

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
        meta.append(f"{hits} match{'es' if hits != 1 else ''} here")
    if effect:
        parts.append(esc(effect))
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
        if isinstance(model, RulesModel):
            return model.accepts_row(source_row, source_parent, hide_empty, self._text)
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


def _search_text(rule: Rule) -> str:
    """What the rules filter's text is looked for in (a rule's ``SEARCH_ROLE``)."""
    return " ".join((rule.name, rule.id, rule.description, rule.category_label)).casefold()


def _category_rank(category: str) -> int:
    """Where a category's group goes (the order of ``CATEGORIES``; unknown ones last)."""
    from jobdesk.core.rules import CATEGORIES  # loaded with the rules, after the first paint

    order = list(CATEGORIES)
    return order.index(category) if category in order else len(order)

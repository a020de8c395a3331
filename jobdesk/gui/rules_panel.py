"""The rules panel: the rules grouped by category or pack, with their matches and
effects (a shadowed rule says so, and by which rules), a filter,
"hide rules without hits", the selected rule's details and "Reset to defaults".

Ticking a rule changes the :class:`~jobdesk.gui.rules_model.RulesModel`'s overrides;
the window listens to the model (``overridesChanged``) and resolves again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtGui import QAction, QResizeEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.qtenums import ALIGN_LEFT, ALIGN_TOP, TEXT_SELECTABLE_BY_MOUSE, set_enum
from jobdesk.gui.rules_model import (
    COL_EFFECT,
    COL_HITS,
    COL_NAME,
    COL_PACK,
    HEADERS,
    RulesFilterProxy,
    RulesModel,
    group_effect_sentence,
    pack_label,
)
from jobdesk.gui.safe import esc, plain_label, rich_label

if TYPE_CHECKING:
    from jobdesk.core.rules import RuleSet

#: The most of the rules tree's width the Pack column takes.
PACK_SHARE = 0.34
#: A tree narrower than this shows no Pack column.
PACK_MIN_TREE = 340
#: A tree narrower than this shows no Matches column (the Effect column stays: it is
#: the one that tells; a rule's tooltip says how many places it matches).
MATCHES_MIN_TREE = 300


class RulesTree(QTreeView):
    """The rules tree; ``resized(width)`` when its viewport's width changes (the tree's
    own width, once laid out, less a scroll bar). Told by ``viewportEvent``, not by a
    filter on ``viewport()``: before the window's first paint nothing asks for the
    viewport, whose first Python wrapper would build every QWidget subclass's Python
    type (PySide6: ~8 ms, the first Qt-made widget wrapped)."""

    def __init__(self, resized: Callable[[int], None]) -> None:
        super().__init__()
        self._resized = resized

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            self._resized(event.size().width())
        return super().viewportEvent(event)


class RulesPanel(QWidget):
    """The left column's rules: header, filter, tree, details, reset button."""

    message = Signal(str, int)  # text for the status bar, milliseconds
    useUsualRules = Signal()  # this posting's own rule choices: drop them
    keepAsUsualRules = Signal()  # this posting's own rule choices: make them the usual ones

    def __init__(
        self,
        ruleset: RuleSet,
        model: RulesModel,
        proxy: RulesFilterProxy,
        hide_empty: QAction,
        reset: QAction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ruleset = ruleset
        self.model = model
        self.proxy = proxy
        self.act_hide_empty = hide_empty
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self._lay = lay

        head = QHBoxLayout()
        rules_label = rich_label("<b>Rules</b>")
        head.addWidget(rules_label)
        head.addStretch(1)
        lay.addLayout(head)
        self.posting_rules = self._make_posting_rules()
        lay.addWidget(self.posting_rules)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter rules (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        lay.addWidget(self.filter)
        self.hide_empty_box = QCheckBox("Hide rules without hits")
        self.hide_empty_box.toggled.connect(hide_empty.setChecked)
        hide_empty.toggled.connect(self.hide_empty_box.setChecked)
        lay.addWidget(self.hide_empty_box)

        self.view = RulesTree(self.fit_pack_column)
        self.view.setModel(proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(False)
        self.view.setRootIsDecorated(True)
        hdr = self.view.header()
        hdr.setStretchLastSection(False)
        hdr.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        fm = hdr.fontMetrics()
        for col, widest in ((COL_HITS, "0000"), (COL_EFFECT, "+00.0k")):
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            text = max(fm.horizontalAdvance(widest), fm.horizontalAdvance(HEADERS[col]))
            hdr.resizeSection(col, text + 14)
        # The pack column fits its names up to a share of the width: the rule's name
        # keeps the most room (a rule's tooltip names its pack in full).
        hdr.setSectionResizeMode(COL_PACK, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnHidden(COL_PACK, False)
        # Until the window's first paint the header shows a model of Qt's own with the
        # same labels: the rules model's headerData, a Python method, is called with a
        # Qt.Orientation, which makes PySide6 build every ``Qt`` enum type (qtenums).
        self._header_labels = QStandardItemModel(0, len(HEADERS), self)
        self._header_labels.setHorizontalHeaderLabels(list(HEADERS))
        hdr.setModel(self._header_labels)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        # A reset that keeps the rules (the first posting's hit counts) keeps the view.
        self._kept: tuple[list[str], str | None, set[str]] | None = None
        model.modelAboutToBeReset.connect(self._remember_view)
        model.modelReset.connect(self.view.expandAll)
        model.modelReset.connect(self._restore_view)
        # The details follow a toggle, a Reset and new hit counts (never stale).
        model.dataChanged.connect(lambda *_a: self.refresh_details())
        model.modelReset.connect(self.refresh_details)
        model.modelReset.connect(self.fit_pack_column)
        model.groupSwitched.connect(self._on_group_switched)
        lay.addWidget(self.view, 1)

        self.details = rich_label()  # a user's pack may say anything: escaped
        self.details.setWordWrap(True)
        self.details.setFrameShape(QFrame.Shape.StyledPanel)
        self.details.setMinimumHeight(64)
        set_enum(self.details, "alignment", ALIGN_TOP | ALIGN_LEFT)  # (no ``Qt``: qtenums)
        set_enum(self.details, "textInteractionFlags", TEXT_SELECTABLE_BY_MOUSE)
        self.details.setText("<i>Select a rule to see what it does.</i>")
        lay.addWidget(self.details)
        self.reset_button = QPushButton("Reset to defaults")
        self.reset_button.setToolTip(reset.toolTip())
        self.reset_button.clicked.connect(reset.trigger)
        lay.addWidget(self.reset_button)

    def attach_header(self) -> None:
        """The header shows the rules model's own header data (its tooltips), as the
        tree does (after the first paint; its sections' sizes and modes are kept)."""
        hdr = self.view.header()
        if hdr.model() is self.proxy:
            return
        hdr.setModel(self.proxy)
        hdr.setSelectionModel(self.view.selectionModel())

    def _make_posting_rules(self) -> QFrame:
        """The mark shown while the rules are the posting's own (opened from the library
        with other rules than the usual ones), with the two ways out."""
        box = QFrame()
        box.setObjectName("postingRules")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 4, 6, 4)
        self.posting_rules_label = plain_label()
        self.posting_rules_label.setWordWrap(True)
        lay.addWidget(self.posting_rules_label)
        row = QHBoxLayout()
        self.use_usual_button = QPushButton("Use My Usual Rules")
        self.use_usual_button.setToolTip(
            "Clean this posting with the rules you use for every other posting"
        )
        self.use_usual_button.clicked.connect(lambda: emit(self.useUsualRules))
        self.keep_usual_button = QPushButton("Make These My Usual Rules")
        self.keep_usual_button.setToolTip(
            "Use this posting's rule choices for every posting from now on"
        )
        self.keep_usual_button.clicked.connect(lambda: emit(self.keepAsUsualRules))
        row.addWidget(self.use_usual_button)
        row.addWidget(self.keep_usual_button)
        row.addStretch(1)
        lay.addLayout(row)
        box.hide()
        return box

    def show_posting_rules(self, text: str | None) -> None:
        """Mark the rules as the shown posting's own choices (``text`` says whose), or
        as the usual ones (None)."""
        self.posting_rules_label.setText(text or "")
        self.posting_rules.setVisible(text is not None)

    def fit_pack_column(self, width: int | None = None) -> None:
        """The Pack column as wide as its longest name, at most a third of the tree; in
        a narrow tree none at all (the rules' names first; a rule's tooltip names its
        pack, and Rules ▸ Group by Pack shows them)."""
        width = self.view.viewport().width() if width is None else width
        narrow = width < PACK_MIN_TREE
        self.view.setColumnHidden(COL_PACK, narrow)
        self.view.setColumnHidden(COL_HITS, width < MATCHES_MIN_TREE)
        if not narrow:
            fits = self.view.sizeHintForColumn(COL_PACK)
            self.view.header().resizeSection(COL_PACK, max(60, min(fits, int(width * PACK_SHARE))))

    def after_first_frame(self, opened: QWidget) -> None:
        """What the panel gets once the window's first frame is done: ``opened`` (the
        list of opened postings) above the rules in the panel's own layout (one layout
        shares the column's height as it always did), and the header on the rules
        model's own header data (:meth:`attach_header`)."""
        self._lay.insertWidget(0, opened)
        self.attach_header()

    def _on_group_switched(self, label: str, on: bool, chars: int) -> None:
        """A category (or pack) was switched: say what that really did."""
        if on:
            text = f"{label} on: {chars:,} more characters removed"
        else:
            text = f"{label} off: {chars:,} characters come back"
        if not chars:
            text += " (other rules remove the same text)" if not on else " (already removed)"
        emit(self.message, text, 6000)

    def _remember_view(self) -> None:
        folded = set()
        for row in range(self.proxy.rowCount()):
            idx = self.proxy.index(row, 0)
            if not self.view.isExpanded(idx):
                folded.add(self.model.group_key(self.proxy.mapToSource(idx).row()))
        self._kept = ([r.id for r in self.model.rules()], self.current_rule_id(), folded)

    def _restore_view(self) -> None:
        """After a reset that kept the same rules (the model resets when the first
        posting's hits come: one pass, not a dataChanged for every row), the selected
        rule stays selected and the folded groups stay folded, as before the reset."""
        kept, self._kept = self._kept, None
        if kept is None or kept[0] != [r.id for r in self.model.rules()]:
            return
        _ids, current, folded = kept
        if folded:
            for row in range(self.proxy.rowCount()):
                idx = self.proxy.index(row, 0)
                if self.model.group_key(self.proxy.mapToSource(idx).row()) in folded:
                    self.view.collapse(idx)
        if current is not None:
            idx = self.proxy.mapFromSource(self.model.index_for_rule(current))
            if idx.isValid():
                self.view.setCurrentIndex(idx)

    def set_hide_empty(self, hide: bool) -> None:
        self.proxy.set_hide_empty(hide)
        self.view.expandAll()

    def _on_filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self.view.expandAll()

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def current_rule_id(self) -> str | None:
        idx = self.proxy.mapToSource(self.view.currentIndex())
        rule = self.model.rule_at(idx)
        return rule.id if rule else None

    def set_grouping(self, grouping: str) -> None:
        """Group by "category" or "pack"; the selected rule stays selected."""
        current = self.current_rule_id()
        self.model.set_grouping(grouping)
        if current:
            self.select_rule(current, quiet=True)

    def select_rule(self, rule_id: str, *, quiet: bool = False) -> bool:
        """Select (and reveal) a rule; the filters are cleared when they hide it."""
        src = self.model.index_for_rule(rule_id)
        if not src.isValid():
            return False
        idx = self.proxy.mapFromSource(src)
        if not idx.isValid():
            # Hidden by the filters: clear them so the rule shows.
            self.filter.clear()
            self.act_hide_empty.setChecked(False)
            idx = self.proxy.mapFromSource(src)
        if not idx.isValid():
            return False
        self.view.expand(idx.parent())
        self.view.setCurrentIndex(idx)
        self.view.scrollTo(idx)
        if not quiet:
            rule = self.ruleset.get(rule_id)
            if rule is not None:
                emit(self.message, f"Rule: {rule.name} ({rule.category_label})", 4000)
        return True

    def refresh_details(self) -> None:
        """Say again what the selected rule or group is (its state may have changed)."""
        current = self.view.currentIndex()
        if current.isValid():
            self._on_current(current, current)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        src = self.proxy.mapToSource(current)
        rule = self.model.rule_at(src)
        if rule is None:
            rules = self.model.group_rules(src)
            if rules:
                on = sum(1 for r in rules if self.model.is_enabled(r.id))
                label = src.siblingAtColumn(COL_NAME).data()
                ge = self.model.group_effect(src.row())
                effect = f"<br>{esc(group_effect_sentence(ge))}." if ge is not None else ""
                self.details.setText(
                    f"<b>{esc(label)}</b><br>{on} of {len(rules)} rules on. "
                    f"Check or uncheck the group to switch all of them.{effect}"
                )
            return
        hits = self.model.hits(rule.id)
        on = self.model.is_enabled(rule.id)
        pack = pack_label(self.ruleset.pack(rule.pack))
        text = (
            f"<b>{esc(rule.name)}</b> — {esc(rule.category_label)}<br>"
            f"{esc(rule.description) or '<i>No description.</i>'}<br>"
            f"<small><code>{esc(rule.id)}</code> · {esc(pack)} · "
            f"{'on' if on else 'off'} (default {'on' if rule.default else 'off'}) · "
            f"{hits} match{'es' if hits != 1 else ''}</small>"
        )
        re_ = self.model.rule_effect(rule.id)
        if re_ is not None:
            text += f"<br>{esc(self.model.effect_sentence(re_))}"
        self.details.setText(text)

"""Rules ▸ Edit My Rules…: an editor of the user's rules and packs.

The dialog lists the rules of the user's packs (the ``*.toml`` files in the config
folder's ``rules/``, switched-off ones marked) and, read-only, the shipped ones; a form
edits the selected rule: id, name, kind (the registry's; the form shows only the
parameters that kind takes), pattern (one alternative a line) or literal phrases,
category, sites, on by default, description and the examples to remove and to keep.

* **As you type** (debounced, :attr:`RuleEditorDialog.delay_ms`), the rule is loaded
  by the pack loader itself (:func:`jobdesk.core.userpacks.check_rule`): each of its
  reasons shows under its field and Save is disabled. The examples then run off the GUI
  thread with the code of ``jobdesk rules test`` (each ✓/✗ with what it removed); a
  pattern that backtracks without end runs out of its time budget (bounded.py) and is
  reported as too slow. Results of a stale run are dropped.
* **Save** writes the pack with tomlkit (comments kept) and asks the window to load the
  rules again (:class:`RuleEditorPart`): every opened posting is matched again.
  A shipped rule is read-only; *Duplicate* copies it into ``my-rules.toml``.
  A rule saved with failing examples is allowed (the status says how many fail): the
  loader accepts it, and a half-written rule is worth keeping.
* **Packs**: *Import…* (checked, refused with every problem named), *Export…*, and
  *Switch Off* / *Switch On* (the file is renamed ``NAME.toml.off``: none of its rules
  runs anywhere; the rules panel lists it as switched off).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Collection, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStatusBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jobdesk.core.engine import Cleaner
from jobdesk.core.kinds import KINDS, PARAMS
from jobdesk.core.propose import ExampleResult
from jobdesk.core.rules import CATEGORIES, RuleSet, load_rules
from jobdesk.core.userpacks import (
    WRITABLE_KINDS,
    FieldError,
    PackFileError,
    RuleForm,
    UserPack,
    check_rule,
    default_pack_path,
    delete_rule,
    export_pack,
    form_from_rule,
    import_pack,
    rule_from_form,
    run_examples,
    save_rule,
    set_pack_off,
    user_packs,
)
from jobdesk.gui.loading import CancellableJob, Executor, Input, ThreadExecutor
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import message_box, plain_label, tooltip, window_title
from jobdesk.paths import user_rules_dir
from jobdesk.session import PostingSession

#: The debounce between a keystroke and checking the rule (ms).
DELAY_MS = 300
#: A user rule's time budget per example while editing (seconds).
EXAMPLE_SECONDS = 0.25
ROLE = Qt.ItemDataRole.UserRole
SHIPPED = "shipped"
TRI = {"": "default", "true": "yes", "false": "no"}


class ExamplesJob(CancellableJob):
    """Check one rule with the loader, then run its examples (a worker thread: a long
    list of alternatives takes a while to compile, a bad pattern a while to run)."""

    done = Signal(object, object, object)  # job, [ExampleResult], [FieldError]

    def __init__(self, rule: dict[str, Any], generation: int, taken: Collection[str]) -> None:
        super().__init__()
        self.rule = rule
        self.generation = generation
        self.taken = frozenset(taken)

    def run(self) -> None:
        try:
            errors = check_rule(self.rule, taken=self.taken)
            results: list[ExampleResult] = []
            if not errors and not self.cancelled:
                results, errors = run_examples(self.rule, seconds=EXAMPLE_SECONDS)
        except Exception as exc:  # a bug must not leave the dialog waiting
            results, errors = [], [FieldError("", f"the rule could not be checked: {exc}")]
        emit(self.done, self, results, errors)


def example_line(r: ExampleResult) -> str:
    """One example's result as the list shows it."""
    text = " ".join(r.text.split())
    text = text if len(text) <= 60 else text[:59] + "…"
    what = "remove" if r.remove_example else "keep"
    if r.slow:
        return (
            f"⏱ {what} “{text}”: too slow — the pattern ran out of its time "
            f"({EXAMPLE_SECONDS:g} s) and was skipped (does it backtrack without end?)"
        )
    mark = "✓" if r.ok else "✗"
    if r.removed:
        shown = "”, “".join(s if len(s) <= 50 else s[:49] + "…" for s in r.removed[:3])
        got = f"matched “{shown}”"
    else:
        got = "no match"
    want = "should match" if r.expect else "should not match"
    return f"{mark} {what} “{text}”: {got}" + ("" if r.ok else f" ({want})")


class RuleEditorDialog(QDialog):
    """The user's rules and packs (see the module's docstring)."""

    #: The user's packs changed on disk (saved, deleted, imported, switched): reload.
    rulesChanged = Signal()
    #: The examples of the rule shown have run (tests).
    examplesRan = Signal()

    def __init__(
        self,
        loaded: RuleSet,
        *,
        folder: Path | None = None,
        executor: Executor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit My Rules — jobdesk")
        self.loaded = loaded
        self.folder = folder if folder is not None else user_rules_dir()
        self.executor: Executor = executor if executor is not None else ThreadExecutor()
        self.delay_ms = DELAY_MS
        #: Asks the user (a yes/no question); tests replace it.
        self.confirm: Callable[[str], bool] = self._ask
        self.packs: list[UserPack] = []
        self.errors: list[FieldError] = []
        self.results: list[ExampleResult] = []
        #: The last problems of an import, export or save (also shown in a message box).
        self.problems: list[str] = []
        self._shipped_cache: dict[str, dict[str, dict[str, Any]]] = {}
        # What the form shows: (pack file, the rule's saved id or None when new), or
        # None for a shipped rule (read-only) or nothing.
        self._target: tuple[Path, str | None] | None = None
        self._shipped_rule: dict[str, Any] | None = None
        self._saved: dict[str, Any] | None = None  # the rule table as on disk
        self._filling = False
        self._extra: dict[str, Any] = {}  # the keys the form does not show, kept
        self._generation = 0
        self._job: ExamplesJob | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.validate_now)
        self._build()
        self.resize(*fitted_size(self))
        self.tree.header().resizeSection(0, 200)
        self.refresh()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter rules")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        lv.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Rule", "Id"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Your rules and packs, and the shipped rules")
        self.tree.currentItemChanged.connect(self._on_current)
        lv.addWidget(self.tree, 1)
        rules_row = QHBoxLayout()
        self.new_button = QPushButton("&New")
        self.new_button.setToolTip("A new rule in the selected pack of yours (or My rules)")
        self.new_button.clicked.connect(self.new_rule)
        self.duplicate_button = QPushButton("D&uplicate")
        self.duplicate_button.setToolTip(
            "A copy of the selected rule in your pack (a shipped rule too)"
        )
        self.duplicate_button.clicked.connect(self.duplicate_rule)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.clicked.connect(self.delete_current)
        for b in (self.new_button, self.duplicate_button, self.delete_button):
            rules_row.addWidget(b)
        lv.addLayout(rules_row)
        packs_row = QHBoxLayout()
        self.import_button = QPushButton("&Import Pack…")
        self.import_button.setToolTip("Check a rule pack (.toml) and copy it into your rules")
        self.import_button.clicked.connect(self.import_dialog)
        self.export_button = QPushButton("E&xport Pack…")
        self.export_button.setToolTip("Write the selected pack of yours to a file")
        self.export_button.clicked.connect(self.export_dialog)
        self.off_button = QPushButton("Switch &Off")
        self.off_button.setToolTip("Switch the selected pack of yours off as a whole, or on")
        self.off_button.clicked.connect(self.toggle_pack_off)
        for b in (self.import_button, self.export_button, self.off_button):
            packs_row.addWidget(b)
        lv.addLayout(packs_row)
        split.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_host = QWidget()
        self.form = QFormLayout(form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll.setWidget(form_host)
        rv.addWidget(scroll, 1)
        # The examples' results stay in sight below the form, however long it is.
        rv.addWidget(plain_label("Examples, run as `jobdesk rules test` runs them:"))
        self.results_list = QListWidget()
        self.results_list.setAccessibleName("The examples, run")
        self.results_list.setMinimumHeight(52)
        self.results_list.setMaximumHeight(self.results_list.fontMetrics().lineSpacing() * 5 + 10)
        rv.addWidget(self.results_list)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 720])
        self.split = split

        self.where = plain_label()
        self.where.setWordWrap(True)
        self.form.addRow(self.where)
        self.general_error = self._error_label()
        self.form.addRow(self.general_error)
        self.error_labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("mine.apply-button")
        self._row("id", "&Id:", self.id_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("What the rules panel shows")
        self._row("name", "&Name:", self.name_edit)
        self.kind_box = QComboBox()
        for name in WRITABLE_KINDS:
            self.kind_box.addItem(name, name)
        self._row("kind", "&Kind:", self.kind_box)
        self.kind_note = plain_label()
        self.kind_note.setWordWrap(True)
        self.kind_note.setEnabled(False)  # (greyed: a note)
        self.form.addRow("", self.kind_note)
        self.match_box = QComboBox()
        self.match_box.addItem("Regular expressions (one alternative a line)", False)
        self.match_box.addItem("Literal phrases (one a line)", True)
        self._row("match", "&Match:", self.match_box)
        self.pattern_edit = self._text_box(4, "Apply now\nEasy Apply")
        self._row("pattern", "&Pattern:", self.pattern_edit)
        self.param_widgets: dict[str, QWidget] = {}
        for name, param in PARAMS.items():
            widget: QWidget
            if name in ("until", "between"):
                widget = self._text_box(2, "one alternative a line")
            elif name == "include_marker":
                box = QComboBox()
                for value, label in TRI.items():
                    box.addItem(label, value)
                widget = box
            elif name == "occurrence":
                box = QComboBox()
                for value in ("", "first", "last"):
                    box.addItem(value or "default (first)", value)
                widget = box
            else:
                edit = QLineEdit()
                default = param.default
                edit.setPlaceholderText(
                    f"default: {default}" if default not in (None, "") else "(none)"
                )
                widget = edit
            widget.setToolTip(tooltip(param.doc))
            self.param_widgets[name] = widget
            self._row(name, f"{name}:", widget)
        self.category_box = QComboBox()
        for cid, label in CATEGORIES.items():
            self.category_box.addItem(label, cid)
        self._row("category", "&Category:", self.category_box)
        self.sites_edit = QLineEdit()
        self.sites_edit.setPlaceholderText("empty: every site (or: linkedin, indeed)")
        self._row("sites", "&Sites:", self.sites_edit)
        self.default_box = QCheckBox("On by default")
        self._row("default", "", self.default_box)
        self.description_edit = self._text_box(2, "What it removes, and why it is safe")
        self._row("description", "Descri&ption:", self.description_edit)
        self.remove_edit = self._text_box(3, "Texts it must remove, one a line")
        self.remove_edit.setToolTip(
            "One example a line; an example of several lines goes between two lines of ---"
        )
        self._row("remove", "Examples to &remove:", self.remove_edit)
        self.keep_edit = self._text_box(2, "Texts it must leave alone, one a line")
        self.keep_edit.setToolTip(self.remove_edit.toolTip())
        self._row("keep", "Examples to &keep:", self.keep_edit)

        for edit in (self.id_edit, self.name_edit, self.sites_edit):
            edit.textChanged.connect(self._edited)
        for text in (self.pattern_edit, self.description_edit, self.remove_edit, self.keep_edit):
            text.textChanged.connect(self._edited)
        for combo in (self.kind_box, self.match_box, self.category_box):
            combo.currentIndexChanged.connect(self._edited)
        self.default_box.toggled.connect(self._edited)
        for widget in self.param_widgets.values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self._edited)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._edited)

        bottom = QHBoxLayout()
        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        bottom.addWidget(self.status, 1)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        for b in (self.revert_button, self.save_button, self.close_button):
            bottom.addWidget(b)
        outer.addLayout(bottom)
        save = QAction(self)
        save.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save.triggered.connect(self.save)
        self.addAction(save)

    def _text_box(self, lines: int, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        line = box.fontMetrics().lineSpacing()
        box.setMinimumHeight(line * lines + 12)
        box.setMaximumHeight(line * (lines + 1) + 12)
        return box

    def _error_label(self) -> QLabel:
        label = plain_label()
        label.setWordWrap(True)
        pal = label.palette()
        pal.setColor(label.foregroundRole(), self._bad_colour())
        label.setPalette(pal)
        label.hide()
        return label

    def _bad_colour(self) -> QColor:
        """Red that reads on the window's background (light or dark), with the ✗ or the
        words saying it too."""
        dark = self.palette().window().color().lightness() < 128
        return QColor("#ff8a80" if dark else "#c62828")

    def _row(self, key: str, label: str, widget: QWidget) -> None:
        host = QWidget()
        lay = QVBoxLayout(host)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        error = self._error_label()
        lay.addWidget(error)
        self.error_labels[key] = error
        self.fields[key] = host
        self.form.addRow(label, host)

    # ------------------------------------------------------------------ the list

    def taken_ids(self) -> set[str]:
        """Ids another rule has: every loaded rule and every rule of the user's packs
        (switched-off ones too), but the one being edited."""
        ids = {r.id for r in self.loaded.rules}
        for up in self.packs:
            ids.update(str(r.get("id")) for r in up.rules)
        if self._target is not None and self._target[1] is not None:
            ids.discard(self._target[1])
        return ids

    def refresh(self, select: tuple[str, str | None] | None = None) -> None:
        """Read the user's packs again and rebuild the list; ``select``: (pack file
        name, rule id) to select after."""
        self.packs = user_packs(self.folder)
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        mine = default_pack_path(self.folder)
        if not any(up.path == mine for up in self.packs):
            item = QTreeWidgetItem([f"My rules — {mine.name} (new)"])
            item.setData(0, ROLE, ("pack", str(mine)))
            self.tree.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)
        for up in self.packs:
            head = QTreeWidgetItem([f"{up.label} — {up.path.name}"])
            head.setData(0, ROLE, ("pack", str(up.path)))
            if up.problem:
                head.setText(0, f"⚠ {up.path.name}: does not load")
                head.setToolTip(0, tooltip(up.problem))
            elif up.errors:
                head.setToolTip(0, tooltip("\n".join(e.problem for e in up.errors)))
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            bad = {e.rule_id for e in up.errors}
            for raw in up.rules:
                rid = str(raw.get("id", "?"))
                name = str(raw.get("name", rid))
                item = QTreeWidgetItem([("⚠ " if rid in bad else "") + name, rid])
                item.setToolTip(0, tooltip(name))
                item.setToolTip(1, tooltip(rid))
                item.setData(0, ROLE, ("rule", str(up.path), rid))
                head.addChild(item)
                if select and select[0] == up.path.name and select[1] == rid:
                    chosen = item
            if select and select[0] == up.path.name and select[1] is None:
                chosen = head
            head.setExpanded(True)
        shipped = QTreeWidgetItem(["Shipped rules (read-only)"])
        shipped.setData(0, ROLE, (SHIPPED,))
        self.tree.addTopLevelItem(shipped)
        shipped.setFirstColumnSpanned(True)
        for pack in self.loaded.packs:
            if pack.user:
                continue
            head = QTreeWidgetItem([pack.name])
            head.setData(0, ROLE, (SHIPPED,))
            shipped.addChild(head)
            head.setFirstColumnSpanned(True)
            for rule in pack.rules:
                item = QTreeWidgetItem([rule.name, rule.id])
                item.setToolTip(0, tooltip(rule.name))
                item.setToolTip(1, tooltip(rule.id))
                item.setData(0, ROLE, (SHIPPED, pack.path, rule.id))
                head.addChild(item)
        self.tree.blockSignals(False)
        self._apply_filter(self.filter.text())
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        elif self.tree.currentItem() is None:
            self._show_nothing()
        self._update_buttons()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()

        def walk(item: QTreeWidgetItem) -> bool:
            kids = [walk(c) for c in _children(item)]
            data = item.data(0, ROLE) or ()
            is_rule = data[:1] in (("rule",),) or (data[:1] == (SHIPPED,) and len(data) == 3)
            text = f"{item.text(0)}\n{item.text(1)}".lower()
            hit = not needle or (is_rule and needle in text)
            show = hit or any(kids) or (not is_rule and not needle)
            item.setHidden(not show)
            if needle and any(kids):
                item.setExpanded(True)
            return show and (is_rule or any(kids))

        for head in self._heads():
            walk(head)

    def _heads(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(k) for k in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def item_for(self, pack_name: str, rule_id: str | None = None) -> QTreeWidgetItem | None:
        """The list's item of a rule (or, with no id, of a pack) of the user's."""
        for head in self._heads():
            data = tuple(head.data(0, ROLE) or ())
            if data[:1] != ("pack",) or Path(data[1]).name != pack_name:
                continue
            if rule_id is None:
                return head
            for child in _children(head):
                if tuple(child.data(0, ROLE) or ())[2:] == (rule_id,):
                    return child
        return None

    def select(self, pack_name: str, rule_id: str | None = None) -> bool:
        item = self.item_for(pack_name, rule_id)
        if item is not None:
            self.tree.setCurrentItem(item)
        return item is not None

    def select_shipped(self, rule_id: str) -> bool:
        flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        it = self.tree.findItems(rule_id, flags, 1)
        for item in it:
            if (item.data(0, ROLE) or ())[:1] == (SHIPPED,):
                self.tree.setCurrentItem(item)
                return True
        return False

    def _selected(self) -> tuple[Any, ...]:
        item = self.tree.currentItem()
        return tuple(item.data(0, ROLE) or ()) if item is not None else ()

    def selected_pack(self) -> UserPack | None:
        """The user's pack of the selection (a pack or one of its rules)."""
        data = self._selected()
        if data[:1] in (("pack",), ("rule",)):
            path = Path(data[1])
            return next((up for up in self.packs if up.path == path), None)
        return None

    def _on_current(
        self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None
    ) -> None:
        if self._filling:
            return
        if (
            previous is not None
            and self.dirty()
            and not self.confirm("Discard your changes to this rule?")
        ):
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(previous)
            self.tree.blockSignals(False)
            return
        data = tuple(current.data(0, ROLE) or ()) if current is not None else ()
        if data[:1] == ("rule",):
            path, rid = Path(data[1]), data[2]
            up = next((p for p in self.packs if p.path == path), None)
            raw = next((r for r in up.rules if r.get("id") == rid), None) if up else None
            if raw is not None:
                self._show_rule(raw, (path, rid))
        elif data[:1] == (SHIPPED,) and len(data) == 3:
            raw = self._shipped_raw(data[1], data[2])
            if raw is not None:
                self._show_rule(raw, None)
        else:
            self._show_nothing()
            pack = self.selected_pack()
            if pack is not None:
                self.where.setText(pack_summary(pack))
        self._update_buttons()

    def _shipped_raw(self, pack_path: str, rule_id: str) -> dict[str, Any] | None:
        rules = self._shipped_cache.get(pack_path)
        if rules is None:
            name = Path(pack_path).name
            try:
                text = (resources.files("jobdesk") / "rules" / name).read_text("utf-8")
                data = tomllib.loads(text)
            except (OSError, tomllib.TOMLDecodeError):
                data = {}
            rules = {str(r.get("id")): r for r in data.get("rule", []) if isinstance(r, dict)}
            self._shipped_cache[pack_path] = rules
        return rules.get(rule_id)

    # ------------------------------------------------------------------ the form

    def _show_nothing(self) -> None:
        self._target = None
        self._shipped_rule = None
        self._saved = None
        self._fill(RuleForm(), read_only=True)
        self.where.setText("Select a rule, or make a new one.")
        self.results_list.clear()
        self._show_errors([])

    def _show_rule(self, raw: dict[str, Any], target: tuple[Path, str | None] | None) -> None:
        self._target = target
        self._shipped_rule = raw if target is None else None
        self._saved = rule_from_form(form_from_rule(raw)) if target and target[1] else None
        self._fill(form_from_rule(raw), read_only=target is None)
        if target is None:
            self.where.setText(
                "A shipped rule: read-only. Duplicate it to change a copy in your pack "
                "(then switch this one off in the rules panel)."
            )
        else:
            state = "new, not saved yet" if target[1] is None else "yours"
            self.where.setText(f"In {target[0].name} ({state}).")
        self.validate_now()

    def _fill(self, form: RuleForm, *, read_only: bool) -> None:
        self._filling = True
        try:
            self._extra = dict(form.extra)
            self.id_edit.setText(form.id)
            self.name_edit.setText(form.name)
            k = self.kind_box.findData(form.kind)
            if k < 0:  # an internal kind (shipped rules only)
                self.kind_box.addItem(form.kind, form.kind)
                k = self.kind_box.count() - 1
            self.kind_box.setCurrentIndex(k)
            self.match_box.setCurrentIndex(1 if form.phrases else 0)
            self.pattern_edit.setPlainText(form.pattern)
            for name, widget in self.param_widgets.items():
                value = form.params.get(name, "")
                if isinstance(widget, QComboBox):
                    i = widget.findData(value)
                    widget.setCurrentIndex(max(0, i))
                elif isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                elif isinstance(widget, QLineEdit):
                    widget.setText(value)
            c = self.category_box.findData(form.category)
            self.category_box.setCurrentIndex(max(0, c))
            self.sites_edit.setText(form.sites)
            self.default_box.setChecked(form.default)
            self.description_edit.setPlainText(form.description)
            self.remove_edit.setPlainText(form.remove)
            self.keep_edit.setPlainText(form.keep)
            for host in self.fields.values():
                host.setEnabled(not read_only)
        finally:
            self._filling = False
        self._show_kind()

    def form_data(self) -> RuleForm:
        """What the form holds."""
        params: dict[str, str] = {}
        for name, widget in self.param_widgets.items():
            if isinstance(widget, QComboBox):
                params[name] = str(widget.currentData() or "")
            elif isinstance(widget, QPlainTextEdit):
                params[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                params[name] = widget.text()
        return RuleForm(
            id=self.id_edit.text(),
            name=self.name_edit.text(),
            kind=str(self.kind_box.currentData()),
            phrases=bool(self.match_box.currentData()),
            pattern=self.pattern_edit.toPlainText(),
            category=str(self.category_box.currentData()),
            sites=self.sites_edit.text(),
            default=self.default_box.isChecked(),
            description=self.description_edit.toPlainText(),
            remove=self.remove_edit.toPlainText(),
            keep=self.keep_edit.toPlainText(),
            params=params,
            extra=dict(self._extra),
        )

    def rule(self) -> dict[str, Any]:
        """The rule table the form makes."""
        return rule_from_form(self.form_data())

    def dirty(self) -> bool:
        """The form holds a rule of the user's that is not saved as shown."""
        if self._target is None:
            return False
        return self._target[1] is None or self.rule() != self._saved

    def _show_kind(self) -> None:
        """Only the parameters the kind takes (and any other that holds a value: the
        loader then says the kind does not take it)."""
        kind = KINDS.get(str(self.kind_box.currentData()))
        if kind is None:
            return
        self.kind_note.setText(
            f"Removes {kind.removes}." + (" Matched by code." if kind.code else "")
        )
        form = self.form_data()
        pattern = kind.pattern != "none" or bool(form.pattern.strip())
        self.form.setRowVisible(self.fields["pattern"], pattern)
        self.form.setRowVisible(self.fields["match"], pattern)
        for name in PARAMS:
            shown = name in kind.params or bool(form.params.get(name, "").strip())
            self.form.setRowVisible(self.fields[name], shown)

    def _edited(self, *_args: object) -> None:
        if self._filling:
            return
        self._show_kind()
        self._update_buttons()
        self._timer.start(self.delay_ms)

    # ------------------------------------------------------------------ validating

    def validate_now(self) -> None:
        """Check the rule now (the debounce skipped) and run its examples, off the GUI
        thread; Save waits for the answer."""
        self._timer.stop()
        if self._target is None and self._shipped_rule is None:
            return
        rule = self.rule()
        taken = self.taken_ids() if self._target is not None else set()
        self._generation += 1
        if self._job is not None:
            self._job.cancel()
        job = ExamplesJob(rule, self._generation, taken)
        job.done.connect(self._on_examples)
        self._job = job
        self.results_list.clear()
        self.results_list.addItem("Running the examples…")
        self._update_buttons()
        self.executor.start(job)

    @property
    def checking(self) -> bool:
        """A check of the form is under way (or due after the debounce)."""
        return self._job is not None or self._timer.isActive()

    def _on_examples(
        self, job: ExamplesJob, results: list[ExampleResult], errors: list[FieldError]
    ) -> None:
        if job.generation != self._generation or job.cancelled:
            return  # a stale run: the form changed since
        self._job = None
        self.results = list(results)
        self.results_list.clear()
        self._show_errors(errors)
        if errors:
            self.results_list.addItem("The examples run once the rule loads.")
        for r in results:
            item = QListWidgetItem(example_line(r))
            item.setToolTip(tooltip(r.text))
            if not r.ok:
                item.setForeground(self._bad_colour())
            self.results_list.addItem(item)
        if not results and not errors:
            self.results_list.addItem("No examples: add texts it must remove and keep.")
        self._update_buttons()
        emit(self.examplesRan)

    def _show_errors(self, errors: Sequence[FieldError]) -> None:
        self.errors = list(errors)
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for e in errors:
            if e.field in self.error_labels:
                by_field.setdefault(e.field, []).append(e.message)
            else:
                general.append(f"{e.key}: {e.message}" if e.key else e.message)
        for key, label in self.error_labels.items():
            text = "\n".join(by_field.get(key, []))
            label.setText(text)
            label.setVisible(bool(text))
            if text:  # a field with a problem shows, whatever the kind
                self.form.setRowVisible(self.fields[key], True)
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))

    def error_for(self, key: str) -> str:
        """The problem shown under a field ("" when none)."""
        label = self.error_labels.get(key, self.general_error)
        return label.text() if label.isVisible() or label.text() else ""

    def _update_buttons(self) -> None:
        mine = self._target is not None
        pending = self.checking
        self.save_button.setEnabled(mine and not self.errors and not pending and self.dirty())
        self.revert_button.setEnabled(mine and self.dirty())
        data = self._selected()
        is_rule = data[:1] == ("rule",) or (data[:1] == (SHIPPED,) and len(data) == 3)
        self.duplicate_button.setEnabled(is_rule)
        self.delete_button.setEnabled(data[:1] == ("rule",))
        pack = self.selected_pack()
        self.export_button.setEnabled(pack is not None and not pack.problem)
        self.off_button.setEnabled(pack is not None)
        self.off_button.setText("Switch &On" if pack is not None and pack.off else "Switch &Off")
        if self.errors:
            n = len(self.errors)
            self.status.showMessage(f"{n} problem{'s' if n != 1 else ''}: not saved")
        elif self.results:
            bad = sum(not r.ok for r in self.results)
            self.status.showMessage(
                f"{len(self.results) - bad} of {len(self.results)} examples pass"
                + (f"; {bad} fail{'s' if bad == 1 else ''}" if bad else "")
            )
        else:
            self.status.clearMessage()

    # ------------------------------------------------------------------ commands

    def _pack_for_new(self) -> Path:
        pack = self.selected_pack()
        data = self._selected()
        if pack is not None:
            return pack.path
        if data[:1] == ("pack",):
            return Path(data[1])
        return default_pack_path(self.folder)

    def _unique_id(self, base: str) -> str:
        taken = self.taken_ids()
        rid, n = base, 2
        while rid in taken:
            rid = f"{base}-{n}"
            n += 1
        return rid

    def _start_new(self, raw: dict[str, Any], path: Path) -> None:
        if self.dirty() and not self.confirm("Discard your changes to this rule?"):
            return
        head = self.item_for(path.name)
        if head is not None:
            self._filling = True
            self.tree.setCurrentItem(head)
            self._filling = False
        self._show_rule(raw, (path, None))
        self._update_buttons()
        self.id_edit.setFocus()
        self.id_edit.selectAll()

    def new_rule(self) -> None:
        """A new rule in the selected pack of the user's (else My rules), not saved yet."""
        path = self._pack_for_new()
        raw = {"id": self._unique_id("user.new-rule"), "name": "New rule", "kind": "line",
               "category": "site-chrome"}  # fmt: skip
        self._start_new(raw, path)

    def duplicate_rule(self) -> None:
        """A copy of the rule shown: in the same pack for one of the user's, in My rules
        for a shipped one (not saved yet)."""
        data = self._selected()
        if data[:1] == ("rule",) and self._target is not None:
            raw, path = self.rule(), self._target[0]
            raw["id"] = self._unique_id(f"{raw['id']}-copy")
        elif data[:1] == (SHIPPED,) and self._shipped_rule is not None:
            raw, path = dict(self._shipped_rule), default_pack_path(self.folder)
            raw["id"] = self._unique_id(f"user.{raw['id']}")
        else:
            return
        raw["name"] = f"{raw.get('name', raw['id'])} (copy)"
        self._start_new(raw, path)

    def save(self) -> bool:
        """Write the rule shown into its pack; the window then loads the rules again."""
        if self._target is None:
            return False
        if self.checking:
            self.validate_now()  # (save_rule checks it again in any case)
        if self.errors:
            return False
        path, old_id = self._target
        rule = self.rule()
        try:
            save_rule(path, rule, old_id=old_id, taken=self.taken_ids())
        except (PackFileError, OSError) as exc:
            self._problem("The rule was not saved.", exc)
            return False
        self._saved = rule
        self._target = (path, str(rule["id"]))
        self.status.showMessage(f"Saved {rule['id']} in {path.name}", 5000)
        emit(self.rulesChanged)
        self.refresh(select=(path.name, str(rule["id"])))
        return True

    def revert(self) -> None:
        if self._target is None:
            return
        path, rid = self._target
        if rid is None:
            self._filling = True
            self._target = None
            self._filling = False
            self.refresh(select=(path.name, None))
            self._show_nothing()
            return
        up = next((p for p in self.packs if p.path == path), None)
        raw = next((r for r in up.rules if r.get("id") == rid), None) if up else None
        if raw is not None:
            self._show_rule(raw, (path, rid))

    def delete_current(self) -> bool:
        data = self._selected()
        if data[:1] != ("rule",):
            return False
        path, rid = Path(data[1]), str(data[2])
        if not self.confirm(f"Delete the rule {rid} from {path.name}?"):
            return False
        try:
            delete_rule(path, rid)
        except (PackFileError, OSError) as exc:
            self._problem("The rule was not deleted.", exc)
            return False
        self._target = None
        emit(self.rulesChanged)
        self.refresh(select=(path.name, None))
        self.status.showMessage(f"Deleted {rid}", 5000)
        return True

    def import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import a rule pack", str(Path.home()), "Rule packs (*.toml);;All files (*)"
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, source: Path) -> Path | None:
        """Check and copy a pack into the user's rules; its problems are shown."""
        try:
            target = import_pack(source, self.loaded, self.folder)
        except (PackFileError, OSError) as exc:
            self._problem(f"{source.name} was not imported.", exc)
            return None
        emit(self.rulesChanged)
        self.refresh(select=(target.name, None))
        self.status.showMessage(f"Imported {source.name} as {target.name}", 5000)
        return target

    def export_dialog(self) -> None:
        pack = self.selected_pack()
        if pack is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export a rule pack", str(Path.home() / pack.on_path.name),
            "Rule packs (*.toml)",
        )  # fmt: skip
        if name:
            self.export_to(Path(name), force=True)  # (the file dialog asked)

    def export_to(self, dest: Path, *, force: bool = False) -> Path | None:
        pack = self.selected_pack()
        if pack is None:
            return None
        try:
            export_pack(pack.path, dest, force=force)
        except (PackFileError, OSError) as exc:
            self._problem("The pack was not exported.", exc)
            return None
        self.status.showMessage(f"Exported {pack.path.name} to {dest}", 5000)
        return dest

    def toggle_pack_off(self) -> Path | None:
        """Switch the selected pack of the user's off as a whole, or on again."""
        pack = self.selected_pack()
        if pack is None:
            return None
        if self.dirty() and not self.confirm("Discard your changes to this rule?"):
            return None
        try:
            path = set_pack_off(pack.path, not pack.off)
        except (PackFileError, OSError) as exc:
            self._problem("The pack was not switched.", exc)
            return None
        self._target = None
        emit(self.rulesChanged)
        self.refresh(select=(path.name, None))
        self.status.showMessage(
            f"{pack.name or path.name} is " + ("on" if pack.off else "off: none of its rules runs"),
            5000,
        )
        return path

    # ------------------------------------------------------------------ messages

    def _problem(self, text: str, exc: Exception) -> None:
        problems = exc.problems if isinstance(exc, PackFileError) else [str(exc)]
        self.problems = list(problems)
        self.status.showMessage(f"{text} {problems[0]}", 10000)
        box = message_box(
            self, f"{text}\n\n" + "\n".join(problems[:8]), title="jobdesk",
            icon=QMessageBox.Icon.Warning, details="\n".join(problems),
        )  # fmt: skip
        box.setObjectName("editorProblem")
        box.open()

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, "jobdesk", text)
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        """Close (Esc, Close, the title bar's ×: QDialog's closeEvent comes here too),
        after asking when the rule shown is not saved."""
        if self.dirty() and not self.confirm("Close without saving your changes to this rule?"):
            return
        if self._job is not None:
            self._job.cancel()
        super().reject()


def fitted_size(widget: QWidget, wanted: tuple[int, int] = (1100, 720)) -> tuple[int, int]:
    """``wanted``, or at most 90 % of the screen's free area (a 1024×640 laptop too)."""
    screen = widget.screen()
    if screen is None:
        return wanted
    free = screen.availableGeometry()
    return min(wanted[0], int(free.width() * 0.9)), min(wanted[1], int(free.height() * 0.9))


def pack_summary(up: UserPack) -> str:
    """What the editor says of a pack of the user's."""
    n = len(up.rules)
    text = f"{up.name or up.path.name} — {up.path.name}: {n} rule{'s' if n != 1 else ''}"
    if up.off:
        text += "; switched off: none of its rules runs (Switch On to use it again)"
    if up.problem:
        text += f". It does not load: {up.problem}"
    elif up.errors:
        text += f"; {len(up.errors)} of its rules do not load:\n" + "\n".join(
            f"{e.rule_id or ''} {e.key or ''}: {e.problem}".strip() for e in up.errors[:5]
        )
    return text


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    kids = (item.child(k) for k in range(item.childCount()))
    return [k for k in kids if k is not None]


# ---------------------------------------------------------------------- the window part


class EditorHost(Protocol):
    """What the part asks of the window (``MainWindow``)."""

    ruleset: RuleSet
    cleaner: Cleaner
    executor: Executor
    settings: QSettings

    def load_inputs(self, inputs: Sequence[Input], notes: Sequence[str] = ()) -> object: ...
    def statusBar(self) -> QStatusBar: ...


class RuleEditorPart(QObject):
    """The window's rule editor: the dialog, and what follows a change of the user's
    packs — the rules loaded again (:meth:`RuleSet.replace`: every panel holding the
    window's rule set sees them), a new :class:`Cleaner`, and every opened posting
    matched again (its hand edits and forced site kept). The rules panel lists the
    packs that are switched off (:attr:`off_label`)."""

    reloaded = Signal()

    def __init__(self, window: Any, *, folder: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.folder = folder
        #: Loads the rule set after a change (tests give their own).
        self.load: Callable[[], RuleSet] = load_rules
        self.dialog: RuleEditorDialog | None = None
        self.off_label = plain_label()
        self.off_label.setObjectName("packsOff")
        self.off_label.setWordWrap(True)
        self.off_label.setEnabled(False)
        self.show_packs_off()

    @property
    def rules_folder(self) -> Path:
        return self.folder if self.folder is not None else user_rules_dir()

    def open_dialog(self) -> RuleEditorDialog:
        if self.dialog is None:
            dlg = RuleEditorDialog(
                self.window.ruleset, folder=self.rules_folder, executor=self.window.executor,
                parent=self.window,
            )  # fmt: skip
            dlg.setWindowTitle(window_title("Edit My Rules — jobdesk"))
            dlg.rulesChanged.connect(self.reload)
            self.dialog = dlg
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def show_packs_off(self) -> None:
        off = [up for up in user_packs(self.rules_folder) if up.off]
        names = ", ".join(up.name or up.on_path.name for up in off)
        self.off_label.setText(f"Switched off: {names} (Rules ▸ Edit My Rules…)" if off else "")
        self.off_label.setVisible(bool(off))

    def reload(self) -> None:
        """Load the rules again and match every opened posting again."""
        w = self.window
        w.ruleset.replace(self.load())
        w.startup.replace(w.ruleset, Cleaner(w.ruleset))  # rules panel, Site menu, engine
        entries: list[PostingSession] = list(w.opened.entries)
        inputs = [
            Input(e.label, path=e.path, document=e.matched.document, site=e.forced_site,
                  replaces=e)
            for e in entries
            if e.matched is not None
        ]  # fmt: skip
        if inputs:
            w.load_inputs(inputs)
        self.show_packs_off()
        n = len(w.ruleset.errors)
        w.statusBar().showMessage(
            "Rules loaded again"
            + (f"; {n} problem{'s' if n != 1 else ''} in the packs" if n else "")
            + (f"; {len(inputs)} posting{'s' if len(inputs) != 1 else ''} cleaned again"
               if inputs else ""),
            6000,
        )  # fmt: skip
        emit(self.reloaded)

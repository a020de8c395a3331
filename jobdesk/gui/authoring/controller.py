"""The window's part for acting on removals and making rules (``window.authoring``).

* **Exceptions apply in the window** as in ``jobdesk clean``: the window resolves every
  posting through :meth:`jobdesk.session.PostingSession.resolve` with
  :attr:`Authoring.exemptions` (the user's ``exceptions.json``); text kept by an
  exception is marked as kept in the raw pane (dotted underline, "kept by your
  exception" on hover) instead of struck through.
* **Context menus** on the raw pane (a removal, a kept text, a selection) and on a
  rules-tree row: Keep This Text ▸ in this posting / on this site / everywhere; Switch
  This Rule Off ▸ everywhere / on this site only / in this posting only; Show the Rule
  (:mod:`menus`; the removals list uses :meth:`Authoring.show_removal_menu`). Every
  change is saved and the posting re-cleans at once. Rules ▸ Exceptions… lists them all.
* **Remove Text Like This…** (Ctrl+Shift+R, or the raw pane's menu on a selection):
  :mod:`proposals`; an added rule is loaded into the window's rule set and every opened
  posting is cleaned again.
* **Rules ▸ Preset**: :mod:`presets_menu`.

A rule switched off by an exception stays off whatever its tick says (the exception
wins, as in ``jobdesk clean``); ticking it on tells the user so and where to remove the
exception. The status bar counts the exceptions that apply to the shown posting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QMenuBar,
    QStatusBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from jobdesk.gui.actions import AUTHORING_ACTIONS, AUTHORING_MENU, make_action
from jobdesk.gui.authoring.exceptions_dialog import ExceptionsDialog
from jobdesk.gui.authoring.menus import (
    KEPT_BY_EXCEPTION,
    RuleDialog,
    add_removal_actions,
    removal_menu,
)
from jobdesk.gui.authoring.presets_menu import PresetMenu, preset_overrides
from jobdesk.gui.loading import Executor, Input, LoadJob
from jobdesk.gui.opened import OpenedPostings
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.rule_choices import RuleChoices
from jobdesk.gui.rules_model import RulesModel
from jobdesk.gui.rules_panel import RulesPanel
from jobdesk.gui.views import RawView
from jobdesk.paths import library_path
from jobdesk.session import PostingSession, user_exemptions

# The core comes with the rules, after the first paint (gui/startup.py): imported where
# it is used, as the proposal dialog is.
if TYPE_CHECKING:
    from jobdesk.core.exemptions import Exemption, Exemptions
    from jobdesk.core.result import CleanResult, Edit
    from jobdesk.core.rules import Rule, RuleSet
    from jobdesk.gui.authoring.editor import RuleEditorPart
    from jobdesk.gui.authoring.proposals import ProposalDialog

SCOPE_WORDS = {"posting": "in this posting", "everywhere": "everywhere"}


def kept_rule() -> Rule:
    """The rule the raw pane's lookup gives for text kept by a keep exception."""
    from jobdesk.core.rules import Rule

    return Rule(
        KEPT_BY_EXCEPTION,
        "Kept by your exception",
        "keep",
        "line",
        pack="exceptions",
        description="You chose to keep this text (right-click it to remove the exception; "
        "Rules ▸ Exceptions… lists them all).",
        action="keep",
    )


class AuthoringHost(Protocol):
    """What :class:`Authoring` uses of the window."""

    raw: RawView
    rules_view: QTreeView
    rules_panel: RulesPanel
    rules_model: RulesModel
    ruleset: RuleSet
    choices: RuleChoices
    opened: OpenedPostings
    executor: Executor
    library: object | None
    rule_editor: RuleEditorPart | None  # made when the rules arrive

    @property
    def current_entry(self) -> PostingSession | None: ...
    @property
    def result(self) -> CleanResult | None: ...
    def statusBar(self) -> QStatusBar: ...
    def menuBar(self) -> QMenuBar: ...
    def notify(self, text: str, level: str = "info", details: str = "") -> None: ...
    def select_rule(self, rule_id: str, *, quiet: bool = False) -> bool: ...
    def load_inputs(self, inputs: Sequence[Input], notes: Sequence[str] = ()) -> LoadJob: ...


class Authoring(QObject):
    """Exceptions, context menus, rules from a selection and presets in the window."""

    changed = Signal()  # the exceptions changed (the posting was cleaned again)
    ruleAdded = Signal(str)  # a rule made from a selection was saved and loaded

    act_remove_like: QAction
    act_exceptions: QAction

    def __init__(self, host: AuthoringHost, refresh: Callable[[], None]) -> None:
        """``refresh()`` resolves the shown posting again and re-renders both panes."""
        super().__init__(cast(QObject, host))
        self.host = host
        self._refresh = refresh
        self._exemptions: Exemptions | None = None  # read on first use
        self.dialog: ProposalDialog | None = None
        self.exceptions_dialog: ExceptionsDialog | None = None
        self.rule_dialog: RuleDialog | None = None
        self._forced_on: set[str] = set()
        window = cast(QMainWindow, host)

        for spec in AUTHORING_ACTIONS:
            setattr(self, spec.attr, make_action(window, spec, getattr(self, spec.slot)))
        self.preset_menu = PresetMenu(host.ruleset, window)
        self.preset_menu.chosen.connect(self.apply_preset)
        self.preset_menu.aboutToShow.connect(self.show_preset)
        # Its key pops it up where the window is (as Choose Site… does the Site menu).
        preset_key = self.preset_menu.menuAction()
        preset_key.setObjectName("preset")
        preset_key.setShortcut("Ctrl+Alt+R")
        preset_key.setToolTip("Conservative, Balanced or Aggressive rule choices (Ctrl+Alt+R)")
        preset_key.triggered.connect(self.popup_presets)
        window.addAction(preset_key)
        title, names = AUTHORING_MENU
        menu = next(
            (a.menu() for a in host.menuBar().actions() if a.text() == title and a.menu()),
            None,
        )
        if isinstance(menu, QMenu):
            menu.addSeparator()
            menu.addMenu(self.preset_menu)
            for name in names:
                act = window.findChild(QAction, name)
                if act is not None:
                    menu.addAction(act)

        self.status_button = QToolButton()
        self.status_button.setObjectName("exceptionsStatus")
        self.status_button.setAutoRaise(True)
        self.status_button.setDefaultAction(self.act_exceptions)
        self.status_button.hide()
        host.statusBar().addPermanentWidget(self.status_button)

        host.raw.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        host.raw.customContextMenuRequested.connect(self._raw_menu_requested)
        host.rules_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        host.rules_view.customContextMenuRequested.connect(self._rule_menu_requested)
        host.rules_model.overridesChanged.connect(self._on_ticks_changed)
        self.show_preset()

    @property
    def exemptions(self) -> Exemptions:
        """The user's exceptions (``exceptions.json``), read the first time a posting is
        cleaned (a damaged file: none, and the notice bar says why)."""
        if self._exemptions is None:
            self._exemptions = user_exemptions(lambda why: self.host.notify(why, "warning"))
        return self._exemptions

    # ================================================================ the shown posting

    def resolve(self, entry: PostingSession, overrides: dict[str, bool]) -> CleanResult:
        """``entry`` cleaned with ``overrides`` and the user's exceptions (the window's
        every resolve)."""
        return entry.resolve(overrides, self.exemptions)

    def on_result(self) -> None:
        """The window showed a new result: mark the kept texts, count the exceptions."""
        entry = self.host.current_entry
        applied = entry.applied if entry is not None else None
        raw = self.host.raw
        ruleset = self.host.ruleset
        kept = kept_rule()
        raw.set_rule_lookup(lambda rid: kept if rid == KEPT_BY_EXCEPTION else ruleset.get(rid))
        if applied is not None and applied.keep:
            from jobdesk.core.result import Edit

            mine = [Edit(s, e, KEPT_BY_EXCEPTION) for s, e in applied.keep]
            raw.set_edits(raw.edits, _disjoint([*raw.keeps, *mine]))
        n = len(applied.used) if applied is not None else 0
        self.status_button.setVisible(bool(n))
        self.act_exceptions.setText(
            f"⚑ {n} exception{'s' if n != 1 else ''} here" if n else "E&xceptions…"
        )
        self.status_button.setToolTip(
            "\n".join(e.describe() for e in applied.used) if applied is not None else ""
        )
        self._forced_on = self._forced_off_rules_on()
        self.show_preset()

    def _forced_off_rules_on(self) -> set[str]:
        """Rules ticked on that an exception switches off in the shown posting."""
        entry = self.host.current_entry
        if entry is None or entry.applied is None:
            return set()
        model = self.host.rules_model
        return {
            e.rule for e in entry.applied.used if e.action == "off" and model.is_enabled(e.rule)
        }

    def _on_ticks_changed(self) -> None:
        now = self._forced_off_rules_on()
        newly = sorted(now - self._forced_on)
        self._forced_on = now
        if newly:
            names = ", ".join(f"“{self.rule_name(r)}”" for r in newly)
            self.host.notify(
                f"{names} stays off in this posting: your exception switches it off. "
                "Right-click a rule or use Rules ▸ Exceptions… to remove the exception.",
                "info",
            )
        self.show_preset()

    # ================================================================ menus

    def _raw_menu_requested(self, pos: QPoint) -> None:
        menu = self.raw_menu(pos)
        menu.exec(self.host.raw.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def raw_menu(self, pos: QPoint) -> QMenu:
        """The raw pane's menu at viewport point ``pos``: the removal (or kept text)
        there, "Remove Text Like This…" for a selection, then Copy and Select All."""
        raw = self.host.raw
        menu = QMenu(raw)
        cur = raw.textCursor()
        span: tuple[int, int] | None = None
        if cur.hasSelection():
            span = (raw.u16.to_cp(cur.selectionStart()), raw.u16.to_cp(cur.selectionEnd()))
        edit = raw.edit_at_point(pos)
        if (
            edit is not None
            and span is not None
            and not (span[0] < edit.end and edit.start < span[1])
        ):
            span = None  # the selection is elsewhere: the menu is about the removal
        if edit is not None:
            add_removal_actions(menu, self, edit.rule, span or self._stop_span(edit))
            menu.addSeparator()
        like = menu.addAction(self.act_remove_like.text())
        like.setObjectName("remove-like-here")
        like.setShortcut(self.act_remove_like.shortcut())  # shown; the window's action has it
        like.setEnabled(self._selection() is not None)
        like.triggered.connect(lambda _c=False: self.remove_text_like_this())
        menu.addSeparator()
        for act in raw.createStandardContextMenu().actions():
            if act.isSeparator():
                menu.addSeparator()
            else:
                act.setParent(menu)
                menu.addAction(act)
        return menu

    def _stop_span(self, edit: Edit) -> tuple[int, int]:
        """The removal around ``edit``: its touching edits of the same rule too."""
        edits = self.host.raw.edits if edit.rule != KEPT_BY_EXCEPTION else self.host.raw.keeps
        start, end = edit.start, edit.end
        for e in edits:
            if e.rule == edit.rule and e.start <= end and e.end >= start:
                start, end = min(start, e.start), max(end, e.end)
        return start, end

    def _rule_menu_requested(self, pos: QPoint) -> None:
        view = self.host.rules_view
        rule_id = self.rule_at(pos)
        if rule_id is None:
            return
        menu = removal_menu(self, rule_id, None, view)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def rule_at(self, pos: QPoint) -> str | None:
        """The rule of the rules-tree row at viewport point ``pos``."""
        panel = self.host.rules_panel
        idx = panel.proxy.mapToSource(self.host.rules_view.indexAt(pos))
        rule = panel.model.rule_at(idx)
        return rule.id if rule is not None else None

    def show_removal_menu(self, rule_id: str, span: tuple[int, int] | None) -> None:
        """Pop up the removal's menu at the mouse pointer (for a view that emits
        ``(rule_id, span)``, such as the removals list)."""
        menu = removal_menu(self, rule_id, span, cast(QWidget, self.host))
        menu.exec(QCursor.pos())
        menu.deleteLater()

    # ================================================================ RemovalActions

    def rule(self, rule_id: str) -> Rule | None:
        return self.host.ruleset.get(rule_id)

    def rule_name(self, rule_id: str) -> str:
        rule = self.rule(rule_id)
        return rule.name if rule is not None else rule_id

    def site_name(self) -> str | None:
        entry = self.host.current_entry
        m = entry.matched if entry is not None else None
        if m is None or m.site is None:
            return None
        pack = m.site_pack
        return pack.name if pack is not None else m.site

    def kept_text(self, rule_id: str, span: tuple[int, int] | None) -> list[str]:
        """The texts "Keep This Text" keeps: the span's, else every text the rule
        removes in the shown posting."""
        result = self.host.result
        if result is None:
            return []
        source = result.source
        if span is not None:
            text = source[span[0] : span[1]]
            return [text] if text.split() else []
        out: list[str] = []
        for e in result.edits:
            if e.rule == rule_id and e.is_removal:
                text = source[e.start : e.end]
                if text.split() and text not in out:
                    out.append(text)
        return out

    def _new(self, action: str, scope: str, **what: str) -> Exemption | None:
        from jobdesk.core.exemptions import Exemption, posting_key

        entry = self.host.current_entry
        m = entry.matched if entry is not None else None
        if entry is None or m is None:
            self.host.statusBar().showMessage("Open a posting first", 3000)
            return None
        site = (m.site or "") if scope == "site" else ""
        posting = posting_key(m.source) if scope == "posting" else ""
        label = entry.label if scope == "posting" else ""
        return Exemption(action, scope, site=site, posting=posting, label=label, **what)

    def keep_text(self, texts: list[str], scope: str) -> None:
        """Keep ``texts`` in this posting, on this site or everywhere."""
        made = [e for t in texts if (e := self._new("keep", scope, text=t)) is not None]
        if not made:
            return
        for e in made:
            self.exemptions.add(e)
        if self._save_and_refresh():
            short = " ".join(made[0].text.split())
            short = short if len(short) <= 50 else short[:49] + "…"
            more = f" and {len(made) - 1} more" if len(made) > 1 else ""
            self.host.statusBar().showMessage(
                f"Kept “{short}”{more} {self._where(scope)} (Rules ▸ Exceptions… lists it)",
                8000,
            )

    def rule_off(self, rule_id: str, scope: str) -> None:
        """Switch ``rule_id`` off everywhere, on this site only or in this posting only."""
        e = self._new("off", scope, rule=rule_id)
        if e is None:
            return
        self.exemptions.add(e)
        if self._save_and_refresh():
            self.host.statusBar().showMessage(
                f"“{self.rule_name(rule_id)}” is off {self._where(scope)} "
                "(Rules ▸ Exceptions… lists it)",
                8000,
            )

    def _where(self, scope: str) -> str:
        if scope == "site":
            site = self.site_name()
            return f"on {site}" if site else "on pages of no known site"
        return SCOPE_WORDS[scope]

    def show_rule(self, rule_id: str) -> None:
        """Select the rule in the rules tree and show what it is."""
        rule = self.rule(rule_id)
        if rule is None:
            return
        self.host.select_rule(rule_id)
        if self.rule_dialog is not None:
            self.rule_dialog.close()
        self.rule_dialog = RuleDialog(rule, self.host.ruleset, cast(QWidget, self.host))
        self.rule_dialog.show()

    def exceptions_at(self, span: tuple[int, int] | None) -> list[str]:
        """The keep exceptions that keep text in ``span`` of the shown posting."""
        entry = self.host.current_entry
        if entry is None or entry.applied is None or entry.matched is None:
            return []
        from jobdesk.core.exemptions import keep_pattern

        source = entry.matched.source
        out = []
        for e in entry.applied.used:
            if e.action != "keep":
                continue
            for m in keep_pattern(e.text).finditer(source):
                if span is None or (m.start() < span[1] and span[0] < m.end()):
                    out.append(e.id)
                    break
        return out

    def remove_exceptions(self, ids: list[str]) -> None:
        """Remove the exceptions ``ids`` (the posting re-cleans)."""
        from jobdesk.core.exemptions import ExemptionError

        gone = 0
        for eid in ids:
            try:
                self.exemptions.remove(eid)
                gone += 1
            except ExemptionError:
                pass
        if gone and self._save_and_refresh():
            self.host.statusBar().showMessage(
                f"Removed {gone} exception{'s' if gone != 1 else ''}", 5000
            )

    def _save_and_refresh(self) -> bool:
        """Save the exceptions and clean the shown posting with them (in this window
        they apply even when the file cannot be written; the user is told)."""
        try:
            self.exemptions.save()
            saved = True
        except OSError as exc:
            self.host.notify(f"Could not save your exceptions: {exc}", "error")
            saved = False
        for entry in self.host.opened.entries:
            entry.forget_facts()  # read again from the text the exceptions leave
        self._refresh()
        emit(self.changed)
        return saved

    # ================================================================ the dialogs

    def show_exceptions(self) -> ExceptionsDialog:
        """Rules ▸ Exceptions…"""
        if self.exceptions_dialog is None:
            self.exceptions_dialog = ExceptionsDialog(
                self.exemptions, self.rule_name, self.remove_exceptions, cast(QWidget, self.host)
            )
            self.changed.connect(self.exceptions_dialog.reload)
        self.exceptions_dialog.reload()
        self.exceptions_dialog.show()
        self.exceptions_dialog.raise_()
        return self.exceptions_dialog

    def _selection(self) -> tuple[int, int] | None:
        raw = self.host.raw
        cur = raw.textCursor()
        if not cur.hasSelection():
            return None
        start, end = raw.u16.to_cp(cur.selectionStart()), raw.u16.to_cp(cur.selectionEnd())
        return (start, end) if raw.source[start:end].strip() else None

    def remove_text_like_this(self) -> ProposalDialog | None:
        """Propose rules from the raw pane's selection (the dialog, or None)."""
        entry = self.host.current_entry
        span = self._selection()
        if entry is None or entry.matched is None or span is None:
            self.host.statusBar().showMessage(
                "Select the text to remove in the raw text first", 4000
            )
            return None
        if self.dialog is not None:
            self.dialog.close()
        from jobdesk.gui.authoring.proposals import ProposalDialog

        lib = getattr(self.host.library, "path", None)
        self.dialog = ProposalDialog(
            entry.matched,
            *span,
            ruleset=self.host.ruleset,
            executor=self.host.executor,
            library_path=lib if isinstance(lib, Path) else library_path(),
            site_name=self.site_name(),
            parent=cast(QWidget, self.host),
        )
        self.dialog.ruleAdded.connect(self.rule_added)
        self.dialog.show()
        return self.dialog

    def rule_added(self, rule_id: str, path: str) -> None:
        """A rule was saved to ``path``: the rules are loaded again and the opened
        postings cleaned again (as after the rule editor saves: one way to reload)."""
        editor = self.host.rule_editor
        assert editor is not None  # a rule is proposed from a cleaned posting: rules are in
        editor.reload()
        loaded = self.host.ruleset.get(rule_id) is not None
        self.host.notify(
            f"Added the rule “{self.rule_name(rule_id)}” to {Path(path).name}: it applies "
            "to this posting and every one you paste from now on."
            if loaded
            else f"The rule {rule_id} was saved to {Path(path).name} but did not load "
            "(Rules ▸ Rule Pack Problems… says why).",
            "info" if loaded else "warning",
        )
        emit(self.ruleAdded, rule_id)

    # ================================================================ presets

    def _active(self) -> dict[str, bool]:
        return self.host.choices.active(self.host.current_entry)

    def popup_presets(self) -> None:
        window = cast(QWidget, self.host)
        if not self.preset_menu.isVisible():
            self.preset_menu.popup(window.mapToGlobal(window.rect().center()))

    def warm(self) -> None:
        """The rules arrived: read the user's exceptions and fill the presets menu now,
        while the empty window shows, not at the first paste (a damaged exceptions
        file is reported now too)."""
        _ = self.exemptions
        self.show_preset()

    def show_preset(self) -> str:
        """Check the preset the current choices are (or Custom); nothing before the
        rules have arrived."""
        self.preset_menu.ruleset = self.host.ruleset  # (replaced when the rules arrive)
        if not self.host.ruleset.packs:
            return self.preset_menu.current
        return self.preset_menu.show_choices(self.host.rules_model.overrides())

    def apply_preset(self, preset_id: str) -> None:
        """Set every rule as the preset has it (as ticking them would)."""
        model = self.host.rules_model
        model.set_overrides(preset_overrides(self.host.ruleset, preset_id))
        emit(model.overridesChanged)
        self.host.statusBar().showMessage(
            f"Preset: {self.preset_menu.by_id[preset_id].text().replace('&', '')}", 4000
        )


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Sorted, without overlaps (the raw pane's lookups need that)."""
    from jobdesk.core.result import Edit

    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            if e.end > out[-1].end:
                out.append(Edit(out[-1].end, e.end, e.rule))
            continue
        out.append(e)
    return out

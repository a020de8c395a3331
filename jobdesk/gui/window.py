"""The paste-and-clean window: a shell that builds its parts, wires them, and answers
for them. Each part imports nothing of this module:

* :mod:`inputs` paste, drop, Open…, the sample, library opens: batches read off the GUI
  thread (:mod:`batches`, :mod:`loading`), listed in :mod:`opened`;
* :mod:`shown` the posting on show and the clean / re-clean pipeline: both panes
  (:mod:`compare`), hits, rule choices, facts (:mod:`facts_controller`), hand edits;
* :mod:`rules_control` switching and grouping rules, usual vs a posting's own;
* :mod:`output` copying, the library's saver; :mod:`site_menu` the Site menu;
  :mod:`feedback` notices and the status bar; :mod:`window_settings` what is
  remembered; :mod:`action_state` when actions are enabled; :mod:`chrome` menus,
  toolbar, central area; :mod:`help` F1, About;
* :mod:`startup` the rules' arrival: the window paints first, with no rules; the rules,
  the engine and the library load after, and inputs wait for them; ``rules_ready``
  hands the rules to every part that shows them (again when the rule editor reloads);
* :mod:`authoring` acting on removals, exceptions (applied to every resolve and
  draft), rules from a selection, presets; its :mod:`editor` (Edit My Rules…), made
  when the rules arrive; :mod:`removals` the removals list (F9) and, through the
  compare pane, the rules' real effects in the rules panel.

The first frame is built in ``_build_frame``, a new part in ``_build_parts`` (after the
first paint: :mod:`later`), wired in ``_wire_parts``; the names the window answers to are
the ``via`` table below (:mod:`forward`). The library plugs in with ``set_library_saver``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow

from jobdesk.gui import layout
from jobdesk.gui.action_state import WindowState, enable_actions
from jobdesk.gui.actions import ACTIONS, WindowActions, build_actions
from jobdesk.gui.chrome import add_menus, add_toolbar, central_area
from jobdesk.gui.feedback import Feedback
from jobdesk.gui.forward import via
from jobdesk.gui.later import LaterParts, show_once_unseen
from jobdesk.gui.loading import Executor, LoadJob, ThreadExecutor
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.resources import app_icon
from jobdesk.gui.rules_model import RulesFilterProxy, RulesModel
from jobdesk.gui.rules_panel import RulesPanel
from jobdesk.gui.safe import plain_label, rich_label, window_title
from jobdesk.gui.site_menu import SiteChooser
from jobdesk.gui.startup import NO_RULES, RulesArrival
from jobdesk.gui.widgets import EmptyState
from jobdesk.gui.window_settings import make_settings as make_settings
from jobdesk.gui.window_settings import restore_frame

if TYPE_CHECKING:  # the engine and the rules load after the first paint (gui/startup.py)
    from PySide6.QtWidgets import QMessageBox

    from jobdesk.core.engine import Cleaner
    from jobdesk.core.rules import RuleSet
    from jobdesk.gui.authoring.editor import RuleEditorPart
    from jobdesk.gui.files_model import Entry
    from jobdesk.gui.loading import Loaded


class MainWindow(QMainWindow, WindowActions, LaterParts):
    """The paste-and-clean window (its actions: ``act_*``, see :class:`WindowActions`)."""

    resultChanged = Signal()  # both panes were re-rendered (tests, benchmarks)
    factsChanged = Signal()  # the facts card shows the current posting's facts
    closing = Signal()  # the window is closing (the library saves and stops)

    # ================================================ what the window answers to, by part
    # Input: paste, open, drop, the library's opens; the batches being read.
    paste_and_clean = via("inputs", "paste")
    open_dialog = via("inputs")
    open_sample = via("inputs")
    open_paths = via("inputs")
    open_from_library = via("inputs")
    handle_mime = via("inputs")
    load_inputs = via("inputs", "load")
    cancel_job = via("inputs", "cancel")
    busy = via("inputs")
    _batches = via("batches", "by_job")
    # The posting on show: choosing, stepping, closing; its result; hand edits.
    current_entry = via("shown", "current")
    result = via("shown")
    show_opened = via("shown")
    step_file = via("shown", "step")
    next_file = via("shown")
    previous_file = via("shown")
    close_current = via("shown")
    cleaned_text = via("shown")
    discard_hand_edits = via("shown")
    apply_palette = via("shown")
    _select_row = via("shown", "select_row")
    _refresh = via("shown", "refresh")
    _current = via("shown", "current")
    _result = via("shown", "result")
    # Facts.
    flush_facts = via("facts", "flush")
    current_facts = via("facts", "facts")
    # Rules.
    rule_overrides = via("rules")
    use_usual_rules = via("rules")
    keep_as_usual_rules = via("rules")
    reset_rules = via("rules")
    group_by_category = via("rules")
    group_by_pack = via("rules")
    select_rule = via("rules_panel")
    set_hide_empty = via("rules_panel")
    focus_rule_filter = via("rules_panel", "focus_filter")
    expand_rules = via("rules_view", "expandAll")
    collapse_rules = via("rules_view", "collapseAll")
    focus_rules = via("rules_view", "setFocus")
    # The compare pane: removals, scrolling, focus.
    goto_removal = via("compare")
    current_stop = via("compare")
    stops = via("compare")
    set_sync_scrolling = via("compare", "set_sync")
    focus_raw = via("raw", "setFocus")
    focus_clean = via("cleaned", "setFocus")
    # Output: copying, the library's saver.
    copy_cleaned = via("output")
    copy_markdown = via("output")
    set_library_saver = via("output")
    drafts = via("output")
    save_to_library = via("output")
    save_all_to_library = via("output")
    # The rules' arrival (gui/startup.py).
    ready = via("startup")
    warm_up_done = via("startup")
    warmed_rules = via("startup")
    # The site, feedback, settings.
    popup_site_menu = via("site", "popup")
    force_site = via("site", "force")
    notify = via("feedback")
    _status = via("feedback", "status")
    dismiss_notice = via("feedback", "dismiss")
    save_settings = via("remembered", "save")
    reset_layout = via("remembered")
    # The parts' widgets, by the names the tests and the library know them by.
    raw = via("compare")
    cleaned = via("compare")
    hand_banner = via("compare")
    pane_split = via("compare", "split")
    status_removed = via("compare")
    status_categories = via("compare")
    files_box = via("opened", "box")
    files_label = via("opened", "label")
    files_view = via("opened", "view")
    rules_view = via("rules_panel", "view")
    rule_filter = via("rules_panel", "filter")
    hide_empty_box = via("rules_panel")
    rule_details = via("rules_panel", "details")
    reset_rules_button = via("rules_panel", "reset_button")
    notice = via("feedback")
    pack_errors_button = via("feedback")
    site_menu = via("site", "menu")
    site_group = via("site", "group")
    site_label = via("site", "label")
    site_button = via("site", "button")
    act_site_auto = via("site", "act_auto")
    act_site_none = via("site", "act_none")

    def __init__(
        self,
        rules: RuleSet | None = None,
        *,
        settings: QSettings | None = None,
        executor: Executor | None = None,
        warm_up: bool | None = None,
        defer: bool = False,
    ) -> None:
        """``rules`` None: the window paints first and loads them after
        (:mod:`startup`). ``warm_up``: warm the engine off the GUI thread after the first
        paint (:mod:`warmup`; default: when no executor is given, i.e. the real window).
        ``defer`` (``jobdesk``'s window): only the frame its first paint shows is built
        at once, the rest after that paint or when first asked for (:mod:`later`)."""
        super().__init__()
        self.ruleset: RuleSet = NO_RULES  # until rules_ready()
        self.cleaner: Cleaner | None = None
        #: The rule editor (gui/authoring/editor.py), made when the rules arrive.
        self.rule_editor: RuleEditorPart | None = None
        self.settings = settings if settings is not None else make_settings()
        self.executor: Executor = executor if executor is not None else ThreadExecutor()
        #: The library's controller (jobdesk.gui.library) once one is installed.
        self.library: object | None = None
        #: The rules' arrival: loaded after the first paint, inputs queued until then.
        self.startup = RulesArrival(self, warm_up=executor is None if warm_up is None else warm_up)

        self.setWindowTitle("jobdesk")
        icon = app_icon()  # every size shipped (jobdesk.gui.app.app_icon)
        if not icon.isNull():
            self.setWindowIcon(icon)
        self.setAcceptDrops(True)
        self.actions_by_name = build_actions(self, ACTIONS)  # slots: the via table above
        group = QActionGroup(self)
        group.addAction(self.act_group_category)
        group.addAction(self.act_group_pack)
        self._build_frame()
        self.built = False  # the parts of LATER
        if defer:
            self.startup.after_paint.append(self.build_rest)
            self._update_actions()
        else:
            self.build_rest()
        self.empty.sample_button.setFocus()
        if rules is not None:  # given (tests, benchmarks): there at once
            from jobdesk.core.engine import Cleaner

            self.startup.given(rules, Cleaner(rules))

    # ================================================================ parts

    def _build_frame(self) -> None:
        """What the first frame shows: the rules column, the empty window, menus, toolbar
        and status bar, as they were left."""
        self.rules_model = RulesModel(self.ruleset, self)
        self.rules_proxy = RulesFilterProxy(self)
        self.rules_proxy.setSourceModel(self.rules_model)
        self.feedback = Feedback(self)
        self.rules_panel = RulesPanel(
            self.ruleset, self.rules_model, self.rules_proxy, self.act_hide_empty,
            self.act_reset_rules,
        )  # fmt: skip
        self.rules_panel.view.setAccessibleName("Rules: check or uncheck to switch a rule")
        self.empty = EmptyState([self.act_paste, self.act_open], self.act_sample)
        central, self.main_split, self.stack = central_area(
            self.feedback.notice, self.rules_panel, [self.empty]
        )
        layout.fit_rules(self.rules_panel.view)
        self.setCentralWidget(central)
        self.site = SiteChooser(
            self.ruleset, self, lambda: self.shown.current, self.act_choose_site.toolTip()
        )
        add_menus(self, self.actions_by_name)
        trailing = [self.site.label, self.site.button]
        self.toolbar = add_toolbar(self, self.actions_by_name, trailing)
        # The status bar's labels (the compare pane's counts) and the rule-pack problems
        # button (hidden until there are problems): the bar's height is the first frame's.
        self.status_labels = (plain_label(), rich_label())
        removed, counts = self.status_labels
        self.feedback.add_status_widgets(counts, removed, self.act_pack_errors)
        restore_frame(self.settings, self, self.main_split, self.act_hide_empty)

    def build_rest(self) -> None:
        """The parts of :data:`~later.LATER`, wired, and what is remembered of them."""
        if self.built:
            return
        self.built = True  # (a part asked for while they are built is an error)
        self._build_parts()
        self._wire_parts()
        self.act_sync.setChecked(True)
        self.act_group_category.setChecked(True)
        self.remembered.restore()
        self.shown.show_without_document()
        self._update_actions()

    def _build_parts(self) -> None:
        """The parts the first frame does not show, in the order they need each other."""
        from jobdesk.gui.authoring.controller import Authoring
        from jobdesk.gui.batches import Batches
        from jobdesk.gui.compare import ComparePane
        from jobdesk.gui.facts import FactsCard
        from jobdesk.gui.inputs import InputFlow
        from jobdesk.gui.opened import OpenedPostings
        from jobdesk.gui.output import Output
        from jobdesk.gui.removals import install_removals
        from jobdesk.gui.rule_choices import RuleChoices
        from jobdesk.gui.rules_control import RulesControl
        from jobdesk.gui.shown import ShownPosting
        from jobdesk.gui.window_settings import WindowSettings

        self.opened = OpenedPostings(self)  # (hidden until a second posting opens)
        self.files_model = self.opened.model
        self.rules_panel.after_first_frame(self.opened.box)  # (and its header's own data)
        layout.fit_files(self.opened.view)
        self.choices = RuleChoices(self.settings)  # the usual rules and postings' own
        self.batches = Batches(self, self.executor)
        self.facts_card = FactsCard()
        self.compare = ComparePane(
            self.ruleset, self.act_reset_edits, self.facts_card, status=self.status_labels
        )
        self.panes = self.compare
        self.stack.addWidget(self.compare)
        self.shown = ShownPosting(
            self.ruleset, self.opened, self.choices, (self.rules_model, self.rules_panel),
            self.compare, (self.stack, self.empty), self.act_reset_edits, self.executor,
            self.palette, self,
        )  # fmt: skip
        self.facts = self.shown.facts
        self.rules = RulesControl(
            self.shown, self.choices, self.rules_panel, self.act_reset_edits, self
        )
        self.inputs = InputFlow(  # batches start and items arrive through the shell's seams
            self, self.settings, lambda: self.startup.cleaner, self.batches, self.opened,
            self.choices, self.startup.run, self._on_item_loaded,
            lambda inputs, notes: self.load_inputs(inputs, notes),
        )  # fmt: skip
        self.output = Output(self.shown, self.opened, self.choices, self)
        self.remembered = WindowSettings(
            self.settings, self, (self.main_split, self.compare.split), self.rules_model,
            self.choices, self.facts_card,
            (self.act_hide_empty, self.act_group_pack, self.act_sync), self.feedback.status,
        )  # fmt: skip
        # On the frame: a dock, actions and menu entries.
        # The removals list (View ▸ Removals List, F9), a dock.
        self.removals = install_removals(self, self.compare, self.act_removals, self.settings)
        # Acting on removals, exceptions, rules from a selection, presets: its actions,
        # menu entries, context menus and status button go on the frame.
        self.authoring = Authoring(self, self._refresh)

    def _wire_parts(self) -> None:
        """How the parts talk: their messages to the status bar and the notice bar,
        and each signal to the part that answers it."""
        for part in (self.rules_panel, self.compare, self.facts, self.shown, self.rules,
                     self.inputs, self.output, self.site):  # fmt: skip
            part.message.connect(self.feedback.status)
        for part in (self.inputs, self.output, self.site):
            part.notice.connect(self.feedback.notify)
        self.opened.rowChosen.connect(self.shown.show_row)
        self.opened.countChanged.connect(lambda _n: self._update_actions())
        self.rules_panel.useUsualRules.connect(self.rules.use_usual_rules)
        self.rules_panel.keepAsUsualRules.connect(self.rules.keep_as_usual_rules)
        self.compare.ruleActivated.connect(self.rules_panel.select_rule)
        self.compare.stopReached.connect(lambda rid: self.rules_panel.select_rule(rid, quiet=True))
        self.facts_card.factActivated.connect(self.compare.show_fact)
        self.facts_card.conflictActivated.connect(self.compare.show_conflict)
        self.facts.changed.connect(self.factsChanged)
        self.stack.currentChanged.connect(lambda _i: self._update_actions())
        self.shown.shown.connect(self._on_shown)
        self.shown.resultChanged.connect(self.resultChanged)
        self.shown.changed.connect(self._update_actions)
        self.inputs.rowChosen.connect(self.shown.select_row)
        self.inputs.rematched.connect(self.shown.reshow)
        self.inputs.finished.connect(self._update_actions)
        self.output.saverChanged.connect(self._update_actions)
        self.site.reload.connect(lambda inp: self.load_inputs([inp]))
        self.compare.effectsChanged.connect(self.rules_model.set_effects)
        # After the authoring part's own (it reads the last result's exceptions first).
        self.rules_model.overridesChanged.connect(self.rules.on_overrides_changed)
        self.shown.exemptions = lambda: self.authoring.exemptions  # every resolve, draft
        self.resultChanged.connect(self.authoring.on_result)

    def rules_ready(self, ruleset: RuleSet, cleaner: Cleaner) -> None:
        """The rule set is there (:mod:`startup`: loaded after the first paint, given,
        or loaded again by the rule editor): every part that shows rules gets it;
        queued inputs are cleaned next."""
        self.ruleset, self.cleaner = ruleset, cleaner
        if self.rule_editor is None:  # it imports the core: made now, once
            from jobdesk.gui.authoring.editor import RuleEditorPart

            self.rule_editor = RuleEditorPart(self)
            self.rules_panel.layout().addWidget(self.rule_editor.off_label)  # type: ignore[union-attr]
            self.authoring.warm()
            show_once_unseen(self.stack, self.compare, self.empty)  # not at the 1st paste
        self.shown.set_rules(ruleset)
        self.site.set_rules(ruleset)
        self._update_actions()  # first: enabling an action resets its button's text
        self.feedback.show_pack_errors(ruleset)

    def edit_my_rules(self) -> None:
        """Rules ▸ Edit My Rules…: the user's rules and packs (gui/authoring/editor.py)."""
        if self.rule_editor is not None:  # else the rules are still loading
            self.rule_editor.open_dialog()

    def toggle_removals(self, on: bool) -> None:
        """View ▸ Removals List (F9): the dock follows its action (also while it is
        being installed, before ``removals`` is set)."""
        if "removals" in self.__dict__:
            self.removals.setVisible(on)

    def _on_item_loaded(self, job: LoadJob, loaded: Loaded, done: int, total: int) -> None:
        """Every item a batch delivers passes here, on the GUI thread (tests watch it)."""
        self.inputs.item_loaded(job, loaded, done, total)

    def _on_shown(self, entry: Entry | None) -> None:
        self.setWindowTitle(window_title(f"{entry.label} — jobdesk") if entry else "jobdesk")
        self.site.show(entry)
        self._update_actions()

    def _update_actions(self) -> None:
        entry = self.shown.current if self.built else None  # (the first frame: none)
        enable_actions(
            self.actions_by_name,
            WindowState(
                posting=entry is not None and self.shown.result is not None,
                empty=self.stack.currentWidget() is self.empty,
                hand_edited=entry is not None and entry.hand_text is not None,
                opened=self.opened.count() if self.built else 0,
                library=self.built and self.output.saver is not None,
                pack_errors=bool(self.ruleset.errors),
                rule_editor=self.rule_editor is not None,
            ),
        )

    @property
    def facts_delay_ms(self) -> int:
        """Debounce between a load/toggle and extracting the facts (ms)."""
        return self.facts.delay_ms

    @facts_delay_ms.setter
    def facts_delay_ms(self, ms: int) -> None:
        self.facts.delay_ms = ms

    # ================================================================ window events

    def closeEvent(self, event: QCloseEvent) -> None:
        self.startup.close()
        if self.built:  # (else closed before it painted: nothing ran, nothing changed)
            self.batches.cancel_all()
            emit(self.closing)
            self.facts.stop()
            self.remembered.save()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from jobdesk.gui.inputs import accepts

        if accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.inputs.handle_mime(event.mimeData(), "Dropped text"):
            event.acceptProposedAction()
        else:
            event.ignore()

    def changeEvent(self, event: QEvent) -> None:
        palette = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in palette and self.__dict__.get("built"):
            self.shown.apply_palette()  # the category colours, light or dark
        super().changeEvent(event)

    # ================================================================ help

    def next_removal(self) -> None:
        self.compare.goto_removal(1)

    def previous_removal(self) -> None:
        self.compare.goto_removal(-1)

    def shortcut_table(self) -> list[tuple[str, str]]:
        """Every key the window answers to: its actions, then the library's (F1)."""
        from jobdesk.gui.help import window_keys

        rename = {self.act_paste_empty: "Paste & Clean (empty window)"}
        return window_keys(self, self.library, rename)

    def show_shortcuts(self) -> None:
        from jobdesk.gui.help import show_shortcuts

        show_shortcuts(self, self.shortcut_table())

    def show_about(self) -> QMessageBox:
        from jobdesk.gui.help import show_about

        return show_about(self)

    def show_pack_errors(self) -> None:
        if not self.ruleset.errors:
            self.feedback.status("All rule packs loaded without problems", 4000)
            return
        from jobdesk.gui.help import show_pack_errors

        show_pack_errors(self, self.ruleset)

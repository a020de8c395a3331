"""The paste-and-clean window: a shell that composes its parts.

Layout: a toolbar; on the left the list of opened postings (when there are several)
and the rules panel (:mod:`rules_panel`); on the right the compare pane
(:mod:`compare`: the raw/source text with every edit highlighted beside the facts
card and the cleaned posting, editable). An empty window shows a hint and a "Try a
sample posting" button (:mod:`widgets`). The actions are a table
(:mod:`actions`); the facts card is kept up to date by :mod:`facts_controller`.

Data flow: inputs are read and matched off the GUI thread (:mod:`loading`); each
posting is a :class:`~jobdesk.session.PostingSession` that keeps its
:class:`~jobdesk.core.engine.Matched`; a rule toggle only calls ``Matched.resolve`` and
re-renders both panes (no re-matching).

Decisions worth knowing:

* Rules that are on or off are global — the user's *usual* rules — except for a posting
  opened from the library with other rules than those: it shows the rules it was saved
  with as its own choices (marked so in the rules panel, with "Use My Usual Rules" and
  "Make These My Usual Rules"); toggles on it stay with it, and the usual rules are
  never rewritten by an open. The window stores only the user's overrides of the
  defaults, in QSettings, so new rules get their defaults.
* A hand edit of the cleaned posting "freezes" it: rule toggles keep updating the
  highlights on the left but leave the cleaned text alone until the user discards the
  edits (a banner says so). Each posting keeps its own hand edits.
* Inputs that fail (binary, unreadable, empty, too long) are not added to the list;
  the notice bar says why (all of them, for a batch).
* The library plugs in with :meth:`MainWindow.set_library_saver` (see
  :func:`jobdesk.gui.library.install_library`, called at startup); without one
  "Save to library" is present but disabled. The window and the library import
  nothing of each other: the library asks by signals (:meth:`open_from_library`,
  :meth:`notify`, the status bar).
* Facts are extracted off the GUI thread, debounced after a load or a toggle, cached
  per posting and rule set; the user's edits of facts are kept per posting.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui import layout
from jobdesk.gui.actions import ACTIONS, MENUS, TOOLBAR, build_actions, keys_text
from jobdesk.gui.authoring.controller import Authoring
from jobdesk.gui.batches import Batch, Batches, batch_report
from jobdesk.gui.compare import ComparePane
from jobdesk.gui.facts import FactsCard
from jobdesk.gui.facts_controller import FactsController
from jobdesk.gui.files_model import Entry
from jobdesk.gui.help import shortcut_table, show_about, show_pack_errors, show_shortcuts
from jobdesk.gui.loading import (
    Executor,
    Input,
    Loaded,
    LoadJob,
    ThreadExecutor,
    expand_paths,
    input_from_mime,
    local_paths,
)
from jobdesk.gui.opened import OpenedPostings
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.removals import RemovalsDock, install_removals
from jobdesk.gui.resources import app_icon, sample_posting
from jobdesk.gui.rule_choices import RuleChoices
from jobdesk.gui.rules_model import RulesFilterProxy, RulesModel
from jobdesk.gui.rules_panel import RulesPanel
from jobdesk.gui.safe import (
    esc,
    rich_label,
    window_title,
)
from jobdesk.gui.site_menu import SiteMenu
from jobdesk.gui.spans import NavStop, word_starts
from jobdesk.gui.startup import NO_RULES, RulesArrival
from jobdesk.gui.widgets import EmptyState, NoticeBar
from jobdesk.session import Draft, FactsJSON, paste_label

if TYPE_CHECKING:  # the engine and the rules load after the first paint (gui/startup.py)
    from jobdesk.core.engine import Cleaner
    from jobdesk.core.result import CleanResult
    from jobdesk.core.rules import RuleSet
    from jobdesk.gui.authoring.editor import RuleEditorPart

SETTINGS_ORG = "jobdesk"
SETTINGS_APP = "jobdesk"
#: What "Save to library" hands its drafts to; returns a status message (or None when
#: it reports by itself, e.g. after background work).
LibrarySaver = Callable[[list[Draft]], str | None]


def make_settings() -> QSettings:
    """QSettings (organisation "jobdesk"); ``JOBDESK_CONFIG_DIR`` moves it to a file there."""
    override = os.environ.get("JOBDESK_CONFIG_DIR")
    if override:
        return QSettings(str(Path(override) / "window.ini"), QSettings.Format.IniFormat)
    return QSettings(SETTINGS_ORG, SETTINGS_APP)


class MainWindow(QMainWindow):
    """The paste-and-clean window."""

    resultChanged = Signal()  # both panes were re-rendered (tests, benchmarks)
    factsChanged = Signal()  # the facts card shows the current posting's facts
    closing = Signal()  # the window is closing (the library saves and stops)

    # The actions, made from jobdesk.gui.actions.ACTIONS (see there).
    act_paste: QAction
    act_paste_empty: QAction
    act_open: QAction
    act_sample: QAction
    act_save: QAction
    act_save_all: QAction
    act_next_file: QAction
    act_prev_file: QAction
    act_close_file: QAction
    act_quit: QAction
    act_copy: QAction
    act_copy_md: QAction
    act_reset_edits: QAction
    act_next: QAction
    act_prev: QAction
    act_sync: QAction
    act_removals: QAction
    act_hide_empty: QAction
    act_filter_rules: QAction
    act_reset_rules: QAction
    act_group_category: QAction
    act_group_pack: QAction
    act_expand: QAction
    act_collapse: QAction
    act_choose_site: QAction
    act_pack_errors: QAction
    act_edit_rules: QAction
    act_reset_layout: QAction
    act_focus_raw: QAction
    act_focus_clean: QAction
    act_focus_rules: QAction
    act_shortcuts: QAction
    act_about: QAction
    act_dismiss: QAction

    def __init__(
        self,
        rules: RuleSet | None = None,
        *,
        settings: QSettings | None = None,
        executor: Executor | None = None,
        warm_up: bool | None = None,
    ) -> None:
        """``rules`` None: the window paints first and loads them after
        (:mod:`startup`). ``warm_up``: warm the engine off the GUI thread after the first
        paint (:mod:`warmup`; default: when no executor is given, i.e. the real window)."""
        super().__init__()
        self.ruleset: RuleSet = NO_RULES  # until rules_ready()
        #: The rule editor (gui/authoring/editor.py), made when the rules arrive.
        self.rule_editor: RuleEditorPart | None = None
        self.settings = settings if settings is not None else make_settings()
        #: The usual rule choices and the postings' own (:mod:`rule_choices`).
        self.choices = RuleChoices(self.settings)
        self.executor: Executor = executor if executor is not None else ThreadExecutor()
        self.batches = Batches(self, self.executor)
        self._current: Entry | None = None
        self._result: CleanResult | None = None
        self._showing = False
        self._library_saver: LibrarySaver | None = None
        #: The library's controller (jobdesk.gui.library) once one is installed.
        self.library: object | None = None
        #: The rules' arrival: loaded after the first paint, inputs queued until then.
        self.startup = RulesArrival(self, warm_up=executor is None if warm_up is None else warm_up)

        self.setWindowTitle("jobdesk")
        icon = app_icon()  # every size shipped (jobdesk.gui.app.app_icon)
        if not icon.isNull():
            self.setWindowIcon(icon)
        self.setAcceptDrops(True)

        self.opened = OpenedPostings(self)
        self.files_model = self.opened.model
        self.rules_model = RulesModel(self.ruleset, self)
        self.rules_proxy = RulesFilterProxy(self)
        self.rules_proxy.setSourceModel(self.rules_model)

        self._make_actions()
        self._make_widgets()
        self._make_menus()
        self._make_toolbar()
        self._make_statusbar()
        self._make_removals()
        self._restore_settings()
        self._show_rules_without_document()
        self._update_actions()

        # ---- acting on removals, rules from a selection, presets (gui/authoring/):
        # the user's exceptions apply to every resolve; context menus, Rules ▸ Preset,
        # Exceptions…, Remove Text Like This…
        self.authoring = Authoring(self, self._refresh)
        self.resultChanged.connect(self.authoring.on_result)
        # ----

        self.rules_model.overridesChanged.connect(self._on_overrides_changed)
        # ---- the rule editor (gui/authoring/editor.py): the dialog, reloads, packs off
        self.empty.sample_button.setFocus()
        if rules is not None:
            from jobdesk.core.engine import Cleaner

            self.startup.given(rules, Cleaner(rules))

    # ================================================================ construction

    def _make_actions(self) -> None:
        self.actions_by_name = build_actions(self, ACTIONS)
        self.act_sync.setChecked(True)
        group = QActionGroup(self)
        group.addAction(self.act_group_category)
        group.addAction(self.act_group_pack)
        self.act_group_category.setChecked(True)
        self.site_menu = SiteMenu(None, self)  # its sites come with the rules
        self.site_group = self.site_menu.group
        self.act_site_auto = self.site_menu.act_auto
        self.act_site_none = self.site_menu.act_none
        self.site_menu.chosen.connect(self.force_site)

    def _make_widgets(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(4, 4, 4, 0)
        outer.setSpacing(4)
        self.notice = NoticeBar()
        outer.addWidget(self.notice)

        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.setChildrenCollapsible(False)
        outer.addWidget(self.main_split, 1)

        # ---- left column: opened postings + rules
        self.files_box = self.opened.box
        self.files_label = self.opened.label
        self.files_view = self.opened.view
        self.opened.rowChosen.connect(self._show_row)
        self.opened.countChanged.connect(lambda _n: self._update_actions())
        self.rules_panel = RulesPanel(
            self.ruleset, self.rules_model, self.rules_proxy, self.act_hide_empty,
            self.act_reset_rules,
        )  # fmt: skip
        self.rules_panel.message.connect(self._status)
        self.rules_panel.useUsualRules.connect(self.use_usual_rules)
        self.rules_panel.keepAsUsualRules.connect(self.keep_as_usual_rules)
        self.rules_view = self.rules_panel.view
        self.rules_view.setAccessibleName("Rules: check or uncheck to switch a rule")
        self.rule_filter = self.rules_panel.filter
        self.hide_empty_box = self.rules_panel.hide_empty_box
        self.rule_details = self.rules_panel.details
        self.reset_rules_button = self.rules_panel.reset_button
        self.rules_panel.put_above(self.files_box)
        self.main_split.addWidget(self.rules_panel)

        # ---- right: empty state | compare pane
        self.stack = QStackedWidget()
        self.empty = EmptyState([self.act_paste, self.act_open], self.act_sample)
        self.stack.addWidget(self.empty)
        self.facts_card = FactsCard()
        self.compare = ComparePane(self.ruleset, self.act_reset_edits, self.facts_card)
        self.compare.sync_enabled = self.act_sync.isChecked()
        self.compare.message.connect(self._status)
        self.compare.ruleActivated.connect(self.select_rule)
        self.compare.stopReached.connect(lambda rid: self.select_rule(rid, quiet=True))
        self.raw = self.compare.raw
        self.cleaned = self.compare.cleaned
        self.hand_banner = self.compare.hand_banner
        self.pane_split = self.compare.split
        self.cleaned.handEdited.connect(self._on_hand_edit)
        self.facts = FactsController(self.facts_card, self.executor, self._shown, self)
        self.facts.changed.connect(self.factsChanged)
        self.facts.message.connect(self._status)
        self.facts_card.factActivated.connect(self.compare.show_fact)
        self.facts_card.conflictActivated.connect(self.compare.show_conflict)
        self.stack.addWidget(self.compare)
        self.panes = self.compare
        self.main_split.addWidget(self.stack)
        # A smaller window shrinks the rules column too (its share stays about the same).
        self.main_split.setStretchFactor(0, 1)
        self.main_split.setStretchFactor(1, 3)
        layout.fit_lists(self.files_view, self.rules_view)
        self.setCentralWidget(central)
        self.stack.currentChanged.connect(lambda _i: self._update_actions())

    def _make_menus(self) -> None:
        mb = self.menuBar()
        for title, names in MENUS:
            m = mb.addMenu(title)
            for name in names:
                if name is None:
                    m.addSeparator()
                else:
                    m.addAction(self.actions_by_name[name])

    def _make_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(18, 18))
        for name in TOOLBAR:
            if name is None:
                tb.addSeparator()
            else:
                tb.addAction(self.actions_by_name[name])
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        self.site_label = rich_label()
        self.site_label.setContentsMargins(8, 0, 4, 0)
        tb.addWidget(self.site_label)
        self.site_button = QToolButton()
        self.site_button.setText("Site")
        self.site_button.setToolTip(self.act_choose_site.toolTip())
        self.site_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.site_button.setMenu(self.site_menu)
        tb.addWidget(self.site_button)
        self.toolbar = tb

    def _make_statusbar(self) -> None:
        sb = self.statusBar()
        self.status_removed = self.compare.status_removed
        self.status_categories = self.compare.status_categories
        # A normal widget: a temporary message (e.g. "Removal 3 of 14") hides it for a while.
        sb.addWidget(self.status_categories, 1)
        sb.addPermanentWidget(self.status_removed)
        self.pack_errors_button = QToolButton()
        self.pack_errors_button.setAutoRaise(True)
        self.pack_errors_button.setDefaultAction(self.act_pack_errors)
        self.pack_errors_button.setVisible(False)  # until the rules say (rules_ready)
        sb.addPermanentWidget(self.pack_errors_button)

    # ================================================================ removals list

    def _make_removals(self) -> None:
        """The removals list (a dock, View ▸ Removals List) and the rules' real effects
        in the rules panel (:mod:`removals`, :mod:`compare`)."""
        self.removals: RemovalsDock = install_removals(
            self, self.compare, self.act_removals, self.settings
        )
        self.compare.effectsChanged.connect(self.rules_model.set_effects)

    def toggle_removals(self, on: bool) -> None:
        if hasattr(self, "removals"):
            self.removals.setVisible(on)

    # ================================================================ the rules arrive

    def rules_ready(self, ruleset: RuleSet, cleaner: Cleaner) -> None:
        """The rule set is there (:mod:`startup`: loaded after the first paint, or
        given): the parts that show rules get it; queued inputs are cleaned next."""
        self.ruleset, self.cleaner = ruleset, cleaner
        if self.rule_editor is None:
            from jobdesk.gui.authoring.editor import RuleEditorPart

            self.rule_editor = RuleEditorPart(self)
            self.rules_panel.layout().addWidget(self.rule_editor.off_label)  # type: ignore[union-attr]
        self.rules_model.set_ruleset(ruleset)
        self.rules_panel.ruleset = self.compare.ruleset = ruleset
        self.raw.set_rule_lookup(ruleset.get)
        self.site_menu.set_sites(ruleset)
        self.rules_model.set_overrides(self.choices.usual)  # now checked against the rules
        self.choices.usual = self.rules_model.overrides()
        if self._current is None:
            self._show_rules_without_document()
        self._update_actions()  # first: enabling the action resets its button's text
        n = len(ruleset.errors)
        self.pack_errors_button.setText(f"⚠ {n} rule-pack problem{'s' if n != 1 else ''}")
        self.pack_errors_button.setVisible(bool(n))
        if n:
            self.notice.show_message(
                f"{n} problem{'s' if n != 1 else ''} in the rule packs; the other rules work.",
                "warning",
                "\n".join(str(e) for e in ruleset.errors),
            )

    @property
    def ready(self) -> bool:
        """The rules are there and the engine is warm: a paste costs what any other does."""
        return self.startup.ready

    @property
    def warm_up_done(self) -> bool:
        return self.startup.warm_up_done

    @property
    def warmed_rules(self) -> int:
        return self.startup.warmed_rules

    # ================================================================ settings

    def _restore_settings(self) -> None:
        s = self.settings
        geo = s.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(*layout.DEFAULT_SIZE)
        layout.restore_splits(s, self.main_split, self.pane_split, self.width())
        self.rules_model.set_overrides(self.choices.load())
        self.choices.usual = self.rules_model.overrides()
        self.act_hide_empty.setChecked(_as_bool(s.value("rules/hide_empty", True)))
        if s.value("rules/grouping", "category") == "pack":
            self.act_group_pack.setChecked(True)
        self.act_sync.setChecked(_as_bool(s.value("view/sync_scroll", True)))
        self.facts_card.set_expanded(_as_bool(s.value("view/facts", True)))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        layout.save_splits(s, self.main_split, self.pane_split)
        self._save_overrides()
        s.setValue("rules/hide_empty", self.act_hide_empty.isChecked())
        s.setValue("rules/grouping", self.rules_model.grouping)
        s.setValue("view/sync_scroll", self.act_sync.isChecked())
        s.setValue("view/facts", self.facts_card.expanded)
        s.sync()

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: the panes, the facts card and the rules panel as they
        are at first (the window keeps its size and place; the rules their choices)."""
        layout.default_splits(self.main_split, self.pane_split, self.width())
        self.facts_card.set_expanded(True)
        self.act_hide_empty.setChecked(True)
        self.act_sync.setChecked(True)
        self.save_settings()
        self.statusBar().showMessage("The layout is back to its defaults", 4000)

    def _save_overrides(self) -> None:
        self.choices.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.startup.close()
        self.batches.cancel_all()
        emit(self.closing)
        self.facts.stop()
        self.save_settings()
        super().closeEvent(event)

    # ================================================================ input

    def paste_and_clean(self) -> None:
        """Clean what is on the clipboard (its HTML when it has some)."""
        md = QGuiApplication.clipboard().mimeData()
        label = f"Pasted {time.strftime('%H:%M')}"
        if md is None:
            self._empty_clipboard()
            return
        paths = local_paths(md)
        if paths:
            self.open_paths(paths)
            return
        inp = input_from_mime(md, label)
        if inp is None:
            self._empty_clipboard()
            return
        self.load_inputs([inp])

    def _empty_clipboard(self) -> None:
        self.notify(
            "The clipboard holds no text. Copy a job posting in your browser "
            "(Ctrl+A, then Ctrl+C) and paste again.",
            "warning",
        )

    def open_dialog(self) -> None:
        start = str(self.settings.value("files/last_dir", "") or Path.home())
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Open job postings",
            start,
            "Job postings (*.html *.htm *.txt *.md *.eml);;All files (*)",
        )
        if names:
            self.settings.setValue("files/last_dir", str(Path(names[0]).parent))
            self.open_paths([Path(n) for n in names])

    def open_sample(self) -> None:
        path = sample_posting()
        if path is None:
            self.notify("The sample posting is missing from this installation.", "error")
            return
        self.open_paths([path])

    def open_paths(self, paths: Iterable[Path | str]) -> None:
        files, notes = expand_paths(Path(p) for p in paths)
        inputs = [Input(label=p.name, path=p) for p in files]
        if not inputs:
            self.notify(" ".join(notes) or "Nothing to open.", "warning")
            return
        self.load_inputs(inputs, notes)

    def open_from_library(self, inp: Input) -> None:
        """A saved posting to open (the library's ``openRequested``)."""
        self.load_inputs([inp])

    def show_opened(self, library_id: int) -> bool:
        """Show the opened posting saved as ``library_id``; False when none is open."""
        row = self.opened.row_of_library_id(library_id)
        if row >= 0:
            self._select_row(row)
        return row >= 0

    def load_inputs(self, inputs: Sequence[Input], notes: Sequence[str] = ()) -> LoadJob:
        """Read and match inputs off the GUI thread; each one is listed when ready."""
        job = self.batches.start(
            inputs, notes, self.startup.cleaner, on_item=self._on_item_loaded,
            on_finished=self._on_job_finished, on_cancel=self.cancel_job,
        )  # fmt: skip
        self.startup.run(job)  # now, or once the rules are there ("Loading rules…")
        return job

    def cancel_job(self, job: LoadJob) -> None:
        job.cancel()
        batch = self.batches.end(job)
        if batch is not None:
            self._report_batch(batch, cancelled=True)

    def _on_item_loaded(self, job: LoadJob, loaded: Loaded, done: int, total: int) -> None:
        batch = self.batches.get(job)
        if batch is None or job.cancelled:
            return  # a cancelled (stale) job: drop its results
        self._add_loaded(batch, loaded)
        # Last: a shown modal progress dialog processes events in setValue(), which can
        # deliver the next item re-entrantly; this one is already listed by then.
        if batch.progress is not None and total > 1:
            batch.progress.setLabelText(f"Cleaned {done} of {total} postings…")
            batch.progress.setValue(done)

    def _add_loaded(self, batch: Batch, loaded: Loaded) -> None:
        if loaded.error is not None or loaded.matched is None:
            batch.errors.append(loaded.error or f"{loaded.input.label}: could not be read")
            return
        inp = loaded.input
        batch.skipped.extend(f"{inp.label}: {w}" for w in loaded.matched.warnings)
        if inp.replaces is not None:
            self._replace_match(inp.replaces, loaded)
            return
        label = inp.label
        if inp.path is None:
            label = paste_label(loaded.matched, inp.label)
        entry = Entry(label=label, path=inp.path, matched=loaded.matched)
        if inp.opened is not None:
            batch.status = self._adopt_opened(entry, inp)
        row = self.opened.add(entry)
        batch.added += 1
        if batch.first_row < 0:
            batch.first_row = row
            self._select_row(row)

    def _adopt_opened(self, entry: Entry, inp: Input) -> str:
        """A posting opened from the library: its hand edits, fact edits and the rules
        it was saved with come along."""
        assert inp.opened is not None
        entry.adopt(inp.opened)
        self.choices.adopt(entry)  # its own choices; the usual rules stay as they are
        note = entry.rules_note
        return f"Opened #{entry.library_id} from the library" + (f" — {note}" if note else "")

    def _replace_match(self, entry: Entry, loaded: Loaded) -> None:
        """A posting matched again (another site pack): re-show it; hand edits stay."""
        row = self.opened.row_of(entry)
        if row < 0:
            return  # closed meanwhile
        entry.rematched(loaded.matched)  # facts depend on the match
        self.opened.refresh(entry)
        if entry is self._current:
            self._current = None
            self._show_row(row)
        site = loaded.matched.site_pack if loaded.matched else None
        self.statusBar().showMessage(
            f"Cleaned again with the {site.name} rules"
            if site
            else "Cleaned again (site detected)",
            4000,
        )

    def _on_job_finished(self, job: LoadJob, cancelled: bool) -> None:
        batch = self.batches.end(job)
        if batch is not None:
            self._report_batch(batch, cancelled=cancelled)

    def _report_batch(self, batch: Batch, *, cancelled: bool) -> None:
        report = batch_report(batch, cancelled=cancelled)
        if report.message:
            self.notify(report.message, report.level, report.details)
        elif report.status:
            self.statusBar().showMessage(report.status, report.ms)
        else:
            self.statusBar().clearMessage()
        self._update_actions()

    @property
    def busy(self) -> bool:
        return bool(self.batches.by_job)

    @property
    def _batches(self) -> dict[int, Batch]:
        return self.batches.by_job

    # ---------------------------------------------------------------- drag & drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        md = event.mimeData()
        if md.hasUrls() or md.hasHtml() or md.hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.handle_mime(event.mimeData(), "Dropped text"):
            event.acceptProposedAction()
        else:
            event.ignore()

    def handle_mime(self, md: QMimeData, label: str) -> bool:
        """Open what a drop carries: local files/folders, else its HTML or text."""
        paths = local_paths(md)
        if paths:
            self.open_paths(paths)
            return True
        inp = input_from_mime(md, label)
        if inp is None:
            self.notify("Nothing to open in what was dropped.", "warning")
            return False
        self.load_inputs([inp])
        return True

    # ================================================================ showing

    def _shown(self) -> tuple[Entry | None, CleanResult | None]:
        return self._current, self._result

    def _select_row(self, row: int) -> None:
        self.opened.choose(row)
        if self._current is not self.opened.entry(row):
            self._show_row(row)

    def _show_rules_without_document(self) -> None:
        generic = [r for p in self.ruleset.packs if not p.is_site for r in p.rules]
        self.rules_model.set_rules(generic)
        self.rules_model.set_hits(None)

    def _show_row(self, row: int) -> None:
        entry = self.opened.entry(row)
        if entry is None or entry is self._current:
            return
        self._current = entry
        m = entry.matched
        if m is None:
            return
        rules = list(m.rules.values())
        if [r.id for r in rules] != [r.id for r in self.rules_model.rules()]:
            self.rules_model.set_rules(rules)
        self._show_rule_choices()
        self.raw.set_rule_lookup(self.ruleset.get)
        self._showing = True
        try:
            self.raw.set_source(m.source)
            self.stack.setCurrentWidget(self.panes)
            self._refresh(reset_clean=True)
        finally:
            self._showing = False
        self.compare.scroll_to_top()
        from jobdesk.core.engine import NO_SITE

        site = m.site_pack
        self.setWindowTitle(window_title(f"{entry.label} — jobdesk"))
        forced = entry.forced_site
        if site:
            label = f"site: <b>{esc(site.name)}</b>"
        elif forced == NO_SITE:
            label = "site: unknown"
        else:
            label = "site: generic"
        self.site_label.setText(label + (" (chosen)" if forced is not None else ""))
        self._sync_site_menu()
        self._update_actions()

    def _refresh(self, *, reset_clean: bool = False) -> None:
        """Resolve with the current overrides and re-render both panes."""
        entry = self._current
        if entry is None or entry.matched is None:
            return
        m = entry.matched
        result = self.authoring.resolve(entry, self._active_rules(entry))
        self._result = result
        self.compare.show_result(m, result, entry.hand_text, reset_clean=reset_clean)
        from jobdesk.core.engine import TIDY_RULE

        hits = {rid: len(hs) for rid, hs in m.hits_by_rule.items()}
        tidy = result.rule_counts().get(TIDY_RULE)
        if tidy:
            hits[TIDY_RULE] = tidy
        self.rules_model.set_hits(hits)
        self._update_status(result)
        self.facts.schedule()
        emit(self.resultChanged)

    def _update_status(self, result: CleanResult) -> None:
        entry = self._current
        self.compare.update_status(
            result,
            hand_edited=entry is not None and entry.hand_text is not None,
            word_starts=entry.word_starts(word_starts) if entry else None,
            palette=self.palette(),
        )

    # ================================================================ facts

    @property
    def facts_delay_ms(self) -> int:
        """Debounce between a load/toggle and extracting the facts (ms)."""
        return self.facts.delay_ms

    @facts_delay_ms.setter
    def facts_delay_ms(self, ms: int) -> None:
        self.facts.delay_ms = ms

    def flush_facts(self) -> None:
        """Extract the pending facts now (tests; before saving)."""
        self.facts.flush()

    def current_facts(self) -> FactsJSON | None:
        """The current posting's facts with the user's edits (None: not read yet)."""
        return self.facts.facts()

    # ================================================================ rules

    def rule_overrides(self) -> dict[str, bool]:
        """The user's usual overrides of the rules' defaults (what is switched on or
        off for every posting without choices of its own)."""
        return dict(self.choices.usual)

    def _active_rules(self, entry: Entry | None) -> dict[str, bool]:
        return self.choices.active(entry)

    def _show_rule_choices(self) -> None:
        """The rules panel shows the current posting's choices, marked when its own."""
        entry = self._current
        active = self._active_rules(entry)
        if active != self.rules_model.overrides():
            self.rules_model.set_overrides(active)
        self.rules_panel.show_posting_rules(self.choices.mark(entry))

    def use_usual_rules(self) -> None:
        """Clean the current posting with the usual rules (drop its own choices)."""
        entry = self._current
        if entry is None or entry.own_rules is None:
            return
        self.choices.use_usual(entry)
        self._show_rule_choices()
        self._refresh()
        self.statusBar().showMessage("This posting now uses your usual rules", 4000)

    def keep_as_usual_rules(self) -> None:
        """Make the current posting's own choices the usual rules."""
        entry = self._current
        if entry is None or entry.own_rules is None:
            return
        self.choices.make_usual(entry)
        self._show_rule_choices()
        self._refresh()
        self.statusBar().showMessage("These rules are now your usual rules", 4000)

    def _on_overrides_changed(self) -> None:
        if not self.choices.changed(self._current, self.rules_model.overrides()):
            self._show_rule_choices()  # the posting's own: its mark says how many differ
        self._refresh()
        if self._current is not None and self._current.hand_text is not None:
            self.statusBar().showMessage(
                "The cleaned text keeps your hand edits; the rule change shows on the left. "
                f"Discard Hand Edits ({keys_text(self.act_reset_edits)}) to apply it.",
                8000,
            )

    def reset_rules(self) -> None:
        own = self._current is not None and self._current.own_rules is not None
        self.rules_model.reset_to_defaults()
        self.statusBar().showMessage(
            "Every rule of this posting is back to its default"
            if own
            else "Every rule is back to its default",
            4000,
        )

    def group_by_category(self, checked: bool) -> None:
        if checked:
            self._set_grouping("category")

    def group_by_pack(self, checked: bool) -> None:
        if checked:
            self._set_grouping("pack")

    def _set_grouping(self, grouping: str) -> None:
        if not hasattr(self, "rules_panel"):
            self.rules_model.set_grouping(grouping)
            return
        self.rules_panel.set_grouping(grouping)

    def set_hide_empty(self, hide: bool) -> None:
        self.rules_panel.set_hide_empty(hide)

    def focus_rule_filter(self) -> None:
        self.rules_panel.focus_filter()

    def expand_rules(self) -> None:
        self.rules_view.expandAll()

    def collapse_rules(self) -> None:
        self.rules_view.collapseAll()

    def select_rule(self, rule_id: str, *, quiet: bool = False) -> bool:
        """Select (and reveal) a rule in the rules panel."""
        return self.rules_panel.select_rule(rule_id, quiet=quiet)

    # ================================================================ rule editor

    def edit_my_rules(self) -> None:
        """Rules ▸ Edit My Rules…: the user's rules and packs (gui/authoring/editor.py)."""
        if self.rule_editor is not None:  # else the rules are still loading
            self.rule_editor.open_dialog()

    # ================================================================ site

    def popup_site_menu(self) -> None:
        if self.site_button.isVisible():
            self.site_menu.popup(self.site_button.mapToGlobal(self.site_button.rect().bottomLeft()))
        else:
            self.site_menu.popup(self.mapToGlobal(self.rect().center()))

    def force_site(self, site: str | None) -> None:
        """Match the current posting again with a site pack's rules (None: detect)."""
        from jobdesk.core.engine import NO_SITE

        entry = self._current
        if entry is None or entry.matched is None:
            self.statusBar().showMessage("Open a posting first", 3000)
            self._sync_site_menu()
            return
        if site not in (None, NO_SITE) and self.ruleset.pack(site) is None:
            self.notify(f"Unknown site {site!r}.", "error")
            return
        entry.forced_site = site
        doc = entry.matched.document
        self.load_inputs(
            [Input(entry.label, path=entry.path, document=doc, site=site, replaces=entry)]
        )

    def _sync_site_menu(self) -> None:
        entry = self._current
        self.site_menu.show_forced(entry.forced_site if entry is not None else None)

    # ================================================================ hand edits

    def _on_hand_edit(self) -> None:
        entry = self._current
        if entry is None or self._showing:
            return
        text = self.cleaned.current_text()
        if entry.hand_edit(text, self.cleaned.shown.replace("\u00a0", " ")):
            self.statusBar().showMessage(
                "Edited by hand: rule changes no longer overwrite the cleaned text "
                f"(Discard Hand Edits, {keys_text(self.act_reset_edits)}, to go back)",
                8000,
            )
        self.hand_banner.setVisible(entry.hand_text is not None)
        self.opened.refresh(entry)
        if self._result is not None:
            self._update_status(self._result)
        self._update_actions()

    def discard_hand_edits(self) -> None:
        entry = self._current
        if entry is None or entry.hand_text is None:
            return
        entry.hand_text = None
        if self._result is not None:
            self.cleaned.set_text(self._result.cleaned, reset=True)
            self._update_status(self._result)
        self.hand_banner.hide()
        self.opened.refresh(entry)
        self.statusBar().showMessage("Hand edits discarded", 4000)
        self._update_actions()

    # ================================================================ output

    def cleaned_text(self) -> str:
        """The cleaned posting as the user sees it (hand edits included)."""
        entry = self._current
        if entry is None or self._result is None:
            return ""
        return entry.cleaned(self._result)

    def copy_cleaned(self) -> None:
        text = self.cleaned_text()
        if not text:
            self.notify("There is no cleaned posting to copy yet.", "warning")
            return
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied the cleaned posting ({len(text):,} characters)", 4000)

    def copy_markdown(self) -> None:
        text = self.cleaned_text()
        if not text:
            self.notify("There is no cleaned posting to copy yet.", "warning")
            return
        from jobdesk.core.markdown import to_markdown

        doc = self._result.document if self._result else None
        title = doc.title if doc is not None else None
        md = to_markdown(text, title=title if title and title not in text[:300] else None)
        mime = QMimeData()
        mime.setText(md)
        mime.setData("text/markdown", md.encode("utf-8"))
        QGuiApplication.clipboard().setMimeData(mime)
        self.statusBar().showMessage("Copied the cleaned posting as Markdown", 4000)

    # ---------------------------------------------------------- library hook

    def set_library_saver(self, saver: LibrarySaver | None) -> None:
        """Plug in the library: ``saver(drafts)`` stores them and returns a message for
        the status bar (or None when it reports by itself, e.g. after background work)."""
        self._library_saver = saver
        self._update_actions()

    def drafts(self, *, all_entries: bool = False) -> list[Draft]:
        entries = self.opened.entries if all_entries else [self._current]
        return [
            d
            for e in entries
            if e is not None
            and (d := e.draft(self._active_rules(e), self.authoring.exemptions)) is not None
        ]

    def save_to_library(self, *, all_entries: bool = False) -> None:
        if self._library_saver is None:
            self.notify("The library is not available in this version yet.", "info")
            return
        drafts = self.drafts(all_entries=all_entries)
        if not drafts:
            return
        try:
            msg = self._library_saver(drafts)
        except Exception as exc:
            self.notify(f"Could not save to the library: {exc}", "error")
            return
        if msg:  # a saver that reports later (a batch on a worker) returns None
            self.statusBar().showMessage(msg, 6000)

    def save_all_to_library(self) -> None:
        self.save_to_library(all_entries=True)

    # ================================================================ navigation

    def goto_removal(self, step: int) -> None:
        self.compare.goto_removal(step)

    def next_removal(self) -> None:
        self.goto_removal(1)

    def previous_removal(self) -> None:
        self.goto_removal(-1)

    @property
    def current_stop(self) -> NavStop | None:
        return self.compare.current_stop

    @property
    def stops(self) -> list[NavStop]:
        return self.compare.stops

    def set_sync_scrolling(self, on: bool) -> None:
        if hasattr(self, "compare"):
            self.compare.set_sync(on)

    # ================================================================ files

    def step_file(self, step: int) -> None:
        row = self.opened.step_from(self._current, step)
        if row >= 0:
            self._select_row(row)

    def next_file(self) -> None:
        self.step_file(1)

    def previous_file(self) -> None:
        self.step_file(-1)

    def close_current(self) -> None:
        entry = self._current
        if entry is None:
            return
        self._current = None
        row = self.opened.remove(entry)
        if row >= 0:
            self._select_row(row)
        else:
            self._result = None
            self.compare.clear()
            self.facts.clear()
            self.stack.setCurrentWidget(self.empty)
            self._show_rules_without_document()
            self._show_rule_choices()
            self.site_label.setText("")
            self.setWindowTitle("jobdesk")
        self._update_actions()

    @property
    def current_entry(self) -> Entry | None:
        return self._current

    @property
    def result(self) -> CleanResult | None:
        return self._result

    # ================================================================ misc

    def _status(self, text: str, ms: int = 0) -> None:
        self.statusBar().showMessage(text, ms)

    def notify(self, text: str, level: str = "info", details: str = "") -> None:
        self.notice.show_message(text, level, details)
        self.statusBar().showMessage(text.split(". ")[0], 6000)

    def dismiss_notice(self) -> None:
        self.notice.hide()

    def _update_actions(self) -> None:
        has_doc = self._current is not None and self._result is not None
        on_empty = self.stack.currentWidget() is self.empty
        self.act_paste_empty.setEnabled(on_empty)
        for act in (
            self.act_copy,
            self.act_copy_md,
            self.act_next,
            self.act_prev,
            self.act_close_file,
        ):
            act.setEnabled(has_doc)
        self.act_reset_edits.setEnabled(
            has_doc and self._current is not None and self._current.hand_text is not None
        )
        many = self.opened.count() > 1
        self.act_next_file.setEnabled(many)
        self.act_prev_file.setEnabled(many)
        self.act_edit_rules.setEnabled(self.rule_editor is not None)
        lib = self._library_saver is not None
        self.act_save.setEnabled(lib and has_doc)
        self.act_save_all.setEnabled(lib and many)
        if not lib:
            self.act_save.setToolTip("Save to library — the library is not available")
        else:
            self.act_save.setToolTip(
                f"Save this posting to your library ({keys_text(self.act_save)})"
            )
        self.act_pack_errors.setEnabled(bool(self.ruleset.errors))

    def show_pack_errors(self) -> None:
        if not self.ruleset.errors:
            self.statusBar().showMessage("All rule packs loaded without problems", 4000)
            return
        show_pack_errors(self, self.ruleset)

    def shortcut_table(self) -> list[tuple[str, str]]:
        """Every key the window answers to: its actions, then the library's (F1)."""
        rows = shortcut_table(
            self.actions(), rename={self.act_paste_empty: "Paste & Clean (empty window)"}
        )
        mine = set(self.actions())
        library = [
            a
            for a in self.findChildren(QAction)
            if a not in mine and a.shortcuts() and a.parent() is self.library
        ]
        return rows + shortcut_table(library, prefix="Library: ")

    def show_shortcuts(self) -> None:
        show_shortcuts(self, self.shortcut_table())

    def show_about(self) -> QMessageBox:
        return show_about(self)

    def focus_raw(self) -> None:
        self.raw.setFocus()

    def focus_clean(self) -> None:
        self.cleaned.setFocus()

    def focus_rules(self) -> None:
        self.rules_view.setFocus()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_palette()
        super().changeEvent(event)

    def apply_palette(self) -> None:
        """Re-derive the category colours after a light/dark switch."""
        if not hasattr(self, "raw"):
            return
        self.raw.invalidate_colours()
        self.rules_model._swatches.clear()
        self.rules_model._emit_all_changed()
        if self._result is not None:
            self._update_status(self._result)


# -------------------------------------------------------------------- helpers


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return bool(value)

"""The paste-and-clean window.

Layout: a toolbar; on the left the list of opened postings (when there are several)
and the rules panel; on the right the raw/source text (every edit highlighted) and the
cleaned posting (editable) side by side. An empty window shows a hint and a "Try a
sample posting" button.

Data flow: inputs are read and matched off the GUI thread (:mod:`loading`); each
posting keeps its :class:`~jobdesk.core.engine.Matched`; a rule toggle only calls
``Matched.resolve`` and re-renders both panes (no re-matching).

Decisions worth knowing:

* Rules that are on or off are global (not per posting); the window stores only the
  user's overrides of the defaults, in QSettings, so new rules get their defaults.
* A hand edit of the cleaned posting "freezes" it: rule toggles keep updating the
  highlights on the left but leave the cleaned text alone until the user discards the
  edits (a banner says so). Each posting keeps its own hand edits.
* Inputs that fail (binary, unreadable, empty, too long) are not added to the list;
  the notice bar says why (all of them, for a batch).
* The library plugs in with :meth:`MainWindow.set_library_saver` (see
  :func:`jobdesk.gui.library_view.install_library`, called at startup); without one
  "Save to library" is present but disabled.
* The facts card (:mod:`jobdesk.gui.facts`) sits above the cleaned posting; facts are
  extracted off the GUI thread, debounced after a load or a toggle, cached per posting
  and rule set; the user's edits of facts are kept per posting.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from jobdesk.core.editmap import EditMap
from jobdesk.core.engine import NO_SITE, TIDY_RULE, Cleaner, Matched
from jobdesk.core.facts import extract_facts
from jobdesk.core.markdown import to_markdown
from jobdesk.core.result import CleanResult, Edit
from jobdesk.core.rules import CATEGORIES, Rule, RuleSet, load_rules
from jobdesk.gui.facts import LABELS as FACT_LABELS
from jobdesk.gui.facts import FactsCard, FieldsJob, apply_fact_edits
from jobdesk.gui.files_model import Entry, FilesModel
from jobdesk.gui.loading import (
    Executor,
    Input,
    Loaded,
    LoadJob,
    ThreadExecutor,
    expand_paths,
)
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.resources import app_icon_path, sample_posting
from jobdesk.gui.rules_model import (
    COL_HITS,
    COL_NAME,
    COL_PACK,
    RulesFilterProxy,
    RulesModel,
    pack_label,
)
from jobdesk.gui.safe import (
    esc,
    menu_text,
    message_box,
    plain_label,
    plain_text,
    progress_dialog,
    rich_label,
    tooltip,
    window_title,
)
from jobdesk.gui.spans import NavStop, nav_stops, word_starts, words_removed
from jobdesk.gui.theme import category_color
from jobdesk.gui.views import CleanedView, RawView

if TYPE_CHECKING:
    from jobdesk.gui.library_view import LibraryController

SETTINGS_ORG = "jobdesk"
SETTINGS_APP = "jobdesk"
#: Batches at least this big (files, or bytes) show their progress dialog sooner.
PROGRESS_MIN_FILES = 2
PROGRESS_MIN_BYTES = 2_000_000
#: Categories whose edits are not navigation stops (blank-line tidying).
NAV_SKIP_CATEGORIES = frozenset({"whitespace"})


def make_settings() -> QSettings:
    """QSettings (organisation "jobdesk"); ``JOBDESK_CONFIG_DIR`` moves it to a file there."""
    override = os.environ.get("JOBDESK_CONFIG_DIR")
    if override:
        return QSettings(str(Path(override) / "window.ini"), QSettings.Format.IniFormat)
    return QSettings(SETTINGS_ORG, SETTINGS_APP)


@dataclass
class Draft:
    """What "Save to library" hands to the library: one posting as the user sees it."""

    label: str
    path: Path | None
    raw: str
    source: str
    cleaned: str  # hand-edited text when the user edited it
    hand_edited: bool
    result: CleanResult
    overrides: dict[str, bool]
    site: str | None
    url: str | None
    #: The facts with the user's edits applied (None: not extracted yet; the saver
    #: extracts them, off the GUI thread for a batch).
    fields: dict[str, object] | None = None
    fact_edits: dict[str, str] | None = None
    entry: Entry | None = None

    def facts(self) -> dict[str, object]:
        """The facts (extracting them now when needed) with the user's edits applied."""
        if self.fields is not None:
            return self.fields
        found = extract_facts(self.result).to_json()
        self.fields = apply_fact_edits(found, self.fact_edits) if self.fact_edits else found
        return self.fields


LibrarySaver = Callable[[list[Draft]], str | None]


@dataclass
class _Batch:
    job: LoadJob
    errors: list[str]
    notes: list[str]
    added: int = 0
    first_row: int = -1
    status: str = ""  # for the status bar when the batch is done
    progress: QProgressDialog | None = None
    # User rules skipped on a posting (they ran out of time), one line each.
    skipped: list[str] = field(default_factory=list)


def _category_of(rule: Rule | None) -> str:
    return rule.category if rule else "site-chrome"


class NoticeBar(QFrame):
    """A one-line message above the panes (errors, hints), with optional details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        self.icon = QLabel()
        self.label = plain_label()  # messages quote titles, file names, errors
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.details_button = QPushButton("Details…")
        self.details_button.clicked.connect(self._show_details)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setText("✕")
        close.setToolTip("Dismiss (Esc)")
        close.clicked.connect(self.hide)
        lay.addWidget(self.icon)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.details_button)
        lay.addWidget(close)
        self.level = "info"
        self.details = ""
        self.hide()

    def show_message(self, text: str, level: str = "info", details: str = "") -> None:
        self.level = level
        self.details = details
        self.label.setText(text)
        style = self.style()
        pix = {
            "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
            "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
        }.get(level, QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.icon.setPixmap(style.standardIcon(pix).pixmap(18, 18))
        self.details_button.setVisible(bool(details))
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _show_details(self) -> None:
        icon = QMessageBox.Icon.Warning if self.level != "info" else QMessageBox.Icon.Information
        message_box(self.window(), self.label.text(), icon=icon, details=self.details).open()


class EmptyState(QWidget):
    """What an empty window shows: a hint and the three ways in."""

    def __init__(self, actions: Sequence[QAction], sample: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addStretch(2)
        title = QLabel("Paste a job posting")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            "Copy a job page in your browser (Ctrl+A, Ctrl+C) and press <b>Ctrl+V</b> here,<br>"
            "or drop .html, .txt, .md or .eml files (or a folder of them) onto this window.<br>"
            "jobdesk shows what it removes and why; every rule can be switched off."
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(title)
        lay.addSpacing(8)
        lay.addWidget(hint)
        lay.addSpacing(16)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for act in [*actions, sample]:
            b = QPushButton(plain_text(act.text()))
            b.setIcon(act.icon())
            b.setToolTip(act.toolTip())
            b.clicked.connect(act.trigger)
            row.addWidget(b)
            self.buttons[act.objectName()] = b
        self.sample_button = self.buttons[sample.objectName()]
        self.sample_button.setDefault(True)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(3)
        self.setAcceptDrops(False)


class MainWindow(QMainWindow):
    """The paste-and-clean window."""

    resultChanged = Signal()  # both panes were re-rendered (tests, benchmarks)
    factsChanged = Signal()  # the facts card shows the current posting's facts

    def __init__(
        self,
        rules: RuleSet | None = None,
        *,
        settings: QSettings | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__()
        self.ruleset = rules if rules is not None else load_rules()
        self.cleaner = Cleaner(self.ruleset)
        self.settings = settings if settings is not None else make_settings()
        self.executor: Executor = executor if executor is not None else ThreadExecutor()
        self._batches: dict[int, _Batch] = {}
        self._current: Entry | None = None
        self._result: CleanResult | None = None
        self._edit_map: EditMap | None = None
        self._stops: list[NavStop] = []
        self._stop_index = -1
        self._syncing = False
        self._showing = False
        self._library_saver: LibrarySaver | None = None
        #: The library's controller (jobdesk.gui.library_view) once one is installed.
        self.library: LibraryController | None = None
        self._facts_gen = 0
        self._facts_jobs: dict[int, FieldsJob] = {}
        #: Debounce between a load/toggle and extracting the facts (ms).
        self.facts_delay_ms = 150
        self._facts_timer = QTimer(self)
        self._facts_timer.setSingleShot(True)
        self._facts_timer.timeout.connect(self._start_facts_job)

        self.setWindowTitle("jobdesk")
        icon_path = app_icon_path()
        if icon_path:
            self.setWindowIcon(QIcon(str(icon_path)))
        self.setAcceptDrops(True)

        self.files_model = FilesModel(self)
        self.rules_model = RulesModel(self.ruleset, self)
        self.rules_proxy = RulesFilterProxy(self)
        self.rules_proxy.setSourceModel(self.rules_model)

        self._make_actions()
        self._make_widgets()
        self._make_menus()
        self._make_toolbar()
        self._make_statusbar()
        self._restore_settings()
        self._show_rules_without_document()
        self._update_actions()

        self.rules_model.overridesChanged.connect(self._on_overrides_changed)
        self.empty.sample_button.setFocus()
        if self.ruleset.errors:
            n = len(self.ruleset.errors)
            self.notice.show_message(
                f"{n} problem{'s' if n != 1 else ''} in the rule packs; the other rules work.",
                "warning",
                "\n".join(str(e) for e in self.ruleset.errors),
            )

    # ================================================================ construction

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[..., object] | None = None,
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
        tip: str = "",
        icon: QStyle.StandardPixmap | None = None,
        checkable: bool = False,
    ) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        if shortcuts:
            keys: list[QKeySequence] = []
            for s in shortcuts:
                if isinstance(s, QKeySequence.StandardKey):
                    keys.extend(QKeySequence.keyBindings(s))
                else:
                    keys.append(QKeySequence(s))
            act.setShortcuts(keys)
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        act.setCheckable(checkable)
        tip = tip or plain_text(text).rstrip("…")
        if shortcuts:
            tip += f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        act.setToolTip(tip)
        act.setStatusTip(tip)
        if slot is not None:
            if checkable:
                act.toggled.connect(slot)
            else:
                act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)  # shortcuts work even when the menu bar is hidden
        return act

    def _make_actions(self) -> None:
        SP = QStyle.StandardPixmap
        a = self._action
        self.act_paste = a(
            "paste", "&Paste && Clean", self.paste_and_clean, ["Ctrl+Shift+V"],
            "Clean the posting on the clipboard (HTML when there is some)", SP.SP_DialogApplyButton,
        )  # fmt: skip
        self.act_paste_empty = a("paste-empty", "Paste", self.paste_and_clean, ["Ctrl+V"])
        self.act_open = a(
            "open", "&Open…", self.open_dialog, [QKeySequence.StandardKey.Open],
            "Open posting files (.html, .txt, .md, .eml)", SP.SP_DialogOpenButton,
        )  # fmt: skip
        self.act_sample = a(
            "sample", "Try a &Sample Posting", self.open_sample, ["Ctrl+Shift+E"],
            "Open a made-up posting with typical page noise", SP.SP_FileDialogInfoView,
        )  # fmt: skip
        self.act_save = a(
            "save", "&Save to Library", self.save_to_library, [QKeySequence.StandardKey.Save],
            "Save this posting to your library", SP.SP_DialogSaveButton,
        )  # fmt: skip
        self.act_save_all = a(
            "save-all", "Save &All to Library", lambda: self.save_to_library(all_entries=True),
            ["Ctrl+Shift+S"], "Save every opened posting to your library",
        )  # fmt: skip
        self.act_next_file = a(
            "next-file", "&Next Posting", lambda: self.step_file(1), ["Ctrl+PgDown", "Alt+Down"],
            "Show the next opened posting", SP.SP_ArrowDown,
        )  # fmt: skip
        self.act_prev_file = a(
            "prev-file", "P&revious Posting", lambda: self.step_file(-1), ["Ctrl+PgUp", "Alt+Up"],
            "Show the previous opened posting", SP.SP_ArrowUp,
        )  # fmt: skip
        self.act_close_file = a(
            "close-file", "&Close Posting", self.close_current, [QKeySequence.StandardKey.Close],
            "Remove this posting from the list",
        )  # fmt: skip
        self.act_quit = a("quit", "&Quit", self.close, ["Ctrl+Q"])
        self.act_copy = a(
            "copy-cleaned", "&Copy Cleaned", self.copy_cleaned, ["Ctrl+Shift+C"],
            "Copy the cleaned posting as plain text", SP.SP_DialogYesButton,
        )  # fmt: skip
        self.act_copy_md = a(
            "copy-markdown", "Copy as &Markdown", self.copy_markdown, ["Ctrl+Alt+C"],
            "Copy the cleaned posting as Markdown",
        )  # fmt: skip
        self.act_reset_edits = a(
            "reset-edits", "&Discard Hand Edits", self.discard_hand_edits, ["Ctrl+Alt+Z"],
            "Throw away your edits of the cleaned posting and show the rules' result again",
        )  # fmt: skip
        self.act_next = a(
            "next-removal", "&Next Removal", lambda: self.goto_removal(1), ["F8"],
            "Jump to the next removed span", SP.SP_MediaSeekForward,
        )  # fmt: skip
        self.act_prev = a(
            "prev-removal", "&Previous Removal", lambda: self.goto_removal(-1), ["Shift+F8"],
            "Jump to the previous removed span", SP.SP_MediaSeekBackward,
        )  # fmt: skip
        self.act_sync = a(
            "sync-scroll", "&Scroll Panes Together", self._on_sync_toggled, ["Ctrl+Shift+L"],
            "Keep the raw and cleaned panes at the same place", checkable=True,
        )  # fmt: skip
        self.act_sync.setChecked(True)
        self.act_hide_empty = a(
            "hide-empty", "&Hide Rules Without Hits", self._on_hide_empty, ["Ctrl+H"],
            "Show only the rules that match this posting", checkable=True,
        )  # fmt: skip
        self.act_filter_rules = a(
            "filter-rules", "&Find Rule…", self._focus_rule_filter, [QKeySequence.StandardKey.Find],
            "Filter the rules panel by name, id or description",
        )  # fmt: skip
        self.act_reset_rules = a(
            "reset-rules", "&Reset Rules to Defaults", self.reset_rules, ["Ctrl+Shift+D"],
            "Switch every rule back to its default", SP.SP_DialogResetButton,
        )  # fmt: skip
        self.act_group_category = a(
            "group-category", "Group by &Category", self._group_by_category,
            ["Ctrl+Alt+1"], checkable=True,
        )  # fmt: skip
        self.act_group_pack = a(
            "group-pack", "Group by &Pack", self._group_by_pack,
            ["Ctrl+Alt+2"], checkable=True,
        )  # fmt: skip
        group = QActionGroup(self)
        group.addAction(self.act_group_category)
        group.addAction(self.act_group_pack)
        self.act_group_category.setChecked(True)
        self.act_expand = a(
            "expand-rules", "E&xpand All Groups", lambda: self.rules_view.expandAll(),
            ["Ctrl+Alt+="],
        )  # fmt: skip
        self.act_collapse = a(
            "collapse-rules", "C&ollapse All Groups", lambda: self.rules_view.collapseAll(),
            ["Ctrl+Alt+-"],
        )  # fmt: skip
        self.act_choose_site = a(
            "choose-site", "Choose &Site…", self._popup_site_menu, ["Ctrl+Alt+S"],
            "Use a site's rules when the site was not (or wrongly) detected",
        )  # fmt: skip
        self.site_menu = QMenu("Site", self)
        self.site_group = QActionGroup(self)
        self.act_site_auto = QAction("Detect automatically", self, checkable=True)
        self.act_site_auto.setData(None)
        self.act_site_auto.setChecked(True)
        self.site_group.addAction(self.act_site_auto)
        self.site_menu.addAction(self.act_site_auto)
        self.act_site_none = QAction("Unknown Site (Generic Rules Only)", self, checkable=True)
        self.act_site_none.setData(NO_SITE)
        self.site_group.addAction(self.act_site_none)
        self.site_menu.addAction(self.act_site_none)
        self.site_menu.addSeparator()
        for pack in self.ruleset.packs:
            if pack.is_site:
                act = QAction(menu_text(pack.name), self, checkable=True)
                act.setToolTip(tooltip(pack.name))
                act.setData(pack.id)
                self.site_group.addAction(act)
                self.site_menu.addAction(act)
        self.site_group.triggered.connect(lambda act: self.force_site(act.data()))
        self.act_pack_errors = a(
            "pack-errors", "Rule Pack &Problems…", self.show_pack_errors, ["Ctrl+Alt+P"],
            "Problems found while loading the rule packs",
        )  # fmt: skip
        self.act_focus_raw = a("focus-raw", "Focus &Raw Text", self._focus_raw, ["Alt+1"])
        self.act_focus_clean = a(
            "focus-clean", "Focus &Cleaned Posting", self._focus_clean, ["Alt+2"]
        )
        self.act_focus_rules = a("focus-rules", "Focus R&ules", self._focus_rules, ["Alt+3"])
        self.act_shortcuts = a(
            "shortcuts", "&Keyboard Shortcuts", self.show_shortcuts,
            [QKeySequence.StandardKey.HelpContents],
        )  # fmt: skip
        self.act_about = a("about", "&About jobdesk", self.show_about, ["Ctrl+Alt+A"])
        self.act_dismiss = a("dismiss", "Dismiss Message", self._dismiss_notice, ["Esc"])

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
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        self.files_box = QWidget()
        fb = QVBoxLayout(self.files_box)
        fb.setContentsMargins(0, 0, 0, 0)
        self.files_label = rich_label("<b>Postings</b>")
        fb.addWidget(self.files_label)
        self.files_view = QListView()
        self.files_view.setModel(self.files_model)
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files_view.setUniformItemSizes(True)
        self.files_view.setMaximumHeight(160)
        self.files_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_row(cur.row())
        )
        fb.addWidget(self.files_view)
        self.files_box.hide()
        left_lay.addWidget(self.files_box)

        head = QHBoxLayout()
        rules_label = rich_label("<b>Rules</b>")
        head.addWidget(rules_label)
        head.addStretch(1)
        self.site_badge = plain_label()
        head.addWidget(self.site_badge)
        left_lay.addLayout(head)
        self.rule_filter = QLineEdit()
        self.rule_filter.setPlaceholderText("Filter rules (Ctrl+F)")
        self.rule_filter.setClearButtonEnabled(True)
        self.rule_filter.textChanged.connect(self._on_rule_filter)
        left_lay.addWidget(self.rule_filter)
        self.hide_empty_box = QCheckBox("Hide rules without hits")
        self.hide_empty_box.toggled.connect(self.act_hide_empty.setChecked)
        self.act_hide_empty.toggled.connect(self.hide_empty_box.setChecked)
        left_lay.addWidget(self.hide_empty_box)

        self.rules_view = QTreeView()
        self.rules_view.setModel(self.rules_proxy)
        self.rules_view.setUniformRowHeights(True)
        self.rules_view.setAllColumnsShowFocus(True)
        self.rules_view.setAlternatingRowColors(False)
        self.rules_view.setRootIsDecorated(True)
        hdr = self.rules_view.header()
        hdr.setStretchLastSection(False)
        hdr.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        hdr.setSectionResizeMode(COL_HITS, QHeaderView.ResizeMode.Fixed)
        hdr.resizeSection(COL_HITS, hdr.fontMetrics().horizontalAdvance("0000") + 14)
        hdr.setSectionResizeMode(COL_PACK, QHeaderView.ResizeMode.Interactive)
        hdr.resizeSection(COL_PACK, 90)
        self.rules_view.setColumnHidden(COL_PACK, False)
        self.rules_view.selectionModel().currentChanged.connect(self._on_rule_current)
        self.rules_model.modelReset.connect(self.rules_view.expandAll)
        left_lay.addWidget(self.rules_view, 1)

        self.rule_details = rich_label()  # a user's pack may say anything: escaped
        self.rule_details.setWordWrap(True)
        self.rule_details.setFrameShape(QFrame.Shape.StyledPanel)
        self.rule_details.setMinimumHeight(64)
        self.rule_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rule_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule_details.setText("<i>Select a rule to see what it does.</i>")
        left_lay.addWidget(self.rule_details)
        reset = QPushButton("Reset to defaults")
        reset.setToolTip(self.act_reset_rules.toolTip())
        reset.clicked.connect(self.act_reset_rules.trigger)
        self.reset_rules_button = reset
        left_lay.addWidget(reset)
        self.main_split.addWidget(left)

        # ---- right: empty state | panes
        self.stack = QStackedWidget()
        self.empty = EmptyState([self.act_paste, self.act_open], self.act_sample)
        self.stack.addWidget(self.empty)

        panes = QWidget()
        pl = QVBoxLayout(panes)
        pl.setContentsMargins(0, 0, 0, 0)
        self.pane_split = QSplitter(Qt.Orientation.Horizontal)
        self.pane_split.setChildrenCollapsible(False)

        raw_box = QWidget()
        rl = QVBoxLayout(raw_box)
        rl.setContentsMargins(0, 0, 0, 0)
        self.raw_title = rich_label("<b>Raw text</b>")
        rl.addWidget(self.raw_title)
        self.raw = RawView()
        self.raw.set_rule_lookup(self.ruleset.get)
        self.raw.editClicked.connect(lambda e: self.select_rule(e.rule))
        rl.addWidget(self.raw, 1)
        self.pane_split.addWidget(raw_box)

        clean_box = QWidget()
        cl = QVBoxLayout(clean_box)
        cl.setContentsMargins(0, 0, 0, 0)
        self.clean_title = rich_label("<b>Cleaned posting</b>")
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
        discard = QPushButton("Discard my edits")
        discard.setToolTip(self.act_reset_edits.toolTip())
        discard.clicked.connect(self.act_reset_edits.trigger)
        hb.addWidget(discard)
        self.hand_banner.hide()
        cl.addWidget(self.hand_banner)
        self.facts_card = FactsCard()
        self.facts_card.factActivated.connect(self._on_fact_activated)
        self.facts_card.factEdited.connect(self._on_fact_edited)
        self.facts_card.conflictActivated.connect(self._on_conflict_activated)
        cl.addWidget(self.facts_card)
        self.cleaned = CleanedView()
        self.cleaned.handEdited.connect(self._on_hand_edit)
        self.raw.setAccessibleName("Raw text; removed spans are struck through")
        self.cleaned.setAccessibleName("Cleaned posting, editable")
        self.rules_view.setAccessibleName("Rules: check or uncheck to switch a rule")
        self.files_view.setAccessibleName("Opened postings")
        cl.addWidget(self.cleaned, 1)
        self.pane_split.addWidget(clean_box)
        pl.addWidget(self.pane_split, 1)
        self.stack.addWidget(panes)
        self.panes = panes
        self.main_split.addWidget(self.stack)
        self.main_split.setStretchFactor(0, 0)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([380, 1000])

        self.raw.verticalScrollBar().valueChanged.connect(self._sync_from_raw)
        self.cleaned.verticalScrollBar().valueChanged.connect(self._sync_from_clean)
        self.setCentralWidget(central)
        self.stack.currentChanged.connect(lambda _i: self._update_actions())

    def _make_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("&File")
        for act in (self.act_paste, self.act_open, self.act_sample):
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_save)
        m.addAction(self.act_save_all)
        m.addSeparator()
        for act in (self.act_prev_file, self.act_next_file, self.act_close_file):
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("&Edit")
        for act in (self.act_copy, self.act_copy_md):
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_reset_edits)
        m = mb.addMenu("&View")
        for act in (self.act_prev, self.act_next):
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_sync)
        m.addSeparator()
        for act in (self.act_focus_raw, self.act_focus_clean, self.act_focus_rules):
            m.addAction(act)
        m.addAction(self.act_dismiss)
        m = mb.addMenu("&Rules")
        for act in (self.act_filter_rules, self.act_hide_empty):
            m.addAction(act)
        m.addSeparator()
        for act in (
            self.act_group_category,
            self.act_group_pack,
            self.act_expand,
            self.act_collapse,
        ):
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_choose_site)
        m.addAction(self.act_reset_rules)
        m.addAction(self.act_pack_errors)
        m = mb.addMenu("&Help")
        m.addAction(self.act_shortcuts)
        m.addAction(self.act_about)

    def _make_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(18, 18))
        for act in (self.act_paste, self.act_open, self.act_save, self.act_copy):
            tb.addAction(act)
        tb.addSeparator()
        tb.addAction(self.act_prev)
        tb.addAction(self.act_next)
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
        self.status_site = plain_label()
        self.status_removed = plain_label()
        self.status_categories = rich_label()
        # A normal widget: a temporary message (e.g. "Removal 3 of 14") hides it for a while.
        sb.addWidget(self.status_categories, 1)
        sb.addPermanentWidget(self.status_removed)
        sb.addPermanentWidget(self.status_site)
        self.pack_errors_button = QToolButton()
        self.pack_errors_button.setAutoRaise(True)
        self.pack_errors_button.setDefaultAction(self.act_pack_errors)
        n = len(self.ruleset.errors)
        self.pack_errors_button.setText(f"⚠ {n} rule-pack problem{'s' if n != 1 else ''}")
        self.pack_errors_button.setVisible(bool(n))
        sb.addPermanentWidget(self.pack_errors_button)

    # ================================================================ settings

    def _restore_settings(self) -> None:
        s = self.settings
        geo = s.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        for key, split in (
            ("window/main_split", self.main_split),
            ("window/pane_split", self.pane_split),
        ):
            state = s.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                split.restoreState(state)
        raw = s.value("rules/overrides", "")
        overrides: dict[str, bool] = {}
        if isinstance(raw, str) and raw:
            try:
                data = json.loads(raw)
                if isinstance(data, dict):
                    overrides = {str(k): bool(v) for k, v in data.items()}
            except ValueError:
                overrides = {}
        self.rules_model.set_overrides(overrides)
        self.act_hide_empty.setChecked(_as_bool(s.value("rules/hide_empty", False)))
        if s.value("rules/grouping", "category") == "pack":
            self.act_group_pack.setChecked(True)
        self.act_sync.setChecked(_as_bool(s.value("view/sync_scroll", True)))
        self.facts_card.set_expanded(_as_bool(s.value("view/facts", True)))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/main_split", self.main_split.saveState())
        s.setValue("window/pane_split", self.pane_split.saveState())
        self._save_overrides()
        s.setValue("rules/hide_empty", self.act_hide_empty.isChecked())
        s.setValue("rules/grouping", self.rules_model.grouping)
        s.setValue("view/sync_scroll", self.act_sync.isChecked())
        s.setValue("view/facts", self.facts_card.expanded)
        s.sync()

    def _save_overrides(self) -> None:
        self.settings.setValue(
            "rules/overrides", json.dumps(self.rules_model.overrides(), sort_keys=True)
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        for batch in list(self._batches.values()):
            batch.job.cancel()
        if self.library is not None:
            self.library.close()
        for fjob in list(self._facts_jobs.values()):
            fjob.cancel()
        self._facts_timer.stop()
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
        paths = _local_paths(md)
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

    def load_inputs(self, inputs: Sequence[Input], notes: Sequence[str] = ()) -> LoadJob:
        """Read and match inputs off the GUI thread; each one is listed when ready."""
        job = LoadJob(inputs, self.cleaner)
        batch = _Batch(job, [], list(notes))
        self._batches[id(job)] = batch
        job.itemLoaded.connect(self._on_item_loaded)
        job.finished.connect(self._on_job_finished)
        total_bytes = job.total_bytes
        # A progress dialog for every batch; it only appears when the work takes
        # longer than its minimum duration (a busy indicator for a single input).
        many = len(inputs) > 1
        text = (
            f"Cleaning {len(inputs)} postings…"
            if many
            else f"Reading {inputs[0].label} ({_size_text(total_bytes)})…"
        )
        dlg = progress_dialog(self, text, "Cancel", 0, len(inputs) if many else 0)
        dlg.setWindowTitle("jobdesk")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        quick = len(inputs) < PROGRESS_MIN_FILES and total_bytes < PROGRESS_MIN_BYTES
        dlg.setMinimumDuration(800 if quick else 300)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(lambda: self.cancel_job(job))
        batch.progress = dlg
        self.statusBar().showMessage("Reading…")
        self.executor.start(job)
        return job

    def cancel_job(self, job: LoadJob) -> None:
        job.cancel()
        batch = self._batches.pop(id(job), None)
        if batch is None:
            return
        if batch.progress is not None:
            batch.progress.close()
            batch.progress.deleteLater()
        self._report_batch(batch, cancelled=True)

    def _on_item_loaded(self, job: LoadJob, loaded: Loaded, done: int, total: int) -> None:
        batch = self._batches.get(id(job))
        if batch is None or job.cancelled:
            return  # a cancelled (stale) job: drop its results
        self._add_loaded(batch, loaded)
        # Last: a shown modal progress dialog processes events in setValue(), which can
        # deliver the next item re-entrantly; this one is already listed by then.
        if batch.progress is not None and total > 1:
            batch.progress.setLabelText(f"Cleaned {done} of {total} postings…")
            batch.progress.setValue(done)

    def _add_loaded(self, batch: _Batch, loaded: Loaded) -> None:
        if loaded.error is not None or loaded.matched is None:
            batch.errors.append(loaded.error or f"{loaded.input.label}: could not be read")
            return
        inp = loaded.input
        batch.skipped.extend(f"{inp.label}: {w}" for w in loaded.matched.warnings)
        if isinstance(inp.replaces, Entry):
            self._replace_match(inp.replaces, loaded)
            return
        label = inp.label
        if inp.path is None:
            label = _paste_label(loaded, inp.label)
        entry = Entry(label=label, path=inp.path, matched=loaded.matched)
        if inp.extra:
            batch.status = self._adopt_extra(entry, inp.extra)
        row = self.files_model.add(entry)
        batch.added += 1
        if batch.first_row < 0:
            batch.first_row = row
            self._select_row(row)
        self._update_files_box()

    def _adopt_extra(self, entry: Entry, extra: dict[str, object]) -> str:
        """A posting opened from the library: its hand edits, fact edits and the rules
        it was saved with come along."""
        extra = dict(extra)
        hand = extra.pop("hand_text", None)
        if isinstance(hand, str):
            entry.hand_text = hand
        edits = extra.pop("fact_edits", None)
        if isinstance(edits, dict) and edits:
            entry.extra["fact_edits"] = {str(k): str(v) for k, v in edits.items()}
        saved = extra.get("saved_rules")
        entry.extra.update(extra)
        m = entry.matched
        if isinstance(saved, (list, tuple, set, frozenset)) and m is not None:
            on = set(map(str, saved))
            mine = {rid: v for rid, v in self.rules_model.overrides().items() if rid not in m.rules}
            for rid, rule in m.rules.items():
                if (rid in on) != rule.default:
                    mine[rid] = rid in on
            before = m.enabled(self.rules_model.overrides())
            after = m.enabled(mine)
            differ = len(before ^ after)
            entry.extra["rules_note"] = (
                f"{differ} rule{'s' if differ != 1 else ''} switched to how they were when "
                "it was saved"
                if differ
                else "saved with the rules you use now"
            )
            if differ:
                self.rules_model.set_overrides(mine)
                self._save_overrides()
        if "library_id" not in entry.extra:
            return ""
        note = entry.extra.get("rules_note")
        return f"Opened #{entry.extra['library_id']} from the library" + (
            f" — {note}" if note else ""
        )

    def _replace_match(self, entry: Entry, loaded: Loaded) -> None:
        """A posting matched again (another site pack): re-show it; hand edits stay."""
        row = self.files_model.row_of(entry)
        if row < 0:
            return  # closed meanwhile
        entry.matched = loaded.matched
        entry.extra.pop("fields", None)  # facts depend on the match
        self.files_model.refresh(row)
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
        batch = self._batches.pop(id(job), None)
        if batch is None:
            return
        if batch.progress is not None:
            batch.progress.close()
            batch.progress.deleteLater()
        self._report_batch(batch, cancelled=cancelled)

    def _report_batch(self, batch: _Batch, *, cancelled: bool) -> None:
        total = batch.job.total
        msgs: list[str] = []
        level = "info"
        details = list(batch.notes)
        if cancelled:
            msgs.append(f"Stopped: {batch.added} of {total} postings opened.")
            level = "warning"
        if batch.errors:
            level = "error" if not batch.added else "warning"
            if len(batch.errors) == 1 and total == 1:
                msgs.append(batch.errors[0])
            else:
                n = len(batch.errors)
                msgs.append(
                    f"{n} of {total} files could not be opened"
                    f"{':' if n <= 2 else ' (see Details).'} "
                    + ("; ".join(batch.errors) if n <= 2 else "")
                )
                details.extend(batch.errors)
        elif batch.notes:
            msgs.append(" ".join(batch.notes))
            level = "warning"
        if batch.skipped:
            n = len(batch.skipped)
            msgs.append(
                f"{n} of your rules took too long and {'was' if n == 1 else 'were'} "
                "skipped; the rest of the cleaning is done (see Details)."
            )
            details.extend(batch.skipped)
            level = "warning" if level == "info" else level
        if msgs:
            self.notify(" ".join(m.strip() for m in msgs), level, "\n".join(details))
        elif batch.added > 1:
            self.statusBar().showMessage(f"Opened {batch.added} postings", 5000)
        elif batch.status:
            self.statusBar().showMessage(batch.status, 8000)
        else:
            self.statusBar().clearMessage()
        self._update_actions()

    @property
    def busy(self) -> bool:
        return bool(self._batches)

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
        paths = _local_paths(md)
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

    def _select_row(self, row: int) -> None:
        idx = self.files_model.index(row)
        self.files_view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if self._current is not self.files_model.entry(row):
            self._show_row(row)

    def _update_files_box(self) -> None:
        n = self.files_model.rowCount()
        self.files_box.setVisible(n > 1)
        self.files_label.setText(f"<b>Postings</b> ({n})")
        self._update_actions()

    def _show_rules_without_document(self) -> None:
        generic = [r for p in self.ruleset.packs if not p.is_site for r in p.rules]
        self.rules_model.set_rules(generic)
        self.rules_model.set_hits(None)

    def _show_row(self, row: int) -> None:
        entry = self.files_model.entry(row)
        if entry is None or entry is self._current:
            return
        self._current = entry
        m = entry.matched
        if m is None:
            return
        self._stop_index = -1
        rules = list(m.rules.values())
        if [r.id for r in rules] != [r.id for r in self.rules_model.rules()]:
            self.rules_model.set_rules(rules)
        self.raw.set_rule_lookup(self.ruleset.get)
        self._showing = True
        try:
            self.raw.set_source(m.source)
            self.stack.setCurrentWidget(self.panes)
            self._refresh(reset_clean=True)
        finally:
            self._showing = False
        self.raw.verticalScrollBar().setValue(0)
        self.cleaned.verticalScrollBar().setValue(0)
        site = m.site_pack
        self.setWindowTitle(window_title(f"{entry.label} — jobdesk"))
        forced = entry.extra.get("site")
        if site:
            label = f"site: <b>{esc(site.name)}</b>"
        elif forced == NO_SITE:
            label = "site: unknown"
        else:
            label = "site: generic"
        self.site_label.setText(label + (" (chosen)" if forced is not None else ""))
        self._sync_site_menu()
        self.site_badge.setText(f"site: {site.name}" if site else "")
        self._update_actions()

    def _refresh(self, *, reset_clean: bool = False) -> None:
        """Resolve with the current overrides and re-render both panes."""
        entry = self._current
        if entry is None or entry.matched is None:
            return
        m = entry.matched
        result = m.resolve(self.rules_model.overrides())
        self._result = result
        self.raw.set_edits(result.edits, _keep_spans(m, result))
        if entry.hand_text is None:
            self.cleaned.set_text(result.cleaned, reset=reset_clean)
        elif reset_clean:
            self.cleaned.set_text(entry.hand_text, reset=True)
        self.hand_banner.setVisible(entry.hand_text is not None)
        self._edit_map = EditMap(result.edits, len(result.source))
        skip = frozenset(rid for rid, r in m.rules.items() if r.category in NAV_SKIP_CATEGORIES) | {
            TIDY_RULE
        }
        self._stops = nav_stops(result.edits, skip)
        self._stop_index = -1
        self.cleaned.mark_offset(None)
        hits = {rid: len(hs) for rid, hs in m.hits_by_rule.items()}
        tidy = result.rule_counts().get(TIDY_RULE)
        if tidy:
            hits[TIDY_RULE] = tidy
        self.rules_model.set_hits(hits)
        self._update_status(result)
        self._schedule_facts()
        emit(self.resultChanged)

    def _word_starts(self) -> Sequence[int] | None:
        entry = self._current
        if entry is None or entry.matched is None:
            return None
        starts = entry.extra.get("word_starts")
        if starts is None:
            starts = entry.extra["word_starts"] = word_starts(entry.matched.source)
        return starts  # type: ignore[return-value]

    def _update_status(self, result: CleanResult) -> None:
        m = self._current.matched if self._current else None
        site = m.site_pack if m else None
        self.status_site.setText(f"Site: {site.name}" if site else "Site: not detected")
        removed = result.removed_chars()
        words = words_removed(result.source, result.edits, self._word_starts())
        repairs = sum(1 for e in result.edits if e.replacement)
        text = f"Removed {removed:,} characters, {words:,} words"
        if repairs:
            text += f" · {repairs} repair{'s' if repairs != 1 else ''}"
        self.status_removed.setText(text)
        by_cat: Counter[str] = Counter()
        for stop in self._stops:  # the same units as the "N removals" of the raw pane
            by_cat[_category_of(self.ruleset.get(stop.rule))] += 1
        order = list(CATEGORIES)
        parts = []
        for cat in sorted(by_cat, key=lambda c: order.index(c) if c in order else 99):
            color = category_color(cat, strong=True, palette=self.palette()).name()
            label = CATEGORIES.get(cat, cat)
            parts.append(f"<span style='color:{color}'>■</span> {esc(label)} {by_cat[cat]}")
        self.status_categories.setText(" · ".join(parts) if parts else "Nothing removed")
        n = len(self._stops)
        self.raw_title.setText(
            f"<b>Raw text</b> — {n} removal{'s' if n != 1 else ''} highlighted (F8 to step)"
        )
        self.clean_title.setText(
            f"<b>Cleaned posting</b> — {len(result.cleaned):,} characters"
            + (" (edited by hand)" if self._current and self._current.hand_text is not None else "")
        )

    # ================================================================ facts

    def _schedule_facts(self) -> None:
        """Show the facts of the current result: from the cache, else extract them
        (debounced, off the GUI thread); results of stale jobs are dropped."""
        entry, result = self._current, self._result
        self._facts_gen += 1
        if entry is None or result is None:
            self._facts_timer.stop()
            self.facts_card.clear()
            return
        cached = _fields_cache(entry).get(result.enabled)
        if cached is not None:
            self._facts_timer.stop()
            self.facts_card.set_fields(cached, _fact_edits(entry))
            emit(self.factsChanged)
            return
        self.facts_card.set_pending(True)
        self._facts_timer.start(max(0, self.facts_delay_ms))

    def _start_facts_job(self) -> None:
        entry, result = self._current, self._result
        if entry is None or result is None:
            return
        for old in self._facts_jobs.values():
            old.cancel()
        job = FieldsJob(self._facts_gen, entry, result)
        job.done.connect(self._on_facts_done)
        self._facts_jobs[id(job)] = job
        self.executor.start(job)

    def flush_facts(self) -> None:
        """Extract the pending facts now (tests; before saving)."""
        if self._facts_timer.isActive():
            self._facts_timer.stop()
            self._start_facts_job()

    def _on_facts_done(self, job: FieldsJob, fields: dict[str, object] | None, error: str) -> None:
        self._facts_jobs.pop(id(job), None)
        entry = job.entry
        if fields is not None and isinstance(entry, Entry):
            cache = _fields_cache(entry)
            cache[job.enabled] = fields
            while len(cache) > 8:  # a few rule sets per posting are plenty
                cache.pop(next(iter(cache)))
        if job.gen != self._facts_gen or entry is not self._current or entry is None:
            return  # stale: another posting or another rule set is showing by now
        if fields is None:
            self.facts_card.clear(f"Could not read the facts ({error})" if error else "")
            return
        self.facts_card.set_fields(fields, _fact_edits(entry))
        emit(self.factsChanged)

    def current_facts(self) -> dict[str, object] | None:
        """The current posting's facts with the user's edits (None: not read yet)."""
        entry, result = self._current, self._result
        if entry is None or result is None:
            return None
        found = _fields_cache(entry).get(result.enabled)
        if found is None:
            return None
        edits = _fact_edits(entry)
        return apply_fact_edits(found, edits) if edits else dict(found)

    def _on_fact_activated(self, key: str, span: tuple[int, int] | None, source: str) -> None:
        label = FACT_LABELS.get(key, key)
        if span is not None:
            self.raw.mark_fact(span)
            self.raw.select_span(*span)
            where = (
                "the page's JSON-LD data (the same value is in the text)"
                if (source == "JSON-LD")
                else "the text"
            )
            self.statusBar().showMessage(f"{label}: from {where} — shown on the left", 5000)
            self.raw_title.setText(f"<b>Raw text</b> — {esc(label)}: where it was read")
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
        self.statusBar().showMessage(msg, 5000)

    def _on_conflict_activated(self, key: str, span: tuple[int, int] | None) -> None:
        label = FACT_LABELS.get(key, key)
        if span is not None:
            self.raw.mark_fact(span)
            self.raw.select_span(*span)
            self.statusBar().showMessage(
                f"{label}: the text says this; the page's JSON-LD data says otherwise", 6000
            )
        else:
            self.statusBar().showMessage(
                f"{label}: the page's JSON-LD data and the text disagree", 6000
            )

    def _on_fact_edited(self, key: str, text: str | None) -> None:
        entry, result = self._current, self._result
        if entry is None or result is None:
            return
        edits = _fact_edits(entry)
        found = _fields_cache(entry).get(result.enabled)
        if text is None:
            edits.pop(key, None)
            msg = f"{FACT_LABELS.get(key, key)}: back to the value found in the posting"
        else:
            from jobdesk.gui.facts import fact_view

            original = fact_view(key, found, {}).text if found is not None else None
            if original is not None and " ".join(text.split()) == original:
                edits.pop(key, None)
            else:
                edits[key] = text
            msg = f"{FACT_LABELS.get(key, key)}: your edit is kept for this posting"
        entry.extra["fact_edits"] = edits
        if found is not None:
            self.facts_card.set_fields(found, edits)
        self.statusBar().showMessage(msg, 4000)
        emit(self.factsChanged)

    # ================================================================ rules

    def _on_overrides_changed(self) -> None:
        self._save_overrides()
        self._refresh()
        if self._current is not None and self._current.hand_text is not None:
            self.statusBar().showMessage(
                "The cleaned text keeps your hand edits; the rule change shows on the left. "
                f"Discard Hand Edits ({_keys(self.act_reset_edits)}) to apply it.",
                8000,
            )

    def reset_rules(self) -> None:
        self.rules_model.reset_to_defaults()
        self.statusBar().showMessage("Every rule is back to its default", 4000)

    def _group_by_category(self, checked: bool) -> None:
        if checked:
            self._set_grouping("category")

    def _group_by_pack(self, checked: bool) -> None:
        if checked:
            self._set_grouping("pack")

    def _set_grouping(self, grouping: str) -> None:
        if not hasattr(self, "rules_view"):
            self.rules_model.set_grouping(grouping)
            return
        current = self._current_rule_id()
        self.rules_model.set_grouping(grouping)
        if current:
            self.select_rule(current, quiet=True)

    def _on_hide_empty(self, hide: bool) -> None:
        self.rules_proxy.set_hide_empty(hide)
        self.rules_view.expandAll()

    def _on_rule_filter(self, text: str) -> None:
        self.rules_proxy.set_text(text)
        self.rules_view.expandAll()

    def _focus_rule_filter(self) -> None:
        self.rule_filter.setFocus()
        self.rule_filter.selectAll()

    def _current_rule_id(self) -> str | None:
        idx = self.rules_proxy.mapToSource(self.rules_view.currentIndex())
        rule = self.rules_model.rule_at(idx)
        return rule.id if rule else None

    def select_rule(self, rule_id: str, *, quiet: bool = False) -> bool:
        """Select (and reveal) a rule in the rules panel."""
        src = self.rules_model.index_for_rule(rule_id)
        if not src.isValid():
            return False
        idx = self.rules_proxy.mapFromSource(src)
        if not idx.isValid():
            # Hidden by the filters: clear them so the rule shows.
            self.rule_filter.clear()
            self.act_hide_empty.setChecked(False)
            idx = self.rules_proxy.mapFromSource(src)
        if not idx.isValid():
            return False
        self.rules_view.expand(idx.parent())
        self.rules_view.setCurrentIndex(idx)
        self.rules_view.scrollTo(idx)
        if not quiet:
            rule = self.ruleset.get(rule_id)
            if rule is not None:
                self.statusBar().showMessage(f"Rule: {rule.name} ({rule.category_label})", 4000)
        return True

    def _on_rule_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        src = self.rules_proxy.mapToSource(current)
        rule = self.rules_model.rule_at(src)
        if rule is None:
            rules = self.rules_model.group_rules(src)
            if rules:
                on = sum(1 for r in rules if self.rules_model.is_enabled(r.id))
                label = src.siblingAtColumn(COL_NAME).data()
                self.rule_details.setText(
                    f"<b>{esc(label)}</b><br>{on} of {len(rules)} rules on. "
                    "Check or uncheck the group to switch all of them."
                )
            return
        hits = self.rules_model.hits(rule.id)
        on = self.rules_model.is_enabled(rule.id)
        pack = pack_label(self.ruleset.pack(rule.pack))
        text = (
            f"<b>{esc(rule.name)}</b> — {esc(rule.category_label)}<br>"
            f"{esc(rule.description) or '<i>No description.</i>'}<br>"
            f"<small><code>{esc(rule.id)}</code> · {esc(pack)} · "
            f"{'on' if on else 'off'} (default {'on' if rule.default else 'off'}) · "
            f"{hits} hit{'s' if hits != 1 else ''}</small>"
        )
        self.rule_details.setText(text)

    # ================================================================ site

    def _popup_site_menu(self) -> None:
        if self.site_button.isVisible():
            self.site_menu.popup(self.site_button.mapToGlobal(self.site_button.rect().bottomLeft()))
        else:
            self.site_menu.popup(self.mapToGlobal(self.rect().center()))

    def force_site(self, site: str | None) -> None:
        """Match the current posting again with a site pack's rules (None: detect)."""
        entry = self._current
        if entry is None or entry.matched is None:
            self.statusBar().showMessage("Open a posting first", 3000)
            self._sync_site_menu()
            return
        if site not in (None, NO_SITE) and self.ruleset.pack(site) is None:
            self.notify(f"Unknown site {site!r}.", "error")
            return
        entry.extra["site"] = site
        doc = entry.matched.document
        self.load_inputs(
            [Input(entry.label, path=entry.path, document=doc, site=site, replaces=entry)]
        )

    def _sync_site_menu(self) -> None:
        entry = self._current
        forced = entry.extra.get("site") if entry is not None else None
        for act in self.site_group.actions():
            act.setChecked(act.data() == forced)

    # ================================================================ hand edits

    def _on_hand_edit(self) -> None:
        entry = self._current
        if entry is None or self._showing:
            return
        text = self.cleaned.current_text()
        if text == self.cleaned.shown.replace("\u00a0", " ") and entry.hand_text is not None:
            # Undone back to the rules' result: no longer hand-edited.
            entry.hand_text = None
        elif entry.hand_text is None:
            entry.hand_text = text
            self.statusBar().showMessage(
                "Edited by hand: rule changes no longer overwrite the cleaned text "
                f"(Discard Hand Edits, {_keys(self.act_reset_edits)}, to go back)",
                8000,
            )
        else:
            entry.hand_text = text
        self.hand_banner.setVisible(entry.hand_text is not None)
        self.files_model.refresh(self.files_model.row_of(entry))
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
        self.files_model.refresh(self.files_model.row_of(entry))
        self.statusBar().showMessage("Hand edits discarded", 4000)
        self._update_actions()

    # ================================================================ output

    def cleaned_text(self) -> str:
        """The cleaned posting as the user sees it (hand edits included)."""
        entry = self._current
        if entry is None or self._result is None:
            return ""
        if entry.hand_text is not None:
            return entry.hand_text
        return self._result.cleaned

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
        overrides = self.rules_model.overrides()
        entries = self.files_model.entries if all_entries else [self._current]
        out: list[Draft] = []
        for e in entries:
            if e is None or e.matched is None:
                continue
            result = e.matched.resolve(overrides)
            doc = e.matched.document
            edits = dict(_fact_edits(e))
            cached = _fields_cache(e).get(result.enabled)
            fields = None
            if cached is not None:
                fields = apply_fact_edits(cached, edits) if edits else dict(cached)
            out.append(
                Draft(
                    label=e.label,
                    path=e.path,
                    raw=doc.raw,
                    source=result.source,
                    cleaned=e.hand_text if e.hand_text is not None else result.cleaned,
                    hand_edited=e.hand_text is not None,
                    result=result,
                    overrides=overrides,
                    site=result.site,
                    url=doc.url,
                    fields=fields,
                    fact_edits=edits or None,
                    entry=e,
                )
            )
        return out

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

    # ================================================================ navigation

    def goto_removal(self, step: int) -> None:
        if not self._stops:
            self.statusBar().showMessage("No removals in this posting", 3000)
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
            if self._edit_map is not None:
                pos = self._edit_map.to_clean(stop.start)
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
        self.statusBar().showMessage(msg, 6000)
        self.raw_title.setText(f"<b>Raw text</b> — {esc(msg)}")
        self.select_rule(stop.rule, quiet=True)

    @property
    def current_stop(self) -> NavStop | None:
        if 0 <= self._stop_index < len(self._stops):
            return self._stops[self._stop_index]
        return None

    @property
    def stops(self) -> list[NavStop]:
        return list(self._stops)

    def _on_sync_toggled(self, on: bool) -> None:
        if on:
            self._sync_from_raw()

    def _sync_from_raw(self, _value: int = 0) -> None:
        if self._syncing or not self.act_sync.isChecked() or self._edit_map is None:
            return
        self._syncing = True
        try:
            self.cleaned.scroll_to_offset(self._edit_map.to_clean(self.raw.top_offset()))
        finally:
            self._syncing = False

    def _sync_from_clean(self, _value: int = 0) -> None:
        if self._syncing or not self.act_sync.isChecked() or self._edit_map is None:
            return
        self._syncing = True
        try:
            self.raw.scroll_to_offset(self._edit_map.to_source(self.cleaned.top_offset()))
        finally:
            self._syncing = False

    # ================================================================ files

    def step_file(self, step: int) -> None:
        n = self.files_model.rowCount()
        if n < 2:
            return
        row = self.files_model.row_of(self._current) if self._current else -1
        self._select_row((row + step) % n)

    def close_current(self) -> None:
        entry = self._current
        if entry is None:
            return
        row = self.files_model.row_of(entry)
        self._current = None
        self.files_model.remove(row)
        n = self.files_model.rowCount()
        if n:
            self._select_row(min(row, n - 1))
        else:
            self._result = None
            self._edit_map = None
            self._stops = []
            self.raw.set_source("")
            self.cleaned.set_text("", reset=True)
            self.hand_banner.hide()
            self._facts_timer.stop()
            self._facts_gen += 1
            self.facts_card.clear()
            self.stack.setCurrentWidget(self.empty)
            self._show_rules_without_document()
            self.site_label.setText("")
            self.site_badge.setText("")
            self.status_site.setText("")
            self.status_removed.setText("")
            self.status_categories.setText("")
            self.setWindowTitle("jobdesk")
        self._update_files_box()

    @property
    def current_entry(self) -> Entry | None:
        return self._current

    @property
    def result(self) -> CleanResult | None:
        return self._result

    # ================================================================ misc

    def notify(self, text: str, level: str = "info", details: str = "") -> None:
        self.notice.show_message(text, level, details)
        self.statusBar().showMessage(text.split(". ")[0], 6000)

    def _dismiss_notice(self) -> None:
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
        many = self.files_model.rowCount() > 1
        self.act_next_file.setEnabled(many)
        self.act_prev_file.setEnabled(many)
        lib = self._library_saver is not None
        self.act_save.setEnabled(lib and has_doc)
        self.act_save_all.setEnabled(lib and many)
        if not lib:
            self.act_save.setToolTip("Save to library — the library is not available")
        else:
            self.act_save.setToolTip(f"Save this posting to your library ({_keys(self.act_save)})")
        self.act_pack_errors.setEnabled(bool(self.ruleset.errors))

    def show_pack_errors(self) -> None:
        if not self.ruleset.errors:
            self.statusBar().showMessage("All rule packs loaded without problems", 4000)
            return
        n = len(self.ruleset.errors)
        message_box(
            self,
            f"{n} problem{'s' if n != 1 else ''} while loading the rule packs. "
            "The rules that loaded work as usual.",
            title="Rule pack problems",
            icon=QMessageBox.Icon.Warning,
            details="\n".join(str(e) for e in self.ruleset.errors),
        ).open()

    def shortcut_table(self) -> list[tuple[str, str]]:
        rows = []
        for act in self.actions():
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts()
            )
            if keys and act is not self.act_paste_empty:
                rows.append((plain_text(act.text()), keys))
        return rows

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>{esc(name)}</td><td><b>{esc(keys)}</b></td></tr>"
            for name, keys in self.shortcut_table()
        )
        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table cellspacing=4>{rows}</table>")
        box.open()

    def show_about(self) -> None:
        from jobdesk import __version__

        QMessageBox.about(
            self,
            "About jobdesk",
            f"<b>jobdesk {__version__}</b><br>Paste a job posting, get the clean posting: "
            "every removal explained and switchable.",
        )

    def _focus_raw(self) -> None:
        self.raw.setFocus()

    def _focus_clean(self) -> None:
        self.cleaned.setFocus()

    def _focus_rules(self) -> None:
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


def _keys(act: QAction) -> str:
    return act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def _size_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} MB"
    if n >= 1000:
        return f"{n / 1e3:.0f} KB"
    return f"{n} bytes"


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return bool(value)


def _local_paths(md: QMimeData) -> list[Path]:
    if not md.hasUrls():
        return []
    urls: list[QUrl] = md.urls()
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile()]


def input_from_mime(md: QMimeData, label: str) -> Input | None:
    """Clipboard or drop data → one input; HTML is preferred when it holds text."""
    text = md.text() if md.hasText() else ""
    if md.hasHtml():
        html = md.html()
        if html.strip():
            return Input(label=label, text=html, html=True, fallback_text=text or None)
    if text.strip():
        return Input(label=label, text=text, html=None)
    return None


def _paste_label(loaded: Loaded, fallback: str) -> str:
    m = loaded.matched
    if m is None:
        return fallback
    title = m.document.title
    if not title:
        result = m.resolve()
        for line in result.cleaned.splitlines():
            if line.strip():
                title = line.strip()
                break
    if not title:
        return fallback
    title = " ".join(title.split())
    if len(title) > 48:
        title = title[:47] + "…"
    return f"{title} ({fallback.lower()})"


def _fields_cache(entry: Entry) -> dict[frozenset[str], dict[str, object]]:
    """Facts of a posting per set of enabled rules (they depend on the cleaned text)."""
    cache = entry.extra.get("fields")
    if not isinstance(cache, dict):
        cache = entry.extra["fields"] = {}
    return cache


def _fact_edits(entry: Entry) -> dict[str, str]:
    """The user's edits of a posting's facts (kept across rule toggles)."""
    edits = entry.extra.get("fact_edits")
    if not isinstance(edits, dict):
        edits = entry.extra["fact_edits"] = {}
    return edits


def _keep_spans(m: Matched, result: CleanResult) -> list[Edit]:
    """Hits of the enabled keep (exception) rules, as zero-replacement spans to mark."""
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

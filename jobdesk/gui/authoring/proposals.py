"""Remove Text Like This: rules proposed from a selection of the raw text, each with a
live preview, and "Add Rule".

The proposals come from :func:`jobdesk.core.propose.propose`, from the most specific
(this exact line) to the broadest (from this line to the end of the page). Choosing one
shows at once what it removes in this posting (highlighted, as the raw pane does), and
scans the library in a worker thread (:class:`LibraryScanJob`, with progress; a newer
choice or closing the dialog cancels it) for how many saved postings it would remove
text from, with a few examples. "Add Rule" saves the rule to the user's pack
(``rules/my-rules.toml``, the selection as its ``examples.remove``); the window then
reloads its rules and cleans the opened postings again.

A proposal whose example the content guards keep (it reads like the posting) is listed
with the reason and cannot be added.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jobdesk.core.editmap import merge_spans
from jobdesk.core.engine import NO_SITE, Cleaner, Matched
from jobdesk.core.propose import (
    Preview,
    Proposal,
    ProposeError,
    Sample,
    load_proposal,
    preview,
    propose,
    save,
)
from jobdesk.core.result import Edit
from jobdesk.core.rules import CATEGORIES, Rule, RuleSet
from jobdesk.gui.loading import CancellableJob, Executor, job_alive
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import esc, plain_label, rich_label
from jobdesk.gui.views import RawView

#: Categories a rule made from a selection may take (not the tidying kinds).
RULE_CATEGORIES = tuple(c for c in CATEGORIES if c not in ("keep", "encoding", "whitespace"))
#: Examples shown from the library.
EXAMPLES = 5


def spans_here(p: Proposal, matched: Matched, site: str | None) -> list[tuple[int, int]]:
    """The spans of ``matched``'s source that the proposed rule removes."""
    cleaner = Cleaner(RuleSet(packs=[load_proposal(p)]))
    m = cleaner.match(matched.document, site=site or NO_SITE)
    return merge_spans((h.start, h.end) for h in m.hits_by_rule.get(p.id, []))


def rule_toml(p: Proposal) -> str:
    """The proposal's ``[[rule]]`` table as it is written to the user's pack."""
    text = p.pack_text()
    return text[text.find("[[rule]]") :].strip()


class LibraryScanJob(CancellableJob):
    """What a proposed rule removes across the library (a worker thread): opens the
    library read-only, runs the rule on every saved posting, reports progress."""

    progressed = Signal(object, int, int)  # job, postings done, total
    finished = Signal(object, object)  # job, Preview (None: cancelled or failed)
    failed = Signal(object, str)  # job, why

    def __init__(self, proposal: Proposal, path: Path) -> None:
        super().__init__()
        self.proposal = proposal
        self.path = path

    def run(self) -> None:
        from jobdesk.session import document_of
        from jobdesk.storage import Library
        from jobdesk.storage.db import open_read_only

        try:
            lib = Library(open_read_only(self.path), self.path, "opened read-only")
        except Exception as exc:
            emit(self.failed, self, f"cannot read the library: {exc}")
            emit(self.finished, self, None)
            return
        try:
            ids = lib.ids("", sort="id", descending=False)
            total = len(ids)

            def samples() -> Iterator[Sample]:
                for i, posting in enumerate(lib.iter_postings(ids)):
                    if self.cancelled:
                        return
                    emit(self.progressed, self, i, total)
                    yield posting.display_title, document_of(posting), posting.site or None
                emit(self.progressed, self, total, total)

            result = preview(self.proposal, "", None, samples(), examples=EXAMPLES)
        except Exception as exc:
            emit(self.failed, self, f"the library scan stopped: {exc}")
            result = None
        finally:
            lib.close()
        emit(self.finished, self, None if self.cancelled else result)


class ProposalDialog(QDialog):
    """Proposals for one selection, with their previews; ``ruleAdded(rule_id, path)``
    once the chosen one is saved."""

    ruleAdded = Signal(str, str)

    def __init__(
        self,
        matched: Matched,
        start: int,
        end: int,
        *,
        ruleset: RuleSet,
        executor: Executor,
        library_path: Path | None,
        site_name: str | None = None,
        pack_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove Text Like This")
        self.matched = matched
        self.start, self.end = start, end
        self.ruleset = ruleset
        self.executor = executor
        self.library_path = library_path
        self.pack_path = pack_path
        self.proposals: list[Proposal] = []
        self.job: LibraryScanJob | None = None
        self.library_preview: Preview | None = None
        self.here: list[tuple[int, int]] = []

        lay = QVBoxLayout(self)
        selected = " ".join(matched.source[start:end].split())
        short = selected if len(selected) <= 90 else selected[:89] + "…"
        self.title = rich_label(f"Rules that remove text like <b>“{esc(short)}”</b>")
        self.title.setWordWrap(True)
        lay.addWidget(self.title)

        opts = QHBoxLayout()
        self.site_only = QCheckBox(
            f"Only on {site_name} pages" if site_name else "Only on pages of this site"
        )
        self.site_only.setChecked(matched.site is not None)
        self.site_only.setEnabled(matched.site is not None)
        self.site_only.setToolTip("A rule for this site's pages only is the safer choice")
        self.site_only.toggled.connect(self._make_proposals)
        opts.addWidget(self.site_only)
        opts.addSpacing(16)
        opts.addWidget(plain_label("Category:"))
        self.category = QComboBox()
        for c in RULE_CATEGORIES:
            self.category.addItem(CATEGORIES[c], c)
        self.category.currentIndexChanged.connect(self._make_proposals)
        opts.addWidget(self.category)
        opts.addStretch(1)
        lay.addLayout(opts)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.list = QListWidget()
        self.list.setAccessibleName("Proposed rules, most specific first")
        self.list.currentRowChanged.connect(self._on_current)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        ll.addWidget(plain_label("The rule, as it is saved to my-rules.toml:"))
        self.rule_text = QPlainTextEdit()
        self.rule_text.setReadOnly(True)
        self.rule_text.setAccessibleName("The chosen rule as TOML")
        self.rule_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.rule_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        ll.addWidget(self.rule_text, 2)
        split.addWidget(left)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.here_label = rich_label()
        self.here_label.setWordWrap(True)
        rl.addWidget(self.here_label)
        self.view = RawView()
        self.view.setAccessibleName("This posting with what the rule removes struck through")
        self.view.set_source(matched.source)
        rl.addWidget(self.view, 3)
        self.library_label = rich_label()
        self.library_label.setWordWrap(True)
        rl.addWidget(self.library_label)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        rl.addWidget(self.progress)
        self.examples = QListWidget()
        self.examples.setAccessibleName("Examples from your library")
        rl.addWidget(self.examples, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([330, 730])
        lay.addWidget(split, 1)

        self.problem = plain_label()
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton("&Add Rule")
        self.add_button.setDefault(True)
        self.add_button.setToolTip("Save the chosen rule to your rules (my-rules.toml)")
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.clicked.connect(self.add_rule)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(1060, 640)
        self._make_proposals()

    # ------------------------------------------------------------ proposals

    @property
    def site(self) -> str | None:
        return self.matched.site if self.site_only.isChecked() else None

    def _make_proposals(self) -> None:
        self._cancel_job()
        self.list.clear()
        try:
            self.proposals = propose(
                self.matched.source,
                self.start,
                self.end,
                category=str(self.category.currentData()),
                taken={r.id for r in self.ruleset.rules},
                site=self.site,
            )
        except ProposeError as exc:
            self.proposals = []
            self.problem.setText(str(exc))
            self.add_button.setEnabled(False)
            return
        for p in self.proposals:
            item = QListWidgetItem(p.label + (" — cannot be added" if p.problem else ""))
            item.setToolTip(p.problem or f"{p.rule['kind']} rule {p.id}")
            self.list.addItem(item)
        first = next((i for i, p in enumerate(self.proposals) if not p.problem), 0)
        self.list.setCurrentRow(first)

    @property
    def current(self) -> Proposal | None:
        row = self.list.currentRow()
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def _on_current(self, row: int) -> None:
        self._cancel_job()
        p = self.current
        self.examples.clear()
        self.library_preview = None
        if p is None:
            return
        self.problem.setText(p.problem)
        self.add_button.setEnabled(not p.problem)
        self.rule_text.setPlainText(rule_toml(p))
        try:
            self.here = spans_here(p, self.matched, self.site)
        except ProposeError as exc:
            self.here = []
            self.problem.setText(str(exc))
            self.add_button.setEnabled(False)
        rule_id = p.id
        self.view.set_rule_lookup(lambda rid: self._colour_rule(rid, p))
        self.view.set_edits([Edit(s, e, rule_id) for s, e in self.here])
        if self.here:
            self.view.select_span(*self.here[0])
        chars = sum(e - s for s, e in self.here)
        n = len(self.here)
        self.here_label.setText(
            f"<b>In this posting</b>: removes {n} span{'s' if n != 1 else ''}, "
            f"{chars:,} characters (struck through below)"
        )
        self._scan_library(p)

    def _colour_rule(self, rule_id: str, p: Proposal) -> Rule | None:
        if rule_id != p.id:
            return None
        return Rule(
            p.id, str(p.rule["name"]), str(p.rule["category"]), str(p.rule["kind"]),
            pack="user", description=str(p.rule["description"]),
        )  # fmt: skip

    # ------------------------------------------------------------ the library

    def _scan_library(self, p: Proposal) -> None:
        path = self.library_path
        if path is None or not path.is_file():
            self.library_label.setText("<b>In your library</b>: no library yet.")
            return
        self.library_label.setText("<b>In your library</b>: scanning…")
        self.progress.setRange(0, 0)
        self.progress.show()
        job = LibraryScanJob(p, path)
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_scanned)
        job.failed.connect(self._on_failed)
        self.job = job
        self.executor.start(job)

    def _on_progress(self, job: LibraryScanJob, done: int, total: int) -> None:
        if job is not self.job:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total} postings")

    def _on_failed(self, job: LibraryScanJob, why: str) -> None:
        if job is self.job:
            self.library_label.setText(f"<b>In your library</b>: {esc(why)}")

    def _on_scanned(self, job: LibraryScanJob, result: Preview | None) -> None:
        if job is not self.job or not job_alive(self):
            return
        self.job = None
        self.progress.hide()
        if result is None:
            return
        self.library_preview = result
        n, total = result.postings, result.scanned
        self.library_label.setText(
            f"<b>In your library</b>: removes text from {n} of {total} "
            f"posting{'s' if total != 1 else ''}" + (":" if result.examples else ".")
        )
        self.examples.clear()
        for label, snippet in result.examples:
            item = QListWidgetItem(f"{label} — “{snippet}”")
            item.setToolTip(snippet)
            self.examples.addItem(item)

    def _cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None
            self.progress.hide()

    @property
    def scanning(self) -> bool:
        return self.job is not None

    def done(self, result: int) -> None:
        self._cancel_job()  # closing stops the library scan
        super().done(result)

    # ------------------------------------------------------------ adding

    def add_rule(self) -> None:
        p = self.current
        if p is None or p.problem:
            return
        try:
            path = save(p, self.pack_path, taken={r.id for r in self.ruleset.rules})
        except (ProposeError, OSError) as exc:
            self.problem.setText(f"Not added: {exc}")
            return
        emit(self.ruleAdded, p.id, str(path))
        self.accept()

"""The facts card above the cleaned posting: title, company, location, pay …

* The facts come from :func:`jobdesk.core.facts.extract_facts`. Extracting
  them costs tens of milliseconds, so the window computes them in a :class:`FieldsJob`
  off the GUI thread, debounced after a load or a rule toggle, and drops the results of
  stale jobs. Results are cached per posting and per set of enabled rules.
* Clicking a fact selects the source text it came from in the raw pane (code-point spans
  converted to UTF-16 by the raw view). A fact read from the page's JSON-LD without a
  matching text span says so.
* Every fact is editable; an edit is kept per posting (it survives rule toggles and is
  what "Save to library" stores, with ``"source": "edited"``). Clearing a field says
  "unknown"; the context menu restores the value found in the posting.
* A disagreement between the page's JSON-LD and the text is flagged with a ⚠ button
  beside the fact (not by colour alone); clicking it shows the text's version.

The formatting helpers (:func:`fact_view`, :func:`apply_fact_edits`) are plain Python,
in :mod:`jobdesk.factview`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk.factview import EDITED, FACTS, LABELS, LAYOUT, UNKNOWN, FactView, fact_view
from jobdesk.factview import apply_fact_edits as apply_fact_edits
from jobdesk.factview import pay_summary as pay_summary
from jobdesk.gui.loading import CancellableJob
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import tooltip
from jobdesk.session import facts_json

if TYPE_CHECKING:
    from jobdesk.core.result import CleanResult

# ---------------------------------------------------------------- background job


class FieldsJob(CancellableJob):
    """Extract the facts of one result in a worker thread (or inline in tests)."""

    done = Signal(object, object, str)  # job, fields dict (None on error), error

    def __init__(self, gen: int, entry: object, result: CleanResult) -> None:
        super().__init__()
        self.gen = gen
        self.entry = entry
        self.result = result
        self.enabled = result.enabled

    def run(self) -> None:
        if self._cancel.is_set():
            emit(self.done, self, None, "cancelled")
            return
        try:
            fields = facts_json(self.result)
        except Exception as exc:  # a bug in the extractor must not break the window
            emit(self.done, self, None, f"{type(exc).__name__}: {exc}")
            return
        emit(self.done, self, fields, "")


# ---------------------------------------------------------------- widgets


class FactEdit(QLineEdit):
    """One fact: looks like a label, edits like a line edit; focus = "show me where"."""

    activated = Signal(str)  # key
    edited = Signal(str, str)  # key, new text
    resetRequested = Signal(str)  # key

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.shown = ""
        self.view: FactView | None = None
        self.setFrame(False)
        self.setPlaceholderText(UNKNOWN)
        self.setAccessibleName(f"{LABELS.get(key, key)} (editable)")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(60)
        self.editingFinished.connect(self._finish)

    def set_view(self, view: FactView) -> None:
        self.view = view
        self.shown = view.text
        self.setText(view.text)
        self.setCursorPosition(0)  # a long value shows its start …
        # … and whole in the tooltip, above where it came from.
        tip = view.tooltip
        if view.text and not tip.startswith(view.text):
            tip = f"{view.text}\n{tip}" if tip else view.text
        self.setToolTip(tooltip(tip))
        font = self.font()
        font.setItalic(view.source == EDITED)
        self.setFont(font)
        self.setProperty("edited", view.source == EDITED)
        self.setProperty("conflict", bool(view.conflict))
        self.style().unpolish(self)
        self.style().polish(self)

    def _finish(self) -> None:
        if self.text() != self.shown:
            self.shown = self.text()
            emit(self.edited, self.key, self.text())

    def focusInEvent(self, e: QFocusEvent) -> None:
        super().focusInEvent(e)
        emit(self.activated, self.key)

    def event(self, e: QEvent) -> bool:
        # Esc reverts typing here before the window's "dismiss message" shortcut sees it.
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and e.key() == Qt.Key.Key_Escape
            and self.text() != self.shown
        ):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() == Qt.Key.Key_Escape and self.text() != self.shown:
            self.setText(self.shown)
            return
        super().keyPressEvent(e)

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        act = menu.addAction("Use the Value Found in the Posting")
        act.setEnabled(self.view is not None and self.view.source == EDITED)
        act.triggered.connect(lambda: emit(self.resetRequested, self.key))
        menu.exec(e.globalPos())
        menu.deleteLater()


class FactsCard(QFrame):
    """The compact card of facts above the cleaned pane."""

    factActivated = Signal(str, object, str)  # key, span (tuple | None), source
    factEdited = Signal(str, object)  # key, text (None: back to the found value)
    conflictActivated = Signal(str, object)  # key, span of the text's reading

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("factsCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 3, 6, 4)
        outer.setSpacing(2)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.toggle = QToolButton()
        self.toggle.setAutoRaise(True)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setText("Facts")
        self.toggle.setToolTip("Show or hide the posting's facts")
        self.toggle.toggled.connect(self.set_expanded)
        head.addWidget(self.toggle)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        head.addWidget(self.summary, 1)
        self.status = QLabel()
        self.status.setEnabled(False)
        head.addWidget(self.status)
        outer.addLayout(head)

        self.body = QWidget()
        grid = QGridLayout(self.body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        self.edits: dict[str, FactEdit] = {}
        self.flags: dict[str, QToolButton] = {}
        self.labels: dict[str, QLabel] = {}
        for r, keys in enumerate(LAYOUT):
            for c, key in enumerate(keys):
                label = QLabel(LABELS[key])
                pal = label.palette()
                pal.setColor(
                    QPalette.ColorRole.WindowText,
                    pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
                )
                label.setPalette(pal)
                edit = FactEdit(key)
                label.setBuddy(edit)
                edit.activated.connect(self._on_activated)
                edit.edited.connect(lambda k, t: emit(self.factEdited, k, t))
                edit.resetRequested.connect(lambda k: emit(self.factEdited, k, None))
                flag = QToolButton()
                flag.setAutoRaise(True)
                flag.setText("⚠")
                flag.setAccessibleName(f"{LABELS[key]}: the sources disagree")
                flag.clicked.connect(lambda _c=False, k=key: self._on_flag(k))
                flag.hide()
                col = c * 3
                grid.addWidget(label, r, col)
                if len(keys) == 1:
                    grid.addWidget(edit, r, 1, 1, 4)
                    grid.addWidget(flag, r, 5)
                else:
                    grid.addWidget(edit, r, col + 1)
                    grid.addWidget(flag, r, col + 2)
                self.edits[key] = edit
                self.flags[key] = flag
                self.labels[key] = label
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(4, 1)
        outer.addWidget(self.body)
        self._views: dict[str, FactView] = {}
        self.setStyleSheet(
            'QLineEdit[conflict="true"] { border-bottom: 2px dotted palette(link); }'
        )
        self.clear()

    # ------------------------------------------------------------ content

    def clear(self, message: str = "") -> None:
        self._views = {}
        for key, edit in self.edits.items():
            edit.set_view(FactView(key, "", None, "", ""))
            self.flags[key].hide()
        self.summary.setText(message)
        self.status.setText("")

    def set_pending(self, pending: bool) -> None:
        self.status.setText("reading facts…" if pending else "")

    def set_fields(self, fields: Mapping[str, Any] | None, edits: Mapping[str, str]) -> None:
        self._views = {key: fact_view(key, fields, edits) for key, _label in FACTS}
        for key, view in self._views.items():
            edit = self.edits[key]
            if edit.hasFocus() and edit.isModified() and edit.text() != edit.shown:
                continue  # the user is typing here: leave it alone
            edit.set_view(view)
            flag = self.flags[key]
            flag.setVisible(bool(view.conflict))
            flag.setToolTip(
                tooltip(
                    f"The page's JSON-LD data and the text disagree: {view.conflict}. "
                    "Click to show the text's version."
                    if view.conflict
                    else ""
                )
            )
        n_known = sum(1 for v in self._views.values() if v.text)
        n_conf = sum(1 for v in self._views.values() if v.conflict)
        n_edit = sum(1 for v in self._views.values() if v.source == EDITED)
        parts = [f"{n_known} of {len(FACTS)} found"]
        if n_edit:
            parts.append(f"{n_edit} edited")
        if n_conf:
            parts.append(f"⚠ {n_conf} disagreement{'s' if n_conf != 1 else ''}")
        self.summary.setText(" · ".join(parts))
        self.set_pending(False)

    def view(self, key: str) -> FactView | None:
        return self._views.get(key)

    def text(self, key: str) -> str:
        return self.edits[key].text()

    # ------------------------------------------------------------ behaviour

    def set_expanded(self, on: bool) -> None:
        self.body.setVisible(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def activate(self, key: str) -> None:
        """What a click on a fact does (also for tests and keyboard users)."""
        self._on_activated(key)

    def _on_activated(self, key: str) -> None:
        view = self._views.get(key)
        if view is None:
            return
        emit(self.factActivated, key, view.span, view.source)

    def _on_flag(self, key: str) -> None:
        view = self._views.get(key)
        if view is not None:
            emit(self.conflictActivated, key, view.conflict_span)

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

The formatting helpers (:func:`fact_view`, :func:`apply_fact_edits`) are plain Python.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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

from jobdesk.core.facts import extract_facts
from jobdesk.core.result import CleanResult
from jobdesk.gui.loading import CancellableJob
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import tooltip

#: (key, label) of every fact the card shows, in reading order.
FACTS: list[tuple[str, str]] = [
    ("title", "Title"),
    ("company", "Company"),
    ("location", "Location"),
    ("pay", "Pay"),
    ("workplace", "Workplace"),
    ("employment_type", "Type"),
    ("seniority", "Seniority"),
    ("years_experience", "Experience"),
    ("sponsorship", "Sponsorship"),
    ("clearance", "Clearance"),
    ("posted", "Posted"),
    ("deadline", "Deadline"),
]
LABELS = dict(FACTS)
#: The card's grid: one or two facts per row.
LAYOUT: list[list[str]] = [
    ["title"],
    ["company", "location"],
    ["pay", "workplace"],
    ["employment_type", "seniority"],
    ["sponsorship"],
    ["years_experience", "clearance"],
    ["posted", "deadline"],
]
UNKNOWN = "—"
EDITED = "edited"

_SPONSOR = {"yes": "Yes", "no": "No", "unknown": "Unclear"}


@dataclass(frozen=True)
class FactView:
    """One fact as the card shows it."""

    key: str
    text: str  # "" = unknown
    span: tuple[int, int] | None
    source: str  # "text" | "JSON-LD" | "page title" | "edited" | ""
    tooltip: str
    conflict: str = ""  # what the other source says ("" = no disagreement)
    conflict_span: tuple[int, int] | None = None


def _span(fact: Mapping[str, Any] | None) -> tuple[int, int] | None:
    sp = fact.get("span") if fact else None
    if isinstance(sp, (list, tuple)) and len(sp) == 2:
        a, b = sp
        if isinstance(a, int) and isinstance(b, int) and 0 <= a <= b:
            return (a, b)
    return None


def _strip_bullet(s: str) -> str:
    s = " ".join(s.split())
    return s[2:] if s[:2] in ("• ", "- ", "* ") else s


def _num(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{v:,.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def pay_summary(p: Mapping[str, Any]) -> str:
    """A parsed pay range in words: "$142,000–168,000 per year" (unknowns left out)."""
    lo, hi = p.get("min"), p.get("max")
    cur = p.get("currency") or ""
    if lo is None and hi is None:
        return ""
    amount = _num(lo) if hi is None or lo == hi else f"{_num(lo)}–{_num(hi)}"
    if lo is None:
        amount = f"up to {_num(hi)}"
    money = f"{cur}{amount}" if len(cur) == 1 else f"{amount} {cur}".strip()
    period = p.get("period")
    out = money + (f" per {period}" if period else " (period not stated)")
    return out + (" — the job site's estimate" if p.get("estimate") else "")


def _value_text(key: str, fact: Mapping[str, Any]) -> str:
    v = fact.get("value")
    text = str(fact.get("text") or "")
    if key == "workplace" and isinstance(v, str):
        return v[:1].upper() + v[1:]
    if key == "employment_type":
        if isinstance(v, list) and v:
            return ", ".join(str(x)[:1].upper() + str(x)[1:] for x in v)
        return text
    if key == "sponsorship":
        reading = _SPONSOR.get(str(v), str(v or ""))
        return f"{reading} — {_strip_bullet(text)}" if text else reading
    if key == "years_experience" and isinstance(v, int):
        return f"{v}+ years"
    if key == "posted":
        if v and text and text != v:
            return f"{v} ({text})"
        return str(v or text)
    if key == "deadline":
        return str(v) if v else _strip_bullet(text)
    if key == "seniority" and isinstance(v, str):
        return v[:1].upper() + v[1:]
    if v is None or v == "":
        return _strip_bullet(text)
    return str(v)


def _source_words(source: str) -> str:
    return {
        "text": "found in the text",
        "JSON-LD": "from the page's JSON-LD data",
        "page title": "from the page title",
        EDITED: "edited by you",
    }.get(source, source)


def fact_view(key: str, fields: Mapping[str, Any] | None, edits: Mapping[str, str]) -> FactView:
    """How the card shows fact ``key`` (the user's edit wins over what was found)."""
    fields = fields or {}
    raw = fields.get(key)
    conflicts = [c for c in fields.get("conflicts") or [] if c.get("field") == key]
    if key in ("location", "pay"):
        facts = [f for f in raw or [] if isinstance(f, Mapping)]
        first = facts[0] if facts else None
    else:
        first = raw if isinstance(raw, Mapping) else None
        facts = [first] if first else []
    found = ""
    tips: list[str] = []
    if key == "location":
        found = "; ".join(_value_text(key, f) for f in facts)
    elif key == "pay" and first is not None:
        found = _strip_bullet(str(first.get("text") or ""))
        if first.get("estimate"):
            found += " (the site's estimate)"
        if len(facts) > 1:
            found += f"  (+{len(facts) - 1})"
        for f in facts:
            summary = pay_summary(f)
            line = f"“{_strip_bullet(str(f.get('text') or ''))}”"
            if summary:
                line += f" → {summary}"
            if f.get("location"):
                line += f" · {f['location']}"
            tips.append(f"{line} · {_source_words(str(f.get('source') or ''))}")
    elif first is not None:
        found = _value_text(key, first)
    source = str(first.get("source") or "") if first else ""
    span = _span(first)
    if key != "pay" and first is not None:
        written = _strip_bullet(str(first.get("text") or ""))
        tips.append(f"{_source_words(source)}: “{written}”" if written else _source_words(source))
        over = first.get("overrules")
        if isinstance(over, Mapping):
            tips.append(f"overrules “{_strip_bullet(str(over.get('text') or ''))}” from the header")
    conflict = ""
    conflict_span: tuple[int, int] | None = None
    other = first.get("conflict") if first else None
    if isinstance(other, Mapping):
        conflict = _value_text(key, other)
        conflict_span = _span(other)
    elif conflicts:
        c = conflicts[0]
        conflict = f"JSON-LD: {_plain(c.get('jsonld'))}; text: {_plain(c.get('text'))}"
        if key == "pay":
            conflict_span = next(
                (_span(f) for f in facts if f.get("source") == "text" and _span(f)), None
            )
    if conflict:
        tips.append(f"⚠ the sources disagree — the other reading: {conflict}")
    if key in edits:
        text = edits[key]
        tips.insert(0, f"edited by you (found: {found or UNKNOWN})")
        return FactView(key, text, span, EDITED, "\n".join(tips), conflict, conflict_span)
    if not found:
        return FactView(key, "", None, "", f"{LABELS.get(key, key)}: not stated", "", None)
    if span is None and source == "JSON-LD":
        tips.append("(not found in the visible text)")
    tips.append("click to show it in the raw text" if span else "")
    return FactView(
        key, found, span, source, "\n".join(t for t in tips if t), conflict, conflict_span
    )


def _plain(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_plain(x) for x in v)
    if isinstance(v, float):
        return _num(v)
    return str(v)


def apply_fact_edits(fields: Mapping[str, Any], edits: Mapping[str, str]) -> dict[str, Any]:
    """The facts with the user's edits in place (``"source": "edited"``; the value that
    was found is kept under ``"found"``). An empty edit means "unknown"."""
    from jobdesk.core.facts import canonical_employment_types, sponsorship_reading
    from jobdesk.core.facts.pay import find_pay

    out = copy.deepcopy(dict(fields))
    for key, text in edits.items():
        text = " ".join(text.split())
        found = out.get(key)

        def fact(value: Any, text: str = text) -> dict[str, Any]:
            return {"value": value, "text": text, "source": EDITED, "span": None}

        new: Any
        if not text:
            new = [] if key in ("location", "pay") else None
        elif key == "location":
            new = [fact(p.strip(), p.strip()) for p in text.split(";") if p.strip()]
        elif key == "pay":
            ranges = find_pay(text)
            if ranges:
                new = [
                    {
                        "text": r.text,
                        "source": EDITED,
                        "span": None,
                        "min": r.min,
                        "max": r.max,
                        "currency": r.currency,
                        "period": r.period,
                        "location": r.location,
                    }
                    for r in ranges
                ]
            else:
                new = [
                    {
                        "text": text,
                        "source": EDITED,
                        "span": None,
                        "min": None,
                        "max": None,
                        "currency": None,
                        "period": None,
                        "location": None,
                    }
                ]
        elif key == "employment_type":
            new = fact(canonical_employment_types(text) or [text])
        elif key == "workplace":
            low = text.lower().replace("onsite", "on-site").replace("on site", "on-site")
            value = next((w for w in ("remote", "hybrid", "on-site") if w in low), low)
            new = fact(value)
        elif key == "sponsorship":
            low = text.lower()
            first = low.split()[0].strip(",.:;—-") if low.split() else ""
            value = first if first in ("yes", "no") else sponsorship_reading(text)
            new = fact(value)
        elif key == "years_experience":
            digits = "".join(c for c in text if c.isdigit())
            new = fact(int(digits) if digits and len(digits) < 4 else text)
        else:
            new = fact(text)
        if isinstance(new, dict):
            new["found"] = found
        elif isinstance(new, list):
            for f in new:
                f["found"] = found
        out[key] = new
    return out


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
            fields = extract_facts(self.result).to_json()
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
        self.setCursorPosition(0)
        self.setToolTip(tooltip(view.tooltip))
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

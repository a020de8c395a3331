"""The two text panes: the raw/source text with highlighted edits, and the cleaned text.

Offsets from the core are Python code points; Qt positions are UTF-16 code units.
Everything that crosses the boundary goes through :class:`~jobdesk.gui.spans.Utf16Map`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from jobdesk.gui.qtcompat import emit
from jobdesk.gui.safe import esc, rich_tooltip
from jobdesk.gui.spans import Utf16Map, common_affixes, edit_at
from jobdesk.gui.theme import category_color, marked

if TYPE_CHECKING:
    from jobdesk.core.result import Edit
    from jobdesk.core.rules import Rule

#: Marks the extra selection that shows a fact's source (tests tell it from the edits).
FACT_MARK_PROPERTY = QTextFormat.Property.UserProperty + 1


def _text_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    return font


def _set_plain_text(view: QPlainTextEdit, text: str) -> None:
    doc = view.document()
    undo = doc.isUndoRedoEnabled()
    doc.setUndoRedoEnabled(False)
    view.setPlainText(text)
    doc.setUndoRedoEnabled(undo)


class RawView(QPlainTextEdit):
    """Read-only source text; every edit highlighted by category colour plus a
    strike-through (removals) or a wavy underline (repairs). Hover explains, click
    selects the rule."""

    editClicked = Signal(object)  # Edit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTabChangesFocus(True)  # Tab leaves the pane (keyboard users are not trapped)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(_text_font())
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setAcceptDrops(False)
        self._source = ""
        self._map = Utf16Map("")
        self._edits: list[Edit] = []
        self._starts: list[int] = []
        self._keeps: list[Edit] = []
        self._keep_starts: list[int] = []
        self._rule_of: Callable[[str], Rule | None] = lambda _rid: None
        self._covering: Callable[[int, int], tuple[list[str], list[str]]] | None = None
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}
        self._press: QPoint | None = None
        self._fact_mark: tuple[int, int] | None = None
        self.setPlaceholderText("The text as it was pasted appears here.")

    # --------------------------------------------------------------- content

    @property
    def source(self) -> str:
        return self._source

    @property
    def u16(self) -> Utf16Map:
        return self._map

    def set_source(self, source: str) -> None:
        if source is self._source or source == self._source:
            return
        self._source = source
        self._map = Utf16Map(source)
        self._edits = []
        self._starts = []
        self._keeps = []
        self._keep_starts = []
        self._fact_mark = None
        self.setExtraSelections([])
        _set_plain_text(self, source)

    def set_rule_lookup(self, lookup: Callable[[str], Rule | None]) -> None:
        self._rule_of = lookup

    def set_covering(
        self, covering: Callable[[int, int], tuple[list[str], list[str]]] | None
    ) -> None:
        """``covering(start, end)``: the rules removing a span (all of them) and the
        switched-off rules matching it; the hover names every one."""
        self._covering = covering

    def invalidate_colours(self) -> None:
        self._formats.clear()
        self.set_edits(self._edits, self._keeps)

    def _format(self, rule_id: str, removal: bool) -> QTextCharFormat:
        rule = self._rule_of(rule_id)
        category = rule.category if rule else "site-chrome"
        key = (category, removal)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(category_color(category, palette=self.palette()))
            if removal:
                fmt.setFontStrikeOut(True)
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(category_color(category, strong=True, palette=self.palette()))
            self._formats[key] = fmt
        return fmt

    def _keep_format(self) -> QTextCharFormat:
        fmt = self._formats.get(("keep", True))
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(category_color("keep", strong=True, palette=self.palette()))
            self._formats[("keep", True)] = fmt
        return fmt

    def set_edits(self, edits: Sequence[Edit], keeps: Sequence[Edit] = ()) -> None:
        """Highlight ``edits``; ``keeps`` are spans protected by an exception rule
        (drawn with a dotted underline, explained on hover)."""
        self._edits = list(edits)
        self._starts = [e.start for e in self._edits]
        self._keeps = list(keeps)
        self._keep_starts = [k.start for k in self._keeps]
        doc = self.document()
        conv = self._map.to_utf16
        sels = []
        extra_sel = QTextEdit.ExtraSelection
        for e in self._keeps:
            sel = extra_sel()
            cur = QTextCursor(doc)
            cur.setPosition(conv(e.start))
            cur.setPosition(conv(e.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            sel.format = self._keep_format()
            sels.append(sel)
        for e in self._edits:
            sel = extra_sel()
            cur = QTextCursor(doc)
            cur.setPosition(conv(e.start))
            cur.setPosition(conv(e.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            sel.format = self._format(e.rule, e.is_removal)
            sels.append(sel)
        if self._fact_mark is not None:
            a, b = self._fact_mark
            sel = extra_sel()
            cur = QTextCursor(doc)
            cur.setPosition(conv(min(a, self._map.length_cp)))
            cur.setPosition(conv(min(b, self._map.length_cp)), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(self.palette().color(self.palette().ColorRole.Highlight))
            fmt.setFontUnderline(True)
            outline = QColor(self.palette().color(self.palette().ColorRole.Highlight))
            outline.setAlpha(70)
            fmt.setBackground(outline)
            fmt.setProperty(FACT_MARK_PROPERTY, True)
            sel.format = fmt
            sels.append(sel)
        self.setExtraSelections(sels)

    def mark_fact(self, span: tuple[int, int] | None) -> None:
        """Underline and tint the source of a fact (None: clear); drawn above the edits."""
        self._fact_mark = span
        self.set_edits(self._edits, self._keeps)

    @property
    def fact_mark(self) -> tuple[int, int] | None:
        return self._fact_mark

    @property
    def keeps(self) -> list[Edit]:
        return list(self._keeps)

    @property
    def edits(self) -> list[Edit]:
        return list(self._edits)

    # ---------------------------------------------------------- positions

    def offset_at(self, pos: QPoint) -> int | None:
        """Code-point offset of the character under a viewport point (None: none)."""
        cur = self.cursorForPosition(pos)
        p = cur.position()
        # cursorForPosition gives the nearest cursor position; check that the point is
        # really over a character (not past the end of a line).
        block = cur.block()
        if not block.isValid():
            return None
        rect = self.cursorRect(cur)
        if pos.x() < rect.left():
            p -= 1
        if p < 0 or p >= self._map.length_u16:
            return None
        c2 = QTextCursor(cur)
        c2.setPosition(p)
        r2 = self.cursorRect(c2)
        if pos.y() < r2.top() or pos.y() > r2.bottom():
            return None
        return self._map.to_cp(p)

    def edit_at_point(self, pos: QPoint) -> Edit | None:
        """The edit under a viewport point, else the kept (exception) span there."""
        off = self.offset_at(pos)
        if off is None:
            return None
        return edit_at(self._edits, self._starts, off) or edit_at(
            self._keeps, self._keep_starts, off
        )

    def select_span(self, start: int, end: int) -> None:
        """Select a code-point span and scroll it into view."""
        cur = QTextCursor(self.document())
        cur.setPosition(self._map.to_utf16(min(end, self._map.length_cp)))
        cur.setPosition(
            self._map.to_utf16(min(start, self._map.length_cp)), QTextCursor.MoveMode.KeepAnchor
        )
        self.setTextCursor(cur)
        self.centerCursor()

    def cursor_offset(self) -> int:
        return self._map.to_cp(self.textCursor().selectionEnd())

    def top_offset(self) -> int:
        return self._map.to_cp(self.firstVisibleBlock().position())

    def scroll_to_offset(self, offset: int) -> None:
        scroll_to_position(self, self._map.to_utf16(max(0, min(offset, self._map.length_cp))))

    # -------------------------------------------------------------- events

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            edit = self.edit_at_point(pos)
            if edit is None:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(event.globalPos(), self.tooltip_for(edit), self.viewport())  # type: ignore[attr-defined]
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, edit: Edit) -> str:
        rule = self._rule_of(edit.rule)
        name = rule.name if rule else edit.rule
        cat = marked(rule.category, rule.category_label) if rule else ""
        parts = [f"<b>{esc(name)}</b>" + (f" — {esc(cat)}" if cat else "")]
        if rule and rule.description:
            parts.append(esc(rule.description))
        if rule is not None and rule.keep:
            parts.append("kept: an exception rule protects this line from removals")
        elif edit.replacement:
            before = self._source[edit.start : edit.end]
            parts.append(f"repaired: “{esc(before[:60])}” → “{esc(edit.replacement[:60])}”")
        else:
            n = edit.end - edit.start
            parts.append(f"removed {n:,} character{'s' if n != 1 else ''}")
        if self._covering is not None and not (rule is not None and rule.keep):
            on, off = self._covering(edit.start, edit.end)
            others = [r for r in on if r != edit.rule]
            if others:
                names = ", ".join(esc(self._rule_name(r)) for r in on)
                parts.append(
                    f"removed by {len(on)} rules: {names} — switch all of them off to keep it"
                )
            if off:
                names = ", ".join(esc(self._rule_name(r)) for r in off)
                parts.append(f"also matched by rules that are off: {names}")
        parts.append("<small>click to show the rule</small>")
        return rich_tooltip("<br>".join(parts))

    def _rule_name(self, rule_id: str) -> str:
        rule = self._rule_of(rule_id)
        return rule.name if rule is not None else rule_id

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self._press = e.position().toPoint()
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        press, self._press = self._press, None
        if e.button() != Qt.MouseButton.LeftButton or press is None:
            return
        pos = e.position().toPoint()
        if (pos - press).manhattanLength() > 4 or self.textCursor().hasSelection():
            return  # a drag selected text: not a click
        edit = self.edit_at_point(pos)
        if edit is not None:
            emit(self.editClicked, edit)


def scroll_to_position(view: QPlainTextEdit, pos: int) -> None:
    """Scroll so that the block holding UTF-16 position ``pos`` is at the top."""
    block = view.document().findBlock(pos)
    if not block.isValid():
        block = view.document().lastBlock()
    # In a QPlainTextEdit the scroll bar counts visual lines.
    line = block.firstLineNumber()
    layout = block.layout()
    if layout is not None and layout.lineCount() > 1:
        rel = pos - block.position()
        line += layout.lineForTextPosition(rel).lineNumber() if rel >= 0 else 0
    view.verticalScrollBar().setValue(line)


class CleanedView(QPlainTextEdit):
    """The cleaned posting, editable. Programmatic updates replace only what changed
    (common prefix and suffix kept), so a toggle on a big page stays cheap; user
    edits are reported with ``handEdited``."""

    handEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(_text_font())
        # Tab moves on, never types: a tab typed here silently made a hand edit.
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAcceptDrops(False)
        self._shown = ""
        self._map = Utf16Map("")
        self._programmatic = False
        self.document().contentsChange.connect(self._on_change)
        self.setPlaceholderText("The cleaned posting appears here. You can edit it.")

    @property
    def shown(self) -> str:
        """The text last set by the program (not including hand edits)."""
        return self._shown

    @property
    def u16(self) -> Utf16Map:
        return self._map

    def _on_change(self, _pos: int, removed: int, added: int) -> None:
        if not self._programmatic and (removed or added):
            emit(self.handEdited)

    def set_text(self, text: str, *, reset: bool = False) -> None:
        """Show ``text``; only the changed middle is replaced unless ``reset``."""
        if text == self._shown and not reset:
            return
        old, old_map = self._shown, self._map
        new_map = Utf16Map(text)
        self._programmatic = True
        try:
            doc = self.document()
            if reset or not old or len(text) < 64:
                _set_plain_text(self, text)
            else:
                prefix, suffix = common_affixes(old, text)
                a = old_map.to_utf16(prefix)
                b = old_map.to_utf16(len(old) - suffix)
                middle = text[prefix : len(text) - suffix]
                vbar = self.verticalScrollBar().value()
                doc.setUndoRedoEnabled(False)
                cur = QTextCursor(doc)
                cur.beginEditBlock()
                cur.setPosition(a)
                cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                cur.insertText(middle)
                cur.endEditBlock()
                doc.setUndoRedoEnabled(True)
                self.verticalScrollBar().setValue(vbar)
        finally:
            self._programmatic = False
        self._shown = text
        self._map = new_map
        self.document().setModified(False)

    def current_text(self) -> str:
        return self.toPlainText()

    def top_offset(self) -> int:
        return self._map.to_cp(min(self.firstVisibleBlock().position(), self._map.length_u16))

    def scroll_to_offset(self, offset: int) -> None:
        scroll_to_position(self, self._map.to_utf16(max(0, min(offset, self._map.length_cp))))

    def mark_offset(self, offset: int | None) -> None:
        """Tint the line where a removal happened (None: clear the mark)."""
        if offset is None:
            self.setExtraSelections([])
            return
        pal = self.palette()
        color = QColor(pal.color(pal.ColorRole.Highlight))
        color.setAlpha(45)
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.document())
        pos = self._map.to_utf16(max(0, min(offset, self._map.length_cp)))
        cur.setPosition(min(pos, self.document().characterCount() - 1))
        sel.cursor = cur
        sel.format = mark_format(color)
        self.setExtraSelections([sel])

    def place_cursor(self, offset: int) -> None:
        cur = QTextCursor(self.document())
        pos = self._map.to_utf16(max(0, min(offset, self._map.length_cp)))
        cur.setPosition(min(pos, self.document().characterCount() - 1))
        self.setTextCursor(cur)


def mark_format(color: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(color)
    fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
    return fmt

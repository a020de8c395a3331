"""A diff map beside a text pane's scroll bar, as Meld and other diff viewers have one.

:class:`ScrollMarks` is a thin strip that paints each removal where it sits in the whole
text, in its category's strong colour (a mark is at least two pixels tall, so a
one-character removal still shows), and the part of the text the pane shows as a
translucent frame. A mark's place is proportional to its code-point offset in the text
(:func:`mark_rows`, Qt-free arithmetic, tested on its own). Clicking a mark emits
``markClicked`` with its index (the compare pane selects that removal); clicking
between marks emits ``offsetClicked`` with the offset at that height (the pane scrolls
there). Keyboard users have F8 / Shift+F8 and the removals list: the strip takes no
focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from jobdesk.gui.qtcompat import emit

#: The strip's width in pixels, and the smallest height of a mark.
STRIP_WIDTH = 10
MIN_MARK = 2
#: A click this many pixels from a mark hits it.
HIT_SLOP = 2


@dataclass(frozen=True, slots=True)
class Mark:
    start: int  # code-point offsets into the text
    end: int
    color: QColor
    rule: str = ""  # the rule it shows (its tooltip names it)


def mark_rows(
    spans: Sequence[tuple[int, int]], length: int, height: int, min_height: int = MIN_MARK
) -> list[tuple[int, int]]:
    """Each span's (top, height) in a strip ``height`` pixels tall showing a text of
    ``length`` code points: the top at ``start / length`` of the height, the height in
    proportion, at least ``min_height`` and never past the bottom."""
    if length <= 0 or height <= 0:
        return [(0, 0) for _ in spans]
    out = []
    scale = height / length
    for start, end in spans:
        top = min(int(start * scale), max(height - min_height, 0))
        h = max(min_height, round((end - start) * scale))
        out.append((top, min(h, height - top)))
    return out


class ScrollMarks(QWidget):
    """The strip of marks beside a pane's vertical scroll bar."""

    markClicked = Signal(int)  # the index of the clicked mark
    offsetClicked = Signal(int)  # a click between marks: the offset at that height

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(STRIP_WIDTH)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Removals in the whole text: click one to go there")
        self._marks: list[Mark] = []
        self._length = 0
        self._view: tuple[int, int] | None = None  # the offsets the pane shows
        self._rows: list[tuple[int, int]] | None = None  # cached for the current height
        self._tip: Callable[[Mark], str] | None = None

    # ----------------------------------------------------------------- feeding

    def set_marks(self, marks: Sequence[Mark], length: int) -> None:
        """The removals of a text ``length`` code points long (sorted by start)."""
        self._marks = list(marks)
        self._length = length
        self._rows = None
        self.update()

    def set_tip(self, tip: Callable[[Mark], str] | None) -> None:
        """``tip(mark)``: the tooltip of a mark under the pointer (asked on hover only)."""
        self._tip = tip

    def tip_at(self, y: int) -> str:
        i = self.mark_at(y)
        if i is None or self._tip is None:
            return ""
        return self._tip(self._marks[i])

    def set_view(self, start: int, end: int) -> None:
        """The offsets from the first to the last character the pane shows."""
        view = (start, end)
        if view != self._view:
            self._view = view
            self.update()

    @property
    def marks(self) -> list[Mark]:
        return list(self._marks)

    @property
    def length(self) -> int:
        return self._length

    def rows(self) -> list[tuple[int, int]]:
        """Each mark's (top, height) in the strip as it is now."""
        if self._rows is None:
            self._rows = mark_rows(
                [(m.start, m.end) for m in self._marks], self._length, self._track().height()
            )
        return self._rows

    def _track(self) -> QRect:
        return self.rect().adjusted(1, 1, -1, -1)

    def sizeHint(self) -> QSize:
        return QSize(STRIP_WIDTH, 100)

    # ----------------------------------------------------------------- drawing

    def resizeEvent(self, event: object) -> None:
        self._rows = None
        super().resizeEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        track = self._track()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        if self._view is not None and self._length > 0:
            a, b = self._view
            scale = track.height() / self._length
            top = track.top() + int(a * scale)
            h = max(4, int((b - a) * scale))
            shade = QColor(pal.color(QPalette.ColorRole.Text))
            shade.setAlpha(30)
            p.fillRect(QRect(track.left(), top, track.width(), h), shade)
        last: tuple[int, int, int] | None = None
        for mark, (top, h) in zip(self._marks, self.rows(), strict=True):
            key = (top + track.top(), h, mark.color.rgba())
            if key == last:
                continue  # thousands of removals in a few rows: paint each row once
            last = key
            p.fillRect(QRect(track.left(), key[0], track.width(), h), mark.color)
        edge = QColor(pal.color(QPalette.ColorRole.Mid))
        p.setPen(edge)
        p.drawLine(0, 0, 0, self.height())
        p.end()

    # ----------------------------------------------------------------- clicks

    def mark_at(self, y: int) -> int | None:
        """The index of the mark at height ``y`` (the nearest within a few pixels)."""
        y -= self._track().top()
        best: tuple[int, int] | None = None
        for i, (top, h) in enumerate(self.rows()):
            if top - HIT_SLOP > y:
                break
            dist = 0 if top <= y < top + h else min(abs(y - top), abs(y - (top + h - 1)))
            if dist <= HIT_SLOP and (best is None or dist < best[0]):
                best = (dist, i)
        return best[1] if best is not None else None

    def offset_at(self, y: int) -> int:
        track = self._track()
        if track.height() <= 0:
            return 0
        frac = min(max((y - track.top()) / track.height(), 0.0), 1.0)
        return min(int(frac * self._length), max(self._length - 1, 0))

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(e)
            return
        y = int(e.position().y())
        i = self.mark_at(y)
        if i is not None:
            emit(self.markClicked, i)
        else:
            emit(self.offsetClicked, self.offset_at(y))

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        tip = self.tip_at(int(e.position().y()))
        self.setToolTip(tip or "Removals in the whole text: click one to go there")
        super().mouseMoveEvent(e)

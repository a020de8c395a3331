"""Small parts of the window: the notice bar above the panes and the empty state."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui.qtenums import (
    ALIGN_CENTER,
    RICH_TEXT,
    TEXT_SELECTABLE_BY_MOUSE,
    set_enum,
)
from jobdesk.gui.safe import message_box, plain_label


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
        set_enum(self.label, "textInteractionFlags", TEXT_SELECTABLE_BY_MOUSE)
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
        from PySide6.QtWidgets import QMessageBox  # (its enum types: after the paint)

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
        set_enum(title, "alignment", ALIGN_CENTER)  # (no ``Qt`` before the paint: qtenums)
        hint = QLabel(
            "Copy a job page in your browser (Ctrl+A, Ctrl+C) and press <b>Ctrl+V</b> here,<br>"
            "or drop .html, .txt, .md or .eml files (or a folder of them) onto this window.<br>"
            "jobdesk shows what it removes and why; every rule can be switched off."
        )
        set_enum(hint, "alignment", ALIGN_CENTER)
        hint.setWordWrap(True)
        set_enum(hint, "textFormat", RICH_TEXT)
        lay.addWidget(title)
        lay.addSpacing(8)
        lay.addWidget(hint)
        lay.addSpacing(16)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for act in [*actions, sample]:
            # The action's own text: its "&" marks the mnemonic (Alt+P: "Paste & Clean"),
            # its "&&" a literal "&" (plain_text() turned "&Paste && Clean" into
            # "Paste & Clean", which a button shows as "Paste _Clean").
            b = QPushButton(act.text())
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

"""The dialogs of :mod:`jobdesk.gui.safe` (read its rules): a text browser that loads
nothing, and the dialog a link from a posting opens through. Here, apart, so that their
Qt classes are not imported before the window's first paint."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui.safe import link_url, plain_label


class SafeTextBrowser(QTextBrowser):
    """A text browser for HTML we build: it loads no resource (images, style sheets)
    and follows no link, whatever the HTML names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        # Not None: on a null answer QTextDocument reads a local file by itself.
        return QByteArray()


class LinkDialog(QDialog):
    """Asks before a link from a posting opens (or says why it will not): the whole
    URL is shown as plain text in a read-only box that wraps anywhere, so a long or
    look-alike address can be read (and copied) before anything opens."""

    def __init__(self, parent: QWidget | None, url: str) -> None:
        super().__init__(parent)
        self.url = url
        self.target = link_url(url)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        pix = (
            QStyle.StandardPixmap.SP_MessageBoxQuestion
            if self.target is not None
            else QStyle.StandardPixmap.SP_MessageBoxWarning
        )
        icon.setPixmap(self.style().standardIcon(pix).pixmap(32, 32))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        if self.target is None:
            self.setWindowTitle("Link not opened")
            text = (
                "This link was not opened: jobdesk opens only web links (http, https) "
                "and e-mail addresses (mailto)."
            )
        elif self.target.scheme().lower() == "mailto":
            self.setWindowTitle("Open link")
            text = "Write to this address with your e-mail program?"
        else:
            self.setWindowTitle("Open link")
            text = "Open this link in your web browser?"
        self.message = plain_label(text)
        self.message.setWordWrap(True)
        top.addWidget(self.message, 1)
        lay.addLayout(top)
        self.url_view = QPlainTextEdit()
        self.url_view.setPlainText(url)
        self.url_view.setReadOnly(True)
        self.url_view.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.url_view.setAccessibleName("The link's full address")
        lines = 4
        self.url_view.setFixedHeight(
            self.url_view.fontMetrics().lineSpacing() * lines
            + 2 * int(self.url_view.document().documentMargin())
            + 2 * self.url_view.frameWidth()
        )
        lay.addWidget(self.url_view)
        # What the browser is handed, when it reads differently (a look-alike letter in
        # the host shows as "xn--…", spaces and quotes as %-escapes).
        self.encoded = ""
        if self.target is not None:
            self.encoded = bytes(self.target.toEncoded().data()).decode("ascii", "replace")
        self.opens_as = plain_label(f"Opens as: {self.encoded}")
        self.opens_as.setWordWrap(True)
        self.opens_as.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.opens_as.setVisible(bool(self.encoded) and self.encoded != url.strip())
        lay.addWidget(self.opens_as)
        buttons = QDialogButtonBox()
        lay.addWidget(buttons)
        self.open_button: QPushButton | None = None
        if self.target is not None:
            self.open_button = buttons.addButton(QDialogButtonBox.StandardButton.Open)
            self.open_button.setAutoDefault(False)  # Enter does not open a link
            self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(520, self.sizeHint().height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.close_button.setFocus()

    def accept(self) -> None:
        if self.target is not None:
            QDesktopServices.openUrl(self.target)
        super().accept()


def open_link(parent: QWidget | None, url: str) -> LinkDialog:
    """Open a link from a posting the safe way: http(s) and mailto only, after the user
    agreed in a dialog that shows the whole URL as plain text; anything else is refused
    with a message. Returns the (window-modal, already open) dialog."""
    dlg = LinkDialog(parent, url)
    dlg.open()
    return dlg

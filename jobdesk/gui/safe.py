"""Text from outside shown safely: the one place the window turns such text into Qt text.

"Outside" is anything jobdesk did not write itself: a posting's text and facts, a file
name, the library's titles, tags, notes, statuses and URLs, a user's rule pack (names,
descriptions, ids). Qt renders many strings as HTML — a QLabel or QMessageBox in its
default ``AutoText`` format, every tooltip, whenever ``Qt.mightBeRichText`` guesses so
(a ``<`` tag anywhere on the first line is enough) — and HTML makes Qt *load* what an
``<img src=…>`` names: a title ``<img src="/dev/zero"> Engineer`` would read that file
when its tooltip shows, a FIFO would freeze the window. So:

* a label that shows outside text is :func:`plain_label` (``Qt.TextFormat.PlainText``);
* a tooltip built from outside text goes through :func:`tooltip` (escaped, always rich
  text, so nothing is left for Qt to guess); a tooltip with our own markup is
  :func:`rich_tooltip`, its outside parts escaped with :func:`esc`;
* a rich-text label of our own (bold headings, a link) escapes every outside part with
  :func:`esc` and says ``RichText`` explicitly (:func:`rich_label`);
* dialogs: :func:`message_box` and :func:`progress_dialog` show plain text;
  :class:`SafeTextBrowser` never loads a resource or follows a link;
* menus and buttons take "&" for a mnemonic (:func:`menu_text`), window titles take
  "[*]" for the modified marker (:func:`window_title`);
* a link from a posting opens through :func:`open_link`: only http(s) and mailto, after a
  confirmation that shows the whole URL; any other scheme is refused with a message.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

#: The schemes a link from a posting may open (after the user agrees).
LINK_SCHEMES = ("http", "https", "mailto")


def esc(text: object) -> str:
    """``text`` as HTML that shows it literally (for rich text we build ourselves)."""
    return escape(str(text), quote=True)


def rich_tooltip(html: str) -> str:
    """A tooltip of our own markup (outside parts already escaped with :func:`esc`);
    newlines and runs of spaces are kept."""
    return f"<p style='white-space:pre-wrap'>{html}</p>" if html else ""


def tooltip(text: str | None) -> str:
    """A tooltip that shows ``text`` exactly as written, whatever it holds."""
    return rich_tooltip(esc(text)) if text else ""


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def rich_label(html: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for our own markup (outside parts escaped with :func:`esc`); its links
    are not opened by Qt (connect ``linkActivated`` to :func:`open_link`)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setText(html)
    return label


def menu_text(text: str) -> str:
    """``text`` for a menu item or button: "&" is shown, not taken for a mnemonic."""
    return text.replace("&", "&&")


def plain_text(text: str) -> str:
    """What a menu item or button shows for ``text``: its mnemonic markers dropped
    ("&&" is a literal "&"); the inverse of :func:`menu_text`."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def window_title(text: str) -> str:
    """``text`` for a window title: a literal "[*]" is not the modified marker."""
    return text.replace("[*]", "[*][*]")


def message_box(
    parent: QWidget | None,
    text: str,
    *,
    title: str = "jobdesk",
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
    details: str = "",
) -> QMessageBox:
    """A message box showing ``text`` as plain text (``details``: the "Show Details…"
    pane, plain text too); not shown yet (call ``open()``)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def progress_dialog(
    parent: QWidget | None, text: str, cancel: str, minimum: int, maximum: int
) -> QProgressDialog:
    """A progress dialog whose label (file names …) is plain text."""
    dlg = QProgressDialog(parent)
    dlg.setLabel(plain_label())  # the dialog takes ownership
    dlg.setLabelText(text)
    dlg.setCancelButtonText(cancel)
    dlg.setRange(minimum, maximum)
    return dlg


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


def link_url(url: str) -> QUrl | None:
    """The URL to open for ``url`` from a posting; None when it must not be opened
    (another scheme than http, https or mailto; no host; control characters)."""
    if not url or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    q = QUrl(url.strip())
    if not q.isValid() or q.isRelative():
        return None
    scheme = q.scheme().lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme == "mailto":
        return q if q.path() else None
    return q if q.host() else None


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

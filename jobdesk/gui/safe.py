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
  :class:`~safe_dialogs.SafeTextBrowser` never loads a resource or follows a link (it
  and the link dialog live in :mod:`safe_dialogs`, whose Qt classes are imported after
  the window's first paint);
* menus and buttons take "&" for a mnemonic (:func:`menu_text`), window titles take
  "[*]" for the modified marker (:func:`window_title`);
* a link from a posting opens through :func:`~safe_dialogs.open_link`: only http(s) and
  mailto, after a confirmation that shows the whole URL; any other scheme is refused
  with a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from jobdesk.gui.qtenums import PLAIN_TEXT, RICH_TEXT, set_enum

if TYPE_CHECKING:  # the dialogs' Qt classes are imported when first used (gui/later.py)
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

#: The schemes a link from a posting may open (after the user agrees).
LINK_SCHEMES = ("http", "https", "mailto")


def esc(text: object) -> str:
    """``text`` as HTML that shows it literally (for rich text we build ourselves):
    ``html.escape(text, quote=True)``, without importing :mod:`html` (its entity table)
    before the window's first paint."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


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
    set_enum(label, "textFormat", PLAIN_TEXT)  # (no ``Qt`` before the paint: qtenums)
    label.setText(text)
    return label


def rich_label(html: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for our own markup (outside parts escaped with :func:`esc`); its links
    are not opened by Qt (connect ``linkActivated`` to :func:`safe_dialogs.open_link`)."""
    label = QLabel(parent)
    set_enum(label, "textFormat", RICH_TEXT)
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
    icon: QMessageBox.Icon | None = None,
    details: str = "",
) -> QMessageBox:
    """A message box showing ``text`` as plain text (``details``: the "Show Details…"
    pane, plain text too); not shown yet (call ``open()``). ``icon``: Information."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information if icon is None else icon)
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
    from PySide6.QtWidgets import QProgressDialog

    dlg = QProgressDialog(parent)
    dlg.setLabel(plain_label())  # the dialog takes ownership
    dlg.setLabelText(text)
    dlg.setCancelButtonText(cancel)
    dlg.setRange(minimum, maximum)
    return dlg


def link_url(url: str) -> QUrl | None:
    """The URL to open for ``url`` from a posting; None when it must not be opened
    (another scheme than http, https or mailto; no host; control characters)."""
    if not url or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    from PySide6.QtCore import QUrl

    q = QUrl(url.strip())
    if not q.isValid() or q.isRelative():
        return None
    scheme = q.scheme().lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme == "mailto":
        return q if q.path() else None
    return q if q.host() else None

"""What leaves the window: the cleaned posting copied (plain text or Markdown), and
postings saved to the library.

The library plugs in with :meth:`Output.set_library_saver` (see
:func:`jobdesk.gui.library.install_library`, called at start-up); without one "Save to
library" is present but disabled. A posting is saved as the user sees it: hand edits,
edited facts, and the rules that are on for it (:mod:`rule_choices`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QGuiApplication

from jobdesk.gui.opened import OpenedPostings
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.rule_choices import RuleChoices
from jobdesk.gui.shown import ShownPosting
from jobdesk.session import Draft

#: What "Save to library" hands its drafts to; returns a status message (or None when
#: it reports by itself, e.g. after background work).
LibrarySaver = Callable[[list[Draft]], str | None]

NOTHING_TO_COPY = "There is no cleaned posting to copy yet."


class Output(QObject):
    """Copy Cleaned, Copy as Markdown, Save to Library, Save All to Library."""

    message = Signal(str, int)  # text for the status bar, milliseconds
    notice = Signal(str, str, str)  # text, level, details
    saverChanged = Signal()  # the library was plugged in (or out)

    def __init__(
        self,
        shown: ShownPosting,
        opened: OpenedPostings,
        choices: RuleChoices,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.shown = shown
        self.opened = opened
        self.choices = choices
        self.saver: LibrarySaver | None = None

    # ------------------------------------------------------------ copying

    def copy_cleaned(self) -> None:
        text = self.shown.cleaned_text()
        if not text:
            emit(self.notice, NOTHING_TO_COPY, "warning", "")
            return
        QGuiApplication.clipboard().setText(text)
        emit(self.message, f"Copied the cleaned posting ({len(text):,} characters)", 4000)

    def copy_markdown(self) -> None:
        text = self.shown.cleaned_text()
        if not text:
            emit(self.notice, NOTHING_TO_COPY, "warning", "")
            return
        result = self.shown.result
        doc = result.document if result else None
        title = doc.title if doc is not None else None
        from jobdesk.core.markdown import to_markdown

        md = to_markdown(text, title=title if title and title not in text[:300] else None)
        mime = QMimeData()
        mime.setText(md)
        mime.setData("text/markdown", md.encode("utf-8"))
        QGuiApplication.clipboard().setMimeData(mime)
        emit(self.message, "Copied the cleaned posting as Markdown", 4000)

    # ------------------------------------------------------------ the library

    def set_library_saver(self, saver: LibrarySaver | None) -> None:
        """Plug in the library: ``saver(drafts)`` stores them and returns a message for
        the status bar (or None when it reports by itself, e.g. after background work)."""
        self.saver = saver
        emit(self.saverChanged)

    def drafts(self, *, all_entries: bool = False) -> list[Draft]:
        """What Save hands the library: the shown posting's draft, or every one's."""
        entries = self.opened.entries if all_entries else [self.shown.current]
        return [
            d
            for e in entries
            if e is not None
            and (d := e.draft(self.choices.active(e), self.shown.exemptions())) is not None
        ]

    def save_to_library(self, *, all_entries: bool = False) -> None:
        if self.saver is None:
            emit(self.notice, "The library is not available in this version yet.", "info", "")
            return
        drafts = self.drafts(all_entries=all_entries)
        if not drafts:
            return
        try:
            msg = self.saver(drafts)
        except Exception as exc:
            emit(self.notice, f"Could not save to the library: {exc}", "error", "")
            return
        if msg:  # a saver that reports later (a batch on a worker) returns None
            emit(self.message, msg, 6000)

    def save_all_to_library(self) -> None:
        self.save_to_library(all_entries=True)

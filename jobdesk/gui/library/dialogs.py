"""The re-clean dialog: today's rules' line diff, before anything changes."""

from __future__ import annotations

import difflib

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from jobdesk.gui.safe import esc, rich_label
from jobdesk.gui.safe_dialogs import SafeTextBrowser
from jobdesk.session import Reclean


def diff_html(old: str, new: str, context: int = 2) -> tuple[str, int, int]:
    """A line diff as HTML ("−" removed, "+" added: not colour alone); (html, -n, +n)."""
    a, b = old.splitlines(), new.splitlines()
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out: list[str] = []
    removed = added = 0
    for group in sm.get_grouped_opcodes(context):
        out.append("<div style='color:gray'>⋯</div>")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(f"<div>&nbsp;&nbsp;{esc(x) or '&nbsp;'}</div>" for x in a[i1:i2])
                continue
            for x in a[i1:i2]:
                removed += 1
                body = f"<s>{esc(x)}</s>" if x.strip() else "<i>(blank line)</i>"
                out.append(f"<div style='background:#f8d7da;color:#58151c'>−&nbsp;{body}</div>")
            for x in b[j1:j2]:
                added += 1
                body = esc(x) if x.strip() else "<i>(blank line)</i>"
                out.append(f"<div style='background:#d1e7dd;color:#0a3622'>+&nbsp;{body}</div>")
    if not out:
        return "<p><i>No change: today's rules give the same cleaned text.</i></p>", 0, 0
    return (
        "<div style='font-family:monospace;white-space:pre-wrap'>" + "".join(out) + "</div>",
        (removed),
        added,
    )


class RecleanDialog(QDialog):
    def __init__(self, rc: Reclean, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Re-clean #{rc.posting.id} with today's rules")
        self.resize(760, 560)
        lay = QVBoxLayout(self)
        html, removed, added = diff_html(rc.posting.cleaned, rc.cleaned)
        old_rules, new_rules = set(rc.posting.rules), set(rc.rules)
        summary = (
            f"<b>{esc(rc.posting.display_title)}</b><br>"
            f"{removed} line{'s' if removed != 1 else ''} would go, "
            f"{added} line{'s' if added != 1 else ''} would come. "
            f"Rules: {len(new_rules - old_rules)} on now that were off, "
            f"{len(old_rules - new_rules)} off now that were on."
        )
        if rc.posting.hand_edited:
            summary += "<br><b>⚠ This posting was edited by hand; accepting replaces the edits.</b>"
        self.summary = rich_label(summary)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.view = SafeTextBrowser()
        self.view.setHtml(html)
        lay.addWidget(self.view, 1)
        self.changes = (removed, added)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(
            "Accept the New Text", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button.setEnabled(removed + added > 0 or old_rules != new_rules)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

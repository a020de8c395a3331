"""The window's help and information dialogs: keyboard shortcuts, About, rule-pack
problems."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from jobdesk.core.rules import RuleSet
from jobdesk.gui.safe import esc, message_box, plain_text


def shortcut_table(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(action text, its shortcuts) of every action that has a shortcut."""
    rows = []
    for act in actions:
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts()
        )
        if keys:
            rows.append((plain_text(act.text()), keys))
    return rows


def show_shortcuts(parent: QWidget, rows: Iterable[tuple[str, str]]) -> QMessageBox:
    html = "".join(
        f"<tr><td>{esc(name)}</td><td><b>{esc(keys)}</b></td></tr>" for name, keys in rows
    )
    box = QMessageBox(parent)
    box.setWindowTitle("Keyboard shortcuts")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<table cellspacing=4>{html}</table>")
    box.open()
    return box


def show_about(parent: QWidget) -> QMessageBox:
    """Help ▸ About: :func:`jobdesk.about.about_text` (version, folders, no network) as
    plain text — a folder's name is never markup — selectable, to copy into a report."""
    from jobdesk.about import about_text

    box = QMessageBox(parent)
    box.setWindowTitle("About jobdesk")
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(about_text())
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if not parent.windowIcon().isNull():
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.open()
    return box


def show_pack_errors(parent: QWidget, ruleset: RuleSet) -> None:
    """The problems found while loading the rule packs (there are some)."""
    n = len(ruleset.errors)
    message_box(
        parent,
        f"{n} problem{'s' if n != 1 else ''} while loading the rule packs. "
        "The rules that loaded work as usual.",
        title="Rule pack problems",
        icon=QMessageBox.Icon.Warning,
        details="\n".join(str(e) for e in ruleset.errors),
    ).open()

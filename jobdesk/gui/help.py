"""The window's help and information dialogs: keyboard shortcuts, About, rule-pack
problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from jobdesk.gui.safe import esc, message_box, plain_text

if TYPE_CHECKING:
    from jobdesk.core.rules import RuleSet

#: Keys of special keyboards (an "Open" or "Help" key) that the platform's standard
#: bindings add: real, but noise in a list of what to press.
APPLICATION_KEYS = frozenset(
    {
        Qt.Key.Key_Open, Qt.Key.Key_Save, Qt.Key.Key_Close, Qt.Key.Key_Find,
        Qt.Key.Key_Help, Qt.Key.Key_Copy, Qt.Key.Key_Cut, Qt.Key.Key_Paste,
        Qt.Key.Key_Undo, Qt.Key.Key_Redo, Qt.Key.Key_Reload, Qt.Key.Key_Back,
        Qt.Key.Key_Forward, Qt.Key.Key_Refresh, Qt.Key.Key_New, Qt.Key.Key_Print,
    }
)  # fmt: skip


def key_names(act: QAction) -> str:
    """An action's shortcuts as the platform writes them, special keyboards' keys left out."""
    names = []
    for seq in act.shortcuts():
        if seq.count() == 1 and seq[0].key() in APPLICATION_KEYS:  # type: ignore[index]
            continue
        names.append(seq.toString(QKeySequence.SequenceFormat.NativeText))
    return ", ".join(names)


def shortcut_table(
    actions: Iterable[QAction], *, prefix: str = "", rename: Mapping[QAction, str] | None = None
) -> list[tuple[str, str]]:
    """(what it does, its keys) of every action that has a shortcut, once each;
    ``prefix`` names a part ("Library: "), ``rename`` says better what an action does."""
    rows = []
    seen: set[int] = set()
    for act in actions:
        keys = key_names(act)
        if not keys or id(act) in seen:
            continue
        seen.add(id(act))
        name = (rename or {}).get(act) or plain_text(act.text())
        rows.append((prefix + name, keys))
    return rows


def window_keys(
    window: QWidget, part: object | None, rename: Mapping[QAction, str] | None = None
) -> list[tuple[str, str]]:
    """Every key ``window`` answers to (F1): its own actions, then those of ``part``
    (the library: its actions are the window's children it owns), "Library: " before."""
    mine = window.actions()
    rows = shortcut_table(mine, rename=rename)
    own = set(mine)
    theirs = [
        a
        for a in window.findChildren(QAction)
        if a not in own and a.shortcuts() and a.parent() is part
    ]
    return rows + shortcut_table(theirs, prefix="Library: ")


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

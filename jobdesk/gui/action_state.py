"""When the window's actions are enabled: a function of what the window shows.

:func:`enable_actions` takes the actions by name (:data:`jobdesk.gui.actions.ACTIONS`)
and a :class:`WindowState`; the window calls it whenever what it shows changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from PySide6.QtGui import QAction

from jobdesk.gui.actions import keys_text

#: Enabled only while a posting shows.
NEED_A_POSTING = ("copy-cleaned", "copy-markdown", "next-removal", "prev-removal", "close-file")


class WindowState(NamedTuple):
    """What the actions depend on. (A named tuple: a frozen dataclass's generated
    methods cost ~0.6 ms at import, before the window's first paint.)"""

    posting: bool = False  # a posting shows, with its result
    empty: bool = True  # the empty window shows (its Ctrl+V pastes)
    hand_edited: bool = False  # the posting on show has hand edits
    opened: int = 0  # how many postings are open
    library: bool = False  # a library is plugged in
    pack_errors: bool = False  # a rule pack had problems
    rule_editor: bool = False  # the rule editor is there (made when the rules arrive)


def enable_actions(acts: Mapping[str, QAction], state: WindowState) -> None:
    """Enable (or not) each action for ``state``; Save's tooltip says why it is off."""
    acts["paste-empty"].setEnabled(state.empty)
    for name in NEED_A_POSTING:
        acts[name].setEnabled(state.posting)
    acts["reset-edits"].setEnabled(state.posting and state.hand_edited)
    many = state.opened > 1
    acts["next-file"].setEnabled(many)
    acts["prev-file"].setEnabled(many)
    save = acts["save"]
    save.setEnabled(state.library and state.posting)
    acts["save-all"].setEnabled(state.library and many)
    if not state.library:
        save.setToolTip("Save to library — the library is not available")
    else:
        save.setToolTip(f"Save this posting to your library ({keys_text(save)})")
    acts["pack-errors"].setEnabled(state.pack_errors)
    acts["edit-rules"].setEnabled(state.rule_editor)

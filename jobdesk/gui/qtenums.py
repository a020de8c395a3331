"""Qt's enum values for what the window's first frame sets, without touching ``Qt``.

PySide6 makes the ``Qt`` namespace's Python enum types all at once (93 of them, ~11 ms
of CPU) the first time anything touches ``Qt``: an import of it, a ``Qt.X.Y``, or a
Python method that Qt calls with a ``Qt`` enum argument (a model's ``headerData``: its
orientation). The bare PySide6 window never does. So what builds the first frame sets
Qt's enum properties by name (:func:`set_enum`: ``QObject.setProperty`` with the plain
value, which Qt converts on its side: no Python enum is made), compares item roles as
the plain ints PySide6 hands to ``data()``, and imports ``Qt`` only where it runs after
the first paint (a method called often looks it up as ``QtCore.Qt``: an import
statement in a method costs ~2 µs a call). ``tests/gui/test_startup.py`` checks these
values against ``Qt``'s and that the first paint leaves ``Qt`` unmade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

# Qt.TextFormat
PLAIN_TEXT = 0
RICH_TEXT = 1
# Qt.AlignmentFlag
ALIGN_LEFT = 0x1
ALIGN_RIGHT = 0x2
ALIGN_TOP = 0x20
ALIGN_VCENTER = 0x80
ALIGN_CENTER = 0x84
# Qt.TextInteractionFlag
TEXT_SELECTABLE_BY_MOUSE = 0x1
# Qt.ToolButtonStyle
TOOL_BUTTON_TEXT_BESIDE_ICON = 2
# Qt.ItemDataRole
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
EDIT_ROLE = 2
TOOLTIP_ROLE = 3
FONT_ROLE = 6
TEXT_ALIGNMENT_ROLE = 7
FOREGROUND_ROLE = 9
CHECK_STATE_ROLE = 10
USER_ROLE = 0x100


def set_enum(obj: QObject, prop: str, value: int) -> None:
    """Set the Qt property ``prop`` of ``obj`` (an enum or flags property: ``textFormat``,
    ``alignment`` …) to ``value``; an unknown property is an error (``setProperty``
    would make a dynamic one)."""
    if not obj.setProperty(prop, value):
        raise AttributeError(f"{type(obj).__name__} has no Qt property {prop!r}")

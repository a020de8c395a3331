"""The window's frame: its menu bar and toolbar from the action table, and the central
area (the notice bar over a splitter: the rules column | the empty window or the
compare pane).

:data:`jobdesk.gui.actions.MENUS` and :data:`~jobdesk.gui.actions.TOOLBAR` say where each
action shows; the toolbar ends with what the window puts there (the site label and
the Site button). The Library menu is added by the library (:mod:`jobdesk.gui.library`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from jobdesk.gui.actions import MENUS, TOOLBAR
from jobdesk.gui.qtenums import TOOL_BUTTON_TEXT_BESIDE_ICON, set_enum

Places = Sequence[str | None]


def add_menus(
    window: QMainWindow,
    acts: Mapping[str, QAction],
    menus: Sequence[tuple[str, Places]] = MENUS,
) -> None:
    """The menu bar: each menu's actions by name (None: a separator)."""
    bar = window.menuBar()
    for title, names in menus:
        menu = bar.addMenu(title)
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(acts[name])


def add_toolbar(
    window: QMainWindow,
    acts: Mapping[str, QAction],
    trailing: Sequence[QWidget] = (),
    names: Places = TOOLBAR,
) -> QToolBar:
    """The main toolbar: the actions, a spacer, then ``trailing`` at its right end."""
    tb = window.addToolBar("Main")
    tb.setObjectName("mainToolbar")
    tb.setMovable(False)
    set_enum(tb, "toolButtonStyle", TOOL_BUTTON_TEXT_BESIDE_ICON)  # (no ``Qt``: qtenums)
    tb.setIconSize(QSize(18, 18))
    for name in names:
        if name is None:
            tb.addSeparator()
        else:
            tb.addAction(acts[name])
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    tb.addWidget(spacer)
    for widget in trailing:
        tb.addWidget(widget)
    return tb


def central_area(
    notice: QWidget, left: QWidget, pages: Sequence[QWidget]
) -> tuple[QWidget, QSplitter, QStackedWidget]:
    """The notice bar over a splitter of ``left`` (the rules column) and a stack of
    ``pages`` (the empty window, the compare pane). A smaller window shrinks the rules
    column too (its share stays about the same)."""
    central = QWidget()
    outer = QVBoxLayout(central)
    outer.setContentsMargins(4, 4, 4, 0)
    outer.setSpacing(4)
    outer.addWidget(notice)
    split = QSplitter()  # horizontal (no ``Qt`` before the first paint: qtenums)
    split.setChildrenCollapsible(False)
    outer.addWidget(split, 1)
    split.addWidget(left)
    stack = QStackedWidget()
    for page in pages:
        stack.addWidget(page)
    split.addWidget(stack)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 3)
    return central, split, stack

"""The window's parts: the action table keeps every action the menus had (names,
shortcuts, places), and the window and the library dock import nothing of each other."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from jobdesk import session
from jobdesk.core.engine import Cleaner
from jobdesk.gui import actions
from jobdesk.gui.library import install_library
from jobdesk.gui.loading import Input, SyncExecutor
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.window import MainWindow
from jobdesk.session import Draft, PostingSession

from .conftest import SAMPLE, small_ruleset

Key = QKeySequence.StandardKey
GUI = Path(__file__).resolve().parents[2] / "jobdesk" / "gui"

#: The window's menus before the action table (object names; None = a separator).
OLD_MENUS: dict[str, list[str | None]] = {
    "&File": ["paste", "open", "sample", None, "save", "save-all", None,
              "prev-file", "next-file", "close-file", None, "quit"],
    "&Edit": ["copy-cleaned", "copy-markdown", None, "reset-edits"],
    "&View": ["prev-removal", "next-removal", "removals", None, "sync-scroll", "reset-layout", None,
              "focus-raw", "focus-clean", "focus-rules", "dismiss"],
    "&Rules": ["filter-rules", "hide-empty", None, "group-category", "group-pack",
               "expand-rules", "collapse-rules", None, "choose-site", "reset-rules",
               "pack-errors", None, "edit-rules"],  # Edit My Rules… (issue 11)
    "&Help": ["shortcuts", "about"],
}  # fmt: skip

#: Every window action before the table, with its shortcuts, in the order made.
OLD_SHORTCUTS: dict[str, tuple[str | QKeySequence.StandardKey, ...]] = {
    "paste": ("Ctrl+Shift+V",),
    "paste-empty": ("Ctrl+V",),
    "open": (Key.Open,),
    "sample": ("Ctrl+Shift+E",),
    "save": (Key.Save,),
    "save-all": ("Ctrl+Shift+S",),
    "next-file": ("Ctrl+PgDown", "Alt+Down"),
    "prev-file": ("Ctrl+PgUp", "Alt+Up"),
    "close-file": (Key.Close,),
    "quit": ("Ctrl+Q",),
    "copy-cleaned": ("Ctrl+Shift+C",),
    "copy-markdown": ("Ctrl+Alt+C",),
    "reset-edits": ("Ctrl+Alt+Z",),
    "next-removal": ("F8",),
    "prev-removal": ("Shift+F8",),
    "removals": ("F9",),  # added with View ▸ Removals List (issue 11)
    "sync-scroll": ("Ctrl+Shift+L",),
    "hide-empty": ("Ctrl+H",),
    "filter-rules": (Key.Find,),
    "reset-rules": ("Ctrl+Shift+D",),
    "group-category": ("Ctrl+Alt+1",),
    "group-pack": ("Ctrl+Alt+2",),
    "expand-rules": ("Ctrl+Alt+=",),
    "collapse-rules": ("Ctrl+Alt+-",),
    "choose-site": ("Ctrl+Alt+S",),
    "edit-rules": ("Ctrl+Alt+E",),  # added with Rules ▸ Edit My Rules… (issue 11)
    "pack-errors": ("Ctrl+Alt+P",),
    "reset-layout": ("Ctrl+Alt+0",),  # added with View ▸ Reset Layout (issue 12)
    "focus-raw": ("Alt+1",),
    "focus-clean": ("Alt+2",),
    "focus-rules": ("Alt+3",),
    "shortcuts": (Key.HelpContents,),
    "about": ("Ctrl+Alt+A",),
    "dismiss": ("Esc",),
}

#: The Library menu (the dock's actions): text and shortcut.
OLD_LIBRARY_MENU: list[tuple[str, str] | None] = [
    ("&Library", "Ctrl+L"), ("&Open", "Return"), ("&Re-clean…", "Ctrl+R"),
    ("Re-clean Library / Review &Changes…", ""),  # added with the review (issue 11)
    ("&Delete", "Del"), None, ("&Undo", "Ctrl+Z"), ("&Redo", "Ctrl+Shift+Z"), None,
    ("&Import Folder…", ""),
]  # fmt: skip


def keys(spec: tuple[str | QKeySequence.StandardKey, ...]) -> list[str]:
    out: list[QKeySequence] = []
    for s in spec:
        if isinstance(s, QKeySequence.StandardKey):
            out.extend(QKeySequence.keyBindings(s))
        else:
            out.append(QKeySequence(s))
    return [k.toString() for k in out]


def test_the_action_table_holds_every_old_action_with_its_shortcuts() -> None:
    table = {spec.name: spec for spec in actions.ACTIONS}
    assert list(table) == list(OLD_SHORTCUTS)  # nothing lost, nothing new, same order
    for name, shortcuts in OLD_SHORTCUTS.items():
        assert table[name].shortcuts == shortcuts, name
    menus = {title: list(names) for title, names in actions.MENUS}
    assert menus == OLD_MENUS
    assert all(hasattr(MainWindow, spec.slot) for spec in actions.ACTIONS)


def test_the_built_window_has_the_old_menus_and_shortcuts(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window()
    ctl = install_library(w, tmp_path / "library.sqlite3", executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    bar = [a for a in w.menuBar().actions()]
    assert [a.text() for a in bar] == ["&File", "&Edit", "&View", "&Rules", "&Library", "&Help"]
    by_title = {a.text(): a.menu() for a in bar}
    for title, names in OLD_MENUS.items():
        menu = by_title[title]
        got = [None if a.isSeparator() else a.objectName() for a in menu.actions()]
        if title == "&View":  # the library's toggle goes last, after a separator
            assert got[-2:] == [None, ""] and menu.actions()[-1] is ctl.act_show
            got = got[:-2]
        if title == "&Rules":  # then Preset ▸, Remove Text Like This…, Exceptions…
            assert got[len(names) :] == [None, "preset", *actions.AUTHORING_MENU[1]]
            got = got[: len(names)]
        assert got == names, title
        for a in menu.actions():
            if a.objectName() in OLD_SHORTCUTS:
                got_keys = [k.toString() for k in a.shortcuts()]
                assert got_keys == keys(OLD_SHORTCUTS[a.objectName()]), a.objectName()
                assert a.toolTip(), a.objectName()
    library = [
        None if a.isSeparator() else (a.text(), a.shortcut().toString())
        for a in by_title["&Library"].actions()
    ]
    assert library == OLD_LIBRARY_MENU
    made = [a.objectName() for a in w.actions() if a.objectName()]
    authoring = [spec.name for spec in actions.AUTHORING_ACTIONS] + ["preset"]
    assert made == list(OLD_SHORTCUTS) + authoring  # they work without the menu bar too


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_the_window_and_the_library_import_nothing_of_each_other() -> None:
    window = _imports(GUI / "window.py")
    assert not {m for m in window if m.startswith("jobdesk.gui.library")}
    for path in (GUI / "library").glob("*.py"):
        assert not {m for m in _imports(path) if m.startswith("jobdesk.gui.window")}, path


def test_the_postings_list_and_the_rules_share_one_column(window: MainWindow) -> None:
    # One layout holds the opened postings above the rules. In a short window with
    # many postings open, the list scrolls past a few rows and the rules tree keeps
    # room for eight (issue 12: the list ate the tree down to four rows).
    window.resize(1024, 640)
    window.load_inputs([Input(f"p{i}", text=f"Engineer {i}\nBuild.\n") for i in range(8)])
    assert window.files_box.isVisibleTo(window)
    assert window.files_box.parentWidget() is window.rules_panel
    row = window.files_view.sizeHintForRow(0)
    assert window.files_view.height() <= 5 * row + 8
    assert window.rules_view.height() >= 8 * row
    assert window.rules_view.height() > window.files_view.height()


class FakeHost(QMainWindow):
    """Not the jobdesk window: any main window with what LibraryHost names."""

    closing = Signal()

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.cleaner = Cleaner(small_ruleset())
        self.settings = settings
        self.executor = SyncExecutor()
        self.library: object | None = None
        self.saver: Callable[[list[Draft]], str | None] | None = None
        self.opened: list[Input] = []
        self.notices: list[tuple[str, str]] = []

    def rule_overrides(self) -> dict[str, bool]:
        return {}

    def show_opened(self, library_id: int) -> bool:
        return False

    def set_library_saver(self, saver: Callable[[list[Draft]], str | None] | None) -> None:
        self.saver = saver

    def notify(self, text: str, level: str = "info", details: str = "") -> None:
        self.notices.append((text, level))

    def open_from_library(self, inp: Input) -> None:
        self.opened.append(inp)


def test_the_library_talks_to_any_host_by_signals(
    qtbot, settings: QSettings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    host = FakeHost(settings)
    qtbot.addWidget(host)
    ctl = install_library(host, tmp_path / "library.sqlite3", executor=SyncExecutor())
    assert ctl is not None and host.library is ctl and host.saver is not None
    ctl.poll.stop()
    loaded = session.load_input(Input("paste", text=SAMPLE), host.cleaner)
    assert loaded.matched is not None
    draft = PostingSession("paste", matched=loaded.matched).draft({})
    assert draft is not None
    assert host.saver([draft]) == "Saved to your library as #1."
    ctl.open_posting(1)
    (inp,) = host.opened
    assert inp.opened is not None and inp.opened.library_id == 1
    ctl.panel.table.selectRow(0)
    ctl.delete_selected()
    assert host.notices[-1][0].startswith("Deleted 1 posting from the library.")
    emit(host.closing)  # the library keeps its dock state when the host closes
    assert settings.value("library/visible") is not None

"""The window is a shell of parts (issue 10): it stays small, every name it forwards
reaches a part, no part imports it, and the action table and the actions' declarations
stay in step."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from jobdesk.gui import actions
from jobdesk.gui.actions import ACTIONS, ActionSpec, WindowActions, build_actions
from jobdesk.gui.forward import forwards
from jobdesk.gui.window import MainWindow
from tests.gui.test_parts import _imports

GUI = Path(__file__).resolve().parents[2] / "jobdesk" / "gui"
PKG = GUI.parent
#: The most lines of code window.py may have (not counting blank and comment lines).
SHELL_LIMIT = 400


def code_lines(source: str) -> int:
    """Lines holding code: not blank, not only a comment (a docstring counts)."""
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                        tokenize.DEDENT, tokenize.ENDMARKER):  # fmt: skip
            continue
        lines.update(range(tok.start[0], tok.end[0] + 1))
    return len(lines)


def test_code_lines_counts_code_and_docstrings_not_blanks_or_comments() -> None:
    src = '"""Doc\n\nstring."""\n\n# a comment\nx = 1  # trailing\n\n\ndef f():\n    return x\n'
    assert code_lines(src) == 6  # the docstring's three lines (one blank inside), x =, def, return


def test_the_window_is_a_shell_of_at_most_400_lines() -> None:
    n = code_lines((GUI / "window.py").read_text(encoding="utf-8"))
    assert n <= SHELL_LIMIT, f"window.py has {n} lines of code; move what grew into a part"


def test_no_part_imports_the_window() -> None:
    # Only the app's entry point makes a window; every part is usable without it.
    importers = sorted(
        str(p.relative_to(PKG))
        for p in PKG.rglob("*.py")
        if p != GUI / "window.py" and "jobdesk.gui.window" in _imports(p)
    )
    assert importers == ["gui/app.py"]


def test_every_forwarded_name_reaches_its_part(window: MainWindow) -> None:
    table = forwards(MainWindow)
    assert len(table) > 60 and table["paste_and_clean"] == ("inputs", "paste")
    for name, (part, attr) in table.items():
        owner = getattr(window, part)  # the part (or a forwarded widget) exists …
        assert hasattr(owner, attr), f"{name}: {part} has no {attr}"  # … and has it
        assert hasattr(window, name)


def test_forwarded_slots_serve_the_action_table_and_read_the_part_as_it_is(
    window: MainWindow,
) -> None:
    assert all(hasattr(MainWindow, spec.slot) for spec in ACTIONS)
    assert window.busy is False and window.result is None  # properties, read at use
    assert window.rules_view is window.rules_panel.view  # widgets, by their old names
    calls: list[str] = []
    window.output.copy_cleaned = lambda: calls.append("copy")  # type: ignore[method-assign]
    window.act_copy.setEnabled(True)
    window.act_copy.trigger()  # the slot is looked up when the action fires
    assert calls == ["copy"]


def test_the_actions_are_declared_once_beside_the_table() -> None:
    declared = list(WindowActions.__annotations__)
    assert declared == [spec.attr for spec in ACTIONS]


def test_build_actions_looks_the_slot_up_when_the_action_fires(qtbot) -> None:  # type: ignore[no-untyped-def]
    class Owner(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[object] = []

        def ping(self) -> None:
            self.seen.append("ping")

        def flip(self, on: bool) -> None:
            self.seen.append(on)

    owner = Owner()
    qtbot.addWidget(owner)
    specs = [ActionSpec("act_ping", "ping", "Ping", "ping"),
             ActionSpec("act_flip", "flip", "Flip", "flip", checkable=True)]  # fmt: skip
    acts = build_actions(owner, specs)
    assert isinstance(acts["ping"], QAction) and owner.act_ping is acts["ping"]  # type: ignore[attr-defined]
    owner.ping = lambda: owner.seen.append("later")  # type: ignore[method-assign]
    acts["ping"].trigger()
    acts["flip"].setChecked(True)
    assert owner.seen == ["later", True]
    with pytest.raises(AttributeError, match="no slot 'missing'"):
        build_actions(owner, [ActionSpec("act_x", "x", "X", "missing")])
    assert actions.ACTIONS  # the module's table is untouched by a test's specs

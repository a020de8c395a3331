"""``jobdesk``'s window builds only what its first frame shows before that frame
(gui/later.py): the rest comes just after the first paint, or at once when asked for
sooner. The first frame is the whole window's, pixel for pixel, and nothing moves when
the rest arrives; an input before it is built still works; closing before it is built
is clean; none of the later parts' modules is imported before the first paint."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QObject, QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QDockWidget, QToolButton

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import RuleSet
from jobdesk.gui import safe
from jobdesk.gui.later import LATER
from jobdesk.gui.loading import ThreadExecutor
from jobdesk.gui.rules_panel import RulesTree
from jobdesk.gui.startup import NO_RULES
from jobdesk.gui.window import MainWindow

from .conftest import SAMPLE, small_ruleset
from .test_startup import FIRST_PAINT, ROOT, run_script

#: The modules of the later parts: none is imported before the first paint.
LATER_MODULES = (
    "jobdesk.gui.compare",
    "jobdesk.gui.facts",
    "jobdesk.gui.views",
    "jobdesk.gui.shown",
    "jobdesk.gui.inputs",
    "jobdesk.gui.output",
    "jobdesk.gui.removals",
    "jobdesk.gui.rules_control",
    "jobdesk.gui.authoring",
    "jobdesk.gui.safe_dialogs",
    "jobdesk.session",  # (loading and files_model hand its names on when asked)
    "json",
    "jobdesk.gui.theme",
    "jobdesk.gui.opened",  # (the opened-postings list: hidden until a second posting)
    "jobdesk.gui.files_model",  # (the rules' swatches and glyphs: rows come with the rules)
    "html",  # (its entity table: safe.esc escapes without it)
)


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds the rules back until set (set at the end in any case: no thread hangs)."""
    event = threading.Event()
    yield event
    event.set()


def _window(qtbot, settings: QSettings, load, *, defer: bool = True) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(settings=settings, executor=ThreadExecutor(), warm_up=False, defer=defer)
    w.startup.load = load
    qtbot.addWidget(w)
    w.resize(1280, 800)
    return w


def _rules() -> tuple[RuleSet, Cleaner]:
    rules = small_ruleset()
    return rules, Cleaner(rules)


def _no_loading(w: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules never start loading (so the status bar never says so)."""
    monkeypatch.setattr(w.startup, "start_loading", lambda: None)


class FirstFrame(QObject):
    """Grabs a window as its first paint left it (before anything queued by that
    paint runs: this filter is the window's last, so the first to see the paint)."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        self.image: QImage | None = None
        self.built_then: bool | None = None
        w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.w and event.type() == QEvent.Type.Paint and self.image is None:
            self.w.removeEventFilter(self)
            QTimer.singleShot(0, self._grab)
        return False

    def _grab(self) -> None:
        self.built_then = self.w.built
        self.image = self.w.grab().toImage()


def test_the_first_frame_is_the_whole_window_and_nothing_moves_when_the_rest_comes(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _window(qtbot, settings, _rules)
    _no_loading(w, monkeypatch)
    assert not w.built and not any(name in w.__dict__ for name in LATER)
    first = FirstFrame(w)
    w.show()
    qtbot.waitUntil(lambda: first.image is not None and w.built)  # built after the paint
    assert first.built_then is False  # the first frame was painted without the rest
    later = w.grab().toImage()
    w.close()

    whole = _window(qtbot, settings, _rules, defer=False)  # built at once, as before
    _no_loading(whole, monkeypatch)
    assert whole.built
    at_once = FirstFrame(whole)
    whole.show()
    qtbot.waitUntil(lambda: at_once.image is not None)

    assert first.image is not None and at_once.image is not None
    assert first.image.width() == 1280 and not first.image.isNull()
    assert first.image == later, "the window moved when its later parts were built"
    assert first.image == at_once.image, "the first frame is not the whole window's"


def test_the_later_parts_are_there_and_work_after_the_first_paint(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    gate: threading.Event,
) -> None:
    settings.setValue("view/facts", False)  # remembered: the facts card folded
    settings.setValue("rules/grouping", "pack")

    def slow_load() -> tuple[RuleSet, Cleaner]:
        assert gate.wait(60)
        return _rules()

    w = _window(qtbot, settings, slow_load)
    w.show()
    qtbot.waitUntil(lambda: w.built and w.startup.loader is not None)
    assert w.ruleset is NO_RULES  # built while the rules load
    # On the frame: the compare pane behind the empty page, the removals dock, the
    # authoring part's status button and the status bar's counts (made with the frame).
    assert w.stack.indexOf(w.compare) == 1 and w.stack.currentWidget() is w.empty
    assert isinstance(w.removals, QDockWidget) and w.removals.parent() is w
    assert w.statusBar().findChild(QToolButton, "exceptionsStatus") is not None
    assert (w.compare.status_removed, w.compare.status_categories) == w.status_labels
    # What is remembered of them came back.
    assert not w.facts_card.expanded and w.act_group_pack.isChecked()
    assert w.act_sync.isChecked()

    gate.set()
    qtbot.waitUntil(lambda: w.cleaner is not None, timeout=60_000)
    md = QMimeData()
    md.setText(SAMPLE)
    QGuiApplication.clipboard().setMimeData(md)
    w.paste_and_clean()
    qtbot.waitUntil(lambda: w.result is not None, timeout=60_000)
    assert w.stack.currentWidget() is w.compare
    assert "Apply now" not in w.cleaned_text() and "Apply now" in w.raw.toPlainText()
    assert w.compare.status_removed.text()  # the counts show in the frame's labels
    w.toggle_removals(True)
    assert w.removals.isVisible() and w.removals.pane.view.model().rowCount() > 0


def test_a_paste_before_the_rest_is_built_builds_it_and_is_cleaned(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
) -> None:
    w = _window(qtbot, settings, _rules)
    md = QMimeData()
    md.setText(SAMPLE)
    QGuiApplication.clipboard().setMimeData(md)
    w.paste_and_clean()  # before the window has even painted
    assert w.built  # asked for: built at once
    assert len(w.startup.queued) == 1  # and waiting for the rules, as any early input
    w.show()
    qtbot.waitUntil(lambda: w.result is not None, timeout=60_000)
    assert w.files_model.rowCount() == 1
    assert "Apply now" not in w.cleaned_text()


def test_a_file_named_before_the_rest_is_built_is_opened(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
    sample_file: Path,
) -> None:
    w = _window(qtbot, settings, _rules)
    w.show()  # as run_gui does: shown, then the files opened, before the first paint
    w.open_paths([sample_file])
    assert w.built
    qtbot.waitUntil(lambda: w.result is not None, timeout=60_000)
    assert w.windowTitle().startswith(sample_file.name)


def test_closing_before_the_rest_is_built_is_clean(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
) -> None:
    w = _window(qtbot, settings, _rules)
    w.show()
    w.close()  # before the first paint was handled
    qtbot.wait(50)
    assert not w.built and w.startup.closed and w.startup.loader is None
    assert w.settings.value("window/geometry") is None  # nothing ran: nothing saved


def test_an_unknown_name_is_an_attribute_error_and_builds_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    settings: QSettings,
) -> None:
    w = _window(qtbot, settings, _rules)
    with pytest.raises(AttributeError, match="no_such_part"):
        _ = w.no_such_part  # type: ignore[attr-defined]
    assert not w.built
    assert w.shown is not None and w.built  # a later part asked for: built


def test_no_later_part_is_imported_before_the_first_paint(tmp_path: Path) -> None:
    proc = run_script(FIRST_PAINT, ",".join(LATER_MODULES), tmp_path=tmp_path)
    lines = proc.stdout.splitlines()
    assert "after import: -" in lines, proc.stdout
    assert "at first paint: -" in lines, proc.stdout
    (last,) = [ln for ln in lines if ln.startswith("rules:")]
    assert last.endswith("library: True"), proc.stdout  # … and all of it came after


def test_the_rules_tree_tells_its_viewport_s_width_without_a_filter_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    widths: list[int] = []
    tree = RulesTree(widths.append)
    qtbot.addWidget(tree)
    tree.resize(400, 300)
    tree.show()
    qtbot.waitExposed(tree)
    assert widths and widths[-1] == tree.viewport().width()
    tree.resize(250, 300)
    qtbot.waitUntil(lambda: widths[-1] == tree.viewport().width() < 250)


#: ``jobdesk`` as a user starts it (run_gui: the display check, the crash log, the
#: file-open filter), quitting after its first paint: was the rest built before it?
COMMAND = r"""
import sys
from PySide6.QtCore import QEvent, QObject
from jobdesk.gui import app as appmod

open_window = appmod.open_window
seen = []

class Probe(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and not seen:
            seen.append(obj.built)
        return False

def probed():
    w = open_window()
    w.installEventFilter(Probe(w))
    return w

appmod.open_window = probed
code = appmod.run_gui([])
print("built at the first paint:", seen[0], flush=True)
sys.exit(code)
"""


def test_the_jobdesk_command_paints_before_the_rest_is_built(tmp_path: Path) -> None:
    proc = run_script(COMMAND, tmp_path=tmp_path, env={"JOBDESK_QUIT_AFTER_PAINT": "1"})
    assert "built at the first paint: False" in proc.stdout.splitlines(), proc.stdout


def test_esc_is_html_escape() -> None:
    import html
    import random

    rng = random.Random(7)
    alphabet = "&<>\"'a é\n\t;#x/=\\`\u202e\x00"
    texts = ["", "&amp;", '<img src="/dev/zero">', 'O\'Neil & "Sons" <b>', "&#x27;"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(500)]
    for text in texts:
        assert safe.esc(text) == html.escape(text, quote=True)
    assert safe.esc(42) == "42"


def test_loading_and_files_model_hand_on_the_session_s_names() -> None:
    from jobdesk import session
    from jobdesk.gui import files_model, loading

    assert loading.Input is session.Input and loading.Loaded is session.Loaded
    assert loading.POSTING_SUFFIXES is session.POSTING_SUFFIXES
    assert files_model.Entry is session.PostingSession
    assert loading.MAX_FOLDER_FILES == session.MAX_FOLDER_FILES
    for module in (loading, files_model):
        with pytest.raises(AttributeError, match="no_such_name"):
            _ = module.no_such_name


def test_the_icon_is_found_in_the_checkout_without_asking_importlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.resources

    from jobdesk import assets

    def refuse(_package: str) -> object:
        raise AssertionError("importlib.resources asked for a file the checkout has")

    monkeypatch.setattr(importlib.resources, "files", refuse)
    found = assets.resource_path("icons", "jobdesk.svg")
    assert found == ROOT / "resources" / "icons" / "jobdesk.svg"
    monkeypatch.undo()
    assert assets.resource_path("icons", "no-such-icon.svg") is None


#: ``jobdesk`` with FILE_OPEN_EVENTS as argv[1] says: how many file-open filters did it
#: install on the application (each sees every event of every widget)?
FILE_OPEN = r"""
import sys
from jobdesk.gui import app as appmod

appmod.FILE_OPEN_EVENTS = sys.argv[1] == "1"
made = []

class Counted(appmod.FileOpenFilter):
    def __init__(self, *args):
        super().__init__(*args)
        made.append(self)

appmod.FileOpenFilter = Counted
code = appmod.run_gui([])
print("file-open filters:", len(made), flush=True)
sys.exit(code)
"""


@pytest.mark.parametrize("events", [False, True])
def test_only_a_platform_with_file_open_events_gets_the_application_wide_filter(
    tmp_path: Path, events: bool
) -> None:
    proc = run_script(
        FILE_OPEN, "1" if events else "0", tmp_path=tmp_path, env={"JOBDESK_QUIT_AFTER_PAINT": "1"}
    )
    assert f"file-open filters: {int(events)}" in proc.stdout.splitlines(), proc.stdout


def test_file_open_events_are_macos_s() -> None:
    from jobdesk.gui.app import FILE_OPEN_EVENTS

    assert FILE_OPEN_EVENTS is (sys.platform == "darwin")

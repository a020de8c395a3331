"""Feedback on every wait (issue 12): a big single input shows real progress and a busy
cursor; the engine is warmed while the empty window shows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jobdesk.gui.loading import Input, ThreadExecutor
from jobdesk.gui.window import MainWindow

from .conftest import SAMPLE


def test_a_big_single_input_shows_progress_and_a_busy_cursor(window: MainWindow) -> None:
    text = SAMPLE * (2_800_000 // len(SAMPLE))  # 2.8 MB, one input
    seen: list[tuple[int, Qt.CursorShape, int]] = []

    def on_progress(percent: int) -> None:
        dialogs = [b.progress for b in window.batches.by_job.values() if b.progress is not None]
        assert len(dialogs) == 1
        seen.append((percent, window.cursor().shape(), dialogs[0].value()))

    window.batches.progressed.connect(on_progress)
    assert window.cursor().shape() == Qt.CursorShape.ArrowCursor
    window.load_inputs([Input("big paste", text=text)])
    assert window.result is not None and len(window.result.source) > 2_700_000
    values = [p for p, _c, _v in seen]
    assert len(values) >= 5
    assert values == sorted(values) and values[0] <= 10 and values[-1] >= 90
    # The dialog holds the value it was given, out of 100 (not an idle busy bar).
    assert all(v == p for p, _c, v in seen)
    assert all(c == Qt.CursorShape.BusyCursor for _p, c, _v in seen)
    assert window.cursor().shape() == Qt.CursorShape.ArrowCursor  # back when done


def test_a_batch_of_files_counts_files_not_percent(window: MainWindow) -> None:
    seen: list[int] = []
    window.batches.progressed.connect(seen.append)
    window.load_inputs([Input("a", text=SAMPLE), Input("b", text=SAMPLE + "\nMore.\n")])
    assert window.files_model.rowCount() == 2
    assert seen == []


def test_the_engine_is_warmed_while_the_empty_window_shows(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(executor=ThreadExecutor(), warm_up=True)
    assert not w.ready or w.warm_up_done
    qtbot.waitUntil(lambda: w.ready, timeout=60_000)
    # Every rule pattern the warm-up's texts woke is compiled: a paste pays none of it.
    assert w.warm_up_done and w.warmed_rules > 0
    # … and a whole posting was cleaned: RE2's lazily built automata have met real text.
    assert w.startup.warm_job is not None and w.startup.warm_job.sample_hits > 0


def test_tests_and_a_given_executor_do_not_warm_up(window: MainWindow) -> None:
    assert window.ready and not window.warm_up_done

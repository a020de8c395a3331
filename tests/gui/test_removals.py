"""The removals list (a logger of every edit), its filters and jumps, the clickable
category legend, the hover naming every covering rule, and the diff map beside the raw
pane's scroll bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication

from jobdesk.core.result import Edit
from jobdesk.gui.removals import (
    COL_ALSO,
    COL_CATEGORY,
    COL_RULE,
    COL_TEXT,
    RemovalsModel,
    RemovalsPane,
    snippet,
)
from jobdesk.gui.scrollmarks import MIN_MARK, mark_rows
from jobdesk.gui.window import MainWindow

from .conftest import SAMPLE
from .test_effect_columns import dup_ruleset

CHECK = Qt.ItemDataRole.CheckStateRole


def opened(make_window, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(dup_ruleset())
    w.open_paths([path])
    w.compare.effects()
    w.act_removals.setChecked(True)
    QApplication.processEvents()
    return w


def pane(w: MainWindow) -> RemovalsPane:
    return w.removals.pane


def rows(w: MainWindow, col: int) -> list[str]:
    p = pane(w)
    return [str(p.proxy.index(r, col).data()) for r in range(p.proxy.rowCount())]


def highlighted_rules(w: MainWindow) -> set[str]:
    dot = QTextCharFormat.UnderlineStyle.DotLine
    n = len([s for s in w.raw.extraSelections() if s.format.underlineStyle() != dot])
    assert n == len(w.raw.edits)
    return {e.rule for e in w.raw.edits}


def test_the_list_holds_every_edit_of_the_result(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    assert w.result is not None and w.result.edits
    assert pane(w).shown_edits() == w.result.edits  # one row per edit, in text order
    names = {r.id: r.name for r in w.ruleset.packs[1].rules}
    for edit, rule, text in zip(w.result.edits, rows(w, COL_RULE), rows(w, COL_TEXT), strict=True):
        assert rule == w.ruleset.get(edit.rule).name  # type: ignore[union-attr]
        assert text == snippet(w.result.source, edit)
    assert "12 applicants" in " ".join(rows(w, COL_TEXT))
    assert "Application form" not in rows(w, COL_CATEGORY)  # no such edit here
    assert "Site chrome" in rows(w, COL_CATEGORY)
    # The Apply line is removed by two rules: the row names the other one.
    apply_row = next(i for i, t in enumerate(rows(w, COL_TEXT)) if t == "Apply now")
    credited = rows(w, COL_RULE)[apply_row]
    also = rows(w, COL_ALSO)[apply_row]
    assert {credited, also} == {names["test.apply"], "Apply line again"}
    # A toggle: the rows follow the new result.
    assert w.rules_model.setData(
        w.rules_model.index_for_rule("test.eeo"), Qt.CheckState.Unchecked, CHECK
    )
    assert pane(w).shown_edits() == w.result.edits
    assert names["test.eeo"] not in rows(w, COL_RULE)
    assert pane(w).count_label.text() == f"{len(w.result.edits)} edits"


def test_the_list_filters_by_rule_and_by_text(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    assert w.result is not None
    p = pane(w)
    p.set_rule("test.eeo")
    eeo = [e for e in w.result.edits if e.rule == "test.eeo"]
    assert eeo and p.shown_edits() == eeo
    assert p.count_label.text() == f"{len(eeo)} of {len(w.result.edits)} edits"
    p.set_rule(None)
    p.search.setText("APPLICANTS")  # the removed text, any case
    assert [e.rule for e in p.shown_edits()] == ["test.applicants"]
    p.search.setText("similar jobs")  # a rule's name
    assert {e.rule for e in p.shown_edits()} == {"test.similar"}
    p.search.clear()
    assert p.shown_edits() == w.result.edits


def test_a_legend_click_shows_one_category_everywhere(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    assert w.result is not None
    every = highlighted_rules(w)
    assert {"test.apply", "test.eeo", "test.applicants"} <= every
    # The status bar's legend: a click on a category shows it alone …
    w.status_categories.linkActivated.emit("category:legal-boilerplate")
    assert w.compare.category_filter == "legal-boilerplate"
    assert highlighted_rules(w) == {"test.eeo"}  # … in the raw pane's highlights,
    strip = w.compare.marks
    assert strip.marks and all(m.rule == "test.eeo" for m in strip.marks)  # its marks,
    assert "EEO statement" in strip.tip_at(strip.rows()[0][0] + 1)
    assert [s.rule for s in w.stops] == ["test.eeo"]  # F8's stops
    assert {e.rule for e in pane(w).shown_edits()} == {"test.eeo"}  # and the list's rows
    assert pane(w).category_box.currentData() == "legal-boilerplate"
    assert "only" in w.compare.raw_title.text()
    assert "<b><u>Legal boilerplate</u></b>" in w.status_categories.text()
    # Another category; then a click on the shown one shows all again.
    w.status_categories.linkActivated.emit("category:applicant-insights")
    assert highlighted_rules(w) == {"test.applicants"}
    assert {e.rule for e in pane(w).shown_edits()} == {"test.applicants"}
    w.status_categories.linkActivated.emit("category:applicant-insights")
    assert w.compare.category_filter is None
    assert highlighted_rules(w) == every
    assert pane(w).shown_edits() == w.result.edits
    assert len(w.compare.marks.marks) == len(w.stops)


def test_the_category_box_is_the_same_filter(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    assert w.result is not None
    p = pane(w)
    cats = p.categories()
    assert {"site-chrome", "applicant-insights", "legal-boilerplate"} <= set(cats)
    p.category_box.setCurrentIndex(p.category_box.findData("site-chrome"))
    assert w.compare.category_filter == "site-chrome"
    chrome = {r.id for r in w.ruleset.packs[1].rules if r.category == "site-chrome"}
    chrome |= {r.id for r in w.ruleset.packs[2].rules}
    assert {e.rule for e in p.shown_edits()} <= chrome
    assert highlighted_rules(w) <= chrome
    p.category_box.setCurrentIndex(0)  # All categories
    assert w.compare.category_filter is None
    assert p.shown_edits() == w.result.edits


def test_the_status_legend_links_each_category(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    text = w.status_categories.text()
    for cat in ("site-chrome", "applicant-insights", "legal-boilerplate", "recommendations"):
        assert f"href='category:{cat}'" in text
    flags = w.status_categories.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.LinksAccessibleByKeyboard


def test_clicking_a_row_selects_the_edit_in_the_raw_pane(
    make_window,  # type: ignore[no-untyped-def]
    sample_file: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    w = opened(make_window, sample_file)
    assert w.result is not None
    p = pane(w)
    # After the 🚀 (two UTF-16 units): the selection must land on the code points.
    target = next(e for e in w.result.edits if e.rule == "test.applicants")
    row = p.row_of(target)
    rect = p.view.visualRect(p.proxy.index(row, COL_TEXT))
    qtbot.mouseClick(p.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    cur = w.raw.textCursor()
    got = (w.raw.u16.to_cp(cur.selectionStart()), w.raw.u16.to_cp(cur.selectionEnd()))
    assert got == (target.start, target.end)
    assert cur.selectedText() == w.result.source[target.start : target.end]
    # The keys move through the rows, and the raw pane follows.
    p.view.setFocus()
    qtbot.keyClick(p.view, Qt.Key.Key_Down)
    nxt = p.shown_edits()[row + 1]
    assert w.raw.u16.to_cp(w.raw.textCursor().selectionStart()) == nxt.start


def test_a_right_click_on_a_row_asks_for_a_menu(
    make_window,  # type: ignore[no-untyped-def]
    sample_file: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    w = opened(make_window, sample_file)
    p = pane(w)
    edit = p.shown_edits()[0]
    rect = p.view.visualRect(p.proxy.index(0, COL_RULE))
    assert p.view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    with qtbot.waitSignal(p.contextMenuRequested) as got:
        p.view.customContextMenuRequested.emit(rect.center())
    rule, span, pos = got.args
    assert (rule, span) == (edit.rule, (edit.start, edit.end))
    assert pos == p.view.viewport().mapToGlobal(rect.center())
    p.search.setText("no removal holds this")
    with qtbot.assertNotEmitted(p.contextMenuRequested):  # no row there: nothing
        p.view.customContextMenuRequested.emit(rect.center())


def test_the_hover_names_every_rule_covering_a_span(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    assert w.result is not None
    apply_edit = next(
        e for e in w.result.edits if w.result.source[e.start : e.end].strip() == "Apply now"
    )
    tip = w.raw.tooltip_for(apply_edit)
    assert "removed by 2 rules" in tip
    assert "Apply buttons" in tip and "Apply line again" in tip
    # An edit only one rule makes names no others.
    eeo = next(e for e in w.result.edits if e.rule == "test.eeo")
    assert "removed by" not in w.raw.tooltip_for(eeo)
    # A switched-off rule matching there is named too.
    w.rules_model.setData(
        w.rules_model.index_for_rule("dup.apply-line"), Qt.CheckState.Unchecked, CHECK
    )
    tip = w.raw.tooltip_for(next(e for e in w.result.edits if e.start == apply_edit.start))
    assert "also matched by rules that are off: Apply line again" in tip


def test_f9_shows_the_list_and_it_is_remembered(make_window, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window()
    assert not w.removals.isVisible() and not w.act_removals.isChecked()
    w.act_removals.trigger()
    QApplication.processEvents()
    assert w.removals.isVisible()
    assert w.dockWidgetArea(w.removals) == Qt.DockWidgetArea.BottomDockWidgetArea
    w.removals.close()  # its close button unticks the action
    assert not w.act_removals.isChecked()
    w.act_removals.trigger()
    w.close()
    again: MainWindow = make_window()
    QApplication.processEvents()
    assert again.act_removals.isChecked() and again.removals.isVisible()
    assert "F9" in dict(again.shortcut_table()).values()


def test_the_removals_model_passes_modeltester(qtmodeltester, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    from jobdesk.core.engine import Cleaner

    rules = dup_ruleset()
    m = Cleaner(rules).match(SAMPLE)
    model = RemovalsModel(rules.get)
    qtmodeltester.check(model)
    model.set_result(m.resolve())
    qtmodeltester.check(model)
    assert model.line_of(0) == 1
    second = SAMPLE.index("\n") + 1
    assert model.line_of(second - 1) == 1 and model.line_of(second) == 2


def test_a_snippet_is_one_line() -> None:
    src = "Apply now\n\n\nSave   job\n"
    assert snippet(src, Edit(0, len(src), "x")) == "Apply now ⏎ Save job"
    assert snippet(src, Edit(9, 12, "x")) == "(blank lines)"
    assert snippet("caf\u00c3\u00a9", Edit(0, 5, "x", "café")) == "caf\u00c3\u00a9 → café"
    assert snippet("x" * 500, Edit(0, 500, "x"), width=10) == "x" * 9 + "…"


# ---------------------------------------------------------------- the diff map


def test_mark_rows_are_proportional_to_the_offsets() -> None:
    assert mark_rows([(0, 10), (500, 510), (990, 1000)], 1000, 200) == [
        (0, MIN_MARK),
        (100, MIN_MARK),
        (198, MIN_MARK),
    ]
    assert mark_rows([(250, 750)], 1000, 200) == [(50, 100)]
    assert mark_rows([(999, 1000)], 1000, 200)[0][0] + MIN_MARK <= 200  # never past the end
    assert mark_rows([(1, 2)], 0, 200) == [(0, 0)]


@pytest.fixture
def long_file(tmp_path: Path) -> Path:
    """The sample with a long description: the raw pane scrolls."""
    filler = "".join(f"Line {i} of a long description of the role.\n" for i in range(300))
    text = SAMPLE.replace("• Test widgets\n", "• Test widgets\n" + filler)
    p = tmp_path / "long.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_the_marks_sit_where_the_removals_are_and_jump_there(
    make_window,  # type: ignore[no-untyped-def]
    long_file: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    w = opened(make_window, long_file)
    assert w.result is not None
    marks = w.compare.marks
    n = len(w.result.source)
    assert [(m.start, m.end) for m in marks.marks] == [(s.start, s.end) for s in w.stops]
    assert marks.length == n
    height = marks.height() - 2  # the track inside a one-pixel edge
    for mark, (top, _h) in zip(marks.marks, marks.rows(), strict=True):
        assert abs(top - mark.start / n * height) <= 1
    # The first removals are near the top, "Similar jobs" (after 300 lines) near the end.
    assert marks.rows()[0][0] < height * 0.05 and marks.rows()[-1][0] > height * 0.9
    # Clicking the last mark selects its removal in the raw pane (the removals before it
    # may share its pixels: the strip takes the first of those under the pointer).
    top, h = marks.rows()[-1]
    y = top + 1 + h // 2
    i = marks.mark_at(y)
    assert i is not None and abs(marks.rows()[i][0] - top) <= 1
    qtbot.mouseClick(marks, Qt.MouseButton.LeftButton, pos=QPoint(5, y))
    assert w.raw.u16.to_cp(w.raw.textCursor().selectionStart()) == w.stops[i].start
    assert w.current_stop == w.stops[i]
    # Clicking between marks scrolls there.
    bar = w.raw.verticalScrollBar()
    bar.setValue(0)
    qtbot.mouseClick(marks, Qt.MouseButton.LeftButton, pos=QPoint(5, int(height * 0.5)))
    assert bar.value() > 0
    assert abs(w.raw.top_offset() - n * 0.5) < n * 0.1


def test_a_hidden_list_catches_up_when_shown(make_window, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(dup_ruleset())
    w.open_paths([sample_file])
    assert pane(w).model.rowCount() == 0  # hidden: a toggle costs the list nothing
    w.rules_model.setData(w.rules_model.index_for_rule("test.eeo"), Qt.CheckState.Unchecked, CHECK)
    w.act_removals.setChecked(True)
    QApplication.processEvents()
    assert w.result is not None
    assert pane(w).shown_edits() == w.result.edits
    assert "test.eeo" not in {e.rule for e in pane(w).shown_edits()}
    w.compare.effects()
    apply_row = next(i for i, t in enumerate(rows(w, COL_TEXT)) if t == "Apply now")
    assert rows(w, COL_ALSO)[apply_row]  # the effects reached it too


def test_clicking_a_highlight_chooses_its_row(make_window, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = opened(make_window, sample_file)
    assert w.result is not None
    target = next(e for e in w.result.edits if e.rule == "test.eeo")
    w.raw.select_span(0, 0)  # the raw pane's cursor elsewhere
    cur = w.raw.textCursor()
    cur.setPosition(w.raw.u16.to_utf16(target.start) + 2)
    w.raw.setTextCursor(cur)
    rect = w.raw.cursorRect(cur)
    qtbot.mouseClick(w.raw.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    p = pane(w)
    current = p.view.currentIndex()
    assert current.isValid() and p.shown_edits()[current.row()] == target
    assert p.view.selectionModel().isRowSelected(current.row(), current.parent())
    # The raw pane was not moved by the list: the click's caret stays, no selection.
    assert not w.raw.textCursor().hasSelection()

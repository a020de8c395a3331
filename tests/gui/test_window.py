"""The paste-and-clean window, driven like a person would (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication

from jobdesk.core.rules import RuleSet
from jobdesk.gui import loading
from jobdesk.gui.app import run_gui
from jobdesk.gui.loading import Input, LoadJob, ThreadExecutor
from jobdesk.gui.rules_model import RULE_ID_ROLE
from jobdesk.gui.window import MainWindow

from .conftest import SAMPLE

CHECK = Qt.ItemDataRole.CheckStateRole


def set_clipboard(*, text: str | None = None, html: str | None = None) -> None:
    md = QMimeData()
    if text is not None:
        md.setText(text)
    if html is not None:
        md.setHtml(html)
    QGuiApplication.clipboard().setMimeData(md)


def toggle(w: MainWindow, rule_id: str, on: bool) -> None:
    idx = w.rules_model.index_for_rule(rule_id)
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    assert w.rules_model.setData(idx, state, CHECK)


def selections(w: MainWindow) -> list[str]:
    """The text under each edit highlight in the raw pane (Qt positions → text);
    the dotted "kept by an exception" marks are left out."""
    dot = QTextCharFormat.UnderlineStyle.DotLine
    return [
        s.cursor.selectedText().replace("\u2029", "\n")
        for s in w.raw.extraSelections()
        if s.format.underlineStyle() != dot
    ]


def drop(w: MainWindow, md: QMimeData) -> bool:
    """A drag entering the window, moving and dropping (what Qt sends on a real drop)."""
    point = QPoint(60, 60)  # drag events take a QPoint, the drop event a QPointF
    args = (Qt.DropAction.CopyAction, md, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(point, *args)
    QApplication.sendEvent(w, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(w, QDragMoveEvent(point, *args))
    event = QDropEvent(QPointF(point), *args)
    QApplication.sendEvent(w, event)
    return event.isAccepted()


# ------------------------------------------------------------------ empty state, sample


def test_starts_empty_with_a_sample_button(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.empty
    assert "sample" in window.empty.sample_button.text().lower()
    assert not window.act_copy.isEnabled()
    assert not window.act_save.isEnabled()  # the library arrives later
    assert window.rules_model.rowCount() > 0  # rules are visible before a posting


def test_try_a_sample_posting(make_window, shipped_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    w = make_window(shipped_rules)
    w.empty.sample_button.click()
    assert w.stack.currentWidget() is w.panes
    result = w.result
    assert result is not None and result.edits
    assert result.site == "linkedin"
    assert "site: <b>LinkedIn</b>" in w.site_label.text()
    assert "Removed" in w.status_removed.text() and "words" in w.status_removed.text()
    cleaned = w.cleaned.toPlainText()
    assert "Senior Data Engineer" in cleaned and "sponsor visas" in cleaned
    assert "Similar jobs" not in cleaned
    # Every highlight covers exactly the text of its edit (emoji in the title!).
    assert selections(w) == [result.source[e.start : e.end] for e in result.edits]


# --------------------------------------------------------------------------- paste


def test_paste_plain_text(window: MainWindow) -> None:
    set_clipboard(text=SAMPLE)
    window.act_paste.trigger()
    assert window.stack.currentWidget() is window.panes
    assert window.raw.toPlainText() == SAMPLE.rstrip("\n") or window.raw.source == SAMPLE
    cleaned = window.cleaned.toPlainText()
    assert "Apply now" not in cleaned
    assert "12 applicants" not in cleaned
    assert "equal opportunity" not in cleaned
    assert "Widget Tester" not in cleaned
    assert "We sponsor visas." in cleaned
    assert "Senior Widget Engineer 🚀" in cleaned
    assert window.current_entry is not None
    assert window.current_entry.label.startswith("Senior Widget Engineer")


def test_ctrl_v_in_the_empty_window_pastes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    set_clipboard(text=SAMPLE)
    assert window.act_paste_empty.isEnabled()
    window.act_paste_empty.trigger()
    assert window.result is not None
    assert not window.act_paste_empty.isEnabled()  # Ctrl+V now belongs to the editor


def test_paste_prefers_html(window: MainWindow) -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/jobs'>Jobs</a></nav>"
        "<main><h1>Widget Engineer</h1><p>Build widgets.</p>"
        "<ul><li>Python</li><li>Qt</li></ul></main></body></html>"
    )
    set_clipboard(text="plain version only", html=html)
    window.paste_and_clean()
    source = window.result.source  # type: ignore[union-attr]
    assert "plain version only" not in source
    assert "<li>" not in source and "• Python" in source
    assert "Widget Engineer" in window.cleaned.toPlainText()


def test_paste_html_without_text_falls_back_to_plain(window: MainWindow) -> None:
    set_clipboard(text="Widget Engineer\nBuild widgets.", html="<img src='x.png'>")
    window.paste_and_clean()
    assert window.result is not None
    assert "Build widgets." in window.cleaned.toPlainText()


@pytest.mark.parametrize("text", [None, "", "   \n\t "])
def test_empty_clipboard_gets_a_clear_message(window: MainWindow, text: str | None) -> None:
    if text is None:
        QGuiApplication.clipboard().clear()
    else:
        set_clipboard(text=text)
    window.paste_and_clean()
    assert "clipboard holds no text" in window.notice.text()
    assert window.stack.currentWidget() is window.empty


# ------------------------------------------------------------------- drop and open


def test_drop_many_files_and_a_folder(window: MainWindow, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(SAMPLE, encoding="utf-8")
    b = tmp_path / "b.html"
    b.write_text("<h1>Other job</h1><p>Apply now</p><p>Write code.</p>", encoding="utf-8")
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "c.md").write_text("# Third job\n\nDo things.\n", encoding="utf-8")
    (folder / "ignore.png").write_bytes(b"\x89PNG\r\n")
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(p)) for p in (a, b, folder)])
    drop(window, md)
    assert [e.label for e in window.files_model.entries] == ["a.txt", "b.html", "c.md"]
    assert window.current_entry is window.files_model.entry(0)  # first one shown
    assert window.files_box.isVisibleTo(window)
    window.act_next_file.trigger()
    assert window.current_entry is window.files_model.entry(1)
    assert "Write code." in window.cleaned.toPlainText()
    assert "Apply now" not in window.cleaned.toPlainText()
    window.act_next_file.trigger()
    window.act_next_file.trigger()  # wraps around
    assert window.current_entry is window.files_model.entry(0)
    window.act_prev_file.trigger()
    assert window.current_entry is window.files_model.entry(2)
    window.act_close_file.trigger()
    assert window.files_model.rowCount() == 2


def test_drop_accepts_files_text_and_html(window: MainWindow, tmp_path: Path) -> None:
    md = QMimeData()
    md.setHtml("<p>Dropped <b>HTML</b> posting</p>")
    assert drop(window, md)
    assert "Dropped HTML posting" in window.cleaned.toPlainText()
    md2 = QMimeData()
    md2.setText("Dropped plain posting")
    drop(window, md2)
    assert window.files_model.rowCount() == 2
    assert window.cleaned.toPlainText() == "Dropped plain posting"


def test_same_file_opened_twice_is_listed_once(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    window.open_paths([sample_file])
    assert window.files_model.rowCount() == 1


def test_run_gui_rejects_options(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run_gui(["--bogus"]) == 2
    assert "unknown option" in capsys.readouterr().err


# ------------------------------------------------------------------------ bad input


def test_binary_file(window: MainWindow, tmp_path: Path) -> None:
    p = tmp_path / "photo.html"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    window.open_paths([p])
    assert "binary" in window.notice.text()
    assert window.notice.level == "error"
    assert window.files_model.rowCount() == 0
    assert window.stack.currentWidget() is window.empty


def test_missing_empty_and_too_long_files(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_paths([tmp_path / "nope.txt"])
    assert "no such file" in window.notice.text()
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    window.open_paths([empty])
    assert "no text" in window.notice.text()
    monkeypatch.setattr(loading, "MAX_WINDOW_CHARS", 100)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100, encoding="utf-8")
    window.open_paths([big])
    assert "too long for the window" in window.notice.text()
    assert "jobdesk clean" in window.notice.text()
    assert window.files_model.rowCount() == 0


def test_folder_without_postings(window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(b"\x89PNG")
    window.open_paths([tmp_path])
    assert "no .txt, .html, .md or .eml files" in window.notice.text()


def test_batch_with_some_bad_files(window: MainWindow, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.7\n\x00\x01")
    window.open_paths([good, bad, tmp_path / "gone.txt"])
    assert window.files_model.rowCount() == 1
    assert "2 of 3 files could not be opened" in window.notice.text()
    assert window.notice.level == "warning"
    assert "bad.txt" in window.notice.text()
    assert window.current_entry is not None


def test_a_crashing_rule_does_not_kill_the_window(
    window: MainWindow, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(window.cleaner, "match", boom)
    window.open_paths([sample_file])
    assert "could not be cleaned" in window.notice.text() and "kaboom" in window.notice.text()


def test_loading_runs_off_the_gui_thread(
    make_window, sample_file: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from jobdesk.gui import loading as loading_mod

    threads: dict[str, object] = {}
    real_load_one = loading_mod.load_one
    real_on_item = MainWindow._on_item_loaded

    def load_one(*a, **k):  # type: ignore[no-untyped-def]
        threads["load"] = threading.current_thread()
        return real_load_one(*a, **k)

    def on_item(self, *a):  # type: ignore[no-untyped-def]
        threads["deliver"] = threading.current_thread()
        return real_on_item(self, *a)

    monkeypatch.setattr(loading_mod, "load_one", load_one)
    monkeypatch.setattr(MainWindow, "_on_item_loaded", on_item)
    w = make_window(executor=ThreadExecutor())
    w.open_paths([sample_file])
    qtbot.waitUntil(lambda: w.result is not None and not w.busy, timeout=10_000)
    assert "Apply now" not in w.cleaned.toPlainText()
    assert threads["load"] is not threading.main_thread()  # matched off the GUI thread
    assert threads["deliver"] is threading.main_thread()  # results handled in it


def test_cancelled_batch_drops_the_rest(window: MainWindow, tmp_path: Path) -> None:
    files = []
    for i in range(5):
        p = tmp_path / f"p{i}.txt"
        p.write_text(f"Posting {i}\nApply now\n", encoding="utf-8")
        files.append(p)

    class CancelAfterTwo:
        def start(self, job: LoadJob) -> None:
            def on_item(_job: object, _loaded: object, done: int, _total: int) -> None:
                if done == 2:
                    window.cancel_job(job)

            job.itemLoaded.connect(on_item)
            job.run()

    window.executor = CancelAfterTwo()
    window.load_inputs([Input(p.name, path=p) for p in files])
    assert 1 <= window.files_model.rowCount() <= 2
    assert "Stopped" in window.notice.text()
    assert not window.busy


def test_progress_dialog_for_many_files(window: MainWindow, tmp_path: Path) -> None:
    files = []
    for i in range(3):
        p = tmp_path / f"p{i}.txt"
        p.write_text(f"Posting {i}\n", encoding="utf-8")
        files.append(p)
    dialogs = []

    class Capture:
        def start(self, job: LoadJob) -> None:
            dialogs.append(window._batches[id(job)].progress)
            job.run()

    window.executor = Capture()
    window.open_paths(files)
    assert dialogs[0] is not None and dialogs[0].maximum() == 3
    assert window.files_model.rowCount() == 3


# ------------------------------------------------------------------- rules and panes


def test_toggle_a_rule_changes_both_panes(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    before_sel = selections(window)
    assert "Acme is an equal opportunity employer. " in before_sel
    assert "equal opportunity" not in window.cleaned.toPlainText()
    toggle(window, "test.eeo", False)
    assert "Acme is an equal opportunity employer." in window.cleaned.toPlainText()
    assert "Acme is an equal opportunity employer. " not in selections(window)
    assert len(selections(window)) < len(before_sel)
    toggle(window, "test.perks", True)  # off by default
    assert "award-winning" not in window.cleaned.toPlainText()
    window.act_reset_rules.trigger()
    assert window.rules_model.overrides() == {}
    assert "award-winning" in window.cleaned.toPlainText()
    assert "equal opportunity" not in window.cleaned.toPlainText()


def test_toggle_does_not_rematch(window: MainWindow, sample_file: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    calls = []
    monkeypatch.setattr(window.cleaner, "match", lambda *a, **k: calls.append(a))
    toggle(window, "test.apply", False)
    assert not calls
    assert "Apply now" in window.cleaned.toPlainText()


def test_category_toggle(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    src = window.rules_model.index_for_rule("test.eeo").parent()
    assert src.data() == "Legal boilerplate"
    window.rules_model.setData(src, Qt.CheckState.Unchecked, CHECK)
    assert "equal opportunity" in window.cleaned.toPlainText()


def test_hide_rules_without_hits(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    proxy = window.rules_proxy

    def visible_ids() -> set[str]:
        out = set()
        for g in range(proxy.rowCount()):
            gi = proxy.index(g, 0)
            out |= {proxy.index(r, 0, gi).data(RULE_ID_ROLE) for r in range(proxy.rowCount(gi))}
        return out

    # Hidden by default: the rules that touch this posting are what matters.
    assert window.hide_empty_box.isChecked()
    ids = visible_ids()
    assert "encoding.zero-width" not in ids
    assert {"test.apply", "test.eeo", "test.applicants"} <= ids
    window.act_hide_empty.trigger()
    assert not window.hide_empty_box.isChecked()
    assert "encoding.zero-width" in visible_ids()


def test_rules_are_remembered(make_window, sample_file: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    w.open_paths([sample_file])
    toggle(w, "test.eeo", False)
    w.act_hide_empty.setChecked(False)
    w.close()
    w2 = make_window()
    assert w2.rules_model.overrides() == {"test.eeo": False}
    assert not w2.act_hide_empty.isChecked()
    assert '"test.eeo": false' in str(settings.value("rules/overrides"))


def test_highlights_with_emoji_hit_the_right_text(window: MainWindow) -> None:
    text = "😀😀 Title 🚀\nApply now\nBody 🎉 text · 12 applicants\n🚀 end"
    window.load_inputs([Input("emoji", text=text)])
    result = window.result
    assert result is not None
    want = [result.source[e.start : e.end] for e in result.edits]
    assert "Apply now\n" in want and " · 12 applicants" in want
    assert selections(window) == want


def test_hover_and_click_select_the_rule(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    edit = next(e for e in window.result.edits if e.rule == "test.eeo")  # type: ignore[union-attr]
    cur = QTextCursor(window.raw.document())
    cur.setPosition(window.raw.u16.to_utf16(edit.start) + 3)
    window.raw.setTextCursor(cur)
    window.raw.ensureCursorVisible()
    rect = window.raw.cursorRect(cur)
    point = QPoint(rect.left() + 2, rect.center().y())
    assert window.raw.edit_at_point(point) == edit
    tip = window.raw.tooltip_for(edit)
    assert "EEO statement" in tip and "Legal boilerplate" in tip and "Equal opportunity" in tip
    qtbot.mouseClick(window.raw.viewport(), Qt.MouseButton.LeftButton, pos=point)
    current = window.rules_proxy.mapToSource(window.rules_view.currentIndex())
    assert current.data(RULE_ID_ROLE) == "test.eeo"
    assert "EEO statement" in window.rule_details.text()


def test_f8_navigation(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    stops = window.stops
    assert len(stops) >= 4
    src = window.result.source  # type: ignore[union-attr]
    window.raw.setFocus()
    qtbot.waitUntil(window.raw.hasFocus)
    qtbot.keyClick(window.raw, Qt.Key.Key_F8)
    assert window.current_stop == stops[0]
    sel = window.raw.textCursor().selectedText().replace("\u2029", "\n")
    assert sel == src[stops[0].start : stops[0].end]
    window.act_next.trigger()
    assert window.current_stop == stops[1]
    assert "Removal 2 of" in window.statusBar().currentMessage()
    # The cleaned pane's cursor sits where the removed text was.
    cpos = window.cleaned.textCursor().position()
    assert 0 <= cpos <= len(window.cleaned.toPlainText())
    qtbot.keyClick(window.raw, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.current_stop == stops[0]
    window.act_prev.trigger()  # wraps to the last one
    assert window.current_stop == stops[-1]
    assert "wrapped" in window.statusBar().currentMessage()
    current = window.rules_proxy.mapToSource(window.rules_view.currentIndex())
    assert current.data(RULE_ID_ROLE) == stops[-1].rule


def test_hand_edits_survive_toggles_until_discarded(
    window: MainWindow, sample_file: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    assert not window.hand_banner.isVisibleTo(window)
    window.cleaned.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.cleaned, " My note.")
    assert window.hand_banner.isVisibleTo(window)
    assert window.act_reset_edits.isEnabled()
    edited = window.cleaned.toPlainText()
    assert edited.endswith("My note.")
    n_before = len(window.raw.extraSelections())
    toggle(window, "test.eeo", False)
    assert window.cleaned.toPlainText() == edited  # the hand edit survived
    assert len(window.raw.extraSelections()) < n_before  # the left pane followed
    assert window.cleaned_text() == edited
    window.copy_cleaned()
    assert QGuiApplication.clipboard().text() == edited
    window.act_reset_edits.trigger()
    assert not window.hand_banner.isVisibleTo(window)
    assert "equal opportunity" in window.cleaned.toPlainText()  # the rule is off now
    assert "My note." not in window.cleaned.toPlainText()


def test_hand_edits_are_kept_per_posting(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("First posting\nApply now\n", encoding="utf-8")
    b.write_text("Second posting\n", encoding="utf-8")
    window.open_paths([a, b])
    window.cleaned.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.cleaned, "!")
    window.act_next_file.trigger()
    assert window.cleaned.toPlainText() == "Second posting"
    assert not window.hand_banner.isVisibleTo(window)
    window.act_prev_file.trigger()
    assert window.cleaned.toPlainText() == "First posting!"
    assert window.hand_banner.isVisibleTo(window)


def test_copy_cleaned_and_markdown(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    window.act_copy.trigger()
    assert QGuiApplication.clipboard().text() == window.result.cleaned  # type: ignore[union-attr]
    window.act_copy_md.trigger()
    md = QGuiApplication.clipboard().mimeData()
    assert md.hasFormat("text/markdown")
    assert "- Design widgets" in md.text()


def test_synced_scrolling(window: MainWindow) -> None:
    lines = []
    for i in range(300):
        lines.append(f"Line {i} of the posting")
        if i % 3 == 0:
            lines.append("Apply now")
    window.load_inputs([Input("long", text="\n".join(lines))])
    raw_bar = window.raw.verticalScrollBar()
    clean_bar = window.cleaned.verticalScrollBar()
    assert raw_bar.maximum() > 0
    raw_bar.setValue(raw_bar.maximum() // 2)
    top_raw = window.raw.firstVisibleBlock().text()
    top_clean = window.cleaned.firstVisibleBlock().text()
    assert top_clean.startswith("Line ")
    n_raw = int(top_raw.split()[1]) if top_raw.startswith("Line") else None
    n_clean = int(top_clean.split()[1])
    assert n_raw is None or abs(n_raw - n_clean) <= 1
    window.act_sync.setChecked(False)
    before = clean_bar.value()
    raw_bar.setValue(0)
    assert clean_bar.value() == before


def test_status_bar_lists_removals_by_category(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    text = window.status_categories.text()
    for label in ("Site chrome", "Applicant insights", "Legal boilerplate", "Recommendations"):
        assert label in text
    assert window.site_label.text() == "site: generic"


def test_dark_palette_changes_highlight_colours(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    dot = QTextCharFormat.UnderlineStyle.DotLine
    sels = [s for s in window.raw.extraSelections() if s.format.underlineStyle() != dot]
    light = QColor(sels[0].format.background().color())
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    pal.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    window.raw.setPalette(pal)
    window.setPalette(pal)
    window.apply_palette()
    sels = [s for s in window.raw.extraSelections() if s.format.underlineStyle() != dot]
    dark = QColor(sels[0].format.background().color())
    assert dark.lightness() < light.lightness()
    assert sels[0].format.fontStrikeOut()  # not colour alone


def test_every_menu_action_has_a_shortcut(window: MainWindow) -> None:
    missing = []
    for menu_action in window.menuBar().actions():
        for act in menu_action.menu().actions():
            if not act.isSeparator() and act.shortcut().isEmpty():
                missing.append(act.text())
    assert not missing, missing


def test_library_hook(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    assert not window.act_save.isEnabled()
    saved = []
    window.set_library_saver(lambda drafts: saved.extend(drafts) or "saved!")
    assert window.act_save.isEnabled()
    window.act_save.trigger()
    assert len(saved) == 1
    draft = saved[0]
    assert draft.cleaned == window.result.cleaned  # type: ignore[union-attr]
    assert not draft.hand_edited and draft.path == sample_file
    assert window.statusBar().currentMessage() == "saved!"


def test_pack_errors_are_shown(make_window, rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    from jobdesk.core.rules import PackError

    rules.errors.append(PackError("mine.toml", "invalid regex in pattern", "mine.bad"))
    w = make_window(rules)
    assert "1 problem in the rule packs" in w.notice.text()
    assert "mine.bad" in w.notice.details
    assert w.pack_errors_button.isVisibleTo(w)
    assert w.pack_errors_button.text() == "⚠ 1 rule-pack problem"  # not the action's text


def test_kept_lines_are_marked_and_explained(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    keeps = window.raw.keeps
    assert [window.result.source[k.start : k.end] for k in keeps] == ["sponsor visas"]  # type: ignore[union-attr]
    sels = window.raw.extraSelections()
    dotted = [s for s in sels if s.format.underlineStyle() == s.format.UnderlineStyle.DotLine]
    assert [s.cursor.selectedText() for s in dotted] == ["sponsor visas"]
    tip = window.raw.tooltip_for(keeps[0])
    assert "Keep: visa sponsorship" in tip and "kept" in tip
    toggle(window, "test.keep-visa", False)
    assert window.raw.keeps == []


def test_hover_shows_a_tooltip(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    window.open_paths([sample_file])
    edit = next(e for e in window.result.edits if e.rule == "test.apply")  # type: ignore[union-attr]
    cur = QTextCursor(window.raw.document())
    cur.setPosition(window.raw.u16.to_utf16(edit.start) + 2)
    rect = window.raw.cursorRect(cur)
    point = QPoint(rect.left() + 1, rect.center().y())
    vp = window.raw.viewport()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, vp.mapToGlobal(point))
    QApplication.sendEvent(vp, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "Apply buttons" in QToolTip.text() and "Site chrome" in QToolTip.text()
    QToolTip.hideText()


def test_run_gui_opens_the_files_given(
    sample_file: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    import jobdesk.gui.window as window_mod
    from jobdesk.gui.loading import SyncExecutor

    shown: list[MainWindow] = []
    monkeypatch.setattr(window_mod, "ThreadExecutor", SyncExecutor)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    real_show = MainWindow.show

    def show(self: MainWindow) -> None:
        shown.append(self)
        qtbot.addWidget(self)
        real_show(self)

    monkeypatch.setattr(MainWindow, "show", show)
    assert run_gui([str(sample_file)]) == 0
    (w,) = shown
    # The file waits for the rules, which load once the window has painted.
    qtbot.waitUntil(lambda: w.current_entry is not None, timeout=60_000)
    assert w.current_entry is not None and w.current_entry.path == sample_file


def test_geometry_is_remembered(make_window, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    w.resize(700, 500)  # the offscreen screen is 800×600; restoreGeometry clamps to it
    size = w.size()
    w.close()
    assert settings.value("window/geometry") is not None
    w2 = make_window()
    w2.restoreGeometry(settings.value("window/geometry"))
    assert w2.size() == size


def test_binding_refcount_workaround() -> None:
    import sys

    from jobdesk.gui import qtcompat

    before = sys.getrefcount(None)
    obj = QMimeData()
    for _ in range(2000):
        obj.setText("x")  # returns nothing: leaked a reference to None on 6.12.0/3.11
    if qtcompat.SINGLETONS_PROTECTED:
        assert sys.getrefcount(None) > 1 << 39
    else:
        assert sys.getrefcount(None) >= before - 10


def test_browser_drag_uses_the_html_not_the_link(window: MainWindow) -> None:
    md = QMimeData()
    md.setUrls([QUrl("https://jobs.example.com/view/123")])
    md.setHtml("<h2>Dragged posting</h2><p>From a browser.</p>")
    md.setText("https://jobs.example.com/view/123")
    assert drop(window, md)
    assert "Dragged posting" in window.cleaned.toPlainText()


def test_open_dialog(
    window: MainWindow, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    seen = {}

    def fake(parent, caption, directory, filters):  # type: ignore[no-untyped-def]
        seen["filters"] = filters
        return [str(sample_file)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake))
    window.act_open.trigger()
    assert "*.eml" in seen["filters"]
    assert window.current_entry is not None and window.current_entry.path == sample_file
    assert window.settings.value("files/last_dir") == str(sample_file.parent)


def test_a_20_mb_file_gets_a_clear_answer(window: MainWindow, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    line = "Apply now and join a team that ships widgets every single day.\n"
    with big.open("w", encoding="utf-8") as f:
        f.write(line * (20_000_000 // len(line)))
    window.open_paths([big])
    assert "too long for the window" in window.notice.text()
    assert window.files_model.rowCount() == 0
    assert not window.busy


def test_a_folder_of_many_files(window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for i in range(60):
        where = folder / "sub" if i % 2 else folder
        (where / f"job{i:03}.txt").write_text(f"Job {i}\nApply now\nDo work {i}.\n", "utf-8")
    (folder / ".hidden.txt").write_text("x", "utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    window.open_paths([folder])
    assert window.files_model.rowCount() == 60
    assert window.files_label.text().endswith("(60)")
    assert not window.notice.text()


def test_space_in_the_rules_tree_toggles_a_rule(
    window: MainWindow, sample_file: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    idx = window.rules_proxy.mapFromSource(window.rules_model.index_for_rule("test.eeo"))
    window.rules_view.setFocus()
    window.rules_view.setCurrentIndex(idx)
    qtbot.keyClick(window.rules_view, Qt.Key.Key_Space)
    assert not window.rules_model.is_enabled("test.eeo")
    assert "equal opportunity employer" in window.cleaned.toPlainText()
    qtbot.keyClick(window.rules_view, Qt.Key.Key_Space)
    assert window.rules_model.is_enabled("test.eeo")
    assert "equal opportunity employer" not in window.cleaned.toPlainText()


def test_choose_a_site_pack_by_hand(make_window, shipped_rules: RuleSet, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(shipped_rules)
    w.load_inputs([Input("plain", text="Senior Engineer\nAcme\n\nBuild things.\nShip them.\n")])
    assert w.result is not None and w.result.site is None
    w.cleaned.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(w.cleaned, " Edited.")
    linkedin = next(a for a in w.site_group.actions() if a.data() == "linkedin")
    linkedin.trigger()
    assert w.result.site == "linkedin"
    assert "LinkedIn</b> (chosen)" in w.site_label.text()
    assert any(r.pack == "linkedin" for r in w.rules_model.rules())
    assert w.cleaned.toPlainText().endswith("Edited.")  # hand edits survive
    assert w.files_model.rowCount() == 1  # matched again in place, not added
    w.act_site_auto.trigger()
    assert w.result.site is None
    assert w.act_site_auto.isChecked()


def test_unknown_site_cleans_with_the_generic_rules_only(  # type: ignore[no-untyped-def]
    make_window, shipped_rules: RuleSet
) -> None:
    w = make_window(shipped_rules)
    text = "Data Analyst\nAcme\n\nBuild dashboards.\n\n36 people clicked apply\n"
    w.load_inputs([Input("paste", text=text)])
    assert w.result is not None and w.result.site == "linkedin"
    assert "clicked apply" not in w.cleaned.toPlainText()
    w.act_site_none.trigger()
    assert w.result.site is None
    assert w.act_site_none.isChecked()
    assert not any(r.pack == "linkedin" for r in w.rules_model.rules())
    assert w.site_label.text() == "site: unknown (chosen)"


def test_threaded_batch_keeps_the_order(make_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    files = []
    for i in range(12):
        p = tmp_path / f"job{i:02}.txt"
        p.write_text(f"Job {i}\nApply now\n", encoding="utf-8")
        files.append(p)
    w = make_window(executor=ThreadExecutor())
    w.open_paths(files)
    qtbot.waitUntil(lambda: not w.busy, timeout=10_000)
    assert [e.label for e in w.files_model.entries] == [p.name for p in files]
    assert w.current_entry is w.files_model.entry(0)

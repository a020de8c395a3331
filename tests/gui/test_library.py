"""The library in the window (issue 4): save, search, open back, re-clean, edit, delete,
import — against a library in a temp dir, with synchronous workers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from jobdesk.gui.library import (
    LibraryController,
    RecleanDialog,
    diff_html,
    install_library,
)
from jobdesk.gui.library.model import (
    COL_SPONSORSHIP,
    COL_STATUS,
    COL_TAGS,
    COL_TITLE,
    COL_TYPE,
    COL_WORKPLACE,
    COLUMNS,
    PAGE,
    LibraryModel,
    split_tags,
)
from jobdesk.gui.loading import SyncExecutor
from jobdesk.gui.window import MainWindow
from jobdesk.storage import Library, NewPosting

from .conftest import SAMPLE
from .test_window import toggle

REPOST = SAMPLE.replace("Acme Widgets · Springfield", "Acme Widgets · Springfield · Reposted")


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "library.sqlite3"


@pytest.fixture
def lw(make_window, lib_path: Path) -> tuple[MainWindow, LibraryController]:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window()
    ctl = install_library(w, lib_path, executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()  # tests call _poll() themselves: no timer in the middle of a test
    return w, ctl


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def titles(ctl: LibraryController) -> list[str]:
    m = ctl.model
    return [str(m.index(r, COL_TITLE).data()) for r in range(m.rowCount())]


def select_row(ctl: LibraryController, row: int) -> None:
    ctl.panel.table.selectRow(row)


# ------------------------------------------------------------------ saving


def test_save_is_enabled_at_startup_and_reports_duplicates(
    lw: tuple[MainWindow, LibraryController], sample_file: Path
) -> None:
    w, ctl = lw
    w.open_paths([sample_file])
    assert w.act_save.isEnabled()
    w.act_save.trigger()
    assert ctl.model.total == 1
    assert "Saved to your library as #1" in w.statusBar().currentMessage()
    w.act_save.trigger()  # saved again from the same entry: nothing to do
    assert "already in your library (saved " in w.statusBar().currentMessage()
    w.open_paths([sample_file])  # the same posting opened (or pasted) anew
    w.act_save.trigger()
    assert "already in your library (saved " in w.notice.text()
    assert ctl.model.total == 1


def test_near_duplicate_is_saved_and_flagged(
    lw: tuple[MainWindow, LibraryController], sample_file: Path, tmp_path: Path
) -> None:
    w, ctl = lw
    w.open_paths([sample_file])
    w.save_to_library()
    w.open_paths([write(tmp_path, "repost.txt", REPOST)])
    w.save_to_library()
    assert "looks like a repost of #1" in w.notice.text()
    assert w.notice.level == "info"  # a repost is saved as asked: news, not a warning
    assert ctl.model.total == 2
    assert titles(ctl)[0].startswith("≈ ")  # newest first, flagged


def test_save_all_runs_as_one_background_batch(
    lw: tuple[MainWindow, LibraryController], sample_file: Path, tmp_path: Path
) -> None:
    w, ctl = lw
    other = write(tmp_path, "gardener.txt", "Gardener\nGreen Co · Oslo\nWe grow plants.\n")
    w.open_paths([sample_file, other])
    assert w.act_save_all.isEnabled()
    w.act_save_all.trigger()
    assert ctl.model.total == 2
    assert "Saved 2 of 2" in ctl.last_save_message
    w.act_save_all.trigger()
    assert "2 already there" in w.notice.text()


def test_saved_posting_keeps_edited_facts_and_hand_edits(
    lw: tuple[MainWindow, LibraryController], sample_file: Path, lib_path: Path
) -> None:
    w, _ctl = lw
    w.open_paths([sample_file])
    w.flush_facts()
    w.facts_card.factEdited.emit("title", "Principal Widget Engineer")
    w.cleaned.setPlainText(w.cleaned.toPlainText() + "\nMy own line.")
    w.save_to_library()
    with Library.open(lib_path) as lib:
        p = lib.require(1)
    assert p.title == "Principal Widget Engineer"
    assert p.fields["title"]["source"] == "edited"
    assert p.hand_edited and p.cleaned.endswith("My own line.")
    assert p.company == "Acme"
    assert "test.eeo" in p.rules


def test_library_opened_from_env_dir(make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "elsewhere"
    monkeypatch.setenv("JOBDESK_DATA_DIR", str(data))
    w = make_window()
    ctl = install_library(w)
    assert ctl is not None and ctl.path == data / "library.sqlite3"
    assert w.library is ctl


def test_unopenable_library_is_reported(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "library.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    w = make_window()
    assert install_library(w, bad) is None
    assert "could not be opened" in w.notice.text()
    assert not w.act_save.isEnabled()
    assert bad.read_bytes().startswith(b"this is not")  # left untouched


# ------------------------------------------------------------------ the table


def fill(lib_path: Path, n: int) -> None:
    lib_path.parent.mkdir(parents=True, exist_ok=True)
    with Library.open(lib_path) as lib:
        lib.add_many(
            NewPosting(
                cleaned=f"Role {i:04d}\nCompany {i % 7}\nWords {i} about the job {i * 7}.",
                title=f"Role {i:04d}",
                company=f"Company {i % 7}",
                site="linkedin" if i % 2 else "indeed",
                status="applied" if i % 3 == 0 else "saved",
                tags=["dream"] if i % 5 == 0 else [],
            )
            for i in range(n)
        )


def test_model_loads_lazily_and_passes_modeltester(
    make_window,
    lib_path: Path,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    fill(lib_path, 2 * PAGE + 50)
    w = make_window()
    ctl = install_library(w, lib_path)
    assert ctl is not None
    m = ctl.model
    assert m.total == 2 * PAGE + 50
    assert m.rowCount() == PAGE and m.canFetchMore(QModelIndex())
    m.fetchMore(QModelIndex())
    assert m.rowCount() == 2 * PAGE
    qtmodeltester.check(m, force_py=True)
    qtmodeltester.check(m)


def test_modeltester_on_empty_and_filtered(
    lw: tuple[MainWindow, LibraryController],
    lib_path: Path,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    _w, ctl = lw
    qtmodeltester.check(ctl.model, force_py=True)
    fill(lib_path, 30)
    ctl.model.set_query("status:applied")
    assert ctl.model.total == 10
    qtmodeltester.check(ctl.model, force_py=True)


def test_sort_by_column(lw: tuple[MainWindow, LibraryController], lib_path: Path) -> None:
    _w, ctl = lw
    fill(lib_path, 12)
    ctl.model.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert titles(ctl)[:3] == ["Role 0000", "Role 0001", "Role 0002"]
    ctl.model.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    assert titles(ctl)[0] == "Role 0011"
    ctl.panel.table.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)
    statuses = [ctl.model.index(r, COL_STATUS).data() for r in range(ctl.model.rowCount())]
    assert statuses == sorted(statuses, key=lambda s: ["saved", "applied"].index(s))
    ctl.model.sort(COL_TAGS)  # not sortable: nothing happens
    assert ctl.model.sort_column == COL_STATUS


def _fill_facts(lib_path: Path) -> None:
    lib_path.parent.mkdir(parents=True, exist_ok=True)

    def fact(v: object) -> dict[str, object]:
        return {"value": v, "text": str(v), "source": "text", "span": None}

    rows = [
        ("Remote role", "remote", ["full-time"], "no", (90000, 120000)),
        ("Hybrid role", "hybrid", ["contract", "part-time"], "yes", (150000, 160000)),
        ("Office role", "on-site", ["internship"], "unknown", None),
    ]
    with Library.open(lib_path) as lib:
        for title, wp, types, sp, pay in rows:
            fields: dict[str, object] = {
                "workplace": fact(wp),
                "employment_type": fact(types),
                "sponsorship": fact(sp),
                "pay": [
                    {"text": "x", "min": pay[0], "max": pay[1], "currency": "USD", "period": "year"}
                ]
                if pay
                else [],
            }
            lib.add(NewPosting(cleaned=f"{title}\n\nAbout {title}.", title=title, fields=fields))


def test_fact_columns_show_sort_and_filter(
    lw: tuple[MainWindow, LibraryController],
    lib_path: Path,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    _w, ctl = lw
    _fill_facts(lib_path)
    m = ctl.model
    m.refresh()
    h = Qt.Orientation.Horizontal
    assert [m.headerData(c, h) for c in (COL_WORKPLACE, COL_TYPE, COL_SPONSORSHIP)] == [
        "Workplace",
        "Type",
        "Sponsorship",
    ]
    assert len(COLUMNS) == m.columnCount() == ctl.panel.table.horizontalHeader().count()

    def col(c: int) -> list[str]:
        return [str(m.index(r, c).data()) for r in range(m.rowCount())]

    facts = zip(col(COL_WORKPLACE), col(COL_TYPE), col(COL_SPONSORSHIP), strict=True)
    by_title = dict(zip(titles(ctl), facts, strict=True))
    assert by_title == {
        "Remote role": ("remote", "full-time", "no"),
        "Hybrid role": ("hybrid", "contract, part-time", "yes"),
        "Office role": ("on-site", "internship", "unknown"),
    }
    for c in (COL_WORKPLACE, COL_TYPE, COL_SPONSORSHIP):
        assert m.headerData(c, h, Qt.ItemDataRole.ToolTipRole) == "Click to sort"
        assert not m.flags(m.index(0, c)) & Qt.ItemFlag.ItemIsEditable
    ctl.panel.table.sortByColumn(COL_WORKPLACE, Qt.SortOrder.AscendingOrder)
    assert m.sort_column == COL_WORKPLACE
    assert col(COL_WORKPLACE) == ["hybrid", "on-site", "remote"]
    m.sort(COL_SPONSORSHIP, Qt.SortOrder.DescendingOrder)
    assert col(COL_SPONSORSHIP) == ["yes", "unknown", "no"]
    m.sort(COL_TYPE, Qt.SortOrder.AscendingOrder)
    assert col(COL_TYPE)[0] == "contract, part-time"
    qtmodeltester.check(m, force_py=True)
    m.set_query("pay>=150000")
    assert titles(ctl) == ["Hybrid role"]
    m.set_query("workplace:remote sponsorship:no type:full-time")
    assert titles(ctl) == ["Remote role"]
    m.set_query("pay>=abc")  # no number: searched as words, no error
    assert m.total == 0 and m.error == ""
    qtmodeltester.check(m, force_py=True)


def test_live_search_and_filters(
    lw: tuple[MainWindow, LibraryController],
    lib_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    _w, ctl = lw
    fill(lib_path, 20)
    ctl.changed()
    qtbot.keyClicks(ctl.panel.search, "Role 000")  # prefix search as you type
    qtbot.waitUntil(lambda: ctl.model.total == 10, timeout=3000)
    ctl.panel.search.clear()
    ctl.apply_search()
    assert ctl.model.total == 20
    box = ctl.panel.status_filter
    box.setCurrentIndex(box.findData("applied"))
    box.activated.emit(box.currentIndex())
    assert ctl.model.total == 7
    assert "7 of 20" in ctl.panel.count_label.text()
    tag = ctl.panel.tag_filter
    tag.setCurrentIndex(tag.findData("dream"))
    ctl.apply_search()
    assert ctl.query() == "status:applied tag:dream"
    assert ctl.model.total == 2  # 0 and 15
    site = ctl.panel.site_filter
    site.setCurrentIndex(site.findData("indeed"))
    ctl.apply_search()
    assert ctl.model.total == 1
    # hostile search text: no crash, no damage
    for text in ['"', "*", "NEAR(", "'; DROP TABLE posting; --"]:
        ctl.panel.search.setText(text)
        ctl.apply_search()
    assert "failed" not in ctl.panel.count_label.text()


def test_stale_search_results_are_dropped(lw: tuple[MainWindow, LibraryController]) -> None:
    _w, ctl = lw
    held = []

    class Hold:
        def start(self, job) -> None:  # type: ignore[no-untyped-def]
            held.append(job)

    ctl.model.executor = Hold()
    ctl.model.set_query("first")
    ctl.model.set_query("second")
    held[1].run()
    held[0].run()  # late, stale (also cancelled)
    assert ctl.model.query == "second"
    assert not ctl.model.busy


def test_changes_from_elsewhere_show_up(
    lw: tuple[MainWindow, LibraryController], lib_path: Path
) -> None:
    _w, ctl = lw
    assert ctl.model.total == 0
    fill(lib_path, 3)  # another connection (the CLI, another window)
    ctl._poll()
    assert ctl.model.total == 3


# ------------------------------------------------------------------ editing


def test_inline_status_tags_notes_with_undo(
    lw: tuple[MainWindow, LibraryController], lib_path: Path
) -> None:
    w, ctl = lw
    fill(lib_path, 3)
    ctl.changed()
    m = ctl.model
    pid = m.posting_id(0)
    assert pid is not None
    assert m.flags(m.index(0, COL_STATUS)) & Qt.ItemFlag.ItemIsEditable
    assert not m.flags(m.index(0, COL_TITLE)) & Qt.ItemFlag.ItemIsEditable
    assert m.setData(m.index(0, COL_STATUS), "interviewing")
    assert m.index(0, COL_STATUS).data() == "interviewing"
    assert m.setData(m.index(0, COL_TAGS), "remote, dream ,  rust")
    assert m.index(0, COL_TAGS).data() == "dream, remote, rust"
    assert ctl.panel.tag_filter.findData("rust") >= 0
    select_row(ctl, 0)
    ctl.panel.notes.setPlainText("Call Sam on Monday")
    ctl.panel.notes.document().setModified(True)
    ctl.save_notes()
    with Library.open(lib_path) as lib:
        p = lib.require(pid)
        assert (p.status, p.tags, p.notes) == (
            "interviewing",
            ["dream", "remote", "rust"],
            "Call Sam on Monday",
        )
    ctl.undo()  # notes
    ctl.undo()  # tags
    ctl.undo()  # status
    with Library.open(lib_path) as lib:
        p = lib.require(pid)
        assert (p.status, p.notes) == ("saved", "")
    assert ctl.panel.notes.toPlainText() == ""
    assert not m.setData(m.index(0, COL_STATUS), "saved")  # unchanged: no command
    assert w.isVisible()


def test_status_editor_offers_the_library_statuses(
    lw: tuple[MainWindow, LibraryController], lib_path: Path
) -> None:
    _w, ctl = lw
    fill(lib_path, 1)
    ctl.changed()
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    table = ctl.panel.table
    delegate = table.itemDelegateForColumn(COL_STATUS)
    idx = ctl.model.index(0, COL_STATUS)
    editor = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), idx)
    assert isinstance(editor, QComboBox)
    items = [editor.itemText(i) for i in range(editor.count())]
    assert items[:3] == ["saved", "applied", "interviewing"]
    delegate.setEditorData(editor, idx)
    editor.setCurrentText("offer")
    delegate.setModelData(editor, ctl.model, idx)
    assert ctl.model.index(0, COL_STATUS).data() == "offer"
    editor.deleteLater()


def test_delete_with_undo(lw: tuple[MainWindow, LibraryController], lib_path: Path) -> None:
    w, ctl = lw
    fill(lib_path, 4)
    ctl.changed()
    ids = [ctl.model.posting_id(0), ctl.model.posting_id(1)]
    ctl.panel.table.selectRow(0)
    ctl.panel.table.selectionModel().select(
        ctl.model.index(1, 0),
        ctl.panel.table.selectionModel().SelectionFlag.Select
        | ctl.panel.table.selectionModel().SelectionFlag.Rows,
    )
    assert sorted(ctl.selected_ids()) == sorted(i for i in ids if i is not None)
    ctl.act_delete.trigger()
    assert ctl.model.total == 2
    assert "Deleted 2 postings" in w.notice.text() and "Undo" in w.notice.text()
    assert ctl.act_undo.isEnabled()
    ctl.act_undo.trigger()
    assert ctl.model.total == 4
    assert set(ids) <= {ctl.model.posting_id(r) for r in range(4)}  # same ids again
    ctl.act_redo.trigger()
    assert ctl.model.total == 2


# ------------------------------------------------------------------ open back, re-clean


def test_open_posting_with_the_rules_it_was_saved_with(
    lw: tuple[MainWindow, LibraryController], sample_file: Path
) -> None:
    w, ctl = lw
    w.open_paths([sample_file])
    toggle(w, "test.eeo", False)
    w.flush_facts()
    w.facts_card.factEdited.emit("company", "Acme Widgets Inc.")
    saved_text = w.cleaned_text()
    w.save_to_library()
    w.reset_rules()
    assert w.rules_model.is_enabled("test.eeo")
    w.close_current()
    select_row(ctl, 0)
    ctl.act_open.trigger()
    assert w.current_entry is not None and w.current_entry.extra["library_id"] == 1
    assert not w.rules_model.is_enabled("test.eeo")  # as it was when saved
    assert w.cleaned_text() == saved_text
    assert "Opened #1 from the library" in w.statusBar().currentMessage()
    w.flush_facts()
    assert w.facts_card.text("company") == "Acme Widgets Inc."  # the edited fact too


def test_open_hand_edited_posting_shows_the_edits(
    lw: tuple[MainWindow, LibraryController], sample_file: Path
) -> None:
    w, ctl = lw
    w.open_paths([sample_file])
    w.cleaned.setPlainText("Just my version.")
    w.save_to_library()
    w.close_current()
    ctl.open_posting(1)
    assert w.cleaned_text() == "Just my version."
    assert not w.hand_banner.isHidden()


def test_open_html_posting_brings_back_regions(
    lw: tuple[MainWindow, LibraryController], tmp_path: Path
) -> None:
    w, ctl = lw
    page = write(
        tmp_path,
        "p.html",
        "<html><body><nav>Home Jobs</nav><main><h1>Baker</h1><p>Bake bread daily.</p>"
        "</main></body></html>",
    )
    w.open_paths([page])
    before = w.result.source if w.result else ""
    w.save_to_library()
    w.close_current()
    ctl.open_posting(1)
    assert w.result is not None and w.result.source == before


def test_reclean_shows_changes_before_accepting(
    lw: tuple[MainWindow, LibraryController], sample_file: Path, lib_path: Path
) -> None:
    w, ctl = lw
    w.open_paths([sample_file])
    toggle(w, "test.eeo", False)
    w.save_to_library()
    toggle(w, "test.eeo", True)  # today's rules remove the EEO sentence
    select_row(ctl, 0)
    ctl.act_reclean.trigger()
    dlg = ctl.last_dialog
    assert isinstance(dlg, RecleanDialog)
    assert dlg.changes[0] >= 1
    assert "equal opportunity employer" in dlg.view.toPlainText()
    assert "1 on now that were off" in dlg.summary.text()
    with Library.open(lib_path) as lib:
        assert "equal opportunity" in lib.require(1).cleaned  # nothing changed yet
    dlg.accept()
    with Library.open(lib_path) as lib:
        p = lib.require(1)
        assert "equal opportunity" not in p.cleaned
        assert "test.eeo" in p.rules and not p.hand_edited
    ctl.undo()
    with Library.open(lib_path) as lib:
        assert "equal opportunity" in lib.require(1).cleaned


def test_reclean_cancel_changes_nothing(
    lw: tuple[MainWindow, LibraryController], sample_file: Path, lib_path: Path
) -> None:
    w, ctl = lw
    w.open_paths([sample_file])
    w.save_to_library()
    select_row(ctl, 0)
    ctl.reclean_selected()
    dlg = ctl.last_dialog
    assert dlg is not None
    assert dlg.changes == (0, 0) and not dlg.accept_button.isEnabled()
    dlg.reject()
    assert not ctl.undo_stack.canUndo()


def test_diff_html_marks_lines_not_by_colour_alone() -> None:
    html, removed, added = diff_html("a\nb\nc\n", "a\nc\nd\n")
    assert (removed, added) == (1, 1)
    assert "−&nbsp;<s>b</s>" in html and "+&nbsp;d" in html
    html, removed, added = diff_html("same", "same")
    assert (removed, added) == (0, 0) and "No change" in html


def test_split_tags() -> None:
    assert split_tags(" a, b;c ,, ") == ["a", "b", "c"]


# ------------------------------------------------------------------ import


def test_import_folder_in_background_with_progress(
    lw: tuple[MainWindow, LibraryController], tmp_path: Path
) -> None:
    w, ctl = lw
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        write(folder, f"p{i}.txt", f"Job {i}\nAcme {i}\nDo the work number {i} well.\n")
    (folder / "bad.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    ctl.import_paths([folder])
    assert ctl.last_progress is not None and ctl.last_progress.done == 4  # reported
    assert ctl.last_report is not None
    assert len(ctl.last_report.saved) == 3
    assert ctl.model.total == 3
    assert "Imported: 3 saved" in w.notice.text() and "1 could not be read" in w.notice.text()
    assert ctl.import_progress is None  # closed


def test_import_cancel_keeps_what_was_saved(
    lw: tuple[MainWindow, LibraryController], tmp_path: Path
) -> None:
    w, ctl = lw
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        write(folder, f"p{i}.txt", f"Job {i}\nAcme {i}\nDo the work number {i} well.\n")
    from jobdesk.gui.library import ImportJob

    job = ImportJob(ctl.path, [folder], w.cleaner)
    job.batch_size = 1
    job.progress.connect(lambda j, p: j.cancel() if p.done >= 2 else None)
    job.done.connect(ctl._on_import_done)
    job.run()  # Cancel after the second posting was committed
    assert ctl.last_report is not None and ctl.last_report.cancelled
    assert "Import stopped: 2 saved" in w.notice.text()
    assert ctl.model.total == 2


def test_library_model_alone_with_modeltester(lib_path: Path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    fill(lib_path, 5)
    with Library.open(lib_path) as lib:
        m = LibraryModel(lib, SyncExecutor())
        m.refresh()
        assert m.rowCount() == 5
        qtmodeltester.check(m, force_py=True)


def test_real_threads_save_all_and_search(
    make_window,
    lib_path: Path,
    sample_file: Path,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """With a thread pool: the batch save and the searches run on workers, each with its
    own SQLite connection; results come back to the GUI thread."""
    from jobdesk.gui.loading import ThreadExecutor

    w: MainWindow = make_window(executor=ThreadExecutor())
    ctl = install_library(w, lib_path)
    assert ctl is not None
    qtbot.waitUntil(lambda: not ctl.model.busy, timeout=10_000)
    other = write(tmp_path, "gardener.txt", "Gardener\nGreen Co · Oslo\nWe grow plants.\n")
    w.open_paths([sample_file, other])
    qtbot.waitUntil(lambda: w.files_model.rowCount() == 2 and not w.busy, timeout=10_000)
    w.act_save_all.trigger()
    qtbot.waitUntil(lambda: ctl.model.total == 2 and not ctl.model.busy, timeout=10_000)
    assert "Saved 2 of 2" in ctl.last_save_message
    ctl.panel.search.setText("gardener")
    ctl.apply_search()
    qtbot.waitUntil(lambda: ctl.model.total == 1 and not ctl.model.busy, timeout=10_000)
    assert titles(ctl) == ["Gardener"]


def test_save_on_an_opened_posting_updates_it(
    lw: tuple[MainWindow, LibraryController], sample_file: Path, lib_path: Path
) -> None:
    w, ctl = lw
    w.open_paths([sample_file])
    w.save_to_library()
    w.close_current()
    ctl.open_posting(1)
    ctl.open_posting(1)  # already open: shown, not opened twice
    assert w.files_model.rowCount() == 1
    w.save_to_library()
    assert "nothing changed since" in w.statusBar().currentMessage()
    w.cleaned.setPlainText("Shorter, by hand.")
    w.save_to_library()
    assert "Updated #1" in w.statusBar().currentMessage()
    assert ctl.model.total == 1
    with Library.open(lib_path) as lib:
        assert lib.require(1).cleaned == "Shorter, by hand."
    ctl.undo()
    with Library.open(lib_path) as lib:
        assert lib.require(1).cleaned != "Shorter, by hand."


def test_app_startup_opens_the_library_in_the_data_dir(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QApplication

    from jobdesk.gui import app as app_mod

    data = tmp_path / "data-dir"
    monkeypatch.setenv("JOBDESK_DATA_DIR", str(data))
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path / "config"))
    seen: dict[str, object] = {}
    made: list[MainWindow] = []
    open_window = app_mod.open_window

    def opened() -> MainWindow:
        made.append(open_window())
        return made[-1]

    def fake_exec(self: QApplication) -> int:
        (w,) = made
        # The rules load after the first paint; the library is installed then.
        qtbot.waitUntil(lambda: w.library is not None, timeout=60_000)
        seen["saver"] = w.act_save.toolTip()
        seen["library"] = w.library
        w.close()
        w.deleteLater()
        return 0

    monkeypatch.setattr(app_mod, "open_window", opened)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_mod.run_gui([]) == 0
    assert (data / "library.sqlite3").is_file()
    assert seen["library"] is not None
    assert "Save this posting to your library" in str(seen["saver"])


def test_table_keys_do_not_steal_typing(
    lw: tuple[MainWindow, LibraryController],
    lib_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    w, ctl = lw
    fill(lib_path, 2)
    ctl.changed()
    ctl.show_window()  # the library's keys work in its own window
    qtbot.waitUntil(ctl.libwin.isActiveWindow)
    select_row(ctl, 0)
    notes = ctl.panel.notes
    notes.setFocus()
    qtbot.keyClicks(notes, "line one")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClick(notes, Qt.Key.Key_Delete)
    assert notes.toPlainText() == "line one\n"
    assert w.files_model.rowCount() == 0 and ctl.model.total == 2  # nothing opened/deleted
    ctl.panel.table.setFocus()
    qtbot.keyClick(ctl.panel.table, Qt.Key.Key_Delete)  # notes saved first, then deleted
    assert ctl.model.total == 1
    qtbot.keyClick(ctl.panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ctl.model.total == 2
    with Library.open(lib_path) as lib:
        assert any(lib.require(i).notes == "line one\n" for i in (1, 2))

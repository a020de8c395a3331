"""The library's "Review changes" view (issue 11 item 7, issue 15): on a library that
includes hand-edited postings, it lists exactly the postings today's rules would change,
applies only what is chosen, never overwrites a hand edit unless ticked, writes nothing
when cancelled or closed during the run, and is offered by a bar when the rules change."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from jobdesk import __version__, review
from jobdesk.core.engine import Cleaner
from jobdesk.gui.library import LibraryController, install_library
from jobdesk.gui.library import review as review_gui
from jobdesk.gui.library.review import (
    COL_EDITS,
    COL_HAND,
    COL_RULES,
    COL_TITLE,
    ReviewController,
)
from jobdesk.gui.loading import SyncExecutor, ThreadExecutor
from jobdesk.gui.window import MainWindow
from jobdesk.session import Input, PostingSession, load_input, save_drafts
from jobdesk.storage import Library

from .conftest import small_ruleset
from .test_window import toggle

POSTING = """Apply now
{title}
Acme Widgets · Springfield

About the job
We build widgets for team {n}.
Acme is an equal opportunity employer.
Save job
"""

PLAIN = """{title}
Globex · Shelbyville

About the job
We analyse widgets for team {n}.
"""

TIP = Qt.ItemDataRole.ToolTipRole
#: The rules the library was saved with: the Apply buttons kept (off), the rest default.
SAVED_WITH = {"test.apply": False}


def save(
    lib: Library, cleaner: Cleaner, text: str, overrides: Mapping[str, bool], hand: str = ""
) -> int:
    loaded = load_input(Input("paste", text=text, html=False), cleaner)
    assert loaded.matched is not None
    s = PostingSession(label="paste", matched=loaded.matched)
    if hand:
        s.hand_edit(hand, loaded.matched.resolve(overrides).cleaned)
    d = s.draft(overrides)
    assert d is not None
    (out,) = save_drafts(lib, [d])
    assert out.id is not None, out.error
    return out.id


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "library.sqlite3"


@pytest.fixture
def ids(lib_path: Path) -> dict[str, int]:
    cleaner = Cleaner(small_ruleset())
    lib_path.parent.mkdir(parents=True, exist_ok=True)
    with Library.open(lib_path) as lib:
        out = {
            "a": save(lib, cleaner, POSTING.format(title="Widget Engineer", n=1), SAVED_WITH),
            "plain": save(lib, cleaner, PLAIN.format(title="Widget Analyst", n=2), SAVED_WITH),
            "b": save(lib, cleaner, POSTING.format(title="Widget Tester", n=3), SAVED_WITH),
            "hand": save(
                lib, cleaner, POSTING.format(title="Widget Designer", n=4), SAVED_WITH,
                hand="Widget Designer\nApply now\nMy own notes.",
            ),
            "hand_plain": save(
                lib, cleaner, PLAIN.format(title="Widget Lead", n=5), SAVED_WITH,
                hand="Widget Lead\nMy own text.",
            ),
        }  # fmt: skip
        review.mark_cleaned_with(lib)
    return out


def snapshot(lib_path: Path) -> dict[int, tuple[str, bool, list[str]]]:
    with Library.open(lib_path) as lib:
        return {
            p.id: (p.cleaned, p.hand_edited, p.rules) for p in lib.iter_postings(lib.ids(sort="id"))
        }


@pytest.fixture
def lw(make_window, lib_path: Path, ids: dict[str, int]) -> tuple[MainWindow, LibraryController]:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window()
    ctl = install_library(w, lib_path, executor=SyncExecutor())
    assert ctl is not None and ctl.review is not None
    ctl.poll.stop()
    return w, ctl


def rc_of(ctl: LibraryController) -> ReviewController:
    assert ctl.review is not None
    return ctl.review


def listed(rc: ReviewController) -> list[int]:
    assert rc.view is not None
    return [c.id for c in rc.view.model.changes]


def test_the_menus_offer_the_review(lw: tuple[MainWindow, LibraryController]) -> None:
    w, ctl = lw
    rc = rc_of(ctl)
    menus = {
        a.text().replace("&", ""): a.menu() for a in w.menuBar().actions() if a.menu() is not None
    }
    assert rc.act_review in menus["Library"].actions()  # type: ignore[union-attr]
    assert rc.act_review in ctl.libwin.library_menu.actions()
    assert "Review" in rc.act_review.text().replace("&", "")


def test_the_view_lists_exactly_the_changed_postings(
    lw: tuple[MainWindow, LibraryController], lib_path: Path, ids: dict[str, int]
) -> None:
    _w, ctl = lw
    before = snapshot(lib_path)
    rc = rc_of(ctl)
    rc.act_review.trigger()
    view = rc.view
    assert view is not None and view.isVisible() and not view.running
    assert listed(rc) == [ids["a"], ids["b"], ids["hand"]]
    m = view.model
    assert m.checked == {ids["a"], ids["b"]}  # the hand-edited one starts unticked
    hand_row = listed(rc).index(ids["hand"])
    assert m.index(hand_row, COL_HAND).data() == "✎"
    assert "text by hand" in m.index(hand_row, COL_HAND).data(TIP)
    assert m.index(hand_row, COL_TITLE).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked
    )
    assert m.index(0, COL_HAND).data() == ""
    assert m.index(0, COL_EDITS).data() == "+2 −0"
    assert m.index(0, COL_RULES).data() == "+2 Apply buttons"  # the rule's name
    assert "Apply buttons (test.apply): 0 → 2 edit(s)" in m.index(0, COL_RULES).data(TIP)
    assert "3 of 5 saved postings would change" in view.summary.text()
    assert "1 is hand-edited" in view.summary.text()
    # the first row is selected: its diff shows, side by side and as changed lines
    assert "Apply now" in view.side.toPlainText() and "Saved" in view.side.toPlainText()
    assert "−" in view.lines.toPlainText() and "Apply now" in view.lines.toPlainText()
    view.table.selectRow(hand_row)
    assert "My own notes." in view.side.toPlainText()
    assert "your hand edit would be replaced" in view.diff_label.text()
    assert view.apply_checked.text().replace("&", "") == "Apply to Checked (2)"
    assert snapshot(lib_path) == before  # looking writes nothing


def test_apply_to_checked_leaves_the_others(
    lw: tuple[MainWindow, LibraryController], lib_path: Path, ids: dict[str, int]
) -> None:
    _w, ctl = lw
    before = snapshot(lib_path)
    rc = rc_of(ctl)
    view = rc.start_review()
    view.model.set_checked(ids["b"], False)
    view.apply_checked.click()
    after = snapshot(lib_path)
    assert not after[ids["a"]][0].startswith("Apply now") and "test.apply" in after[ids["a"]][2]
    for key in ("plain", "b", "hand", "hand_plain"):
        assert after[ids[key]] == before[ids[key]]
    assert listed(rc) == [ids["b"], ids["hand"]]  # the applied one leaves the list
    assert review.cleaned_with(ctl.library) == __version__
    ctl.undo()  # one step in the library's undo
    assert snapshot(lib_path) == before


def test_hand_edited_posting_untouched_unless_ticked(
    lw: tuple[MainWindow, LibraryController], lib_path: Path, ids: dict[str, int]
) -> None:
    _w, ctl = lw
    before = snapshot(lib_path)
    rc = rc_of(ctl)
    view = rc.start_review()
    view.apply_all.click()  # "all": every posting that is not hand-edited
    after = snapshot(lib_path)
    assert after[ids["hand"]] == before[ids["hand"]]
    assert after[ids["hand"]][0] == "Widget Designer\nApply now\nMy own notes."
    assert after[ids["a"]] != before[ids["a"]] and after[ids["b"]] != before[ids["b"]]
    assert listed(rc) == [ids["hand"]] and not view.apply_checked.isEnabled()
    view.model.set_checked(ids["hand"], True)  # the explicit choice
    view.apply_checked.click()
    p = snapshot(lib_path)[ids["hand"]]
    assert not p[1] and "My own notes." not in p[0] and "Apply now" not in p[0]
    assert listed(rc) == [] and "Nothing to review" in view.summary.text()
    assert snapshot(lib_path)[ids["hand_plain"]] == before[ids["hand_plain"]]


def test_apply_to_none_changes_nothing_and_closes(
    lw: tuple[MainWindow, LibraryController], lib_path: Path, ids: dict[str, int]
) -> None:
    _w, ctl = lw
    before = snapshot(lib_path)
    with Library.open(lib_path) as lib:
        lib.conn.execute("UPDATE library_meta SET value = '0.0.1' WHERE key = 'cleaned_with'")
        lib.conn.commit()
    rc = rc_of(ctl)
    view = rc.start_review()
    done: list[object] = []
    rc.reviewed.connect(done.append)
    view.apply_none.click()
    assert done == [[]] and not view.isVisible()
    assert snapshot(lib_path) == before
    assert review.cleaned_with(ctl.library) == __version__  # this review is done


def test_cancel_mid_run_leaves_the_library_unchanged(
    lw: tuple[MainWindow, LibraryController], lib_path: Path, ids: dict[str, int]
) -> None:
    _w, ctl = lw
    before = snapshot(lib_path)
    rc = rc_of(ctl)
    rc.chunk = 1
    seen: list[int] = []

    def on_progress(job: object, p: review.Progress) -> None:
        seen.append(p.done)
        if p.done == 2:
            assert rc.view is not None
            rc.view.cancel_button.click()

    class Hooked(SyncExecutor):
        def start(self, job) -> None:  # type: ignore[no-untyped-def]
            job.progressed.connect(on_progress)
            super().start(job)

    rc.executor = Hooked()
    view = rc.start_review()
    assert seen == [1, 2]  # stopped after the second posting
    assert view.review is not None and view.review.cancelled
    assert listed(rc) == [] and "Stopped" in view.summary.text()
    assert not view.apply_all.isEnabled() and not view.apply_checked.isEnabled()
    assert snapshot(lib_path) == before
    assert rc.job is None


def test_no_traceback_when_closing_during_the_run(
    lw: tuple[MainWindow, LibraryController],
    lib_path: Path,
    ids: dict[str, int],
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w, ctl = lw
    before = snapshot(lib_path)
    real = review.compare

    def slow(*a, **k):  # type: ignore[no-untyped-def]
        time.sleep(0.2)
        return real(*a, **k)

    monkeypatch.setattr(review, "compare", slow)
    pool = QThreadPool()
    rc = rc_of(ctl)
    rc.chunk = 1
    rc.executor = ThreadExecutor(pool)
    view = rc.start_review()
    qtbot.waitUntil(lambda: view.progress.value() >= 1, timeout=10_000)
    assert view.running and rc.job is not None
    job = rc.job
    w.close()  # the main window (and with it the review) closes mid-run
    assert job.cancelled and not view.isVisible()
    assert pool.waitForDone(10_000)
    qtbot.wait(50)  # the job's last signals are delivered (and dropped)
    assert snapshot(lib_path) == before


def test_a_change_of_the_usual_rules_offers_the_review(
    lw: tuple[MainWindow, LibraryController],
    lib_path: Path,
    ids: dict[str, int],
    sample_file: Path,
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w, ctl = lw
    monkeypatch.setattr(review_gui, "CHECK_DELAY_MS", 0)
    rc = rc_of(ctl)
    started: list[object] = []

    class Recording(SyncExecutor):
        def start(self, job) -> None:  # type: ignore[no-untyped-def]
            started.append(job)
            super().start(job)

    rc.executor = Recording()
    w.open_paths([sample_file])
    toggle(w, "test.apply", False)  # back to how the library was saved: nothing to offer
    qtbot.wait(20)
    assert [type(j).__name__ for j in started] == ["ReviewJob"]  # counted off the GUI thread
    assert not rc.bar.isVisible()
    toggle(w, "test.eeo", False)  # the EEO sentence comes back in a, b (and hand's rules)
    qtbot.waitUntil(lambda: rc.bar.isVisible(), timeout=5_000)
    assert rc.bar.text() == "Rules changed: 3 saved postings may clean differently —"
    assert len(started) == 2 and all(isinstance(j, review_gui.ReviewJob) for j in started)
    rc.bar.button.click()  # the scan just made is shown: no second run
    assert len(started) == 2 and not rc.bar.isVisible()
    assert listed(rc) == [ids["a"], ids["b"], ids["hand"]]


def test_a_posting_s_own_choices_are_no_rule_change(
    lw: tuple[MainWindow, LibraryController], ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    w, ctl = lw
    rc = rc_of(ctl)
    ctl.open_posting(ids["a"])  # opened with the rules it was saved with: its own
    toggle(w, "test.eeo", False)  # changes that posting's choices, not the usual ones
    assert not rc._timer.isActive()


def test_a_saved_rule_pack_offers_the_review(
    lw: tuple[MainWindow, LibraryController],
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    from jobdesk.paths import config_dir, user_rules_dir

    _w, ctl = lw
    rc = rc_of(ctl)
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "window.ini").write_text("[x]\n")  # a settings write: no rule change
    rc._on_files_changed()
    assert not rc._timer.isActive()
    user_rules_dir().mkdir(parents=True, exist_ok=True)
    (user_rules_dir() / "mine.toml").write_text(
        '[pack]\nid = "mine"\nname = "Mine"\n\n[[rule]]\nid = "mine.team"\nname = "Team"\n'
        'category = "company-marketing"\nkind = "line"\npattern = "We analyse widgets.*"\n',
        "utf-8",
    )
    rc._on_files_changed()
    assert rc._timer.isActive() and rc._pending == "pack"
    assert rc.make_cleaner is review_gui._fresh_cleaner  # today's rules as saved on disk
    fresh = rc.make_cleaner()
    assert fresh.rules.pack("mine") is not None


def test_another_jobdesk_version_offers_the_review(
    lw: tuple[MainWindow, LibraryController], lib_path: Path
) -> None:
    w, ctl = lw
    rc = rc_of(ctl)
    rc.check_version()
    assert not rc.bar.isVisible()  # reviewed with this version
    review.mark_cleaned_with(ctl.library, "0.0.1")
    toggle(w, "test.apply", False)  # the usual rules: as the library was saved ...
    rc._timer.stop()
    toggle(w, "test.eeo", False)  # ... but for one rule
    rc._timer.stop()
    counts: list[int] = []
    rc.checked.connect(counts.append)
    rc.check_version()
    assert counts == [3] and rc.bar.isVisible()
    assert rc.bar.text().startswith(f"jobdesk was updated (now {__version__}): 3 saved postings")
    toggle(w, "test.eeo", True)
    rc._timer.stop()
    rc.check_version()  # the same rules as saved: nothing would change, nothing to offer
    assert counts == [3, 0] and not rc.bar.isVisible()
    assert review.cleaned_with(ctl.library) == __version__

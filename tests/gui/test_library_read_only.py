"""A damaged or read-only library in the window: shown read-only, never written, no crash.

Read-only is simulated by monkeypatching the storage's writability check (the tests run
as root, whom file permissions do not stop).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jobdesk.gui.library import install_library
from jobdesk.gui.library.model import COL_STATUS
from jobdesk.gui.loading import SyncExecutor
from jobdesk.storage import Library, NewPosting, db


def _fill(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with Library.open(path) as lib:
        lib.add_many(
            NewPosting(cleaned=f"Role {i}\n\nWords {i} about the job.", title=f"Role {i}")
            for i in range(3)
        )


def test_read_only_library_is_shown_and_never_written(
    make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "data" / "library.sqlite3"
    _fill(path)
    monkeypatch.setattr(db, "not_writable", lambda p: "you have no permission to write")
    w = make_window()
    ctl = install_library(w, path, executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    assert "read-only" in w.notice.text()
    assert "(read-only)" in ctl.libwin.windowTitle()
    m = ctl.model
    assert m.total == 3 and m.rowCount() == 3  # readable
    m.setData(m.index(0, COL_STATUS), "applied")  # an edit: refused, reported
    assert "nothing was changed" in w.notice.text().lower()
    assert ctl.undo_stack.count() == 0  # a refused edit leaves nothing to undo
    ctl.panel.table.selectRow(0)
    ctl.delete_selected()
    assert "Nothing was deleted" in w.notice.text()
    assert ctl.set_status_selected("applied") == 0 and ctl.add_tag_selected("x") == 0
    assert "Nothing was changed" in w.notice.text() and ctl.undo_stack.count() == 0
    assert ctl.backup_to(tmp_path / "copy.sqlite3")  # reading is all a backup needs
    assert w.isVisible()
    monkeypatch.undo()
    with Library.open(path) as lib:
        assert lib.count() == 3 and lib.count("status:applied") == 0

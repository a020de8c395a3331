"""The opened-postings part on its own (gui/opened.py)."""

from __future__ import annotations

from jobdesk.gui.files_model import Entry
from jobdesk.gui.opened import OpenedPostings


def test_adding_choosing_stepping_and_closing(qtbot) -> None:  # type: ignore[no-untyped-def]
    part = OpenedPostings()
    chosen: list[int] = []
    counts: list[int] = []
    part.rowChosen.connect(chosen.append)
    part.countChanged.connect(counts.append)
    a, b, c = Entry("a"), Entry("b"), Entry("c")
    assert [part.add(e) for e in (a, b, c)] == [0, 1, 2]
    assert counts == [1, 2, 3]
    assert not part.box.isHidden() and "(3)" in part.label.text()
    part.choose(1)
    assert chosen == [1]
    assert part.step_from(b, 1) == 2 and part.step_from(c, 1) == 0 and part.step_from(a, -1) == 2
    c.library_id = 7
    assert part.row_of_library_id(7) == 2 and part.row_of_library_id(8) == -1
    assert part.remove(c) == 1  # the last row closed: the one above shows next
    assert part.remove(a) == 0
    assert part.box.isHidden()  # one posting: no list
    assert part.step_from(b, 1) == -1
    assert part.remove(b) == -1 and part.count() == 0
    assert part.remove(b) == -1  # not open: nothing happens

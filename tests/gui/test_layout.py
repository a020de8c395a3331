"""Layout defaults, remembered and reset (issue 12: room for the posting)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel

from jobdesk.core.rules import RuleSet
from jobdesk.gui import layout
from jobdesk.gui.window import MainWindow


def shown(w: MainWindow, size: tuple[int, int]) -> None:
    w.resize(*size)
    w.show()
    QApplication.processEvents()


def lines_shown(w: MainWindow) -> float:
    return w.cleaned.viewport().height() / w.cleaned.fontMetrics().lineSpacing()


def test_defaults_leave_room_for_the_posting(make_window, shipped_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    for size in ((1280, 800), (1024, 640)):
        w: MainWindow = make_window(shipped_rules)
        shown(w, size)
        w.open_sample()
        QApplication.processEvents()
        assert w.act_hide_empty.isChecked()
        raw, cleaned = w.pane_split.sizes()
        assert raw >= cleaned, size
        rules, panes = w.main_split.sizes()
        assert rules < panes / 2, size
        # Readable: a screenful of the cleaned posting, not nine lines.
        assert lines_shown(w) >= (25 if size[1] >= 800 else 14), (size, lines_shown(w))
        assert w.raw.viewport().height() / w.raw.fontMetrics().lineSpacing() >= 20
        w.close()


def test_the_site_is_shown_in_one_place(make_window, shipped_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(shipped_rules)
    shown(w, (1280, 800))
    w.open_sample()
    QApplication.processEvents()
    assert "LinkedIn" in w.site_label.text()
    saying = [
        label
        for label in w.findChildren(QLabel)
        if label.isVisible() and "LinkedIn" in label.text()
    ]
    assert saying == [w.site_label]


def test_the_facts_card_folds(make_window, shipped_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(shipped_rules)
    shown(w, (1024, 640))
    w.open_sample()
    w.flush_facts()
    QApplication.processEvents()
    before = lines_shown(w)
    w.facts_card.toggle.click()
    QApplication.processEvents()
    assert not w.facts_card.expanded
    assert lines_shown(w) > before + 3


def test_the_layout_is_remembered(make_window, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window()
    shown(w, (1200, 700))
    w.main_split.setSizes([500, 700])
    w.pane_split.setSizes([200, 500])
    w.facts_card.set_expanded(False)
    QApplication.processEvents()
    main, panes = w.main_split.sizes(), w.pane_split.sizes()
    w.close()
    again: MainWindow = make_window()
    shown(again, (1200, 700))
    assert again.main_split.sizes() == main
    assert again.pane_split.sizes() == panes
    assert not again.facts_card.expanded


def test_reset_layout_restores_the_defaults(make_window, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window()
    shown(w, (1200, 700))
    first_main, first_panes = w.main_split.sizes(), w.pane_split.sizes()
    w.main_split.setSizes([700, 500])
    w.pane_split.setSizes([150, 550])
    w.facts_card.set_expanded(False)
    w.act_hide_empty.setChecked(False)
    w.act_reset_layout.trigger()
    QApplication.processEvents()
    for now, first in ((w.main_split.sizes(), first_main), (w.pane_split.sizes(), first_panes)):
        assert abs(now[0] - first[0]) <= 10 and abs(now[1] - first[1]) <= 10
    assert w.facts_card.expanded and w.act_hide_empty.isChecked()
    assert w.pane_split.sizes()[0] >= w.pane_split.sizes()[1]
    # … and it is what the next start shows.
    w.close()
    again: MainWindow = make_window()
    shown(again, (1200, 700))
    assert abs(again.pane_split.sizes()[0] - first_panes[0]) <= 10


def test_split_sizes() -> None:
    assert layout.split_sizes(1000, 0.27) == [270, 730]
    assert sum(layout.split_sizes(999, 0.53)) == 999

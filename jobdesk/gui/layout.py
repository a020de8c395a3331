"""The window's layout: its defaults, what is remembered between runs, View ▸ Reset Layout.

Defaults (issue 12, "room for the posting"): the rules column takes about a quarter of
the width; of the rest, the raw pane (the one being reviewed) gets a little more than
the cleaned posting; the facts card is open; rules without hits are hidden. The
splitters' states, the window's geometry and those choices are kept in QSettings; a
Reset puts the defaults back (the window keeps its size and place).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:  # (the opened-postings list is made after the window's first paint)
    from PySide6.QtWidgets import QListView, QSplitter, QTreeView

#: The rules column's share of the window's width, and the raw pane's share of the rest.
RULES_SHARE = 0.27
RAW_SHARE = 0.53
#: The size a window opens with the first time.
DEFAULT_SIZE = (1280, 800)
#: The opened-postings list shows at most this many rows (it scrolls beyond); the rules
#: tree keeps at least RULE_ROWS rows however many postings are open.
FILE_ROWS = 4.5
RULE_ROWS = 8

SPLITTERS = ("window/main_split", "window/pane_split")


def split_sizes(total: int, share: float) -> list[int]:
    """Two sizes for ``total`` pixels, the first ``share`` of them."""
    first = round(total * share)
    return [first, max(1, total - first)]


def default_splits(main_split: QSplitter, pane_split: QSplitter, width: int) -> None:
    """The default sizes for a window ``width`` pixels wide (the same whether the
    splitters are laid out yet or not: a Reset gives what a first start gave)."""
    main = split_sizes(width, RULES_SHARE)
    main_split.setSizes(main)
    pane_split.setSizes(split_sizes(main[1], RAW_SHARE))


def restore_splits(
    settings: QSettings, main_split: QSplitter, pane_split: QSplitter, width: int
) -> None:
    """The splitters as they were left, else the defaults for ``width``."""
    restore_main_split(settings, main_split, width)
    restore_pane_split(settings, pane_split, width)


def restore_main_split(settings: QSettings, main_split: QSplitter, width: int) -> None:
    """The rules column | the rest as it was left, else the default for ``width`` (the
    window's first frame shows it)."""
    main_split.setSizes(split_sizes(width, RULES_SHARE))
    _restore_state(settings, SPLITTERS[0], main_split)


def restore_pane_split(settings: QSettings, pane_split: QSplitter, width: int) -> None:
    """The raw | cleaned panes as they were left, else the default for ``width`` (the
    compare pane is built after the window's first paint)."""
    pane_split.setSizes(split_sizes(split_sizes(width, RULES_SHARE)[1], RAW_SHARE))
    _restore_state(settings, SPLITTERS[1], pane_split)


def _restore_state(settings: QSettings, key: str, split: QSplitter) -> None:
    state = settings.value(key)
    if isinstance(state, QByteArray) and not state.isEmpty():
        split.restoreState(state)


def save_splits(settings: QSettings, main_split: QSplitter, pane_split: QSplitter) -> None:
    for key, split in zip(SPLITTERS, (main_split, pane_split), strict=True):
        settings.setValue(key, split.saveState())


def fit_files(files: QListView) -> None:
    """The opened-postings list scrolls past a few rows (it is made after the window's
    first paint, hidden until a second posting opens)."""
    row = max(files.sizeHintForRow(0), files.fontMetrics().height() + 4)
    files.setMaximumHeight(int(row * FILE_ROWS) + 2 * files.frameWidth())


def fit_rules(rules: QTreeView) -> None:
    """The rules tree keeps room for some rows, however many postings are open."""
    rule_row = rules.fontMetrics().height() + 6
    rules.setMinimumHeight(rule_row * RULE_ROWS + rules.header().sizeHint().height())

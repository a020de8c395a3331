"""Every corpus case through the window: highlights land on the right text and the
cleaned pane, updated incrementally on each toggle, always equals the engine's output.
Skipped when ../shared/corpus is absent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from jobdesk.core.rules import RuleSet
from jobdesk.gui.window import MainWindow
from tests.conftest import CORPUS

pytestmark = pytest.mark.corpus

CASES = sorted(CORPUS.glob("*.raw.*")) if CORPUS.is_dir() else []


def _pane_text(w: MainWindow) -> str:
    return w.cleaned.document().toRawText().replace("\u2029", "\n")


def _highlights(w: MainWindow) -> list[str]:
    dot = QTextCharFormat.UnderlineStyle.DotLine
    return [
        s.cursor.selectedText().replace("\u2029", "\n")
        for s in w.raw.extraSelections()
        if s.format.underlineStyle() != dot
    ]


@pytest.fixture(scope="module")
def corpus_rules() -> RuleSet:
    from jobdesk.core.rules import load_rules

    return load_rules(user_dir=False)


@pytest.mark.skipif(not CASES, reason="no corpus")
def test_corpus_cases_render_exactly(make_window, corpus_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    w = make_window(corpus_rules)
    w.open_paths(CASES)
    # Only pages without any text (a sign-in wall) may be refused, with a clear reason.
    notice = w.notice.text()
    assert not notice or notice.count(": there is no text in it") == notice.count(".html:"), notice
    check = Qt.ItemDataRole.CheckStateRole
    for row in range(w.files_model.rowCount()):
        w.files_view.setCurrentIndex(w.files_model.index(row))
        entry = w.current_entry
        assert entry is not None and entry.matched is not None
        label = entry.label
        r = w.result
        assert r is not None
        assert _pane_text(w) == r.cleaned, label
        assert _highlights(w) == [r.source[e.start : e.end].replace("\r", "\n") for e in r.edits], (
            label
        )
        # Switch each category with hits off and on again: incremental pane updates.
        model = w.rules_model
        for g in range(model.rowCount()):
            group = model.index(g, 0)
            if not group.data(Qt.ItemDataRole.UserRole + 2):  # HITS_ROLE
                continue
            model.setData(group, Qt.CheckState.Unchecked, check)
            assert _pane_text(w) == w.result.cleaned, (label, group.data())  # type: ignore[union-attr]
            model.setData(group, Qt.CheckState.Checked, check)
        w.rules_model.reset_to_defaults()
        assert _pane_text(w) == r.cleaned, label

"""The first paste costs what a later one does (issue 13): what a shown posting needs
once — its rules' effects, the presets menu, the user's exceptions and the modules
behind them — is done while the empty window shows, by the warm-up (worker thread) and
when the rules arrive (GUI thread)."""

from __future__ import annotations

from pathlib import Path

from jobdesk.gui.loading import ThreadExecutor
from jobdesk.gui.rules_model import RULE_ID_ROLE
from jobdesk.gui.window import MainWindow

from .test_startup import run_script

#: A real window, warmed, then a corpus-like paste: which modules of jobdesk does the
#: first paste (and what it starts after showing) import?
FIRST_PASTE = r"""
import sys, time
from jobdesk.gui.app import create_app
from jobdesk.gui.loading import Input
app = create_app()
from jobdesk.gui.window import MainWindow
w = MainWindow(warm_up=True)
w.show()
deadline = time.time() + 120
while not w.ready and time.time() < deadline:
    app.processEvents()
    time.sleep(0.01)
print("warmed:", w.ready, flush=True)
text = open(sys.argv[1], encoding="utf-8").read()
before = set(sys.modules)
w.load_inputs([Input("paste", text=text)])
until = time.time() + 1.0  # the facts and the rules' effects come after both panes
while (w.result is None or time.time() < until) and time.time() < deadline:
    app.processEvents()
    time.sleep(0.005)
new = sorted(m for m in set(sys.modules) - before if m.startswith("jobdesk"))
print("shown:", w.result is not None, "effects:", w.compare.ready_effects() is not None)
print("imported by the first paste:", " ".join(new) or "-", flush=True)
w.close()
"""


def test_the_first_paste_imports_nothing_of_jobdesk(tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "Senior Data Engineer\nAcme Corp · Berlin (Hybrid)\nApply\nSave\n"
        "About the job\nWe build data pipelines for climate research. You will design "
        "and run them with us.\n\nRequirements\n- Python, SQL\n- 5+ years of experience\n"
        "\nSalary: €70,000 – €85,000 a year\n\nSimilar jobs\nData Analyst\nAcme Corp\n",
        encoding="utf-8",
    )
    proc = run_script(FIRST_PASTE, str(posting), tmp_path=tmp_path)
    lines = proc.stdout.splitlines()
    assert "warmed: True" in lines, proc.stdout
    assert "shown: True effects: True" in lines, proc.stdout
    assert "imported by the first paste: -" in lines, proc.stdout


def test_the_warm_up_works_out_effects_and_the_arrival_fills_presets_and_exceptions(
    make_window,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    w: MainWindow = make_window(executor=ThreadExecutor(), warm_up=True)
    # The rules are there: the presets menu is filled and the exceptions read, before
    # any posting shows (they were filled and read at the first result).
    assert w.result is None
    assert len(w.authoring.preset_menu.by_id) > 1
    assert w.authoring._exemptions is not None
    qtbot.waitUntil(lambda: w.ready, timeout=60_000)
    job = w.startup.warm_job
    assert job is not None and job.sample_effects > 0  # the effects' code has run


def test_first_hits_reach_the_rules_panel_in_one_pass(qtbot) -> None:  # type: ignore[no-untyped-def]
    """From the empty window's rules (no hits) to the first posting's: one model reset
    (one filtering pass for the proxy and the tree), not a dataChanged for every row;
    the selected rule stays selected and a folded group stays folded."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from jobdesk.core.rules import load_rules
    from jobdesk.gui.rules_model import RulesFilterProxy, RulesModel
    from jobdesk.gui.rules_panel import RulesPanel

    ruleset = load_rules(user_dir=False)
    host = QWidget()
    qtbot.addWidget(host)
    generic = [r for p in ruleset.packs if not p.is_site for r in p.rules]
    model = RulesModel(ruleset, host)
    proxy = RulesFilterProxy(host)
    proxy.setSourceModel(model)
    hide_empty = QAction("Hide", host)
    hide_empty.setCheckable(True)
    panel = RulesPanel(ruleset, model, proxy, hide_empty, QAction("Reset", host), host)
    panel.resize(400, 600)
    panel.show()
    model.set_rules(generic)
    model.set_hits(None)  # the empty window
    panel.set_hide_empty(True)  # (the window's default)
    # Hits in two groups; the user selected one of these rules and folded one group.
    by_group: dict[str, list[str]] = {}
    for r in generic:
        by_group.setdefault(r.category, []).append(r.id)
    (_, ids_a), (_, ids_b) = [kv for kv in by_group.items() if len(kv[1]) > 1][:2]
    hits = {ids_a[1]: 2, ids_b[0]: 1, ids_b[1]: 3}
    assert panel.select_rule(ids_a[1], quiet=True)
    folded_src = model.index_for_rule(ids_b[0]).parent()
    panel.view.collapse(proxy.mapFromSource(folded_src))
    assert proxy.rowCount() > 2  # nothing hidden yet: no posting

    resets: list[int] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda *_a: changed.append(1))
    model.set_hits(hits)  # the first posting
    assert (resets, changed) == ([1], [])

    assert panel.current_rule_id() == ids_a[1]
    key_a = model.group_key(model.index_for_rule(ids_a[1]).parent().row())
    key_b = model.group_key(folded_src.row())
    groups = {}
    for r in range(proxy.rowCount()):
        group = proxy.index(r, 0)
        groups[model.group_key(proxy.mapToSource(group).row())] = group
    assert set(groups) == {key_a, key_b}  # only the groups with hits
    assert not panel.view.isExpanded(groups[key_b])  # folded, as the user left it
    assert panel.view.isExpanded(groups[key_a])
    shown = {
        proxy.index(r, 0, g).data(RULE_ID_ROLE)
        for g in groups.values()
        for r in range(proxy.rowCount(g))
    }
    assert shown == set(hits)


def test_the_compare_pane_shows_once_unseen_while_the_empty_window_waits(
    qtbot,  # type: ignore[no-untyped-def]
    settings,  # type: ignore[no-untyped-def]
) -> None:
    """When the rules arrive, the compare pane is shown and the empty page again at
    once: laid out at the size it will show at (its first showing is not the first
    paste's), while the empty page looks as it did and keeps the focus."""
    import threading

    from PySide6.QtCore import Qt

    from jobdesk.gui.later import show_once_unseen

    from .test_later import _rules, _window

    gate = threading.Event()

    def slow_load():  # type: ignore[no-untyped-def]
        assert gate.wait(60)
        return _rules()

    w = _window(qtbot, settings, slow_load)
    w.show()
    qtbot.waitUntil(lambda: w.built and w.startup.loader is not None)
    try:
        assert w.compare.size() != w.stack.contentsRect().size()  # never laid out yet
        focus = w.focusWidget()
        assert focus is w.empty.sample_button
        before = w.stack.grab().toImage()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: w.cleaner is not None, timeout=60_000)
    assert w.compare.size() == w.stack.contentsRect().size()
    assert w.compare.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)
    assert w.stack.currentWidget() is w.empty and w.focusWidget() is focus
    assert w.stack.grab().toImage() == before  # the empty page, as it was
    show_once_unseen(w.stack, w.compare, w.empty)  # again: nothing changes
    assert w.stack.currentWidget() is w.empty and w.focusWidget() is focus
    assert w.stack.grab().toImage() == before

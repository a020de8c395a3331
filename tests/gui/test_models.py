"""The rules panel and file list models (qtmodeltester on each)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import RuleSet
from jobdesk.gui.files_model import Entry, FilesModel
from jobdesk.gui.rules_model import (
    COL_HITS,
    COL_NAME,
    HITS_ROLE,
    RULE_ID_ROLE,
    RulesFilterProxy,
    RulesModel,
)

from .conftest import SAMPLE

CHECK = Qt.ItemDataRole.CheckStateRole


def _model(rules: RuleSet) -> RulesModel:
    model = RulesModel(rules)
    model.set_rules(list(rules.rules))
    return model


def test_rules_model_passes_modeltester(qtmodeltester, rules: RuleSet) -> None:
    model = _model(rules)
    model.set_hits({"test.apply": 2, "test.eeo": 1})
    qtmodeltester.check(model)
    model.set_grouping("pack")
    qtmodeltester.check(model)


def test_rules_proxy_passes_modeltester(qtmodeltester, rules: RuleSet) -> None:
    model = _model(rules)
    model.set_hits({"test.apply": 2})
    proxy = RulesFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_hide_empty(True)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1  # only the "Site chrome" group
    group = proxy.index(0, 0)
    assert proxy.rowCount(group) == 1
    assert proxy.index(0, 0, group).data(RULE_ID_ROLE) == "test.apply"
    proxy.set_hide_empty(False)
    proxy.set_text("legal")  # matches the category label of test.eeo
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0, proxy.index(0, 0)).data(RULE_ID_ROLE) == "test.eeo"


def test_groups_by_category_in_category_order(rules: RuleSet) -> None:
    model = _model(rules)
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert (
        labels.index("Site chrome") < labels.index("Legal boilerplate") < labels.index("Encoding")
    )
    model.set_grouping("pack")
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels == ["Text repair", "Test rules"]


def test_rule_checkbox_records_only_overrides(rules: RuleSet) -> None:
    model = _model(rules)
    seen = []
    model.overridesChanged.connect(lambda: seen.append(model.overrides()))
    idx = model.index_for_rule("test.apply")
    assert idx.data(CHECK) == Qt.CheckState.Checked
    assert model.setData(idx, Qt.CheckState.Unchecked.value, CHECK)
    assert model.overrides() == {"test.apply": False}
    assert model.index_for_rule("test.apply").data(CHECK) == Qt.CheckState.Unchecked
    model.setData(idx, Qt.CheckState.Checked, CHECK)  # back to its default
    assert model.overrides() == {}
    perks = model.index_for_rule("test.perks")  # off by default
    assert perks.data(CHECK) == Qt.CheckState.Unchecked
    model.setData(perks, Qt.CheckState.Checked, CHECK)
    assert model.overrides() == {"test.perks": True}
    assert len(seen) == 3


def test_group_checkbox_toggles_the_whole_category(rules: RuleSet) -> None:
    model = _model(rules)
    enc = next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == "Encoding"
    )
    assert enc.data(CHECK) == Qt.CheckState.Checked
    model.setData(enc, Qt.CheckState.Unchecked, CHECK)
    ids = [model.index(i, 0, enc).data(RULE_ID_ROLE) for i in range(model.rowCount(enc))]
    assert ids and all(not model.is_enabled(i) for i in ids)
    model.set_enabled([ids[0]], True)
    assert enc.data(CHECK) == Qt.CheckState.PartiallyChecked
    model.reset_to_defaults()
    assert model.overrides() == {}
    assert enc.data(CHECK) == Qt.CheckState.Checked


def test_hits_column_and_group_sums(rules: RuleSet) -> None:
    model = _model(rules)
    matched = Cleaner(rules).match(SAMPLE)
    model.set_hits({rid: len(h) for rid, h in matched.hits_by_rule.items()})
    apply_idx = model.index_for_rule("test.apply", COL_HITS)
    assert apply_idx.data() == "2"
    group = apply_idx.parent()
    assert group.siblingAtColumn(COL_HITS).data(HITS_ROLE) >= 2
    assert model.index_for_rule("test.perks", COL_NAME).data(HITS_ROLE) == 1
    tip = model.index_for_rule("test.eeo").data(Qt.ItemDataRole.ToolTipRole)
    assert "EEO statement" in tip and "Legal boilerplate" in tip and "Equal opportunity" in tip


def test_stale_overrides_of_unknown_rules_are_kept(rules: RuleSet) -> None:
    model = _model(rules)
    model.set_overrides({"gone.rule": False, "test.apply": True})  # True = its default
    assert model.overrides() == {"gone.rule": False}


def test_files_model(qtmodeltester, tmp_path: Path, rules: RuleSet) -> None:
    model = FilesModel()
    qtmodeltester.check(model)
    m = Cleaner(rules).match(SAMPLE)
    a = Entry("a.txt", tmp_path / "a.txt", m)
    b = Entry("Pasted", None, m)
    assert model.add(a) == 0
    assert model.add(b) == 1
    qtmodeltester.check(model)
    assert model.add(Entry("a.txt", tmp_path / "a.txt", m)) == 0  # same path: replaced
    assert model.rowCount() == 2
    b.hand_text = "x"
    model.refresh(1)
    assert model.index(1).data().endswith("✎")
    assert "edited by hand" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    model.remove(0)
    assert model.rowCount() == 1 and model.entry(0) is b
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount(QModelIndex()) == 0

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
    IS_GROUP_ROLE,
    RULE_ID_ROLE,
    SEARCH_ROLE,
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


class _Counting(RulesModel):
    """A rules model that counts the roles asked of ``data()``."""

    asked: list[int]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        self.asked.append(role)
        return super().data(index, role)


def _data_path_accepts(
    model: RulesModel, row: int, parent: QModelIndex, hide_empty: bool, text: str
) -> bool:
    """The proxy's row test as it read the roles through ``data()`` before."""
    idx = model.index(row, 0, parent)
    if not idx.isValid():
        return False
    if idx.data(IS_GROUP_ROLE):
        return not hide_empty and not text
    if hide_empty and not idx.data(HITS_ROLE):
        return False
    return not text or text in (idx.data(SEARCH_ROLE) or "")


def test_rules_filter_answers_as_the_roles_do(shipped_rules: RuleSet) -> None:
    """The proxy's test reads the model directly; it keeps and hides exactly the rows
    the group, hits and search roles did (shipped rules, both groupings, every filter)."""
    model = _model(shipped_rules)
    ids = [r.id for r in shipped_rules.rules]
    model.set_hits({rid: (i % 3) for i, rid in enumerate(ids)})  # a third without hits
    texts = ["", "linkedin", "legal", "apply", "zz-nothing", ids[5].casefold()]
    checked = 0
    for grouping in ("category", "pack"):
        model.set_grouping(grouping)
        groups = [model.index(g, 0) for g in range(model.rowCount())]
        for hide in (False, True):
            for text in texts:
                for g, group in enumerate(groups):
                    assert model.accepts_row(g, QModelIndex(), hide, text) == (
                        _data_path_accepts(model, g, QModelIndex(), hide, text)
                    )
                    for r in range(model.rowCount(group) + 1):  # one past the end
                        got = model.accepts_row(r, group, hide, text)
                        assert got == _data_path_accepts(model, r, group, hide, text)
                        checked += got
                assert not model.accepts_row(len(groups), QModelIndex(), hide, text)
    assert checked > len(ids)  # rows were kept, not only hidden


def test_rules_filter_pass_asks_data_for_nothing(shipped_rules: RuleSet) -> None:
    """From all rules to those with hits (the first paste) the proxy filters the whole
    tree without a call to ``data()`` per row and role (it was 2 calls a rule)."""
    rules = list(shipped_rules.rules)
    model = _Counting(shipped_rules)
    model.asked = []
    model.set_rules(rules)
    proxy = RulesFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_hide_empty(True)
    filter_roles = {HITS_ROLE, SEARCH_ROLE, IS_GROUP_ROLE}
    model.asked.clear()
    model.set_hits({rules[3].id: 2})
    assert not filter_roles & set(model.asked)
    assert proxy.rowCount() == 1
    group = proxy.index(0, 0)
    assert proxy.rowCount(group) == 1
    assert proxy.index(0, 0, group).data(RULE_ID_ROLE) == rules[3].id
    model.asked.clear()
    proxy.set_text(rules[3].name.casefold())
    proxy.set_hide_empty(False)
    assert proxy.rowCount() >= 1
    assert not filter_roles & set(model.asked)

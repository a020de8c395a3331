"""The menu of a removal: keep its text, switch its rule off, show the rule.

:func:`removal_menu` builds it for any view that shows removals — the raw pane, a
rules-tree row, the removals list — given a rule id and, when there is one, the span of
source text the removal covers::

    removal_menu(actions: RemovalActions, rule_id: str, span: tuple[int, int] | None,
                 parent: QWidget | None = None) -> QMenu

``actions`` is the window's :class:`~jobdesk.gui.authoring.controller.Authoring`
(``window.authoring``); ``span`` (code-point offsets into the posting's source text,
as a :class:`~jobdesk.core.result.Edit` has them) is the text "Keep This Text" keeps;
None keeps every text the rule removes in this posting (a rules-tree row). The menu is
returned unshown: ``menu.exec(global_pos)``. A view that emits ``(rule_id, span)`` can
connect to ``window.authoring.show_removal_menu`` instead, which pops the menu up at the
mouse pointer.

Every action re-cleans the posting at once; exceptions are saved to
``exceptions.json`` (:mod:`jobdesk.core.exemptions`), as ``jobdesk clean`` reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QVBoxLayout, QWidget

from jobdesk.gui.safe import esc, menu_text, rich_label

if TYPE_CHECKING:  # (the core arrives with the rules, after the first paint)
    from jobdesk.core.rules import Rule, RuleSet

#: (scope, menu text) in the order each submenu lists them.
KEEP_SCOPES = (("posting", "In This &Posting"), ("site", "On This &Site"),
               ("everywhere", "&Everywhere"))  # fmt: skip
OFF_SCOPES = (("everywhere", "&Everywhere"), ("site", "On This &Site Only"),
              ("posting", "In This &Posting Only"))  # fmt: skip
#: The rule id of spans kept by the user's keep exceptions (the raw pane marks them).
KEPT_BY_EXCEPTION = "exception.keep"


class RemovalActions(Protocol):
    """What the menu's items do (the window's :class:`Authoring`)."""

    def site_name(self) -> str | None: ...
    def kept_text(self, rule_id: str, span: tuple[int, int] | None) -> list[str]: ...
    def keep_text(self, texts: list[str], scope: str) -> None: ...
    def rule_off(self, rule_id: str, scope: str) -> None: ...
    def show_rule(self, rule_id: str) -> None: ...
    def exceptions_at(self, span: tuple[int, int] | None) -> list[str]: ...
    def remove_exceptions(self, ids: list[str]) -> None: ...
    def rule(self, rule_id: str) -> Rule | None: ...


def removal_menu(
    actions: RemovalActions,
    rule_id: str,
    span: tuple[int, int] | None,
    parent: QWidget | None = None,
) -> QMenu:
    """The menu for the removal of ``rule_id`` over ``span`` (see the module's text)."""
    menu = QMenu(parent)
    add_removal_actions(menu, actions, rule_id, span)
    return menu


def add_removal_actions(
    menu: QMenu, actions: RemovalActions, rule_id: str, span: tuple[int, int] | None
) -> None:
    """Add the removal's items to ``menu`` (a view's own menu, say)."""
    if rule_id == KEPT_BY_EXCEPTION:
        ids = actions.exceptions_at(span)
        act = menu.addAction(
            "&Remove This Exception" if len(ids) <= 1 else f"&Remove These {len(ids)} Exceptions"
        )
        act.setObjectName("remove-exception")
        act.setEnabled(bool(ids))
        act.triggered.connect(lambda _c=False: actions.remove_exceptions(ids))
        return
    rule = actions.rule(rule_id)
    site = actions.site_name()
    texts = actions.kept_text(rule_id, span)
    keep = menu.addMenu("&Keep This Text")
    keep.setObjectName("keep-menu")
    keep.setEnabled(bool(texts) and not (rule is not None and rule.keep))
    if span is None and texts:
        keep.setToolTip(f"Keep the {len(texts)} texts this rule removes here")
    for scope, label in KEEP_SCOPES:
        act = keep.addAction(_scoped(label, scope, site))
        act.setObjectName(f"keep-{scope}")
        act.triggered.connect(lambda _c=False, s=scope: actions.keep_text(texts, s))
    off = menu.addMenu("Switch This Rule &Off")
    off.setObjectName("off-menu")
    off.setEnabled(rule is not None and not rule.keep)
    for scope, label in OFF_SCOPES:
        act = off.addAction(_scoped(label, scope, site))
        act.setObjectName(f"off-{scope}")
        act.triggered.connect(lambda _c=False, s=scope: actions.rule_off(rule_id, s))
    show = menu.addAction("Show the &Rule")
    show.setObjectName("show-rule")
    show.setEnabled(rule is not None)
    show.triggered.connect(lambda _c=False: actions.show_rule(rule_id))


def _scoped(label: str, scope: str, site: str | None) -> str:
    if scope != "site":
        return label
    return label.replace("This &Site", menu_text(site) if site else "Pages of No Known &Site")


def rule_details_html(rule: Rule, ruleset: RuleSet) -> str:
    """A rule as a person reads it: name, category, description, pack and file, kind,
    what it matches, sites, default (every part from a pack escaped)."""
    pack = ruleset.pack(rule.pack)
    what: list[str] = []
    if rule.pattern is not None:
        what.append(f"pattern: <code>{esc(rule.pattern.pattern)}</code>")
    if rule.until is not None:
        what.append(f"until: <code>{esc(rule.until.pattern)}</code>")
    rows = [
        ("Rule", f"<b>{esc(rule.name)}</b> — {esc(rule.category_label)}"),
        ("What it does", esc(rule.description) or "<i>No description.</i>"),
        ("Id", f"<code>{esc(rule.id)}</code>"),
        ("Pack", esc(f"{pack.name} ({pack.path})" if pack else rule.pack)),
        ("Kind", esc(rule.kind) + (" (keeps text)" if rule.keep else "")),
        ("Matches", "<br>".join(what) or "<i>code (no single pattern)</i>"),
        ("Sites", esc(", ".join(rule.sites)) or "every site"),
        ("Default", "on" if rule.default else "off"),
    ]
    body = "".join(f"<tr><td valign='top'><b>{k}</b>&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table cellspacing='2'>{body}</table>"


class RuleDialog(QDialog):
    """ "Show the Rule": what a rule is and where it comes from (not modal)."""

    def __init__(self, rule: Rule, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rule")
        self.rule_id = rule.id
        lay = QVBoxLayout(self)
        self.label = rich_label(rule_details_html(rule, ruleset))
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(420)

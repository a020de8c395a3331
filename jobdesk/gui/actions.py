"""The window's actions, declared as data: name, text, slot, shortcuts, tip, icon.

:data:`ACTIONS` lists every action of the window in the order it is created (the
keyboard-shortcuts table follows it); :data:`MENUS` and :data:`TOOLBAR` say where
each one shows. :func:`build_actions` turns the table into ``QAction`` objects on a
window: the slot is a method of the window, named in the table; a checkable action's
slot gets the new state. Every action is added to the window too, so its shortcut
works when the menu bar is hidden.

The library's actions (Library ▸ …) belong to the library dock
(:mod:`jobdesk.gui.library`), which adds its own menu.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from jobdesk.gui.safe import plain_text

SP = QStyle.StandardPixmap
Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One action of the window."""

    attr: str  # the window's attribute (``window.act_paste``)
    name: str  # the QAction's object name
    text: str
    slot: str  # a method of the window
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""  # default: the text without "&" and "…"
    icon: QStyle.StandardPixmap | None = None
    checkable: bool = False


def _a(
    attr: str,
    name: str,
    text: str,
    slot: str,
    shortcuts: Sequence[str | QKeySequence.StandardKey] = (),
    tip: str = "",
    icon: QStyle.StandardPixmap | None = None,
    checkable: bool = False,
) -> ActionSpec:
    return ActionSpec(attr, name, text, slot, tuple(shortcuts), tip, icon, checkable)


ACTIONS: tuple[ActionSpec, ...] = (
    _a("act_paste", "paste", "&Paste && Clean", "paste_and_clean", ["Ctrl+Shift+V"],
       "Clean the posting on the clipboard (HTML when there is some)",
       SP.SP_DialogApplyButton),
    _a("act_paste_empty", "paste-empty", "Paste", "paste_and_clean", ["Ctrl+V"]),
    _a("act_open", "open", "&Open…", "open_dialog", [Key.Open],
       "Open posting files (.html, .txt, .md, .eml)", SP.SP_DialogOpenButton),
    _a("act_sample", "sample", "Try a &Sample Posting", "open_sample", ["Ctrl+Shift+E"],
       "Open a made-up posting with typical page noise", SP.SP_FileDialogInfoView),
    _a("act_save", "save", "&Save to Library", "save_to_library", [Key.Save],
       "Save this posting to your library", SP.SP_DialogSaveButton),
    _a("act_save_all", "save-all", "Save &All to Library", "save_all_to_library",
       ["Ctrl+Shift+S"], "Save every opened posting to your library"),
    _a("act_next_file", "next-file", "&Next Posting", "next_file", ["Ctrl+PgDown", "Alt+Down"],
       "Show the next opened posting", SP.SP_ArrowDown),
    _a("act_prev_file", "prev-file", "P&revious Posting", "previous_file",
       ["Ctrl+PgUp", "Alt+Up"], "Show the previous opened posting", SP.SP_ArrowUp),
    _a("act_close_file", "close-file", "&Close Posting", "close_current", [Key.Close],
       "Remove this posting from the list"),
    _a("act_quit", "quit", "&Quit", "close", ["Ctrl+Q"]),
    _a("act_copy", "copy-cleaned", "&Copy Cleaned", "copy_cleaned", ["Ctrl+Shift+C"],
       "Copy the cleaned posting as plain text", SP.SP_DialogYesButton),
    _a("act_copy_md", "copy-markdown", "Copy as &Markdown", "copy_markdown", ["Ctrl+Alt+C"],
       "Copy the cleaned posting as Markdown"),
    _a("act_reset_edits", "reset-edits", "&Discard Hand Edits", "discard_hand_edits",
       ["Ctrl+Alt+Z"],
       "Throw away your edits of the cleaned posting and show the rules' result again"),
    _a("act_next", "next-removal", "&Next Removal", "next_removal", ["F8"],
       "Jump to the next removed span", SP.SP_MediaSeekForward),
    _a("act_prev", "prev-removal", "&Previous Removal", "previous_removal", ["Shift+F8"],
       "Jump to the previous removed span", SP.SP_MediaSeekBackward),
    _a("act_removals", "removals", "Re&movals List", "toggle_removals", ["F9"],
       "Every removal with its rule and text; filter by category or rule, click to go there",
       checkable=True),
    _a("act_sync", "sync-scroll", "&Scroll Panes Together", "set_sync_scrolling",
       ["Ctrl+Shift+L"], "Keep the raw and cleaned panes at the same place", checkable=True),
    _a("act_hide_empty", "hide-empty", "&Hide Rules Without Hits", "set_hide_empty",
       ["Ctrl+H"], "Show only the rules that match this posting", checkable=True),
    _a("act_filter_rules", "filter-rules", "&Find Rule…", "focus_rule_filter", [Key.Find],
       "Filter the rules panel by name, id or description"),
    _a("act_reset_rules", "reset-rules", "&Reset Rules to Defaults", "reset_rules",
       ["Ctrl+Shift+D"], "Switch every rule back to its default", SP.SP_DialogResetButton),
    _a("act_group_category", "group-category", "Group by &Category", "group_by_category",
       ["Ctrl+Alt+1"], checkable=True),
    _a("act_group_pack", "group-pack", "Group by &Pack", "group_by_pack",
       ["Ctrl+Alt+2"], checkable=True),
    _a("act_expand", "expand-rules", "E&xpand All Groups", "expand_rules", ["Ctrl+Alt+="]),
    _a("act_collapse", "collapse-rules", "C&ollapse All Groups", "collapse_rules",
       ["Ctrl+Alt+-"]),
    _a("act_choose_site", "choose-site", "Choose &Site…", "popup_site_menu", ["Ctrl+Alt+S"],
       "Use a site's rules when the site was not (or wrongly) detected"),
    _a("act_edit_rules", "edit-rules", "&Edit My Rules…", "edit_my_rules", ["Ctrl+Alt+E"],
       "Write and test your own rules; import, export or switch off rule packs"),
    _a("act_pack_errors", "pack-errors", "Rule Pack &Problems…", "show_pack_errors",
       ["Ctrl+Alt+P"], "Problems found while loading the rule packs"),
    _a("act_reset_layout", "reset-layout", "Reset &Layout", "reset_layout", ["Ctrl+Alt+0"],
       "Put the panes, the facts card and the rules panel back as they were at first"),
    _a("act_focus_raw", "focus-raw", "Focus &Raw Text", "focus_raw", ["Alt+1"]),
    _a("act_focus_clean", "focus-clean", "Focus &Cleaned Posting", "focus_clean", ["Alt+2"]),
    _a("act_focus_rules", "focus-rules", "Focus R&ules", "focus_rules", ["Alt+3"]),
    _a("act_shortcuts", "shortcuts", "&Keyboard Shortcuts", "show_shortcuts",
       [Key.HelpContents]),
    _a("act_about", "about", "&About jobdesk", "show_about", ["Ctrl+Alt+A"]),
    _a("act_dismiss", "dismiss", "Dismiss Message", "dismiss_notice", ["Esc"]),
)  # fmt: skip

#: Acting on removals and making rules (:mod:`jobdesk.gui.authoring`): the slots are
#: methods of the window's ``authoring`` part, which makes these actions on the window.
AUTHORING_ACTIONS: tuple[ActionSpec, ...] = (
    _a("act_remove_like", "remove-like", "Remove Text &Like This…", "remove_text_like_this",
       ["Ctrl+Shift+R"], "Propose rules that remove text like the selection in the raw text"),
    _a("act_exceptions", "exceptions", "E&xceptions…", "show_exceptions", ["Ctrl+Alt+X"],
       "Your exceptions (texts kept, rules switched off): list them, remove some"),
)  # fmt: skip
#: Where they show (after the Rules menu's own items and its Preset submenu).
AUTHORING_MENU: tuple[str, tuple[str, ...]] = ("&Rules", ("remove-like", "exceptions"))

#: The menu bar: (title, action names; None = a separator). "site" is the Site menu's
#: "Choose Site…" entry; the Library menu is added by the library dock.
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&File", ("paste", "open", "sample", None, "save", "save-all", None,
               "prev-file", "next-file", "close-file", None, "quit")),
    ("&Edit", ("copy-cleaned", "copy-markdown", None, "reset-edits")),
    ("&View", ("prev-removal", "next-removal", "removals", None, "sync-scroll", "reset-layout",
               None, "focus-raw", "focus-clean", "focus-rules", "dismiss")),
    ("&Rules", ("filter-rules", "hide-empty", None, "group-category", "group-pack",
                "expand-rules", "collapse-rules", None, "choose-site", "reset-rules",
                "pack-errors", None, "edit-rules")),
    ("&Help", ("shortcuts", "about")),
)  # fmt: skip

#: The toolbar's actions before the site label (None = a separator).
TOOLBAR: tuple[str | None, ...] = (
    "paste", "open", "save", "copy-cleaned", None, "prev-removal", "next-removal",
)  # fmt: skip


class WindowActions:
    """The window's action attributes, one per :data:`ACTIONS` entry (``spec.attr``),
    set by :func:`build_actions`: declared here, beside the table, so that an action
    added to it is declared once (a test holds the two in step)."""

    act_paste: QAction
    act_paste_empty: QAction
    act_open: QAction
    act_sample: QAction
    act_save: QAction
    act_save_all: QAction
    act_next_file: QAction
    act_prev_file: QAction
    act_close_file: QAction
    act_quit: QAction
    act_copy: QAction
    act_copy_md: QAction
    act_reset_edits: QAction
    act_next: QAction
    act_prev: QAction
    act_removals: QAction
    act_sync: QAction
    act_hide_empty: QAction
    act_filter_rules: QAction
    act_reset_rules: QAction
    act_group_category: QAction
    act_group_pack: QAction
    act_expand: QAction
    act_collapse: QAction
    act_choose_site: QAction
    act_edit_rules: QAction
    act_pack_errors: QAction
    act_reset_layout: QAction
    act_focus_raw: QAction
    act_focus_clean: QAction
    act_focus_rules: QAction
    act_shortcuts: QAction
    act_about: QAction
    act_dismiss: QAction


def make_action(
    owner: QWidget,
    spec: ActionSpec,
    slot: Callable[..., object] | None,
) -> QAction:
    """A QAction for ``spec`` on ``owner`` (its tooltip names the shortcut)."""
    act = QAction(spec.text, owner)
    act.setObjectName(spec.name)
    if spec.shortcuts:
        keys: list[QKeySequence] = []
        for s in spec.shortcuts:
            if isinstance(s, QKeySequence.StandardKey):
                keys.extend(QKeySequence.keyBindings(s))
            else:
                keys.append(QKeySequence(s))
        act.setShortcuts(keys)
    if spec.icon is not None:
        act.setIcon(owner.style().standardIcon(spec.icon))
    act.setCheckable(spec.checkable)
    tip = spec.tip or plain_text(spec.text).rstrip("…")
    if spec.shortcuts:
        tip += f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
    act.setToolTip(tip)
    act.setStatusTip(tip)
    if slot is not None:
        if spec.checkable:
            act.toggled.connect(slot)
        else:
            act.triggered.connect(lambda _checked=False: slot())
    owner.addAction(act)  # shortcuts work even when the menu bar is hidden
    return act


def build_actions(owner: QWidget, specs: Sequence[ActionSpec] = ACTIONS) -> dict[str, QAction]:
    """Every action of ``specs`` on ``owner``, its slot ``owner.<spec.slot>`` looked up
    when the action fires (the window's parts are built after its actions, and a slot
    may be forwarded to one: :mod:`jobdesk.gui.forward`); each is also set as
    ``owner.<spec.attr>``. Returns them by name. A slot the owner's class lacks is an
    error at once."""
    out: dict[str, QAction] = {}
    for spec in specs:
        if not hasattr(type(owner), spec.slot):
            raise AttributeError(f"{type(owner).__name__} has no slot {spec.slot!r}")
        act = make_action(owner, spec, _late_slot(owner, spec.slot))
        setattr(owner, spec.attr, act)
        out[spec.name] = act
    return out


def _late_slot(owner: QWidget, name: str) -> Callable[..., object]:
    def slot(*args: object) -> object:
        return getattr(owner, name)(*args)

    return slot


def keys_text(act: QAction) -> str:
    """An action's (first) shortcut as the platform writes it."""
    return act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)

"""Hostile input in the window (issue 16, items 1 and 7).

Text from a posting, a file name, the library or a user's rule pack is shown as plain
text everywhere: no widget interprets it as rich text (an ``<img src=…>`` in a title
would make Qt read that file when the tooltip shows), and the user sees the markup as
it was typed. Links from a posting open only http(s) and mailto, after a confirmation
that shows the whole URL; anything else is refused with a message.

The window is built with a posting that carries markup in every field, then every
QLabel, button, tooltip, window title, status-bar message and item-model
Display/ToolTip role of every open widget is walked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument
from PySide6.QtGui import Qt as QtGuiNs
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QTextBrowser,
    QWidget,
)

from jobdesk.core.rules import RuleSet, parse_pack
from jobdesk.gui import safe, safe_dialogs
from jobdesk.gui.library import LibraryController, RecleanDialog, install_library
from jobdesk.gui.library.model import COL_STATUS, COL_TAGS, COL_TITLE, COLUMNS
from jobdesk.gui.loading import SyncExecutor
from jobdesk.gui.window import MainWindow
from jobdesk.storage import Library
from jobdesk.storage.importer import ImportProgress

from .conftest import small_ruleset

# A real image file: were any of these strings rendered as HTML, Qt would load it.
PROBE_NAME = "probe.png"


@dataclass(frozen=True)
class Hostile:
    """The hostile values, built around the probe image's path."""

    probe: str

    @property
    def title(self) -> str:
        return f'<img src="{self.probe}"> Engineer <b>T1</b> &amp; R&D'

    @property
    def company(self) -> str:
        return f'<a href="file:///etc/passwd">Acme</a> &amp; <img src="{self.probe}"> C1'

    @property
    def location(self) -> str:
        return f'<i>Springfield</i> &lt;L1&gt; <img src="{self.probe}">'

    @property
    def currency(self) -> str:
        return "<b>P1</b>"

    @property
    def site_name(self) -> str:
        return f'<img src="{self.probe}"> Board <b>S1</b> &amp; R&D'

    site_id = "board<b>S2</b>"

    @property
    def file_name(self) -> str:
        return f"<img src={PROBE_NAME}> <b>F1 &amp; R&D [*].html"  # no "/" in a name

    @property
    def url(self) -> str:
        return f'https://example.com/jobs/1?q=<b>U1</b>&img=<img src="{self.probe}">'

    @property
    def notes(self) -> str:
        return f'<img src="{self.probe}"> call <b>N1</b> &amp; bring R&D'

    @property
    def tag(self) -> str:
        return f'<img src="{self.probe}"> <b>G1</b>'

    status = "<i>St1</i> &amp; R&D"

    @property
    def rule_name(self) -> str:
        return f'<img src="{self.probe}"> Rule <b>R1</b> &amp; R&D'

    rule_description = '<a href="file:///etc/passwd">desc</a> <b>D1</b> &lt;D2&gt;'

    def markers(self) -> list[str]:
        """Raw markup from the values: must never reach a rich-text renderer."""
        tags = ["<b>T1", "<b>S1", "<b>F1", "<b>U1", "<b>N1", "<b>G1", "<i>St1", "<b>R1"]
        return ["<img", '<a href="file:', "<i>Springfield", "<b>D1", "<b>P1", "<b>S2", *tags]


def user_pack(h: Hostile) -> str:
    def lit(s: str) -> str:
        assert "'" not in s
        return f"'{s}'"

    return f"""
[pack]
id = {lit(h.site_id)}
name = {lit(h.site_name)}
description = {lit(h.rule_description)}
detect = ['Hostile Board Marker']

[[rule]]
id = "hostile.marker"
name = {lit(h.rule_name)}
description = {lit(h.rule_description)}
category = "site-chrome"
kind = "line"
pattern = 'Hostile Board Marker'
"""


def hostile_page(h: Hostile) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": h.title,
        "hiringOrganization": {"@type": "Organization", "name": h.company},
        "jobLocation": {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": h.location},
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": h.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 100000,
                "maxValue": 120000,
                "unitText": "YEAR",
            },
        },
    }
    return f"""<html><head><title>{escape(h.title)}</title>
<link rel="canonical" href="{escape(h.url)}">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><h1>{escape(h.title)}</h1>
<p>{escape(h.company)} · {escape(h.location)}</p>
<p>We build widgets {escape("<b>W1</b>")} for everyone.</p>
<p>Hostile Board Marker</p>
</body></html>"""


# ------------------------------------------------------------------ the walk


class ProbeDocument(QTextDocument):
    """Renders a string the way a rich-text widget would, recording every resource
    (image, style sheet) the HTML asks for instead of reading it."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, type: int, name: QUrl | str) -> object:
        self.requested.append(name.toString() if isinstance(name, QUrl) else name)
        return None


def render(text: str) -> tuple[str, list[str]]:
    doc = ProbeDocument()
    doc.setHtml(text)
    doc.size()  # lays the document out: images are asked for then
    return doc.toPlainText().replace("\u2028", "\n").replace("\u00a0", " "), doc.requested


def anchors(html: str) -> list[str]:
    """The link targets in ``html``, as Qt reads them."""
    doc = QTextDocument()
    doc.setHtml(html)
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href and href not in out:
                out.append(href)
            it += 1
        block = block.next()
    return out


def mnemonic(text: str) -> str:
    """What a button or menu item shows for ``text`` ("&&" is a literal "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@dataclass
class Shown:
    where: str
    text: str  # as handed to Qt
    rich: bool  # Qt interprets it as HTML

    @property
    def visible(self) -> str:
        return render(self.text)[0] if self.rich else self.text


def is_rich(text: str, fmt: Qt.TextFormat) -> bool:
    if fmt == Qt.TextFormat.PlainText:
        return False
    if fmt == Qt.TextFormat.AutoText:
        return bool(QtGuiNs.mightBeRichText(text))
    return True  # RichText, MarkdownText


def tip(where: str, text: str) -> Shown:
    """A tooltip: QToolTip shows it as rich text when Qt.mightBeRichText says so."""
    return Shown(where, text, is_rich(text, Qt.TextFormat.AutoText))


def walk_model(name: str, model: QAbstractItemModel, parent: QModelIndex) -> Iterator[Shown]:
    # (columnCount is private on a QAbstractListModel in PySide6)
    cols = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for r in range(model.rowCount(parent)):
        for c in range(cols):
            idx = model.index(r, c, parent)
            display = idx.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(display, str):
                yield Shown(f"{name}[{r},{c}] display", display, False)
            tooltip = idx.data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(tooltip, str):
                yield tip(f"{name}[{r},{c}] tooltip", tooltip)
            if c == 0:
                yield from walk_model(name, model, idx)


def belongs_to(w: QWidget, root: QWidget) -> bool:
    """``w`` is ``root`` or one of its descendants (dialogs and menus included)."""
    p: QWidget | None = w
    while p is not None:
        if p is root:
            return True
        p = p.parentWidget()
    return False


def walk(root: QWidget) -> list[Shown]:
    """Everything ``root`` and its dialogs show, with how Qt interprets it."""
    out: list[Shown] = []
    models: dict[int, tuple[str, QAbstractItemModel]] = {}
    for w in QApplication.allWidgets():
        if not belongs_to(w, root):
            continue
        name = f"{type(w).__name__}:{w.objectName()}"
        if isinstance(w, QLabel):
            out.append(Shown(f"{name} label", w.text(), is_rich(w.text(), w.textFormat())))
        if isinstance(w, QAbstractButton):
            out.append(Shown(f"{name} button", mnemonic(w.text()), False))
        if isinstance(w, QLineEdit):
            out.append(Shown(f"{name} line edit", w.text(), False))
        if isinstance(w, QPlainTextEdit):
            out.append(Shown(f"{name} plain text", w.toPlainText(), False))
        if isinstance(w, QComboBox):
            out.extend(Shown(f"{name} item", w.itemText(i), False) for i in range(w.count()))
        if isinstance(w, QMessageBox):
            out.append(Shown(f"{name} message", w.text(), is_rich(w.text(), w.textFormat())))
        if w.toolTip():
            out.append(tip(f"{name} tooltip", w.toolTip()))
        if w.isWindow() and w.windowTitle():
            # "[*]" is the modified-marker placeholder; "[*][*]" shows a literal "[*]".
            title = w.windowTitle().replace("[*][*]", "\0").replace("[*]", "")
            out.append(Shown(f"{name} window title", title.replace("\0", "[*]"), False))
        if isinstance(w, QMainWindow):
            out.append(Shown(f"{name} status", w.statusBar().currentMessage(), False))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            models[id(w.model())] = (name, w.model())
        for act in w.actions():
            out.append(Shown(f"{name} action {act.objectName()}", mnemonic(act.text()), False))
            if act.toolTip():
                out.append(tip(f"{name} action tooltip", act.toolTip()))
    for name, model in models.values():
        out.extend(walk_model(name, model, QModelIndex()))
    return out


def assert_nothing_rich_holds_markup(shown: list[Shown], h: Hostile) -> None:
    bad = []
    for s in shown:
        if not s.rich:
            continue
        _text, requested = render(s.text)
        raw = [m for m in h.markers() if m in s.text]
        if requested or raw:
            bad.append(f"{s.where}: {s.text!r} (loads {requested}, raw {raw})")
    assert not bad, "\n".join(bad)


def shown_somewhere(shown: list[Shown], value: str) -> list[str]:
    return [s.where for s in shown if value in s.visible]


# ------------------------------------------------------------------ fixtures


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    probe = tmp_path / PROBE_NAME
    image = QImage(1, 1, QImage.Format.Format_RGB32)  # what an unescaped <img> would read
    image.fill(QColor("red"))
    assert image.save(str(probe))
    return Hostile(str(probe))


@pytest.fixture
def hostile_rules(hostile: Hostile) -> RuleSet:
    pack, errors = parse_pack(user_pack(hostile), "/home/me/.config/jobdesk/rules/x.toml",
                              user=True)  # fmt: skip
    assert not errors
    base = small_ruleset()
    return RuleSet(packs=[*base.packs, pack])


@pytest.fixture
def hw(  # type: ignore[no-untyped-def]
    make_window, hostile: Hostile, hostile_rules: RuleSet, tmp_path: Path
) -> Iterator[tuple[MainWindow, LibraryController]]:
    """The window with the hostile posting open, saved to the library, with hostile
    tags, notes, status and URL, its row selected, and every top-level dialog the
    walk should see still open."""
    w: MainWindow = make_window(hostile_rules)
    ctl = install_library(w, tmp_path / "data" / "library.sqlite3", executor=SyncExecutor())
    assert ctl is not None
    ctl.poll.stop()
    page = tmp_path / hostile.file_name
    page.write_text(hostile_page(hostile), encoding="utf-8")
    w.open_paths([page])
    w.flush_facts()
    assert w.current_entry is not None and w.result is not None
    assert w.result.site == hostile.site_id
    w.save_to_library()
    pid = ctl.model.posting_id(0)
    assert pid is not None
    with Library.open(ctl.path) as lib:
        lib.update(pid, notes=hostile.notes, url=hostile.url)
        lib.add_status(hostile.status)  # a status made with the command line
    ctl.changed()
    m = ctl.model
    assert m.setData(m.index(0, COL_TAGS), f"{hostile.tag}, plain")
    assert m.setData(m.index(0, COL_STATUS), hostile.status)  # the undo text holds it
    ctl.panel.table.selectRow(0)
    ctl._on_selection()
    w.select_rule("hostile.marker")
    w.notify(f"Saved “{hostile.title}”", "warning", details=hostile.notes)
    yield w, ctl


# ------------------------------------------------------------------ item 1


def test_no_widget_interprets_posting_markup_as_rich_text(
    hw: tuple[MainWindow, LibraryController], hostile: Hostile
) -> None:
    w, _ctl = hw
    assert_nothing_rich_holds_markup(walk(w), hostile)
    w.act_group_pack.setChecked(True)  # the pack's name becomes a group in the panel
    assert_nothing_rich_holds_markup(walk(w), hostile)


def test_every_hostile_value_is_shown_as_typed(
    hw: tuple[MainWindow, LibraryController], hostile: Hostile
) -> None:
    w, ctl = hw
    w.act_group_pack.setChecked(True)
    shown = walk(w)
    h = hostile
    for value in (h.title, h.company, h.location, h.site_name, h.site_id, h.file_name,
                  h.url, h.notes, h.tag, h.status, h.rule_name, h.rule_description,
                  f"{h.currency} 100,000"):  # fmt: skip
        assert shown_somewhere(shown, value), value

    # … and in the places a user looks for them
    card = w.facts_card
    assert card.text("title") == h.title
    assert card.text("company") == h.company
    assert card.text("location") == h.location
    assert card.text("pay").startswith(f"{h.currency} 100,000")
    assert w.windowTitle().replace("[*][*]", "[*]") == f"{h.file_name} — jobdesk"
    assert render(w.site_label.text())[0].startswith(f"site: {h.site_name}") or (
        w.site_label.textFormat() == Qt.TextFormat.PlainText
        and w.site_label.text().startswith(f"site: {h.site_name}")
    )
    site_menu = [mnemonic(a.text()) for a in w.site_menu.actions()]
    assert h.site_name in site_menu  # "&" is not taken for a mnemonic
    m = ctl.model
    row = {COLUMNS[c][0]: m.index(0, c).data() for c in range(len(COLUMNS))}
    assert row["Title"].endswith(h.title)
    assert (row["Company"], row["Location"], row["Site"]) == (h.company, h.location, h.site_id)
    assert row["Status"] == h.status and h.tag in row["Tags"]
    title_tip = tip("title tooltip", m.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole))
    assert h.title in title_tip.visible and h.url in title_tip.visible
    details = render(ctl.panel.details.text())[0]
    for value in (h.title, h.company, h.location, h.status, h.site_id, h.url[:60]):
        assert value in details, value
    assert ctl.panel.notes.toPlainText() == h.notes
    assert h.status in mnemonic(ctl.act_undo.text())
    assert h.status in tip("undo", ctl.act_undo.toolTip()).visible


def test_fact_tooltips_and_raw_pane_tooltips_show_markup_as_text(
    hw: tuple[MainWindow, LibraryController], hostile: Hostile
) -> None:
    w, _ctl = hw
    t = tip("title fact", w.facts_card.edits["title"].toolTip())
    assert not render(t.text)[1]
    assert hostile.title in t.visible
    edits = [e for e in w.raw.edits if e.rule == "hostile.marker"]
    assert edits
    raw_tip = tip("raw pane", w.raw.tooltip_for(edits[0]))
    assert not render(raw_tip.text)[1]
    assert hostile.rule_name in raw_tip.visible
    assert hostile.rule_description in raw_tip.visible


class Parked:
    """An executor that never runs the job: its progress dialog stays up."""

    def start(self, job: object) -> None:
        pass


def test_dialogs_show_markup_as_text(
    hw: tuple[MainWindow, LibraryController], hostile: Hostile, tmp_path: Path
) -> None:
    w, ctl = hw
    # the notice bar's details, the re-clean dialog, the import progress dialog
    w.notice.details_button.click()
    (box,) = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)
              and belongs_to(b, w) and b.isVisible()]  # fmt: skip
    assert box.text() == f"Saved “{hostile.title}”"
    ctl.act_reclean.trigger()
    assert isinstance(ctl.last_dialog, RecleanDialog)
    assert hostile.title in render(ctl.last_dialog.summary.text())[0]
    ctl.executor = Parked()  # type: ignore[assignment]
    job = ctl.import_paths([tmp_path])
    ctl._on_import_progress(job, ImportProgress(1, 2, 1, 0, 0, Path(hostile.file_name)))
    assert isinstance(ctl.import_progress, QProgressDialog)
    (label,) = ctl.import_progress.findChildren(QLabel)
    assert hostile.file_name in label.text()
    assert_nothing_rich_holds_markup(walk(w), hostile)
    box.close()
    ctl.last_dialog.close()
    ctl.import_progress.close()


def test_reclean_diff_view_loads_no_resource(hostile: Hostile) -> None:
    """The re-clean dialog's diff is HTML we build; even so its browser loads nothing
    an <img> names and follows no link (a plain QTextBrowser reads the file)."""
    url = QUrl.fromLocalFile(hostile.probe)
    plain = QTextBrowser()
    plain.setHtml(f'<img src="{hostile.probe}">')
    assert plain.document().resource(QTextDocument.ResourceType.ImageResource, url)
    view = safe_dialogs.SafeTextBrowser()
    view.setHtml(f'<img src="{hostile.probe}"><a href="file:///etc/passwd">x</a>')
    view.document().size()
    assert not view.document().resource(QTextDocument.ResourceType.ImageResource, url)
    assert not view.openLinks() and not view.openExternalLinks()


def test_loading_progress_dialog_shows_the_file_name_as_text(
    make_window, hostile: Hostile, hostile_rules: RuleSet, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    w: MainWindow = make_window(hostile_rules, executor=Parked())
    page = tmp_path / hostile.file_name
    page.write_text(hostile_page(hostile), encoding="utf-8")
    w.open_paths([page])
    (batch,) = w._batches.values()
    dlg = batch.progress
    assert isinstance(dlg, QProgressDialog)
    (label,) = dlg.findChildren(QLabel)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert hostile.file_name in label.text()
    w.cancel_job(batch.job)


# ------------------------------------------------------------------ the helper


def test_tooltip_helper_always_gives_safe_rich_text() -> None:
    for text in ('<img src="/dev/zero"> x', "a & b", "&amp; <b>", "two\nlines  spaced"):
        t = safe.tooltip(text)
        assert QtGuiNs.mightBeRichText(t)  # never left for Qt to guess
        rendered, requested = render(t)
        assert rendered == text and not requested
    assert safe.tooltip("") == ""


def test_plain_label_and_window_title_helpers() -> None:
    label = safe.plain_label('<img src="/dev/zero"> x')
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert safe.window_title("a [*] b") == "a [*][*] b"
    assert safe.menu_text("R&D") == "R&&D"
    assert safe.esc("<b>x") == "&lt;b&gt;x"


# ------------------------------------------------------------------ item 7: links


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    got: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: got.append(url.toString()) or True)
    return got


def _link_dialogs(root: QWidget) -> list[safe_dialogs.LinkDialog]:
    return [
        d
        for d in QApplication.topLevelWidgets()
        if isinstance(d, safe_dialogs.LinkDialog) and d.isVisible() and belongs_to(d, root)
    ]


def assert_shows_url_as_text(dlg: safe_dialogs.LinkDialog, url: str) -> None:
    assert dlg.isVisible()
    assert dlg.message.textFormat() == Qt.TextFormat.PlainText
    assert dlg.url_view.toPlainText() == url  # the whole URL, as plain text
    assert dlg.url_view.isReadOnly()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/jobs/1?a=1&b=<b>2</b>",
        "http://example.com/x",
        "mailto:jobs@example.com?subject=Hi",
        "HTTPS://EXAMPLE.COM/UP",
        "https://example.com/" + "long-path/" * 60,
    ],
)
def test_web_and_mail_links_open_after_a_confirmation_that_shows_the_url(
    url: str, opened: list[str]
) -> None:
    parent = QWidget()
    dlg = safe_dialogs.open_link(parent, url)
    assert_shows_url_as_text(dlg, url)
    assert not opened  # nothing before the user agrees
    assert dlg.open_button is not None and not dlg.open_button.isDefault()  # Enter: no
    dlg.open_button.click()
    assert opened == [QUrl(url).toString()]
    assert not dlg.isVisible()
    parent.deleteLater()


def test_confirmation_shows_what_a_look_alike_host_opens_as(opened: list[str]) -> None:
    parent = QWidget()
    url = "https://ex\u0430mple.com/jobs"  # a Cyrillic "а"
    dlg = safe_dialogs.open_link(parent, url)
    assert_shows_url_as_text(dlg, url)
    assert not dlg.opens_as.isHidden()
    assert "xn--" in dlg.opens_as.text()
    assert dlg.opens_as.textFormat() == Qt.TextFormat.PlainText
    plain = safe_dialogs.open_link(parent, "https://example.com/jobs")
    assert plain.opens_as.isHidden()  # nothing to add when it reads the same
    for d in (dlg, plain):
        d.close()
    assert not opened
    parent.deleteLater()


def test_cancelled_confirmation_opens_nothing(opened: list[str], qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    dlg = safe_dialogs.open_link(parent, "https://example.com/")
    dlg.close_button.click()
    assert not opened and not dlg.isVisible()
    dlg = safe_dialogs.open_link(parent, "https://example.com/")
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # Enter takes the safe choice
    assert not opened and not dlg.isVisible()
    parent.deleteLater()


@pytest.mark.parametrize(
    "url",
    [
        "smb://server/share/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://example.com/x",
        "/dev/zero",
        "data:text/html,<b>x</b>",
        "https://",
        "https://example.com/\nx",  # a control character
        "",
    ],
)
def test_other_schemes_are_refused_with_a_message(url: str, opened: list[str]) -> None:
    parent = QWidget()
    dlg = safe_dialogs.open_link(parent, url)
    assert_shows_url_as_text(dlg, url)
    assert "not opened" in dlg.message.text().lower()
    assert dlg.open_button is None
    dlg.close_button.click()
    assert not opened and not dlg.isVisible()
    parent.deleteLater()


def test_library_url_link_asks_first_and_refuses_other_schemes(
    hw: tuple[MainWindow, LibraryController], hostile: Hostile, opened: list[str]
) -> None:
    w, ctl = hw
    details = ctl.panel.details
    assert not details.openExternalLinks()  # Qt would open any scheme without asking
    (link,) = anchors(details.text())
    details.linkActivated.emit(link)  # what a click on the link does
    (dlg,) = _link_dialogs(w)
    assert_shows_url_as_text(dlg, hostile.url)
    assert dlg.open_button is not None
    dlg.open_button.click()
    assert opened == [QUrl(hostile.url).toString()]
    pid = ctl.model.posting_id(0)
    assert pid is not None
    for bad in ("smb://evil/share", "file:///dev/zero"):
        with Library.open(ctl.path) as lib:
            lib.update(pid, url=bad)
        ctl._on_selection()
        assert bad in render(details.text())[0]
        (link,) = anchors(details.text())
        details.linkActivated.emit(link)
        (dlg,) = _link_dialogs(w)
        assert_shows_url_as_text(dlg, bad)
        assert "not opened" in dlg.message.text().lower() and dlg.open_button is None
        dlg.close()
    assert opened == [QUrl(hostile.url).toString()]
    assert w.isVisible()

"""The facts card above the cleaned posting (issue 5, window part)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jobdesk.core.rules import RuleSet
from jobdesk.gui.facts import (
    FACTS,
    FactsCard,
    FieldsJob,
    apply_fact_edits,
    fact_view,
    pay_summary,
)
from jobdesk.gui.loading import Job
from jobdesk.gui.views import FACT_MARK_PROPERTY
from jobdesk.gui.window import MainWindow

from .test_window import toggle

JSONLD_PAGE = """<html><head><title>Widget Engineer - Acme</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting",
"title":"Widget Engineer","hiringOrganization":{"@type":"Organization","name":"Acme Widgets"},
"employmentType":"PART_TIME","baseSalary":{"@type":"MonetaryAmount","currency":"USD",
"value":{"@type":"QuantitativeValue","minValue":90000,"maxValue":110000,"unitText":"YEAR"}}}
</script></head><body><main><h1>Widget Engineer</h1>
<p>Acme Widgets · Springfield, IL · Full-time</p>
<p>We build widgets. Pay: $100,000 - $120,000 a year.</p><p>We sponsor visas.</p>
</main></body></html>"""


class ManualExecutor:
    """Holds jobs until the test runs them (to deliver results late, out of order)."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def start(self, job: Job) -> None:
        if isinstance(job, FieldsJob):
            self.jobs.append(job)
        else:
            job.run()  # loading stays synchronous


def shown(w: MainWindow) -> MainWindow:
    w.flush_facts()
    return w


def mark_text(w: MainWindow) -> str:
    for s in w.raw.extraSelections():
        if s.format.property(FACT_MARK_PROPERTY):
            return str(s.cursor.selectedText())
    return ""


# ------------------------------------------------------------------ pure helpers


def test_fact_view_formats_and_unknown() -> None:
    fields = {
        "title": {"value": "Engineer", "text": "Engineer", "source": "text", "span": [0, 8]},
        "employment_type": {
            "value": ["full-time", "permanent"],
            "text": "Full time",
            "source": "text",
            "span": [9, 18],
        },
        "years_experience": {"value": 5, "text": "5+ years", "source": "text", "span": None},
        "pay": [
            {
                "text": "€60k",
                "source": "text",
                "span": [20, 24],
                "min": 60000.0,
                "max": 60000.0,
                "currency": "€",
                "period": None,
                "location": None,
            },
        ],
        "location": [],
    }
    assert fact_view("title", fields, {}).text == "Engineer"
    assert fact_view("employment_type", fields, {}).text == "Full-time, Permanent"
    assert fact_view("years_experience", fields, {}).text == "5+ years"
    pay = fact_view("pay", fields, {})
    assert pay.text == "€60k" and pay.span == (20, 24)
    assert "period not stated" in pay.tooltip  # unknown stays unknown
    loc = fact_view("location", fields, {})
    assert loc.text == "" and loc.span is None
    assert fact_view("clearance", None, {}).text == ""
    edited = fact_view("title", fields, {"title": "Staff Engineer"})
    assert edited.text == "Staff Engineer" and edited.source == "edited"
    assert "found: Engineer" in edited.tooltip


def test_pay_summary_never_invents() -> None:
    p = {"min": 22.0, "max": 26.0, "currency": "$", "period": "hour"}
    assert pay_summary(p) == "$22–26 per hour"
    assert pay_summary({"min": None, "max": 95000.0, "currency": "$", "period": None}) == (
        "$up to 95,000 (period not stated)"
    )
    assert pay_summary({"min": 400.0, "max": 400.0, "currency": "USD", "period": "week"}) == (
        "400 USD per week"
    )
    assert pay_summary({"min": None, "max": None}) == ""


def test_a_site_estimate_says_so() -> None:
    p = {"min": 60000.0, "max": 75000.0, "currency": "$", "period": "year", "estimate": True}
    assert pay_summary(p) == "$60,000–75,000 per year — the job site's estimate"
    fields = {"pay": [dict(p, text="$60K - $75K", source="text", span=None)]}
    assert fact_view("pay", fields, {}).text == "$60K - $75K (the site's estimate)"


def test_apply_fact_edits_keeps_what_was_found() -> None:
    found = {"title": {"value": "A", "text": "A", "source": "text", "span": [0, 1]}, "pay": []}
    out = apply_fact_edits(
        found,
        {
            "title": "B",
            "pay": "$50,000 - $60,000 a year",
            "workplace": "Remote (US)",
            "location": "Oslo; Bergen",
            "sponsorship": "No, sorry",
            "clearance": "",
        },
    )
    assert out["title"]["value"] == "B" and out["title"]["source"] == "edited"
    assert out["title"]["found"]["value"] == "A"
    assert found["title"]["value"] == "A"  # the input is not changed
    assert out["pay"][0]["min"] == 50000 and out["pay"][0]["period"] == "year"
    assert out["workplace"]["value"] == "remote"
    assert [f["value"] for f in out["location"]] == ["Oslo", "Bergen"]
    assert out["sponsorship"]["value"] == "no"
    assert out["clearance"] is None  # cleared = unknown


# ------------------------------------------------------------------ the card in the window


def test_card_shows_facts_after_load(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.factsChanged, timeout=3000):
        window.open_paths([sample_file])  # debounced: arrives a moment later
    card = window.facts_card
    assert card.text("title") == "Senior Widget Engineer 🚀"
    assert card.text("pay") == "$100,000 – $120,000"
    assert card.text("sponsorship").startswith("Yes — We sponsor visas")
    assert card.text("location") == ""  # unknown: the placeholder "—" shows
    assert card.edits["location"].placeholderText() == "—"
    assert "found" in card.summary.text()
    assert len(card.edits) == len(FACTS)


def test_click_fact_selects_its_source_after_emoji(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    shown(window)
    # Two emoji come before the pay line: a code-point/UTF-16 mix-up would shift it.
    window.facts_card.activate("pay")
    assert window.raw.textCursor().selectedText() == "$100,000 – $120,000"
    assert mark_text(window) == "$100,000 – $120,000"
    window.facts_card.activate("title")
    assert window.raw.textCursor().selectedText() == "Senior Widget Engineer 🚀"
    # focusing the field (a click, or Tab) does the same
    window.activateWindow()
    window.facts_card.edits["sponsorship"].setFocus()
    assert window.raw.textCursor().selectedText() == "We sponsor visas."
    assert "from the text" in window.statusBar().currentMessage()


def test_mouse_click_on_fact_highlights(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    shown(window)
    window.activateWindow()
    qtbot.mouseClick(window.facts_card.edits["company"], Qt.MouseButton.LeftButton)
    assert mark_text(window) == "Acme"


def test_unknown_fact_click_says_so(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    shown(window)
    window.facts_card.activate("location")
    assert "not stated" in window.statusBar().currentMessage()
    assert window.raw.fact_mark is None


def test_toggle_does_not_extract_on_the_gui_thread_and_drops_stale(
    make_window,
    sample_file: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    ex = ManualExecutor()
    w: MainWindow = make_window(executor=ex)
    w.facts_delay_ms = 0
    w.open_paths([sample_file])
    w.flush_facts()
    assert len(ex.jobs) == 1
    first = ex.jobs[0]
    assert w.facts_card.status.text() == "reading facts…"
    # The user switches a rule before the first job finishes: a new job starts.
    toggle(w, "test.eeo", False)
    w.flush_facts()
    assert len(ex.jobs) == 2 and first.cancelled
    second = ex.jobs[1]
    second.run()  # the current one arrives first …
    assert w.facts_card.text("title") == "Senior Widget Engineer 🚀"
    w.facts_card.edits["title"].set_view(
        fact_view("title", {"title": {"value": "sentinel", "text": "x"}}, {})
    )
    first.run()  # … then the stale one: dropped (not shown)
    assert w.facts_card.text("title") == "sentinel"
    # The cancelled job extracted nothing, so going back needs a new job …
    toggle(w, "test.eeo", True)
    w.flush_facts()
    assert len(ex.jobs) == 3
    # … but a rule set seen before is served from the cache: no new job.
    toggle(w, "test.eeo", False)
    w.flush_facts()
    assert len(ex.jobs) == 3
    assert w.facts_card.text("title") == "Senior Widget Engineer 🚀"
    assert w.facts_card.status.text() == ""


def test_typing_in_cleaned_pane_does_not_extract(
    make_window,
    sample_file: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    ex = ManualExecutor()
    w: MainWindow = make_window(executor=ex)
    w.open_paths([sample_file])
    w.flush_facts()
    for job in ex.jobs:
        job.run()
    n = len(ex.jobs)
    w.cleaned.setFocus()
    qtbot.keyClicks(w.cleaned, "hello")
    w.flush_facts()
    assert len(ex.jobs) == n


def test_edit_is_kept_across_toggles_and_postings(
    window: MainWindow,
    sample_file: Path,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Gardener\nGreen Co · Oslo\nWe grow plants.\n", encoding="utf-8")
    window.open_paths([sample_file, other])
    window._select_row(0)
    shown(window)
    edit = window.facts_card.edits["title"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Principal Widget Engineer")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.facts_card.view("title").source == "edited"  # type: ignore[union-attr]
    assert "1 edited" in window.facts_card.summary.text()
    toggle(window, "test.apply", False)
    shown(window)
    assert window.facts_card.text("title") == "Principal Widget Engineer"
    window._select_row(1)
    shown(window)
    assert window.facts_card.text("title") != "Principal Widget Engineer"
    window._select_row(0)
    shown(window)
    assert window.facts_card.text("title") == "Principal Widget Engineer"
    # the edit is what a save stores
    facts = window.current_facts()
    assert facts is not None
    assert facts["title"]["value"] == "Principal Widget Engineer"  # type: ignore[index]
    drafts = window.drafts()
    assert drafts[0].facts()["title"]["source"] == "edited"  # type: ignore[index]
    # and the context menu's reset brings the found value back
    window.facts_card.factEdited.emit("title", None)
    assert window.facts_card.text("title") == "Senior Widget Engineer 🚀"


def test_escape_reverts_typing(window: MainWindow, sample_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([sample_file])
    shown(window)
    edit = window.facts_card.edits["company"]
    edit.setFocus()
    qtbot.keyClicks(edit, "zzz")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == "Acme"


def test_jsonld_disagreement_is_flagged(window: MainWindow, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(JSONLD_PAGE, encoding="utf-8")
    window.open_paths([page])
    shown(window)
    card = window.facts_card
    assert card.text("employment_type") == "Part-time"  # JSON-LD first …
    flag = card.flags["employment_type"]
    assert not flag.isHidden() and flag.text() == "⚠"  # … and the text disagrees
    assert "Full-time" in flag.toolTip()
    assert not card.flags["pay"].isHidden()
    assert card.flags["title"].isHidden()
    assert "2 disagreements" in card.summary.text()
    flag.click()
    assert window.raw.textCursor().selectedText() == "Full-time"
    # a JSON-LD fact with no text span says where it came from
    card.activate("pay")
    assert "JSON-LD" in window.statusBar().currentMessage()


def test_card_collapses_and_remembers(make_window, settings, sample_file: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    w.open_paths([sample_file])
    w.facts_card.toggle.click()
    assert not w.facts_card.expanded and w.facts_card.body.isHidden()
    w.save_settings()
    w.close()
    w2 = make_window()
    assert not w2.facts_card.expanded


def test_closing_last_posting_clears_card(window: MainWindow, sample_file: Path) -> None:
    window.open_paths([sample_file])
    shown(window)
    window.close_current()
    assert window.facts_card.text("title") == ""


@pytest.mark.parametrize("key", [k for k, _ in FACTS])
def test_every_fact_has_a_field(key: str) -> None:
    card = FactsCard()
    try:
        assert key in card.edits and key in card.flags
    finally:
        card.deleteLater()


def test_facts_on_shipped_rules(make_window, shipped_rules: RuleSet) -> None:  # type: ignore[no-untyped-def]
    from jobdesk.gui.resources import sample_posting

    w = make_window(shipped_rules)
    path = sample_posting()
    assert path is not None
    w.open_paths([path])
    shown(w)
    assert w.facts_card.text("company") == "Fernwood Analytics"
    assert w.facts_card.text("workplace") == "Hybrid"
    assert w.facts_card.text("sponsorship").startswith("No — ")

"""Reviewing a rule change across the library (jobdesk.review): the scan finds exactly
the postings whose cleaned text would change, with per-rule counts; applying writes
only what was chosen; hand-edited postings only when named; cancel writes nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

import pytest

from jobdesk import __version__, review, session
from jobdesk.core.engine import Cleaner
from jobdesk.core.exemptions import Exemption, Exemptions
from jobdesk.factview import apply_fact_edits
from jobdesk.session import Input, PostingSession
from jobdesk.storage import Library

WITH_BUTTONS = """Apply now
{title}
Acme Widgets · Springfield

About the job
We build widgets for team {n}.
• Design widgets
Pay: $100,000 – $120,000 a year.
Save job
"""

PLAIN = """{title}
Acme Widgets · Springfield

About the job
We analyse widgets for team {n}.
Pay: $90,000 – $95,000 a year.
"""

PERKS = """{title}
Acme Widgets · Springfield

About the job
We test widgets for team {n}.
We are an award-winning team.
"""


def save(
    cleaner: Cleaner,
    lib: Library,
    text: str,
    overrides: Mapping[str, bool],
    *,
    hand: str | None = None,
) -> int:
    loaded = session.load_input(Input("paste", text=text, html=False), cleaner)
    assert loaded.matched is not None
    s = PostingSession(label="paste", matched=loaded.matched)
    if hand is not None:
        s.hand_edit(hand, loaded.matched.resolve(overrides).cleaned)
    d = s.draft(overrides)
    assert d is not None
    (out,) = session.save_drafts(lib, [d])
    assert out.id is not None, out.error
    return out.id


@pytest.fixture
def ids(cleaner: Cleaner, library: Library) -> dict[str, int]:
    """A library saved with older choices: the Apply buttons kept, the perks blurb cut."""
    old = {"test.apply": False, "test.perks": True}
    return {
        "buttons": save(cleaner, library, WITH_BUTTONS.format(title="Widget Engineer", n=1), old),
        "plain": save(cleaner, library, PLAIN.format(title="Widget Analyst", n=2), old),
        "perks": save(cleaner, library, PERKS.format(title="Widget Tester", n=3), old),
        # hand-edited, and today's rules clean it otherwise: listed, flagged
        "hand": save(
            cleaner,
            library,
            WITH_BUTTONS.format(title="Widget Designer", n=4),
            old,
            hand="Widget Designer\nMy own notes on this posting.",
        ),
        # hand-edited, untouched by the change: not listed (the user's text stays)
        "hand_plain": save(
            cleaner,
            library,
            PLAIN.format(title="Widget Lead", n=5),
            old,
            hand="Widget Lead\nMy own text.",
        ),
    }


def texts(lib: Library) -> dict[int, tuple[str, bool]]:
    return {p.id: (p.cleaned, p.hand_edited) for p in lib.iter_postings(lib.ids(sort="id"))}


def test_the_review_module_imports_no_qt() -> None:
    code = (
        "import sys, jobdesk.review; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_scan_lists_exactly_the_changed_postings(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    before = texts(library)
    seen: list[review.Progress] = []
    r = review.scan(library, cleaner, {}, chunk=2, progress=seen.append)
    assert not r.cancelled and not r.failed
    assert (r.total, r.scanned) == (5, 5)
    assert [c.id for c in r.changes] == [ids["buttons"], ids["perks"], ids["hand"]]
    assert [p.done for p in seen] == [2, 4, 5] and seen[-1].changed == 3
    by_id = {c.id: c for c in r.changes}

    buttons = by_id[ids["buttons"]]
    assert buttons.old.startswith("Apply now") and not buttons.new.startswith("Apply now")
    assert buttons.rules == {"test.apply": (0, 2)}  # "Apply now" and "Save job"
    assert (buttons.hits_added, buttons.hits_removed) == (2, 0)
    assert buttons.summary() == "+2 test.apply"
    assert buttons.summary(names={"test.apply": "Apply buttons"}) == "+2 Apply buttons"
    assert not buttons.hand_edited and buttons.title == "Widget Engineer"

    perks = by_id[ids["perks"]]
    assert perks.rules == {"test.perks": (1, 0)}
    assert "award-winning" in perks.new and "award-winning" not in perks.old
    assert perks.summary() == "−1 test.perks"

    hand = by_id[ids["hand"]]
    assert hand.hand_edited and hand.old == "Widget Designer\nMy own notes on this posting."
    assert hand.update["hand_edited"] is False and "test.apply" in hand.update["rules"]
    assert [c.id for c in r.hand_edited] == [ids["hand"]]
    assert r.per_rule() == {"test.apply": 2, "test.perks": 1}
    assert texts(library) == before  # a scan writes nothing


def test_scan_with_the_saved_choices_finds_nothing(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    r = review.scan(library, cleaner, {"test.apply": False, "test.perks": True})
    assert r.changes == [] and r.scanned == 5


def test_the_users_exceptions_apply(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    ex = Exemptions([Exemption("off", "everywhere", rule="test.apply")])
    r = review.scan(library, cleaner, {}, ex)
    assert [c.id for c in r.changes] == [ids["perks"]]  # the Apply rule stays off
    keep = Exemptions([Exemption("keep", "everywhere", text=t) for t in ("Apply now", "Save job")])
    r = review.scan(library, cleaner, {}, keep)  # the buttons are kept as they were saved
    assert [c.id for c in r.changes] == [ids["perks"]]


def test_cancel_stops_the_scan_and_writes_nothing(
    cleaner: Cleaner, library: Library, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = texts(library)
    real = review.compare
    compared: list[int] = []

    def counting(posting, *a, **k):  # type: ignore[no-untyped-def]
        compared.append(posting.id)
        return real(posting, *a, **k)

    monkeypatch.setattr(review, "compare", counting)
    r = review.scan(library, cleaner, {}, chunk=10, cancelled=lambda: len(compared) >= 2)
    assert r.cancelled and r.scanned == 2 and compared == [ids["buttons"], ids["plain"]]
    assert [c.id for c in r.changes] == [ids["buttons"]]
    assert texts(library) == before


def test_pick_never_takes_a_hand_edited_posting_unless_named(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    r = review.scan(library, cleaner, {})
    assert [c.id for c in review.pick(r.changes)] == [ids["buttons"], ids["perks"]]
    assert [c.id for c in review.pick(r.changes, {ids["hand"]})] == []
    named = review.pick(r.changes, {ids["hand"]}, hand_edited={ids["hand"]})
    assert [c.id for c in named] == [ids["hand"]]
    assert [c.id for c in review.pick(r.changes, hand_edited={ids["hand"]})] == [
        ids["buttons"], ids["perks"], ids["hand"],
    ]  # fmt: skip


def test_apply_a_subset_leaves_the_others(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    before = texts(library)
    r = review.scan(library, cleaner, {})
    done = review.apply(library, review.pick(r.changes, {ids["buttons"], ids["hand"]}))
    assert done.applied == [ids["buttons"]] and done.skipped == []
    after = texts(library)
    p = library.require(ids["buttons"])
    assert after[ids["buttons"]] == (r.changes[0].new, False)
    assert "test.apply" in p.rules and p.fields["title"]["value"] == "Widget Engineer"
    for key in ("plain", "perks", "hand", "hand_plain"):
        assert after[ids[key]] == before[ids[key]]
    # the same review again: the applied posting is no longer as it was scanned
    again = review.apply(library, review.pick(r.changes, {ids["buttons"]}))
    assert again.applied == [] and again.skipped == [(ids["buttons"], "changed since the review")]


def test_apply_a_hand_edited_posting_when_chosen_keeps_fact_edits(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    p = library.require(ids["hand"])
    library.update(ids["hand"], fields=apply_fact_edits(p.fields, {"title": "Dream Job"}))
    r = review.scan(library, cleaner, {})
    (chosen,) = review.pick(r.changes, {ids["hand"]}, hand_edited={ids["hand"]})
    assert review.apply(library, [chosen]).applied == [ids["hand"]]
    p = library.require(ids["hand"])
    assert not p.hand_edited and p.cleaned == chosen.new and "My own notes" not in p.cleaned
    assert p.fields["title"]["value"] == "Dream Job"  # the user's fact edit is kept
    library.update(ids["hand"], **chosen.before)  # the undo puts the user's text back
    p = library.require(ids["hand"])
    assert p.hand_edited and p.cleaned == "Widget Designer\nMy own notes on this posting."


def test_apply_none_changes_nothing(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    before = texts(library)
    r = review.scan(library, cleaner, {})
    assert review.apply(library, review.pick(r.changes, set())).applied == []
    assert texts(library) == before


def test_apply_skips_a_posting_deleted_or_edited_since(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    r = review.scan(library, cleaner, {})
    library.delete([ids["buttons"]])
    library.update(ids["perks"], cleaned="edited meanwhile")
    done = review.apply(library, review.pick(r.changes))
    assert done.applied == []
    assert done.skipped == [
        (ids["buttons"], "deleted since the review"),
        (ids["perks"], "changed since the review"),
    ]
    assert library.require(ids["perks"]).cleaned == "edited meanwhile"


def test_one_posting_that_fails_never_stops_the_scan(
    cleaner: Cleaner, library: Library, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = review.compare

    def flaky(posting, *a, **k):  # type: ignore[no-untyped-def]
        if posting.id == ids["plain"]:
            raise RuntimeError("kaboom")
        return real(posting, *a, **k)

    monkeypatch.setattr(review, "compare", flaky)
    r = review.scan(library, cleaner, {})
    assert r.failed == [(ids["plain"], "RuntimeError: kaboom")]
    assert len(r.changes) == 3 and r.scanned == 5


def test_the_library_remembers_the_jobdesk_that_reviewed_it(
    cleaner: Cleaner, library: Library, ids: dict[str, int]
) -> None:
    assert review.cleaned_with(library) is None and review.version_changed(library)
    assert review.mark_cleaned_with(library)
    assert review.cleaned_with(library) == __version__
    assert not review.version_changed(library)
    assert review.version_changed(library, "99.0")


def test_an_empty_library_needs_no_review(library: Library) -> None:
    assert not review.version_changed(library)
    assert review.scan(library, Cleaner()).changes == []

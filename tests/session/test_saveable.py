"""What the library may take (issue 12): no page without a posting (a sign-in wall),
no posting without a title — refused in the session layer, so the window's Save and
``jobdesk library add`` refuse alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobdesk import session
from jobdesk.core.engine import Cleaner
from jobdesk.session import Input, NoTitle, NotSaveable, PostingSession
from jobdesk.storage import Library, LibraryError
from jobdesk.storage.export import BadRecord, read_export

from .conftest import POSTING

#: Sign-in walls as pasted (UI strings only), with what cleaning leaves of them.
WALLS = [
    (
        "LinkedIn\nJoin now\nSign in\nWelcome back\nEmail or phone\nPassword\nShow\n"
        "Forgot password?\nSign in\nor\nNew to LinkedIn? Join now\n",
        "LinkedIn\nWelcome back\nor\nSend Feedback\n",
    ),
    (
        "Ready to take the next step?\nCreate an account or sign in\nBy creating an account "
        "or logging in, you understand and agree to the Terms.\nContinue with Google\n"
        "Email address *\nContinue\n",
        "Ready to take the next step?\nCreate an account or sign in\nBy creating an account "
        "or logging in, you understand and agree to the Terms.\nor\nContinue\n",
    ),
    ("Anmelden\nE-Mail-Adresse\nPasswort\nPasswort vergessen?\n", "E-Mail-Adresse\nPasswort\n"),
    ("Se connecter\nAdresse e-mail\nMot de passe\nMot de passe oublié ?\n", "Mot de passe\n"),
]


def opened(cleaner: Cleaner, text: str, label: str = "paste") -> PostingSession:
    loaded = session.load_input(Input(label, text=text, html=False), cleaner)
    assert loaded.error is None and loaded.matched is not None
    return PostingSession(label=label, matched=loaded.matched)


# ------------------------------------------------------------------ no posting


def test_nothing_left_after_cleaning_is_no_posting() -> None:
    assert session.no_posting_reason("Apply now\n", "") is not None
    assert session.no_posting_reason("Apply now\n", " \n• \n—\n") is not None
    assert session.no_posting_reason(POSTING, "Barista wanted\n") is None


@pytest.mark.parametrize(("source", "left"), WALLS)
def test_what_is_left_of_a_sign_in_wall_is_no_posting(source: str, left: str) -> None:
    reason = session.no_posting_reason(source, left)
    assert reason is not None and "sign-in page" in reason


def test_a_short_posting_behind_a_sign_in_prompt_is_a_posting() -> None:
    source = (
        "Sign in\nJoin now\nForgot password?\nBarista\n"
        "We are hiring a barista for our café in Leeds, four mornings a week from March.\n"
    )
    left = source.split("?\n", 1)[1]
    assert session.no_posting_reason(source, left) is None
    # the same short leftovers without a wall around them: a posting (when in doubt, keep)
    assert session.no_posting_reason("Ready to take the next step?\n", WALLS[1][1]) is None


def test_an_account_manager_posting_is_not_a_wall() -> None:
    text = (
        "Sign in\nJoin now\nAccount Manager\nYou will grow our key accounts across the north "
        "and report to the head of sales.\nEmail your CV to jobs@example.com.\n"
    )
    assert session.no_posting_reason(text, text.split("\n", 2)[2]) is None


# ------------------------------------------------------------------ titles


@pytest.mark.parametrize(
    ("title", "cleaned", "want"),
    [
        ("Senior Widget Engineer", "About the job\nWe build widgets.\n", "Senior Widget Engineer"),
        (None, "About the job\nSenior Widget Engineer\nWe build.\n", "Senior Widget Engineer"),
        ("About the job", "About the job\nData Analyst\n", "Data Analyst"),
        ("Key Facts", "Key facts:\nJOB SUMMARY:\nData Analyst\n", "Data Analyst"),
        (None, "Description du poste\nDéveloppeur Python (H/F)\n", "Développeur Python (H/F)"),
        (None, "Stellenbeschreibung\nWas du mitbringst\nKoch (m/w/d)\n", "Was du mitbringst"),
        (None, "Friday, January 17, 2020\nHi,\nStore Manager\n", "Store Manager"),
        (None, "Here is the posting you asked for:\n# Audio Engineer\n", "Audio Engineer"),
        (None, "• Line cook\nWe cook.\n", "Line cook"),
        (
            None,
            "Overview\nAcme is seeking a reliable line cook to join our kitchen team in "
            "Leeds. You will prepare food.\n",
            "Acme is seeking a reliable line cook to join our kitchen team in Leeds.",
        ),
    ],
)
def test_derive_title(title: str | None, cleaned: str, want: str) -> None:
    assert session.derive_title(title, cleaned) == want


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    line = "We " + "really " * 30 + "want you."
    got = session.derive_title(None, line)
    assert got is not None and got.endswith("…") and len(got) <= session.TITLE_CHARS
    assert got[:-1] == got[:-1].rstrip() and line.startswith(got[:-1])


def test_nothing_to_name_a_posting_by_asks() -> None:
    assert session.derive_title(None, "About the job\nDescription:\n2024-01-02\n") is None
    assert session.derive_title("", "Overview\n") is None
    with pytest.raises(NoTitle):
        session.check_saveable("Overview\n", "Overview\n", None)
    with pytest.raises(NotSaveable) as exc:
        session.check_saveable("Sign in\nPassword\n", "", "A title")
    assert not isinstance(exc.value, NoTitle)


# ------------------------------------------------------------------ saving


def test_save_refuses_a_sign_in_wall_and_saves_nothing(cleaner: Cleaner, library: Library) -> None:
    source, _left = WALLS[0]
    d = opened(cleaner, source).draft({})
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.id is None and out.refused and not out.needs_title
    assert "sign-in page" in out.error
    msg, level, _details = session.save_message([out])
    assert msg.startswith("Not saved to the library. This looks like a sign-in page")
    assert level == "warning"
    assert library.count() == 0


def test_a_batch_saves_the_postings_and_reports_the_refused(
    cleaner: Cleaner, library: Library
) -> None:
    good = opened(cleaner, POSTING, "good").draft({})
    wall = opened(cleaner, WALLS[2][0], "wall").draft({})
    assert good is not None and wall is not None
    outcomes = session.save_drafts(library, [wall, good])
    assert [o.id is not None for o in outcomes] == [False, True]
    msg, level, details = session.save_message(outcomes)
    assert msg == (
        "Saved 1 of 2 postings to your library. 1 refused (no posting in the page, or no title)."
    )
    assert level == "warning" and details.startswith("wall: not saved. ")
    assert library.count() == 1


def test_a_posting_with_no_title_is_saved_under_the_title_given(
    cleaner: Cleaner, library: Library
) -> None:
    d = opened(cleaner, "Overview\n\n2024-05-01\n").draft({})  # nothing names it
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.refused and out.needs_title and library.count() == 0
    d.title = "  Widget   job  "
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None
    assert library.require(out.id).title == "Widget job"


def test_a_title_derived_from_the_text_is_stored(cleaner: Cleaner, library: Library) -> None:
    text = "About the job\nwidget wrangler, part time\nWe wrangle widgets all day long.\n"
    d = opened(cleaner, text).draft({})
    assert d is not None
    assert not d.facts().get("title")  # the facts find none: the title is the text's
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None and library.require(out.id).title == "widget wrangler, part time"


def test_an_edited_title_fact_is_taken_as_the_user_gave_it(
    cleaner: Cleaner, library: Library
) -> None:
    s = opened(cleaner, POSTING)
    s.fact_edits = {"title": "Overview"}  # the user's word, even a heading's
    d = s.draft({})
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None and library.require(out.id).title == "Overview"


def test_posting_of_refuses_a_wall_even_with_a_title(cleaner: Cleaner) -> None:
    loaded = session.load_input(Input("p", text=WALLS[3][0], html=False), cleaner)
    assert loaded.matched is not None
    result = loaded.matched.resolve()
    with pytest.raises(NotSaveable, match="sign-in page"):
        session.posting_of(result, cleaned=WALLS[3][1], title="My title")


# ------------------------------------------------------------------ export, backup, stats


def _two(cleaner: Cleaner, library: Library) -> list[int]:
    a = opened(cleaner, POSTING, "a").draft({})
    b = opened(cleaner, "Night Porter\nWe need a night porter for our hotel in York.\n").draft({})
    assert a is not None and b is not None
    ids = [o.id for o in session.save_drafts(library, [a, b])]
    assert all(i is not None for i in ids)
    return [int(i) for i in ids if i is not None]


@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
def test_export_postings_writes_the_ones_asked_for(
    cleaner: Cleaner, library: Library, tmp_path: Path, fmt: str
) -> None:
    first, second = _two(cleaner, library)
    target = tmp_path / f"out.{fmt}"
    assert session.export_postings(library, [second], target, fmt) == 1
    text = target.read_text(encoding="utf-8")
    assert "night porter" in text and "Senior Widget Engineer" not in text
    if fmt == "json":  # the export restores a library exactly
        _head, items = read_export(text)
        assert [p.title for p in items if not isinstance(p, BadRecord)] == ["Night Porter"]
    with pytest.raises(LibraryError, match="exists"):
        session.export_postings(library, [first], target, fmt)
    assert session.export_postings(library, [first, second], target, fmt, force=True) == 2
    with pytest.raises(LibraryError, match="library itself"):
        session.export_postings(library, [first], library.path, fmt, force=True)
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(LibraryError):
        session.export_postings(library, [first], link, fmt, force=True)
    assert not (tmp_path / "elsewhere").exists()


def test_backup_library_copies_it_and_refuses_itself(
    cleaner: Cleaner, library: Library, tmp_path: Path
) -> None:
    _two(cleaner, library)
    dest = tmp_path / "copy.sqlite3"
    assert session.backup_library(library, dest) == dest.stat().st_size > 0
    with Library.open(dest) as copy:
        assert copy.count() == 2
    with pytest.raises(LibraryError, match="library itself"):
        session.backup_library(library, library.path, force=True)
    with pytest.raises(LibraryError, match="no such folder"):
        session.backup_library(library, tmp_path / "nope" / "copy.sqlite3")


def test_stats_rows_word_the_library_for_a_person(cleaner: Cleaner, library: Library) -> None:
    rows = dict(session.stats_rows(library.stats()))
    assert rows["Postings"] == "0" and "By status" not in rows
    _two(cleaner, library)
    rows = dict(session.stats_rows(library.stats(), library.integrity_check()))
    assert rows["Postings"] == "2" and rows["By status"] == "saved 2"
    assert rows["Check"] == "ok" and rows["Library file"] == str(library.path)


def test_updating_an_opened_posting_keeps_its_title_over_a_derived_one(
    cleaner: Cleaner, library: Library
) -> None:
    d = opened(cleaner, "Overview\nwidget wrangler, part time\nWe wrangle widgets.\n").draft({})
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None
    library.update(out.id, title="My own name for it")  # `library set --title`
    old = library.require(out.id)
    again = opened(cleaner, "Overview\nwidget wrangler, part time\nWe wrangle widgets.\n")
    again.hand_text = "Overview\nwidget wrangler, part time\nWe wrangle widgets daily.\n"
    d2 = again.draft({})
    assert d2 is not None
    changes = session.opened_update(old, d2)
    assert changes is not None and changes[0]["title"] == "My own name for it"
    d2.title = "Asked for"  # a title the user gave wins
    changes = session.opened_update(old, d2)
    assert changes is not None and changes[0]["title"] == "Asked for"

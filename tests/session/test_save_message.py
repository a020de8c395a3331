"""How a save is told (issue 12): a posting already there or a repost is news, not a
warning, and one repost is "looks like a repost"."""

from __future__ import annotations

from jobdesk import session
from jobdesk.storage.library import PostingRow


def row(pid: int) -> PostingRow:
    return PostingRow(
        pid, "Engineer", "Acme", "", "", "", "saved", "2026-01-02T10:00:00",
        "2026-01-02T10:00:00", "", False, None,
    )  # fmt: skip


def test_one_repost_in_a_batch_is_told_in_the_singular() -> None:
    outcomes = [
        session.SaveOutcome("a.txt", 3, None, (row(1), 0.9)),
        session.SaveOutcome("b.txt", 4, None, None),
    ]
    msg, level, details = session.save_message(outcomes)
    assert "1 looks like a repost (flagged ≈)." in msg
    assert "look like reposts" not in msg
    assert level == "info"
    assert "a.txt: looks like a repost of #1" in details


def test_reposts_and_postings_already_there_are_not_warnings() -> None:
    outcomes = [
        session.SaveOutcome("a.txt", 3, None, (row(1), 0.9)),
        session.SaveOutcome("b.txt", 4, None, (row(2), 0.85)),
        session.SaveOutcome("c.txt", None, row(5), None),
    ]
    msg, level, _details = session.save_message(outcomes)
    assert "2 look like reposts (flagged ≈)." in msg and "1 already there" in msg
    assert level == "info"
    single = session.save_message([session.SaveOutcome("a.txt", 3, None, (row(1), 0.9))])
    assert single[1] == "info"


def test_a_failure_is_still_an_error() -> None:
    outcomes = [
        session.SaveOutcome("a.txt", None, row(5), None),
        session.SaveOutcome("b.txt", None, None, None, error="no text"),
    ]
    assert session.save_message(outcomes)[1] == "error"

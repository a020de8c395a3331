"""read_posted skips the lines that hold neither a digit nor a word of AGE or _POSTED
(found in the folded copy): the same fact as searching every line."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.facts import dates
from jobdesk.core.facts.context import Context
from jobdesk.core.facts.dates import AGE, DATE_RE, read_posted
from jobdesk.core.facts.model import DatedFact


def _old_read_posted(ctx: Context, reference: date | None) -> DatedFact | None:
    """The former reading (no labelled values): AGE and _POSTED searched on every line."""
    for ln in ctx.lines[:60]:
        if len(ln.text) > 120:
            continue
        m = AGE.search(ln.text)
        if m and not dates._ACTIVITY.search(ln.text[: m.start()]):
            if m.group("word"):
                days = 1 if m.group("word").lower() == "yesterday" else 0
            else:
                days = dates._age_days(int(m.group("n")), m.group("u"))
            value = (reference - timedelta(days=days)).isoformat() if reference else None
            return ctx.dated(value, ln.start + m.start(), ln.start + m.end(), days)
        m2 = dates._POSTED.search(ln.text)
        if m2:
            d = DATE_RE.search(ln.text, m2.end())
            if d:
                return ctx.dated(
                    dates._parse_date(d), ln.start + m2.start(), ln.start + d.end(), None
                )
    return None


PIECES = [
    "Posted", "posted", "POSTED", "poſted", "Reposted", "published", "PUBLISHED", "Date posted",
    "on", ":", " ", "  ", "\n", "\n\n", "3", "12", "٣", "²", "days", "d", "weeks", "ago",
    "today", "Today", "TODAY", "yesterday", "yeſterday", "Yesterday", "just", "JUST", "juſt",
    "now", "Just posted", "2024-03-05", "March 5, 2024", "5 March 2024", "3/5/2024", "Mar",
    "updated", "Active", "reviewed", "Acme", "Engineer", "x" * 60, "İ", "K", "ı", "é", ",",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.booleans())
def test_the_posted_date_as_every_line_searched(text: str, with_reference: bool) -> None:
    reference = date(2026, 3, 1) if with_reference else None
    ctx = Context(text, text, [])
    assert read_posted(ctx, [], reference) == _old_read_posted(ctx, reference)


def test_lines_without_a_hint_are_not_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the lines with a digit or a word of the two patterns are searched."""
    searched: list[str] = []

    class Spy:
        def search(self, s: str, *a: int) -> object:
            searched.append(s)
            return AGE.search(s, *a)

    text = "Acme\nBackend Engineer\nGreat team\nPosted 3 days ago\nWe build things"
    ctx = Context(text, text, [])
    monkeypatch.setattr(dates, "AGE", Spy())
    fact = read_posted(ctx, [], None)
    assert fact is not None and fact.age_days == 3
    assert searched == ["Posted 3 days ago"]

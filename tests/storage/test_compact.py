"""Library format 7: each text and each rule list stored once, a batch indexed at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.storage import compact
from jobdesk.storage.library import Library, LibraryError, NewPosting
from tests.storage.conftest import OTHER, POSTING, posting

FURNITURE = "Skip to main content\nSign in\nEasy Apply\nSave\n"
PASTE = FURNITURE + POSTING + "Similar jobs\nData Engineer\nGlobex\nRemote\n"
HTML = (
    "<html><body><nav>Sign in</nav><h1>Senior Rust Engineer</h1><p>"
    + POSTING
    + "</p></body></html>"
)
RULES = [f"pack{i % 7}.rule-{i}" for i in range(260)]


def _stored(lib: Library, pid: int) -> tuple[object, object, object]:
    row = lib.conn.execute(
        "SELECT raw, source, cleaned FROM posting_text WHERE posting_id = ?", (pid,)
    ).fetchone()
    return row[0], row[1], row[2]


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_pack_gives_back_any_text(text: str, reference: str) -> None:
    stored = compact.pack(text, reference)
    assert compact.unpack(stored, reference) == text
    assert (stored is None) == (text == reference)


@pytest.mark.parametrize("reference", ["", POSTING, POSTING * 40])  # 40×: past the window
def test_pack_round_trips_and_shrinks(reference: str) -> None:
    for text in (PASTE, PASTE * 40, "é\x00😀 \ud800x", ""):
        stored = compact.pack(text, reference)
        assert compact.unpack(stored, reference) == text
        if isinstance(stored, bytes):
            assert len(stored) < len(text.encode("utf-8", "surrogatepass"))


def test_a_text_packed_in_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        compact.unpack(b"\x07abc", POSTING)


def test_texts_that_are_the_same_are_stored_once(lib: Library) -> None:
    pid = lib.add(posting()).id or 0  # raw is source is cleaned
    assert _stored(lib, pid) == (None, None, POSTING)
    text = POSTING + "\nagain"
    pid2 = lib.add(NewPosting(cleaned=text, source=str(text), raw=str(text))).id or 0
    assert _stored(lib, pid2) == (None, None, text)  # equal, not just the same object
    p = lib.require(pid2)
    assert (p.raw, p.source, p.cleaned) == (text, text, text)


def test_a_paste_stores_its_furniture_not_a_second_copy(lib: Library) -> None:
    pid = lib.add(NewPosting(cleaned=POSTING, source=PASTE, raw=PASTE)).id or 0
    raw, source, cleaned = _stored(lib, pid)
    assert raw is None and cleaned == POSTING
    assert isinstance(source, bytes) and len(source) < len(FURNITURE) + 60
    p = lib.require(pid)
    assert (p.raw, p.source, p.cleaned) == (PASTE, PASTE, POSTING)


def test_an_html_page_keeps_its_raw_input_exactly(lib: Library) -> None:
    raw = HTML.replace("Rust", "Rüst 😀") + "\x00"
    pid = lib.add(NewPosting(cleaned=POSTING, source=PASTE, raw=raw)).id or 0
    stored_raw = _stored(lib, pid)[0]
    assert isinstance(stored_raw, bytes) and len(stored_raw) < len(raw) // 2
    assert lib.require(pid).raw == raw


def test_an_empty_raw_input_stays_empty(lib: Library) -> None:
    pid = lib.add(NewPosting(cleaned=POSTING)).id or 0  # the API's defaults: "" and ""
    p = lib.require(pid)
    assert (p.raw, p.source, p.cleaned) == ("", "", POSTING)


def test_a_hand_edit_keeps_the_source(lib: Library) -> None:
    pid = lib.add(NewPosting(cleaned=POSTING, source=PASTE, raw=PASTE)).id or 0
    lib.update(pid, cleaned="Something else entirely\n" + OTHER)
    p = lib.require(pid)
    assert (p.raw, p.source) == (PASTE, PASTE)
    assert p.cleaned == "Something else entirely\n" + OTHER and p.hand_edited
    assert lib.count("globex") == 1 and lib.count("warehouse") == 0
    pid2 = lib.add(posting(OTHER + "\nsecond")).id or 0  # source stored as "= cleaned"
    lib.update(pid2, cleaned="edited")
    assert lib.require(pid2).source == OTHER + "\nsecond"


def test_a_damaged_stored_text_is_reported(lib: Library) -> None:
    pid = lib.add(NewPosting(cleaned=POSTING, source=PASTE, raw=PASTE)).id or 0
    lib.conn.execute("UPDATE posting_text SET source = X'01FFFFFF' WHERE posting_id = ?", (pid,))
    with pytest.raises(LibraryError, match=f"posting #{pid}: its stored text is damaged"):
        lib.get(pid)
    with pytest.raises(LibraryError, match="its stored text is damaged"):
        lib.update(pid, cleaned="an edit")
    assert (
        lib.conn.execute(  # the edit was rolled back whole
            "SELECT cleaned FROM posting_text WHERE posting_id = ?", (pid,)
        ).fetchone()[0]
        == POSTING
    )


def _rule_sets(lib: Library) -> int:
    return int(lib.conn.execute("SELECT count(*) FROM rule_set").fetchone()[0])


def test_rule_choices_are_stored_once_per_set(lib: Library) -> None:
    ids = [
        lib.add(posting(f"Posting {i}\n\n{POSTING}", rules=list(reversed(RULES)) + RULES[:3])).id
        for i in range(5)
    ]
    assert _rule_sets(lib) == 1
    assert all(lib.require(i or 0).rules == sorted(RULES) for i in ids)
    refs = {r[0] for r in lib.conn.execute("SELECT rule_set FROM posting")}
    assert len(refs) == 1 and None not in refs
    other = lib.add(posting(OTHER, rules=RULES[:10])).id or 0
    none = lib.add(posting(OTHER + "\nno rules")).id or 0
    assert _rule_sets(lib) == 2
    assert lib.require(none).rules == []
    assert (
        lib.conn.execute("SELECT rule_set FROM posting WHERE id = ?", (none,)).fetchone()[0] is None
    )
    lib.update(other, rules=["only.one"])  # the set of ten is no one's any more
    assert lib.require(other).rules == ["only.one"] and _rule_sets(lib) == 2
    gone = lib.delete([i or 0 for i in ids])
    assert _rule_sets(lib) == 1
    lib.restore(gone)  # an undo brings the set back
    assert all(lib.require(i or 0).rules == sorted(RULES) for i in ids) and _rule_sets(lib) == 2
    lib.delete([i or 0 for i in ids])
    sizes = lib.conn.execute("SELECT max(length(CAST(rules AS BLOB))) FROM rule_set").fetchone()
    assert sizes[0] < 40


def test_a_batch_is_indexed_as_one_segment(lib: Library) -> None:
    """FTS5 writes out what it holds at every savepoint: indexed from a trigger or under
    each posting's savepoint, a batch of 50 left 50 segments (and the work of merging
    them). Indexed at the end of the batch's transaction, it is one segment."""
    news = [posting(f"Posting number {i}\n\n{POSTING}") for i in range(50)]
    news.insert(7, NewPosting(cleaned="   "))  # refused alone: rolled back, never indexed
    results = lib.add_many(news, skip_bad=True)
    assert [r.saved for r in results].count(False) == 1
    # a segment's pages have rowids (segment id << 37) + …; the structure record is 10
    segments = lib.conn.execute(
        "SELECT count(DISTINCT id >> 37) FROM posting_fts_data WHERE id >= 137438953472"
    ).fetchone()[0]
    assert segments == 1  # FTS5's automerge had brought the 50 down to 5
    assert lib.integrity_check() == []
    assert lib.count("warehouse") == 50 and lib.count("number") == 50
    lib.add_many([posting(f"Another {i}\n\n{OTHER}") for i in range(3)])  # all or nothing
    assert lib.count("globex") == 3 and lib.integrity_check() == []


def test_a_posting_inserted_alone_is_indexed(lib: Library) -> None:
    lib.conn.execute("BEGIN")
    pid = lib._insert(posting(OTHER), lib._prepare(posting(OTHER))[1], False).id
    lib.conn.execute("COMMIT")
    assert lib.ids("globex") == [pid] and lib.integrity_check() == []


def test_fresh_libraries_have_no_insert_trigger(tmp_path: Path) -> None:
    with Library.open(tmp_path / "l.sqlite3") as lib:
        names = {r[0] for r in lib.conn.execute("SELECT name FROM sqlite_master")}
    assert "posting_text_ai" not in names and {"posting_text_au", "posting_bd"} <= names
    conn = sqlite3.connect(tmp_path / "l.sqlite3")
    try:
        cols = {r[1]: r[3] for r in conn.execute("PRAGMA table_info(posting_text)")}
    finally:
        conn.close()
    assert cols == {"posting_id": 0, "raw": 0, "source": 0, "cleaned": 1}


def test_a_remembered_rule_set_pruned_elsewhere_is_stored_again(db_path: Path) -> None:
    with Library.open(db_path) as lib, Library.open(db_path) as other:
        first = lib.add(posting(rules=RULES)).id or 0  # lib remembers the set's digest
        other.delete([first])  # … which another window prunes with the posting
        assert _rule_sets(lib) == 0
        again = lib.add(posting(OTHER, rules=list(reversed(RULES)))).id or 0
        assert lib.require(again).rules == sorted(RULES) and _rule_sets(lib) == 1
        assert lib.integrity_check() == []

from __future__ import annotations

import json

import pytest

from jobdesk.core.engine import clean
from jobdesk.storage import text as textmod
from jobdesk.storage.library import Library, LibraryError, NewPosting
from tests.storage.conftest import OTHER, POSTING, posting


def test_add_and_get_round_trip(lib: Library) -> None:
    res = lib.add(
        posting(
            rules=["b.rule", "a.rule"],
            site="linkedin",
            url="https://x.test/job/1",
            fields={
                "title": "Senior Rust Engineer",
                "company": "Acme Robotics",
                "location": "Berlin",
                "pay": "€85,000 – €105,000",
                "workplace": "hybrid",
            },
            tags=["rust", "Berlin"],
            notes="ask about on-call",
            kind="html",
            source_name="job.html",
        )
    )
    assert res.saved and res.duplicate is None and res.similar_to == []
    p = lib.require(res.id or 0)
    assert p.cleaned == POSTING and p.source == POSTING and p.raw == POSTING
    assert (p.title, p.company, p.location, p.pay) == (
        "Senior Rust Engineer",
        "Acme Robotics",
        "Berlin",
        "€85,000 – €105,000",
    )
    assert p.rules == ["a.rule", "b.rule"]
    assert p.fields["workplace"] == "hybrid"
    assert p.tags == ["Berlin", "rust"]
    assert (p.site, p.url, p.status, p.notes) == (
        "linkedin",
        "https://x.test/job/1",
        "saved",
        "ask about on-call",
    )
    assert (p.kind, p.source_name, p.hand_edited) == ("html", "job.html", False)
    assert p.created_at == p.updated_at and p.created_at.endswith("Z")
    assert p.content_hash == textmod.content_hash(POSTING)
    assert lib.get(9999) is None
    with pytest.raises(LibraryError, match="no posting #9999"):
        lib.require(9999)


def test_a_rule_set_is_sorted_once_for_all_its_postings() -> None:
    from jobdesk.storage import library as libmod

    first, second = clean("Rust Engineer\nApply now\n"), clean("Go Engineer\nSave\n")
    assert first.enabled == second.enabled
    a, b = NewPosting.from_result(first), NewPosting.from_result(second)
    assert a.rules == b.rules == sorted(first.enabled) and a.rules is not b.rules
    assert libmod._sorted_rules(first.enabled) is libmod._sorted_rules(second.enabled)
    other = frozenset(["b.rule", "a.rule"])
    assert libmod._sorted_rules(other) == ("a.rule", "b.rule")


def test_title_falls_back_to_first_line(lib: Library) -> None:
    pid = lib.add(posting("\n\n   Plumber   wanted  \nCall us.\n")).id
    row = lib.rows([pid or 0])[0]
    assert row.title == "Plumber wanted" and row.company == ""


def test_from_clean_result(lib: Library) -> None:
    raw = "Senior Rust Engineer\nAcme\n\nWrite Rust.\n\n\n\nApply now\n"
    result = clean(raw)
    new = NewPosting.from_result(result, tags=["x"])
    assert new.rules == sorted(result.enabled) and new.raw == raw
    assert not new.hand_edited
    p = lib.require(lib.add(new).id or 0)
    assert p.cleaned == result.cleaned and p.source == result.source
    edited = NewPosting.from_result(result, cleaned=result.cleaned + "\nmy note")
    assert edited.hand_edited


def test_exact_duplicate_is_detected_with_its_date(lib: Library) -> None:
    first = lib.add(posting()).id
    # other line breaks, spacing and capitalisation: still the same posting
    variant = "  " + POSTING.upper().replace("\n", "\n\n").replace(" ", "   ")
    res = lib.add(posting(variant))
    assert not res.saved and res.duplicate is not None
    assert res.duplicate.id == first
    assert res.duplicate.saved_date == lib.require(first or 0).created_at[:10]
    assert lib.count() == 1
    assert lib.find_duplicate(variant) is not None
    forced = lib.add(posting(variant), allow_duplicate=True)
    assert forced.saved and lib.count() == 2


def test_near_duplicate_is_flagged_not_merged(lib: Library) -> None:
    first = lib.add(posting("Posted 3 days ago\n" + POSTING)).id
    lib.add(posting(OTHER))
    res = lib.add(posting("Posted 2 weeks ago · Reposted\n" + POSTING))
    assert res.saved and res.duplicate is None
    assert [r.id for r, _ in res.similar_to] == [first]
    assert 0.8 <= res.similar_to[0][1] < 1.0
    assert lib.count() == 3
    p = lib.require(res.id or 0)
    assert p.near_duplicate_of == first and p.similarity == pytest.approx(res.similar_to[0][1])
    assert lib.count("is:repost") == 1
    assert [r.id for r, _ in lib.similar_to(first or 0)] == [res.id]


def test_unrelated_postings_are_not_flagged(lib: Library) -> None:
    lib.add(posting())
    assert lib.add(posting(OTHER)).similar_to == []
    assert lib.add(posting("Rust")).similar_to == []
    with pytest.raises(LibraryError, match="no text"):
        lib.add(posting(" \n"))  # a posting with no text is never saved


def test_update_fields_and_hand_edit(lib: Library) -> None:
    pid = lib.add(posting(tags=["a"])).id or 0
    before = lib.require(pid)
    p = lib.update(
        pid,
        status="applied",
        notes="sent CV",
        title="Rust Dev",
        company="Acme",
        add_tags=["b"],
        remove_tags=["a"],
    )
    assert (p.status, p.notes, p.title, p.company, p.tags) == (
        "applied",
        "sent CV",
        "Rust Dev",
        "Acme",
        ["b"],
    )
    assert p.updated_at >= before.updated_at and not p.hand_edited
    assert lib.count("title:rust company:acme") == 1
    assert lib.count("title:senior") == 0  # the old title left the index

    p = lib.update(pid, cleaned="Completely rewritten posting about zebrafish husbandry.")
    assert p.hand_edited and p.content_hash != before.content_hash
    assert lib.count("zebrafish") == 1 and lib.count("warehouse") == 0
    assert lib.find_duplicate(POSTING) is None
    assert lib.update(pid, cleaned=POSTING, hand_edited=False).hand_edited is False
    assert lib.update(pid, fields={"location": "Mars", "pay": 5}).location == "Mars"
    assert lib.require(pid).pay == "5"
    assert lib.integrity_check() == []
    with pytest.raises(LibraryError, match="unknown status"):
        lib.update(pid, status="hired!")
    with pytest.raises(LibraryError, match="no posting"):
        lib.update(12345, notes="x")


def test_tags(lib: Library) -> None:
    a = lib.add(posting(tags=["Remote", "remote", " dream  job ", ""])).id or 0
    b = lib.add(posting(OTHER, tags=["REMOTE"])).id or 0
    assert lib.require(a).tags == ["dream job", "Remote"]
    assert lib.tags() == [("dream job", 1), ("Remote", 2)]
    assert lib.count("tag:remote") == 2 and lib.count('tag:"dream job"') == 1
    lib.update(a, tags=[])
    lib.update(b, remove_tags=["remote"])
    assert lib.tags() == []  # unused tags are pruned


def test_statuses_are_user_editable(lib: Library) -> None:
    assert lib.statuses() == ["saved", "applied", "interviewing", "offer", "rejected", "archived"]
    pid = lib.add(posting(status="applied")).id or 0
    lib.rename_status("applied", "Applied (waiting)")
    assert lib.require(pid).status == "Applied (waiting)"
    lib.add_status("ghosted")
    assert lib.statuses()[-1] == "ghosted"
    lib.set_statuses(["ghosted", "saved"])
    assert lib.statuses()[:2] == ["ghosted", "saved"]
    assert lib.remove_status("Applied (waiting)", move_to="archived") == 1
    assert lib.require(pid).status == "archived"
    with pytest.raises(LibraryError):
        lib.rename_status("saved", "ghosted")
    with pytest.raises(LibraryError):
        lib.remove_status("saved", move_to="saved")
    # saving with a new status adds it to the list
    lib.add(posting(OTHER, status="phone screen"))
    assert "phone screen" in lib.statuses()


def test_delete_and_undo(lib: Library) -> None:
    a = lib.add(posting(tags=["x"], notes="n")).id or 0
    b = lib.add(posting("Reposted\n" + POSTING)).id or 0
    before = lib.require(a)
    gone = lib.delete([a])
    assert [p.id for p in gone] == [a] and lib.get(a) is None
    assert lib.require(b).near_duplicate_of is None  # ON DELETE SET NULL
    assert lib.count("warehouse") == 1 and lib.tags() == []
    lib.restore(gone)
    assert lib.require(a) == before
    assert lib.count("warehouse") == 2 and lib.integrity_check() == []


def _fill(lib: Library, n: int = 30) -> list[int]:
    ids = []
    for i in range(n):
        text = f"Role {i:02d}\nCompany {chr(65 + i % 5)}\n\nUnique words posting{i} " + "x" * i
        ids.append(
            lib.add(
                posting(
                    text, status=("saved", "applied")[i % 2], site=("linkedin", "indeed", "")[i % 3]
                )
            ).id
            or 0
        )
    return ids


def test_paging_and_sorting(lib: Library) -> None:
    ids = _fill(lib)
    assert lib.count() == 30
    assert [r.id for r in lib.page("", 0, 10)] == ids[::-1][:10]  # newest first
    assert [r.id for r in lib.page("", 25, 10)] == ids[::-1][25:]
    assert [r.id for r in lib.page("", 0, 5, sort="created", descending=False)] == ids[:5]
    assert lib.ids() == ids[::-1]
    titles = [r.title for r in lib.page("", 0, 100, sort="title", descending=False)]
    assert titles == sorted(titles, key=str.casefold)
    companies = [r.company for r in lib.page("", 0, 100, sort="company")]
    assert companies == sorted(companies, key=str.casefold, reverse=True)
    statuses = [r.status for r in lib.page("", 0, 100, sort="status", descending=False)]
    assert statuses == ["saved"] * 15 + ["applied"] * 15  # in the status list's order
    assert lib.page("", 0, 5, sort="no such column; DROP TABLE posting") != []
    window = ids[10:14]
    assert [r.id for r in lib.rows([*window[::-1], 999])] == window[::-1]
    assert lib.count("site:linkedin status:applied") == 5
    assert lib.count("site:none") == 10


def test_stats_backup_and_integrity(lib: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _fill(lib, 5)
    st = lib.stats()
    assert st["postings"] == 5 and st["by_status"]["saved"] == 3
    assert st["format"] == lib.schema_version and st["size_bytes"] > 0
    dest = tmp_path / "copy.sqlite3"
    lib.backup(dest)
    with Library.open(dest) as copy:
        assert copy.count() == 5 and copy.integrity_check() == []
    assert lib.integrity_check() == []


# ------------------------------------------------------------------------ hostile text


def test_nul_bytes_round_trip(lib: Library) -> None:
    text = "Title\x00with NUL\n\nbody \x00 text searchable"
    p = lib.require(lib.add(posting(text, notes="a\x00b")).id or 0)
    assert p.cleaned == text and p.raw == text and p.notes == "a\x00b"
    assert lib.count("searchable") == 1
    assert lib.integrity_check() == []


def test_invalid_surrogates_are_replaced_not_fatal(lib: Library) -> None:
    text = "Caf\udce9 job\nPay \ud83d\ude00 and lone \ud800 high\n"
    p = lib.require(lib.add(posting(text, tags=["t\udcff"], title="T\udc80")).id or 0)
    assert p.cleaned == "Caf\ufffd job\nPay 😀 and lone \ufffd high\n"
    assert p.title == "T\ufffd" and p.tags == ["t\ufffd"]
    assert lib.count("caf") == 1
    json.dumps(p.cleaned).encode("utf-8")
    assert lib.update(p.id, notes="x\udc00").notes == "x\ufffd"


def test_twenty_megabyte_posting(lib: Library) -> None:
    line = "Responsibilities include wrangling enormous postings without falling over. "
    big = "Huge Posting\n" + (line * 20 + "\n") * (20_000_000 // (len(line) * 20 + 1))
    assert len(big) >= 19_000_000
    pid = lib.add(posting(big)).id or 0
    assert lib.require(pid).cleaned == big
    assert lib.count("wrangling") == 1
    assert lib.page("wrangling")[0].title == "Huge Posting"
    assert lib.snippet(pid, "wrangling")
    assert lib.update(pid, title="Huge").title == "Huge"  # re-indexing works (FTS delete)
    lib.delete([pid])
    assert lib.count("wrangling") == 0
    assert lib.integrity_check() == []


def test_default_path_and_change_polling(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JOBDESK_DATA_DIR", str(tmp_path / "d"))
    with Library.open() as window, Library.open(tmp_path / "d" / "library.sqlite3") as worker:
        assert window.path == tmp_path / "d" / "library.sqlite3"
        assert not window.changed_elsewhere()
        window.add(posting())
        assert not window.changed_elsewhere()  # its own commits don't count
        worker.add(posting(OTHER))
        assert window.changed_elsewhere() and window.count() == 2


def test_extractor_shaped_fields(lib: Library) -> None:
    fields = {
        "title": {"value": "Enrichment Specialist", "text": "ENRICHMENT SPECIALIST"},
        "company": {"value": "YMCA", "text": "YMCA", "span": [1, 5]},
        "location": [{"value": "Richmond, VA", "text": "Richmond"}, {"value": "Remote"}],
        "pay": [{"text": "starts at $30 per hour", "min": 30.0, "max": None}],
        "workplace": None,
    }
    row = lib.rows([lib.add(posting(fields=fields)).id or 0])[0]
    assert (row.title, row.company, row.location, row.pay) == (
        "Enrichment Specialist",
        "YMCA",
        "Richmond, VA; Remote",
        "starts at $30 per hour",
    )
    assert lib.require(row.id).fields == fields
    assert lib.count("company:ymca title:enrichment") == 1


def test_newest_first_stays_right_when_older_postings_are_restored(lib: Library) -> None:
    lib.add(posting("First\n\nalpha words"))
    lib.add(posting(OTHER))
    assert lib._saved_in_id_order()
    assert [r.title for r in lib.page("alpha OR sql")] == ["Data Analyst", "First"]
    lib.add(posting("Old one\n\nalpha restored", created_at="2020-01-01T00:00:00.000Z"))
    assert not lib._saved_in_id_order()
    assert [r.title for r in lib.page("alpha")] == ["First", "Old one"]
    assert [r.title for r in lib.page("")] == ["Data Analyst", "First", "Old one"]
    assert lib.page("", sort="id")[0].title == "Old one"
    lib.delete(lib.ids())
    assert lib._saved_in_id_order()


def test_rows_read_from_sql_are_the_rows_the_constructor_makes(lib: Library) -> None:
    import dataclasses

    from jobdesk.storage.library import PostingRow

    a = lib.add(posting(tags=["zeta", "Alpha", "beta"], site="linkedin", url="https://x.test"))
    b = lib.add(posting(OTHER, status="applied", fields={"workplace": "remote", "pay": "€1"}))
    lib.update(a.id or 0, hand_edited=True)
    for row in lib.rows([a.id or 0, b.id or 0]):
        p = lib.require(row.id)
        facts = lib.conn.execute(
            "SELECT workplace, employment_type, sponsorship FROM posting WHERE id = ?", (p.id,)
        ).fetchone()
        made = PostingRow(
            p.id, p.title, p.company, p.location, p.pay, p.site, p.status, p.created_at,
            p.updated_at, p.url, p.hand_edited, p.near_duplicate_of,
            tuple(sorted(p.tags, key=str.casefold)), *facts,
        )  # fmt: skip
        assert row == made and hash(row) == hash(made) and repr(row) == repr(made)
        assert type(row.hand_edited) is bool
        with pytest.raises(dataclasses.FrozenInstanceError):
            row.title = "changed"  # type: ignore[misc]
    first, second = lib.rows([a.id or 0, b.id or 0])
    assert first.tags == ("Alpha", "beta", "zeta") and first.hand_edited is True
    assert second.tags == () and second.hand_edited is False and second.workplace == "remote"
    assert (second.status, second.site, first.url) == ("applied", "", "https://x.test")

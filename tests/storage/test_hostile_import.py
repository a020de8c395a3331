"""Hostile imports: one bad file or posting is reported and skipped, the rest is saved."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from jobdesk.storage import text as textmod
from jobdesk.storage.export import BadRecord, read_export, write_json
from jobdesk.storage.importer import collect, import_paths
from jobdesk.storage.library import Library
from tests.storage.conftest import OTHER, POSTING, posting

BIG = "9" * 400


def _export_text(lib: Library) -> str:
    buf = io.StringIO()
    write_json(lib.iter_postings(lib.ids(sort="id", descending=False)), buf)
    return buf.getvalue()


def _lines_export(items: list[str]) -> str:
    """An export laid out as write_json lays it out, with the given posting lines."""
    head = '{\n "format": "jobdesk-library",\n "version": 1,\n "statuses": ["saved"],\n'
    return head + ' "postings": [\n  ' + ",\n  ".join(items) + "\n ]\n}\n"


def _ok(text: str) -> str:
    return json.dumps({"cleaned": text})


def test_a_400_digit_jsonld_salary_does_not_stop_the_import(tmp_path: Path, lib: Library) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    ld = {
        "@type": "JobPosting",
        "title": "Robot Wrangler",
        "hiringOrganization": {"name": "Acme"},
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"@type": "QuantitativeValue", "minValue": 0, "maxValue": 0},
        },
    }
    page = (
        '<html><head><script type="application/ld+json">'
        + json.dumps(ld).replace('"minValue": 0', f'"minValue": {BIG}')
        + "</script></head><body><h1>Robot Wrangler</h1>"
        "<p>We build robots and you will keep them happy.</p></body></html>"
    )
    (folder / "a-big-salary.html").write_text(page)
    (folder / "b.txt").write_text(POSTING)
    (folder / "c.txt").write_text(OTHER)
    report = import_paths(lib, [folder], batch_size=10)
    # the two plain postings are saved whatever happens to the hostile one, and the
    # hostile one is either saved (without the facts it broke) or reported — never a crash
    assert {p.name for p, _ in report.saved} >= {"b.txt", "c.txt"}
    assert len(report.saved) + len(report.failed) == 3
    assert lib.count() == len(report.saved)


def test_a_posting_the_library_refuses_is_skipped_alone(lib: Library) -> None:
    good = posting()
    huge = posting(OTHER, fields={"pay": {"min": 10**400, "max": 10**400}})
    deep: object = []
    for _ in range(5000):  # deeper than json.dumps can go
        deep = [deep]
    nested = posting("Nested posting\n\ntext of it", fields={"x": deep})
    empty = posting("  \n\n ")
    last = posting("Last posting\n\nwith words")
    results = lib.add_many([good, huge, nested, empty, last], skip_bad=True)
    assert [r.saved for r in results] == [True, False, False, False, True]
    assert "too large" in (results[1].error or "")
    assert "nested" in (results[2].error or "")
    assert "no text" in (results[3].error or "")
    assert lib.count() == 2 and lib.integrity_check() == []
    # nothing of the refused postings is left behind (rolled back to their savepoint)
    assert lib.conn.execute("SELECT count(*) FROM posting_text").fetchone()[0] == 2
    # without skip_bad a batch is still all or nothing
    with pytest.raises(OverflowError):
        lib.add_many([posting("Another\n\none"), huge])
    assert lib.count() == 2


def test_a_library_error_still_stops_the_batch(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full is not a bad posting: skipping would fail every posting after it."""
    real = lib._insert

    def disk_full(*a: object, **k: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(lib, "_insert", disk_full)
    with pytest.raises(Exception, match="disk is full"):
        lib.add_many([posting(), posting(OTHER)], skip_bad=True)
    monkeypatch.setattr(lib, "_insert", real)
    assert lib.count() == 0 and not lib.conn.in_transaction


def test_empty_postings_are_never_saved(tmp_path: Path, lib: Library) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "blank.txt").write_text("   \n\t\n")
    (folder / "empty.html").write_text("<html><body>  </body></html>")
    (folder / "zero.txt").write_bytes(b"")
    (folder / "real.txt").write_text(POSTING)
    report = import_paths(lib, [folder])
    assert [p.name for p, _ in report.saved] == ["real.txt"]
    reasons = dict((p.name, r) for p, r in report.failed)
    assert set(reasons) == {"blank.txt", "empty.html", "zero.txt"}
    assert all(r.startswith("no text in ") for r in reasons.values())
    # and a later empty page is not "a duplicate" of anything: it is refused again
    again = import_paths(lib, [folder / "zero.txt"])
    assert not again.duplicates and len(again.failed) == 1
    assert lib.count() == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_unreadable_sub_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "x.txt").write_text(POSTING)
    (folder / "a.txt").write_text(OTHER)
    # The tests run as root, whom chmod does not stop: make listing that folder fail the
    # way it fails for a normal user (PermissionError from scandir).
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    found, problems = collect([folder])
    assert found == [folder / "a.txt"]
    assert [p.name for p, _ in problems] == ["locked"]
    assert "cannot read this folder" in problems[0][1] and "Permission denied" in problems[0][1]


def test_a_tampered_export_skips_each_bad_posting(tmp_path: Path) -> None:
    items = [
        _ok("First good posting\n\nwords"),
        json.dumps({"id": 2**70, "cleaned": "Huge id\n\ntext"}),
        json.dumps({"id": "7", "cleaned": "String id\n\ntext"}),
        json.dumps({"id": True, "cleaned": "Bool id\n\ntext"}),
        json.dumps({"title": "no text at all"}),
        json.dumps({"cleaned": 12}),
        json.dumps({"cleaned": "Bad tags\n\ntext", "tags": "a,b"}),
        json.dumps({"cleaned": "Bad title\n\ntext", "title": ["x"]}),
        json.dumps({"cleaned": "Bad sim\n\ntext", "similarity": 1e308 * 10}).replace(
            "Infinity", "1" + "0" * 400
        ),
        '{"cleaned": "Deep\\n\\ntext", "fields": {"x": ' + "[" * 50_000 + "]" * 50_000 + "}}",
        '{"cleaned": "Long number\\n\\ntext", "fields": {"n": ' + "9" * 5000 + "}}",
        json.dumps({"cleaned": "Big pay\n\ntext", "fields": {"pay": {"min": 10**400}}}),
        "[1, 2,",  # broken JSON on its own line, closed on the next
        "3]",
        _ok("Last good posting\n\nwords"),
    ]
    path = tmp_path / "export.json"
    path.write_text(_lines_export(items), encoding="utf-8")
    with Library.open(tmp_path / "lib.sqlite3") as lib:
        report = import_paths(lib, [path], batch_size=3)
        assert [lib.require(pid).title for _p, pid in report.saved] == [
            "First good posting",
            "Last good posting",
        ]
        reasons = [r for _p, r in report.failed]
        assert all(r.startswith(f"{path}: posting ") for r in reasons)
        numbers = sorted(int(r.split("posting ")[1].split()[0]) for r in reasons)
        assert numbers == list(range(2, 14))  # the broken one spans two lines: one posting
        text = "\n".join(reasons)
        for expected in (
            "id is out of range",
            "id is not a whole number",
            "no cleaned text",
            "cleaned text is not text",
            "'tags' is not a list",
            "'title' is not text",
            "similarity is out of range",
            "nested too deeply to read",
            "number too long to read",
            "number too large to store",
            "not readable JSON",
        ):
            assert expected in text, expected
        assert lib.integrity_check() == []


def test_read_export_one_line_with_bad_postings() -> None:
    doc = {
        "format": "jobdesk-library",
        "version": 1,
        "postings": [{"cleaned": "ok\n\nfine"}, {"id": -3, "cleaned": "x"}, "nope"],
    }
    _statuses, items = read_export(json.dumps(doc))
    got = list(items)
    assert not isinstance(got[0], BadRecord)
    assert [str(b) for b in got[1:]] == [
        "posting 2 of the export: its id is out of range (1 to 9223372036854775807)",
        "posting 3 of the export: not a posting (a JSON object was expected)",
    ]


def test_deeply_nested_one_line_export_is_one_clear_failure(tmp_path: Path, lib: Library) -> None:
    path = tmp_path / "deep.json"
    path.write_text(
        '{"format": "jobdesk-library", "version": 1, "postings": ['
        + "[" * 100_000
        + "]" * 100_000
        + "]}"
    )
    report = import_paths(lib, [path])
    assert [r for _p, r in report.failed] == [
        f"{path}: not a jobdesk export (invalid JSON: nested too deeply to read)"
    ]


def test_round_trip_still_exact_after_the_checks(tmp_path: Path) -> None:
    with Library.open(tmp_path / "a.sqlite3") as a:
        a.add(posting(tags=["x"], fields={"pay": {"min": 90000, "max": 105000}}))
        a.add(posting(OTHER))
        text = _export_text(a)
    path = tmp_path / "e.json"
    path.write_text(text)
    with Library.open(tmp_path / "b.sqlite3") as b:
        report = import_paths(b, [path])
        assert len(report.saved) == 2 and not report.failed
        assert _export_text(b).split('"postings"')[1] == text.split('"postings"')[1]


def test_an_old_empty_posting_can_still_be_restored(lib: Library) -> None:
    """Libraries from before the no-text rule may hold one: undoing its delete (or
    restoring an export) must not lose it, while a new empty posting is refused first."""
    lib.conn.execute("BEGIN")
    pid = lib._insert(posting("Placeholder"), lib._prepare(posting("Placeholder"))[1], False).id
    lib.conn.execute("UPDATE posting_text SET cleaned = '' WHERE posting_id = ?", (pid,))
    lib.conn.execute(
        "UPDATE posting SET content_hash = ? WHERE id = ?", (textmod.content_hash(""), pid)
    )
    lib.conn.execute("COMMIT")
    gone = lib.delete([pid or 0])
    assert [r.saved for r in lib.restore(gone)] == [True]
    assert lib.require(pid or 0).cleaned == ""
    res = lib.add_many([posting(" ")], skip_bad=True)
    assert res[0].duplicate is None and "no text" in (res[0].error or "")

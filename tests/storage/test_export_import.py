from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest

from jobdesk.storage.export import (
    ExportFormatError,
    posting_markdown,
    posting_text,
    read_export,
    write_json,
    write_text,
)
from jobdesk.storage.importer import ImportProgress, collect, import_paths
from jobdesk.storage.library import Library
from tests.storage.conftest import OTHER, POSTING, posting


def _export(lib: Library) -> dict:  # type: ignore[type-arg]
    buf = io.StringIO()
    near = {r[0]: r[1] for r in lib.conn.execute("SELECT id, uid FROM posting")}
    write_json(
        lib.iter_postings(lib.ids(sort="id", descending=False)),
        buf,
        statuses=lib.statuses(),
        uid_of=near,
    )
    doc = json.loads(buf.getvalue())
    doc.pop("exported_at")
    return doc  # type: ignore[no-any-return]


def _populate(lib: Library) -> None:
    lib.add_status("ghosted")
    lib.add_status("unused")
    lib.set_statuses(["unused", "saved"])
    a = lib.add(
        posting(
            tags=["dream"],
            notes="call Tue",
            site="linkedin",
            url="https://l.test/1",
            rules=["x.y"],
            fields={"title": "Rust Engineer", "company": "Acme", "pay": "€90k"},
        )
    )
    lib.add(posting("Posted today\n" + POSTING, status="ghosted"))
    lib.add(posting(OTHER + "\x00nul and \ud800 surrogate", status="applied"))
    lib.update(a.id or 0, cleaned=POSTING + "\nmy edit")


def test_json_export_round_trips_into_an_empty_library(tmp_path: Path) -> None:
    with Library.open(tmp_path / "a.sqlite3") as a:
        _populate(a)
        gap = a.add(posting("To be deleted\n\nshort")).id or 0
        a.delete([gap])  # ids with a gap must survive too
        a.add(posting("Another\n\nposting with words"))
        first = _export(a)
        path = tmp_path / "export.json"
        with path.open("w", encoding="utf-8") as fh:
            write_json(
                a.iter_postings(a.ids()),
                fh,
                statuses=a.statuses(),
                uid_of={r[0]: r[1] for r in a.conn.execute("SELECT id, uid FROM posting")},
            )
    with Library.open(tmp_path / "b.sqlite3") as b:
        report = import_paths(b, [path])
        assert len(report.saved) == 4 and not report.failed
        assert _export(b) == first
        assert b.statuses() == first["statuses"]
        assert b.count("is:repost") == 1
        again = import_paths(b, [path])  # importing twice adds nothing
        assert not again.saved and len(again.duplicates) == 4


def test_read_export_rejects_other_json() -> None:
    with pytest.raises(ExportFormatError):
        read_export("[1, 2]")
    with pytest.raises(ExportFormatError):
        read_export("{not json")
    with pytest.raises(ExportFormatError, match="newer"):
        read_export('{"format": "jobdesk-library", "version": 99, "postings": []}')
    # a posting without text is reported in its place; the export itself is fine
    bad = list(read_export('{"format": "jobdesk-library", "version": 1, "postings": [{}]}')[1])
    assert [str(b) for b in bad] == ["posting 1 of the export: no cleaned text"]


def test_empty_json_export_is_valid() -> None:
    buf = io.StringIO()
    assert write_json([], buf) == 0
    assert json.loads(buf.getvalue())["postings"] == []


def test_markdown_and_text(lib: Library) -> None:
    pid = lib.add(
        posting(
            fields={"title": "Senior Rust Engineer", "company": "Acme Robotics"},
            tags=["dream"],
            notes="ask about on-call",
            url="https://x.test",
        )
    )
    p = lib.require(pid.id or 0)
    md = posting_markdown(p)
    assert md.startswith("# Senior Rust Engineer\n")
    assert md.count("Senior Rust Engineer") == 1  # the title is not repeated as a heading
    assert "- **Company:** Acme Robotics" in md and "- **Tags:** dream" in md
    assert "> ask about on-call" in md and "- 5+ years" in md
    txt = posting_text(p)
    assert txt.startswith("Senior Rust Engineer\nCompany: Acme Robotics\n")
    assert "• 5+ years" in txt
    lib.add(posting(OTHER))
    buf = io.StringIO()
    assert write_text(lib.iter_postings(lib.ids()), buf, "md") == 2
    assert "\n---\n" in buf.getvalue()


# -------------------------------------------------------------------------- importer


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"p{i:03d}.txt"
        p.write_text(f"Job number {i}\n\nA posting about topic{i} and nothing else {i}.\n")
        out.append(p)
    return out


def test_folder_import_in_batches_with_progress(tmp_path: Path, lib: Library) -> None:
    folder = tmp_path / "in"
    _files(folder, 7)
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_text(
        "<html><body><h1>HTML job</h1><p>Words.</p></body></html>"
    )
    (folder / ".hidden.txt").write_text("hidden")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "p000-again.txt").write_text((folder / "p000.txt").read_text())
    seen: list[ImportProgress] = []
    saved: list[int] = []
    report = import_paths(
        lib,
        [folder, tmp_path / "missing"],
        batch_size=3,
        progress=seen.append,
        on_saved=lambda p, i: saved.append(i),
        tags=["batch"],
    )
    assert len(report.saved) == 8 and len(report.duplicates) == 1
    assert {p.name for p, _ in report.failed} == {"bin.txt", "missing"}
    assert saved == [i for _p, i in report.saved]
    assert seen[-1].done == seen[-1].total == 11
    assert [p.saved for p in seen] == sorted(p.saved for p in seen)
    assert len(seen) >= 4  # reported after every batch
    assert lib.count("tag:batch") == 8
    assert lib.count('"HTML job"') == 1


def test_import_cancel_keeps_committed_batches(tmp_path: Path, db_path: Path) -> None:
    _files(tmp_path / "in", 20)
    stop = threading.Event()

    def progress(p: ImportProgress) -> None:
        if p.saved >= 5:
            stop.set()

    report = import_paths(db_path, [tmp_path / "in"], batch_size=5, progress=progress, cancel=stop)
    assert report.cancelled
    with Library.open(db_path) as lib:
        assert lib.count() == len(report.saved)
        assert 5 <= lib.count() < 20


def test_import_on_a_worker_thread(tmp_path: Path, db_path: Path) -> None:
    _files(tmp_path / "in", 6)
    with Library.open(db_path) as lib:  # the "GUI" connection
        out: list[object] = []
        t = threading.Thread(target=lambda: out.append(import_paths(db_path, [tmp_path / "in"])))
        t.start()
        while t.is_alive():
            lib.count()  # reading meanwhile works
            t.join(0.01)
        assert lib.count() == 6


def test_callable_cancel_before_start(tmp_path: Path, lib: Library) -> None:
    _files(tmp_path / "in", 3)
    report = import_paths(lib, [tmp_path / "in"], cancel=lambda: True)
    assert report.cancelled and not report.saved


def test_collect(tmp_path: Path) -> None:
    files = _files(tmp_path / "d", 2)
    (tmp_path / "d" / ".git").mkdir()
    (tmp_path / "d" / ".git" / "x.txt").write_text("x")
    found, missing = collect([tmp_path / "d", files[0], tmp_path / "nope"])
    assert found == files and [p.name for p, _ in missing] == ["nope"]


@pytest.mark.parametrize("layout", ["as-written", "reindented", "one-line", "newest-first"])
def test_export_layouts_all_import(tmp_path: Path, layout: str) -> None:
    with Library.open(tmp_path / "a.sqlite3") as a:
        _populate(a)
        expected = _export(a)
        buf = io.StringIO()
        ids = a.ids(sort="id", descending=layout == "newest-first")
        uids = {r[0]: r[1] for r in a.conn.execute("SELECT id, uid FROM posting")}
        write_json(a.iter_postings(ids), buf, statuses=a.statuses(), uid_of=uids)
    text = buf.getvalue()
    if layout == "reindented":
        text = json.dumps(json.loads(text), indent=2)
    elif layout == "one-line":
        text = json.dumps(json.loads(text))
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    with Library.open(tmp_path / "b.sqlite3") as b:
        report = import_paths(b, [path], batch_size=1)
        assert not report.failed and len(report.saved) == 3
        assert _export(b) == expected


def test_truncated_export_keeps_what_was_read(tmp_path: Path) -> None:
    with Library.open(tmp_path / "a.sqlite3") as a:
        _populate(a)
        buf = io.StringIO()
        write_json(a.iter_postings(a.ids(sort="id", descending=False)), buf)
    path = tmp_path / "cut.json"
    path.write_text(buf.getvalue()[: -len(buf.getvalue()) // 4], encoding="utf-8")
    with Library.open(tmp_path / "b.sqlite3") as b:
        report = import_paths(b, [path], batch_size=1)
        assert [p.name for p, _ in report.failed] == ["cut.json"]
        assert "cut short" in report.failed[0][1]
        assert 1 <= len(report.saved) < 3 and b.count() == len(report.saved)


def test_other_json_is_skipped_in_folders_refused_by_name(tmp_path: Path, lib: Library) -> None:
    _files(tmp_path / "in", 1)
    other = tmp_path / "in" / "package.json"
    other.write_text('{"name": "x"}')
    report = import_paths(lib, [tmp_path / "in"])
    assert len(report.saved) == 1 and not report.failed
    report = import_paths(lib, [other])
    assert "not a jobdesk library export" in report.failed[0][1]


def test_folder_import_refuses_a_sign_in_wall_and_a_posting_nothing_names(
    tmp_path: Path, lib: Library
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(POSTING, encoding="utf-8")
    (folder / "wall.txt").write_text(
        "Sign in\nEmail or phone\nPassword\nForgot password?\nWelcome back\nor\n",
        encoding="utf-8",
    )
    (folder / "untitled.txt").write_text("Overview\n\n2024-05-01\n", encoding="utf-8")
    report = import_paths(lib, [folder])
    assert len(report.saved) == 1 and lib.count() == 1
    reasons = dict(report.failed)
    assert "not saved. This looks like a sign-in page" in reasons[folder / "wall.txt"]
    assert "No title could be found in it." in reasons[folder / "untitled.txt"]
    assert "--title" in reasons[folder / "untitled.txt"]

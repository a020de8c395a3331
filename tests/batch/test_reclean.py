"""``jobdesk library reclean``: the library cleaned again with today's rules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from jobdesk import batch
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.factview import apply_fact_edits
from jobdesk.storage.library import Library
from tests.storage.conftest import CliRun

Cli = Callable[..., CliRun]

PASTE = (
    "Platform Engineer {n}\nApply\nSave\n\nYou‚Äôll run Kubernetes clusters for team {n}.\n"
    "\n\n\nSalary: $150,000 - $180,000 a year\n"
)


@pytest.fixture
def saved(cli: Cli, tmp_path: Path) -> tuple[list[Path], Path]:
    files = []
    for n in range(4):
        f = tmp_path / f"p{n}.txt"
        f.write_text(PASTE.format(n=n), "utf-8")
        files.append(f)
    res: CliRun = cli("add", *map(str, files))
    assert res.code == 0, res.err
    db = tmp_path / "data" / "library.sqlite3"
    with Library.open(db) as lib:
        ids = lib.ids(sort="id", descending=False)
        assert len(ids) == 4
        # #1 and #4 saved by "older rules" that kept the page's buttons and mojibake
        for pid in (ids[0], ids[3]):
            p = lib.require(pid)
            lib.update(pid, cleaned=p.source, hand_edited=False, rules=["x.old"])
        # #4 also has the user's own title
        p = lib.require(ids[3])
        lib.update(ids[3], fields=apply_fact_edits(p.fields, {"title": "My Title"}))
        # #2 is the user's hand edit
        lib.update(ids[1], cleaned="my own edit of the posting")
    return files, db


def test_reclean_dry_run_then_for_real(cli: Cli, saved: tuple[list[Path], Path]) -> None:
    files, db = saved
    with Library.open(db) as lib:
        ids = lib.ids(sort="id", descending=False)
        before = {pid: lib.require(pid).cleaned for pid in ids}

    res: CliRun = cli("reclean", "--dry-run", "--diff")
    assert res.code == 0, res.err
    assert f"#{ids[0]}  would re-clean: -" in res.out
    assert "-Apply" in res.out and "+You’ll run Kubernetes clusters for team 0." in res.out
    assert f"#{ids[1]}" not in res.out  # hand-edited: kept
    assert "2 would change" in res.err and "1 hand-edited kept" in res.err
    assert "nothing written" in res.err
    with Library.open(db) as lib:
        assert {pid: lib.require(pid).cleaned for pid in ids} == before

    res = cli("reclean", "--jobs", "2")
    assert res.code == 0, res.err
    assert "2 changed" in res.err and "1 unchanged" in res.err
    cleaner = Cleaner()
    with Library.open(db) as lib:
        for n, pid in enumerate(ids):
            p = lib.require(pid)
            if n == 1:
                assert p.cleaned == "my own edit of the posting" and p.hand_edited
                continue
            want = cleaner.match(ingest_path(files[n])).resolve()
            assert p.cleaned == want.cleaned and not p.hand_edited
            assert "x.old" not in p.rules and sorted(want.enabled) == p.rules
        assert lib.require(ids[3]).fields["title"]["value"] == "My Title"  # kept
        assert lib.require(ids[0]).fields["title"]["value"] != "My Title"

    res = cli("reclean")  # nothing left to do
    assert res.code == 0 and "0 changed" in res.err and res.out == ""

    res = cli("reclean", str(ids[1]), "--include-hand-edited")
    assert res.code == 0, res.err
    assert "(hand edit replaced)" in res.out
    with Library.open(db) as lib:
        p = lib.require(ids[1])
        assert not p.hand_edited
        assert p.cleaned == cleaner.match(ingest_path(files[1])).resolve().cleaned


def test_reclean_applies_the_users_exceptions(cli: Cli, saved: tuple[list[Path], Path]) -> None:
    from jobdesk.core.exemptions import Exemption, Exemptions

    _files, db = saved
    Exemptions([Exemption(action="off", scope="everywhere", rule="encoding.mojibake")]).save()
    res: CliRun = cli("reclean")
    assert res.code == 0, res.err
    with Library.open(db) as lib:
        p = lib.require(lib.ids(sort="id", descending=False)[0])
    assert "You‚Äôll run Kubernetes" in p.cleaned  # the rule the user switched off stays off
    assert "Apply" not in p.cleaned.splitlines()  # the other rules ran
    assert "encoding.mojibake" not in p.rules


def test_reclean_reports_a_failure_and_goes_on(
    cli: Cli,
    saved: tuple[list[Path], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _files, db = saved
    with Library.open(db) as lib:
        ids = lib.ids(sort="id", descending=False)
    import jobdesk.session as session

    real = session.prepare_reclean

    def flaky(posting, cleaner, overrides, exemptions):  # type: ignore[no-untyped-def]
        if posting.id == ids[0]:
            raise ValueError("broken posting")
        return real(posting, cleaner, overrides, exemptions)

    monkeypatch.setattr(session, "prepare_reclean", flaky)
    res: CliRun = cli("reclean", "--jobs", "1")
    assert res.code == 1
    assert f"failed: #{ids[0]}: ValueError: broken posting" in res.err
    assert "1 changed" in res.err  # the other old posting still was


def test_reclean_refuses_unknown_rules_and_ids(cli: Cli, saved: tuple[list[Path], Path]) -> None:
    assert cli("reclean", "--disable", "zz.*").code == 2
    assert cli("reclean", "999").code == 1


def test_single_file_clean_does_not_import_batch(tmp_path: Path) -> None:
    import subprocess

    f = tmp_path / "p.txt"
    f.write_text(PASTE.format(n=1), "utf-8")
    code = (
        "import sys; from jobdesk.__main__ import main; rc = main(['clean', sys.argv[1]]); "
        "assert 'jobdesk.batch' not in sys.modules, 'imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(f)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "You’ll run Kubernetes" in done.stdout
    assert batch.FOLDER_SUFFIXES  # (the batch module is importable on its own)

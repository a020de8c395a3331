"""``jobdesk rules test PACK`` and ``jobdesk rules diff`` (cli/rules.py), beside the
``jobdesk rules [FILE]`` listing, which still works."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pytest

from jobdesk.__main__ import main
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document
from jobdesk.core.rules import load_rules
from jobdesk.storage.library import Library, NewPosting


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


GOOD = textwrap.dedent(
    r"""
    [pack]
    id = "mine"

    [[rule]]
    id = "mine.sponsored"
    category = "site-chrome"
    kind = "line"
    phrases = ["Sponsored listing"]
    examples.remove = ["Sponsored listing"]
    examples.keep = ["We sponsored a listing of open roles"]
    """
)

BAD = textwrap.dedent(
    r"""
    [pack]
    id = "mine"

    [[rule]]
    id = "mine.sponsored"
    category = "site-chrome"
    kind = "line"
    phrases = ["Sponsored listing"]
    examples.remove = ["Sponsored listing", "Sponsored job"]
    examples.keep = ["Sponsored listing"]

    [[rule]]
    id = "mine.broken"
    category = "site-chrome"
    kind = "line"
    pattern = "(unclosed"

    [[rule]]
    id = "mine.keeper"
    category = "keep"
    kind = "phrase"
    phrases = ["salary"]
    examples.keep = ["The salary is $100k"]
    examples.remove = ["Apply now"]
    """
)


def test_rules_test_passes_a_good_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(GOOD)
    code, out, err = run(["rules", "test", str(pack)], capsys)
    assert (code, err) == (0, "")
    assert out == "ok: 2 example(s) of 1 pack(s) pass\n"


def test_rules_test_reports_each_failure_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(BAD)
    code, out, err = run(["rules", "test", str(pack)], capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{pack}: rule 'mine.broken': pattern:")
    assert lines[1:] == [
        f"{pack}: rule 'mine.sponsored' should match: 'Sponsored job'",
        f"{pack}: rule 'mine.sponsored' must not match: 'Sponsored listing'",
    ]
    assert "3 failure(s)" in err


def test_rules_test_runs_a_shipped_pack(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = Path(__file__).resolve().parents[2] / "jobdesk" / "rules" / "linkedin.toml"
    code, out, _ = run(["rules", "test", str(shipped)], capsys)
    assert code == 0 and out.startswith("ok: ")
    assert int(out.split()[1]) > 20


def test_rules_test_missing_pack_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(["rules", "test", str(tmp_path / "none.toml")], capsys)
    assert code == 2 and "no such file" in err


def test_the_rules_listing_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "posting.txt"
    p.write_text("Data Engineer\nYou‚Äôll build pipelines.\n")
    code, out, _ = run(["rules", "--format", "json", str(p)], capsys)
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["encoding.mojibake"]["hits"] == 1
    with pytest.raises(SystemExit) as exc:
        main(["rules", "--help"])
    assert exc.value.code == 0
    assert "rules test PACK.toml" in capsys.readouterr().out


# -- rules diff ---------------------------------------------------------------------

ONE = (
    "Backend Engineer\n\nBuild our APIs and the tools around them, with a small team.\n\n"
    "We are an equal opportunity employer and value diversity at our company.\n"
)
TWO = "Designer\n\nDraw the screens of our app with people who care about the details.\n"
THREE = (
    "Data Engineer\n\nBuild pipelines that feed our reports, day in and day out.\n\n"
    "We are an equal opportunity employer and value diversity at our company.\n"
)


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path / "config"))
    data = tmp_path / "data"
    cleaner = Cleaner(load_rules(user_dir=False))
    with Library.open(data / "library.sqlite3") as lib:
        for text in (ONE, TWO, THREE):
            result = cleaner.match(Document(source=text)).resolve()
            assert "equal opportunity" not in result.cleaned
            lib.add(NewPosting.from_result(result))
        third = lib.ids(sort="id", descending=False)[2]
        lib.update(third, hand_edited=True)
    return data


def _digest(folder: Path) -> str:
    """The library file's digest; a WAL left beside it must be empty (a reader of a WAL
    database makes the -shm index and an empty -wal: no data is written)."""
    wal = folder / "library.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    return hashlib.sha256((folder / "library.sqlite3").read_bytes()).hexdigest()


def test_rules_diff_says_what_would_change_and_writes_nothing(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(library)
    code, out, _err = run(
        ["rules", "diff", "--data-dir", str(library), "--disable", "legal.*"], capsys
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "#1  Backend Engineer"
    assert any(line.startswith("    legal.") and line.endswith(": 1 → 0 edit(s)") for line in lines)
    assert "    +We are an equal opportunity employer and value diversity at our company." in lines
    assert "#3  Data Engineer  (hand-edited: never overwritten without your choice)" in lines
    assert not any(line.startswith("#2") for line in lines)
    assert "2 of 3 posting(s) would change (1 hand-edited); nothing was written" in lines
    assert _digest(library) == before


def test_rules_diff_with_todays_defaults_changes_nothing(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["rules", "diff", "--data-dir", str(library)], capsys)
    assert code == 0
    assert out.splitlines()[0] == "0 of 3 posting(s) would change; nothing was written"


def test_rules_diff_flags_apply_in_order_and_json(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["rules", "diff", "--data-dir", str(library), "--format", "json"]
    code, out, _ = run([*args, "--disable", "legal.*", "--enable", "legal.*"], capsys)
    assert code == 0 and json.loads(out)["changed"] == []
    code, out, _ = run([*args, "--enable", "legal.*", "--disable", "legal.*"], capsys)
    data = json.loads(out)
    assert data["postings"] == 3
    assert [c["id"] for c in data["changed"]] == [1, 3]
    assert [c["hand_edited"] for c in data["changed"]] == [False, True]
    rule = next(iter(data["changed"][0]["rules"]))
    assert rule.startswith("legal.") and data["rules"][rule] == 2
    code, out, _ = run([*args, "--preset", "conservative"], capsys)
    assert [c["id"] for c in json.loads(out)["changed"]] == [1, 3]


def test_rules_diff_errors(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(["rules", "diff", "--data-dir", str(tmp_path / "none")], capsys)
    assert code == 1 and "no library at" in err
    assert not (tmp_path / "none").exists()
    code, _out, err = run(["rules", "diff", "--data-dir", str(library), "--disable", "zz*"], capsys)
    assert code == 2 and "no rule matches 'zz*'" in err


def test_rules_diff_applies_the_users_exceptions(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from jobdesk.core.exemptions import Exemption, Exemptions

    Exemptions([Exemption("keep", "everywhere", text="equal opportunity employer")]).save()
    code, out, _ = run(["rules", "diff", "--data-dir", str(library), "--format", "json"], capsys)
    assert code == 0
    assert [c["id"] for c in json.loads(out)["changed"]] == [1, 3]


def test_rules_exceptions_lists_and_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from jobdesk.core.exemptions import Exemption, Exemptions

    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path))
    code, out, _ = run(["rules", "exceptions"], capsys)
    assert code == 0 and out.startswith("no exceptions")
    keep = Exemption("keep", "site", text="Our benefits", site="linkedin")
    off = Exemption("off", "everywhere", rule="legal.eeo")
    Exemptions([keep, off]).save()
    code, out, _ = run(["rules", "exceptions"], capsys)
    assert out.splitlines() == [
        f"{keep.id}  keep 'Our benefits'  on linkedin",
        f"{off.id}  rule legal.eeo off  everywhere",
    ]
    code, out, _ = run(["rules", "exceptions", "--remove", keep.id], capsys)
    assert code == 0 and out.startswith("removed ")
    assert list(Exemptions.load()) == [off]
    code, _out, err = run(["rules", "exceptions", "--remove", keep.id], capsys)
    assert code == 1 and "no exception" in err
    (tmp_path / "exceptions.json").write_text("{broken")
    code, _out, err = run(["rules", "exceptions"], capsys)
    assert code == 1 and "not valid JSON" in err

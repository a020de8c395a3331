from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from jobdesk.__main__ import main

RAW = "Data Engineer\nApply\n\nYou‚Äôll build pipelines.\n\n\n\nPay: $120,000\n"


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None
) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = main(args)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def posting(tmp_path: Path) -> Path:
    p = tmp_path / "posting.txt"
    p.write_text(RAW, encoding="utf-8")
    return p


def test_clean_text(posting: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["clean", str(posting)], capsys)
    assert code == 0 and err == ""
    assert "You’ll build pipelines." in out
    assert "\n\n\n" not in out


def test_clean_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["clean", "-"], capsys, stdin=RAW.encode())
    assert code == 0 and "You’ll build pipelines." in out


def test_clean_json_shape(posting: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["clean", "--format", "json", str(posting)], capsys)
    data = json.loads(out)
    assert code == 0
    assert {"source", "cleaned", "site", "edits", "rules"} <= set(data)
    assert data["source"] == RAW
    e = data["edits"][0]
    assert set(e) == {"start", "end", "rule", "replacement"}
    assert data["rules"]["encoding.mojibake"] == 1
    assert data["fields"]["title"]["value"] == "Data Engineer"
    assert data["fields"]["pay"][0]["min"] == 120000


def test_disable_with_glob(posting: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["clean", "--disable", "encoding.*", str(posting)], capsys)
    assert code == 0 and "You‚Äôll" in out


def test_explain_goes_to_stderr(posting: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["clean", "--explain", str(posting)], capsys)
    assert code == 0 and "encoding.mojibake" in err and "encoding.mojibake" not in out


def test_several_files_get_headers(
    posting: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "b.html"
    other.write_text("<p>Second posting</p>")
    code, out, _ = run(["clean", str(posting), str(other)], capsys)
    assert code == 0
    assert f"==> {posting} <==" in out and f"==> {other} <==" in out
    assert "Second posting" in out


def test_markdown(posting: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["clean", "--format", "markdown", str(posting)], capsys)
    assert code == 0 and out.startswith("# Data Engineer\n")


@pytest.mark.parametrize(
    ("args", "message", "expected"),
    [
        (["clean", "/definitely/missing.txt"], "no such file", 1),
        (["clean", "--disable", "no.such.rule", "-"], "no rule matches", 2),
        (["clean", "--site", "nowhere", "-"], "unknown site", 2),
    ],
)
def test_errors_are_one_line(
    args: list[str], message: str, expected: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys, stdin=b"x")
    assert code == expected
    assert message in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_binary_file_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "photo.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    code, out, err = run(["clean", str(p)], capsys)
    assert code == 1 and out == "" and "binary" in err


def test_bad_user_pack_is_reported_others_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules_dir = tmp_path / "cfg" / "rules"
    rules_dir.mkdir(parents=True)
    (rules_dir / "bad.toml").write_text(
        '[pack]\nid = "mine"\n[[rule]]\nid = "mine.x"\nkind = "line"\npattern = "(unclosed"\n'
    )
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path / "cfg"))
    code, out, err = run(["rules"], capsys)
    assert code == 0
    assert "bad.toml" in err and "mine.x" in err and "invalid regex" in err
    assert "encoding.mojibake" in out


def test_wrong_values_in_user_packs_are_one_line_each_and_clean_still_runs(
    posting: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules_dir = tmp_path / "cfg" / "rules"
    rules_dir.mkdir(parents=True)
    (rules_dir / "a.toml").write_text('[pack]\nid = "a"\npriority = "high"\n')
    (rules_dir / "b.toml").write_text(
        '[pack]\nid = "b"\n'
        '[[rule]]\nid = "b.nan"\nkind = "tail"\npattern = "Pay"\nmin_offset = nan\n'
        '[[rule]]\nid = "b.group"\nkind = "replace"\npattern = "Pay"\nreplacement = "\\\\g<99>"\n'
        '[[rule]]\nid = "b.no"\nkind = "line"\npattern = "Apply"\ndefault = "no"\n'
    )
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path / "cfg"))
    code, out, err = run(["clean", str(posting)], capsys)
    assert code == 0 and "Pay: $120,000" in out
    lines = err.splitlines()
    assert len(lines) == 4 and all(line.startswith("jobdesk: warning: ") for line in lines)
    assert "a.toml: [pack] priority: must be a whole number" in lines[0]
    assert [line.split(": ")[3] for line in lines[1:]] == [
        "rule 'b.nan'",
        "rule 'b.group'",
        "rule 'b.no'",
    ]
    assert [line.split(": ")[4] for line in lines[1:]] == ["min_offset", "replacement", "default"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_given_as_pack_is_refused_not_waited_on(
    posting: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pack.toml"
    os.mkfifo(fifo)
    code, out, err = run(["clean", "--pack", str(fifo), str(posting)], capsys)
    assert code == 2 and out == ""
    assert "not a regular file" in err and "Traceback" not in err


def test_rules_with_file_counts_hits(posting: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--format", "json", str(posting)], capsys)
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["encoding.mojibake"]["hits"] == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from jobdesk import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"jobdesk {__version__}\n"
    assert version("jobdesk") == __version__  # (the one the build wrote in the metadata)


def test_version_loads_no_rules_no_qt_and_no_package_metadata() -> None:
    import subprocess

    code = (
        "import sys; from jobdesk.__main__ import main; main(['--version']); "
        "print(sorted(m for m in sys.modules if m.startswith("
        "('jobdesk.core', 'jobdesk.cli', 'PySide6', 'ftfy', 'importlib.metadata', 'argparse'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0].startswith("jobdesk ") and out[1] == "[]"


def test_clean_imports_neither_the_library_nor_the_exceptions_a_user_does_not_have(
    tmp_path: Path,
) -> None:
    import subprocess

    posting = tmp_path / "posting.txt"  # (no mojibake: ftfy's repair imports hashlib)
    posting.write_text("Data Engineer\nApply\n\nYou’ll build pipelines.\n", "utf-8")

    code = (
        "import sys; from jobdesk.__main__ import main; main(sys.argv[1:]); "
        "print(sorted(m for m in sys.modules if m.startswith(('jobdesk.storage', 'sqlite3', "
        "'jobdesk.cli.library', 'jobdesk.session', 'jobdesk.core.exemptions', "
        "'importlib.resources', 'hashlib'))))"
    )
    env = {**os.environ, "JOBDESK_CONFIG_DIR": str(tmp_path / "config")}

    def clean() -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", code, "clean", str(posting)],
            capture_output=True, text=True, check=True, env=env,
        ).stdout.splitlines()  # fmt: skip

    out = clean()
    assert "You’ll build pipelines." in out and out[-1] == "[]"
    # (with exceptions, they are read and applied: see the test below)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "exceptions.json").write_text('{"version": 1, "exceptions": []}')
    assert "jobdesk.core.exemptions" in clean()[-1]


def test_the_file_of_exceptions_the_clean_looks_for_is_the_one_they_are_kept_in() -> None:
    from jobdesk.cli.clean import EXCEPTIONS_FILE
    from jobdesk.core.exemptions import FILE_NAME

    assert EXCEPTIONS_FILE == FILE_NAME


@pytest.mark.parametrize(
    "argv",
    [
        ["clean"],
        ["clean", "--help"],
        ["clean", "--format", "yaml", "x.txt"],
        ["clean", "--bogus", "x.txt"],
        ["clean", "x.txt", "--jobs", "many"],
        ["rules", "--help"],
        ["rules", "--format", "csv"],
        ["rules", "a", "b"],
    ],
)
def test_clean_and_rules_parse_alike_with_their_own_parser_and_with_every_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from jobdesk.cli.main import build_parser

    def parse(parser: object) -> tuple[object, str, str]:
        try:
            got: object = vars(parser.parse_args(argv))  # type: ignore[attr-defined]
        except SystemExit as exc:
            got = exc.code
        out, err = capsys.readouterr()
        return got, out, err

    def commands(parser: Any) -> set[str]:
        return set(parser._subparsers._group_actions[0].choices)

    slim, full = build_parser(argv[0]), build_parser()
    assert commands(slim) == {"clean", "rules"} < commands(full)
    assert parse(slim) == parse(full)


def test_site_none_cleans_with_the_generic_packs_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / "paste.txt"
    p.write_text("Data Analyst\nAcme\n\nBuild dashboards.\n\n36 people clicked apply\n", "utf-8")
    code, out, _ = run(["clean", "--format", "json", str(p)], capsys)
    detected = json.loads(out)
    assert code == 0 and detected["site"] == "linkedin"
    assert any(r.startswith("linkedin.") for r in detected["rules"])
    code, out, _ = run(["clean", "--format", "json", "--site", "none", str(p)], capsys)
    blind = json.loads(out)
    assert code == 0 and blind["site"] is None
    assert not any(r.startswith("linkedin.") for r in blind["rules"])


def test_clean_applies_the_users_exceptions(
    posting: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from jobdesk.core.exemptions import Exemption, Exemptions

    code, before, _ = run(["clean", str(posting)], capsys)
    assert code == 0 and "You’ll" in before and "Apply" not in before
    Exemptions(
        [
            Exemption(action="off", scope="everywhere", rule="encoding.mojibake"),
            Exemption(action="keep", scope="everywhere", text="Apply"),
        ]
    ).save()
    code, after, _ = run(["clean", str(posting)], capsys)
    assert code == 0 and "You‚Äôll" in after and "\nApply\n" in after

"""jobdesk.batch and ``jobdesk clean FOLDER|FILE.jsonl|FILE.csv``."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import pytest

from jobdesk import batch
from jobdesk.__main__ import main
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_path, ingest_text

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"

PASTE = (
    "Data Engineer\nApply\nSave\n\nYou‚Äôll build pipelines for posting {n}.\n\n\n\n"
    "Pay: $120,000\n\nAccept all cookies\n"
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(PASTE.format(n=1), "utf-8")
    (root / "b" / "page.html").write_bytes((CASES / "html-page-chrome.raw.html").read_bytes())
    (root / "b" / "deep" / "c.md").write_text(PASTE.format(n=3), "utf-8")
    (root / "b" / "notes.pdf").write_bytes(b"%PDF-1.4 not a posting")
    (root / ".hidden" / "x.txt").write_text("hidden", "utf-8")
    (root / "b" / "empty.txt").write_text("  \n", "utf-8")
    return root


def test_folder_to_jsonl_matches_single_file_cleaning(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(["clean", str(tree), "--out", str(out), "--jobs", "1"], capsys)
    assert code == 1  # the empty file failed, and said so
    assert stdout == ""
    recs = lines(out)
    assert [r["record"] for r in recs] == ["a.txt", "b/deep/c.md", "b/page.html"]
    cleaner = Cleaner()
    for r in recs:
        result = cleaner.match(ingest_path(tree / str(r["record"]))).resolve()
        assert r["cleaned"] == result.cleaned
        assert r["site"] == result.site
        assert sum(r["rules"].values()) == len(result.edits)  # type: ignore[attr-defined]
        assert isinstance(r["facts"], dict) and "title" in r["facts"]
    assert "You’ll build pipelines for posting 1." in str(recs[0]["cleaned"])
    assert recs[0]["rules"]["encoding.mojibake"] >= 1  # type: ignore[index]
    assert "3 postings cleaned, 1 failed" in err
    assert "failed: b/empty.txt: holds no text" in err
    assert "removals:" in err


def test_jsonl_carries_fields_and_survives_bad_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "ads.jsonl"
    rows = [
        json.dumps({"id": 1, "body": PASTE.format(n=1), "company": "Acme"}),
        "{not json",
        json.dumps({"id": 3, "title": "no body here"}),
        json.dumps([1, 2]),
        "",
        json.dumps({"id": 6, "body": PASTE.format(n=6), "cleaned": "theirs"}),
    ]
    src.write_text("\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(["clean", str(src), "--field", "body", "--out", str(out)], capsys)
    assert code == 1
    recs = lines(out)
    assert [r["record"] for r in recs] == ["line 1", "line 6"]
    assert recs[0]["id"] == 1 and recs[0]["company"] == "Acme" and "body" not in recs[0]
    assert "posting 6" in str(recs[1]["cleaned"])  # ours replaces a carried 'cleaned'
    # an existing output is neither replaced nor appended to unless asked
    before = out.read_bytes()
    code, _, err = run(["clean", str(src), "--field", "body", "--out", str(out)], capsys)
    assert code == 1 and "exists (add --resume to go on, --force to replace it)" in err
    assert out.read_bytes() == before
    assert main(["clean", str(src), "--field", "body", "--out", str(out), "--resume"]) == 1
    assert out.read_bytes() == before  # nothing new: the failures fail again
    assert main(["clean", str(src), "--field", "body", "--out", str(out), "--force"]) == 1
    assert out.read_bytes() == before
    code, _, err = run(["clean", str(src), "--field", "body", "--out", str(src)], capsys)
    assert code == 2 and "is the input" in err
    assert "failed: line 2: not JSON" in err
    assert "failed: line 3: no field 'body'" in err
    assert "failed: line 4: not a JSON object but list" in err


def test_csv_column_and_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "ads.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["job_id", "text", "city"])
        w.writerow(["j1", PASTE.format(n=1), "Berlin"])
        w.writerow(["j2", "", "Paris"])
        w.writerow(["j3", PASTE.format(n=3), "Rome"])
    code, out, err = run(["clean", str(src), "--column", "text", "--jobs", "1"], capsys)
    assert code == 1
    recs = [json.loads(line) for line in out.splitlines()]
    assert [(r["record"], r["job_id"], r["city"]) for r in recs] == [
        ("row 1", "j1", "Berlin"),
        ("row 3", "j3", "Rome"),
    ]
    assert "Apply" not in str(recs[0]["cleaned"]).split("\n")
    assert "failed: row 2: holds no text" in err
    code, _, err = run(["clean", str(src), "--column", "nope"], capsys)
    assert code == 1 and "no column 'nope'" in err


def test_jobs_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    src = tmp_path / "ads.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for n in range(90):
            text = PASTE.format(n=n) if n % 7 else "<p>" + PASTE.format(n=n) + "</p>"
            f.write(json.dumps({"n": n, "description": text}) + "\n")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["clean", str(src), "--out", str(one), "--jobs", "1"]) == 0
    assert main(["clean", str(src), "--out", str(two), "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert [r["n"] for r in lines(two)] == list(range(90))

    # the summary knows which processes did the work, and what it cost them
    recs = list(batch.read_records(src))
    here = batch.run(recs, batch.JsonlSink(tmp_path / "a.jsonl"), jobs=1)
    pool = batch.run(recs, batch.JsonlSink(tmp_path / "b.jsonl"), jobs=2)
    assert list(here.workers) == [os.getpid()]
    assert pool.workers and os.getpid() not in pool.workers
    assert here.cpu_seconds > 0 and pool.cpu_seconds > 0
    assert all(rss > 0 for rss in [*here.workers.values(), *pool.workers.values()])
    assert pool.postings == here.postings == 90
    assert any("postings per CPU-second" in line for line in pool.lines())


def test_progress_on_a_terminal_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "ads.jsonl"
    src.write_text(
        "".join(json.dumps({"description": PASTE.format(n=n)}) + "\n" for n in range(3)), "utf-8"
    )
    seen: list[int] = []
    recs = list(batch.read_records(src))
    sink = batch.JsonlSink(tmp_path / "o.jsonl")
    batch.run(recs, sink, progress=lambda s: seen.append(s.postings), progress_every=0)
    assert seen == [1, 2, 3]
    code, _, err = run(["clean", str(src), "--out", str(tmp_path / "a.jsonl")], capsys)
    assert code == 0 and "\r" not in err  # stderr is no terminal here
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = run(["clean", str(src), "--out", str(tmp_path / "b.jsonl")], capsys)
    assert code == 0 and "\r1 postings (0 failed)" in err
    assert "\njobdesk: 3 postings cleaned" in err


def test_no_facts(tmp_path: Path) -> None:
    src = tmp_path / "ads.jsonl"
    src.write_text(json.dumps({"description": PASTE.format(n=1)}) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "--out", str(out), "--no-facts"]) == 0
    (rec,) = lines(out)
    assert "facts" not in rec and "Pay: $120,000" in str(rec["cleaned"])


def test_folder_to_tree(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["clean", str(tree), "--out", str(out), "--jobs", "2"]) == 1
    got = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert got == ["a.txt", "b/deep/c.md.txt", "b/page.html.txt"]
    cleaned = Cleaner().match(ingest_path(tree / "b" / "page.html")).resolve().cleaned
    assert (out / "b" / "page.html.txt").read_text("utf-8").rstrip("\n") == cleaned.rstrip("\n")
    # not empty: refused without --resume or --force
    assert main(["clean", str(tree), "--out", str(out)]) == 1


def test_site_enable_disable_apply(tmp_path: Path) -> None:
    src = tmp_path / "ads.jsonl"
    src.write_text(json.dumps({"description": PASTE.format(n=1)}) + "\n", "utf-8")
    on, off = tmp_path / "on.jsonl", tmp_path / "off.jsonl"
    assert main(["clean", str(src), "--out", str(on), "--site", "none"]) == 0
    assert main(["clean", str(src), "--out", str(off), "--disable", "encoding.*"]) == 0
    (a,), (b,) = lines(on), lines(off)
    assert a["site"] is None
    assert "You’ll" in str(a["cleaned"]) and "You‚Äôll" in str(b["cleaned"])
    assert not any(k.startswith("encoding.") for k in b["rules"])  # type: ignore[attr-defined]
    assert main(["clean", str(src), "--out", str(tmp_path / "x.jsonl"), "--disable", "zz*"]) == 2
    assert main(["clean", str(src), "--site", "nosuchsite"]) == 2


def test_batch_flags_need_a_batch_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "posting.txt"
    p.write_text(PASTE.format(n=1), "utf-8")
    code, out, err = run(["clean", str(p), "--out", str(tmp_path / "o.jsonl")], capsys)
    assert code == 2 and out == "" and "take a folder, a .jsonl, a .csv or a .parquet" in err
    code, out, _ = run(["clean", str(p)], capsys)  # a single file: as before
    assert code == 0 and out.startswith("Data Engineer\n") and not out.startswith("{")
    src = tmp_path / "a.jsonl"
    src.write_text("", "utf-8")
    code, _, err = run(["clean", str(src), "--resume"], capsys)
    assert code == 2 and "--resume needs --out" in err
    code, _, err = run(["clean", str(src), "--format", "json", "--explain"], capsys)
    assert code == 2 and "--format, --explain: for single files, not a batch" in err


def test_jsonl_sink_resume_cuts_a_torn_line_and_knows_what_is_done(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    whole = json.dumps({"record": "line 1", "cleaned": "x", "rules": {}}) + "\n"
    out.write_bytes(whole.encode() + b'{"record": "line 2", "clea')
    sink = batch.JsonlSink(out, resume=True)
    assert sink.done() == {"line 1"}
    sink.write([batch.Outcome("line 2", {"record": "line 2", "cleaned": "y", "rules": {}})])
    sink.close()
    assert [r["record"] for r in lines(out)] == ["line 1", "line 2"]


def test_api_clean_text_and_records() -> None:
    got = batch.clean_text(PASTE.format(n=1), batch.BatchOptions(facts=False))
    assert "facts" not in got and "Apply" not in got["cleaned"].split("\n")
    recs = [batch.Record("a", text=PASTE.format(n=1)), batch.Record("b", error="broken")]
    outs = list(batch.clean_records(recs, jobs=1))
    assert [(o.key, o.error) for o in outs] == [("a", None), ("b", "broken")]
    html = batch.clean_text("<html><body><nav>Home Jobs</nav><p>Build things.</p></body></html>")
    assert html["cleaned"].strip() == "Build things."
    assert ingest_text("plain").source == "plain"


@pytest.mark.parametrize("stage", ["_resolved", "_data_of"])
def test_a_failing_record_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """An engine bug in the clean or in the facts: that record fails, the others not."""
    options = batch.BatchOptions()
    batch.prepare(options)
    real = getattr(batch, stage)

    def boom(doc: object, opts: batch.BatchOptions) -> object:
        if "posting 2" in getattr(doc, "source", ""):
            raise RuntimeError("engine bug")
        return real(doc, opts)

    monkeypatch.setattr(batch, stage, boom)
    recs = [batch.Record(str(n), text=PASTE.format(n=n)) for n in (1, 2, 3)]
    outs = list(batch.clean_records(recs, options, jobs=1))
    assert [o.error for o in outs] == [None, "RuntimeError: engine bug", None]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("target", ["out.jsonl", "outdir"])
def test_sigkill_and_resume_gives_the_uninterrupted_output(tmp_path: Path, target: str) -> None:
    import os
    import signal
    import subprocess
    import time

    src = tmp_path / "ads.jsonl"
    filler = "You will design, build and run data pipelines in Python and SQL. " * 30
    with open(src, "w", encoding="utf-8") as f:
        for n in range(1500):
            f.write(json.dumps({"n": n, "description": PASTE.format(n=n) + filler}) + "\n")
    whole, part = tmp_path / "whole" / target, tmp_path / "part" / target
    whole.parent.mkdir()
    part.parent.mkdir()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "jobdesk", "clean", str(src), "--jobs", "2", "--out"]
    subprocess.run([*cmd, str(whole)], env=env, check=True, capture_output=True)

    def written() -> int:
        if part.suffix == ".jsonl":
            return part.stat().st_size if part.exists() else 0
        return sum(1 for _ in part.rglob("*.txt")) if part.exists() else 0

    proc = subprocess.Popen(
        [*cmd, str(part)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers are in its process group
    )
    deadline = time.monotonic() + 120
    while written() < (200_000 if part.suffix == ".jsonl" else 150):
        assert proc.poll() is None, "finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    gone = time.monotonic() + 30  # the workers notice and end
    while _group_alive(proc.pid) and time.monotonic() < gone:
        time.sleep(0.1)
    assert not _group_alive(proc.pid), "workers outlived the killed run"
    done_before = written()
    subprocess.run([*cmd, str(part), "--resume"], env=env, check=True, capture_output=True)
    if part.suffix == ".jsonl":
        assert done_before < whole.stat().st_size
        assert part.read_bytes() == whole.read_bytes()
        keys = [r["record"] for r in lines(part)]
        assert len(keys) == len(set(keys)) == 1500
    else:
        assert done_before < 1500
        files = sorted(p.relative_to(part) for p in part.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file())
        assert len(files) == 1500
        for p in files:
            assert (part / p).read_bytes() == (whole / p).read_bytes()


def _group_alive(pgid: int) -> bool:
    import os

    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_batch_applies_the_users_exceptions_as_a_single_file_clean_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from jobdesk.core.exemptions import Exemption, Exemptions, posting_key

    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"p{n}.txt").write_text(PASTE.format(n=n), "utf-8")
    key = posting_key(ingest_path(src / "p1.txt").source)
    Exemptions(
        [
            Exemption(action="off", scope="everywhere", rule="encoding.mojibake"),
            Exemption(action="keep", scope="posting", posting=key, text="Accept all cookies"),
        ]
    ).save()
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert main(["clean", str(src), "--out", str(out), "--jobs", jobs, "--no-facts"]) == 0
        recs = {r["record"]: r for r in lines(out)}
        for n in range(3):
            rec = recs[f"p{n}.txt"]
            single = run(["clean", str(src / f"p{n}.txt")], capsys)[1]
            assert str(rec["cleaned"]).rstrip("\n") == single.rstrip("\n")
            assert "You‚Äôll build" in str(rec["cleaned"])  # the rule is off everywhere
            assert "encoding.mojibake" not in rec["rules"]  # type: ignore[operator]
            kept = "Accept all cookies" in str(rec["cleaned"])
            assert kept == (n == 1)  # kept in that posting only

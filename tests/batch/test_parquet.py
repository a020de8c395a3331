"""``jobdesk clean ads.parquet --column text --out cleaned.parquet``: Parquet in and out.

pyarrow is the optional extra ``jobdesk[parquet]`` (and in the dev group, so CI runs
these); without it these tests are skipped, saying so, and a Parquet input or output is
one line naming the extra.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from jobdesk import batch
from jobdesk.__main__ import main

pa = pytest.importorskip("pyarrow", reason="pyarrow (jobdesk[parquet]) is not installed")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (jobdesk[parquet]) is not installed")

PASTE = (
    "Data Engineer\nApply\nSave\n\nYou‚Äôll build pipelines for posting {n}.\n\n\n\n"
    "Pay: $120,000 - $140,000 a year\n\nAccept all cookies\n"
)
DAY = dt.datetime(2026, 1, 2, 3, 4, 5)


def _ads(path: Path, texts: list[str | None]) -> Path:
    table = pa.table(
        {
            "job_id": pa.array([f"j{i}" for i in range(len(texts))]),
            "text": pa.array(texts, pa.string()),
            "salary_floor": pa.array([100 + i for i in range(len(texts))], pa.int64()),
            "scraped": pa.array([DAY] * len(texts), pa.timestamp("us")),
        }
    )
    pq.write_table(table, path, row_group_size=2)  # several row groups
    return path


def test_parquet_in_and_out_hold_the_jsonl_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _ads(tmp_path / "ads.parquet", [PASTE.format(n=n) for n in range(5)])
    as_jsonl, as_parquet = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    args = ["clean", str(src), "--column", "text", "--jobs", "1", "--out"]
    assert main([*args, str(as_jsonl)]) == 0
    assert main([*args, str(as_parquet)]) == 0
    capsys.readouterr()
    records = [json.loads(line) for line in as_jsonl.read_text("utf-8").splitlines()]
    table = pq.read_table(as_parquet)
    # the input's other columns keep their types; jobdesk's fields are text
    assert table.schema.field("salary_floor").type == pa.int64()
    assert table.schema.field("scraped").type == pa.timestamp("us")
    assert "text" not in table.schema.names
    rows = table.to_pylist()
    assert [r["record"] for r in rows] == [f"row {n}" for n in range(1, 6)]
    assert rows[0]["scraped"] == DAY and records[0]["scraped"] == DAY.isoformat()
    for row, rec in zip(rows, records, strict=True):
        assert set(row) == set(rec)
        assert row["cleaned"] == rec["cleaned"] and "Apply" not in row["cleaned"].split("\n")
        assert json.loads(row["facts"]) == rec["facts"]
        assert json.loads(row["rules"]) == rec["rules"]
        assert (row["job_id"], row["salary_floor"]) == (rec["job_id"], rec["salary_floor"])
    assert json.loads(rows[0]["facts"])["pay"][0]["min"] == 120000


def test_a_row_without_text_is_reported_and_the_rest_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _ads(tmp_path / "ads.parquet", [PASTE.format(n=0), None, "", PASTE.format(n=3)])
    out = tmp_path / "out.parquet"
    code = main(["clean", str(src), "--column", "text", "--jobs", "2", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "failed: row 2: no text in column 'text'" in err
    assert "failed: row 3: holds no text" in err
    assert [r["record"] for r in pq.read_table(out).to_pylist()] == ["row 1", "row 4"]


def test_jsonl_to_parquet_text_columns_and_a_field_the_first_record_lacks(
    tmp_path: Path,
) -> None:
    src = tmp_path / "ads.jsonl"
    recs = [
        {"n": 1, "tags": ["a", "b"], "city": "Berlin", "description": PASTE.format(n=1)},
        {"n": 2, "tags": None, "city": "Paris", "description": PASTE.format(n=2)},
        {"n": 3, "city": "Rome", "surprise": 1, "description": PASTE.format(n=3)},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    out = tmp_path / "out.parquet"
    summary = batch.run(batch.read_records(src), batch.ParquetSink(out), batch.BatchOptions())
    rows = pq.read_table(out).to_pylist()
    # a JSON value that is not a text is kept as JSON text; nothing is cut short
    assert [(r["n"], r["tags"], r["city"]) for r in rows] == [
        ("1", '["a", "b"]', "Berlin"),
        ("2", None, "Paris"),
    ]
    assert summary.postings == 2
    assert summary.failures == [("line 3", "field 'surprise' is not a column of the output")]


def test_parquet_output_is_written_beside_and_renamed(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    sink = batch.ParquetSink(out, rows=1)
    data = {"record": "row 1", "cleaned": "x", "site": None, "facts": {}, "rules": {"r": 1}}
    sink.write([batch.Outcome("row 1", data)])
    assert not out.exists() and (tmp_path / ".jobdesk-tmp-out.parquet").exists()
    sink.close()
    assert out.exists() and not (tmp_path / ".jobdesk-tmp-out.parquet").exists()
    assert pq.read_table(out).to_pylist() == [{**data, "facts": "{}", "rules": '{"r": 1}'}]
    empty = tmp_path / "empty.parquet"
    batch.ParquetSink(empty).close()  # nothing cleaned: our columns, no rows
    assert pq.read_table(empty).schema.names == list(batch.OUR_FIELDS)


def test_parquet_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _ads(tmp_path / "ads.parquet", [PASTE.format(n=0)])
    out = tmp_path / "out.parquet"
    out.write_bytes(b"old")
    assert main(["clean", str(src), "--column", "text", "--out", str(out)]) == 1
    assert "exists (add --force" in capsys.readouterr().err
    code = main(["clean", str(src), "--column", "text", "--out", str(out), "--resume"])
    assert code == 2 and "cannot be resumed" in capsys.readouterr().err
    assert main(["clean", str(src), "--column", "nope", "--jobs", "1"]) == 1
    assert "no column 'nope'" in capsys.readouterr().err
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    assert main(["clean", str(bad), "--jobs", "1"]) == 1
    assert "not a Parquet file we can read" in capsys.readouterr().err
    assert out.read_bytes() == b"old"


def test_without_pyarrow_one_line_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _ads(tmp_path / "ads.parquet", [PASTE.format(n=0)])
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.setitem(sys.modules, name, None)  # import pyarrow… raises ImportError
    assert main(["clean", str(src), "--column", "text", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "Parquet needs pyarrow: pip install 'jobdesk[parquet]'" in err
    assert len(err.strip().splitlines()) == 1

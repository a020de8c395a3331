"""A chunk of records goes through each stage (read, clean, facts) before the next: the
same outcomes, in the same order, as a record at a time (the old way, kept as the oracle)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jobdesk import batch
from jobdesk.core.ingest import MAX_BYTES, IngestError, ingest_bytes, ingest_text, read_path

PASTE = "Data Engineer\nApply\nSave\n\nYou‚Äôll build pipelines for posting {n}.\n\nPay: $120,000\n"


def one_at_a_time(rec: batch.Record, options: batch.BatchOptions) -> batch.Outcome:
    """batch._clean_one as it was: a record read, cleaned and its facts read, then the next."""
    if rec.line is not None:
        rec = batch._parse_line(rec)
    if rec.error is not None:
        return batch.Outcome(rec.key, error=rec.error)
    try:
        if rec.path is not None:
            raw = read_path(Path(rec.path))
            size = len(raw)
            doc = ingest_bytes(raw, name=Path(rec.path).name)
        else:
            text = rec.text or ""
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > MAX_BYTES:
                raise IngestError(f"over the {MAX_BYTES // 1_000_000} MB limit")
            doc = ingest_text(text)
        cleaner = batch.prepare(options)
        overrides = batch._STATE[options][1]
        if not doc.source.strip():
            raise IngestError("holds no text; nothing to clean")
        result = cleaner.match(doc, site=options.site).resolve(overrides)
        data: dict[str, Any] = {"cleaned": result.cleaned, "site": result.site}
        if options.facts:
            from jobdesk.core.facts import extract_facts

            data["facts"] = extract_facts(result).to_json()
        data["rules"] = dict(sorted(Counter(e.rule for e in result.edits).items()))
    except IngestError as exc:
        return batch.Outcome(rec.key, error=str(exc))
    except Exception as exc:
        return batch.Outcome(rec.key, error=f"{type(exc).__name__}: {exc}")
    out = {**rec.extra, "record": rec.key, **data}
    return batch.Outcome(rec.key, out, bytes_in=size, bytes_out=len(data["cleaned"].encode()))


def _records(tmp_path: Path, seed: int) -> list[batch.Record]:
    """Texts, JSONL lines (good, not JSON, not an object, no text), files (text, HTML,
    binary, missing), blank texts and a text over the size limit."""
    rng = random.Random(seed)
    recs: list[batch.Record] = []
    for i in range(rng.randint(1, 40)):
        kind = rng.choice(["text", "text", "line", "badline", "list", "nofield", "file",
                           "html", "binary", "missing", "blank", "huge"])  # fmt: skip
        key = f"{i}-{kind}"
        if kind == "text":
            recs.append(batch.Record(key, text=PASTE.format(n=i), extra={"id": i}))
        elif kind == "line":
            line = json.dumps({"id": i, "description": PASTE.format(n=i), "x": [1, None]})
            recs.append(batch.Record(key, line=line))
        elif kind == "badline":
            recs.append(batch.Record(key, line='{"description": '))
        elif kind == "list":
            recs.append(batch.Record(key, line="[1, 2]"))
        elif kind == "nofield":
            recs.append(batch.Record(key, line=json.dumps({"title": 5})))
        elif kind in ("file", "html", "binary"):
            path = tmp_path / f"{key}.{'html' if kind == 'html' else 'txt'}"
            if kind == "file":
                path.write_text(PASTE.format(n=i))
            elif kind == "html":
                path.write_text(
                    f"<html><body><nav>Home</nav><p>Build things {i}.</p></body></html>"
                )
            else:
                path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
            recs.append(batch.Record(key, path=str(path)))
        elif kind == "missing":
            recs.append(batch.Record(key, path=str(tmp_path / "nope.txt")))
        elif kind == "blank":
            recs.append(batch.Record(key, text=" \n\t\n"))
        else:
            recs.append(batch.Record(key, text="x" * (MAX_BYTES + 1)))
    return recs


def _plain(o: batch.Outcome) -> tuple[Any, ...]:
    return (o.key, o.data, o.error, o.bytes_in, o.bytes_out, o.line)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("facts", [True, False])
def test_a_chunk_stage_by_stage_is_each_record_in_turn(
    tmp_path: Path, seed: int, facts: bool
) -> None:
    options = batch.BatchOptions(facts=facts)
    recs = _records(tmp_path, seed)
    want = [_plain(one_at_a_time(r, options)) for r in recs]
    assert [_plain(o) for o in batch._clean_many(recs, options)] == want
    got = [_plain(o) for o in batch.clean_records(recs, options, jobs=1, chunk=7)]
    assert got == want
    encoded = list(batch.clean_records(recs, options, jobs=1, chunk=5, encode=True))
    lines = [batch._json_line(w[1]) if w[1] is not None else None for w in want]
    assert [o.line for o in encoded] == lines
    assert any(w[2] for w in want) or all(w[1] for w in want)


def test_each_stage_runs_for_the_whole_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    options = batch.BatchOptions()
    events: list[str] = []
    for stage in ("_read_one", "_resolved", "_data_of"):
        real = getattr(batch, stage)

        def noted(*a: Any, _real: Any = real, _name: str = stage, **k: Any) -> Any:
            events.append(_name)
            return _real(*a, **k)

        monkeypatch.setattr(batch, stage, noted)
    recs = [batch.Record(str(n), text=PASTE.format(n=n)) for n in range(5)]
    outs = list(batch.clean_records(recs, options, jobs=1, chunk=3))
    assert [o.error for o in outs] == [None] * 5
    chunk = ["_read_one"] * 3 + ["_resolved"] * 3 + ["_data_of"] * 3
    assert events == chunk + ["_read_one"] * 2 + ["_resolved"] * 2 + ["_data_of"] * 2


def old_bag_partition(items: list[Any], field: str, options: batch.BatchOptions) -> list[Any]:
    """batch._bag_partition as it was: an item at a time."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            o = one_at_a_time(batch.Record("", text=item), options)
            if o.data is None:
                out.append({"error": o.error})
            else:
                out.append({k: v for k, v in o.data.items() if k != "record"})
            continue
        if not isinstance(item, dict):
            out.append({"error": f"not a text or a dict but {type(item).__name__}"})
            continue
        extra = dict(item)
        text = extra.pop(field, None)
        if not isinstance(text, str):
            out.append({**extra, "error": f"no text in field {field!r}"})
            continue
        o = one_at_a_time(batch.Record("", text=text, extra=extra), options)
        if o.data is not None:
            out.append({k: v for k, v in o.data.items() if k != "record"})
        else:
            out.append({**extra, "error": o.error})
    return out


@pytest.mark.parametrize("seed", range(6))
def test_a_dask_partition_is_cleaned_as_an_item_at_a_time(seed: int) -> None:
    rng = random.Random(seed)
    choices: list[Any] = [
        PASTE.format(n=1), " \n", {"id": 1, "description": PASTE.format(n=2)},
        {"id": 2, "description": "\t"}, {"id": 3, "title": "no text"}, 7, None,
        {"description": "<html><body><p>Build things.</p></body></html>", "x": [1]},
    ]  # fmt: skip
    items = [rng.choice(choices) for _ in range(rng.randint(0, 40))]
    options = batch.BatchOptions()
    assert batch._bag_partition(items, "description", options) == old_bag_partition(
        items, "description", options
    )


def test_a_pandas_frame_is_cleaned_as_a_row_at_a_time() -> None:
    pd = pytest.importorskip("pandas", reason="the jobdesk[dask] extra is not installed")
    texts: list[Any] = [PASTE.format(n=n) if n % 4 else None for n in range(21)]
    texts[5] = " \n"
    frame = pd.DataFrame({"description": texts, "id": range(21)})
    got = batch.clean_pandas(frame)
    cols = {c: [None if pd.isna(v) else v for v in got[c].tolist()] for c in got.columns}
    options = batch.BatchOptions()
    want: dict[str, list[Any]] = {"cleaned": [], "facts": [], "rules": [], "error": []}
    for text in texts:
        if not isinstance(text, str):
            d, error = None, "no text in column 'description'"
        else:
            o = one_at_a_time(batch.Record("", text=text), options)
            d, error = o.data, o.error
        want["cleaned"].append(None if d is None else d["cleaned"])
        want["facts"].append(None if d is None else json.dumps(d["facts"], ensure_ascii=False))
        want["rules"].append(None if d is None else json.dumps(d["rules"]))
        want["error"].append(error)
    assert {c: cols[c] for c in want} == want
    assert want["cleaned"].count(None) == 7  # the six rows without text, the blank one

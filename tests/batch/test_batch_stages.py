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

"""jobdesk.batch on a Dask cluster: the same output as one process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from jobdesk import batch

dask = pytest.importorskip("dask", reason="the jobdesk[dask] extra is not installed")
distributed = pytest.importorskip("distributed", reason="the jobdesk[dask] extra is not installed")
pd = pytest.importorskip("pandas", reason="dask.dataframe needs pandas (jobdesk[dask])")

PASTE = (
    "Backend Engineer {n}\nApply\nSave\nShare\n\nYou‚Äôll build APIs in Go for team {n}.\n"
    "\n\n\nSalary: $140,000 - $170,000 a year\n\nAccept all cookies\n"
)


def postings() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n in range(40):
        text = PASTE.format(n=n)
        if n % 5 == 0:
            text = f"<html><body><nav>Home Jobs</nav><main><p>{text}</p></main></body></html>"
        out.append({"id": n, "description": text if n != 7 else 7})
    return out


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def single_process(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    recs = [
        batch.Record(
            str(i),
            text=r["description"] if isinstance(r["description"], str) else None,
            extra={"id": r["id"]},
            error=None if isinstance(r["description"], str) else "no text",
        )
        for i, r in enumerate(rows)
    ]
    got = []
    for o in batch.clean_records(recs, jobs=1):
        got.append(None if o.data is None else {k: v for k, v in o.data.items() if k != "record"})
    return got  # type: ignore[return-value]


def test_bag_on_two_workers_equals_one_process(client: Any) -> None:
    import dask.bag as db

    rows = postings()
    want = single_process(rows)
    out = batch.clean_bag(db.from_sequence(rows, npartitions=6)).compute()
    assert len(out) == len(rows)
    for w, o in zip(want, out, strict=True):
        if w is None:
            assert o == {"id": 7, "error": "no text in field 'description'"}
        else:
            assert o == w
    assert "You’ll build APIs" in out[1]["cleaned"] and "Apply" not in out[1]["cleaned"]
    texts = batch.clean_bag(db.from_sequence([PASTE.format(n=1), "  "], npartitions=2)).compute()
    assert texts[0] == {k: v for k, v in want[1].items() if k != "id"}
    assert texts[1] == {"error": "holds no text; nothing to clean"}
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2


def test_dataframe_partitions_on_two_workers_equal_one_process(client: Any) -> None:
    import dask.dataframe as dd

    rows = [r for r in postings() if isinstance(r["description"], str)]
    want = single_process(rows)
    frame = pd.DataFrame(rows)
    got = batch.clean_dataframe(dd.from_pandas(frame, npartitions=4)).compute()
    assert list(got["id"]) == [r["id"] for r in rows]
    assert list(got["cleaned"]) == [w["cleaned"] for w in want]
    assert list(got["site"]) == [w["site"] for w in want]
    assert [json.loads(x) for x in got["rules"]] == [w["rules"] for w in want]
    assert [json.loads(x) for x in got["facts"]] == [w["facts"] for w in want]
    assert got["error"].isna().all()
    # a partition cleaned in this process by the same function gives the same frame
    here = batch.clean_pandas(frame)
    assert list(here["cleaned"]) == list(got["cleaned"])

"""What the hostile-input safeguards of the library cost (a script, not a test).

    uv run python -m tests.benchmarks.bench_hostile_storage [--n 3000]

Prints CPU times (medians of 5) and ratios for:

* saving a batch with a SAVEPOINT per posting (``add_many(skip_bad=True)``, what imports
  do) against one plain transaction (``add_many()``);
* reading a JSON export posting by posting (``_stream``: per-posting errors, type
  checks) against bare ``json.loads`` per line;
* opening a library: the first open in a process (runs ``PRAGMA quick_check``) against
  a later one (the check is remembered for an unchanged file).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jobdesk.storage import db
from jobdesk.storage.export import _stream, write_json
from jobdesk.storage.library import Library, NewPosting


def cpu(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def postings(n: int, seed: int) -> list[NewPosting]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(3000)]
    out = []
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(700))
        text = f"Role {seed}-{i}\n\n{body}"
        out.append(NewPosting(cleaned=text, source=text, raw=text, fields={"pay": "x"}))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    n = ap.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        # 1. savepoints
        seed = iter(range(1000))
        plain = []
        each = []
        for _ in range(3):
            with Library.open(d / f"a{len(plain)}.sqlite3") as lib:
                batch = postings(n // 10, next(seed))
                t = time.process_time()
                lib.add_many(batch)
                plain.append(time.process_time() - t)
            with Library.open(d / f"b{len(each)}.sqlite3") as lib:
                batch = postings(n // 10, next(seed))
                t = time.process_time()
                lib.add_many(batch, skip_bad=True)
                each.append(time.process_time() - t)
        p, e = statistics.median(plain), statistics.median(each)
        print(f"save {n // 10} postings, one transaction      {p * 1000:8.1f} ms CPU")
        print(f"save {n // 10} postings, a SAVEPOINT each     {e * 1000:8.1f} ms CPU  x{e / p:.2f}")

        # 2. export reading
        path = d / "lib.sqlite3"
        with Library.open(path) as lib:
            for k in range(0, n, 500):
                lib.add_many(postings(min(500, n - k), 100 + k))
            buf = io.StringIO()
            write_json(lib.iter_postings(lib.ids()), buf)
        text = buf.getvalue()
        lines = text.splitlines(keepends=True)
        start = next(i for i, ln in enumerate(lines) if ln.strip().startswith('"postings"')) + 1

        def guarded() -> None:
            for _ in _stream(iter(lines[start:])):  # type: ignore[arg-type]
                pass

        def bare() -> None:
            for ln in lines[start:]:
                s = ln.strip().rstrip(",")
                if s.startswith("]"):
                    break
                if s:
                    json.loads(s)

        g, b = cpu(guarded), cpu(bare)
        mb = len(text.encode()) / 1e6
        print(f"read a {mb:.0f} MB export ({n} postings)")
        print(f"  json.loads per line                      {b * 1000:8.1f} ms CPU")
        print(f"  _stream (per-posting errors, checks)     {g * 1000:8.1f} ms CPU  x{g / b:.2f}")

        # 3. open
        def first_open() -> None:
            db._CHECKED.clear()
            Library.open(path).close()

        def later_open() -> None:
            Library.open(path).close()

        f, later = cpu(first_open), cpu(later_open)
        size = path.stat().st_size / 1e6
        print(f"open a {size:.0f} MB library")
        print(f"  first time in the process (quick_check)  {f * 1000:8.1f} ms CPU")
        print(f"  again (check remembered)                 {later * 1000:8.1f} ms CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

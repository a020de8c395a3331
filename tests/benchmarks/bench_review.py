"""Reviewing a rule change across the library (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_review            # the corpus, 4 copies
    uv run python -m tests.benchmarks.bench_review --copies 1

The raw inputs of ``../shared/corpus`` are imported into a library in a temporary
folder (``--copies`` times, each copy with a line of its own so that none is a
duplicate), with the default rules. Then :func:`jobdesk.review.scan` re-cleans the
library:

* with the choices it was saved with (nothing changes: the cost of looking);
* with every "Site chrome" rule switched off (many postings change: facts are read
  again for each changed posting, which is most of the extra cost);

and :func:`jobdesk.review.apply` writes the changes of the second scan. Reported: CPU
seconds (this process), postings per CPU-second, and how many changed. Wall time on a
shared machine says little; CPU time is what the worker thread of the window spends.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from jobdesk import review
from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import load_rules
from jobdesk.storage import Library
from jobdesk.storage.importer import import_paths

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "cases"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    raws = sorted(p for p in CORPUS.iterdir() if ".raw." in p.name)
    rules = load_rules(user_dir=False)
    cleaner = Cleaner(rules)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        files = []
        for k in range(args.copies):
            for p in raws:
                data = p.read_bytes()
                out = tmp / "in" / str(k) / p.name
                out.parent.mkdir(parents=True, exist_ok=True)
                if p.name.endswith(".html"):
                    out.write_bytes(data.replace(b"</body>", f"<p>Copy {k}.</p></body>".encode()))
                else:
                    out.write_bytes(data + f"\nCopy {k}.\n".encode())
                files.append(out)
        path = tmp / "library.sqlite3"
        with Library.open(path) as lib:
            import_paths(lib, [tmp / "in"], cleaner=cleaner)
            n = lib.count()
            print(f"library: {n} postings ({len(raws)} corpus inputs × {args.copies})")
            chrome = {r.id: False for r in rules.rules if r.category == "site-chrome"}
            for label, choices in (("saved choices", {}), ("site chrome off", chrome)):
                c0, t0 = time.process_time(), time.perf_counter()
                r = review.scan(lib, cleaner, choices)
                cpu, wall = time.process_time() - c0, time.perf_counter() - t0
                print(
                    f"scan, {label}: {len(r.changes)} of {r.scanned} change"
                    f" ({len(r.failed)} failed); {cpu:.2f} CPU s, {r.scanned / cpu:.0f}"
                    f" postings per CPU-second ({wall:.2f} s wall)"
                )
            c0 = time.process_time()
            done = review.apply(lib, review.pick(r.changes))
            cpu = time.process_time() - c0
            print(
                f"apply: {len(done.applied)} written, {len(done.skipped)} skipped;"
                f" {cpu:.2f} CPU s ({len(done.applied) / max(cpu, 1e-9):.0f} per CPU-second)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

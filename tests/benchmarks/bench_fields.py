"""Benchmark (a script, not a test): posting facts on the corpus, in CPU time.

    uv run python -m tests.benchmarks.bench_fields [--repeat N]

Each corpus case is cleaned once; then :func:`extract_facts` runs on every case, ``N``
times over. The first pass is what a newly opened posting costs; the later passes are
re-extractions of the same texts (the window re-reads the facts after a rule toggle),
where the cached checks on candidate names pay off. CPU time (``time.process_time``),
so the load from other processes on the machine counts less than wall time would.
"""

from __future__ import annotations

import argparse
import statistics
import time

from jobdesk.core.engine import clean
from jobdesk.core.facts import extract_facts
from jobdesk.core.ingest import ingest_path
from tests.corpus.corpus import cases


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    results = [clean(ingest_path(c.raw)) for c in cases()]
    if not results:
        print("../shared/corpus is not present")
        return
    passes = []
    for _ in range(max(1, args.repeat)):
        t = time.process_time()
        for r in results:
            extract_facts(r)
        passes.append(time.process_time() - t)
    n = len(results)
    print(f"{n} corpus cases, facts extracted {len(passes)} times")
    print(f"first pass:  {passes[0] * 1000 / n:6.2f} ms CPU per case")
    if len(passes) > 1:
        later = statistics.median(passes[1:])
        print(f"later passes: {later * 1000 / n:6.2f} ms CPU per case (median)")
        print(f"ratio later/first: {later / passes[0]:.2f}")


if __name__ == "__main__":
    main()

"""The slowest rules over the corpus (a profiling script for rule authors).

    uv run python -m tests.benchmarks.bench_rules [--top 15]

For every rule: the total time its matching took over all corpus cases (the literal
prefilter included), so a pattern that backtracks shows up at once.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.core.rules import load_rules
from tests.corpus.corpus import cases


def main(argv: list[str]) -> None:
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 15
    cleaner = Cleaner(load_rules(user_dir=False))
    spent: Counter[str] = Counter()
    for case in cases():
        doc = ingest_path(case.raw)
        scan = cleaner.scan(doc)
        for rule in cleaner.active_rules(cleaner.detect_site(doc.source, doc.url)):
            t0 = time.perf_counter()
            cleaner.match_rule(rule, scan)
            spent[rule.id] += time.perf_counter() - t0
    total = sum(spent.values())
    print(f"all rules over the corpus: {total * 1000:.1f} ms")
    for rule_id, seconds in spent.most_common(top):
        print(f"{seconds * 1000:9.2f} ms  {rule_id}")


if __name__ == "__main__":
    main(sys.argv[1:])

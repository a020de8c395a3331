"""CPU time of rule effects (core/effects.py) per corpus posting, beside a resolve and
beside the naive way (one resolve per rule with hits), as the window would pay them on a
toggle (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_effects

Reports the median and max ms of CPU time (``time.process_time``) per posting, over the
shared corpus and tests/corpus/extra, site detected: ``Effects(matched).all()`` (every
rule's matches, effect and shadowing), one ``resolve``, and a resolve per rule switched;
and the ratio effects / naive.
"""

from __future__ import annotations

import statistics
import time

from jobdesk.core.effects import Effects
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest
from jobdesk.core.rules import load_rules
from tests.corpus.corpus import cases, extra_cases


def main() -> None:
    cleaner = Cleaner(load_rules(user_dir=False))
    matched = [cleaner.match(ingest(c.raw)) for c in cases() + extra_cases()]
    effects: list[float] = []
    resolves: list[float] = []
    naive: list[float] = []
    rules_with_hits: list[int] = []
    for _round in range(3):
        for m in matched:
            t = time.process_time()
            Effects(m).all()
            effects.append(time.process_time() - t)
            t = time.process_time()
            m.resolve()
            resolves.append(time.process_time() - t)
            t = time.process_time()
            on = m.enabled()
            for rid in m.hits_by_rule:
                m.resolve({rid: rid not in on})
            naive.append(time.process_time() - t)
            rules_with_hits.append(len(m.hits_by_rule))
    print(f"{len(matched)} postings, {statistics.median(rules_with_hits)} rules with hits (median)")
    for name, xs in (("effects (all rules)", effects), ("one resolve", resolves),
                     ("a resolve per rule", naive)):  # fmt: skip
        print(
            f"{name:22} median {statistics.median(xs) * 1e3:6.2f} ms   max {max(xs) * 1e3:6.2f} ms"
        )
    ratio = statistics.median(e / n for e, n in zip(effects, naive, strict=True) if n > 0)
    print(f"effects / a resolve per rule: median ratio {ratio:.2f}")


if __name__ == "__main__":
    main()

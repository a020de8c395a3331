"""CPU time of rule effects (core/effects.py) per corpus posting, beside a resolve and
beside the naive way (one resolve per rule with hits), as the window would pay them on a
toggle (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_effects

Reports the median and max ms of CPU time (``time.process_time``) per posting, over the
shared corpus and tests/corpus/extra, site detected: ``Effects(matched).all()`` (every
rule's matches, effect and shadowing), one ``resolve``, and a resolve per rule switched;
and the ratio effects / naive. Then the same on one ~1 MB paste (every corpus paste,
repeated), and a rule proposal's preview (core/propose.py) over every corpus posting.
"""

from __future__ import annotations

import statistics
import time

from jobdesk.core.effects import Effects
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest
from jobdesk.core.propose import preview, propose
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
    pairs = shadowed = 0
    for m in matched:
        for e in Effects(m).all().values():
            if e.enabled and not m.rules[e.rule].keep:
                pairs += 1
                shadowed += e.shadowed
    print(f"enabled rules with hits, per posting: {pairs}; shadowed (no effect): {shadowed}")

    sources = [m.source for m in matched]
    big = "\n\n".join(sources)
    big = (big * (1_000_000 // len(big) + 1))[:1_000_000]
    m = cleaner.match(big)
    hits = sum(len(h) for h in m.hits_by_rule.values())
    t = time.process_time()
    Effects(m).all()
    e_big = time.process_time() - t
    t = time.process_time()
    m.resolve()
    r_big = time.process_time() - t
    t = time.process_time()
    on = m.enabled()
    for rid in m.hits_by_rule:
        m.resolve({rid: rid not in on})
    n_big = time.process_time() - t
    print(
        f"1 MB paste, {hits} hits, {len(m.hits_by_rule)} rules: effects {e_big * 1e3:.0f} ms, "
        f"one resolve {r_big * 1e3:.0f} ms, a resolve per rule {n_big * 1e3:.0f} ms"
    )

    source = sources[0]
    start = source.index(source.split("\n")[0])
    proposals = propose(source, start, start + len(source.split("\n")[0]))
    library = [(str(k), s, None) for k, s in enumerate(sources)]
    t = time.process_time()
    propose(source, start, start + len(source.split("\n")[0]))
    t_propose = time.process_time() - t
    t = time.process_time()
    pv = preview(proposals[2], source, None, library)
    t_preview = time.process_time() - t
    print(
        f"propose (5 rules, each loaded and its example run): {t_propose * 1e3:.1f} ms; "
        f"preview over {pv.scanned} postings: {t_preview * 1e3:.0f} ms "
        f"({t_preview / pv.scanned * 1e3:.2f} ms a posting)"
    )


if __name__ == "__main__":
    main()

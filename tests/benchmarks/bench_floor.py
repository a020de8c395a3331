"""The engine beside its compiled floor on a 20 KB paste (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_floor [--runs 30]

The floor is what no rule engine over these rules can skip, all in compiled code: the
paste's lines prepared (split, lower-cased), one Aho-Corasick pass over every rule
literal, and one RE2 Set search of every rule's superset pattern. jobdesk's figure is a
whole clean of the same text (ingest, match, resolve). Both are CPU time, medians of
``--runs`` passes, in one process; the Set's first search (which builds its DFA) is
reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import ahocorasick_rs
import re2  # type: ignore[import-untyped]

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import load_rules
from tests.benchmarks.bench_clean import real_paste


def cpu_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    rules = load_rules(user_dir=False)
    cleaner = Cleaner(rules)
    text = real_paste(20_000)
    literals = sorted({lit for r in rules.rules for lit in r.required})
    automaton = ahocorasick_rs.AhoCorasick(literals)
    options = re2.Options()
    options.never_capture = True
    options.max_mem = 256 << 20
    options.log_errors = False
    supersets = re2._re2.Set(re2._re2.RE2.Anchor.UNANCHORED, options)
    added = 0
    for rule in rules.rules:
        rx = cleaner._compiled[rule.id].superset
        if rx is not None and supersets.Add(rx.source.encode()) >= 0:
            added += 1
    supersets.Compile()
    data = text.encode()

    def floor() -> object:
        lowered = text.lower().split("\n")
        found = automaton.find_matches_as_indexes("\n".join(lowered), overlapping=True)
        return lowered, found, supersets.Match(data)

    t0 = time.process_time()
    supersets.Match(data)
    first_set = (time.process_time() - t0) * 1000
    cleaner.clean(text)  # (its rules' patterns compiled)
    jobdesk = cpu_ms(lambda: cleaner.clean(text), args.runs)
    base = cpu_ms(floor, args.runs)
    print(f"20 KB of real pastes ({len(text):,} characters), CPU ms, median of {args.runs}:")
    print(f"  jobdesk clean (ingest + match + resolve) {jobdesk:8.2f}   ×{jobdesk / base:5.1f}")
    print(
        f"  compiled floor: lines, Aho-Corasick over {len(literals):,} literals, RE2 Set of "
        f"{added} supersets {base:6.2f}   ×  1.0"
    )
    print(f"  (the Set's first search, building its DFA: {first_set:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The engine beside its compiled floor on a 20 KB paste (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_floor [--runs 30] [--rules 20]

The floor is what no rule engine over these rules can skip, all in compiled code: the
paste's lines prepared (split, lower-cased), one Aho-Corasick pass over every rule
literal, and one RE2 Set search of every rule's superset pattern. jobdesk's figure is a
whole clean of the same text (ingest, match, resolve). Both are CPU time, medians of
``--runs`` passes, in one process; the Set's first search (which builds its DFA) is
reported apart. ``--rules N`` lists the N woken rules that cost the most, and what the
rules without a hit cost together (most woken rules find nothing).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import ahocorasick_rs
import re2  # type: ignore[import-untyped]

from jobdesk.core.engine import Cleaner, Scan
from jobdesk.core.result import Hit
from jobdesk.core.rules import Rule, load_rules
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
    parser.add_argument("--rules", type=int, default=0, help="list the N costliest rules")
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
    print(f"where jobdesk's clean goes (CPU ms per clean, {args.runs} cleans):")
    for phase, ms in phases(cleaner, text, args.runs):
        print(f"  {phase:42} {ms:6.2f}")
    if args.rules:
        costs = rule_costs(cleaner, text, args.runs)
        idle = [ms for ms, hits, _kind in costs.values() if not hits]
        print(f"the woken rules (CPU ms per clean), {len(costs)} in all:")
        print(f"  {f'the {len(idle)} without a hit':42} {sum(idle):6.3f}")
        for rid, (ms, hits, kind) in sorted(costs.items(), key=lambda kv: -kv[1][0])[: args.rules]:
            print(f"  {rid:42} {ms:6.3f}  {kind}, {hits} hit(s)")
    return 0


def rule_costs(cleaner: Cleaner, text: str, runs: int) -> dict[str, tuple[float, int, str]]:
    """Rule id → (CPU ms per clean of ``text``, hits, kind) for each rule the clean runs,
    timed by wrapping :meth:`Cleaner.match_rule` on this cleaner."""
    spent: dict[str, float] = {}
    hits: dict[str, int] = {}
    kinds: dict[str, str] = {}
    real = cleaner.match_rule

    def timed(rule: Rule, scan: Scan) -> list[Hit]:
        t0 = time.process_time()
        found = real(rule, scan)
        spent[rule.id] = spent.get(rule.id, 0.0) + time.process_time() - t0
        hits[rule.id], kinds[rule.id] = len(found), rule.kind
        return found

    cleaner.match_rule = timed  # type: ignore[method-assign]
    try:
        for _ in range(runs):
            cleaner.clean(text)
    finally:
        del cleaner.match_rule
    return {rid: (ms * 1000 / runs, hits[rid], kinds[rid]) for rid, ms in spent.items()}


def phases(cleaner: Cleaner, text: str, runs: int) -> list[tuple[str, float]]:
    """CPU ms per clean of ``text`` spent in each stage of the engine, timed by wrapping
    its methods on this cleaner (nested stages are taken out of the stage around them)."""
    from jobdesk.core import engine

    spent: dict[str, float] = {}
    stack: list[float] = []  # CPU time of the stages running inside the current one

    def timed(name: str, fn: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            stack.append(0.0)
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                total = time.process_time() - t0
                inner = stack.pop()
                spent[name] = spent.get(name, 0.0) + total - inner
                if stack:
                    stack[-1] += total

        return wrapper

    real_guard = engine._guard
    wrapped = {
        "scan": "text prep (lines, lower-case, squashed blanks)",
        "_detect_in": "site detection",
        "_unmatched_always": "the RE2 set of the rules without literals",
        "match_rule": "the woken rules",
    }
    for attr, name in wrapped.items():
        setattr(cleaner, attr, timed(name, getattr(cleaner, attr)))
    real_literals = engine.LiteralIndex.lines_by_literal
    engine.LiteralIndex.lines_by_literal = timed("literal pass (Aho-Corasick)", real_literals)  # type: ignore[method-assign]
    engine._guard = timed("content guards", real_guard)  # type: ignore[assignment]
    real_resolve = engine.Matched.resolve
    engine.Matched.resolve = timed("resolve", real_resolve)  # type: ignore[method-assign]
    try:
        t0 = time.process_time()
        for _ in range(runs):
            timed("ingest, the rest of match", cleaner.clean)(text)
        total = time.process_time() - t0
    finally:
        engine._guard = real_guard
        engine.LiteralIndex.lines_by_literal = real_literals  # type: ignore[method-assign]
        engine.Matched.resolve = real_resolve  # type: ignore[method-assign]
        for attr in wrapped:
            delattr(cleaner, attr)
    out = sorted(((k, v * 1000 / runs) for k, v in spent.items()), key=lambda kv: -kv[1])
    return [*out, ("whole clean", total * 1000 / runs)]


if __name__ == "__main__":
    sys.exit(main())

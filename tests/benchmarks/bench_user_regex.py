"""What bounding user regexes buys and costs (CPU time, medians).

    uv run python -m tests.benchmarks.bench_user_regex

1. '(a+)+$' on n a's and a '!': ``re`` doubles with each character; the bounded
   (``regex``) pattern is far faster but not linear (about quadratic here), and stops
   at its time limit.
2. A user rule that backtracks in ``regex`` too ('(a|a)+(?=b)'): the clean of a posting
   holding it costs about the rule's budget (USER_SECONDS), then the rule is skipped.
3. The shipped packs loaded as if they were a user's (every pattern bounded) against
   the same packs as shipped (``re``): what running every rule bounded would cost. (The
   shipped rules stay in ``re``: they are reviewed and corpus-tested, and faster so.)
4. A slow pattern on a worker thread (as the window loads postings): ``re`` holds the
   GIL, so the main thread stalls for the whole match; ``regex`` releases it.
"""

from __future__ import annotations

import contextlib
import re
import statistics
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from jobdesk.core.bounded import CALL_SECONDS, PatternTimeout, bounded
from jobdesk.core.engine import USER_SECONDS, Cleaner
from jobdesk.core.ingest import Document, ingest_path
from jobdesk.core.rules import load_rules
from tests.corpus.corpus import cases


def cpu_ms(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times) * 1000


def nested_quantifier() -> None:
    print("1. '(a+)+$' fullmatch on 'a'*n + '!' (CPU ms; ratio to n-1)")
    plain = re.compile("(a+)+$")
    safe = bounded(plain)
    last_re = last_b = 0.0
    for n in (18, 19, 20, 21, 22):
        text = "a" * n + "!"
        t_re = cpu_ms(lambda t=text: plain.fullmatch(t))
        t_b = cpu_ms(lambda t=text: safe.fullmatch(t))
        ratio = f"x{t_re / last_re:.1f}" if last_re else ""
        ratio_b = f"x{t_b / last_b:.1f}" if last_b else ""
        print(f"   n={n}: re {t_re:8.1f} ms {ratio:6}  bounded {t_b:6.3f} ms {ratio_b}")
        last_re, last_b = t_re, t_b
    last = 0.0
    for n in (40, 400, 4_000, 40_000):
        text = "a" * n + "!"
        try:
            t = cpu_ms(lambda t=text: safe.fullmatch(t))
        except PatternTimeout:
            print(f"   n={n}: bounded: stopped at the {CALL_SECONDS} s limit (re: far longer)")
            break
        ratio = f"x{t / last:.0f} for x10 input" if last else ""
        print(f"   n={n}: bounded {t:9.3f} ms {ratio}")
        last = t


def skipped_rule(tmp: Path) -> None:
    print(f"2. a user rule that backtracks in regex too (budget {USER_SECONDS} s per posting)")
    pack = tmp / "slow.toml"
    pack.write_text(
        '[pack]\nid = "slow"\n[[rule]]\nid = "slow.x"\nkind = "phrase"\npattern = \'(a|a)+(?=b)\'\n'
    )
    shipped = Cleaner(load_rules(user_dir=False))
    with_slow = Cleaner(load_rules(user_dir=False, extra=[pack]))
    posting = "Data Engineer\nApply now\n" + "a" * 40 + "!\nWe build pipelines.\n" * 20
    doc = Document(source=posting)
    t0 = cpu_ms(lambda: shipped.match(doc))
    t1 = cpu_ms(lambda: with_slow.match(doc))
    warnings = with_slow.match(doc).warnings
    print(f"   shipped rules: {t0:.1f} ms; plus the slow user rule: {t1:.1f} ms")
    print(f"   warning: {warnings[0] if warnings else '(none)'}")


def shipped_as_user() -> None:
    print("3. the corpus cleaned with the shipped packs as re vs. all bounded (CPU ms)")
    folder = Path(str(resources.files("jobdesk") / "rules"))
    as_re = Cleaner(load_rules(user_dir=False))
    as_user = Cleaner(
        load_rules(builtin=False, user_dir=False, extra=sorted(folder.glob("*.toml")))
    )
    docs = [ingest_path(c.raw) for c in cases()]
    if not docs:
        print("   (no corpus beside this checkout)")
        return
    for d in docs:  # warm both (lazy compiles)
        as_re.match(d)
        as_user.match(d)
    t_re = [cpu_ms(lambda d=d: as_re.match(d)) for d in docs]
    t_user = [cpu_ms(lambda d=d: as_user.match(d)) for d in docs]
    print(
        f"   {len(docs)} cases: re median {statistics.median(t_re):.2f} ms, "
        f"bounded median {statistics.median(t_user):.2f} ms, "
        f"total ratio x{sum(t_user) / sum(t_re):.2f}"
    )


def longest_stall(work: Callable[[], object]) -> tuple[float, float]:
    """(seconds the work took on a worker thread, the longest the main thread waited
    between two 1 ms sleeps meanwhile): what a window's event loop would feel."""
    done = threading.Event()
    took = [0.0]

    def run() -> None:
        t0 = time.perf_counter()
        with contextlib.suppress(PatternTimeout):
            work()
        took[0] = time.perf_counter() - t0
        done.set()

    worker = threading.Thread(target=run)
    last = time.perf_counter()
    stall = 0.0
    worker.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        stall = max(stall, now - last)
        last = now
    worker.join()
    return took[0], stall


def gil() -> None:
    print("4. a slow pattern on a worker thread: the main thread's longest stall")
    text = "a" * 22 + "!"
    took, stall = longest_stall(lambda: re.compile("(a+)+$").fullmatch(text))
    print(
        f"   re '(a+)+$' on 22 a's: ran {took * 1000:.0f} ms, "
        f"main thread stalled {stall * 1000:.0f} ms"
    )
    slow = bounded(re.compile("(a|a)+(?=b)"))
    took, stall = longest_stall(lambda: slow.search("a" * 40 + "!"))
    print(
        f"   bounded '(a|a)+(?=b)' on 40 a's: ran {took * 1000:.0f} ms "
        f"(its {CALL_SECONDS:g} s limit, CPU time), "
        f"main thread stalled {stall * 1000:.0f} ms"
    )


def main() -> None:
    import tempfile

    nested_quantifier()
    with tempfile.TemporaryDirectory() as tmp:
        skipped_rule(Path(tmp))
    shipped_as_user()
    gil()


if __name__ == "__main__":
    main()

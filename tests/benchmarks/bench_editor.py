"""What the rule editor costs as you type, and what a save costs (CPU time).

    uv run python -m tests.benchmarks.bench_editor

1. Every shipped rule as if the user typed it into the editor (the rule table as the
   pack writes it): the check a keystroke triggers after the debounce
   (``userpacks.check_rule``: the pack loader on one rule, patterns compiled and
   bounded), then its examples run (``run_examples``, on the worker thread). Median,
   95th percentile and the slowest, against the debounce (``editor.DELAY_MS``).
2. A save's reload: the rule set loaded again (shipped packs from the cache + the
   user's), and a new ``Cleaner`` made; then one posting matched again, as the window
   does for each opened posting.
"""

from __future__ import annotations

import statistics
import time
import tomllib
from importlib import resources
from typing import Any

from jobdesk.core.engine import Cleaner
from jobdesk.core.rules import load_rules
from jobdesk.core.userpacks import check_rule, run_examples
from jobdesk.gui.authoring.editor import DELAY_MS


def shipped_tables() -> list[dict[str, Any]]:
    out = []
    for entry in sorted((resources.files("jobdesk") / "rules").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text("utf-8"))
            for rule in data.get("rule", []):
                kind = rule.get("kind", "line")
                if kind not in ("html-region", "mojibake", "blank-lines"):
                    out.append(rule)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def typing_cost() -> None:
    tables = shipped_tables()
    check: list[float] = []
    examples: list[float] = []
    slowest = ("", 0.0)
    for table in tables:
        t0 = time.process_time()
        check_rule(table)
        t1 = time.process_time()
        run_examples(table)
        t2 = time.process_time()
        check.append((t1 - t0) * 1000)
        examples.append((t2 - t1) * 1000)
        if t2 - t0 > slowest[1]:
            slowest = (str(table.get("id")), t2 - t0)
    print(f"1. {len(tables)} shipped rules typed into the editor (CPU ms)")
    for name, values in (("check (GUI thread)", check), ("examples (worker)", examples)):
        print(
            f"   {name:20} median {statistics.median(values):6.2f}  p95 {pct(values, 0.95):6.2f}"
            f"  max {max(values):7.2f}"
        )
    total = [a + b for a, b in zip(check, examples, strict=True)]
    print(
        f"   check + examples: median {statistics.median(total):.2f} ms = "
        f"{statistics.median(total) / DELAY_MS:.3f} x the {DELAY_MS} ms debounce; "
        f"slowest {slowest[0]} {slowest[1] * 1000:.1f} ms"
    )


def reload_cost() -> None:
    load_rules()  # (the cache written once, as after a first start)
    runs = []
    match = []
    text = "Data Engineer\nApply now\nAcme · Remote · 12 applicants\nWe build pipelines.\n" * 40
    for _ in range(5):
        t0 = time.process_time()
        rules = load_rules()
        cleaner = Cleaner(rules)
        t1 = time.process_time()
        cleaner.match(text)
        t2 = time.process_time()
        runs.append((t1 - t0) * 1000)
        match.append((t2 - t1) * 1000)
    print("2. a save's reload (CPU ms, median of 5)")
    print(f"   load_rules + Cleaner: {statistics.median(runs):7.1f}")
    print(f"   first match after it (a {len(text):,}-character posting): "
          f"{statistics.median(match):7.1f}")  # fmt: skip


def main() -> None:
    typing_cost()
    reload_cost()


if __name__ == "__main__":
    main()

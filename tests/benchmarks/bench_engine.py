"""CPU time of match + resolve over the corpus (no ingest), this tree against others in
the same session (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_engine                      # this tree
    uv run python -m tests.benchmarks.bench_engine --against base=../wt-base start=/tmp/x
    uv run python -m tests.benchmarks.bench_engine --whole …   # the file read and ingested too

Each tree runs in its own process (a tree's own .venv when it has one, else this
Python), round after round, the trees alternating, so a busy machine slows them alike.
Every round is ``--runs`` passes over the inputs (shared corpus and tests/corpus/extra,
all ingested first, one warm-up pass); the report gives each tree's min and median pass
in ms of CPU time (``time.process_time``) and its ratio to this tree. ``--blind`` also
times the site-blind mode.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def inputs() -> list[Path]:
    shared = Path(os.environ.get("JOBDESK_CORPUS", ROOT.parent / "shared" / "corpus")) / "cases"
    extra = ROOT / "tests" / "corpus" / "extra" / "cases"
    return sorted(shared.glob("*.raw.*")) + sorted(extra.glob("*.raw.*"))


def passes(paths: list[Path], runs: int, site: str | None, whole: bool = False) -> list[float]:
    """CPU seconds of each of ``runs`` passes of match + resolve over ``paths`` (with
    ``whole``, of the whole clean: the file read and ingested too)."""
    from jobdesk.core.engine import Cleaner
    from jobdesk.core.ingest import ingest_path
    from jobdesk.core.rules import load_rules

    cleaner = Cleaner(load_rules(user_dir=False))
    docs = [ingest_path(p) for p in paths]
    for d in docs:
        cleaner.match(d, site=site).resolve()
    out = []
    for _ in range(runs):
        t0 = time.process_time()
        if whole:
            for p in paths:
                cleaner.match(ingest_path(p), site=site).resolve()
        else:
            for d in docs:
                cleaner.match(d, site=site).resolve()
        out.append(time.process_time() - t0)
    return out


def _child(tree: Path, runs: int, site: str | None, whole: bool) -> list[float]:
    from tests.benchmarks.trees import run_in  # (the parent's; a child may run in an older tree)

    args = ["--child", str(runs)]
    if site:
        args += ["--site", site]
    if whole:
        args += ["--whole"]
    return [float(x) for x in json.loads(run_in(tree, __file__, *args))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", nargs="*", default=[], metavar="NAME=TREE")
    parser.add_argument("--runs", type=int, default=3, help="passes per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--blind", action="store_true", help="also time the site-blind mode")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--site", help=argparse.SUPPRESS)
    parser.add_argument("--whole", action="store_true", help="time the whole clean, ingest too")
    args = parser.parse_args()
    if args.child:
        # The child runs with PYTHONPATH=its tree, but reads this tree's list of inputs.
        print(json.dumps(passes(inputs(), args.child, args.site, args.whole)))
        return
    trees = {
        "this": ROOT,
        **{k: Path(v).resolve() for k, v in (a.split("=", 1) for a in args.against)},
    }
    n = len(inputs())
    for site in [None, "none"] if args.blind else [None]:
        times: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                times[name] += _child(tree, args.runs, site, args.whole)
        mode = "site-blind" if site else "detected"
        what = "ingest+match+resolve" if args.whole else "match+resolve"
        print(f"{what}, {n} inputs, {mode}, {args.rounds}×{args.runs} passes (CPU ms):")
        ref = statistics.median(times["this"])
        for name, ts in times.items():
            med = statistics.median(ts)
            print(f"  {name:10} min {min(ts) * 1000:7.1f}  median {med * 1000:7.1f}  "
                  f"ratio {med / ref:5.2f}")  # fmt: skip


if __name__ == "__main__":
    main()

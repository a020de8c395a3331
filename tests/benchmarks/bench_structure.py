"""What the structural chrome pass (jobdesk/core/htmlstructure.py) costs in HTML ingest.

    uv run python -m tests.benchmarks.bench_structure
    uv run python -m tests.benchmarks.bench_structure --against base=../wt-base start=/tmp/x

Per HTML page of the corpus: the median CPU time of ingest, and of the whole clean, with
the structural pass and without it (the pass replaced by one returning nothing), runs
interleaved, and their ratios. Then the pass alone on a synthetic page made 1 to 256
times longer (more menus, cards and paragraphs): CPU ms per 1,000 elements stays flat
when the pass is linear.

With ``--against``, other trees are timed in the same run, each in a process of its own
(the tree's .venv when it has one), the trees alternating round after round: per HTML
page of the corpus, the median CPU time of the pass alone (on the arguments ingest gives
it; "-" in a tree without it) and of the whole ingest, and the sums over the pages.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jobdesk.core.ingest as ingest_module
from jobdesk.core.ingest import ingest_path

# (a child timing another tree imports only what every tree has: its jobdesk's ingest)
ROOT = Path(__file__).resolve().parents[2]


def inputs() -> list[Path]:
    """The HTML inputs of the shared corpus and of tests/corpus/extra (this tree's)."""
    shared = Path(os.environ.get("JOBDESK_CORPUS", ROOT.parent / "shared" / "corpus")) / "cases"
    extra = ROOT / "tests" / "corpus" / "extra" / "cases"
    paths = sorted(shared.glob("*.raw.*")) + sorted(extra.glob("*.raw.*"))
    return [p for p in paths if p.suffix in (".html", ".htm")]


def cpu_ms(fn: Callable[[], object]) -> float:
    t0 = time.process_time()
    fn()
    return (time.process_time() - t0) * 1000


def without_pass(fn: Callable[[], object]) -> float:
    real = ingest_module.structural_regions

    def nothing(*args: Any, **kwargs: Any) -> dict[Any, str]:
        return {}

    ingest_module.structural_regions = nothing
    try:
        return cpu_ms(fn)
    finally:
        ingest_module.structural_regions = real


def compare(fn: Callable[[], object], runs: int = 15) -> tuple[float, float]:
    fn()  # warm up
    on: list[float] = []
    off: list[float] = []
    for _ in range(runs):
        on.append(cpu_ms(fn))
        off.append(without_pass(fn))
    return statistics.median(on), statistics.median(off)


def synthetic_page(n: int) -> str:
    menu = "<div class='m'><ul>" + "".join(
        f"<li><a href='/{i}'>Item {i}</a></li>" for i in range(8)
    )
    cards = "".join(
        f"<div class='card'><a href='/j/{i}'>Job {i}</a><div>Company {i}</div><div>City</div></div>"
        for i in range(6)
    )
    prose = "<p>" + "We build things for people who need them, every day, with care. " * 4 + "</p>"
    block = f"{menu}</ul></div><section><div class='list'>{cards}</div>{prose}</section>"
    return f"<html><body><h1>Engineer</h1>{prose}{block * n}</body></html>"


def page_times(runs: int) -> dict[str, list[float | None]]:
    """Per HTML input (shared corpus and tests/corpus/extra): the median CPU ms of the
    structural pass alone (None in a tree without it) and of its whole ingest."""
    seen: list[tuple[Any, ...]] = []
    real = getattr(ingest_module, "structural_regions", None)

    def spy(*args: Any) -> Any:
        seen.append(args)
        assert real is not None
        return real(*args)

    out: dict[str, list[float | None]] = {}
    for path in inputs():
        seen.clear()
        if real is not None:
            ingest_module.structural_regions = spy
        try:
            ingest_path(path)
        finally:
            if real is not None:
                ingest_module.structural_regions = real
        pass_ms: float | None = None
        if seen and real is not None:
            args = seen[-1]
            pass_ms = statistics.median(cpu_ms(lambda a=args: real(*a)) for _ in range(runs))
        ingest_ms = statistics.median(cpu_ms(lambda p=path: ingest_path(p)) for _ in range(runs))
        out[path.name] = [pass_ms, ingest_ms]
    return out


def against(trees: dict[str, Path], rounds: int, runs: int) -> None:
    """The per-page table of the trees, timed in the same run."""
    from tests.benchmarks.trees import run_in  # (the parent's; a child may run in an older tree)

    got: dict[str, list[dict[str, list[float | None]]]] = {name: [] for name in trees}
    for _ in range(rounds):
        for name, tree in trees.items():
            got[name].append(json.loads(run_in(tree, __file__, "--child", str(runs))))
    pages = list(got["this"][0])

    def med(name: str, page: str, k: int) -> float | None:
        values = [r[page][k] for r in got[name] if page in r and r[page][k] is not None]
        return statistics.median(v for v in values if v is not None) if values else None

    def cell(v: float | None) -> str:
        return f"{v:8.2f}" if v is not None else f"{'-':>8}"

    names = list(trees)
    print(f"CPU ms, medians of {rounds} rounds × {runs} runs")
    print(f"{'page':28} " + " ".join(f"{'pass ' + n:>12}" for n in names)
          + " " + " ".join(f"{'ingest ' + n:>14}" for n in names))  # fmt: skip
    sums = {(n, k): 0.0 for n in names for k in (0, 1)}
    for page in pages:
        row = []
        for k, width in ((0, 12), (1, 14)):
            for n in names:
                v = med(n, page, k)
                sums[n, k] += v or 0.0
                row.append(cell(v).rjust(width))
        print(f"{page[:28]:28} " + " ".join(row))
    total = [f"{sums[n, 0]:12.2f}" for n in names] + [f"{sums[n, 1]:14.2f}" for n in names]
    print(f"{'SUM (' + str(len(pages)) + ' pages)':28} " + " ".join(total))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", nargs="*", default=None, metavar="NAME=TREE")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="runs per page and round")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(page_times(args.child)))
        return
    if args.against is not None:
        trees = {"this": ROOT}
        trees.update({k: Path(v).resolve() for k, v in (a.split("=", 1) for a in args.against)})
        against(trees, args.rounds, args.runs)
        return
    from jobdesk.core.engine import default_cleaner
    from jobdesk.core.htmlstructure import structural_regions
    from tests.corpus.corpus import cases

    cleaner = default_cleaner()
    columns = ("ingest ms", "without", "ratio", "clean ms", "without", "ratio")
    widths = (10, 8, 6, 9, 8, 6)
    print(f"{'page':30} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    ingest_ratios, clean_ratios = [], []
    for case in cases():
        if not case.is_html:
            continue
        on, off = compare(lambda p=case.raw: ingest_path(p))
        c_on, c_off = compare(lambda p=case.raw: cleaner.clean(ingest_path(p)), runs=9)
        ingest_ratios.append(on / off if off else 1.0)
        clean_ratios.append(c_on / c_off if c_off else 1.0)
        print(
            f"{case.name:30} {on:10.2f} {off:8.2f} {ingest_ratios[-1]:6.2f}"
            f" {c_on:9.2f} {c_off:8.2f} {clean_ratios[-1]:6.2f}"
        )
    if ingest_ratios:
        print(
            f"{'MEDIAN ratio':30} {'':10} {'':8} {statistics.median(ingest_ratios):6.2f}"
            f" {'':9} {'':8} {statistics.median(clean_ratios):6.2f}"
        )
    print()
    print(f"{'synthetic x':12} {'elements':>9} {'pass ms':>8} {'ms / 1k el.':>12}")
    for n in (1, 4, 16, 64, 256):
        root = ingest_module._parse_html(synthetic_page(n))
        assert root is not None
        body = next(root.iter("body"))
        heading = next(root.iter("h1"))
        elements = sum(1 for _ in root.iter())
        cost = statistics.median(
            cpu_ms(lambda b=body, h=heading: structural_regions([b], ingest_module._hidden, h))
            for _ in range(9)
        )
        print(f"{n:<12} {elements:9} {cost:8.2f} {1000 * cost / elements:12.3f}")


if __name__ == "__main__":
    main()

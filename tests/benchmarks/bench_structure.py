"""What the structural chrome pass (jobdesk/core/htmlstructure.py) costs in HTML ingest.

    uv run python -m tests.benchmarks.bench_structure

Per HTML page of the corpus: the median CPU time of ingest, and of the whole clean, with
the structural pass and without it (the pass replaced by one returning nothing), runs
interleaved, and their ratios. Then the pass alone on a synthetic page made 1 to 256
times longer (more menus, cards and paragraphs): CPU ms per 1,000 elements stays flat
when the pass is linear.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import jobdesk.core.ingest as ingest_module
from jobdesk.core.engine import default_cleaner
from jobdesk.core.htmlstructure import structural_regions
from jobdesk.core.ingest import ingest_path
from tests.corpus.corpus import cases


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


def main() -> None:
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

"""Hostile input shapes: does each stage stay near-linear? (a benchmark script, not a test)

    uv run python -m tests.benchmarks.bench_adversarial [--sizes 100000,400000,1600000]
                                                       [--only NAME]

Builds each shape at a few sizes, runs what ``jobdesk clean --format json`` runs on it
(ingest, match, resolve, the facts, the JSON text) or one stage of it, and prints the
median CPU time (``time.process_time``) and the growth ratio from one size to the next.
A ratio near the size ratio is linear; near its square, quadratic. The suite's
``tests/core/test_input_bounds.py`` checks the same shapes at small sizes, as ratios.
"""

from __future__ import annotations

import argparse
import base64
import gc
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from jobdesk.cli import result_json
from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_bytes
from jobdesk.core.rules import load_rules


@dataclass(frozen=True)
class Shape:
    name: str
    make: Callable[[int], bytes]  # about ``n`` bytes of input
    filename: str
    whole: bool  # the whole clean + facts + JSON, else ingest alone
    what: str


def _nested_h2(n: int) -> bytes:
    depth = max(1, n // 11)
    return (
        b'<div class="cookie-consent-open">' + b"<div>" * depth
        + b"<h2>Senior Engineer</h2><p>Pay: $120,000 a year.</p>" + b"</div>" * depth
        + b"</div>"
    )  # fmt: skip


def _wide_row(n: int) -> bytes:
    return b"<table><tr>" + b"<td>cell</td>" * (n // 13) + b"</tr></table><p>Pay: $1</p>"


def _embeds(n: int) -> bytes:
    return (
        b"<body><h1>Role</h1>" + b'<p>Intro <embed src="a"> Pay: $1.</p>' * (n // 40) + b"</body>"
    )


def _subject(n: int) -> bytes:
    return b"From: a@b.c\nSubject: " + b"Engineer role " * (n // 14) + b"\n\nPay: $1.\n"


def _encoded_subject(n: int) -> bytes:
    word = b"=?utf-8?B?" + base64.b64encode("Zürich ".encode()) + b"?= "
    return b"From: a@b.c\nSubject: " + word * (n // len(word)) + b"\n\nPay: $1.\n"


def _content_type(n: int) -> bytes:
    return (
        b'From: a@b.c\nSubject: x\nContent-Type: multipart/mixed; boundary="zz"; x="'
        + b"a;" * (n // 2) + b'"\n\n--zz\nContent-Type: text/plain\n\nPay: $1.\n--zz--\n'
    )  # fmt: skip


def _one_line(n: int) -> bytes:
    return b"We pay well and sponsor visas. " * (n // 31) + b"\n"


def _one_line_brackets(n: int) -> bytes:
    return b"Do you sponsor (visas. Security clearance (" * (n // 43) + b"\n"


def _one_paragraph_html(n: int) -> bytes:
    return b"<html><body><h1>Role</h1><p>" + _one_line(n) + b"</p></body></html>"


SHAPES = [
    Shape("nested-h2", _nested_h2, "page.html", False, "an <h2> in n/11 nested <div>s"),
    Shape("wide-row", _wide_row, "page.html", False, "one table row of n/13 cells"),
    Shape("embeds", _embeds, "page.html", False, "n/40 paragraphs with an <embed>"),
    Shape("eml-subject", _subject, "mail.eml", False, "a Subject of n bytes"),
    Shape("eml-encoded", _encoded_subject, "mail.eml", False, "a Subject of encoded words"),
    Shape("eml-params", _content_type, "mail.eml", False, "a Content-Type with n/2 ';'"),
    Shape("one-line", _one_line, "paste.txt", True, "one line, a match every sentence"),
    Shape("brackets", _one_line_brackets, "paste.txt", True, "one line of unclosed '('"),
    Shape("one-paragraph", _one_paragraph_html, "page.html", True, "one <p> of n bytes"),
]


def run_once(shape: Shape, data: bytes, cleaner: Cleaner) -> None:
    doc = ingest_bytes(data, name=shape.filename)
    if shape.whole:
        json.dumps(result_json(cleaner.clean(doc)), ensure_ascii=False)


def cpu_seconds(shape: Shape, size: int, cleaner: Cleaner, runs: int = 3) -> float:
    """The median CPU time of ``runs`` runs on the shape at ``size`` (GC paused)."""
    data = shape.make(size)
    times: list[float] = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()
            run_once(shape, data, cleaner)
            times.append(time.process_time() - t0)
        finally:
            gc.enable()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,400000,1600000")
    parser.add_argument("--only")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cleaner = Cleaner(load_rules(user_dir=False))
    run_once(SHAPES[0], SHAPES[0].make(1000), cleaner)  # warm up
    header = " ".join(f"{s // 1000:>8} KB" for s in sizes)
    print(
        f"{'shape':14} {'stages':11} {header}   growth per step (x{sizes[1] / sizes[0]:.0f} input)"
    )
    for shape in SHAPES:
        if args.only and shape.name != args.only:
            continue
        times = [cpu_seconds(shape, s, cleaner, args.runs) for s in sizes]
        cols = " ".join(f"{t * 1000:>9.0f}ms" for t in times)
        ratios = " ".join(f"{b / a:5.1f}x" if a > 0 else "    -" for a, b in pairwise(times))
        stages = "clean+json" if shape.whole else "ingest"
        print(f"{shape.name:14} {stages:11} {cols}   {ratios}   ({shape.what})", flush=True)


if __name__ == "__main__":
    main()

"""jobdesk beside trafilatura and readability-lxml on the corpus: quality and time.

    uv run python -m tests.benchmarks.compare_extractors

Plain-text pastes are given to the peers as HTML (one <p> per line), since both need a
DOM. "do nothing" is the raw input's visible text. Scores: mean token F1 / recall
against the gold (tests/corpus), times: median ms per case.
"""

from __future__ import annotations

import html
import statistics
import time
import warnings
from collections.abc import Callable

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import decode_bytes, ingest_text
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import score
from tests.corpus.corpus import Case, cases


def as_html(case: Case, raw: str) -> str:
    if case.is_html:
        return raw
    return (
        "<html><body>"
        + "".join(f"<p>{html.escape(x)}</p>" for x in raw.split("\n"))
        + "</body></html>"
    )


def run_readability(markup: str) -> str:
    from readability import Document

    summary = Document(markup).summary(html_partial=True)
    return ingest_text(summary, html=True).source


def run_trafilatura(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, favor_recall=True) or ""


def main() -> None:
    warnings.filterwarnings("ignore")
    cleaner = Cleaner(load_rules(user_dir=False))
    systems: dict[str, Callable[[Case, str], str]] = {
        "do nothing": lambda c, raw: ingest_text(raw, html=c.is_html).source,
        "readability-lxml": lambda c, raw: run_readability(as_html(c, raw)),
        "trafilatura": lambda c, raw: run_trafilatura(as_html(c, raw)),
        "jobdesk": lambda c, raw: cleaner.clean(raw).cleaned,
    }
    table: dict[str, dict[str, list[float]]] = {
        name: {"f1": [], "recall": [], "ms": [], "f1_html": [], "ms_html": []} for name in systems
    }
    for case in cases():
        raw = decode_bytes(case.raw.read_bytes())
        gold = case.gold.read_text("utf-8")
        for name, fn in systems.items():
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                out = fn(case, raw)
                times.append(time.perf_counter() - t0)
            s = score(out, gold)
            row = table[name]
            row["f1"].append(s.f1)
            row["recall"].append(s.recall)
            row["ms"].append(statistics.median(times) * 1000)
            if case.is_html:
                row["f1_html"].append(s.f1)
                row["ms_html"].append(statistics.median(times) * 1000)
    print("| system | mean F1 | mean recall | F1 on HTML | median ms/case | median ms/HTML page |")
    print("|---|---|---|---|---|---|")
    for name, row in table.items():
        print(
            f"| {name} | {statistics.mean(row['f1']):.3f} | {statistics.mean(row['recall']):.3f} "
            f"| {statistics.mean(row['f1_html']):.3f} | {statistics.median(row['ms']):.1f} "
            f"| {statistics.median(row['ms_html']):.1f} |"
        )


if __name__ == "__main__":
    main()

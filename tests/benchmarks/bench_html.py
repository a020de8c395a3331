"""Speed of HTML pages beside readability-lxml (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_html

Per HTML page of the corpus: its size, our ingest (file to Document: decode, parse,
render, JSON-LD), our whole clean (ingest + match + resolve), and readability-lxml's
``Document(text).summary()`` on the decoded text. Prints median ms, then the median of
each column. The product requirement: an HTML page cleans at least as fast as
readability-lxml takes on it.
"""

from __future__ import annotations

import statistics
import warnings

from jobdesk.core.engine import default_cleaner
from jobdesk.core.ingest import decode_bytes, ingest_path
from tests.benchmarks.bench_clean import median_ms
from tests.corpus.corpus import cases


def main() -> None:
    from readability import Document  # a dev dependency, only for the comparison

    warnings.filterwarnings("ignore")
    cleaner = default_cleaner()
    rows: list[tuple[str, float, float, float, float]] = []
    header = f"{'page':30} {'KB':>7} {'ingest ms':>10} {'clean ms':>9} {'readability ms':>15}"
    print(header)
    for case in cases():
        if not case.is_html:
            continue
        path = case.raw
        text = decode_bytes(path.read_bytes())
        cleaner.clean(ingest_path(path))  # warm up (compiled rules, caches)
        t_ingest = median_ms(lambda p=path: ingest_path(p))
        t_clean = median_ms(lambda p=path: cleaner.clean(ingest_path(p)))
        t_readability = median_ms(lambda t=text: Document(t).summary())
        row = (case.name, path.stat().st_size / 1024, t_ingest, t_clean, t_readability)
        rows.append(row)
        print(f"{row[0]:30} {row[1]:7.1f} {row[2]:10.2f} {row[3]:9.2f} {row[4]:15.2f}")
    if not rows:
        print("no HTML pages: ../shared/corpus is not present")
        return
    medians = [statistics.median(r[i] for r in rows) for i in (1, 2, 3, 4)]
    print(
        f"{'MEDIAN':30} {medians[0]:7.1f} {medians[1]:10.2f} {medians[2]:9.2f} {medians[3]:15.2f}"
    )
    slower = [r[0] for r in rows if r[2] >= r[4]]
    print(f"ingest slower than readability on: {', '.join(slower) or 'no page'}")


if __name__ == "__main__":
    main()

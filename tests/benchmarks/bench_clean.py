"""Speed of the cleaner (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_clean

Times, per corpus case: the whole clean (ingest + match + resolve), match alone, and a
toggle (``resolve`` only); then 20 KB pastes (a synthetic noise-dense one, and real
pasted postings joined) and 1 MB inputs. Prints medians.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import decode_bytes, ingest, ingest_path
from jobdesk.core.rules import load_rules
from tests.corpus.corpus import cases


def median_ms(fn: Callable[[], object], *, min_runs: int = 5, budget_s: float = 1.0) -> float:
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - start < budget_s and len(times) < 200):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def synthetic_paste(size: int) -> str:
    block = (
        "About the job\nSenior Data Engineer\nAcme Corp · Boston, MA · 3 days ago · 36 applicants\n"
        "Apply\nSave\n\nWe build data pipelines for millions of users. You’ll own our ingestion.\n"
        "• Python, SQL and Spark\n• 5+ years of experience\nPay: $150,000 - $180,000 a year\n"
        "Acme is an equal opportunity employer. We do not sponsor visas.\n\n"
        "Similar jobs\nData Engineer\nOther Co · Remote · $120K/yr\n\n"
    )
    return (block * (size // len(block) + 1))[:size]


def real_paste(size: int) -> str:
    """``size`` characters of real pasted postings: the corpus's text inputs joined."""
    texts = [decode_bytes(c.raw.read_bytes()) for c in cases() if c.raw.suffix == ".txt"]
    joined = "\n\n".join(texts)
    return joined[: joined.rfind("\n", 0, size)]


def main() -> None:
    cleaner = Cleaner(load_rules(user_dir=False))
    print(f"{'input':40} {'KB':>7} {'clean ms':>9} {'match ms':>9} {'toggle ms':>9}")
    per_mb: list[float] = []
    rows: list[tuple[str, float, float, float, float]] = []
    for case in cases():
        data = case.raw.read_bytes()
        doc = ingest_path(case.raw)
        matched = cleaner.match(doc)
        first = next(iter(matched.hits_by_rule), None)
        t_clean = median_ms(lambda p=case.raw: cleaner.clean(ingest_path(p)))
        t_match = median_ms(lambda d=doc: cleaner.match(d))
        t_toggle = median_ms(lambda m=matched, r=first: m.resolve({r: False} if r else {}))
        rows.append((case.name, len(data) / 1024, t_clean, t_match, t_toggle))
        per_mb.append(t_clean / (len(data) / 1e6))
    synthetic = {
        "synthetic paste 20 KB": synthetic_paste(20_000),
        "real pastes joined, 20 KB": real_paste(20_000),
        "synthetic page 1 MB (html)": "<html><body>"
        + "".join(f"<p>{line}</p>" for line in synthetic_paste(1_000_000).split("\n"))
        + "</body></html>",
        "synthetic paste 1 MB (text)": synthetic_paste(1_000_000),
    }
    for name, text in synthetic.items():
        doc = ingest(text)
        matched = cleaner.match(doc)
        first = next(iter(matched.hits_by_rule), None)
        t_clean = median_ms(lambda t=text: cleaner.clean(t), budget_s=3)
        t_match = median_ms(lambda d=doc: cleaner.match(d))
        t_toggle = median_ms(lambda m=matched, r=first: m.resolve({r: False} if r else {}))
        rows.append((name, len(text.encode()) / 1024, t_clean, t_match, t_toggle))
    for name, kb, c, m, t in rows:
        print(f"{name:40} {kb:7.1f} {c:9.2f} {m:9.2f} {t:9.3f}")
    corpus_rows = rows[: len(per_mb)]
    if corpus_rows:
        print(
            f"\ncorpus: median clean {statistics.median(r[2] for r in corpus_rows):.2f} ms/case, "
            f"median {statistics.median(per_mb):.1f} ms/MB; "
            f"median toggle {statistics.median(r[4] for r in corpus_rows):.3f} ms"
        )


if __name__ == "__main__":
    Path(".").resolve()
    main()

"""Library scale benchmark (a script, not a test): 100,000 synthetic ~5 KB postings.

    uv run python tests/benchmarks/bench_library.py            # 100k, in a temp dir
    uv run python tests/benchmarks/bench_library.py --n 5000 --dir /tmp/lib --keep

Measures and prints:

* bulk import rate through ``Library.add_many`` (duplicate + near-duplicate checks, FTS,
  tags: everything a save does except cleaning), batches of 500;
* the full folder import (files on disk → ingest → clean → save) on a sample of files;
* opening the library view: open + ``count("")`` + first page of 100 rows (several
  sort orders), in a fresh process;
* search: ``count(q)`` + first page for a mix of queries, p50 / p95 / max;
* RSS of a process that opened the library, paged and searched; database size.

Targets (issue 4): open view < 1 s, search p95 < 50 ms, RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jobdesk.storage.library import Library, NewPosting  # noqa: E402

SYLLABLES = (
    "ka ri to ne sa mi lo ve du pa ga shi ren tor lin mar bel cor dan fi "
    "gu ho jal kel mon nur ost pra quin ros sel tam ux vin wel xan yor zed"
).split()
TECH = (
    "python rust golang java kotlin swift typescript react kubernetes terraform aws gcp "
    "azure postgres kafka spark airflow docker linux security compliance data platform "
    "backend frontend mobile embedded firmware ml llm analytics sre devops design "
    "product marketing sales finance legal operations support recruiting"
).split()
ROLES = (
    "Engineer Developer Scientist Analyst Manager Designer Architect Lead Director "
    "Specialist Consultant Administrator Researcher Coordinator"
).split()
LEVELS = ("Junior", "", "", "Senior", "Staff", "Principal", "Lead")
CITIES = (
    "Berlin",
    "London",
    "Austin, TX",
    "Toronto",
    "Remote",
    "Lisbon",
    "Zurich",
    "New York, NY",
    "San Francisco, CA",
    "Sydney",
    "Bangalore",
    "Warsaw",
    "Paris",
)
STATUSES = ("saved", "saved", "saved", "applied", "interviewing", "rejected", "archived")
TAGS = ("remote", "dream", "visa", "contract", "referral", "fintech", "climate")


def make_vocab(rng: random.Random, n: int = 6000) -> list[str]:
    words = set(TECH)
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_posting(
    i: int, rng: random.Random, vocab: list[str], weights: list[float], companies: list[str]
) -> NewPosting:
    level = rng.choice(LEVELS)
    tech = rng.choice(TECH).capitalize()
    title = " ".join(x for x in (level, tech, rng.choice(ROLES)) if x)
    company = rng.choice(companies)
    city = rng.choice(CITIES)
    pay = f"${rng.randint(60, 250)}k–${rng.randint(251, 400)}k"
    lines = [title, f"{company} · {city}", pay, "", "About the job", ""]
    size = 0
    while size < 5000:
        if rng.random() < 0.3:
            lines.append("")
            lines.append(
                rng.choice(
                    ("Responsibilities", "Requirements", "Benefits", "About us", "Nice to have")
                )
            )
        if rng.random() < 0.5:
            words = rng.choices(vocab, cum_weights=weights, k=rng.randint(4, 12))
            lines.append("• " + " ".join(words).capitalize())
        else:
            words = rng.choices(vocab, cum_weights=weights, k=rng.randint(15, 40))
            lines.append(" ".join(words).capitalize() + ".")
        size += len(lines[-1]) + 1
    lines.append(f"Reference {i:06d}")
    cleaned = "\n".join(lines)
    return NewPosting(
        cleaned=cleaned,
        source=cleaned,
        raw=cleaned,
        rules=["generic.apply-button", "whitespace.blank-lines"],
        site=rng.choice(("linkedin", "indeed", "greenhouse", "")),
        url=f"https://example.com/jobs/{i}",
        fields={"title": title, "company": company, "location": city, "pay": pay},
        tags=rng.sample(TAGS, rng.randint(0, 2)),
        status=rng.choice(STATUSES),
    )


def rss_mb() -> tuple[float, float]:
    cur = peak = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return cur, peak


def reader_process(db: str, queries: list[str]) -> dict[str, object]:
    """Run in a fresh process: open the view, page, search; timings and RSS."""
    out: dict[str, object] = {}
    t = time.perf_counter()
    lib = Library.open(db)
    n = lib.count("")
    rows = lib.page("", 0, 100, sort="created")
    out["open_first_page_s"] = time.perf_counter() - t
    assert n and len(rows) == 100
    for sort in ("title", "company", "status"):
        t = time.perf_counter()
        lib.count("")
        lib.page("", 0, 100, sort=sort)
        out[f"first_page_{sort}_s"] = time.perf_counter() - t
    t = time.perf_counter()
    ids = lib.ids("")
    out["ids_all_s"] = time.perf_counter() - t
    t = time.perf_counter()
    lib.rows(ids[50_000:50_100] if len(ids) > 50_100 else ids[:100])
    out["rows_window_s"] = time.perf_counter() - t
    t = time.perf_counter()
    lib.page("", max(0, n - 100), 100)
    out["last_page_offset_s"] = time.perf_counter() - t
    # every query as the window runs it on each keystroke: count + first page
    for mode, sort in (("search", "created"), ("search_rel", "relevance")):
        times: list[float] = []
        by_query: dict[str, float] = {}
        for q in queries:
            t = time.perf_counter()
            lib.count(q)
            lib.page(q, 0, 100, sort=sort)
            dt = time.perf_counter() - t
            times.append(dt)
            by_query[q] = max(by_query.get(q, 0.0), dt)
        times.sort()
        out[f"{mode}_n"] = len(times)
        out[f"{mode}_p50_ms"] = statistics.median(times) * 1000
        out[f"{mode}_p95_ms"] = times[int(0.95 * (len(times) - 1))] * 1000
        out[f"{mode}_max_ms"] = times[-1] * 1000
        out[f"{mode}_slowest"] = sorted(by_query.items(), key=lambda kv: -kv[1])[:5]
    cur, peak = rss_mb()
    out["rss_mb"] = cur
    out["rss_peak_mb"] = peak
    lib.close()
    return out


def _import(
    args: argparse.Namespace,
    db: Path,
    base: Path,
    rng: random.Random,
    vocab: list[str],
    weights: list[float],
    companies: list[str],
    results: dict[str, object],
) -> None:
    """The bulk API import, the repost checks and the folder import."""
    # ---- bulk import through the API
    lib = Library.open(db)
    t0 = time.perf_counter()
    gen_time = 0.0
    saved = flagged = 0
    total_chars = 0
    for start in range(0, args.n, args.batch):
        g = time.perf_counter()
        batch = [
            make_posting(i, rng, vocab, weights, companies)
            for i in range(start, min(args.n, start + args.batch))
        ]
        gen_time += time.perf_counter() - g
        total_chars += sum(len(p.cleaned) for p in batch)
        for r in lib.add_many(batch):
            saved += r.saved
            flagged += bool(r.similar_to)
        if (start // args.batch) % 20 == 0:
            el = time.perf_counter() - t0 - gen_time
            print(
                f"  {start + len(batch):>7} saved  {(start + len(batch)) / el:7.0f}/s",
                file=sys.stderr,
                flush=True,
            )
    import_s = time.perf_counter() - t0 - gen_time
    results["import_s"] = import_s
    results["import_rate"] = saved / import_s
    results["saved"] = saved
    results["flagged_near_dup"] = flagged
    results["avg_posting_kb"] = total_chars / args.n / 1000
    t = time.perf_counter()
    lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    results["checkpoint_s"] = time.perf_counter() - t
    # a repost of an existing posting must still be caught at this size
    old = lib.get(args.n // 2)
    assert old is not None
    repost = NewPosting(cleaned="Posted 2 days ago\n" + old.cleaned)
    t = time.perf_counter()
    r = lib.add(repost)
    results["save_one_with_dup_check_ms"] = (time.perf_counter() - t) * 1000
    results["repost_flagged"] = bool(r.similar_to and r.similar_to[0][0].id == old.id)
    t = time.perf_counter()
    r2 = lib.add(NewPosting(cleaned=old.cleaned.upper()))
    results["exact_dup_detected"] = r2.duplicate is not None and r2.duplicate.id == old.id
    results["save_exact_dup_ms"] = (time.perf_counter() - t) * 1000
    lib.close()
    results["db_mb"] = (
        sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())
        / 1e6
    )
    results["text_mb"] = total_chars * 3 / 1e6  # raw + source + cleaned (ASCII)

    # ---- full folder import (ingest + clean + save) on a sample of files
    folder = base / "files"
    folder.mkdir(exist_ok=True)
    frng = random.Random(7)
    for i in range(args.files):
        p = make_posting(10_000_000 + i, frng, vocab, weights, companies)
        (folder / f"posting-{i:05d}.txt").write_text(
            "Skip to main content\nSign in\n" + p.cleaned + "\nSimilar jobs\nMore jobs\n",
            encoding="utf-8",
        )
    from jobdesk.core.engine import default_cleaner
    from jobdesk.storage.importer import import_paths

    default_cleaner()  # rule loading is a one-off, not part of the rate
    fdb = base / "folder.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(fdb) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    rep = import_paths(fdb, [folder], batch_size=50)
    folder_s = time.perf_counter() - t
    results["folder_files"] = args.files
    results["folder_rate"] = len(rep.saved) / folder_s
    shutil.rmtree(folder)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dir", type=Path)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--files", type=int, default=1000, help="files for the folder-import run")
    ap.add_argument("--reader", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument(
        "--reuse", action="store_true", help="measure the library already in --dir (no import)"
    )
    args = ap.parse_args()
    if args.reader:
        print(json.dumps(reader_process(args.reader[0], json.loads(args.reader[1]))))
        return 0

    base = args.dir or Path(tempfile.mkdtemp(prefix="jobdesk-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    db = base / "library.sqlite3"
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    rng = random.Random(42)
    vocab = make_vocab(rng)
    weights = list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(len(vocab))))
    rng.shuffle(vocab)
    companies = [
        "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        + " "
        + rng.choice(("Inc", "GmbH", "Labs", "Ltd", "AG", "Systems", "Health"))
        for _ in range(5000)
    ]
    results: dict[str, object] = {"postings": args.n}

    if not args.reuse:
        _import(args, db, base, rng, vocab, weights, companies, results)

    # ---- the view and search in a fresh process
    qrng = random.Random(9)
    common = [w for w in vocab[:50]]
    queries: list[str] = []
    for _ in range(40):
        queries += [
            qrng.choice(TECH),
            f"{qrng.choice(TECH)} {qrng.choice(ROLES).lower()}",
            qrng.choice(vocab)[:3] + "*",
            f'"{qrng.choice(common)} {qrng.choice(common)}"',
            f"company:{qrng.choice(companies).split()[0]}",
            f"{qrng.choice(TECH)} status:applied tag:remote",
            qrng.choice(vocab),
            f"{qrng.choice(ROLES).lower()} -{qrng.choice(TECH)}",
        ]
    proc = subprocess.run(
        [sys.executable, __file__, "--reader", str(db), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
    )
    results.update(json.loads(proc.stdout))
    results["bench_process_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    r = results
    if "db_mb" not in r:
        r["db_mb"] = (
            sum(
                Path(str(db) + x).stat().st_size for x in ("", "-wal") if Path(str(db) + x).exists()
            )
            / 1e6
        )
    rows: list[tuple[str, Callable[[], str]]] = [
        ("postings", lambda: f"{r['postings']:,} (~{r['avg_posting_kb']:.1f} KB cleaned each)"),
        ("bulk import (API, batches of 500)",
         lambda: f"{r['import_rate']:,.0f} postings/s ({r['import_s']:.0f} s)"),
        ("folder import (ingest+clean+save)",
         lambda: f"{r['folder_rate']:,.0f} files/s ({r['folder_files']} files)"),
        ("open + count + first page (saved)", lambda: f"{r['open_first_page_s'] * 1000:.0f} ms"),
        ("first page sorted by title", lambda: f"{r['first_page_title_s'] * 1000:.0f} ms"),
        ("first page sorted by company", lambda: f"{r['first_page_company_s'] * 1000:.0f} ms"),
        ("first page sorted by status", lambda: f"{r['first_page_status_s'] * 1000:.0f} ms"),
        ("all ids (lazy model)", lambda: f"{r['ids_all_s'] * 1000:.0f} ms"),
        ("rows for a 100-row window", lambda: f"{r['rows_window_s'] * 1000:.1f} ms"),
        ("last page by OFFSET", lambda: f"{r['last_page_offset_s'] * 1000:.0f} ms"),
        (f"search, newest first ({r.get('search_n')} queries)",
         lambda: f"p50 {r['search_p50_ms']:.1f} ms · p95 {r['search_p95_ms']:.1f} ms · "
         f"max {r['search_max_ms']:.1f} ms"),
        ("search, by relevance",
         lambda: f"p50 {r['search_rel_p50_ms']:.1f} ms · p95 {r['search_rel_p95_ms']:.1f} ms · "
         f"max {r['search_rel_max_ms']:.1f} ms"),
        ("save one (dup + near-dup check)",
         lambda: f"{r['save_one_with_dup_check_ms']:.1f} ms; repost flagged: "
         f"{r['repost_flagged']}; exact dup: {r['exact_dup_detected']}"),
        ("RSS after open/page/search",
         lambda: f"{r['rss_mb']:.0f} MB (peak {r['rss_peak_mb']:.0f} MB)"),
        ("database size", lambda: f"{r['db_mb']:.0f} MB"
         + (f" (texts {r['text_mb']:.0f} MB)" if "text_mb" in r else "")),
    ]  # fmt: skip
    table = []
    for label, value in rows:
        try:
            table.append((label, value()))
        except KeyError:
            continue
    w = max(len(k) for k, _ in table)
    print()
    for k, v in table:
        print(f"{k:<{w}}  {v}")
    for mode in ("search", "search_rel"):
        slow = r.get(f"{mode}_slowest") or []
        print(f"slowest ({mode}):", ", ".join(f"{q!r} {t * 1000:.0f} ms" for q, t in slow))  # type: ignore[union-attr]
    print(json.dumps(results, default=str), file=sys.stderr)
    if not args.keep and args.dir is None:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("JOBDESK_CONFIG_DIR", tempfile.mkdtemp(prefix="jobdesk-bench-cfg-"))
    sys.exit(main())

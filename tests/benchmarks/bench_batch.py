"""Batch cleaning at corpus scale (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_batch                      # 20,000 postings
    uv run python -m tests.benchmarks.bench_batch --csv jobs.csv --column description
    uv run python -m tests.benchmarks.bench_batch --n 2000 --no-dask   # a quick look

The postings (``--n``, default 20,000) are text, cycled from two sources:

* real descriptions: the hand-cleaned gold texts of ``../shared/corpus`` and, with
  ``--csv``, the rows of a public dataset of job ads (e.g. the EMSCAD
  ``fake_job_postings.csv``: its description, requirements and benefits columns joined,
  ``--column`` naming the first);
* pastes built from them: each description inside page noise of the kinds NOISE.md lists
  (a site header, Apply / Save / Share buttons, an applicant count and age, a cookie
  banner, a "similar jobs" list, a footer), varied per posting; and the corpus's own raw
  text pastes as they are.

They are written once to a JSONL file and cleaned by :func:`jobdesk.batch.run` (ingest,
clean, facts, the JSONL record written), as ``jobdesk clean FILE.jsonl --out OUT.jsonl``
does:

* on 1 core (``jobs=1``, in this process);
* on every core (``jobs=os.cpu_count()``: a pool of worker processes);
* on a local Dask cluster (``distributed.LocalCluster``, one single-threaded worker
  process per core) with :func:`jobdesk.batch.clean_bag` (skipped without the extra).

Reported for each: wall seconds, postings/s, CPU seconds (this process and its workers)
and postings per CPU-second, the scaling (postings/s on N cores ÷ on 1, ÷ N), the CPU
efficiency (postings per CPU-second on N cores ÷ on 1: what the parallel run costs in
CPU beyond the work itself; on idle cores the scaling approaches it), and the peak
resident memory of a worker. Also the 1-core run without the facts. The machine's
load is printed: on a shared machine the wall-time scaling says little, CPU time more.

``--against NAME=TREE …`` (with ``--rounds``) times only the 1-core run with the facts,
this tree and each other checkout (with its own ``.venv``) in processes of their own,
alternating round after round on the same JSONL file, and prints the medians of
postings per CPU-second side by side.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jobdesk import batch

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "cases"

HEADERS = (
    "Skip to main content\nHome\nFind jobs\nCompany reviews\nFind salaries\nSign in\n",
    "Jobs\nPeople\nLearning\nJoin now\nSign in\n",
    "Menu\nSearch jobs\nPost a job\nLog in\n",
)
TOP = (
    "{title}\nApply\nSave\nShare\n{n} applicants\n{d} days ago\n",
    "{title}\nEasy Apply\nSave job\nPosted {d} days ago · Over {n} applicants\n",
    "{title}\nApply now\nReport this job\nBe among the first {n} applicants\n",
)
COOKIES = (
    "We use cookies to improve your experience. By using this site you agree to our "
    "Cookie Policy.\nAccept all cookies\nReject\n",
    "This site uses cookies. Manage preferences\nAccept\n",
    "",
)
SIMILAR = (
    "Similar jobs\n{t1}\n{c1} · {p1}\n{d} days ago\n{t2}\n{c2} · {p2}\n1 week ago\n"
    "Show more jobs like this\n",
    "People also viewed\n{t1}\n{c1}\n{t2}\n{c2}\nSee more jobs\n",
    "",
)
FOOTERS = (
    "© 2025 Jobs Inc. About Accessibility User Agreement Privacy Policy Cookie Policy\n",
    "About us\nCareers\nHelp Center\nTerms of Service\nPrivacy\n© 2024 All rights reserved\n",
    "Privacy · Terms · Sitemap\n",
)
TITLES = ("Data Engineer", "Sales Associate", "Registered Nurse", "Account Manager",
          "Software Developer", "Warehouse Supervisor", "Marketing Coordinator")  # fmt: skip
PLACES = ("Austin, TX", "London", "Berlin", "Remote", "Toronto, ON", "Sydney NSW")


def descriptions(csv_path: Path | None, column: str) -> list[tuple[str, str]]:
    """(title, text) of every real description: the corpus golds, the CSV's rows."""
    out: list[tuple[str, str]] = []
    for gold in sorted(CORPUS.glob("*.gold.txt")):
        text = gold.read_text("utf-8")
        if text.strip():
            out.append((text.strip().splitlines()[0][:80], text))
    if csv_path is not None:
        csv.field_size_limit(50_000_000)
        with open(csv_path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                parts = [row.get(column) or ""]
                parts += [row.get(k) or "" for k in ("requirements", "benefits") if k != column]
                text = "\n\n".join(p.strip() for p in parts if p.strip())
                if len(text) >= 200:
                    out.append(((row.get("title") or "Job").strip()[:80], text))
    return out


def raw_pastes() -> list[str]:
    return [p.read_text("utf-8") for p in sorted(CORPUS.glob("*.raw.txt"))]


def postings(n: int, descs: list[tuple[str, str]], raws: list[str]) -> Iterator[str]:
    rng = random.Random(15)
    for i in range(n):
        kind = i % 3
        if kind == 2 and raws:
            yield raws[(i // 3) % len(raws)]
            continue
        title, text = descs[i % len(descs)]
        if kind == 0:
            yield text
            continue
        fill = {
            "title": title,
            "n": rng.randint(2, 400),
            "d": rng.randint(1, 30),
            "t1": rng.choice(TITLES),
            "t2": rng.choice(TITLES),
            "c1": f"Company {rng.randint(1, 999)}",
            "c2": f"Company {rng.randint(1, 999)}",
            "p1": rng.choice(PLACES),
            "p2": rng.choice(PLACES),
        }
        parts = [
            rng.choice(HEADERS),
            rng.choice(COOKIES),
            rng.choice(TOP).format(**fill),
            text,
            rng.choice(SIMILAR).format(**fill),
            rng.choice(FOOTERS),
        ]
        yield "\n".join(p for p in parts if p)


def run_local(src: Path, jobs: int, facts: bool = True) -> dict[str, Any]:
    options = batch.BatchOptions(facts=facts)
    batch.prepare(options)  # (the rules loaded before the clock starts, as in a worker)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        t0, c0 = time.perf_counter(), time.process_time()
        summary = batch.run(batch.read_records(src), batch.JsonlSink(out), options, jobs=jobs)
        wall, own = time.perf_counter() - t0, time.process_time() - c0
        size = out.stat().st_size
    assert not summary.failures, summary.failures[:3]
    return {
        "postings": summary.postings,
        "wall": wall,
        # jobs=1: all of this process's CPU time; a pool: the workers' time cleaning
        # their chunks plus this process's (reading, writing, sending, receiving)
        "cpu": own if jobs <= 1 else own + summary.cpu_seconds,
        "out_bytes": size,
        "bytes_in": summary.bytes_in,
        "rss": max(summary.workers.values(), default=0),
        "own": own,
    }


def warm() -> None:
    batch.prepare(batch.BatchOptions())


def run_dask(src: Path, workers: int) -> dict[str, Any]:
    import dask.bag as db
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,
        ) as cluster,
        Client(cluster) as client,
    ):

        def usage() -> tuple[float, int]:
            import psutil

            p = psutil.Process()
            t = p.cpu_times()
            return t.user + t.system, p.memory_info().rss

        # warm-up: each worker builds its rule set (as the pool's initializer does)
        client.run(warm)
        before = client.run(usage)
        t0 = time.perf_counter()
        bag = db.read_text(str(src), blocksize=250_000).map(json.loads)
        n = batch.clean_bag(bag).map(json.dumps).count().compute()
        wall = time.perf_counter() - t0
        after = client.run(usage)
    cpu_s = sum(after[w][0] - before[w][0] for w in after)
    return {
        "postings": n,
        "wall": wall,
        "cpu": cpu_s,
        "rss": max(v[1] for v in after.values()),
    }


def _child(src: str) -> None:
    """One 1-core run with the facts (in a process of its own), its numbers on stdout."""
    print(json.dumps({k: v for k, v in run_local(Path(src), 1).items() if k != "rss"}))


def against(src: Path, trees: dict[str, Path], rounds: int) -> None:
    import statistics

    from tests.benchmarks.trees import run_in  # (the parent's; a child may run in an older tree)

    per_cpu: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(rounds):
        for name, tree in trees.items():
            r = json.loads(run_in(tree, __file__, "--child", str(src)).strip().splitlines()[-1])
            per_cpu[name].append(r["postings"] / r["cpu"])
    print(f"1 core with facts, postings per CPU-second, median of {rounds} alternating rounds:")
    for name, got in per_cpu.items():
        runs = ", ".join(f"{x:.0f}" for x in got)
        print(f"| {name} | {statistics.median(got):.0f} | (runs: {runs})")


def row(name: str, r: dict[str, Any], base: dict[str, Any] | None, cores: int) -> str:
    rate = r["postings"] / r["wall"]
    per_cpu = r["postings"] / r["cpu"] if r["cpu"] > 0 else float("nan")
    scale = eff = "—"
    if base:
        scale = f"{rate / (base['postings'] / base['wall']) / cores:.2f}"
        eff = f"{per_cpu / (base['postings'] / base['cpu']):.2f}"
    return (
        f"| {name} | {r['wall']:.1f} | {rate:.0f} | {r['cpu']:.1f} | {per_cpu:.0f} | {scale} "
        f"| {eff} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--csv", type=Path, help="a CSV of real job ads (e.g. EMSCAD)")
    ap.add_argument("--column", default="description")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--against", nargs="*", default=[], metavar="NAME=TREE")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    descs = descriptions(args.csv, args.column)
    raws = raw_pastes()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "postings.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for i, text in enumerate(postings(args.n, descs, raws)):
                f.write(json.dumps({"n": i, "description": text}, ensure_ascii=False) + "\n")
        mb = src.stat().st_size / 1e6
        if args.against:
            trees = {"this": ROOT}
            trees.update((k, Path(v).resolve()) for k, v in (a.split("=", 1) for a in args.against))
            print(f"{args.n} postings, {mb:.1f} MB of JSONL, load {os.getloadavg()[0]:.1f}")
            against(src, trees, args.rounds)
            return 0
        print(
            f"{args.n} postings ({len(descs)} real descriptions, {len(raws)} raw pastes), "
            f"{mb:.1f} MB of JSONL; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
        )
        one = run_local(src, 1)
        one_nofacts = run_local(src, 1, facts=False)
        many = run_local(src, args.jobs)
        print(
            "| run | wall s | postings/s | CPU s | postings / CPU-s "
            "| scaling (wall) | CPU efficiency |"
        )
        print("|---|---|---|---|---|---|---|")
        print(row("1 core", one, None, 1))
        print(row("1 core, no facts", one_nofacts, None, 1))
        print(row(f"{args.jobs} processes (--jobs {args.jobs})", many, one, args.jobs))
        if not args.no_dask:
            try:
                d = run_dask(src, args.jobs)
            except ImportError:
                print("(dask not installed: uv sync --extra dask)")
            else:
                print(row(f"Dask LocalCluster, {args.jobs} workers", d, one, args.jobs))
                print(f"Dask worker RSS after the run: {d['rss'] / 1e6:.0f} MB")
        print(f"pool worker peak RSS: {many['rss'] / 1e6:.0f} MB")
        print(f"the pool's reading and writing process: {many['own']:.1f} CPU s")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(f"this process peak RSS: {own / 1e6:.0f} MB")
        print(
            f"input {one['bytes_in'] / 1e6:.1f} MB of text, output {one['out_bytes'] / 1e6:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

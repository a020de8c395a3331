"""Library import beside the FTS5 floor (a benchmark script, not a test).

    uv run python -m tests.benchmarks.bench_import                        # this tree
    uv run python -m tests.benchmarks.bench_import --against before=/tmp/old-tree --n 2000

``--n`` plain-text postings (synthetic ~5 KB bodies in the page furniture of a job site:
header, buttons, applicant counts, a "similar jobs" list; every body different, so no
exact or near duplicates) are written to a folder once. Then, each in its own process,
the trees alternating round after round (``--rounds``) so a busy machine slows them alike:

* **floor**: each file read as text and inserted into a plain FTS5 table (title, company,
  text) with the library's tokenizer (``unicode61 remove_diacritics 2``, ``prefix='2 3'``),
  in transactions of ``--batch`` postings, with the library's journal settings (WAL,
  ``synchronous = FULL``);
* each tree: ``import_paths`` of the folder into a new library (ingest, clean, facts,
  duplicate and near-duplicate checks, FTS, batches of ``--batch``) — once with the
  facts and once without them (``_fields_of`` returns ``{}``); and its parts measured
  apart: ingest + clean, the facts, and the save (``add_many`` of the cleaned postings,
  facts included, in batches, into a new library).

Reported: postings/s of CPU time (``time.process_time``: one core) and of wall time, the
database's bytes per posting (after a WAL checkpoint), and search — ``count`` + the first
100 rows newest first for a mix of words, prefixes and phrases, what the window runs on
each keystroke — median ms per query; each as a ratio to the floor of the same run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

WORDS = (
    "ka ri to ne sa mi lo ve du pa ga shi ren tor lin mar bel cor dan fi "
    "gu ho jal kel mon nur ost pra quin ros sel tam ux vin wel xan yor zed"
).split()
TECH = (
    "python rust golang java kotlin swift typescript react kubernetes terraform aws gcp "
    "azure postgres kafka spark airflow docker linux security compliance data platform "
    "backend frontend mobile embedded firmware analytics devops design product"
).split()
ROLES = "Engineer Developer Scientist Analyst Manager Designer Architect Lead".split()
LEVELS = ("Junior", "", "", "Senior", "Staff", "Principal")
CITIES = ("Berlin, Germany", "London, England, United Kingdom", "Austin, TX", "Remote",
          "Toronto, ON", "New York, NY", "Lisbon, Portugal", "Warsaw, Poland")  # fmt: skip
HEADINGS = ("Responsibilities", "Requirements", "What you'll do", "Benefits", "About us",
            "Nice to have", "Who you are")  # fmt: skip
QUERIES = ("python", "kubernetes", "engineer", "senior", "ost*", "mar*", "ka*", "terraform",
           "data platform", '"design product"', "rust berlin", "devops", "zed",
           "quin*")  # fmt: skip


def _body(rng: random.Random, vocab: list[str], cum: list[float], size: int) -> list[str]:
    lines: list[str] = []
    n = 0
    while n < size:
        if rng.random() < 0.25:
            lines += ["", rng.choice(HEADINGS)]
        if rng.random() < 0.5:
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(4, 12))
            lines.append("• " + " ".join(words).capitalize())
        else:
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(15, 40))
            lines.append(" ".join(words).capitalize() + ".")
        n += len(lines[-1]) + 1
    return lines


def _title(rng: random.Random) -> str:
    return " ".join(
        x for x in (rng.choice(LEVELS), rng.choice(TECH).title(), rng.choice(ROLES)) if x
    )


def paste(i: int, rng: random.Random, vocab: list[str], cum: list[float]) -> str:
    """One select-all copy of a posting page: a site's furniture around a posting."""
    title, city = _title(rng), rng.choice(CITIES)
    company = "".join(rng.choice(WORDS) for _ in range(3)).capitalize() + " Inc"
    body = _body(rng, vocab, cum, rng.randint(3000, 7000))
    pay = f"${rng.randint(60, 150)},000 - ${rng.randint(151, 250)},000 a year"
    others = [f"{_title(rng)}\n{rng.choice(WORDS).capitalize()} Labs\n{rng.choice(CITIES)}"
              for _ in range(4)]  # fmt: skip
    if i % 2 == 0:
        head = ["Skip to main content", "Home", "My Network", "Jobs", "Messaging",
                "Notifications", "Me", title, company,
                f"{city} · {rng.randint(1, 4)} weeks ago · {rng.randint(20, 300)} applicants",
                "Promoted by hirer · Responses managed off LinkedIn", "Easy Apply", "Save",
                "About the job"]  # fmt: skip
        tail = ["Show more", "Set alert for similar jobs", "Similar jobs", *others]
    else:
        head = ["Skip to main content", "Find jobs", "Company reviews", "Sign in",
                title, f"{company}\n{rng.randint(2, 4)}.{rng.randint(0, 9)} out of 5 stars",
                city, pay, "Apply now", "Full job description"]  # fmt: skip
        tail = [f"Posted {rng.randint(2, 29)} days ago", "Report job",
                "Similar jobs", *others, "© 2026 Indeed"]  # fmt: skip
    return "\n".join([*head, "", *body, "", f"Reference {i:06d}", "", *tail]) + "\n"


def make_folder(folder: Path, n: int) -> int:
    rng = random.Random(13)
    vocab = set(TECH)
    while len(vocab) < 6000:
        vocab.add("".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))))
    words = sorted(vocab)
    rng.shuffle(words)
    cum = list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(len(words))))
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        text = paste(i, rng, words, cum)
        (folder / f"posting-{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


# ----------------------------------------------------------------------------- children


def _size(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())


def _timed(fn: Any) -> tuple[Any, float, float]:
    c, w = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c, time.perf_counter() - w


def child_floor(folder: Path, work: Path, batch: int) -> dict[str, float]:
    from jobdesk.storage.query import parse

    db = work / "floor.sqlite3"
    files = sorted(folder.iterdir())

    def run() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(
            "CREATE VIRTUAL TABLE f USING fts5(title, company, text, "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        for i in range(0, len(files), batch):
            rows = []
            for p in files[i : i + batch]:
                text = p.read_text(encoding="utf-8")
                rows.append((text.split("\n", 1)[0], "", text))
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO f (title, company, text) VALUES (?, ?, ?)", rows)
            conn.execute("COMMIT")
        conn.close()

    _, cpu, wall = _timed(run)
    size = _size(db)
    conn = sqlite3.connect(db, isolation_level=None)
    matches = [parse(q).match for q in QUERIES]

    def search() -> None:
        for m in matches:
            conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (m,)).fetchone()
            conn.execute(
                "SELECT rowid, title, company FROM f WHERE f MATCH ? ORDER BY rowid DESC LIMIT 100",
                (m,),
            ).fetchall()

    search_cpu = _search_cpu(search)
    conn.close()
    return {"cpu": cpu, "wall": wall, "bytes": size, "search": search_cpu}


def _search_cpu(search: Any) -> float:
    """Median CPU seconds per query over several passes of the query mix (one warm-up)."""
    search()
    passes = []
    for _ in range(7):
        _, cpu, _w = _timed(search)
        passes.append(cpu)
    return statistics.median(passes) / len(QUERIES)


def child_tree(folder: Path, work: Path, batch: int) -> dict[str, float]:
    from jobdesk.core.engine import default_cleaner
    from jobdesk.core.ingest import ingest_path
    from jobdesk.storage import library as libmod
    from jobdesk.storage.importer import import_paths

    cleaner = default_cleaner()  # rule loading is a one-off, not part of the rate
    files = sorted(folder.iterdir())
    out: dict[str, float] = {}
    for p in files:  # warm-up: the engine compiles some patterns on their first use
        cleaner.clean(ingest_path(p))
    results, out["clean_cpu"], _w = _timed(lambda: [cleaner.clean(ingest_path(p)) for p in files])
    _, out["facts_cpu"], _w = _timed(lambda: [libmod._fields_of(r) for r in results])
    news = [
        libmod.NewPosting.from_result(r, source_name=p.name)
        for r, p in zip(results, files, strict=True)
    ]
    results.clear()
    with libmod.Library.open(work / "save-only.sqlite3") as lib:

        def save() -> None:
            for i in range(0, len(news), batch):
                lib.add_many(news[i : i + batch], skip_bad=True)

        _, out["save_cpu"], _w = _timed(save)
    news.clear()

    db = work / "library.sqlite3"
    rep, out["cpu"], out["wall"] = _timed(lambda: import_paths(db, [folder], batch_size=batch))
    assert len(rep.saved) == len(files), (len(rep.saved), rep.failed[:3], len(rep.duplicates))
    out["bytes"] = _size(db)

    real = libmod._fields_of
    libmod._fields_of = lambda result: {}  # type: ignore[assignment]
    try:
        db2 = work / "library-nofacts.sqlite3"
        _, out["nofacts_cpu"], out["nofacts_wall"] = _timed(
            lambda: import_paths(db2, [folder], batch_size=batch)
        )
    finally:
        libmod._fields_of = real

    lib = libmod.Library.open(db)

    def search() -> None:
        for q in QUERIES:
            lib.count(q)
            lib.page(q, 0, 100)

    out["search"] = _search_cpu(search)
    lib.close()
    return out


def _run_child(name: str, tree: Path, folder: Path, batch: int) -> dict[str, float]:
    from tests.benchmarks.trees import run_in  # (the parent's; a child may run in an older tree)

    work = Path(tempfile.mkdtemp(prefix="jobdesk-bench-import-"))
    try:
        args = ["--child", name, str(folder), str(work), "--batch", str(batch)]
        return dict(json.loads(run_in(tree, __file__, *args).strip().splitlines()[-1]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ----------------------------------------------------------------------------- report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="postings (files)")
    ap.add_argument("--batch", type=int, default=50, help="postings per transaction")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--against", nargs="*", default=[], metavar="NAME=TREE")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        name, folder, work = args.child
        fn = child_floor if name == "floor" else child_tree
        print(json.dumps(fn(Path(folder), Path(work), args.batch)))
        return
    os.environ.setdefault("JOBDESK_CONFIG_DIR", tempfile.mkdtemp(prefix="jobdesk-bench-cfg-"))
    trees = {
        "this": ROOT,
        **{k: Path(v).resolve() for k, v in (a.split("=", 1) for a in args.against)},
    }
    base = Path(tempfile.mkdtemp(prefix="jobdesk-bench-files-"))
    try:
        folder = base / "files"
        total = make_folder(folder, args.n)
        runs: dict[str, list[dict[str, float]]] = {k: [] for k in ["floor", *trees]}
        for _ in range(args.rounds):
            runs["floor"].append(_run_child("floor", ROOT, folder, args.batch))
            for name, tree in trees.items():
                runs[name].append(_run_child(name, tree, folder, args.batch))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    med = {k: {m: statistics.median(r[m] for r in rs) for m in rs[0]} for k, rs in runs.items()}
    n = args.n
    floor = med["floor"]
    print(f"{n} plain-text postings (~{total / n / 1000:.1f} KB each), batches of "
          f"{args.batch}, median of {args.rounds} round(s); ratios to the FTS5 floor of the "
          "same run")  # fmt: skip
    head = ("what", "floor", *trees)
    rows: list[tuple[str, ...]] = [head]

    def row(label: str, fmt: str, value: Any, ratio: Any, with_floor: bool = True) -> None:
        cells = [label, fmt.format(value(floor)) if with_floor else "—"]
        for name in trees:
            v = value(med[name])
            cells.append(fmt.format(v) + (f" ({ratio(v):.2f}×)" if with_floor else ""))
        rows.append(tuple(cells))

    fr = n / floor["cpu"]
    row("import, postings/s (CPU)", "{:,.0f}", lambda m: n / m["cpu"], lambda v: v / fr)
    row("import without facts, postings/s (CPU)", "{:,.0f}",
        lambda m: n / m.get("nofacts_cpu", m["cpu"]), lambda v: v / fr)  # fmt: skip
    row("import, postings/s (wall)", "{:,.0f}", lambda m: n / m["wall"],
        lambda v: v / (n / floor["wall"]))  # fmt: skip
    row("  of which ingest + clean, ms/posting", "{:.2f}",
        lambda m: m.get("clean_cpu", 0) * 1000 / n, None, False)  # fmt: skip
    row("  of which facts, ms/posting", "{:.2f}",
        lambda m: m.get("facts_cpu", 0) * 1000 / n, None, False)  # fmt: skip
    row("  of which saving (add_many), ms/posting", "{:.2f}",
        lambda m: m.get("save_cpu", 0) * 1000 / n, None, False)  # fmt: skip
    row("database, KB/posting", "{:.1f}", lambda m: m["bytes"] / n / 1000,
        lambda v: v / (floor["bytes"] / n / 1000))  # fmt: skip
    row("search, ms/query (count + first 100)", "{:.2f}", lambda m: m["search"] * 1000,
        lambda v: v / (floor["search"] * 1000))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    print(json.dumps(med), file=sys.stderr)


if __name__ == "__main__":
    main()

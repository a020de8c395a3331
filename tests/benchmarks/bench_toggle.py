"""Benchmark (a script, not a test): rule toggle → both panes re-rendered.

    uv run python tests/benchmarks/bench_toggle.py [--repeat N]

For each input it opens the window offscreen, then switches rules off and on again
through the rules model (what a click on a check box does) and times, per toggle,
``setData`` → ``resolve`` → raw-pane highlights + cleaned-pane text updated → pending
events processed (layout and paint included). Inputs: the largest corpus case (by
source text) and indeed_01 when ``../shared/corpus`` is present, the sample posting,
and a synthetic 1 MB page. Target: under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from jobdesk.core.ingest import ingest_path  # noqa: E402
from jobdesk.core.rules import load_rules  # noqa: E402
from jobdesk.gui.loading import Input, SyncExecutor  # noqa: E402
from jobdesk.gui.resources import sample_posting  # noqa: E402
from jobdesk.gui.window import MainWindow  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cases"


def synthetic_page(target: int = 1_000_000) -> str:
    """About ``target`` characters: the sample posting's noise and content, repeated,
    with numbers varied so lines are not identical."""
    sample = sample_posting()
    base = sample.read_text("utf-8") if sample else "Apply now\nA line of a posting.\n"
    parts = []
    n = 0
    i = 0
    while n < target:
        block = base.replace("Over 100 applicants", f"Over {100 + i} applicants")
        block = block.replace("2 days ago", f"{i % 30 + 1} days ago")
        parts.append(block)
        n += len(block)
        i += 1
    return "".join(parts)[:target]


def largest_corpus_case() -> Path | None:
    if not CORPUS.is_dir():
        return None
    best: tuple[int, Path] | None = None
    for p in CORPUS.glob("*.raw.*"):
        try:
            n = len(ingest_path(p).source)
        except Exception:
            continue
        if best is None or n > best[0]:
            best = (n, p)
    return best[1] if best else None


def bench(app: QApplication, w: MainWindow, label: str, repeat: int) -> None:
    m = w.current_entry.matched if w.current_entry else None
    assert m is not None and w.result is not None
    # The rules with the most hits, plus a whole category.
    by_hits = sorted(m.hits_by_rule, key=lambda r: -len(m.hits_by_rule[r]))[:3]
    model = w.rules_model
    timings: dict[str, list[float]] = {}
    sync_timings: dict[str, list[float]] = {}
    check = Qt.ItemDataRole.CheckStateRole
    targets = [(rid, model.index_for_rule(rid)) for rid in by_hits]
    if targets:
        group = targets[0][1].parent()
        targets.append((f"category:{group.data()}", group))
    for name, idx in targets:
        ts = timings.setdefault(name, [])
        ss = sync_timings.setdefault(name, [])
        for _ in range(repeat):
            for state in (Qt.CheckState.Unchecked, Qt.CheckState.Checked):
                app.processEvents()
                t0 = time.perf_counter()
                model.setData(idx, state, check)
                ss.append((time.perf_counter() - t0) * 1000)
                app.processEvents()
                ts.append((time.perf_counter() - t0) * 1000)
    src = w.result.source
    print(
        f"\n{label}: {len(src):,} chars source, {len(w.result.edits):,} edits, "
        f"{sum(len(h) for h in m.hits_by_rule.values()):,} hits"
    )
    print("  (panes = setData until both panes hold the new result; +paint = after the")
    print("   pending layout/paint events too; median / max in ms)")
    for name, ts in timings.items():
        ss = sync_timings[name]
        hits = len(m.hits_by_rule.get(name, [])) if not name.startswith("category:") else "-"
        print(
            f"  toggle {name:42} hits={hits!s:>6}  panes {statistics.median(ss):6.1f} /"
            f" {max(ss):6.1f}   +paint {statistics.median(ts):6.1f} / {max(ts):6.1f}"
            f"  (n={len(ts)})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic page size")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    rules = load_rules(user_dir=False)
    inputs: list[tuple[str, Input]] = []
    big = largest_corpus_case()
    if big is not None:
        inputs.append((f"largest corpus case ({big.name})", Input(big.name, path=big)))
    indeed = CORPUS / "indeed_01.raw.html"
    if indeed.is_file() and indeed != big:
        inputs.append(
            (
                f"corpus {indeed.name} ({indeed.stat().st_size:,} bytes)",
                Input(indeed.name, path=indeed),
            )
        )
    sample = sample_posting()
    if sample is not None:
        inputs.append(("sample posting", Input(sample.name, path=sample)))
    inputs.append(
        (
            f"synthetic page ({args.size:,} chars)",
            Input("synthetic", text=synthetic_page(args.size), html=False),
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        for label, inp in inputs:
            settings = QSettings(str(Path(tmp) / "b.ini"), QSettings.Format.IniFormat)
            w = MainWindow(rules, settings=settings, executor=SyncExecutor())
            w.resize(1400, 900)
            w.show()
            t0 = time.perf_counter()
            w.load_inputs([inp])
            app.processEvents()
            load_ms = (time.perf_counter() - t0) * 1000
            if w.result is None:
                print(f"{label}: could not load: {w.notice.text()}")
                continue
            print(f"\n{label}: open (ingest + match + first render) {load_ms:,.0f} ms")
            bench(app, w, label, args.repeat)
            w.close()
            w.deleteLater()
            app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())

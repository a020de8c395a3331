"""Benchmark (a script, not a test): what the effect columns and the removals list add to
a rule toggle in the window.

    uv run python -m tests.benchmarks.bench_effect_columns [--repeat N]

Opens the window offscreen with the removals list shown (``--hidden``: not), on the
largest corpus posting
(by source text, when ``../shared/corpus`` is there) and a synthetic 1 MB page, and
switches the rules with the most matches (and their category) off and on through the
rules model, as a click does. Per toggle, in CPU time (``time.process_time``):

* **panes**: ``setData`` until both panes, the diff map and the removals list hold the
  new result (what the user waits for before the text changes);
* **effects**: computing every rule's effect and shadowing (core/effects.py) and
  putting it in the rules panel and the list — done right after the panes, on the next
  turn of the event loop;
* **+paint**: the pending layout and paint events after both.

Medians and maxima in ms, and the ratio effects / panes. To compare with a checkout
without these parts (only "panes" and "+paint" then), run this file with that checkout
first on the path: ``PYTHONPATH=/tmp/before uv run python tests/benchmarks/...``.
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

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from jobdesk.core.rules import load_rules
from jobdesk.gui.loading import Input, SyncExecutor
from jobdesk.gui.window import MainWindow
from tests.benchmarks.bench_toggle import largest_corpus_case, synthetic_page


def bench(app: QApplication, w: MainWindow, label: str, repeat: int) -> None:
    entry = w.current_entry
    m = entry.matched if entry else None
    assert m is not None and w.result is not None
    by_hits = sorted(m.hits_by_rule, key=lambda r: -len(m.hits_by_rule[r]))[:3]
    model = w.rules_model
    targets = [(rid, model.index_for_rule(rid)) for rid in by_hits]
    if targets:
        group = targets[0][1].parent()
        targets.append((f"category:{group.data()}", group))
    check = Qt.ItemDataRole.CheckStateRole
    effects_of = getattr(w.compare, "effects", None)  # None: a checkout without them
    panes: list[float] = []
    effects: list[float] = []
    total: list[float] = []
    for _name, idx in targets:
        for _ in range(repeat):
            for state in (Qt.CheckState.Unchecked, Qt.CheckState.Checked):
                app.processEvents()
                t0 = time.process_time()
                model.setData(idx, state, check)
                t1 = time.process_time()
                if effects_of is not None:
                    effects_of()  # what the zero timer does next
                t2 = time.process_time()
                app.processEvents()
                t3 = time.process_time()
                panes.append((t1 - t0) * 1000)
                effects.append((t2 - t1) * 1000)
                total.append((t3 - t0) * 1000)
    src = w.result.source
    print(
        f"\n{label}: {len(src):,} characters, {len(w.result.edits):,} edits, "
        f"{sum(len(h) for h in m.hits_by_rule.values()):,} matches, "
        f"{len(m.hits_by_rule)} rules with matches; {len(panes)} toggles"
    )
    for name, xs in (("panes", panes), ("effects", effects), ("all + paint", total)):
        print(f"  {name:12} median {statistics.median(xs):7.1f} ms   max {max(xs):7.1f} ms")
    if effects_of is not None:
        ratio = statistics.median(e / p for e, p in zip(effects, panes, strict=True) if p > 0)
        print(f"  effects / panes: median ratio {ratio:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic page size")
    parser.add_argument("--hidden", action="store_true", help="the removals list hidden")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    rules = load_rules(user_dir=False)
    inputs: list[tuple[str, Input]] = []
    big = largest_corpus_case()
    if big is not None:
        inputs.append((f"largest corpus posting ({big.name})", Input(big.name, path=big)))
    inputs.append(
        (
            f"synthetic page ({args.size:,} characters)",
            Input("synthetic", text=synthetic_page(args.size), html=False),
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        for label, inp in inputs:
            settings = QSettings(str(Path(tmp) / "b.ini"), QSettings.Format.IniFormat)
            w = MainWindow(rules, settings=settings, executor=SyncExecutor())
            w.resize(1400, 900)
            shown = getattr(w, "act_removals", None)
            if shown is not None and not args.hidden:
                shown.setChecked(True)
            w.show()
            w.load_inputs([inp])
            app.processEvents()
            if w.result is None:
                print(f"{label}: could not load: {w.notice.text()}")
                continue
            bench(app, w, label, args.repeat)
            w.close()
            w.deleteLater()
            app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())

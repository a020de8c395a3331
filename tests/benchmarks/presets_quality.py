"""Token F1 / precision / recall of each preset (core/presets.py) on the shared corpus and
tests/corpus/extra, site detected and site-blind (a report script, not a test).

    uv run python -m tests.benchmarks.presets_quality

"kept recall" counts only the gold words the input holds and a removal took (the
measure tests/corpus/test_presets.py holds Conservative to: 1.0 in every case).
"""

from __future__ import annotations

import statistics

from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.core.presets import PRESETS
from jobdesk.core.result import Edit, apply_edits
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import score, tokens
from tests.corpus.corpus import cases, extra_cases


def main() -> None:
    rules = load_rules(user_dir=False)
    cleaner = Cleaner(rules)
    print(f"{'corpus':7} {'mode':10} {'preset':13} {'F1':>6} {'P':>6} {'R':>6} "
          f"{'worst kept R':>12} {'cases < 1':>9}")  # fmt: skip
    for corpus, items in (("shared", cases()), ("extra", extra_cases())):
        for site, mode in ((None, "detected"), (NO_SITE, "blind")):
            matched = [(c, cleaner.match(ingest_path(c.raw), site=site)) for c in items]
            for pid, preset in PRESETS.items():
                overrides = preset.overrides(rules.rules)
                f1, p, r, kept = [], [], [], []
                for case, m in matched:
                    gold = case.gold.read_text("utf-8")
                    res = m.resolve(overrides)
                    s = score(res.cleaned, gold)
                    f1.append(s.f1)
                    p.append(s.precision)
                    r.append(s.recall)
                    blanks = [Edit(e.start, e.end, e.rule, e.replacement or " ") for e in res.edits]
                    present = tokens(gold) & tokens(res.source)
                    left = tokens(apply_edits(res.source, blanks))
                    total = sum(present.values())
                    kept.append(sum((present & left).values()) / total if total else 1.0)
                print(
                    f"{corpus:7} {mode:10} {pid:13} {statistics.mean(f1):6.3f} "
                    f"{statistics.mean(p):6.3f} {statistics.mean(r):6.4f} {min(kept):12.4f} "
                    f"{sum(k < 1.0 for k in kept):9d}"
                )


if __name__ == "__main__":
    main()

"""Print the per-case corpus table: ``uv run python -m tests.corpus.report [NAME...]``.

With ``--diff NAME`` it shows which gold tokens were lost and which noise tokens stayed;
with ``--site-blind`` every case is cleaned with the generic packs only (``--site none``),
as a page from a site without a pack would be; ``--extra`` scores the cases of
``tests/corpus/extra`` (sites with no pack) instead of ``../shared/corpus``.
"""

from __future__ import annotations

import statistics
import sys

from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import score, tokens
from tests.corpus.corpus import cases, extra_cases


def main(argv: list[str]) -> None:
    diff = "--diff" in argv
    site = NO_SITE if "--site-blind" in argv else None
    names = [a for a in argv if not a.startswith("--")]
    cleaner = Cleaner(load_rules(user_dir=False))
    rows = []
    for case in extra_cases() if "--extra" in argv else cases():
        if names and case.name not in names:
            continue
        result = cleaner.match(ingest_path(case.raw), site=site).resolve()
        gold = case.gold.read_text("utf-8")
        s = score(result.cleaned, gold)
        rows.append((case.name, s))
        print(
            f"{case.name:40} P={s.precision:6.3f} R={s.recall:6.3f} F1={s.f1:6.3f}",
            f"site={result.site}",
        )
        if diff:
            out, ref = tokens(result.cleaned), tokens(gold)
            lost = ref - out
            extra = out - ref
            print("  LOST :", " ".join(f"{t}x{n}" if n > 1 else t for t, n in lost.most_common(80)))
            print(
                "  EXTRA:", " ".join(f"{t}x{n}" if n > 1 else t for t, n in extra.most_common(80))
            )
    postings = [s for _, s in rows if s.gold_tokens]
    if postings:
        print(
            f"MEAN F1={statistics.mean(s.f1 for s in postings):.4f} "
            f"P={statistics.mean(s.precision for s in postings):.4f} "
            f"R={statistics.mean(s.recall for s in postings):.4f} "
            f"min F1={min(s.f1 for s in postings):.3f} ({len(postings)} postings)"
        )
    empty = [(n, s.output_tokens) for n, s in rows if not s.gold_tokens]
    if empty:
        print("no-posting pages, words left:", ", ".join(f"{n} {k}" for n, k in empty))


if __name__ == "__main__":
    main(sys.argv[1:])

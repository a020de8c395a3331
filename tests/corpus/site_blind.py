"""Corpus scores with every site pack off, beside the normal ones:
``uv run python -m tests.corpus.site_blind [NAME...]``.

"Site-blind" cleans each case with the generic packs only (``site=""``): what a user
gets on a site jobdesk has no pack for. The gap to the normal score is what the site
packs add; a rise of the site-blind score is the generic packs getting better.
"""

from __future__ import annotations

import statistics
import sys

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import Score, score
from tests.corpus.corpus import cases


def main(argv: list[str]) -> None:
    names = [a for a in argv if not a.startswith("--")]
    cleaner = Cleaner(load_rules(user_dir=False))
    rows: list[tuple[str, Score, Score]] = []
    for case in cases():
        if names and case.name not in names:
            continue
        doc = ingest_path(case.raw)
        gold = case.gold.read_text("utf-8")
        normal = score(cleaner.clean(doc).cleaned, gold)
        blind = score(cleaner.match(doc, site="").resolve().cleaned, gold)
        rows.append((case.name, normal, blind))
        print(
            f"{case.name:40} F1={normal.f1:6.3f}  site-blind P={blind.precision:6.3f}"
            f" R={blind.recall:6.3f} F1={blind.f1:6.3f}"
        )
    if rows:
        print(
            f"MEAN F1={statistics.mean(n.f1 for _, n, _ in rows):.4f}"
            f"  site-blind F1={statistics.mean(b.f1 for _, _, b in rows):.4f}"
            f" R={statistics.mean(b.recall for _, _, b in rows):.4f}"
            f" min F1={min(b.f1 for _, _, b in rows):.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])

"""Shared helpers for the corpus tests and the benchmarks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("JOBDESK_CORPUS", ROOT.parent / "shared" / "corpus" / "cases"))


@dataclass(frozen=True)
class Case:
    name: str
    raw: Path
    gold: Path
    fields: Path

    @property
    def is_html(self) -> bool:
        return self.raw.suffix == ".html"


# Real postings collected for issue 9 from sites with no pack (tests/corpus/extra/): kept
# apart, because their first score — taken before any rule was written for them — is the
# honest measure of how the rules generalise.
EXTRA = Path(__file__).resolve().parent / "extra" / "cases"


def cases(folder: Path = CORPUS) -> list[Case]:
    if not folder.is_dir():
        return []
    out = []
    for raw in sorted(folder.glob("*.raw.*")):
        name = raw.name.split(".raw.")[0]
        out.append(Case(name, raw, folder / f"{name}.gold.txt", folder / f"{name}.fields.json"))
    return out


def extra_cases() -> list[Case]:
    return cases(EXTRA)

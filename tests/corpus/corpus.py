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


def cases() -> list[Case]:
    if not CORPUS.is_dir():
        return []
    out = []
    for raw in sorted(CORPUS.glob("*.raw.*")):
        name = raw.name.split(".raw.")[0]
        out.append(Case(name, raw, CORPUS / f"{name}.gold.txt", CORPUS / f"{name}.fields.json"))
    return out

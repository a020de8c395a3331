"""Integrity of the extra corpus in tests/corpus/extra/ (issue 9, item 5).

These checks never run the cleaner: the extra cases are scored blind elsewhere. They only
hold the labelling contract of shared/corpus/LABELING.md: one gold and one fields file per
raw, the seven field keys, a gold that only deletes (every gold line is text the raw shows),
and a provenance row for every case.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import ftfy
import pytest

from jobdesk.core.ingest import ingest_path

EXTRA = Path(__file__).resolve().parent / "extra"
CASES_DIR = EXTRA / "cases"
RAWS = sorted(CASES_DIR.glob("*.raw.*"))
FIELD_KEYS = {
    "title",
    "company",
    "location",
    "pay",
    "employment_type",
    "workplace",
    "sponsorship",
}


def _name(raw: Path) -> str:
    return raw.name.split(".raw.")[0]


def _norm(text: str) -> str:
    """ftfy (mojibake repaired, quotes uncurled), NFKC, whitespace runs collapsed."""
    text = unicodedata.normalize("NFKC", ftfy.fix_text(text))
    return re.sub(r"\s+", " ", text).strip()


def test_the_extra_corpus_is_present() -> None:
    assert len(RAWS) >= 18


@pytest.mark.parametrize("raw", RAWS, ids=_name)
def test_case_has_gold_and_fields(raw: Path) -> None:
    name = _name(raw)
    assert raw.suffix in {".txt", ".html"}
    assert raw.stat().st_size < 1_500_000
    assert (CASES_DIR / f"{name}.gold.txt").is_file()
    fields = json.loads((CASES_DIR / f"{name}.fields.json").read_text("utf-8"))
    assert set(fields) == FIELD_KEYS
    assert all(v is None or (isinstance(v, str) and v.strip()) for v in fields.values())


def test_case_names_are_unique() -> None:
    names = [_name(raw) for raw in RAWS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("raw", RAWS, ids=_name)
def test_gold_only_deletes(raw: Path) -> None:
    """Nothing reworded or added: every gold line occurs in the raw's visible text."""
    visible = _norm(ingest_path(raw).source)
    gold = (CASES_DIR / f"{_name(raw)}.gold.txt").read_text("utf-8")
    missing = [line for line in gold.splitlines() if line.strip() and _norm(line) not in visible]
    assert not missing


@pytest.mark.parametrize("raw", RAWS, ids=_name)
def test_case_has_a_provenance_row(raw: Path) -> None:
    sources = "\n".join(p.read_text("utf-8") for p in sorted(EXTRA.glob("SOURCES-*.md")))
    assert raw.name in sources
